"""Writes for meetings and tasks: each runs in one transaction, as a named user, leaves its
history row, and tells the people concerned (their e-mail goes once it has committed)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from danvan.core.errors import ActionError
from danvan.directives.access import assignable_organizations
from danvan.directives.models import Meeting, Task, TaskUpdate
from danvan.orgs import access
from danvan.orgs.models import Organization, User
from danvan.orgs.notices import notify, users_of
from danvan.orgs.records import as_user, check_writer, save_form
from danvan.orgs.succession import lineage

log = logging.getLogger("danvan.actions")


@transaction.atomic
def record_meeting(form: Any, *, acting_user: User) -> Meeting:
    return save_form(form, acting_user=acting_user)


@transaction.atomic
def save_conclusions(meeting: Meeting, conclusions: str, *, acting_user: User) -> Meeting:
    """The chair's conclusions of a meeting (the earlier text stays in its history)."""
    check_writer(acting_user, meeting.unit)
    meeting.conclusions = conclusions.strip()
    as_user(meeting, acting_user)
    meeting.save(update_fields=["conclusions"])
    log.info("%s saved the conclusions of meeting #%s", acting_user, meeting.pk)
    return meeting


@transaction.atomic
def add_task(task: Task, owners: list[Organization], *, acting_user: User) -> int:
    """Turn a conclusion (a task built, not saved, for its meeting) into a task and tell the
    people of its owners; returns how many were told. The owners must lie within the
    meeting's scope (`assignable_organizations`), whoever calls this."""
    check_writer(acting_user, task.meeting.unit)
    if not owners:
        raise ActionError("Cần chọn ít nhất một cơ quan thực hiện.")
    allowed = set(
        assignable_organizations(task.meeting)
        .filter(pk__in=[o.pk for o in owners])
        .values_list("pk", flat=True)
    )
    if outside := [o.name for o in owners if o.pk not in allowed]:
        raise PermissionDenied(
            f"Hội nghị ở {task.meeting.unit.name} không giao nhiệm vụ cho {', '.join(outside)}: "
            "chỉ giao cho tổ chức của đơn vị này và các đơn vị trực thuộc."
        )
    task.created_by = acting_user
    as_user(task, acting_user)
    task.save()
    task.owners.set(owners)
    log.info("%s gave task #%s to %d organization(s)", acting_user, task.pk, len(owners))
    return notify(
        users_of(owners),
        f"Nhiệm vụ mới từ {task.meeting.title}: {task.title[:200]} (hạn {task.deadline:%d/%m/%Y})",
        reverse("task-detail", args=[task.pk]),
        f"task-assigned-{task.pk}",
    )


def reporting_organizations(task: Task, user: User) -> list[Organization]:
    """The user's organizations that report on the task: its owners, and the successors of an
    owner that has ended (the update is recorded under the organization that did the work)."""
    owners = set(task.owners.values_list("pk", flat=True))
    return [o for o in access.writer_organizations(user) if lineage([o]) & owners]


@transaction.atomic
def post_task_progress(
    task: Task, organization: Organization, percent: int, text: str, *, acting_user: User
) -> TaskUpdate:
    """An owner's report of progress; at 100 % the task is done."""
    if organization not in reporting_organizations(task, acting_user):
        raise PermissionDenied("Chỉ cơ quan được giao mới báo cáo tiến độ nhiệm vụ này.")
    if not text.strip():
        raise ActionError("Cần ghi kết quả thực hiện.")
    if not 0 <= percent <= 100:
        raise ActionError("Tỉ lệ hoàn thành phải từ 0 đến 100%.")
    update = TaskUpdate.objects.create(
        task=task, organization=organization, user=acting_user, percent=percent, text=text.strip()
    )
    if percent == 100 and task.done_on is None:
        task.done_on = timezone.localdate()
        as_user(task, acting_user)
        task.save(update_fields=["done_on"])
    log.info("%s reported %d%% on task #%s", acting_user, percent, task.pk)
    return update

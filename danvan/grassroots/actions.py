"""Writes for grassroots work: each runs in a transaction and leaves its trail (who, when),
and tells the people concerned (`notify`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from danvan.geo.models import AdminUnit
from danvan.grassroots import access
from danvan.grassroots.models import (
    TRANSITIONS,
    Incident,
    IncidentStatus,
    IncidentUpdate,
    Milestone,
    Notification,
    Progress,
    Recommendation,
    RecommendationStatus,
    Task,
    TaskUpdate,
)
from danvan.orgs.models import Organization, Role, User


class GrassrootsError(ValueError):
    """A write refused for a reason the user can act on; the message is in Vietnamese."""


def _writer(user: User, unit: AdminUnit) -> None:
    if not access.can_write_at(user, unit):
        raise PermissionDenied("Bạn không có quyền ghi nhận công việc ở địa bàn này.")


def notify(users: Iterable[User], text: str, url: str, key: str) -> int:
    """One notice per user and event (`key`); e-mailed too when e-mail is configured."""
    made = 0
    for user in {u.pk: u for u in users}.values():
        try:
            with transaction.atomic():
                Notification.objects.create(user=user, text=text, url=url, key=key)
        except IntegrityError:
            continue  # already told
        made += 1
        if settings.EMAIL_HOST and user.email:
            send_mail("[danvan] " + text[:80], f"{text}\n\n{url}", None, [user.email])
    return made


def users_of(organizations: Iterable[Organization]) -> list[User]:
    roles = Role.objects.filter(
        organization__in=list(organizations), active=True, user__is_active=True
    )
    return [role.user for role in roles.select_related("user")]


def users_at(unit: AdminUnit) -> list[User]:
    """The people who work at a unit (its organizations' active roles)."""
    return users_of(Organization.objects.filter(admin_unit=unit))


@transaction.atomic
def record(user: User, form: Any) -> Any:
    """Save a valid record form (session, note, recommendation, meeting) as `user`, at a unit
    the user records for; the form's many-to-many choices with it."""
    row = form.save(commit=False)
    _writer(user, row.unit)
    row.created_by = user
    row.save()
    form.save_m2m()
    for extra in ("incidents", "notes"):  # choices the form adds beyond the model's fields
        if extra in form.cleaned_data and extra not in form.Meta.fields:
            getattr(row, extra).set(form.cleaned_data[extra])
    return row


@transaction.atomic
def file_incident(user: User, organization: Organization, incident: Incident) -> Incident:
    """Record a new incident (built, not saved, by the form) with its first timeline entry."""
    _writer(user, incident.unit)
    incident.created_by = user
    incident.last_update_on = incident.reported_on
    incident.save()
    incident.organizations.add(organization)
    IncidentUpdate.objects.create(
        incident=incident,
        on=incident.reported_on,
        user=user,
        organization=organization,
        text=incident.summary or "Tiếp nhận, nắm tình hình vụ việc.",
        status_to=incident.status,
    )
    return incident


@transaction.atomic
def update_incident(
    user: User,
    incident: Incident,
    text: str,
    *,
    status: str = "",
    on: dt.date | None = None,
    organization: Organization | None = None,
) -> IncidentUpdate:
    """Add to the timeline; a status change must follow `TRANSITIONS`."""
    _writer(user, incident.unit)
    fresh = Incident.objects.select_for_update().get(pk=incident.pk)
    on = on or timezone.localdate()
    if not text.strip():
        raise GrassrootsError("Cần ghi nội dung cập nhật (diễn biến, việc đã làm).")
    if on < fresh.reported_on or on > timezone.localdate():
        raise GrassrootsError(f"Ngày cập nhật phải từ {fresh.reported_on:%d/%m/%Y} đến hôm nay.")
    status_from = ""
    if status and status != fresh.status:
        allowed = TRANSITIONS[IncidentStatus(fresh.status)]
        if status not in allowed:
            names = ", ".join(s.label.lower() for s in allowed)
            raise GrassrootsError(
                f"Vụ việc đang “{IncidentStatus(fresh.status).label.lower()}” chỉ chuyển được "
                f"sang: {names}."
            )
        status_from, fresh.status = fresh.status, status
    fresh.last_update_on = max(fresh.last_update_on, on)
    fresh.save(update_fields=["status", "last_update_on"])
    if organization is not None:
        fresh.organizations.add(organization)
    update = IncidentUpdate.objects.create(
        incident=fresh,
        on=on,
        user=user,
        organization=organization,
        text=text.strip(),
        status_from=status_from,
        status_to=status if status_from else "",
    )
    incident.status, incident.last_update_on = fresh.status, fresh.last_update_on
    return update


@transaction.atomic
def record_progress(
    user: User, milestone: Milestone, unit: AdminUnit, percent: int, note: str
) -> Progress:
    _writer(user, unit)
    if not 0 <= percent <= 100:
        raise GrassrootsError("Tỉ lệ hoàn thành phải từ 0 đến 100%.")
    progress, _ = Progress.objects.update_or_create(
        milestone=milestone,
        unit=unit,
        defaults={
            "percent": percent,
            "note": note.strip(),
            "updated_by": user,
            "updated_at": timezone.now(),
        },
    )
    return progress


@transaction.atomic
def add_task(user: User, meeting_task: Task, owners: list[Organization]) -> Task:
    """Turn a conclusion into a task and tell its owners."""
    _writer(user, meeting_task.meeting.unit)
    if not owners:
        raise GrassrootsError("Cần chọn ít nhất một cơ quan thực hiện.")
    meeting_task.created_by = user
    meeting_task.save()
    meeting_task.owners.set(owners)
    notify(
        users_of(owners),
        f"Nhiệm vụ mới từ {meeting_task.meeting.title}: {meeting_task.title[:200]} "
        f"(hạn {meeting_task.deadline:%d/%m/%Y})",
        reverse("task-detail", args=[meeting_task.pk]),
        f"task-assigned-{meeting_task.pk}",
    )
    return meeting_task


@transaction.atomic
def post_task_progress(
    user: User, task: Task, organization: Organization, percent: int, text: str
) -> TaskUpdate:
    if (
        organization not in access.writer_organizations(user)
        or not task.owners.filter(pk=organization.pk).exists()
    ):
        raise PermissionDenied("Chỉ cơ quan được giao mới báo cáo tiến độ nhiệm vụ này.")
    if not text.strip():
        raise GrassrootsError("Cần ghi kết quả thực hiện.")
    if not 0 <= percent <= 100:
        raise GrassrootsError("Tỉ lệ hoàn thành phải từ 0 đến 100%.")
    update = TaskUpdate.objects.create(
        task=task, organization=organization, user=user, percent=percent, text=text.strip()
    )
    if percent == 100 and task.done_on is None:
        task.done_on = timezone.localdate()
        task.save(update_fields=["done_on"])
    return update


@transaction.atomic
def answer_recommendation(
    user: User, recommendation: Recommendation, answer: str, on: dt.date, status: str
) -> Recommendation:
    _writer(user, recommendation.unit)
    if not answer.strip():
        raise GrassrootsError("Cần ghi nội dung trả lời.")
    if on < recommendation.sent_on:
        raise GrassrootsError(
            f"Ngày trả lời không thể trước ngày gửi ({recommendation.sent_on:%d/%m/%Y})."
        )
    if status not in {RecommendationStatus.ANSWERED, RecommendationStatus.DONE}:
        raise GrassrootsError("Tình trạng sau khi trả lời: đã trả lời, hoặc đã tiếp thu.")
    recommendation.answer, recommendation.answered_on = answer.strip(), on
    recommendation.status = status
    recommendation.save(update_fields=["answer", "answered_on", "status"])
    return recommendation

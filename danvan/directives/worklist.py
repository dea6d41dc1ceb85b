"""The tasks a user's organizations carry (their own, and those of the organizations they
succeeded), for the home page's worklist."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from danvan.core.registry import WorkItem
from danvan.directives.models import Task
from danvan.orgs import access
from danvan.orgs.models import User
from danvan.orgs.succession import lineage


def task_work(user: User, today: dt.date) -> list[WorkItem]:
    owners = lineage(access.writer_organizations(user))
    tasks = (
        Task.objects.filter(owners__in=owners, done_on__isnull=True)
        .distinct()
        .select_related("meeting")
        .order_by("deadline", "pk")[:20]
    )
    return [
        WorkItem(
            "Nhiệm vụ quá hạn" if task.deadline < today else "Nhiệm vụ được giao",
            task.title,
            reverse("task-detail", args=[task.pk]),
            task.deadline,
            task.meeting.title,
            urgent=task.deadline < today,
        )
        for task in tasks
    ]

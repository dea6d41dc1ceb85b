"""The notices a day brings: escalations, and deadlines within `SOON_DAYS`."""

import datetime as dt

from django.urls import reverse

from danvan.grassroots.actions import notify, users_at, users_of
from danvan.grassroots.escalation import standings
from danvan.grassroots.models import OPEN_STATUSES, Incident, Task

SOON_DAYS = 3


def send_due_notices(on: dt.date) -> int:
    sent = 0
    for s in standings(Incident.objects.filter(status__in=OPEN_STATUSES), on):
        url = reverse("incident-detail", args=[s.incident.pk])
        if s.escalated:
            sent += notify(
                users_at(s.level),
                f"Vụ việc “{s.incident.title}” chuyển lên {s.level.name}: {'; '.join(s.reasons)}",
                url,
                f"incident-{s.incident.pk}-level-{s.level.pk}",
            )
        deadline = s.incident.deadline
        if deadline is not None and on <= deadline <= on + dt.timedelta(days=SOON_DAYS):
            sent += notify(
                users_at(s.incident.unit),
                f"Vụ việc “{s.incident.title}” đến hạn giải quyết ngày {deadline:%d/%m/%Y}",
                url,
                f"incident-{s.incident.pk}-due-{deadline.isoformat()}",
            )
    soon = Task.objects.filter(
        done_on__isnull=True, deadline__gte=on, deadline__lte=on + dt.timedelta(days=SOON_DAYS)
    ).prefetch_related("owners")
    for task in soon:
        sent += notify(
            users_of(task.owners.all()),
            f"Nhiệm vụ “{task.title[:150]}” đến hạn ngày {task.deadline:%d/%m/%Y}",
            reverse("task-detail", args=[task.pk]),
            f"task-{task.pk}-due-{task.deadline.isoformat()}",
        )
    return sent

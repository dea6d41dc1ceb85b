"""The notices a day brings about tasks: deadlines within `SOON_DAYS`."""

import datetime as dt

from django.urls import reverse

from danvan.directives.models import Task
from danvan.orgs.notices import notify, users_of

SOON_DAYS = 3


def send_task_notices(on: dt.date) -> int:
    sent = 0
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

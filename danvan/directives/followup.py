"""Following up tasks: an open task is overdue the day after its deadline."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from danvan.directives.models import Task


def overdue_tasks(tasks: QuerySet[Task], on: dt.date) -> QuerySet[Task]:
    return tasks.filter(done_on__isnull=True, deadline__lt=on).order_by("deadline", "pk")


def task_json(task: Task, on: dt.date) -> dict[str, object]:
    return {
        "id": task.pk,
        "title": task.title,
        "unit": task.meeting.unit.code,
        "deadline": task.deadline.isoformat(),
        "level": task.meeting.unit.code,
        "days_overdue": (on - task.deadline).days,
        "owners": [o.name for o in task.owners.all()],
        "meeting": task.meeting.title,
    }

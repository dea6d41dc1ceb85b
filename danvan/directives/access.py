"""The access gate for meetings and tasks: scoped by unit like everything else; a task is seen
where its meeting was held and by the organizations it was given to."""

from __future__ import annotations

from django.db.models import QuerySet

from danvan.directives.models import Meeting, Task
from danvan.orgs import access
from danvan.orgs.access import AnyUser


def meetings_for_user(user: AnyUser) -> QuerySet[Meeting]:
    return Meeting.objects.filter(access.unit_filter(user, "unit"))


def tasks_for_user(user: AnyUser) -> QuerySet[Task]:
    """Tasks of meetings the user sees, and tasks given to organizations the user sees."""
    return Task.objects.filter(
        access.unit_filter(user, "meeting__unit") | access.unit_filter(user, "owners__admin_unit")
    ).distinct()

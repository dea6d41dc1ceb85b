"""The access gate for meetings and tasks: scoped by unit like everything else; a task is seen
where its meeting was held and by the organizations it was given to, and a meeting gives its
tasks only to organizations within its own unit's scope."""

from __future__ import annotations

from django.db.models import QuerySet

from danvan.directives.models import Meeting, Task
from danvan.geo.models import in_force, under_paths
from danvan.orgs import access
from danvan.orgs.access import AnyUser
from danvan.orgs.models import Organization


def meetings_for_user(user: AnyUser) -> QuerySet[Meeting]:
    return Meeting.objects.filter(access.unit_filter(user, "unit"))


def tasks_for_user(user: AnyUser) -> QuerySet[Task]:
    """Tasks of meetings the user sees, and tasks given to organizations the user sees."""
    return Task.objects.filter(
        access.unit_filter(user, "meeting__unit") | access.unit_filter(user, "owners__admin_unit")
    ).distinct()


def assignable_organizations(meeting: Meeting) -> QuerySet[Organization]:
    """The organizations a meeting may give a task to: those of its unit and of every unit
    below it (a province meeting tells the communes' Fronts what to do), at work on the day
    it was held. The meeting's unit and date fix the era: a 2021 province's meeting reaches
    the 2021 communes, today's reaches today's. Whoever records the tasks writes at the
    meeting's unit (the view checks it), so this never leaves that person's scope."""
    return Organization.objects.filter(
        under_paths([meeting.unit.path], "admin_unit"),
        in_force(meeting.held_on),
        in_force(meeting.held_on, "admin_unit"),
    )

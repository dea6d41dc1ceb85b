"""The access gate for grassroots records: scoped by unit like everything else, and a
confidential incident only for the role kinds named on it (and whoever recorded it)."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.http import Http404

from danvan.geo.models import AdminUnit, under_paths
from danvan.grassroots.models import (
    Drive,
    Incident,
    Meeting,
    PropagandaSession,
    Recommendation,
    SituationNote,
    Task,
)
from danvan.orgs import access
from danvan.orgs.access import AnyUser
from danvan.orgs.models import Organization, RoleKind

WRITER_ROLES = {RoleKind.DATA_ENTRY, RoleKind.APPROVER, RoleKind.ADMINISTRATOR}


def writer_organizations(user: AnyUser) -> list[Organization]:
    """Organizations on whose behalf the user records grassroots work."""
    seen: dict[int, Organization] = {}
    for role in access.roles_of(user):
        if role.role in WRITER_ROLES:
            seen.setdefault(role.organization.pk, role.organization)
    return list(seen.values())


def can_write_at(user: AnyUser, unit: AdminUnit) -> bool:
    """Whether the user records for some organization whose scope covers `unit`."""
    return any(
        unit.path.startswith(prefix)
        for role in access.roles_of(user)
        if role.role in WRITER_ROLES
        for prefix in access.role_paths(role)
    )


def incidents_for_user(user: AnyUser) -> QuerySet[Incident]:
    incidents = Incident.objects.filter(access.unit_filter(user, "unit"))
    if user.is_authenticated and user.is_superuser:
        return incidents
    allowed = [Q(confidential=False)]
    if user.is_authenticated:
        allowed.append(Q(created_by=user))
        for role in access.roles_of(user):
            allowed.append(
                under_paths(access.role_paths(role), "unit")
                & Q(visible_to__contains=f",{role.role},")
            )
    return incidents.filter(reduce(or_, allowed))


def get_incident_for_user(user: AnyUser, pk: int) -> Incident:
    """The incident if the user may see it; Http404 otherwise (outsiders learn nothing)."""
    try:
        return incidents_for_user(user).select_related("unit", "category").get(pk=pk)
    except Incident.DoesNotExist:
        raise Http404("Không có vụ việc này.") from None


def sessions_for_user(user: AnyUser) -> QuerySet[PropagandaSession]:
    return PropagandaSession.objects.filter(access.unit_filter(user, "unit"))


def notes_for_user(user: AnyUser) -> QuerySet[SituationNote]:
    return SituationNote.objects.filter(access.unit_filter(user, "unit"))


def recommendations_for_user(user: AnyUser) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(access.unit_filter(user, "unit"))


def drives_for_user(user: AnyUser) -> QuerySet[Drive]:
    """Drives of the user's units, of the units below them and of the units above them (a
    province's election drive is every commune's)."""
    paths = access.scope_paths(user)
    if paths is None:
        return Drive.objects.all()
    ids = [
        pk
        for pk, path in Drive.objects.values_list("pk", "unit__path")
        if any(p.startswith(path) or path.startswith(p) for p in paths)
    ]
    return Drive.objects.filter(pk__in=ids)


def meetings_for_user(user: AnyUser) -> QuerySet[Meeting]:
    return Meeting.objects.filter(access.unit_filter(user, "unit"))


def tasks_for_user(user: AnyUser) -> QuerySet[Task]:
    """Tasks of meetings the user sees, and tasks given to organizations the user sees."""
    return Task.objects.filter(
        access.unit_filter(user, "meeting__unit") | access.unit_filter(user, "owners__admin_unit")
    ).distinct()

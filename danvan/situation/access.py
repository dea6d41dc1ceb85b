"""The access gate for the situation: scoped by unit like everything else, and a confidential
incident only for the role kinds named on it (and whoever recorded it)."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.http import Http404

from danvan.geo.models import under_paths
from danvan.orgs import access
from danvan.orgs.access import AnyUser
from danvan.situation.models import Incident, Recommendation, SituationNote


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


def notes_for_user(user: AnyUser) -> QuerySet[SituationNote]:
    return SituationNote.objects.filter(access.unit_filter(user, "unit"))


def recommendations_for_user(user: AnyUser) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(access.unit_filter(user, "unit"))

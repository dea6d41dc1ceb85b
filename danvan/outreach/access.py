"""The access gate for propaganda sessions and drives: scoped by unit like everything else."""

from __future__ import annotations

from django.db.models import QuerySet

from danvan.orgs import access
from danvan.orgs.access import AnyUser
from danvan.outreach.models import Drive, PropagandaSession


def sessions_for_user(user: AnyUser) -> QuerySet[PropagandaSession]:
    return PropagandaSession.objects.filter(access.unit_filter(user, "unit"))


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

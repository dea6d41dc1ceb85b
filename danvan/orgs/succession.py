"""Organizations across the reorganization: an organization that ended hands its open work
(tasks, incidents, drives, recommendations awaiting an answer) to its successors, whose people
then follow it; what was done stays attributed to whoever did it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from danvan.geo.models import AdminUnit, Succession
from danvan.orgs.models import Organization


def lineage(organizations: Iterable[Organization]) -> set[int]:
    """The pks of these organizations and of every organization they succeeded, however many
    steps back (the 2021 commune front of a commune merged into today's)."""
    found = {o.pk for o in organizations}
    frontier = set(found)
    while frontier:
        older = set(
            Organization.successors.through.objects.filter(
                to_organization_id__in=frontier
            ).values_list("from_organization_id", flat=True)
        )
        frontier = older - found
        found |= frontier
    return found


def heirs(organizations: Iterable[Organization]) -> set[int]:
    """The pks of these organizations and of their successors, however many steps on: whose
    people are told about the organizations' work."""
    found = {o.pk for o in organizations}
    frontier = set(found)
    while frontier:
        newer = set(
            Organization.successors.through.objects.filter(
                from_organization_id__in=frontier
            ).values_list("to_organization_id", flat=True)
        )
        frontier = newer - found
        found |= frontier
    return found


@transaction.atomic
def link_by_units() -> int:
    """Give every ended organization without a successor the organization of the same kind at
    its unit's successor (the default one first, for a split unit) that started after it ended;
    a unit with no successor (an abolished district) hands over to its parent's successor.
    Returns how many links were made; running it again makes none."""
    made = 0
    ended = Organization.objects.filter(valid_to__isnull=False, successors__isnull=True)
    for org in ended.select_related("admin_unit__parent"):
        for unit_id in _successor_units(org.admin_unit):
            heir = (
                Organization.objects.filter(
                    admin_unit_id=unit_id, kind=org.kind, valid_from__gt=org.valid_to
                )
                .order_by("valid_from", "pk")
                .first()
            )
            if heir is not None:
                org.successors.add(heir)
                made += 1
                break
    return made


def _successor_units(unit: AdminUnit | None) -> list[int]:
    while unit is not None:
        found = list(
            Succession.objects.filter(old=unit)
            .order_by("-is_default", "new_id")
            .values_list("new_id", flat=True)
        )
        if found:
            return found
        unit = unit.parent
    return []

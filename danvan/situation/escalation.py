"""Deadlines and escalation, computed for any day (no background job needs to have run).

An open incident with no update for longer than its severity allows (`ESCALATION_DAYS`) rises
one level — commune, then district, then province — and one more for every further such span,
never above the top of its unit's tree. Its level is the unit whose lists it now appears on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from danvan.geo.models import AdminUnit
from danvan.situation.models import ESCALATION_DAYS, OPEN_STATUSES, Incident, Severity


@dataclass
class Standing:
    incident: Incident
    level: AdminUnit
    steps: int
    stale_days: int
    overdue: bool
    reasons: list[str]

    @property
    def escalated(self) -> bool:
        return self.steps > 0

    def as_json(self) -> dict[str, object]:
        incident = self.incident
        return {
            "id": incident.pk,
            "title": incident.title,
            "unit": incident.unit.code,
            "deadline": incident.deadline.isoformat() if incident.deadline else None,
            "level": self.level.code,
            "severity": incident.severity,
            "status": incident.status,
            "escalated": self.escalated,
            "overdue": self.overdue,
            "last_update": incident.last_update_on.isoformat(),
            "reason": "; ".join(self.reasons),
        }


def ancestors(unit: AdminUnit, units: dict[int, AdminUnit]) -> list[AdminUnit]:
    """The unit and those above it, nearest first (`units` holds them by primary key)."""
    ids = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    return [units[pk] for pk in reversed(ids) if pk in units]


def standing(incident: Incident, on: dt.date, units: dict[int, AdminUnit]) -> Standing:
    """Where an incident sits on a day, and why."""
    chain = ancestors(incident.unit, units) or [incident.unit]
    reasons: list[str] = []
    steps, stale = 0, max((on - incident.last_update_on).days, 0)
    overdue = False
    if incident.status in OPEN_STATUSES:
        limit = ESCALATION_DAYS[Severity(incident.severity)]
        steps = min(stale // limit, len(chain) - 1)
        if stale > limit:
            label = Severity(incident.severity).label.lower()
            reasons.append(
                f"{stale} ngày không có cập nhật (vụ việc {label} phải cập nhật trong {limit} ngày)"
            )
        if incident.deadline is not None and incident.deadline < on:
            overdue = True
            reasons.append(f"quá hạn giải quyết {incident.deadline:%d/%m/%Y}")
    return Standing(incident, chain[steps], steps, stale, overdue, reasons)


def units_above(incidents: list[Incident]) -> dict[int, AdminUnit]:
    """Every unit on the paths of the incidents' units, in one query."""
    ids = {int(pk) for i in incidents for pk in i.unit.path.strip("/").split("/") if pk}
    return {u.pk: u for u in AdminUnit.objects.filter(pk__in=ids)}


def standings(incidents: QuerySet[Incident], on: dt.date) -> list[Standing]:
    loaded = list(incidents.select_related("unit", "category"))
    units = units_above(loaded)
    return [standing(incident, on, units) for incident in loaded]


def needing_attention(incidents: QuerySet[Incident], on: dt.date) -> list[Standing]:
    """Open incidents that rose a level or passed their deadline on `on`, most urgent first."""
    found = [s for s in standings(incidents.filter(status__in=OPEN_STATUSES), on) if s.reasons]
    return sorted(found, key=lambda s: (-s.steps, not s.overdue, -s.stale_days))

"""A drive's progress table: one row per commune under a unit, one column per milestone,
key areas first, then those behind (a milestone due and not done), then by name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from danvan.geo.models import AdminUnit, in_force
from danvan.outreach.models import Drive, Milestone, Progress
from danvan.situation.models import KeyArea
from danvan.vi.numbers import format_number


@dataclass
class Row:
    unit: AdminUnit
    key_area: bool
    cells: list[Progress | None]
    due: list[bool]

    @property
    def behind(self) -> bool:
        return any(
            due and (cell is None or not cell.done)
            for due, cell in zip(self.due, self.cells, strict=True)
        )

    @property
    def percents(self) -> list[int]:
        return [cell.percent if cell else 0 for cell in self.cells]


@dataclass
class ProgressTable:
    drive: Drive
    milestones: list[Milestone]
    rows: list[Row] = field(default_factory=list)

    @property
    def units_done(self) -> int:
        return sum(1 for row in self.rows if not row.behind)

    def due_percents(self) -> list[int]:
        """Every commune's percent on each milestone due so far (on all if none is due yet)."""
        due = [i for i, m in enumerate(self.milestones) if self.rows and self.rows[0].due[i]]
        columns = due or list(range(len(self.milestones)))
        return [row.percents[i] for row in self.rows for i in columns]

    @property
    def average(self) -> str:
        """Mean completion of the milestones due so far (all if none is due yet), e.g. "87,5"."""
        mean = pooled_average([self])
        if mean is None:
            return "0"
        return format_number(mean if mean % 1 else int(mean))


def pooled_average(tables: list[ProgressTable]) -> Decimal | None:
    """The mean of the due percents of all the tables together, to 0,1; None when empty."""
    values = [value for table in tables for value in table.due_percents()]
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def progress_table(drive: Drive, unit: AdminUnit, on: dt.date) -> ProgressTable:
    milestones = list(drive.milestones.all())
    communes = list(
        AdminUnit.objects.filter(path__startswith=unit.path, level="commune")
        .filter(in_force(on))
        .order_by("sort_name")
    )
    if unit.level == "commune":
        communes = [unit]
    recorded = {
        (p.milestone_id, p.unit_id): p
        for p in Progress.objects.filter(milestone__drive=drive, unit__in=communes)
    }
    key = set(
        KeyArea.objects.valid_on(on).filter(unit__in=communes).values_list("unit_id", flat=True)
    )
    table = ProgressTable(drive, milestones)
    due = [m.due_on <= on for m in milestones]
    for commune in communes:
        cells = [recorded.get((m.pk, commune.pk)) for m in milestones]
        table.rows.append(Row(commune, commune.pk in key, cells, due))
    table.rows.sort(key=lambda r: (not r.key_area, not r.behind))
    return table

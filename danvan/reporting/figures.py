"""The bloc's figures for a scope and a period, from one function wherever they are shown.

`bloc_figures` is the only way the consolidation page, the report and the briefing documents,
the XLSX annex and the API read a consolidated figure. Each figure says where it comes from:
the units' periodic reports (what the bloc officially reports), and beside it what danvan's own
registers hold for the same scope and period — the welfare ledger, the propaganda sessions, the
drives' milestones, the incidents and recommendations (`core.registry.figure_sources`). The two
measure different things (a commune reports every session it held; only some are recorded one
by one), so where they differ both are shown and the difference is said, never silently chosen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from danvan.core.periods import Period
from danvan.core.registry import figure_sources
from danvan.reporting import consolidation
from danvan.reporting.models import Indicator, ReportForm, ValueType
from danvan.reporting.validation import show

REPORTS_SOURCE = "Báo cáo của các đơn vị"


@dataclass(frozen=True)
class Reading:
    """One source's figure for an indicator: `source` names the register ("Sổ tuyên truyền")."""

    source: str
    value: Decimal


@dataclass
class Figure:
    """An indicator's consolidated figure from the reports (None when nobody reported it),
    and what the registers recorded for it."""

    indicator: Indicator
    value: Decimal | None
    recorded: list[Reading] = field(default_factory=list)

    @property
    def differing(self) -> list[Reading]:
        """The registers' figures that are not the reports' figure."""
        return [r for r in self.recorded if r.value != (self.value or Decimal(0))]

    def comparison(self) -> str:
        """ "Buổi tuyên truyền: 8.027 buổi theo báo cáo của các đơn vị; 585 buổi theo sổ
        tuyên truyền." — "" when the registers agree with the reports or hold nothing."""
        if not self.differing:
            return ""
        unit = self.indicator.unit
        reported = (
            f"{amount(self.value, unit)} theo báo cáo của các đơn vị"
            if self.value is not None
            else "chưa có trong báo cáo của các đơn vị"
        )
        others = "; ".join(
            f"{amount(r.value, unit)} theo {r.source[0].lower()}{r.source[1:]}"
            for r in self.differing
        )
        return f"{self.indicator.name}: {reported}; {others}."


def amount(value: Decimal | None, unit: str) -> str:
    """ "8.027 buổi", "77,72%"; "" for None."""
    if value is None:
        return ""
    if unit == "%":
        return f"{show(value)}%"
    return f"{show(value)} {unit}".strip()


@dataclass
class BlocFigures:
    """The figures of `form`'s indicators for a scope and period, as of `computed_at`."""

    consolidation: consolidation.Consolidation
    figures: dict[str, Figure]
    computed_at: dt.datetime
    approved_only: bool

    def __getitem__(self, code: str) -> Figure:
        return self.figures[code]

    def value(self, code: str) -> Decimal | None:
        figure = self.figures.get(code)
        return figure.value if figure else None

    @property
    def source(self) -> str:
        """Where the figures come from and as of when, for the page and the document."""
        which = "đã phê duyệt" if self.approved_only else "đã gửi và đã phê duyệt"
        return (
            f"Số liệu tổng hợp trực tiếp từ báo cáo {which} của các đơn vị, "
            f"tính lúc {timezone.localtime(self.computed_at):%H:%M} ngày "
            f"{timezone.localtime(self.computed_at):%d/%m/%Y}."
        )

    def comparisons(self) -> list[str]:
        """One sentence per indicator where a register differs from the reports."""
        return [text for f in self.figures.values() if (text := f.comparison())]


def bloc_figures(
    form: ReportForm,
    period: Period,
    paths: list[str],
    *,
    org_kind: str | None = None,
    approved_only: bool = False,
    by_kind: bool = False,
    registers: bool = True,
) -> BlocFigures:
    """The consolidated figures under the unit `paths` in `period`, each with the registers'
    figures for the same scope and period (not when `org_kind` narrows the reports to one kind
    of organization: the registers are not kept by kind; nor with `registers` off, for a
    series over many periods where only the reports' figures are drawn)."""
    result = consolidation.consolidate(
        form, period, paths, org_kind=org_kind, approved_only=approved_only, by_kind=by_kind
    )
    recorded: dict[str, list[Reading]] = {}
    if registers and not org_kind:
        for source in figure_sources:
            if source.in_scope is None:
                continue
            for (code, option), value in source.in_scope(paths, period.start, period.end).items():
                if option is None:
                    recorded.setdefault(code, []).append(Reading(source.name, value))
    figures = {
        indicator.code: Figure(
            indicator,
            result.value(indicator),
            recorded.get(indicator.code, []) if indicator.value_type != ValueType.BOOLEAN else [],
        )
        for indicator in result.indicators
    }
    return BlocFigures(result, figures, timezone.now(), approved_only)

"""The leaders' view of a scope and period: the bloc's key figures beside the previous period
and the same period a year earlier, report completeness, the units below ranked, and the
incidents, recommendations and tasks in the period.

Every figure is read through `reporting.figures.bloc_figures` (the one function the report,
the briefing, the annex and the API use); the field-work counts go through each app's access
gate, so a leader sees the same numbers the lists behind them show.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from danvan.core.periods import Period
from danvan.directives.access import tasks_for_user
from danvan.directives.models import concerning
from danvan.geo.models import AdminUnit, current_paths, in_force, under_paths
from danvan.orgs.models import User
from danvan.reporting import consolidation
from danvan.reporting.figures import BlocFigures, Figure, bloc_figures
from danvan.reporting.models import Aggregation, Indicator, ReportForm
from danvan.reporting.scopes import Scope
from danvan.reporting.structure import structure
from danvan.situation.access import incidents_for_user, recommendations_for_user
from danvan.situation.models import (
    OPEN_STATUSES,
    IncidentStatus,
    RecommendationStatus,
    Severity,
    followed_in,
)
from danvan.vi.numbers import format_number


def year_earlier(period: Period) -> Period:
    return Period.parse(f"{period.year - 1}{period.code[4:]}")


def change(now: Decimal | None, then: Decimal | None) -> str:
    """ "+12,5%", "−3%", "" when either side is missing or the earlier one is zero."""
    if now is None or not then:
        return ""
    percent = ((now - then) * 100 / then).quantize(Decimal("0.1"), ROUND_HALF_UP)
    if percent == 0:
        return "0%"
    sign = "+" if percent > 0 else "−"
    shown = abs(percent)
    return f"{sign}{format_number(int(shown) if shown % 1 == 0 else shown)}%"


@dataclass
class Trend:
    """An indicator's figure now, in the previous period and a year earlier."""

    figure: Figure
    before: Decimal | None
    year_ago: Decimal | None

    @property
    def indicator(self) -> Indicator:
        return self.figure.indicator

    @property
    def change_before(self) -> str:
        return change(self.figure.value, self.before)

    @property
    def change_year(self) -> str:
        return change(self.figure.value, self.year_ago)


@dataclass
class UnitRow:
    """A unit just below: its reports received of expected, and the first key figure."""

    unit: AdminUnit
    expected: int
    received: int
    figure: Decimal | None
    query: str = ""  # the dashboard's address for the unit, with the page's other choices

    @property
    def behind(self) -> bool:
        return self.received < self.expected

    @property
    def share(self) -> int | None:
        """None when nothing is expected of the unit: it is shown as such, not as 100 %."""
        return consolidation.filed_share(self.expected, self.received)


@dataclass
class Overview:
    scope: Scope
    bloc: BlocFigures
    trends: list[Trend]
    completeness: consolidation.Tally
    units: list[UnitRow]
    units_total: int
    # What the unit's own organizations filed (the province's bodies of a province): with the
    # units below, the rows add up to the total.
    own: UnitRow | None
    ranked_by: Indicator | None
    work: Fieldwork
    on: dt.date
    charted: Indicator | None
    history: list[tuple[Period, Decimal | None]]

    @property
    def total_figure(self) -> Decimal | None:
        """The scope's total of the figure the units below are ranked by: their rows and the
        own organizations' row add up to it."""
        return self.bloc.value(self.ranked_by.code) if self.ranked_by else None


@dataclass
class Fieldwork:
    """Counts of the field work in the period, as the lists behind them show it.

    The incidents are those followed in the period (`situation.models.followed_in`, as the
    incident list of the period shows them): `incidents` of them, each breakdown adding up to
    it; `open_incidents` are those among them still open, the open statuses' rows."""

    incidents: int
    incidents_by_severity: list[tuple[str, int]]
    incidents_by_status: list[tuple[str, int]]
    open_incidents: int
    open_statuses: list[str]
    recommendations_answered: int
    recommendations_waiting: int
    tasks_done: int
    tasks_overdue: int


def key_indicators(form: ReportForm) -> list[Indicator]:
    return structure(form).key_indicators()


HISTORY = 6  # periods drawn in the chart over time, the chosen one last
UNITS_SHOWN = 20  # units below drawn and listed, those behind first; the rest behind a link


def overview(
    user: User, scope: Scope, on: dt.date, charted_code: str = "", *, all_units: bool = False
) -> Overview:
    """What the dashboard shows for `scope`, judging overdue work on `on`; `charted_code` names
    the indicator drawn over the last periods (by default the first key figure); the first
    `UNITS_SHOWN` units below unless `all_units`."""
    form, period = scope.form, scope.period
    bloc = bloc_figures(form, period, scope.paths, approved_only=scope.approved_only)
    # Earlier periods in the units of their own time: today's unit with every older unit that
    # went into it (a 2024 quarter of today's province is the old provinces' quarter).
    earlier_paths = current_paths(scope.unit)
    # Only the reports' figures of the earlier periods are shown: the registers are read once.
    before = bloc_figures(
        form,
        period.previous(),
        earlier_paths,
        approved_only=scope.approved_only,
        registers=False,
    )
    year_ago = bloc_figures(
        form,
        year_earlier(period),
        earlier_paths,
        approved_only=scope.approved_only,
        registers=False,
    )
    trends = [
        Trend(bloc[i.code], before.value(i.code), year_ago.value(i.code))
        for i in key_indicators(form)
    ]
    completeness = consolidation.tally(form, period, scope.paths)
    # The units below are ranked by the first figure that adds up (a sum, not a rate).
    ranked_by = next(
        (t.indicator for t in trends if t.indicator.aggregation == Aggregation.SUM), None
    )
    charted = next(
        (t.indicator for t in trends if t.indicator.code == charted_code),
        trends[0].indicator if trends else None,
    )
    units, own = _units_below(scope, completeness, ranked_by)
    return Overview(
        scope=scope,
        bloc=bloc,
        trends=trends,
        completeness=completeness,
        units=units if all_units else units[:UNITS_SHOWN],
        units_total=len(units),
        own=own,
        ranked_by=ranked_by,
        work=_fieldwork(user, scope.paths, period, on),
        on=on,
        charted=charted,
        history=_history(scope, charted, bloc, before, earlier_paths) if charted else [],
    )


def _history(
    scope: Scope,
    indicator: Indicator,
    now: BlocFigures,
    before: BlocFigures,
    earlier_paths: list[str],
) -> list[tuple[Period, Decimal | None]]:
    """The indicator over the last periods, oldest first; the two already read are reused."""
    periods = [scope.period]
    for _ in range(HISTORY - 1):
        periods.insert(0, periods[0].previous())
    values: list[tuple[Period, Decimal | None]] = []
    for period in periods[:-2]:
        earlier = bloc_figures(
            scope.form,
            period,
            earlier_paths,
            approved_only=scope.approved_only,
            registers=False,
        )
        values.append((period, earlier.value(indicator.code)))
    values.append((periods[-2], before.value(indicator.code)))
    values.append((periods[-1], now.value(indicator.code)))
    return values


def _units_below(
    scope: Scope, completeness: consolidation.Tally, first: Indicator | None
) -> tuple[list[UnitRow], UnitRow | None]:
    """The units just below (or, for today's unit read in a period before it existed, the older
    units that went into it), those behind on their reports first, then by the `first` figure;
    and the row of the unit's own organizations (none for the older units, which add up to the
    total by themselves, nor when they had nothing to file and reported nothing)."""
    below = scope.parts or list(
        AdminUnit.objects.filter(parent=scope.unit)
        .filter(in_force(scope.period.end))
        .order_by("sort_name")
    )
    if not below:
        return [], None
    filed = completeness.by_units(below) if scope.parts else completeness.by_unit(below)
    per_unit = consolidation.by_units if scope.parts else consolidation.by_unit
    figures = (
        per_unit(
            scope.form, scope.period, below, approved_only=scope.approved_only, indicators=[first]
        )
        if first
        else {}
    )
    rows = [
        UnitRow(
            unit,
            *filed.get(unit.pk, (0, 0)),
            figures.get(unit.pk, {}).get(first.pk) if first else None,
            scope.query_for(unit),
        )
        for unit in below
    ]
    # Units with nothing to file after those that filed everything.
    rows.sort(key=lambda r: (not r.behind, r.share is None, r.share or 0, -(r.figure or 0)))
    own = None
    if not scope.parts and (scope.unit.pk in filed or scope.unit.pk in figures):
        own = UnitRow(
            scope.unit,
            *filed.get(scope.unit.pk, (0, 0)),
            figures.get(scope.unit.pk, {}).get(first.pk) if first else None,
        )
    return rows, own


def _fieldwork(user: User, paths: list[str], period: Period, on: dt.date) -> Fieldwork:
    incidents = list(
        incidents_for_user(user)
        .filter(under_paths(paths, "unit"), followed_in(period.start, period.end))
        .values_list("severity", "status")
    )
    by_severity = Counter(severity for severity, _ in incidents)
    by_status = Counter(status for _, status in incidents)
    recommendations = recommendations_for_user(user).filter(
        under_paths(paths, "unit"), sent_on__gte=period.start, sent_on__lte=period.end
    )
    waiting = recommendations.filter(status=RecommendationStatus.SENT).count()
    tasks = (
        tasks_for_user(user)
        .filter(concerning(paths), deadline__gte=period.start, deadline__lte=period.end)
        .distinct()
    )
    done = tasks.filter(done_on__isnull=False).count()
    overdue = tasks.filter(done_on__isnull=True, deadline__lt=on).count()
    return Fieldwork(
        incidents=len(incidents),
        incidents_by_severity=[(label, by_severity[code]) for code, label in Severity.choices],
        incidents_by_status=[(label, by_status[code]) for code, label in IncidentStatus.choices],
        open_incidents=sum(by_status[s] for s in OPEN_STATUSES),
        open_statuses=[label for code, label in IncidentStatus.choices if code in OPEN_STATUSES],
        recommendations_answered=recommendations.count() - waiting,
        recommendations_waiting=waiting,
        tasks_done=done,
        tasks_overdue=overdue,
    )

"""Consolidated figures, completeness and compiled narratives, computed live from the reports.

There is no batch rebuild: every answer is one grouped query over the roll-up rows, which the
writes keep up to date in their own transaction (danvan.reporting.rollups) — the province rows
when the scope is whole provinces, else the reporting units' rows — plus one over the raw
values for "last value" indicators when a coarser period is asked of a finer form (the latest
period is each organization's own, which no sum over organizations keeps).

A period is answered with the units of its own time: `--under 66 --period 2021Q1` means the
Đắk Lắk of 2021. With `in_current_units`, `under` is a unit of today and the figures of every
older unit whose default successor lies under it are counted in.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q, QuerySet, Sum

from danvan.core.numbers import json_number
from danvan.core.periods import Period
from danvan.geo.models import AdminUnit, Succession, in_force, outermost, under_paths
from danvan.orgs.models import Organization
from danvan.reporting.models import (
    RECEIVED,
    Aggregation,
    CategoryOption,
    DataValue,
    Grain,
    Indicator,
    Report,
    ReportForm,
    ReportStatus,
    Rollup,
)

ANY = object()


@dataclass
class Cell:
    total: Decimal = Decimal(0)
    count: int = 0
    largest: Decimal | None = None

    def add(self, other: "Cell") -> None:
        self.total += other.total
        self.count += other.count
        if other.largest is not None and (self.largest is None or other.largest > self.largest):
            self.largest = other.largest


@dataclass
class Consolidation:
    """Cells keyed by (indicator id, option id or None, organization kind)."""

    form: ReportForm
    period: Period
    indicators: list[Indicator]
    options: dict[int, list[CategoryOption]]
    cells: dict[tuple[int, int | None, str], Cell] = field(default_factory=dict)

    def value(self, indicator: Indicator, option: Any = ANY, kind: Any = ANY) -> Decimal | None:
        """The figure by the indicator's aggregation; None when nothing was reported."""
        acc = Cell()
        found = False
        for (indicator_id, option_id, org_kind), cell in self.cells.items():
            if indicator_id != indicator.pk:
                continue
            if option is not ANY and option_id != (option.pk if option else None):
                continue
            if kind is not ANY and org_kind != kind:
                continue
            acc.add(cell)
            found = True
        if not found:
            return None
        return aggregate(indicator, acc)

    def as_json(self) -> dict[str, Any]:
        """`{code: total}`; an indicator with a breakdown gives `{"total": …, option: …}`."""
        result: dict[str, Any] = {}
        for indicator in self.indicators:
            total = self.value(indicator)
            if total is None:
                continue
            options = self.options.get(indicator.pk, [])
            if not options:
                result[indicator.code] = json_number(total)
                continue
            nested: dict[str, Any] = {"total": json_number(total)}
            for option in options:
                by_option = self.value(indicator, option)
                if by_option is not None:
                    nested[option.code] = json_number(by_option)
            result[indicator.code] = nested
        return result


def aggregate(indicator: Indicator, cell: Cell) -> Decimal:
    if indicator.aggregation == Aggregation.AVERAGE:
        return (cell.total / cell.count).quantize(Decimal("0.01")) if cell.count else Decimal(0)
    if indicator.aggregation == Aggregation.MAX:
        return cell.largest if cell.largest is not None else Decimal(0)
    return cell.total


def statuses(approved_only: bool) -> tuple[str, ...]:
    return (ReportStatus.APPROVED,) if approved_only else tuple(RECEIVED)


def default_form(period: Period) -> ReportForm:
    """The form to consolidate for a period: the one of the same period type, else the coarsest
    finer one (a year from quarterly reports, a quarter from monthly ones)."""
    forms = [
        f for f in ReportForm.objects.filter(active=True) if f.type.months <= period.type.months
    ]
    if not forms:
        raise ValueError(f"Không có mẫu báo cáo nào tổng hợp được cho kỳ {period.label}.")
    return max(forms, key=lambda f: (f.type.months, -f.pk))


def current_paths(unit: AdminUnit) -> list[str]:
    """Path prefixes whose reports count toward `unit` (a unit of today): its own subtree and
    every older unit whose default successor lies under it, transitively."""
    paths = {unit.path}
    frontier = Q(new__path__startswith=unit.path)
    seen: set[int] = set()
    while True:
        older = list(
            Succession.objects.filter(frontier, is_default=True)
            .exclude(old_id__in=seen)
            .values_list("old_id", "old__path")
        )
        if not older:
            break
        seen.update(old_id for old_id, _ in older)
        paths.update(path for _, path in older)
        frontier = Q(new_id__in=[old_id for old_id, _ in older])
    return outermost(paths)


def report_filter(
    form: ReportForm,
    period: Period,
    paths: list[str],
    *,
    org_kind: str | None = None,
    approved_only: bool = False,
    prefix: str = "",
) -> Q:
    """Reports of `form` inside `period`, under the unit paths, counted in consolidation."""
    q = Q(
        **{
            f"{prefix}form_id": form.pk,
            f"{prefix}period_start__gte": period.start,
            f"{prefix}period_end__lte": period.end,
            f"{prefix}status__in": statuses(approved_only),
        }
    )
    if org_kind:
        q &= Q(**{f"{prefix}org_kind": org_kind})
    return q & under_paths(paths, f"{prefix}unit")


def rollup_rows(
    form: ReportForm,
    period: Period,
    paths: list[str],
    *,
    org_kind: str | None = None,
    approved_only: bool = False,
    per_unit: bool = False,
) -> QuerySet[Rollup]:
    """The roll-up rows that add up to what `report_filter` selects: a province's rows when
    every path is a province's (or the whole country, "/"), else — or when the rows are to be
    told apart by unit below the provinces (`per_unit`) — the reporting units' rows."""
    whole_provinces = not per_unit and all(path.count("/") <= 2 for path in paths)
    rows = Rollup.objects.filter(
        form_id=form.pk,
        grain=Grain.PROVINCE if whole_provinces else Grain.UNIT,
        period_start__gte=period.start,
        period_end__lte=period.end,
        status__in=statuses(approved_only),
    )
    if org_kind:
        rows = rows.filter(org_kind=org_kind)
    return rows.filter(under_paths(paths))


def consolidate(
    form: ReportForm,
    period: Period,
    paths: list[str],
    *,
    org_kind: str | None = None,
    approved_only: bool = False,
    by_kind: bool = False,
) -> Consolidation:
    """Totals of the form's indicators over the reports under `paths` in `period`.

    With `by_kind`, cells are kept per organization kind (for a table by organization);
    without, every cell's kind is "" and only the totals are computed, which is less work.
    """
    items = list(
        form.items.select_related("indicator__category").prefetch_related(
            "indicator__category__options"
        )
    )
    indicators = [item.indicator for item in items]
    options = {ind.pk: [o for o in ind.breakdown() if o] for ind in indicators if ind.category_id}
    result = Consolidation(form, period, indicators, options)
    # Count and maximum only when an indicator's aggregation needs them.
    aggregations = {i.aggregation for i in indicators}
    measures: dict[str, Any] = {"total": Sum("total")}
    if Aggregation.AVERAGE in aggregations:
        measures["count"] = Sum("count")
    if Aggregation.MAX in aggregations:
        measures["largest"] = Max("largest")
    keys = ["indicator_id", "option_id"] + (["org_kind"] if by_kind else [])
    rows = (
        rollup_rows(form, period, paths, org_kind=org_kind, approved_only=approved_only)
        .values(*keys)
        .annotate(**measures)
        .order_by()
    )
    for row in rows:
        key = (row["indicator_id"], row["option_id"], row.get("org_kind", ""))
        result.cells[key] = Cell(row["total"], row.get("count", 0), row.get("largest"))
    last = [i.pk for i in indicators if i.aggregation == Aggregation.LAST]
    if last and len(period.parts(form.type)) > 1:
        where = report_filter(
            form, period, paths, org_kind=org_kind, approved_only=approved_only, prefix="report__"
        )
        _replace_with_latest(
            result, DataValue.objects.filter(where, indicator_id__in=last), by_kind
        )
    return result


def _replace_with_latest(result: Consolidation, values: QuerySet[DataValue], by_kind: bool) -> None:
    """For "last" indicators: each organization's value of its latest period, summed."""
    latest: dict[tuple[int, int, int | None], tuple[dt.date, str, Decimal]] = {}
    rows = values.values_list(
        "report__organization_id",
        "indicator_id",
        "option_id",
        "report__period_start",
        "report__org_kind",
        "value",
    )
    for org_id, indicator_id, option_id, start, kind, value in rows:
        seen = latest.get((org_id, indicator_id, option_id))
        if seen is None or start > seen[0]:
            latest[(org_id, indicator_id, option_id)] = (start, kind, value)
    cells: dict[tuple[int, int | None, str], Cell] = defaultdict(Cell)
    for (_, ind, opt), (_, org_kind, figure) in latest.items():
        cells[(ind, opt, org_kind if by_kind else "")].add(Cell(figure, 1, figure))
    replaced = {ind for _, ind, _ in latest}
    for cell_key in [k for k in result.cells if k[0] in replaced]:
        del result.cells[cell_key]
    result.cells.update(cells)


def unit_finder(units: list[AdminUnit]) -> Callable[[str], int | None]:
    """For units of one level under one parent: a function from any unit path to the id of the
    one of them it lies under (None if none)."""
    depth = units[0].path.count("/") if units else 0
    by_path = {u.path: u.pk for u in units}

    def find(path: str) -> int | None:
        return by_path.get("/".join(path.split("/")[:depth]) + "/")

    return find


def by_unit(
    form: ReportForm,
    period: Period,
    units: list[AdminUnit],
    *,
    approved_only: bool = False,
) -> dict[int, dict[int, Decimal]]:
    """Per unit of `units` (a unit's children): {indicator id: figure}, "sum"-like indicators
    summed, averages averaged, maxima taken. What was reported at the parent unit itself (the
    province-level bodies of a province) is under the parent's id, so that the rows add up to
    the parent's total. One query."""
    if not units:
        return {}
    parent_path = units[0].path.rsplit("/", 2)[0] + "/"
    parent_id = units[0].parent_id
    unit_of = unit_finder(units)
    indicators = {i.pk: i for i in Indicator.objects.filter(form_items__form=form)}
    rows = (
        rollup_rows(
            form,
            period,
            [parent_path],
            approved_only=approved_only,
            per_unit=parent_path != "/",  # the provinces' rows serve a table of provinces
        )
        .values_list("path", "indicator_id")
        .annotate(total=Sum("total"), count=Sum("count"), largest=Max("largest"))
        .order_by()
    )
    cells: dict[int, dict[int, Cell]] = defaultdict(lambda: defaultdict(Cell))
    for path, indicator_id, total, count, largest in rows:
        unit_id = parent_id if path == parent_path else unit_of(path)
        if unit_id is not None:
            cells[unit_id][indicator_id].add(Cell(total, count, largest))
    return {
        unit_id: {i: aggregate(indicators[i], cell) for i, cell in row.items()}
        for unit_id, row in cells.items()
    }


@dataclass
class Expected:
    organization: Organization
    period: Period
    report: Report | None
    due: dt.date

    @property
    def state(self) -> str:
        """on_time, late, returned (sent back, not yet resent) or missing."""
        report = self.report
        if report is None or report.first_submitted_at is None:
            return "missing"
        if report.status == ReportStatus.RETURNED:
            return "returned"
        if report.status == ReportStatus.DRAFT:
            return "missing"
        submitted = report.first_submitted_at.astimezone().date()
        return "on_time" if submitted <= self.due else "late"

    @property
    def state_label(self) -> str:
        if self.report is None:
            return "Chưa lập"
        return {
            "missing": "Đang soạn",
            "returned": "Bị trả lại",
            "on_time": "Đúng hạn",
            "late": "Muộn",
        }[self.state]


@dataclass
class Completeness:
    rows: list[Expected]

    def count(self, state: str) -> int:
        return sum(1 for row in self.rows if row.state == state)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def received(self) -> int:
        return self.count("on_time") + self.count("late")

    def by_unit(self, units: list[AdminUnit]) -> dict[int, tuple[int, int]]:
        """Per unit of `units` (one level, one parent): (expected, received); the parent's
        own organizations under the parent's id."""
        unit_of = unit_finder(units)
        parent = (units[0].path.rsplit("/", 2)[0] + "/", units[0].parent_id) if units else None
        tally: dict[int, tuple[int, int]] = {}
        for row in self.rows:
            path = row.organization.admin_unit.path
            unit_id = parent[1] if parent and path == parent[0] else unit_of(path)
            if unit_id is not None:
                expected, received = tally.get(unit_id, (0, 0))
                tally[unit_id] = (expected + 1, received + (row.state in {"on_time", "late"}))
        return tally

    @property
    def missing_rows(self) -> list[Expected]:
        return [row for row in self.rows if row.state in {"missing", "returned"}]

    def as_json(self) -> dict[str, Any]:
        return {
            "expected": self.expected,
            "received": self.received,
            "on_time": self.count("on_time"),
            "late": self.count("late"),
            "returned": self.count("returned"),
            "missing": self.count("missing"),
        }


def expected_organizations(
    form: ReportForm, at: dt.date, paths: list[str]
) -> QuerySet[Organization]:
    return (
        Organization.objects.filter(under_paths(paths, "admin_unit"), in_force(at))
        .filter(kind__in=form.org_kinds, admin_unit__level__in=form.levels)
        .select_related("admin_unit")
        .order_by("admin_unit__sort_name", "kind", "name")
    )


def completeness(form: ReportForm, period: Period, paths: list[str]) -> Completeness:
    """Who had to file `form` for `period` under `paths`, and who did, on time or late."""
    parts = period.parts(form.type)
    if not parts:
        raise ValueError(
            f"Mẫu «{form.name}» báo cáo theo {form.type.label.lower()}, "
            f"không xét được cho kỳ {period.label}."
        )
    organizations = list(expected_organizations(form, period.end, paths))
    reports = {
        (r.organization_id, r.period): r
        for r in Report.objects.filter(
            form=form, period__in=[p.code for p in parts], organization__in=organizations
        )
    }
    rows = [
        Expected(
            org, part, reports.get((org.pk, part.code)), part.end + dt.timedelta(days=form.due_days)
        )
        for org in organizations
        for part in parts
    ]
    return Completeness(rows)


@dataclass
class Compiled:
    title: str
    code: str
    entries: list[tuple[Report, str]]

    def text(self) -> str:
        """The entries one under another, each under its organization's name, for editing."""
        return "\n\n".join(f"{report.organization.name}:\n{text}" for report, text in self.entries)


def compile_narratives(
    form: ReportForm,
    period: Period,
    paths: list[str],
    *,
    approved_only: bool = False,
    exclude_organization: Organization | None = None,
) -> list[Compiled]:
    """Every counted report's narrative, section by section, one organization under another."""
    reports = (
        Report.objects.filter(report_filter(form, period, paths, approved_only=approved_only))
        .select_related("organization", "unit")
        .order_by("unit__path", "org_kind", "period_start")
    )
    if exclude_organization is not None:
        reports = reports.exclude(organization=exclude_organization)
    loaded = list(reports)
    compiled = []
    for section in form.narratives.all():
        entries = [
            (report, report.narrative.get(section.code, "").strip())
            for report in loaded
            if report.narrative.get(section.code, "").strip()
        ]
        compiled.append(Compiled(section.title, section.code, entries))
    return compiled

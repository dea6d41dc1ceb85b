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
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Case, CharField, Count, Max, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from danvan.core.numbers import json_number
from danvan.core.periods import Period
from danvan.geo.models import AdminUnit, in_force, under_paths
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
from danvan.reporting.structure import structure

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
    _index: dict[int, list[tuple[int | None, str, Cell]]] | None = field(default=None, repr=False)
    _indexed: int = field(default=0, repr=False)

    def value(self, indicator: Indicator, option: Any = ANY, kind: Any = ANY) -> Decimal | None:
        """The figure by the indicator's aggregation; None when nothing was reported."""
        acc = Cell()
        found = False
        for option_id, org_kind, cell in self._by_indicator().get(indicator.pk, ()):
            if option is not ANY and option_id != (option.pk if option else None):
                continue
            if kind is not ANY and org_kind != kind:
                continue
            acc.add(cell)
            found = True
        if not found:
            return None
        return aggregate(indicator, acc)

    def _by_indicator(self) -> dict[int, list[tuple[int | None, str, Cell]]]:
        """The cells by indicator, built once the cells are complete (a page asks for every
        indicator by option and kind: a scan of all cells each time was most of its work)."""
        if self._index is None or self._indexed != len(self.cells):
            index: dict[int, list[tuple[int | None, str, Cell]]] = defaultdict(list)
            for (indicator_id, option_id, org_kind), cell in self.cells.items():
                index[indicator_id].append((option_id, org_kind, cell))
            self._index, self._indexed = index, len(self.cells)
        return self._index

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
    per_province: bool = False,
) -> QuerySet[Rollup]:
    """The roll-up rows that add up to what `report_filter` selects: the country's rows for
    the whole country ("/"), a province's rows when every path is a province's, else the
    reporting units' rows. `per_unit` (rows told apart by unit below the provinces) asks for
    the units' rows, `per_province` (by province) for the provinces' rows."""
    if per_unit:
        grain = Grain.UNIT
    elif paths == ["/"] and not per_province:
        grain = Grain.NATION
    elif all(path.count("/") <= 2 for path in paths):
        grain = Grain.PROVINCE
    else:
        grain = Grain.UNIT
    rows = Rollup.objects.filter(
        form_id=form.pk,
        grain=grain,
        period_start__gte=period.start,
        period_end__lte=period.end,
        status__in=statuses(approved_only),
    )
    if org_kind:
        rows = rows.filter(org_kind=org_kind)
    if grain == Grain.NATION or "/" in paths:
        return rows
    if grain == Grain.PROVINCE:
        # A province's rows carry its own path: an equality the path index answers with a few
        # rows, where a prefix would also match every unit row under the province.
        return rows.filter(path__in=paths)
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
    items = structure(form)
    indicators = list(items.indicators)
    result = Consolidation(form, period, indicators, items.options)
    # Count and maximum only when an indicator's aggregation needs them.
    aggregations = items.aggregations
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
        values = DataValue.objects.filter(where, indicator_id__in=last)
        # Each organization's latest value, read from the raw values: kept like by_unit's.
        latest_key = ("latest", items.revision, tuple(paths), org_kind, approved_only, by_kind)
        cells = memo.get(form, period, latest_key, lambda: _latest_cells(values, by_kind))
        for cell_key in [k for k in result.cells if k[0] in set(last)]:
            del result.cells[cell_key]
        result.cells.update(cells)
    return result


def _latest_cells(
    values: QuerySet[DataValue], by_kind: bool
) -> dict[tuple[int, int | None, str], Cell]:
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
    return dict(cells)


class Memo:
    """Answers read from the roll-up rows, kept in the process while the country's roll-up rows
    of the form and period are unchanged, so that twenty leaders opening the same page do not
    each read the same thousands of rows.

    Every write that changes what counts rewrites the country's rows of its form, period and
    organization kind in its transaction (new ids, always higher), or deletes them when nothing
    is left to count; so the highest id and the number of those rows (one indexed read of at
    most a few thousand rows) change with every committed change, and an answer kept under the
    old pair is never given again. Inside a transaction nothing is kept (it may see what is not
    committed, and SQLite gives a rolled-back id again)."""

    KEPT = 512

    def __init__(self) -> None:
        self.answers: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.lock = threading.Lock()

    def stamp(self, form: ReportForm, period: Period) -> tuple[Any, ...] | None:
        if connection.in_atomic_block:
            return None
        rows = Rollup.objects.filter(
            form_id=form.pk,
            grain=Grain.NATION,
            period_start__gte=period.start,
            period_end__lte=period.end,
        ).aggregate(top=Max("pk"), n=Count("pk"))
        return (connection.alias, rows["top"], rows["n"])

    def get(
        self, form: ReportForm, period: Period, key: tuple[Any, ...], compute: Callable[[], Any]
    ) -> Any:
        stamp = self.stamp(form, period)
        if stamp is None:
            return compute()
        full = (*key, form.pk, period.code, stamp)
        with self.lock:
            if full in self.answers:
                self.answers.move_to_end(full)
                return self.answers[full]
        answer = compute()
        with self.lock:
            self.answers[full] = answer
            while len(self.answers) > self.KEPT:
                self.answers.popitem(last=False)
        return answer

    def clear(self) -> None:
        with self.lock:
            self.answers.clear()


memo = Memo()


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
    indicators: list[Indicator] | None = None,
) -> dict[int, dict[int, Decimal]]:
    """Per unit of `units` (a unit's children): {indicator id: figure}, "sum"-like indicators
    summed, averages averaged, maxima taken; only of `indicators` when given (a page showing
    a few columns reads only their rows). What was reported at the parent unit itself (the
    province-level bodies of a province) is under the parent's id, so that the rows add up to
    the parent's total. One query (two the first time a form is read)."""
    if not units or indicators == []:
        return {}
    items = structure(form)
    known = items.by_pk
    chosen = None if indicators is None else tuple(sorted(i.pk for i in indicators))
    units_key = tuple((u.pk, u.path, u.parent_id) for u in units)
    key = ("by_unit", items.revision, approved_only, chosen, units_key)
    return dict(
        memo.get(
            form,
            period,
            key,
            lambda: _by_unit(form, period, units, known, approved_only, chosen),
        )
    )


def by_units(
    form: ReportForm,
    period: Period,
    units: list[AdminUnit],
    *,
    approved_only: bool = False,
    indicators: list[Indicator] | None = None,
) -> dict[int, dict[int, Decimal]]:
    """Like `by_unit`, for units of one level under any parents (the old wards a ward of today
    took over may have lain in two districts): per unit, its figures only."""
    ids = {u.pk for u in units}
    found: dict[int, dict[int, Decimal]] = {}
    for siblings in _by_parent(units):
        figures = by_unit(
            form, period, siblings, approved_only=approved_only, indicators=indicators
        )
        found.update((pk, row) for pk, row in figures.items() if pk in ids)
    return found


def _by_parent(units: list[AdminUnit]) -> list[list[AdminUnit]]:
    groups: dict[int | None, list[AdminUnit]] = {}
    for unit in units:
        groups.setdefault(unit.parent_id, []).append(unit)
    return list(groups.values())


def _by_unit(
    form: ReportForm,
    period: Period,
    units: list[AdminUnit],
    known: dict[int, Indicator],
    approved_only: bool,
    chosen: tuple[int, ...] | None,
) -> dict[int, dict[int, Decimal]]:
    parent_path = units[0].path.rsplit("/", 2)[0] + "/"
    parent_id = units[0].parent_id
    unit_of = unit_finder(units)
    rows = rollup_rows(
        form,
        period,
        [parent_path],
        approved_only=approved_only,
        # the provinces' rows serve a table of provinces
        per_unit=parent_path != "/",
        per_province=parent_path == "/",
    )
    if chosen is not None:
        rows = rows.filter(indicator_id__in=chosen)
    grouped = (
        rows.values_list("path", "indicator_id")
        .annotate(total=Sum("total"), count=Sum("count"), largest=Max("largest"))
        .order_by()
    )
    cells: dict[int, dict[int, Cell]] = defaultdict(lambda: defaultdict(Cell))
    for path, indicator_id, total, count, largest in grouped:
        unit_id = parent_id if path == parent_path else unit_of(path)
        if unit_id is not None:
            cells[unit_id][indicator_id].add(Cell(total, count, largest))
    return {
        unit_id: {i: aggregate(known[i], cell) for i, cell in row.items() if i in known}
        for unit_id, row in cells.items()
    }


FILED = frozenset({"on_time", "late"})


def filing_state(form: ReportForm, parts: list[Period]) -> Case:
    """A report's state as an SQL expression — the one definition the counts and the list of
    who filed use: on_time, late (first sent after the period's due day, a day in the site's
    time zone), returned (sent back, not yet resent) or missing (never sent, or a draft)."""
    due_by = [
        When(
            period=part.code,
            first_submitted_at__lt=timezone.make_aware(
                dt.datetime.combine(part.end + dt.timedelta(days=form.due_days + 1), dt.time())
            ),
            then=Value("on_time"),
        )
        for part in parts
    ]
    return Case(
        When(first_submitted_at__isnull=True, then=Value("missing")),
        When(status=ReportStatus.RETURNED, then=Value("returned")),
        When(status=ReportStatus.DRAFT, then=Value("missing")),
        *due_by,
        default=Value("late"),
        output_field=CharField(),
    )


@dataclass
class Expected:
    organization: Organization
    period: Period
    report: Report | None
    due: dt.date

    @property
    def state(self) -> str:
        """on_time, late, returned or missing (`filing_state`, read with the report)."""
        return "missing" if self.report is None else str(self.report.filing_state)  # type: ignore[attr-defined]

    @property
    def state_label(self) -> str:
        if self.report is None:
            return "Chưa lập"
        if self.state == "returned":
            return self.report.status_label  # returned, or reopened after approval
        return {
            "missing": "Đang soạn",
            "returned": "Bị trả lại",
            "on_time": "Đúng hạn",
            "late": "Muộn",
        }[self.state]


def filed_share(expected: int, received: int) -> int | None:
    """The percentage of the expected reports received, rounded; None when none was expected
    (a unit where no organization has to file is not "100 %" complete, it has nothing due)."""
    return round(100 * received / expected) if expected else None


@dataclass
class Tally:
    """How many reports were expected and in which state, in all and per unit path of the
    expected organizations; counted in the database (`completeness`)."""

    states: dict[str, int]
    # unit path → (expected, received)
    per_path: dict[str, tuple[int, int]]

    def count(self, state: str) -> int:
        return self.states.get(state, 0)

    @property
    def expected(self) -> int:
        return sum(self.states.values())

    @property
    def received(self) -> int:
        return self.count("on_time") + self.count("late")

    @property
    def share(self) -> int | None:
        return filed_share(self.expected, self.received)

    @property
    def unfiled(self) -> int:
        """Not (or no longer) in: missing and returned."""
        return self.count("missing") + self.count("returned")

    def by_unit(self, units: list[AdminUnit]) -> dict[int, tuple[int, int]]:
        """Per unit of `units` (one level, one parent): (expected, received); the parent's
        own organizations under the parent's id."""
        unit_of = unit_finder(units)
        parent = (units[0].path.rsplit("/", 2)[0] + "/", units[0].parent_id) if units else None
        tally: dict[int, tuple[int, int]] = {}
        for path, (expected, received) in self.per_path.items():
            unit_id = parent[1] if parent and path == parent[0] else unit_of(path)
            if unit_id is not None:
                was = tally.get(unit_id, (0, 0))
                tally[unit_id] = (was[0] + expected, was[1] + received)
        return tally

    def by_units(self, units: list[AdminUnit]) -> dict[int, tuple[int, int]]:
        """Like `by_unit`, for units of one level under any parents: theirs only."""
        ids = {u.pk for u in units}
        tally: dict[int, tuple[int, int]] = {}
        for siblings in _by_parent(units):
            tally.update((pk, n) for pk, n in self.by_unit(siblings).items() if pk in ids)
        return tally

    def as_json(self) -> dict[str, Any]:
        return {
            "expected": self.expected,
            "received": self.received,
            "on_time": self.count("on_time"),
            "late": self.count("late"),
            "returned": self.count("returned"),
            "missing": self.count("missing"),
        }


@dataclass
class Completeness(Tally):
    """The tally with a row per expected organization and period, for the list of who filed."""

    rows: list[Expected] = field(default_factory=list)

    @property
    def missing_rows(self) -> list[Expected]:
        return [row for row in self.rows if row.state in {"missing", "returned"}]


def must_file(form: ReportForm, at: dt.date, paths: list[str], field: str = "") -> Q:
    """The organizations (or the rows whose organization is at `field`) that have to file
    `form` on `at` under `paths`."""
    p = f"{field}__" if field else ""
    return (
        under_paths(paths, f"{p}admin_unit")
        & in_force(at, field)
        & Q(**{f"{p}kind__in": form.org_kinds, f"{p}admin_unit__level__in": form.levels})
    )


def expected_organizations(
    form: ReportForm, at: dt.date, paths: list[str]
) -> QuerySet[Organization]:
    return (
        Organization.objects.filter(must_file(form, at, paths))
        .select_related("admin_unit")
        .order_by("admin_unit__sort_name", "kind", "name")
    )


def _parts(form: ReportForm, period: Period) -> list[Period]:
    parts = period.parts(form.type)
    if not parts:
        raise ValueError(
            f"Mẫu «{form.name}» báo cáo theo {form.type.label.lower()}, "
            f"không xét được cho kỳ {period.label}."
        )
    return parts


def _filed(form: ReportForm, parts: list[Period], organizations: Any) -> QuerySet[Report]:
    """The reports of `parts` by `organizations`: a list of them, or a Q over the report's
    organization (a join, which PostgreSQL plans well at any scale, where an IN subquery
    with many path prefixes was planned as a loop over every report)."""
    by = organizations if isinstance(organizations, Q) else Q(organization__in=organizations)
    return Report.objects.filter(by, form=form, period__in=[p.code for p in parts]).annotate(
        filing_state=filing_state(form, parts)
    )


def tally(form: ReportForm, period: Period, paths: list[str]) -> Tally:
    """Who had to file `form` for `period` under `paths`, and who did, on time or late: two
    grouped queries (expected organizations by unit; their reports by unit and state), the
    same whether a commune or a country is asked."""
    parts = _parts(form, period)
    organizations = expected_organizations(form, period.end, paths).order_by()
    expected = {
        path: n * len(parts)
        for path, n in organizations.values_list("admin_unit__path").annotate(n=Count("pk"))
    }
    by_state: dict[str, int] = defaultdict(int)
    received: dict[str, int] = defaultdict(int)
    rows = (
        _filed(form, parts, must_file(form, period.end, paths, "organization"))
        .order_by()
        .values_list("organization__admin_unit__path", "filing_state")  # type: ignore[misc]
        .annotate(n=Count("pk"))
    )
    for path, state, n in rows:
        by_state[state] += n
        if state in FILED:
            received[path] += n
    # What has no report (or one in no other state) is missing.
    by_state["missing"] += sum(expected.values()) - sum(by_state.values())
    states = {s: by_state.get(s, 0) for s in ("on_time", "late", "returned", "missing")}
    return Tally(states, {path: (n, received.get(path, 0)) for path, n in expected.items()})


def completeness(form: ReportForm, period: Period, paths: list[str]) -> Completeness:
    """`tally`'s counts and a row per expected organization and period, for the list page."""
    parts = _parts(form, period)
    organizations = list(expected_organizations(form, period.end, paths))
    reports = {(r.organization_id, r.period): r for r in _filed(form, parts, organizations)}
    rows = [
        Expected(
            org, part, reports.get((org.pk, part.code)), part.end + dt.timedelta(days=form.due_days)
        )
        for org in organizations
        for part in parts
    ]
    states: dict[str, int] = {s: 0 for s in ("on_time", "late", "returned", "missing")}
    per_path: dict[str, tuple[int, int]] = {}
    for row in rows:
        states[row.state] += 1
        path = row.organization.admin_unit.path
        was = per_path.get(path, (0, 0))
        per_path[path] = (was[0] + 1, was[1] + (row.state in FILED))
    return Completeness(states, per_path, rows)


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

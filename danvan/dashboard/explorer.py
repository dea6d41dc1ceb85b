"""The data explorer: chosen indicators of a form, by a level of units or by organization kind,
over chosen periods, as one table (and the charts and the XLSX drawn from that table).

Every number is read through `reporting.consolidation` — `by_unit` for the units of a level,
`consolidate` for the whole area and for the organization kinds — so the explorer shows what
the consolidation page, the documents and the dashboard show. The choice is read from the
query string (it is the URL a user shares or saves) and checked against the access gate: the
area is one of the units the user sees, else the first of them with a message, as on
/tong-hop/.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.http import Http404, QueryDict
from django.utils import timezone

from danvan.core.params import BadParameter, parse_int
from danvan.core.periods import Period
from danvan.geo.models import AdminUnit, Level, current_paths, in_force, under_paths
from danvan.orgs.models import OrgKind, User
from danvan.reporting import access, consolidation
from danvan.reporting.models import Indicator, ReportForm, ValueType
from danvan.reporting.scopes import reads_through_today, top_units

MAX_PERIODS = 8
MAX_INDICATORS = 6
KINDS = "kind"  # the "level" that groups by organization kind instead of units
CHARTS = {"bar": "Cột theo đơn vị", "line": "Đường qua các kỳ", "stack": "Cột chồng theo phân tổ"}
LEVEL_ORDER = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]
GROUPINGS = {
    Level.PROVINCE: "Cấp tỉnh",
    Level.DISTRICT: "Cấp huyện (đến 30/06/2025)",
    Level.COMMUNE: "Cấp xã",
    KINDS: "Theo tổ chức (loại)",
}
TOTAL = "Toàn địa bàn"


@dataclass
class Row:
    """One line of the table: a period, what it is about (a unit or a kind) and its figures
    in the order of the chosen indicators."""

    period: Period
    label: str
    values: list[Decimal | None]
    total: bool = False
    key: str = ""  # the unit's id or the kind's code; "" for the total


@dataclass
class Choice:
    form: ReportForm
    indicators: list[Indicator]
    periods: list[Period]  # oldest first
    grouping: str
    unit: AdminUnit
    units: list[AdminUnit]  # the areas the user may choose
    chart: str
    approved_only: bool
    errors: list[str] = field(default_factory=list)

    def query(self) -> str:
        """The choice as a query string: what the page's URL, a saved view and the XLSX use."""
        params = QueryDict(mutable=True)
        params["form"] = self.form.code
        params.setlist("ind", [i.code for i in self.indicators])
        params.setlist("period", [p.code for p in self.periods])
        params["by"] = self.grouping
        params["unit"] = str(self.unit.pk)
        params["chart"] = self.chart
        if self.approved_only:
            params["approved"] = "1"
        return params.urlencode()


def choice_from(params: QueryDict, user: User) -> Choice:
    """The explorer's choice from a query string, defaulting to what the user has data for;
    what cannot be used is left out and said in `errors` (Vietnamese)."""
    errors: list[str] = []
    periods: list[Period] = []
    # Several `period` parameters, or one holding codes apart by commas or spaces (the form).
    codes = [c for raw in params.getlist("period") for c in re.split(r"[\s,;]+", raw) if c]
    for code in codes[: MAX_PERIODS * 2]:
        try:
            period = Period.parse(code)
        except ValueError as error:
            errors.append(str(error))
            continue
        if period not in periods:
            periods.append(period)
    if len(periods) > MAX_PERIODS:
        errors.append(f"Chọn tối đa {MAX_PERIODS} kỳ; đang hiển thị {MAX_PERIODS} kỳ đầu.")
        periods = periods[:MAX_PERIODS]
    if not periods:
        latest = (
            access.reports_for_user(user)
            .order_by("-period_end")
            .values_list("period", flat=True)
            .first()
        )
        periods = [Period.parse(latest or f"{timezone.localdate().year}Q1")]
    periods.sort(key=lambda p: (p.start, p.end))
    form = ReportForm.objects.filter(code=params.get("form", ""), active=True).first()
    if form is None:
        try:
            form = consolidation.default_form(periods[-1])
        except ValueError as error:
            raise Http404(str(error)) from None
    fitting = [p for p in periods if form.type.months <= p.type.months]
    if len(fitting) < len(periods):
        errors.append(
            f"Mẫu «{form.name}» không tổng hợp được cho kỳ "
            + ", ".join(p.label for p in periods if p not in fitting)
            + "."
        )
    periods = fitting or [consolidation_period(form, periods[-1])]
    offered = indicators_of(form)
    asked = [code for code in params.getlist("ind") if code]
    indicators = [i for code in asked for i in offered if i.code == code][:MAX_INDICATORS]
    if asked and len(indicators) < min(len(asked), MAX_INDICATORS):
        errors.append("Có chỉ tiêu không thuộc mẫu báo cáo này; đã bỏ qua.")
    indicators = indicators or offered[:2]
    grouping = params.get("by", "")
    if grouping not in GROUPINGS:
        grouping = ""
    # The area: one the user sees at the latest period's end (the access gate's units). The
    # officer of a ward made in 2025 asking about 2021 sees their ward of today first, read
    # through the old wards that went into it (`area_paths`), as the dashboard does.
    units = top_units(user, periods[-1].end)
    if reads_through_today(user, periods[-1]):
        units = top_units(user, timezone.localdate()) + units
    if not units:
        raise Http404("Bạn không có đơn vị nào trong kỳ này.")
    unit = units[0]
    raw_unit = params.get("unit", "").strip()
    if raw_unit:
        try:
            asked_pk = parse_int(raw_unit, "Địa bàn")
        except ValueError as error:
            raise BadParameter(str(error)) from None
        found = next((u for u in units if u.pk == asked_pk), None)
        if found is None:
            errors.append(
                "Đơn vị được chọn không thuộc phạm vi của bạn (hoặc không có trong kỳ này); "
                f"đang hiển thị {unit.name}."
            )
        else:
            unit = found
    if not grouping:
        below = LEVEL_ORDER.index(Level(unit.level)) + 1
        grouping = LEVEL_ORDER[below] if below < len(LEVEL_ORDER) else Level(unit.level)
        if grouping == Level.DISTRICT and periods[-1].end >= REFORM_DAY:
            grouping = Level.COMMUNE
    chart = params.get("chart", "")
    return Choice(
        form=form,
        indicators=indicators,
        periods=periods,
        grouping=grouping,
        unit=unit,
        units=units,
        chart=chart if chart in CHARTS else "bar",
        approved_only=params.get("approved") == "1",
        errors=errors,
    )


REFORM_DAY = Period.parse("2025Q3").start  # districts were abolished on 01/07/2025


def consolidation_period(form: ReportForm, period: Period) -> Period:
    """The latest period of the form's own type within or before `period`."""
    return Period.containing(form.type, period.end)


def indicators_of(form: ReportForm) -> list[Indicator]:
    """The form's indicators that add up to a figure (yes/no answers are left to /tong-hop/)."""
    return [
        item.indicator
        for item in form.items.select_related("indicator__category")
        if item.indicator.value_type != ValueType.BOOLEAN
    ]


@dataclass
class Breakdown:
    """The first chosen indicator with a breakdown, by its options over the periods."""

    indicator: Indicator
    options: list[str]
    by_period: list[tuple[Period, list[Decimal | None]]]


@dataclass
class Exploration:
    choice: Choice
    rows: list[Row]
    notes: list[str]
    breakdown: Breakdown | None

    @property
    def columns(self) -> list[str]:
        first = "Tổ chức" if self.choice.grouping == KINDS else "Đơn vị"
        return ["Kỳ", first, *[f"{i.name} ({i.unit})" for i in self.choice.indicators]]

    def table(self) -> list[list[object]]:
        """The table as plain values (periods by their label), for the XLSX."""
        return [[row.period.label, row.label, *row.values] for row in self.rows]


def explore(choice: Choice) -> Exploration:
    """The table of the choice: per period, a row per unit of the level (or per organization
    kind) and the area's total."""
    rows: list[Row] = []
    notes: list[str] = []
    breakdown_indicator = next((i for i in choice.indicators if i.category_id), None)
    by_period: list[tuple[Period, list[Decimal | None]]] = []
    options: list[str] = []
    for period in choice.periods:
        paths = area_paths(choice.unit, period)
        whole = consolidation.consolidate(
            choice.form,
            period,
            paths,
            approved_only=choice.approved_only,
            by_kind=choice.grouping == KINDS,
        )
        if choice.grouping == KINDS:
            for kind in choice.form.org_kinds:
                values = [whole.value(i, consolidation.ANY, kind) for i in choice.indicators]
                rows.append(Row(period, OrgKind(kind).label, values, key=kind))
        else:
            level_rows = _unit_rows(choice, period, paths)
            if not level_rows:
                notes.append(
                    f"{period.label}: không có đơn vị {GROUPINGS[choice.grouping].lower()} "
                    "trong địa bàn này."
                )
            rows.extend(level_rows)
        rows.append(Row(period, TOTAL, [whole.value(i) for i in choice.indicators], total=True))
        if breakdown_indicator is not None:
            found = whole.options.get(breakdown_indicator.pk, [])
            options = [o.name for o in found] or options
            by_period.append((period, [whole.value(breakdown_indicator, o) for o in found]))
    if choice.grouping != KINDS and choice.grouping != choice.unit.level:
        notes.append(
            f"Dòng «{TOTAL}» gồm cả số liệu do các cơ quan, đoàn thể ở cấp trên cấp được chọn "
            "báo cáo, nên có thể lớn hơn tổng các dòng đơn vị."
        )
    breakdown = Breakdown(breakdown_indicator, options, by_period) if breakdown_indicator else None
    return Exploration(choice, rows, notes, breakdown)


def area_paths(unit: AdminUnit, period: Period) -> list[str]:
    """The area of `unit` in `period`'s own units: a period before the unit existed is read in
    the older units that went into it (today's province in 2021 is the old provinces)."""
    if unit.valid_from and period.end < unit.valid_from:
        return current_paths(unit)
    return [unit.path]


def _unit_rows(choice: Choice, period: Period, paths: list[str]) -> list[Row]:
    """A row per unit of the chosen level in force at the period's end under `paths`; their
    figures from `by_unit`, one query per parent unit."""
    units = list(
        AdminUnit.objects.filter(under_paths(paths), in_force(period.end), level=choice.grouping)
        .order_by("parent_id", "sort_name")
        .select_related("parent")
    )
    figures: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for _, group in groupby(units, key=lambda u: u.parent_id):
        figures.update(
            consolidation.by_unit(
                choice.form, period, list(group), approved_only=choice.approved_only
            )
        )
    units.sort(key=lambda u: (u.parent.sort_name if u.parent else "", u.sort_name))
    deep = any(u.parent_id != units[0].parent_id for u in units)
    return [
        Row(
            period,
            f"{u.name} ({u.parent.name})" if deep and u.parent else u.name,
            [figures.get(u.pk, {}).get(i.pk) for i in choice.indicators],
            key=str(u.pk),
        )
        for u in units
    ]

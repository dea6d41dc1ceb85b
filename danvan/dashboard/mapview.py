"""The map (/ban-do/): the units of a level under the user's scope, each with the figures of the
chosen period, the key areas among them and the incidents still open there.

The figures come from `reporting.consolidation.by_unit`, the function the dashboard's and the
explorer's tables of units use, so a unit's figure on the map is the one the consolidation
shows for it. Incidents go through the situation app's access gate (a confidential incident
counts only for those the incident pages show it to), key areas and units through the scope.

Units are those of the period's own time: a 2021 quarter is drawn in the 2021 communes (or
districts), a quarter after the July 2025 reform in today's communes. A unit is drawn as its
outline when an administrator loaded one (`danvan units boundaries FILE`), else as a circle at
its latitude and longitude.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from danvan.core.numbers import json_number
from danvan.core.templatetags.danvan import figure as shown
from danvan.dashboard.overview import key_indicators
from danvan.geo.models import AdminUnit, Boundary, Level, Succession, in_force, under_paths
from danvan.orgs import access as org_access
from danvan.orgs.models import User
from danvan.reporting import consolidation
from danvan.reporting.figures import bloc_figures
from danvan.reporting.models import Aggregation, Indicator
from danvan.reporting.scopes import Scope
from danvan.situation.access import incidents_for_user
from danvan.situation.models import OPEN_STATUSES, KeyArea, Severity

REFORM_DAY = dt.date(2025, 7, 1)  # districts were abolished on this day
LEVELS = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]
SHADES = 5  # classes of the colour scale; 0 is "no figure"


@dataclass
class MapUnit:
    unit: AdminUnit
    figures: dict[int, Decimal]  # indicator id → figure, from by_unit
    value: Decimal | None  # the chosen indicator's
    shade: int = 0
    key_areas: list[str] = field(default_factory=list)  # the reasons, one per key area
    key_area_places: list[str] = field(default_factory=list)  # their units' names, the same order
    incidents: dict[str, int] = field(default_factory=dict)  # open ones by severity
    link: str = ""

    @property
    def key_area_text(self) -> str:
        """The key areas in one line, each reason once: the reason when the unit itself is the
        key area; else "3 địa bàn: Xã A, Xã B, Xã C — reason" (the places of each reason after
        it when they differ), the way a district's row gathers its communes."""
        if not self.key_areas:
            return ""
        places: dict[str, list[str]] = {}  # reason → its places, in the order first met
        for reason, place in zip(self.key_areas, self.key_area_places, strict=True):
            named = places.setdefault(reason, [])
            if place not in named:
                named.append(place)
        every = list(dict.fromkeys(p for named in places.values() for p in named))
        if every == [self.unit.name]:
            return "; ".join(places)
        if len(places) == 1:
            (reason,) = places
            return f"{len(every)} địa bàn: {', '.join(every)} — {reason}"
        return f"{len(every)} địa bàn: " + "; ".join(
            f"{', '.join(named)} — {reason}" for reason, named in places.items()
        )

    @property
    def open_incidents(self) -> int:
        return sum(self.incidents.values())

    @property
    def located(self) -> bool:
        return self.unit.latitude is not None and self.unit.longitude is not None


@dataclass
class OwnBodies:
    """What the organizations of the levels above the drawn one filed themselves (a province's
    bodies, when its districts or communes are drawn): no drawn unit holds it."""

    label: str
    value: Decimal | None


@dataclass
class Totals:
    """The rows that make the table of drawn units add up: the bodies above them, level by
    level, and the scope's total (`bloc_figures`, as the dashboard shows it)."""

    own: list[OwnBodies]
    total: Decimal | None


@dataclass
class Shade:
    number: int
    label: str


@dataclass
class MapView:
    scope: Scope
    level: str
    levels: list[tuple[str, str]]
    indicator: Indicator | None
    indicators: list[Indicator]
    units: list[MapUnit]
    shades: list[Shade]
    largest: Decimal | None
    at: dt.date
    # What the parents of the drawn units filed at their own level (`by_unit` reads it with
    # the drawn units' figures): parent id → {indicator id: figure}.
    parents_own: dict[int, dict[int, Decimal]] = field(default_factory=dict)

    @property
    def level_label(self) -> str:
        return dict(self.levels).get(self.level, self.level)

    @property
    def unlocated(self) -> int:
        return sum(1 for row in self.units if not row.located)

    def query(self) -> str:
        """The map's choice as a query string: the page's own URL and its data's."""
        params = {
            "form": self.scope.form.code,
            "period": self.scope.period.code,
            "unit": self.scope.unit.pk,
            "level": self.level,
        }
        if self.indicator is not None:
            params["indicator"] = self.indicator.code
        if self.scope.current:
            params["current"] = 1
        if self.scope.approved_only:
            params["approved"] = 1
        return urlencode(params)


def levels_for(unit: AdminUnit, at: dt.date) -> list[tuple[str, str]]:
    """The levels that can be drawn under `unit`: its own and those below it that existed on
    `at` (no districts after the reform)."""
    rank = LEVELS.index(Level(unit.level))
    return [
        (level.value, level.label)
        for level in LEVELS[rank:]
        if level != Level.DISTRICT or at < REFORM_DAY
    ]


def _under(paths: dict[str, int], path: str) -> int | None:
    """The id of the drawn unit whose path `path` lies under (a row of a commune counts for
    its district when districts are drawn)."""
    parts = path.strip("/").split("/")
    for end in range(len(parts), 0, -1):
        found = paths.get("/" + "/".join(parts[:end]) + "/")
        if found is not None:
            return found
    return None


def _successors() -> dict[str, tuple[int, str]]:
    """Each older unit's path → its id and the path of the unit its figures and cases went to
    (the default succession), read in one query."""
    rows = Succession.objects.filter(is_default=True).values_list(
        "old__path", "old_id", "new__path"
    )
    return {old: (old_id, new) for old, old_id, new in rows}


def _drawn_unit(
    paths: dict[str, int], successors: dict[str, tuple[int, str]], path: str
) -> int | None:
    """The drawn unit a row at `path` belongs to: the one it lies under, else the one its older
    unit went into, through as many reorganizations as it took."""
    for _ in range(len(successors) + 1):
        unit_id = _under(paths, path)
        if unit_id is not None:
            return unit_id
        parts = path.strip("/").split("/")
        prefixes = ("/" + "/".join(parts[:end]) + "/" for end in range(len(parts), 0, -1))
        older = next((p for p in prefixes if p in successors), None)
        if older is None:
            return None
        path = successors[older][1] + path[len(older) :]
    return None


def _shades(largest: Decimal | None) -> tuple[Decimal, list[Shade]]:
    """The width of one colour class and the legend's labels: equal classes from 0 to the
    largest figure, in round numbers when the figures are not tiny."""
    if largest is None:
        return Decimal(0), []
    if largest <= 0:  # every unit reported zero: one class, not "no figure"
        return Decimal(0), [Shade(1, "0")]
    step = Decimal(math.ceil(largest / SHADES)) if largest >= SHADES else largest / SHADES
    return step, [
        Shade(n, f"{'0' if n == 1 else shown(step * (n - 1))} – {shown(step * n)}")
        for n in range(1, SHADES + 1)
    ]


def map_view(user: User, scope: Scope, level: str = "", indicator_code: str = "") -> MapView:
    """What the map shows for `scope` at `level` (default: communes) coloured by the indicator
    `indicator_code` (default: the first key figure that adds up)."""
    period = scope.period
    at = period.end
    levels = levels_for(scope.unit, at)
    if level not in {code for code, _ in levels}:
        level = levels[-1][0]
    indicators = key_indicators(scope.form)
    indicator = next((i for i in indicators if i.code == indicator_code), None) or next(
        (i for i in indicators if i.aggregation == Aggregation.SUM),
        indicators[0] if indicators else None,
    )
    # What the access gate lets the user see, read once (it follows the successions).
    seen = org_access.scope_paths(user)

    def visible(field: str = "") -> Q:
        return Q() if seen is None else under_paths(seen, field)

    units = list(
        AdminUnit.objects.filter(
            under_paths(scope.paths), visible(), in_force(at), level=level
        ).order_by("parent_id", "sort_name")
    )
    figures: dict[int, dict[int, Decimal]] = {}
    for _, siblings in groupby(units, key=lambda u: u.parent_id):
        figures.update(
            consolidation.by_unit(
                scope.form, period, list(siblings), approved_only=scope.approved_only
            )
        )
    units.sort(key=lambda u: u.sort_name)
    rows = [
        MapUnit(
            unit=u,
            figures=figures.get(u.pk, {}),
            value=figures.get(u.pk, {}).get(indicator.pk) if indicator else None,
            link=reverse("consolidated")
            + "?"
            + urlencode(
                {
                    "form": scope.form.code,
                    "period": period.code,
                    "unit": u.pk,
                    **({"approved": 1} if scope.approved_only else {}),
                }
            ),
        )
        for u in units
    ]
    by_id = {row.unit.pk: row for row in rows}
    paths = {row.unit.path: row.unit.pk for row in rows}
    # Key areas in force at the period's end, and incidents reported by then and open now,
    # each counted for the drawn unit it lies in.
    areas = KeyArea.objects.valid_on(at).filter(under_paths(scope.paths, "unit"), visible("unit"))
    for path, name, reason in areas.values_list("unit__path", "unit__name", "reason"):
        unit_id = _under(paths, path)
        if unit_id is not None:
            by_id[unit_id].key_areas.append(reason)
            by_id[unit_id].key_area_places.append(name)
    # An incident filed in a unit that a reorganization has since ended and that is still
    # open belongs to the unit it went into: today's map shows it there.
    successors = _successors()
    earlier = [
        old_id
        for old, (old_id, _) in successors.items()
        if _under(paths, old) is None and _drawn_unit(paths, successors, old) is not None
    ]
    incidents = incidents_for_user(user).filter(
        under_paths(scope.paths, "unit") | Q(unit_id__in=earlier),
        status__in=OPEN_STATUSES,
        reported_on__lte=at,
    )
    counted: dict[int, Counter[str]] = defaultdict(Counter)
    for path, severity in incidents.values_list("unit__path", "severity"):
        unit_id = _drawn_unit(paths, successors, path)
        if unit_id is not None:
            counted[unit_id][severity] += 1
    for unit_id, counts in counted.items():
        by_id[unit_id].incidents = {s: counts[s] for s in Severity.values if counts[s]}
    values = [row.value for row in rows if row.value is not None]
    largest = max(values) if values else None
    step, shades = _shades(largest)
    for row in rows:
        if row.value is not None and shades:
            row.shade = min(SHADES, max(1, math.ceil(row.value / step))) if step else 1
    return MapView(
        scope=scope,
        level=level,
        levels=levels,
        indicator=indicator,
        indicators=indicators,
        units=rows,
        shades=shades,
        largest=largest,
        at=at,
        parents_own={pk: f for pk, f in figures.items() if pk not in by_id},
    )


def totals(view: MapView) -> Totals | None:
    """The rows under the map's table that make it add up to the scope's total, for a figure
    that adds up (a sum, not a rate) drawn below the scope's own level; None otherwise.

    The bodies of each level above the drawn one are read the way the dashboard reads a
    unit's own bodies (`consolidation.by_unit`: what was filed at the parent itself): those
    of the drawn units' parents came with the drawn units' figures, those of each level above
    take a query per parent of that level; only units inside the scope count (a commune's
    officer never gets the district's figures)."""
    scope, indicator = view.scope, view.indicator
    if indicator is None or indicator.aggregation != Aggregation.SUM:
        return None
    if not view.units or all(row.unit.level == scope.unit.level for row in view.units):
        return None

    def inside(unit: AdminUnit) -> bool:
        return any(unit.path.startswith(path) for path in scope.paths)

    own: list[OwnBodies] = []
    drawn = level_units = [row.unit for row in view.units]
    while True:
        parent_ids = {u.parent_id for u in level_units if u.parent_id is not None}
        parents = [
            u
            for u in AdminUnit.objects.filter(pk__in=parent_ids).order_by("parent_id", "sort_name")
            if inside(u)
        ]
        if not parents:
            break
        if level_units is drawn:
            found = view.parents_own
        else:
            found = {}
            level_units.sort(key=lambda u: (u.parent_id or 0, u.sort_name))
            for parent_id, siblings in groupby(level_units, key=lambda u: u.parent_id):
                if parent_id in {p.pk for p in parents}:
                    found.update(
                        consolidation.by_unit(
                            scope.form,
                            scope.period,
                            list(siblings),
                            approved_only=scope.approved_only,
                            indicators=[indicator],
                        )
                    )
        figures = [found.get(p.pk, {}).get(indicator.pk) for p in parents]
        value = sum((f for f in figures if f is not None), Decimal(0))
        shown = value if any(f is not None for f in figures) else None
        own.insert(0, OwnBodies(parents[0].own_bodies, shown))
        level_units = parents
    total = bloc_figures(
        scope.form, scope.period, scope.paths, approved_only=scope.approved_only, registers=False
    ).value(indicator.code)
    return Totals(own, total)


def _point(unit: AdminUnit) -> str:
    # The stored decimals written as JSON numbers as they are (no float on the way).
    return f'{{"type":"Point","coordinates":[{unit.longitude},{unit.latitude}]}}'


def geojson(view: MapView) -> str:
    """The map as a GeoJSON FeatureCollection: one feature per unit (its outline, else its
    point, else no geometry), the figures in its properties; the choice and the legend beside.
    Outlines are sent as the text they were stored as, not parsed again per request."""
    outlines = dict(
        Boundary.objects.filter(unit__in=[row.unit for row in view.units]).values_list(
            "unit_id", "geometry"
        )
    )
    popup_order = sorted(view.indicators, key=lambda i: i != view.indicator)
    features = []
    for row in view.units:
        unit = row.unit
        geometry = outlines.get(unit.pk) or (_point(unit) if row.located else "null")
        properties = {
            "id": unit.pk,
            "code": unit.code,
            "name": unit.name,
            "level": unit.level,
            "value": json_number(row.value) if row.value is not None else None,
            "value_text": shown(row.value),
            "shade": row.shade,
            "outline": unit.pk in outlines,
            # The popup's lines: the chosen figure first (even when there is none), then
            # every other figure the unit has.
            "figures": [
                {"name": i.name, "unit": i.unit, "value": shown(row.figures.get(i.pk))}
                for i in popup_order
                if i == view.indicator or row.figures.get(i.pk) is not None
            ],
            "key_areas": row.key_areas,
            "key_areas_text": row.key_area_text,
            "incidents": row.incidents,
            "url": row.link,
        }
        features.append(
            '{"type":"Feature","geometry":'
            + geometry
            + ',"properties":'
            + json.dumps(properties, ensure_ascii=False)
            + "}"
        )
    meta = {
        "period": {"code": view.scope.period.code, "label": view.scope.period.label},
        "indicator": (
            {"code": view.indicator.code, "name": view.indicator.name, "unit": view.indicator.unit}
            if view.indicator
            else None
        ),
        "largest": json_number(view.largest) if view.largest is not None else None,
        "legend": [{"shade": s.number, "label": s.label} for s in view.shades],
        "severities": dict(Severity.choices),
    }
    head = json.dumps({"type": "FeatureCollection", **meta}, ensure_ascii=False)[:-1]
    return head + ',"features":[' + ",".join(features) + "]}"

"""Loading units' outlines from a GeoJSON file (`danvan units boundaries FILE`).

Each feature names its unit by the official code in a property ("code" unless told otherwise).
A code alone does not name a unit (codes were reused across the 2025 reform), so the unit is the
one that carried the code on a date: the feature's own date when the file has one (a property
such as "valid_on"), else the date given for the whole file, else today. What could not be
matched is reported, feature by feature, and nothing of it is stored.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from danvan.geo.models import AdminUnit, Boundary
from danvan.vi.dates import parse_date

log = logging.getLogger("danvan.actions")

SHAPES = {"Polygon": 3, "MultiPolygon": 4}  # the nesting depth of each one's coordinates


@dataclass
class Unmatched:
    number: int  # the feature's place in the file, from 1
    code: str
    reason: str


@dataclass
class BoundaryReport:
    loaded: int = 0
    replaced: int = 0
    unmatched: list[Unmatched] = field(default_factory=list)


def _depth_ok(value: Any, depth: int) -> bool:
    """Coordinates nested `depth` deep (1 = one position) ending in pairs of plain numbers."""
    if depth == 1:
        return (
            isinstance(value, list)
            and len(value) >= 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value[:2])
        )
    return isinstance(value, list) and bool(value) and all(_depth_ok(v, depth - 1) for v in value)


def geometry_problem(geometry: Any) -> str:
    """Why a geometry cannot be drawn as an outline, or "" when it can."""
    if not isinstance(geometry, dict) or geometry.get("type") not in SHAPES:
        return "không phải vùng (Polygon/MultiPolygon)"
    if not _depth_ok(geometry.get("coordinates"), SHAPES[geometry["type"]]):
        return "tọa độ của vùng không hợp lệ"
    return ""


def _feature_date(properties: dict[str, Any], date_property: str, default: dt.date) -> dt.date:
    raw = properties.get(date_property) if date_property else None
    if raw in (None, ""):
        return default
    return parse_date(str(raw))


@transaction.atomic
def load_boundaries(
    data: Any,
    *,
    on: dt.date,
    code_property: str = "code",
    date_property: str = "",
    source: str = "",
) -> BoundaryReport:
    """Store the outline of every feature of `data` (a parsed FeatureCollection) whose code
    names a unit on its date; a unit's earlier outline is replaced. One transaction: a file
    that cannot be read at all changes nothing."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError("Tệp không phải một GeoJSON FeatureCollection.")
    features = data.get("features")
    if not isinstance(features, list):
        raise ValueError("Tệp GeoJSON không có danh sách features.")
    report = BoundaryReport()
    outlines: dict[int, str] = {}
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        properties = properties if isinstance(properties, dict) else {}
        raw_code = properties.get(code_property)
        code = str(raw_code).strip() if raw_code not in (None, "") else ""
        if not code:
            report.unmatched.append(Unmatched(number, "", f"không có thuộc tính «{code_property}»"))
            continue
        try:
            day = _feature_date(properties, date_property, on)
        except ValueError as error:
            report.unmatched.append(Unmatched(number, code, str(error)))
            continue
        problem = geometry_problem(feature.get("geometry"))
        if problem:
            report.unmatched.append(Unmatched(number, code, problem))
            continue
        unit_id = AdminUnit.objects.at(day).filter(code=code).values_list("pk", flat=True).first()
        if unit_id is None:
            report.unmatched.append(
                Unmatched(number, code, f"không có đơn vị mang mã này vào ngày {day:%d/%m/%Y}")
            )
            continue
        outlines[unit_id] = json.dumps(feature["geometry"], separators=(",", ":"))
    existing = {b.unit_id: b for b in Boundary.objects.filter(unit_id__in=outlines)}
    for unit_id, geometry in outlines.items():
        boundary = existing.get(unit_id) or Boundary(unit_id=unit_id)
        report.replaced += boundary.pk is not None
        boundary.geometry = geometry
        boundary.source = source[:255]
        boundary.save()
        report.loaded += 1
    log.info(
        "boundaries loaded from %s: %d units (%d replaced), %d features unmatched",
        source or "a file",
        report.loaded,
        report.replaced,
        len(report.unmatched),
    )
    return report

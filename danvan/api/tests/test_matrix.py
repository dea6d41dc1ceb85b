"""Every route of the API asked by every persona: province, commune A, commune B, outsider,
anonymous, an expired token and a read-only token.

The route list comes from the API's own OpenAPI document, so a new route without a row in
MATRIX fails `test_every_route_is_in_the_matrix`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from danvan.api.api import api
from danvan.api.tests.conftest import PERSONAS, Fixture
from danvan.reporting.models import DataValue

Q1 = "period=2021Q1"
AT = "at=2021-03-31"

# Who gets what, for a record of commune A (or a list asked under commune A).
READ_A = {
    "province": 200, "commune_a": 200, "commune_b": 404, "outsider": 404,
    "anonymous": 401, "expired": 401, "read_only": 200,
}  # fmt: skip
# A list without a unit: everyone signed in gets one, with what their scope holds.
LIST = {**READ_A, "commune_b": 200, "outsider": 200}
# The same for every signed-in user (forms, indicators, periods).
GLOBAL = LIST
# A write on a record of commune A by people who only view: refused, or not found outside.
WRITE_A = {**READ_A, "province": 403, "commune_a": 403, "read_only": 403}
# Sees A's record in a list: the province and commune A; B and the outsider do not.
SEES_A = {"province", "commune_a", "read_only"}


@dataclass
class Case:
    path: Callable[[Fixture], str]
    expected: dict[str, int]
    body: Callable[[Fixture], Any] | None = None
    # For a 200: the id (or code) of A's record that must appear exactly for SEES_A.
    record: Callable[[Fixture], Any] | None = None
    key: str = "id"
    extra: dict[str, Any] = field(default_factory=dict)


def results(response: Any, key: str) -> list[Any]:
    data = response.json()
    rows = data.get("results", data.get("dataValues", data if isinstance(data, list) else [data]))
    return [row.get(key) for row in rows]


MATRIX: dict[tuple[str, str], Case] = {
    ("GET", "/units"): Case(
        lambda f: f"/units?under=24133&{AT}", READ_A, record=lambda f: "24133", key="code"
    ),
    ("GET", "/units/{code}"): Case(lambda f: f"/units/24133?{AT}", READ_A),
    ("GET", "/units/{code}/successors"): Case(lambda f: f"/units/24133/successors?{AT}", READ_A),
    ("GET", "/organizations"): Case(
        lambda f: f"/organizations?under=24133&{AT}", READ_A, record=lambda f: f.women_a.pk
    ),
    ("GET", "/indicators"): Case(lambda f: "/indicators", GLOBAL),
    ("GET", "/forms"): Case(lambda f: "/forms", GLOBAL),
    ("GET", "/forms/{code}"): Case(lambda f: "/forms/bc-quy", GLOBAL),
    ("GET", "/periods/{code}"): Case(lambda f: "/periods/2021Q1", GLOBAL),
    ("GET", "/periods/{code}/parts"): Case(lambda f: "/periods/2021/parts?type=quarter", GLOBAL),
    ("GET", "/reports"): Case(lambda f: f"/reports?{Q1}", LIST, record=lambda f: f.report_a.pk),
    ("GET", "/reports/{report_id}"): Case(lambda f: f"/reports/{f.report_a.pk}", READ_A),
    ("PUT", "/reports/{report_id}/narrative"): Case(
        lambda f: f"/reports/{f.report_a.pk}/narrative",
        WRITE_A,
        body=lambda f: {"narrative": {"ket-qua": "Đã làm."}},
    ),
    ("POST", "/reports/{report_id}/submit"): Case(
        lambda f: f"/reports/{f.report_a.pk}/submit", WRITE_A, body=lambda f: {}
    ),
    ("POST", "/reports/{report_id}/return"): Case(
        lambda f: f"/reports/{f.report_a.pk}/return", WRITE_A, body=lambda f: {"reason": "Sai"}
    ),
    ("POST", "/reports/{report_id}/approve"): Case(
        lambda f: f"/reports/{f.report_a.pk}/approve", WRITE_A, body=lambda f: {}
    ),
    ("POST", "/reports/{report_id}/reopen"): Case(
        lambda f: f"/reports/{f.report_a.pk}/reopen", WRITE_A, body=lambda f: {"reason": "Sửa"}
    ),
    ("GET", "/consolidation"): Case(lambda f: f"/consolidation?under=24133&{Q1}", READ_A),
    ("GET", "/campaigns"): Case(lambda f: "/campaigns", LIST, record=lambda f: f.campaign.pk),
    ("GET", "/campaigns/{campaign_id}"): Case(lambda f: f"/campaigns/{f.campaign.pk}", READ_A),
    ("GET", "/households"): Case(lambda f: "/households", LIST, record=lambda f: f.household_a.pk),
    ("GET", "/households/{household_id}"): Case(
        lambda f: f"/households/{f.household_a.pk}", READ_A
    ),
    ("GET", "/sessions"): Case(
        lambda f: f"/sessions?{Q1}",
        LIST,
        record=lambda f: f.people.world.commune_a_unit.code,
        key="unit",
    ),
    ("GET", "/incidents"): Case(lambda f: "/incidents", LIST, record=lambda f: f.incident_a.pk),
    ("GET", "/incidents/{incident_id}"): Case(lambda f: f"/incidents/{f.incident_a.pk}", READ_A),
    ("GET", "/notes"): Case(lambda f: f"/notes?{Q1}", LIST, record=lambda f: "24133", key="unit"),
    ("GET", "/recommendations"): Case(
        lambda f: "/recommendations", LIST, record=lambda f: "24133", key="unit"
    ),
    ("GET", "/meetings"): Case(lambda f: "/meetings", LIST, record=lambda f: "24133", key="unit"),
    ("GET", "/tasks"): Case(lambda f: "/tasks", LIST, record=lambda f: f.task_a.pk),
    ("GET", "/tasks/{task_id}"): Case(lambda f: f"/tasks/{f.task_a.pk}", READ_A),
    ("POST", "/tasks/{task_id}/progress"): Case(
        lambda f: f"/tasks/{f.task_a.pk}/progress",
        WRITE_A,
        body=lambda f: {
            "organization": f.people.world.commune_a_org.pk,
            "percent": 50,
            "text": "Đang làm",
        },
    ),
    ("GET", "/dataValueSets"): Case(
        lambda f: f"/dataValueSets?under=24133&{Q1}",
        READ_A,
        record=lambda f: "24133",
        key="orgUnit",
    ),
    # Viewers and people of other units may send a set, but every row of it is refused.
    ("POST", "/dataValueSets"): Case(
        lambda f: "/dataValueSets",
        {**WRITE_A, "province": 409, "commune_a": 409, "commune_b": 409, "outsider": 409},
        body=lambda f: {
            "dataValues": [
                {
                    "dataElement": "tt-buoi",
                    "period": "2021Q1",
                    "orgUnit": "24133",
                    "organization": f.women_a.name,
                    "value": 9,
                },
            ]
        },
    ),
    # Only an entry officer of the province's organization may record its figures; every
    # persona here only views (or is anonymous, expired, read-only).
    ("POST", "/exchange"): Case(
        lambda f: "/exchange",
        {**WRITE_A, "commune_b": 403, "outsider": 403},
        body=lambda f: {
            "format": "danvan-exchange/1",
            "province": {"code": "66", "at": "2021-03-31"},
            "form": "bc-quy",
            "period": "2021Q1",
            "values": [{"indicator": "tt-buoi", "value": "12"}],
        },
    ),
}


def api_routes() -> set[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, operations in paths.items()
        for method in operations
    }


def test_every_route_is_in_the_matrix(db: None) -> None:
    assert api_routes() == set(MATRIX)


def test_every_route_by_every_persona(api_world: Fixture) -> None:
    """One world for all routes (building it is the slow part); every failure is listed."""
    failures = []
    values_before = sorted(DataValue.objects.values_list("pk", "value"))
    for (method, route), case in sorted(MATRIX.items()):
        for persona in PERSONAS:
            body = case.body(api_world) if case.body else None
            response = api_world.api(persona).call(method, case.path(api_world), body)
            expected = case.expected[persona]
            where = f"{method} {route} as {persona}"
            if response.status_code != expected:
                failures.append(f"{where}: {response.status_code} {response.content[:200]!r}")
                continue
            data = response.json()
            if expected >= 400:
                if not set(data) >= {"code", "message", "field"}:
                    failures.append(f"{where}: error without code/message/field: {data}")
            elif case.record is not None:
                seen = case.record(api_world) in results(response, case.key)
                if seen != (persona in SEES_A):
                    failures.append(f"{where}: commune A's record {'' if seen else 'not '}seen")
    assert failures == []
    # None of the personas may change a figure.
    assert sorted(DataValue.objects.values_list("pk", "value")) == values_before

"""The read replica (DANVAN_DATABASE_REPLICA_URL): the leaders' pages read the `replica` alias,
every write and a user's reads just after their own write go to the primary.

In the tests the alias is a test mirror of `default` (danvan/conftest.py): a connection of its
own to the same test database, made read-only here, so that it sees only what was committed,
as a real replica does, and any write routed to it fails. The routing tests therefore commit
(`transaction=True`); inside a test's wrapping transaction every read stays on the primary.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from danvan.api.tests.conftest import Api, token_for
from danvan.conftest import World, make_org, make_user
from danvan.core import replica
from danvan.core.periods import Period
from danvan.orgs.models import OrgKind, RoleKind, User
from danvan.reporting.loader import load_forms
from danvan.reporting.models import DataValue, Indicator, Report, ReportForm, ReportStatus
from danvan.reporting.tests.conftest import client_for

Q1 = Period.parse("2021Q1")
EARLY_APRIL = dt.datetime(2021, 4, 3, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
CONSOLIDATION = "/tong-hop/?form=bc-quy&period=2021Q1&approved=1"
WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER")
routed = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def forms(national_units: None) -> None:
    """Committed data: the forms too, which an earlier test's flush may have emptied."""
    load_forms(apps)


@pytest.fixture
def replica_on(settings: Any) -> Iterator[BaseDatabaseWrapper]:
    """The replica configured, its connection refusing every write."""
    settings.DANVAN_REPLICA_ALIAS = "replica"
    connection = connections["replica"]
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        else:
            cursor.execute("PRAGMA query_only = ON")
    yield connection
    connection.close()


def submitted(world: World, values: dict[str, int]) -> Report:
    report = Report.new(
        ReportForm.objects.get(code="bc-quy"),
        make_org(OrgKind.WOMEN, world.commune_a_unit),
        Q1,
        status=ReportStatus.SUBMITTED,
        first_submitted_at=dt.datetime(2021, 4, 2, tzinfo=dt.UTC),
    )
    report.save()
    for code, value in values.items():
        indicator_code, _, option = code.partition("/")
        indicator = Indicator.objects.get(code=indicator_code)
        chosen = next((o for o in indicator.breakdown() if o and o.code == option), None)
        DataValue.objects.create(
            report=report, indicator=indicator, option=chosen, value=Decimal(value)
        )
    return report


def tables(queries: CaptureQueriesContext) -> str:
    return " ".join(q["sql"] for q in queries.captured_queries)


def only_reads(queries: CaptureQueriesContext) -> bool:
    return not any(q["sql"].lstrip().upper().startswith(WRITES) for q in queries.captured_queries)


def api_read(api: Api, path: str) -> tuple[str, CaptureQueriesContext, CaptureQueriesContext]:
    return read_through(api, path)


def read_through(client: Any, url: str) -> tuple[str, CaptureQueriesContext, CaptureQueriesContext]:
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as copy,
    ):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), primary, copy


@routed
def test_an_approval_shows_at_once_and_the_consolidation_then_reads_the_replica(
    forms: None, world: World, replica_on: BaseDatabaseWrapper, rollups_verified: None
) -> None:
    report = submitted(world, {"qua-suat/ho-ngheo": 73_850})
    approver = make_user("pheduyet", world.province_org, RoleKind.APPROVER)
    with time_machine.travel(EARLY_APRIL, tick=False) as clock:
        officer = client_for(approver)
        page, primary, copy = read_through(officer, CONSOLIDATION)
        # The figures come from the replica; the primary only says who is signed in.
        assert "reporting_rollup" in tables(copy) and "reporting_" not in tables(primary)
        assert "73.850" not in page  # sent, not approved yet

        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections["replica"]) as copy,
        ):
            answer = officer.post(f"/bao-cao/{report.pk}/xu-ly/", {"action": "approve"})
        assert answer.status_code == 302
        assert len(copy) == 0  # the write and every read it made were on the primary
        assert not only_reads(primary) and "reporting_rollup" in tables(primary)
        report.refresh_from_db()
        assert report.status == ReportStatus.APPROVED

        # Pinned to the primary just after the write: the approval shows, whatever the lag.
        page, primary, copy = read_through(officer, CONSOLIDATION)
        assert "73.850" in page
        assert len(copy) == 0 and "reporting_rollup" in tables(primary)
        # Another officer, who wrote nothing, reads the replica.
        _, _, elsewhere = read_through(client_for(world.province), CONSOLIDATION)
        assert "reporting_rollup" in tables(elsewhere)

        clock.shift(dt.timedelta(seconds=11))  # the pin (10 s by default) is over
        page, primary, copy = read_through(officer, CONSOLIDATION)
        assert "73.850" in page
        assert "reporting_rollup" in tables(copy) and "reporting_" not in tables(primary)

    # The replica connection refused writes all along, and none was sent to it.
    assert only_reads(copy)
    with pytest.raises(DatabaseError), replica_on.cursor() as cursor:
        cursor.execute("UPDATE orgs_user SET full_name = 'x'")


@routed
def test_an_api_tokens_write_pins_that_tokens_reads_to_the_primary(
    forms: None, world: World, replica_on: BaseDatabaseWrapper, rollups_verified: None
) -> None:
    """A token's client keeps no session: the pin after its write is kept on the token's row,
    in the database, so that the next request sees it whichever server process answers it."""
    report = submitted(world, {"qua-suat/ho-ngheo": 73_850})
    approver = make_user("pheduyet", world.province_org, RoleKind.APPROVER)
    consolidation = "/consolidation?under=66&period=2021Q1&approved_only=true"
    with time_machine.travel(EARLY_APRIL, tick=False) as clock:
        writer, other = Api(token_for(approver)), Api(token_for(world.province))
        before, primary, copy = api_read(writer, consolidation)
        assert "reporting_rollup" in tables(copy) and "reporting_" not in tables(primary)
        assert "73850" not in before  # sent, not approved yet

        # A refused write (no such report) changes nothing and pins nothing.
        assert writer.post("/reports/999999/approve").status_code == 404
        _, _, copy = api_read(writer, consolidation)
        assert "reporting_rollup" in tables(copy)

        with CaptureQueriesContext(connections["replica"]) as copy:
            answer = writer.post(f"/reports/{report.pk}/approve", {"comment": "Đúng"})
        assert answer.status_code == 200, answer.content
        assert len(copy) == 0  # the write, and the pin it left, went to the primary
        report.refresh_from_db()
        assert report.status == ReportStatus.APPROVED

        # Just after its write, this token reads the primary: its approval shows at once.
        page, primary, copy = api_read(writer, consolidation)
        assert "73850" in page
        assert len(copy) == 0 and "reporting_rollup" in tables(primary)
        # Another token, which wrote nothing, reads the replica.
        _, primary, elsewhere = api_read(other, consolidation)
        assert "reporting_rollup" in tables(elsewhere) and "reporting_" not in tables(primary)

        clock.shift(dt.timedelta(seconds=11))  # the pin (10 s by default) is over
        page, primary, copy = api_read(writer, consolidation)
        assert "73850" in page
        assert "reporting_rollup" in tables(copy) and "reporting_" not in tables(primary)
    assert only_reads(copy)


@routed
def test_the_leaders_pages_and_the_api_read_the_replica_and_stay_in_scope(
    forms: None, world: World, replica_on: BaseDatabaseWrapper, rollups_verified: None
) -> None:
    report = submitted(world, {"qua-suat/ho-ngheo": 73_850})
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
    from danvan.reporting import rollups

    rollups.refresh_reports([report.pk])
    province, outsider = client_for(world.province), client_for(world.outsider)
    query = "form=bc-quy&period=2021Q1"
    pages = [
        f"/bang-dieu-khien/?{query}",
        f"/kham-pha/?{query}",
        f"/tong-hop/?{query}",
        f"/tong-hop/tien-do/?{query}&state=all",
        f"/tong-hop/noi-dung/?{query}",
        f"/ban-do/?{query}",
        f"/ban-do/du-lieu.geojson?{query}",
        "/api/v1/consolidation?under=66&period=2021Q1",
    ]
    for url in pages:
        page, primary, copy = read_through(province, url)
        assert "reporting_" in tables(copy), url
        assert "reporting_" not in tables(primary), url
        assert only_reads(copy), url
        theirs, _, _ = read_through(outsider, url.replace("under=66", "under=68"))
        if url.startswith(("/tong-hop/?", "/api/", "/ban-do/du-lieu")):
            assert "73.850" in page or "73850" in page, url
            assert "73.850" not in theirs and "73850" not in theirs, url
    assert client_for(None).get(pages[0]).status_code == 302
    # A page that is not a leader's reads the primary.
    _, primary, copy = read_through(province, "/bao-cao/")
    assert len(copy) == 0 and "reporting_report" in tables(primary)


# --- the router itself ------------------------------------------------------------------


def _request(method: str = "GET", session: dict[str, Any] | None = None) -> Any:
    request = getattr(RequestFactory(), method.lower())("/tong-hop/")
    request.session = session or {}
    return request


def test_the_router_sends_reads_in_the_context_to_the_replica_and_writes_never(
    settings: Any,
) -> None:
    router = replica.ReplicaRouter()
    settings.DANVAN_REPLICA_ALIAS = "replica"
    assert router.db_for_read(Report) == "default"  # outside a leader's page
    with replica.replica_reads(_request()):
        assert router.db_for_read(Report) == "replica"
        assert router.db_for_read(User) == "replica"
        assert router.db_for_write(Report) == "default"
        assert router.db_for_write(User) == "default"
    assert router.db_for_read(Report) == "default"
    # A request that may write, or a user who has just written, reads the primary.
    for request in (
        _request("POST"),
        _request(session={replica.PIN_KEY: dt.datetime.now(dt.UTC).timestamp() + 5}),
    ):
        with replica.replica_reads(request):
            assert router.db_for_read(Report) == "default"
    with replica.replica_reads(_request(session={replica.PIN_KEY: 1.0})):  # long expired
        assert router.db_for_read(Report) == "replica"
    # Only the primary is migrated; rows of either may be linked.
    assert router.allow_migrate("default", "reporting") is True
    assert router.allow_migrate("replica", "reporting") is False
    one, other = Report(), Report()
    one._state.db, other._state.db = "replica", "default"
    assert router.allow_relation(one, other) is True
    other._state.db = "elsewhere"
    assert router.allow_relation(one, other) is None
    # No replica configured: everything on the primary.
    settings.DANVAN_REPLICA_ALIAS = ""
    with replica.replica_reads(_request()):
        assert router.db_for_read(Report) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_on_the_primary_stay_there(settings: Any) -> None:
    """A write's own reads must see what it wrote: in an open transaction (here the test's),
    a read in the context still goes to the primary."""
    settings.DANVAN_REPLICA_ALIAS = "replica"
    with replica.replica_reads(_request()):
        assert replica.ReplicaRouter().db_for_read(Report) == "default"


@pytest.mark.parametrize("url", ["", "postgres://reader@replica.internal:5432/danvan"])
def test_the_variable_adds_the_replica_alias_and_the_pin_window(url: str) -> None:
    root = Path(__file__).resolve().parents[3]
    script = (
        "from danvan import settings as s; "
        "print(sorted(s.DATABASES), s.DANVAN_REPLICA_ALIAS or '-', s.DANVAN_REPLICA_PIN_SECONDS, "
        "s.DATABASES.get('replica', {}).get('HOST'), "
        "s.DATABASES.get('replica', {}).get('TEST'), s.DATABASE_ROUTERS)"
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(root),
        "DANVAN_DATABASE_URL": "sqlite:////tmp/x.sqlite3",
        "DANVAN_DATABASE_REPLICA_URL": url,
        "DANVAN_REPLICA_PIN_SECONDS": "30" if url else "",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60,
        env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    router = "['danvan.core.replica.ReplicaRouter']"
    if url:
        expected = (
            f"['default', 'replica'] replica 30 replica.internal {{'MIRROR': 'default'}} {router}"
        )
    else:
        expected = f"['default'] - 10 None None {router}"
    assert done.stdout.strip() == expected

"""Concurrency: two saves of one report, two confirms of overlapping lists, saves during a long
import, run in real threads with their own database connections. Zero lost updates, zero
unexpected errors, on SQLite and PostgreSQL alike."""

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db import connections

from danvan.conftest import World, make_org, make_user
from danvan.core.periods import Period
from danvan.orgs.models import OrgKind, RoleKind
from danvan.reporting import actions, exchange
from danvan.reporting.loader import load_forms
from danvan.reporting.models import Report, ReportForm, ReportStatus
from danvan.welfare import actions as welfare
from danvan.welfare.models import Campaign, CampaignKind, Distribution, ImportBatch
from danvan.welfare.tests.test_ledger import ROWS, workbook

# Threads need committed data, flushed after the test (transactional tests run after all the
# others; those that need the unit list load it again, as `national_units` does here).
# On SQLite the test database is a file (danvan/conftest.py), so each thread meets the real lock.
pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*jobs: Callable[[], Any]) -> list[Any]:
    """Runs the jobs in threads released together; each result or the exception it raised."""
    start = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(i: int, job: Callable[[], Any]) -> None:
        try:
            start.wait()
            results[i] = job()
        except Exception as error:  # collected: the test says which are expected
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def two_saves_and_saves_during_a_long_import(world: World) -> None:
    women = make_org(OrgKind.WOMEN, world.commune_a_unit)
    officer = make_user("phunu_a", women, RoleKind.DATA_ENTRY)
    form = ReportForm.objects.get(code="bc-quy")
    report = Report.new(form, women, Period.parse("2021Q1"), status=ReportStatus.DRAFT)
    report.save()
    sessions = next(i for i in actions.items_of(form) if i.indicator.code == "tt-buoi")
    key = (sessions.indicator_id, None)
    today = dt.date(2021, 4, 3)

    def save(value: int) -> Callable[[], Report]:
        return lambda: actions.save_report(
            report, values={key: Decimal(value)}, narrative=None,
            version=report.version, today=today,acting_user=officer
        )  # fmt: skip

    first, second = at_once(save(5), save(7))
    saved = [r for r in (first, second) if isinstance(r, Report)]
    refused = [r for r in (first, second) if isinstance(r, actions.Conflict)]
    assert len(saved) == 1 and len(refused) == 1, (first, second)
    report.refresh_from_db()
    assert report.version == saved[0].version
    assert actions.stored_values(report)[key] == saved[0].values.get().value  # not lost

    # A long import into the other commune's report while this officer saves again and again.
    rows = [
        {"indicator": "tt-buoi", "period": f"2021{month:02d}", "unit": "24172",
         "organization": "Ủy ban MTTQ xã Hòa Phú", "breakdown": "", "value": str(month)}
        for month in range(1, 13)
    ] + [
        {"indicator": "tt-buoi", "period": "2021Q1", "unit": "24172",
         "organization": "Ủy ban MTTQ xã Hòa Phú", "breakdown": "", "value": "40"}
    ]  # fmt: skip

    def saves() -> int:
        for value in range(10, 20):
            fresh = Report.objects.get(pk=report.pk)
            actions.save_report(
                fresh, values={key: Decimal(value)}, narrative=None,
                version=fresh.version, today=today,acting_user=officer
            )  # fmt: skip
        return value

    imported, last = at_once(
        lambda: exchange.import_rows(rows, recorded_by=world.province, dry_run=False), saves
    )
    assert not isinstance(last, Exception), last
    assert not isinstance(imported, Exception), imported
    assert imported.errors == [] or all("tháng" in m or "kỳ" in m for _, m in imported.errors)
    assert actions.stored_values(Report.objects.get(pk=report.pk))[key] == last == 19


def two_confirms_of_overlapping_lists(world: World) -> None:
    district = world.commune_a_unit.parent
    assert district is not None
    campaign = Campaign.objects.create(
        name="Tết 2021",
        kind=CampaignKind.TET,
        starts=dt.date(2021, 1, 15),
        ends=dt.date(2021, 2, 11),
        organizer=make_org(OrgKind.FRONT, district),
        unit=district,
        target_groups=["ho-ngheo", "can-ngheo"],
    )
    women = make_org(OrgKind.WOMEN, world.commune_a_unit)
    one = make_user("phunu_1", women, RoleKind.DATA_ENTRY)
    two = make_user("phunu_2", women, RoleKind.DATA_ENTRY)
    # Two officers of one organization upload lists that share their first two lines.
    welfare.preview_upload(campaign, women, workbook(ROWS), "ds-1.xlsx", acting_user=one)
    welfare.preview_upload(
        campaign, women, workbook(ROWS[:2], title="DS bổ sung"), "ds-2.xlsx", acting_user=two
    )
    first = ImportBatch.objects.get(uploaded_by=one)
    second = ImportBatch.objects.get(uploaded_by=two)

    results = at_once(
        lambda: welfare.confirm_upload(first, acting_user=one),
        lambda: welfare.confirm_upload(second, acting_user=two),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == [], errors
    # Every line once: the overlap is recorded by whichever confirm came first, skipped by the
    # other.
    assert Distribution.objects.count() == 3
    assert sum(r.skipped for r in results) == 2
    assert ImportBatch.objects.exclude(confirmed_at=None).count() == 2


@pytest.fixture
def forms(national_units: None) -> None:
    """The report forms, which an earlier transactional test's flush may have emptied."""
    load_forms(apps)


def test_concurrent_saves_imports_and_confirms(forms: None, world: World) -> None:
    two_saves_and_saves_during_a_long_import(world)
    two_confirms_of_overlapping_lists(world)

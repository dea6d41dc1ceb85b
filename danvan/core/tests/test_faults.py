"""Fault injection: an exception at each write of an import leaves nothing behind.

Every database write Django makes (Model.save, QuerySet.bulk_create, bulk_update, update,
delete) is counted; the import is run again and again with a fault injected at the 1st, 2nd, …
write, until it gets through. After every failed run, the tables it touches must be exactly as
before.
"""

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import models
from django.db.models.query import QuerySet

from danvan.conftest import World, make_org, make_user
from danvan.orgs.models import OrgKind, RoleKind
from danvan.reporting import exchange
from danvan.reporting.models import (
    DataValue,
    NarrativeChange,
    Report,
    ReportEvent,
    ReportStatus,
    ValueChange,
)
from danvan.reporting.tests.test_consolidation import Q1, file_report
from danvan.welfare import actions as welfare
from danvan.welfare.models import (
    Campaign,
    CampaignKind,
    Distribution,
    DuplicatePair,
    Household,
    HouseholdGroup,
    ImportBatch,
)
from danvan.welfare.tests.test_ledger import ROWS, workbook

pytestmark = pytest.mark.django_db


class InjectedFault(Exception):
    pass


WRITES: list[tuple[Any, str]] = [
    (models.Model, "save"),
    (QuerySet, "bulk_create"),
    (QuerySet, "bulk_update"),
    (QuerySet, "update"),
    (QuerySet, "delete"),
    # The welfare ledger writes its rows past the ORM (COPY, executemany), one call a table.
    (welfare, "insert_rows"),
]


@contextlib.contextmanager
def fault_at(n: int, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Raises InjectedFault at the n-th database write inside the block."""
    count = [0]
    with monkeypatch.context() as patch:
        for owner, name in WRITES:
            original = getattr(owner, name)

            def wrapped(*args: Any, _original: Callable[..., Any] = original, **kwargs: Any) -> Any:
                count[0] += 1
                if count[0] == n:
                    raise InjectedFault(f"lỗi giả ở lần ghi thứ {n}")
                return _original(*args, **kwargs)

            patch.setattr(owner, name, wrapped)
        yield count


def snapshot(*querysets: QuerySet[Any]) -> list[list[tuple[Any, ...]]]:
    return [sorted(map(tuple, qs.values_list())) for qs in querysets]


def inject_everywhere(
    run: Callable[[], object], state: Callable[[], object], monkeypatch: pytest.MonkeyPatch
) -> int:
    """Runs `run` with a fault at each write in turn; returns how many faults were injected."""
    before = state()
    for n in range(1, 200):
        with fault_at(n, monkeypatch) as count:
            try:
                run()
            except InjectedFault:
                assert state() == before, f"partial write after a fault at write {n}"
                continue
        assert count[0] < n  # got through: every write of the import has had its fault
        return n - 1
    raise AssertionError("the import never got through")


def test_a_fault_at_any_write_of_a_data_value_import_leaves_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = file_report(
        world.commune_a_org,
        Q1,
        {"tt-buoi": 5},
        status=ReportStatus.RETURNED,
        sent=dt.datetime(2021, 4, 2, tzinfo=dt.UTC),
    )
    rows = [
        {"indicator": "tt-buoi", "period": "2021Q1", "unit": "24133",
         "organization": "Ủy ban MTTQ phường Thành Công", "breakdown": "", "value": "9"},
        {"indicator": "tt-buoi", "period": "2021Q1", "unit": "24172",
         "organization": "Ủy ban MTTQ xã Hòa Phú", "breakdown": "", "value": "6"},
        {"indicator": "gao-cuu-doi", "period": "2021Q1", "unit": "24172",
         "organization": "Ủy ban MTTQ xã Hòa Phú", "breakdown": "ho-ngheo", "value": "2.5"},
    ]  # fmt: skip

    def state() -> object:
        return snapshot(
            Report.objects.all(),
            DataValue.objects.all(),
            ValueChange.objects.all(),
            NarrativeChange.objects.all(),
            ReportEvent.objects.all(),
        )

    def run() -> None:
        result = exchange.import_rows(rows, recorded_by=world.province)
        assert result.ok, result.errors

    faults = inject_everywhere(run, state, monkeypatch)
    assert faults >= 5
    assert DataValue.objects.get(report=report, indicator__code="tt-buoi").value == 9
    assert DataValue.objects.filter(indicator__code="gao-cuu-doi").get().value == Decimal("2.5")


def test_a_fault_at_any_write_of_a_list_confirm_leaves_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
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
    officer = make_user("phunu_a", women, RoleKind.DATA_ENTRY)
    welfare.preview_upload(campaign, women, workbook(ROWS), "ds.xlsx", acting_user=officer)
    batch = ImportBatch.objects.get()

    def state() -> object:
        return snapshot(
            Household.objects.all(),
            HouseholdGroup.objects.all(),
            Distribution.objects.all(),
            DuplicatePair.objects.all(),
            ImportBatch.objects.all(),
        )

    # Recording is all-or-nothing; the pair search runs after it commits, on its own (a fault
    # there leaves the list recorded and the search to be run again).
    faults = inject_everywhere(lambda: welfare.record_upload(batch), state, monkeypatch)
    assert faults >= 4
    assert Distribution.objects.count() == 3
    assert ImportBatch.objects.get().confirmed_at is not None

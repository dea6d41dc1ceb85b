"""A report the level above reopened after approving it is "reopened" in the data files, as its
page says, not "returned" (a refusal): in both eras, in the page's CSV and JSON and in the API's
dataValueSets (JSON and CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from danvan.api.actions import create_token
from danvan.conftest import make_org, make_user
from danvan.geo.loader import REFORM_DATE
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Organization, OrgKind, RoleKind, User
from danvan.reporting.models import EventKind, Report, ReportStatus
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.helpers import VALID, post_data

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# (unit code, the day the unit existed, the quarter, a day early in the next quarter)
ERAS = {
    "2021": ("24133", dt.date(2021, 3, 31), "2021Q1", dt.datetime(2021, 4, 3, 9, tzinfo=TZ)),
    "today": ("24133", REFORM_DATE, "2025Q3", dt.datetime(2025, 10, 3, 9, tzinfo=TZ)),
}


def _reopened_and_approved(bloc: Bloc, era: str) -> tuple[Report, Report, User]:
    """Two Women's Union reports of the era's quarter, sent by their officers and approved by
    the province; the first then reopened by the province, as the pages do it."""
    code, day, period, _ = ERAS[era]
    unit = AdminUnit.objects.by_code(code, day)
    other = AdminUnit.objects.filter(parent=unit.parent, level=unit.level).exclude(pk=unit.pk)
    reports, officers = [], []
    for n, place in enumerate([unit, other.order_by("pk").first()]):
        assert place is not None
        women = (
            bloc.women_a
            if place == bloc.women_a.admin_unit
            else make_org(OrgKind.WOMEN, place, f"Hội LHPN {place.name}")
        )
        officer = (
            bloc.entry_a
            if women == bloc.women_a
            else make_user(f"nhaplieu_{era}_{n}", women, RoleKind.DATA_ENTRY)
        )
        reports.append(_sent_and_approved(bloc, women, officer, period))
        officers.append(officer)
    approver = client_for(bloc.approver)
    reopened = reports[0]
    approver.post(
        f"/bao-cao/{reopened.pk}/xu-ly/",
        {
            "action": "reopen",
            "comment": "Bổ sung số buổi tuyên truyền.",
            "version": reopened.version,
        },
    )
    reopened.refresh_from_db()
    assert (reopened.status, reopened.reopened) == (ReportStatus.RETURNED, True)
    assert reopened.events.last().kind == EventKind.REOPENED  # type: ignore[union-attr]
    return reopened, reports[1], officers[0]


def _sent_and_approved(bloc: Bloc, women: Organization, officer: User, period: str) -> Report:
    client = client_for(officer)
    client.post("/bao-cao/lap/", {"form": "bc-quy", "org": women.pk, "period": period})
    report = Report.objects.get(organization=women, period=period)
    client.post(f"/bao-cao/{report.pk}/", post_data(report, VALID, action="submit"))
    report.refresh_from_db()
    client_for(bloc.approver).post(
        f"/bao-cao/{report.pk}/xu-ly/", {"action": "approve", "version": report.version}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    return report


def _statuses(rows: list[dict[str, str]], unit_key: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row[unit_key], set()).add(row["status"])
    return found


@pytest.mark.parametrize("era", list(ERAS))
def test_exports_call_a_reopened_report_reopened_as_its_page_does(bloc: Bloc, era: str) -> None:
    _, _, period, early_next = ERAS[era]
    with time_machine.travel(early_next, tick=False):
        reopened, approved, officer = _reopened_and_approved(bloc, era)
        page = client_for(bloc.approver).get(f"/bao-cao/{reopened.pk}/").content.decode()
        assert "Mở lại để sửa" in page and "Bị trả lại" not in page
        expected = {reopened.unit.code: {"reopened"}, approved.unit.code: {"approved"}}

        approver = client_for(bloc.approver)
        url = f"/tong-hop/du-lieu/?export=1&period={period}"
        as_csv = approver.get(url + "&format=csv").content.decode("utf-8-sig")
        assert _statuses(list(csv.DictReader(io.StringIO(as_csv))), "unit") == expected
        as_json = json.loads(approver.get(url + "&format=json").content.decode("utf-8-sig"))
        assert _statuses(as_json, "unit") == expected

        token = create_token(
            bloc.approver, "thử", days=30, read_only=True, acting_user=bloc.approver
        )[1]
        api = Client(headers={"Authorization": f"Bearer {token}"})
        answer = api.get("/api/v1/dataValueSets", {"period": period})
        assert answer.status_code == 200, answer.content
        assert _statuses(answer.json()["dataValues"], "orgUnit") == expected
        api_csv = api.get("/api/v1/dataValueSets", {"period": period, "format": "csv"})
        rows = list(csv.DictReader(io.StringIO(api_csv.content.decode("utf-8-sig"))))
        assert _statuses(rows, "unit") == expected

        # Sent again by its officer, the report is "submitted" once more.
        client_for(officer).post(
            f"/bao-cao/{reopened.pk}/", post_data(reopened, VALID, action="submit")
        )
        reopened.refresh_from_db()
        assert (reopened.status, reopened.reopened) == (ReportStatus.SUBMITTED, False)
        rows = json.loads(approver.get(url + "&format=json").content.decode("utf-8-sig"))
        assert _statuses(rows, "unit")[reopened.unit.code] == {"submitted"}

"""The demo's 2021 quarter tells people what a real one would: the province's decisions on the
units' reports reach the units' officers, on the day they were taken."""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from danvan.demo.management.commands.demo import DEMO_PASSWORD
from danvan.demo.reports import load_demo_reports
from danvan.orgs.models import Notification
from danvan.orgs.notices import users_of
from danvan.reporting.models import EventKind, Report, ReportEvent, ReportStatus

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
RETURN_REASON = (
    "Đề nghị tách số suất quà theo từng nhóm đối tượng cho đúng thực tế và bổ sung phần tồn "
    "tại, hạn chế."
)


def _signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def test_the_2021_decisions_of_the_demo_reach_the_units_officers() -> None:
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=TZ), tick=False):
        call_command("demo", "--accounts-only", stdout=io.StringIO())
        load_demo_reports(io.StringIO())
    returned = Report.objects.get(period="2021Q1", status=ReportStatus.RETURNED)
    assert (returned.unit.code, returned.org_kind) == ("24133", "women")
    event = returned.events.get(kind=EventKind.RETURNED)
    assert event.comment == RETURN_REASON
    assert event.at.astimezone(TZ).date() < dt.date(2021, 5, 1)

    # Phường Thành Công's officer finds the return among their notices, dated the day of it,
    # unread, leading to the report, which says why.
    page = _signed_in("thanhcong.nhaplieu").get("/thong-bao/").content.decode()
    notice = re.search(r'<li class="unread">([^<]*) — <a href="([^"]+)">([^<]*)</a>', page)
    assert notice is not None
    when, url, text = notice.groups()
    assert url == f"/bao-cao/{returned.pk}/"
    assert text == (
        f"Báo cáo công tác dân vận quý I/2021 của {returned.organization.name} bị trả lại: "
        f"{RETURN_REASON}"
    )
    assert when == timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M")
    report_page = _signed_in("thanhcong.nhaplieu").get(url).content.decode()
    assert 'id="return-reason"' in report_page and RETURN_REASON in report_page

    # Every decision of the quarter told every officer of the unit (and of the units that
    # took it over), as the action does; the approvals as well as the return.
    decisions = ReportEvent.objects.filter(
        report__period="2021Q1", kind__in=[EventKind.APPROVED, EventKind.RETURNED]
    ).select_related("report__organization")
    assert decisions.filter(kind=EventKind.APPROVED).count() > 100
    told_some = 0
    for decision in decisions:
        people = {u.pk for u in users_of([decision.report.organization])}
        key = f"report-{decision.report_id}-{decision.kind}-"
        notices = Notification.objects.filter(key__startswith=key)
        assert set(notices.values_list("user_id", flat=True)) == people, decision.report
        assert all(n.created_at == decision.at for n in notices)
        told_some += bool(people)
    assert told_some >= 2  # Thành Công's return, the province's own report's approval…
    # Nothing of the quarter was reopened after approval (a reopening would tell the unit).
    assert not ReportEvent.objects.filter(kind=EventKind.REOPENED).exists()

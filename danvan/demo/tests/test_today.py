"""The demo's current quarter: whatever day it is loaded, today's province and today's communes
have work in progress, dated inside the quarter and inside the units' validity, and the 2021
quarter stays as it was."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from django.test import Client
from django.utils.html import escape

from danvan.core.periods import Period, PeriodType
from danvan.demo import today as demo_today
from danvan.directives.models import Meeting, Task, TaskUpdate
from danvan.geo.loader import REFORM_DATE
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Organization, User
from danvan.outreach.models import PropagandaSession
from danvan.reporting.models import Report, ReportEvent, ReportStatus
from danvan.situation.models import (
    OPEN_STATUSES,
    Incident,
    IncidentUpdate,
    Recommendation,
    RecommendationStatus,
    Severity,
    SituationNote,
)
from danvan.vi import format_number
from danvan.welfare.models import Campaign, Distribution, DistributionKind

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Twelve days into the first quarter of today's units; late in a quarter; within a lean season.
DAYS = [dt.date(2025, 7, 13), dt.date(2026, 12, 28), dt.date(2027, 5, 3)]


@pytest.mark.parametrize("day", DAYS, ids=[d.isoformat() for d in DAYS])
def test_the_current_quarter_as_loaded_on(day: dt.date) -> None:
    """The demo loaded on `day` (accounts and today's work), each page asked on that day."""
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=TZ), tick=False):
        call_command("demo", "--accounts-only", stdout=io.StringIO())
        out = io.StringIO()
        demo_today.load_demo_today(out)
        assert "(đơn vị hiện nay)" in out.getvalue()
        for check in (
            _the_province_sees_each_report_state_of_the_quarter,
            _the_wards_officer_finds_the_returned_report_and_its_reason,
            _the_approver_has_unread_notices_only_of_the_reports_waiting,
            _open_incidents_one_hot_and_escalated_to_the_province,
            _sessions_of_the_quarter_in_todays_communes,
            _the_briefing_tasks_one_overdue_with_progress,
            _recommendations_await_an_answer,
            _the_campaign_on_the_consolidation_is_its_ledger,
            _every_date_lies_in_the_quarter_and_in_the_units_validity,
            _loading_again_keeps_what_is_there,
        ):
            check(day)


def _page(user: str, url: str) -> str:
    client = Client()
    client.force_login(User.objects.get(username=user))
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _ledger(page: str, figure: int) -> bool:
    """Whether the page sets `figure` beside the reports' as the ledger's ("Sổ chăm lo: 573")."""
    return re.search(rf"Sổ chăm lo: {re.escape(format_number(figure))}(?![\d.])", page) is not None


def _quarter(day: dt.date) -> tuple[Period, dt.date]:
    period = Period.containing(PeriodType.QUARTER, day)
    return period, max(period.start, REFORM_DATE)


def _province(day: dt.date) -> AdminUnit:
    return AdminUnit.objects.by_code("66", day)


def _home_ward(day: dt.date) -> AdminUnit:
    return AdminUnit.objects.by_code("24133", day)


def _the_province_sees_each_report_state_of_the_quarter(loaded: dt.date) -> None:
    period, _ = _quarter(loaded)
    province = _province(loaded)
    reports = Report.objects.filter(period=period.code, unit__path__startswith=province.path)
    states = dict(reports.values_list("status").annotate(n=Count("id")))
    assert set(states) == set(ReportStatus.values) and states[ReportStatus.RETURNED] == 1
    for status in ReportStatus.values:
        first = reports.filter(status=status).order_by("unit__sort_name", "org_kind").first()
        assert first is not None
        page = _page("tinh.pheduyet", f"/bao-cao/?status={status}&period={period.code}")
        assert f"/bao-cao/{first.pk}/" in page, status
    # Organizations that have not started are missing from the completeness page: those of a
    # ward where nobody has begun, and some in the wards at work.
    page = _page("tinh.pheduyet", f"/tong-hop/tien-do/?period={period.code}&state=missing")
    idle = Organization.objects.filter(admin_unit__code="24154", valid_to__isnull=True)
    assert idle and all(escape(o.name) in page for o in idle)
    at_work = Organization.objects.filter(
        admin_unit__code__in=demo_today.ACTIVE, valid_to__isnull=True
    ).exclude(reports__period=period.code)
    assert at_work and all(escape(o.name) in page for o in at_work)
    # The province's approver is asked first about this quarter's reports, not 2021's: the
    # latest sent is at the top of what waits for their decision.
    home = _page("tinh.pheduyet", "/")
    waiting = reports.filter(status=ReportStatus.SUBMITTED).order_by("-submitted_at").first()
    assert waiting is not None and f"/bao-cao/{waiting.pk}/" in home
    assert f"quý {period.label.split()[1]}" in home  # "quý III/2025"


def _the_wards_officer_finds_the_returned_report_and_its_reason(loaded: dt.date) -> None:
    period, _ = _quarter(loaded)
    returned = Report.objects.get(period=period.code, status=ReportStatus.RETURNED)
    assert returned.organization.name == "Hội Liên hiệp Phụ nữ phường Buôn Ma Thuột"
    event = returned.events.get(kind="returned")
    assert event.user is not None and event.user.username == "tinh.kiemtra"
    home = _page("buonmathuot.nhaplieu", "/")
    assert "Báo cáo bị trả lại, cần sửa" in home and f"/bao-cao/{returned.pk}/" in home
    assert demo_today.RETURN_REASON in home
    notices = User.objects.get(username="buonmathuot.nhaplieu").notifications
    assert notices.filter(text__contains="bị trả lại").exists()
    # Another ward's officer sees nothing of Buôn Ma Thuột's report.
    other = _page("eakao.mttq", "/")
    assert f"/bao-cao/{returned.pk}/" not in other


def _the_approver_has_unread_notices_only_of_the_reports_waiting(loaded: dt.date) -> None:
    period, _ = _quarter(loaded)
    sent = Report.objects.filter(period=period.code, submitted_at__isnull=False)
    told = User.objects.get(username="tinh.pheduyet").notifications.filter(
        key__contains="-submitted-"
    )
    waiting = {f"/bao-cao/{r.pk}/" for r in sent.filter(status=ReportStatus.SUBMITTED)}
    assert waiting and set(told.filter(read_at__isnull=True).values_list("url", flat=True)) == (
        waiting
    )
    # Told once of every report sent; those already decided were read when decided.
    read = told.filter(read_at__isnull=False)
    assert told.count() == sent.count() and read.count() == sent.count() - len(waiting)
    assert all(n.created_at <= n.read_at for n in read if n.read_at is not None)
    assert all(n.created_at.astimezone(TZ).date() >= period.start for n in told)


def _open_incidents_one_hot_and_escalated_to_the_province(loaded: dt.date) -> None:
    period, _ = _quarter(loaded)
    province, ward = _province(loaded), _home_ward(loaded)
    incidents = Incident.objects.filter(reported_on__gte=period.start)
    open_ones = incidents.filter(status__in=OPEN_STATUSES)
    assert open_ones.count() == 4 and incidents.count() == 5
    hot = incidents.get(severity=Severity.HOT)
    assert hot.updates.count() == 2 and hot.unit.code == "24211"
    page = _page("tinh.pheduyet", f"/co-so/vu-viec/?period={period.code}")
    assert all(i.title in page for i in open_ones)
    # Only the hot one went unreported long enough to rise to the province's worklist.
    home = _page("tinh.pheduyet", "/")
    assert [i.title for i in open_ones if i.title in home] == [hot.title]
    assert "Vụ việc chuyển lên cấp mình" in home
    mine = _page("buonmathuot.nhaplieu", f"/co-so/vu-viec/?period={period.code}")
    assert [i.title for i in open_ones if i.title in mine] == [
        i.title for i in open_ones.filter(unit=ward)
    ]
    assert open_ones.filter(unit=ward).exists() and province.pk != ward.pk


def _sessions_of_the_quarter_in_todays_communes(loaded: dt.date) -> None:
    period, _ = _quarter(loaded)
    sessions = PropagandaSession.objects.filter(held_on__gte=period.start)
    ward = _home_ward(loaded)
    in_ward = sessions.filter(unit=ward).count()
    assert in_ward > 0 and sessions.count() > 40
    page = _page("tinh.xem", f"/co-so/tuyen-truyen/?period={period.code}")
    assert f'id="total-sessions">{format_number(sessions.count())}<' in page
    mine = _page("buonmathuot.nhaplieu", f"/co-so/tuyen-truyen/?period={period.code}")
    assert f'id="total-sessions">{format_number(in_ward)}<' in mine
    assert "Phường Buôn Ma Thuột" in mine and "Xã Ea Súp" not in mine


def _the_briefing_tasks_one_overdue_with_progress(loaded: dt.date) -> None:
    period, _ = _quarter(loaded)
    meeting = Meeting.objects.get(period=period.code, held_on__gte=REFORM_DATE)
    tasks = Task.objects.filter(meeting=meeting)
    overdue = tasks.filter(deadline__lt=loaded, done_on__isnull=True)
    assert overdue.count() == 1 and tasks.filter(done_on=loaded).count() == 1
    assert tasks.filter(deadline__gte=loaded, done_on__isnull=True).count() == 3
    assert TaskUpdate.objects.filter(task__meeting=meeting).count() == 3
    home = _page("tinh.pheduyet", "/")
    late = overdue.get()
    assert "Nhiệm vụ quá hạn" in home and late.title in home
    page = _page("tinh.pheduyet", "/co-so/nhiem-vu/?state=overdue")
    assert late.title in page
    ward_task = tasks.get(owners__admin_unit__code="24133", owners__kind="women")
    assert ward_task.title in _page("buonmathuot.nhaplieu", "/")


def _recommendations_await_an_answer(loaded: dt.date) -> None:
    period, _ = _quarter(loaded)
    recs = Recommendation.objects.filter(sent_on__gte=period.start)
    waiting = recs.filter(status=RecommendationStatus.SENT)
    assert waiting.count() == 2 and recs.filter(status=RecommendationStatus.ANSWERED).count() == 1
    home = _page("tinh.quantri", "/")
    province_one = waiting.get(unit=_province(loaded))
    assert "Tham mưu chờ trả lời" in home and province_one.text[:60] in home


def _the_campaign_on_the_consolidation_is_its_ledger(loaded: dt.date) -> None:
    period, _ = _quarter(loaded)
    campaign = Campaign.objects.get(starts__gte=REFORM_DATE, starts__lte=loaded)
    lines = Distribution.objects.filter(campaign=campaign)
    assert lines.count() > 300 and lines.exclude(household__isnull=True).exists()
    gifts = lines.filter(kind=DistributionKind.GIFT).aggregate(
        q=Sum("quantity"), v=Sum("value_vnd")
    )
    page = _page("tinh.pheduyet", f"/tong-hop/?period={period.code}")
    assert _ledger(page, int(gifts["q"]))
    assert _ledger(page, gifts["v"])
    rice = lines.filter(kind=DistributionKind.RICE).aggregate(q=Sum("quantity"))["q"]
    assert (rice is not None) == (period.index == 2)
    if rice is not None:
        assert _ledger(page, int(rice))
    dashboard = _page("tinh.pheduyet", "/bang-dieu-khien/")
    assert period.label in dashboard
    assert _ledger(dashboard, int(gifts["q"]))
    # The ward's own part of it, on the ward officer's consolidation.
    ward = lines.filter(commune=_home_ward(loaded), kind=DistributionKind.GIFT)
    mine = _page("buonmathuot.nhaplieu", "/tong-hop/")
    assert _ledger(mine, int(ward.aggregate(q=Sum("quantity"))["q"]))


def _every_date_lies_in_the_quarter_and_in_the_units_validity(loaded: dt.date) -> None:
    period, start = _quarter(loaded)
    span = (start, loaded)
    dated = {
        "session": PropagandaSession.objects.filter(held_on__gte=period.start).values_list(
            "unit", "held_on"
        ),
        "incident": Incident.objects.filter(reported_on__gte=period.start).values_list(
            "unit", "occurred_on"
        ),
        "update": IncidentUpdate.objects.filter(on__gte=period.start).values_list(
            "incident__unit", "on"
        ),
        "line": Distribution.objects.filter(date__gte=period.start).values_list("commune", "date"),
        "note": SituationNote.objects.filter(period=period.code).values_list("unit", "created_at"),
        "recommendation": Recommendation.objects.filter(sent_on__gte=period.start).values_list(
            "unit", "sent_on"
        ),
        "answer": Recommendation.objects.filter(answered_on__gte=period.start).values_list(
            "unit", "answered_on"
        ),
        "meeting": Meeting.objects.filter(period=period.code).values_list("unit", "held_on"),
    }
    units = {u.pk: u for u in AdminUnit.objects.filter(valid_from__gte=REFORM_DATE)}
    for name, rows in dated.items():
        assert rows, name
        for unit_id, when in rows:
            assert when is not None, name
            day = when.astimezone(TZ).date() if isinstance(when, dt.datetime) else when
            assert span[0] <= day <= span[1], (name, day)
            unit = units[unit_id]  # one of today's units, in force on that day
            assert unit.valid_from is not None and unit.valid_from <= day
            assert unit.valid_to is None or day <= unit.valid_to
    now = dt.datetime(loaded.year, loaded.month, loaded.day, 10, tzinfo=TZ)
    events = ReportEvent.objects.filter(report__period=period.code)
    assert events.exists()
    for at in events.values_list("at", flat=True):
        assert at is not None
        assert dt.datetime.combine(start, dt.time(), TZ) <= at <= now
    sent = Report.objects.filter(period=period.code, first_submitted_at__isnull=False)
    assert all(r.submitted_at is not None and r.submitted_at <= now for r in sent)
    orgs = Organization.objects.filter(
        Q(reports__period=period.code) | Q(tasks__meeting__period=period.code)
    ).distinct()
    assert orgs and all(o.valid_from == REFORM_DATE and o.valid_to is None for o in orgs)
    # Only the deadlines ahead are after today.
    assert Task.objects.filter(meeting__period=period.code, deadline__gt=loaded).exists()


def _loading_again_keeps_what_is_there(loaded: dt.date) -> None:
    before = _counts()
    out = io.StringIO()
    demo_today.load_demo_today(out)
    assert "mẫu đã có, giữ nguyên" in out.getvalue()
    assert _counts() == before


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Report, ReportEvent, Distribution, PropagandaSession, Incident, Task, User)
    }


def _snapshot_2021() -> dict[str, object]:
    """What the 2021 quarter holds: its reports and their totals, ledger, sessions, incidents,
    recommendations and briefing."""
    out = io.StringIO()
    call_command("consolidate", "--under", "66", "--period", "2021Q1", "--json", stdout=out)
    y2021 = dt.date(2021, 12, 31)
    reports = Report.objects.filter(period="2021Q1")
    return {
        "totals": json.loads(out.getvalue()),
        "reports": sorted(reports.values_list("organization_id", "status", "version")),
        "events": ReportEvent.objects.filter(report__period="2021Q1").count(),
        "ledger": Distribution.objects.filter(date__lte=y2021).aggregate(
            n=Count("id"), q=Sum("quantity"), v=Sum("value_vnd")
        ),
        "households": Distribution.objects.filter(date__lte=y2021)
        .values("household")
        .distinct()
        .count(),
        "sessions": PropagandaSession.objects.filter(held_on__lte=y2021).aggregate(
            n=Count("id"), a=Sum("audience")
        ),
        "incidents": sorted(
            Incident.objects.filter(reported_on__lte=y2021).values_list(
                "title", "status", "last_update_on"
            )
        ),
        "recommendations": sorted(
            Recommendation.objects.filter(sent_on__lte=y2021).values_list("text", "status")
        ),
        "tasks": sorted(
            Task.objects.filter(meeting__period="2021Q1").values_list("title", "deadline")
        ),
        "notes": SituationNote.objects.filter(period="2021Q1").count(),
    }


def test_the_2021_quarter_is_unchanged_by_the_current_one() -> None:
    day = dt.datetime(2026, 11, 20, 10, tzinfo=TZ)
    with time_machine.travel(day, tick=False):
        call_command("demo", "--accounts-only", stdout=io.StringIO())
        from danvan.demo.fieldwork import load_demo_fieldwork
        from danvan.demo.reports import load_demo_reports
        from danvan.demo.welfare import load_demo_welfare

        for load in (load_demo_reports, load_demo_welfare, load_demo_fieldwork):
            load(io.StringIO())
        before = _snapshot_2021()
        demo_today.load_demo_today(io.StringIO())
        assert Report.objects.filter(period="2026Q4").exists()
        assert _snapshot_2021() == before
    assert before["totals"]["qua-suat"]["total"] == 73_850  # type: ignore[index]
    ledger = before["ledger"]
    assert ledger["q"] > 73_850 and ledger["v"] == 33_214_000_000  # type: ignore[index]

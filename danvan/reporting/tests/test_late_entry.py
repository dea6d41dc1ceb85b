"""A locked draft let in late: the approver above allows it until a day, with a reason; the
unit then saves and sends it; after that day it is locked again. Both eras: a 2021 commune's
draft, today's commune's, and the draft of an organization ended by the reorganization."""

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client

from danvan.conftest import make_org, make_user
from danvan.geo.loader import REFORM_DATE
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Notification, Organization, OrgKind, RoleKind, User
from danvan.reporting.models import (
    DataValue,
    EventKind,
    LateEntry,
    Report,
    ReportEvent,
    ReportStatus,
)
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.helpers import VALID, post_data, stored


def at(day: str) -> time_machine.travel:
    return time_machine.travel(f"{day} 09:00 +0700", tick=False)


def open_report(user: User, org: Organization, period: str) -> Report:
    response = client_for(user).post(
        "/bao-cao/lap/", {"form": "bc-quy", "org": org.pk, "period": period}
    )
    report = Report.objects.get(organization=org, period=period)
    assert response["Location"] == f"/bao-cao/{report.pk}/"
    return report


def allow(
    user: User | None,
    report: Report,
    until: str,
    reason: str = "Mất điện cả tuần.",
    *,
    follow: bool = False,
):
    return client_for(user).post(
        f"/bao-cao/{report.pk}/nop-bo-sung/", {"until": until, "reason": reason}, follow=follow
    )


def save(user: User, report: Report, action: str = "save"):
    report.refresh_from_db()
    return client_for(user).post(f"/bao-cao/{report.pk}/", post_data(report, VALID, action=action))


def page(user: User, report: Report) -> str:
    return client_for(user).get(f"/bao-cao/{report.pk}/").content.decode()


def nothing_allowed(report: Report) -> None:
    report.refresh_from_db()
    assert report.late_entry_until is None
    assert not LateEntry.objects.filter(report=report).exists()
    assert not ReportEvent.objects.filter(report=report, kind=EventKind.LATE_ENTRY).exists()


@pytest.fixture
def locked_2021(bloc: Bloc) -> Iterator[Report]:
    """Phường Thành Công's Women's Union opened its quarter I/2021 report and did not send it by
    30/04/2021, when the quarter locked; it is 10/05/2021."""
    with at("2021-04-03"):
        report = open_report(bloc.entry_a, bloc.women_a, "2021Q1")
    with at("2021-05-10"):
        yield report


def test_the_approver_lets_a_2021_communes_locked_draft_in_and_the_unit_sends_it(
    bloc: Bloc, locked_2021: Report
) -> None:
    report = locked_2021
    refused = save(bloc.entry_a, report).content.decode()
    assert "Kỳ báo cáo đã khóa từ ngày 30/04/2021; liên hệ cấp trên" in refused
    assert 'id="late-entry-form"' not in page(bloc.entry_a, report)  # not the unit's to give

    approver_page = page(bloc.approver, report)
    box = approver_page[approver_page.index('id="late-entry-form"') :]
    assert 'name="until" value="2021-05-17"' in box  # a week by default
    assert 'min="2021-05-10" max="2021-06-09"' in box
    version = Report.objects.get(pk=report.pk).version
    response = allow(bloc.approver, report, "17/05/2021", "Cán bộ nhập liệu nghỉ ốm.")
    assert response.status_code == 302 and response["Location"] == f"/bao-cao/{report.pk}/"

    report.refresh_from_db()
    assert report.late_entry_until == dt.date(2021, 5, 17)
    assert report.status == ReportStatus.DRAFT and report.version == version
    entry = LateEntry.objects.get(report=report)
    assert (entry.until, entry.previous_until, entry.user, entry.reason) == (
        dt.date(2021, 5, 17),
        None,
        bloc.approver,
        "Cán bộ nhập liệu nghỉ ốm.",
    )
    event = ReportEvent.objects.get(report=report, kind=EventKind.LATE_ENTRY)
    assert event.user == bloc.approver
    assert event.comment == "đến hết ngày 17/05/2021: Cán bộ nhập liệu nghỉ ốm."
    assert [n.text for n in Notification.objects.filter(user=bloc.entry_a)] == [
        f"Báo cáo công tác dân vận quý I/2021 của {bloc.women_a.name} được cấp trên cho nộp "
        "bổ sung đến hết ngày 17/05/2021: Cán bộ nhập liệu nghỉ ốm."
    ]
    assert not Notification.objects.filter(user=bloc.entry_b).exists()  # another commune

    home = client_for(bloc.entry_a).get("/").content.decode()
    worklist = home[home.index('id="worklist"') :]
    assert "Báo cáo được cho nộp bổ sung" in worklist and "17/05/2021" in worklist
    unit_page = page(bloc.entry_a, report)
    assert "cấp trên cho phép nộp bổ sung đến hết ngày 17/05/2021" in unit_page
    assert 'id="late-entry-until">17/05/2021<' in unit_page
    assert "Cho nộp bổ sung" in unit_page[unit_page.index('id="events"') :]
    assert save(bloc.entry_a, report).status_code == 302
    assert stored(report, "tt-buoi") == 5
    with at("2021-05-17"):  # the last day allowed
        assert save(bloc.entry_a, report, "submit").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_after_the_day_allowed_the_draft_is_locked_again_naming_that_day(
    bloc: Bloc, locked_2021: Report
) -> None:
    report = locked_2021
    allow(bloc.approver, locked_2021, "2021-05-12")
    with at("2021-05-13"):
        response = save(bloc.entry_a, report)
        shown = page(bloc.entry_a, report)
    text = (
        "Kỳ báo cáo đã khóa từ ngày 30/04/2021; hạn cấp trên cho nộp bổ sung đã hết ngày 12/05/2021"
    )
    assert text in response.content.decode() and text in shown
    assert 'name="action" value="save"' not in shown
    assert not DataValue.objects.filter(report=report).exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT

    # Asked again, the approver gives a few more days; the history keeps both decisions.
    with at("2021-05-13"):
        allow(bloc.approver, report, "2021-05-15", "Xin thêm hai ngày.")
        assert save(bloc.entry_a, report).status_code == 302
    assert [(e.previous_until, e.until) for e in LateEntry.objects.filter(report=report)] == [
        (None, dt.date(2021, 5, 12)),
        (dt.date(2021, 5, 12), dt.date(2021, 5, 15)),
    ]
    assert stored(report, "tt-buoi") == 5


def test_the_unit_a_reviewer_outsiders_and_visitors_cannot_allow_late_entry(
    bloc: Bloc, locked_2021: Report
) -> None:
    report = locked_2021
    own_approver = make_user("pheduyet_hpn_xa_a", bloc.women_a, RoleKind.APPROVER)
    outsider = make_user("pheduyet_ngoai", bloc.world.outside_org, RoleKind.APPROVER)
    for user in (bloc.entry_a, own_approver, bloc.reviewer):
        assert allow(user, report, "2021-05-17").status_code == 403, user
        assert allow(user, report, "").status_code == 403, user  # whatever is posted
    assert allow(bloc.entry_b, report, "2021-05-17").status_code == 404  # another commune
    assert allow(outsider, report, "2021-05-17").status_code == 404  # learns nothing
    visitor = Client().post(
        f"/bao-cao/{report.pk}/nop-bo-sung/", {"until": "2021-05-17", "reason": "x"}
    )
    assert visitor.status_code == 302 and visitor["Location"].startswith("/dang-nhap/")
    nothing_allowed(report)
    assert not Notification.objects.exists()
    for user in (bloc.entry_a, own_approver, bloc.reviewer):
        assert 'id="late-entry-form"' not in page(user, report)


@pytest.mark.parametrize(
    ("until", "reason", "message"),
    [
        ("2021-05-09", "Mất điện.", "không được trước hôm nay (10/05/2021)"),
        ("2021-06-10", "Mất điện.", "tối đa 30 ngày, đến hết ngày 09/06/2021"),
        ("2021-05-17", "  ", "Ghi rõ lý do cho nộp bổ sung."),
        ("", "Mất điện.", "Chọn ngày hết hạn nộp bổ sung."),
        ("17/13/2021", "Mất điện.", "không hợp lệ"),
    ],
)
def test_a_day_out_of_bounds_or_no_reason_allows_nothing(
    bloc: Bloc, locked_2021: Report, until: str, reason: str, message: str
) -> None:
    response = allow(bloc.approver, locked_2021, until, reason, follow=True)
    assert response.redirect_chain == [(f"/bao-cao/{locked_2021.pk}/", 302)]
    assert message in response.content.decode()
    nothing_allowed(locked_2021)
    assert not Notification.objects.exists()


def test_only_a_locked_draft_is_let_in_late(bloc: Bloc) -> None:
    with at("2021-04-03"):
        report = open_report(bloc.entry_a, bloc.women_a, "2021Q1")
        assert 'id="late-entry-form"' not in page(bloc.approver, report)
        response = allow(bloc.approver, report, "2021-04-10", follow=True)
        assert "Kỳ báo cáo chưa khóa: đơn vị vẫn nhập và gửi được đến hết ngày 30/04/2021" in (
            response.content.decode()
        )
        save(bloc.entry_a, report, "submit")
    nothing_allowed(report)
    with at("2021-05-10"):
        response = allow(bloc.approver, report, "2021-05-17", follow=True)
        assert "Báo cáo đang ở trạng thái «Đã gửi»" in response.content.decode()
    nothing_allowed(report)


# --- today's units --------------------------------------------------------------------------


@pytest.fixture
def today_union(bloc: Bloc) -> tuple[Organization, User]:
    """Today's Women's Union of Phường Buôn Ma Thuột (a ward of the two-tier province) and its
    officer."""
    ward = AdminUnit.objects.by_code("24133", REFORM_DATE)
    assert ward.parent == bloc.world.province_unit
    union = make_org(OrgKind.WOMEN, ward, "Hội LHPN phường Buôn Ma Thuột")
    return union, make_user("bmt_phunu", union, RoleKind.DATA_ENTRY)


def test_todays_ward_files_its_locked_third_quarter_late(
    bloc: Bloc, today_union: tuple[Organization, User]
) -> None:
    union, officer = today_union
    with at("2026-12-07"):
        report = open_report(officer, union, "2026Q3")  # typed in: locked since 30/10/2026
        assert "Kỳ báo cáo đã khóa từ ngày 30/10/2026" in page(officer, report)
        assert allow(officer, report, "2026-12-14").status_code == 403
        nothing_allowed(report)
        allow(bloc.approver, report, "2026-12-14", "Phường mới sáp nhập, chưa đủ số liệu.")
        report.refresh_from_db()
        assert report.late_entry_until == dt.date(2026, 12, 14)
        assert Notification.objects.filter(user=officer, url=f"/bao-cao/{report.pk}/").exists()
        listing = client_for(officer).get("/bao-cao/").content.decode()
        assert "quý III/2026 (cấp trên cho nộp bổ sung đến 14/12/2026)" in listing
        assert save(officer, report, "submit").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and stored(report, "tt-buoi") == 5


def test_the_officer_of_an_organization_merged_away_files_its_last_quarter_late(
    bloc: Bloc, today_union: tuple[Organization, User]
) -> None:
    # Phường Thành Công's union ended on 30/06/2025, merged into today's ward's union; its
    # quarter II/2025 locked on 30/07/2025. Today's province lets its officer finish it.
    heir, _ = today_union
    bloc.women_a.successors.add(heir)
    with at("2026-12-07"):
        listing = client_for(bloc.entry_a).get("/bao-cao/").content.decode()
        assert "Không còn kỳ nào đang mở để nhập" in listing
        report = open_report(bloc.entry_a, bloc.women_a, "2025Q2")
        refused = save(bloc.entry_a, report).content.decode()
        assert "Kỳ báo cáo đã khóa từ ngày 30/07/2025" in refused
        allow(bloc.approver, report, "2026-12-20", "Hoàn tất báo cáo trước khi bàn giao.")
        assert Notification.objects.filter(user=bloc.entry_a, url=f"/bao-cao/{report.pk}/")
        listing = client_for(bloc.entry_a).get("/bao-cao/").content.decode()
        assert "Kỳ đang mở: quý II/2025 (cấp trên cho nộp bổ sung đến 20/12/2026)." in listing
        assert "cấp trên cho phép nộp bổ sung đến hết ngày 20/12/2026" in page(bloc.entry_a, report)
        assert save(bloc.entry_a, report, "submit").status_code == 302
    with at("2026-12-21"):
        listing = client_for(bloc.entry_a).get("/bao-cao/").content.decode()
        assert "Không còn kỳ nào đang mở để nhập" in listing
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.events.filter(kind=EventKind.LATE_ENTRY, user=bloc.approver).count() == 1

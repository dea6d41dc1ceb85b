"""The "open a report" form offers the period the unit is expected to file: the one under way
while its report can be entered, else the last one still open; it says which periods are open
for entry, when each is due and until when it can be entered, and never offers one already
sent or approved."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import time_machine

from danvan.conftest import make_org, make_user
from danvan.core.periods import Period
from danvan.geo.loader import REFORM_DATE
from danvan.geo.models import AdminUnit
from danvan.orgs.models import OrgKind, RoleKind
from danvan.reporting.models import Report, ReportStatus
from danvan.reporting.tests.conftest import Bloc, client_for

TODAY = dt.datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def offered(html: str, org_pk: int, form: str = "bc-quy") -> str | None:
    """The period the list's open form for (`form`, organization) offers, None if no form."""
    for block in re.findall(r'<form[^>]*class="filters open-report".*?</form>', html, re.S):
        if f'value="{form}"' in block and f'name="org" value="{org_pk}"' in block:
            found = re.search(r'name="period" value="([^"]*)"', block)
            return found.group(1) if found else None
    return None


def sent(bloc: Bloc, org: object, code: str, status: str = ReportStatus.SUBMITTED) -> None:
    Report.new(bloc.form, org, Period.parse(code), status=status).save()  # type: ignore[arg-type]


@time_machine.travel(TODAY, tick=False)
def test_an_ended_organization_is_offered_its_last_unsent_quarter(bloc: Bloc) -> None:
    # Phường Thành Công's 2021 women's union worked until 30/06/2025.
    page = lambda: client_for(bloc.entry_a).get("/bao-cao/").content.decode()  # noqa: E731
    assert offered(page(), bloc.women_a.pk) == "2025Q2"
    sent(bloc, bloc.women_a, "2025Q2")
    assert offered(page(), bloc.women_a.pk) == "2025Q1"  # not the locked 2025Q2
    sent(bloc, bloc.women_a, "2025Q1", ReportStatus.APPROVED)
    sent(bloc, bloc.women_a, "2024Q4", ReportStatus.RETURNED)  # returned: to fix and resend
    assert offered(page(), bloc.women_a.pk) == "2024Q4"
    assert hint(page(), bloc.women_a.pk).startswith("Không còn kỳ nào đang mở để nhập")


def hint(html: str, org_pk: int, form: str = "bc-quy") -> str:
    """What the open form for (`form`, organization) says of the periods open for entry."""
    for block in re.findall(r'<form[^>]*class="filters open-report".*?</form>', html, re.S):
        if f'value="{form}"' in block and f'name="org" value="{org_pk}"' in block:
            found = re.search(r'class="muted small open-periods"[^>]*>([^<]*)<', block)
            return found.group(1) if found else ""
    return ""


@time_machine.travel(TODAY, tick=False)
def test_an_organization_at_work_is_offered_the_quarter_under_way_while_it_can_be_entered(
    bloc: Bloc,
) -> None:
    # 02/12/2026: quarter III locked on 30/10; quarter IV runs, and is prepared while it runs.
    women = make_org(OrgKind.WOMEN, bloc.world.province_unit, "Hội LHPN tỉnh Đắk Lắk")
    officer = make_user("phunu_tinh", women, RoleKind.DATA_ENTRY)
    page = lambda: client_for(officer).get("/bao-cao/").content.decode()  # noqa: E731
    assert offered(page(), women.pk) == "2026Q4"
    assert hint(page(), women.pk) == (
        "Kỳ đang mở: quý IV/2026 (hạn nộp 05/01/2027, nhập được đến 30/01/2027)."
    )
    response = client_for(officer).post(
        "/bao-cao/lap/", {"form": "bc-quy", "org": women.pk, "period": "2026Q4"}
    )
    report = Report.objects.get(organization=women, period="2026Q4")
    assert response.status_code == 302 and not report.is_locked
    # Another period can still be typed in: the locked quarter III opens (to ask to file late).
    client_for(officer).post(
        "/bao-cao/lap/", {"form": "bc-quy", "org": women.pk, "period": "2026Q3"}
    )
    assert Report.objects.filter(organization=women, period="2026Q3").exists()
    # Sent early: nothing is open, and the locked quarter is offered.
    report.status = ReportStatus.SUBMITTED
    report.save()
    assert offered(page(), women.pk) == "2026Q3"
    assert hint(page(), women.pk).startswith("Không còn kỳ nào đang mở để nhập")


def test_in_january_the_new_quarter_is_offered_and_the_last_one_is_shown_open(
    bloc: Bloc,
) -> None:
    women = make_org(OrgKind.WOMEN, bloc.world.province_unit, "Hội LHPN tỉnh Đắk Lắk")
    officer = make_user("phunu_tinh", women, RoleKind.DATA_ENTRY)
    page = lambda: client_for(officer).get("/bao-cao/").content.decode()  # noqa: E731
    with time_machine.travel(dt.datetime(2027, 1, 10, 9, 0, tzinfo=TODAY.tzinfo), tick=False):
        assert offered(page(), women.pk) == "2027Q1"
        assert hint(page(), women.pk) == (
            "Kỳ đang mở: quý I/2027 (hạn nộp 05/04/2027, nhập được đến 30/04/2027), "
            "quý IV/2026 (hạn nộp 05/01/2027, đã quá hạn; nhập được đến 30/01/2027)."
        )
        sent(bloc, women, "2027Q1")
        assert offered(page(), women.pk) == "2026Q4"  # the last one still open
        assert hint(page(), women.pk) == (
            "Kỳ đang mở: quý IV/2026 (hạn nộp 05/01/2027, đã quá hạn; nhập được đến 30/01/2027)."
        )
    with time_machine.travel(dt.datetime(2027, 1, 31, 9, 0, tzinfo=TODAY.tzinfo), tick=False):
        assert hint(page(), women.pk).startswith("Không còn kỳ nào đang mở để nhập")


@time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=TODAY.tzinfo), tick=False)
def test_a_commune_sees_its_open_months_too(bloc: Bloc) -> None:
    # The monthly form locks 15 days after the month: November is still open on 07/12.
    ward = AdminUnit.objects.by_code("24133", REFORM_DATE)
    women = make_org(OrgKind.WOMEN, ward, "Hội LHPN phường Buôn Ma Thuột")
    officer = make_user("bmt_phunu", women, RoleKind.DATA_ENTRY)
    html = client_for(officer).get("/bao-cao/").content.decode()
    assert offered(html, women.pk) == "2026Q4"
    assert offered(html, women.pk, "bc-thang") == "202612"
    assert hint(html, women.pk, "bc-thang") == (
        "Kỳ đang mở: tháng 12/2026 (hạn nộp 03/01/2027, nhập được đến 15/01/2027), "
        "tháng 11/2026 (hạn nộp 03/12/2026, đã quá hạn; nhập được đến 15/12/2026)."
    )


def test_the_2021_commune_sees_when_its_quarter_is_due_and_when_it_is_past(bloc: Bloc) -> None:
    # In 2021's units: Phường Thành Công's union, due on 05/04/2021, open until 30/04/2021.
    page = lambda: client_for(bloc.entry_a).get("/bao-cao/").content.decode()  # noqa: E731
    on = lambda day: time_machine.travel(  # noqa: E731
        dt.datetime(2021, 4, day, 9, 0, tzinfo=TODAY.tzinfo), tick=False
    )
    q2 = "quý II/2021 (hạn nộp 05/07/2021, nhập được đến 30/07/2021)"
    with on(5):  # the due day itself: not yet late
        assert hint(page(), bloc.women_a.pk) == (
            f"Kỳ đang mở: {q2}, quý I/2021 (hạn nộp 05/04/2021, nhập được đến 30/04/2021)."
        )
    with on(6):
        assert hint(page(), bloc.women_a.pk) == (
            f"Kỳ đang mở: {q2}, "
            "quý I/2021 (hạn nộp 05/04/2021, đã quá hạn; nhập được đến 30/04/2021)."
        )
        # The commune next door and another province's officer are not offered its forms;
        # the anonymous visitor goes to sign in.
        assert (
            offered(client_for(bloc.entry_b).get("/bao-cao/").content.decode(), bloc.women_a.pk)
            is None
        )
        outsider = client_for(bloc.world.outsider).get("/bao-cao/").content.decode()
        assert offered(outsider, bloc.women_a.pk) is None and "hạn nộp" not in outsider
        anonymous = client_for(None).get("/bao-cao/")
        assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]

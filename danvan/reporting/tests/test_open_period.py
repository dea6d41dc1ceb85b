"""The "open a report" form offers the period still to be sent, never one already locked."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import time_machine

from danvan.conftest import make_org, make_user
from danvan.core.periods import Period
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


@time_machine.travel(TODAY, tick=False)
def test_an_organization_at_work_is_offered_the_quarter_under_way_once_the_last_is_in(
    bloc: Bloc,
) -> None:
    women = make_org(OrgKind.WOMEN, bloc.world.province_unit, "Hội LHPN tỉnh Đắk Lắk")
    officer = make_user("phunu_tinh", women, RoleKind.DATA_ENTRY)
    page = lambda: client_for(officer).get("/bao-cao/").content.decode()  # noqa: E731
    assert offered(page(), women.pk) == "2026Q3"  # ended on 30/09, not yet sent
    sent(bloc, women, "2026Q3", ReportStatus.APPROVED)
    assert offered(page(), women.pk) == "2026Q4"
    response = client_for(officer).post(
        "/bao-cao/lap/", {"form": "bc-quy", "org": women.pk, "period": "2026Q4"}
    )
    report = Report.objects.get(organization=women, period="2026Q4")
    assert response.status_code == 302 and not report.is_locked

"""The approver's home page: every sent report waiting for their decision comes first, the
latest sent at the top, counted, with the way to the full list when they do not all fit; in
2021's units and in today's."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from danvan.conftest import make_org, make_user
from danvan.core.periods import Period
from danvan.geo.loader import REFORM_DATE
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Notification, OrgKind, Role, RoleKind
from danvan.reporting import access
from danvan.reporting.models import Report, ReportStatus
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.helpers import VALID, post_data
from danvan.reporting.tests.test_consolidation import file_report
from danvan.reporting.worklist import MOST

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# (the day the units existed, the quarter, the day the last report is sent)
ERAS = {
    "2021": (dt.date(2021, 3, 31), "2021Q1", dt.datetime(2021, 4, 3, 9, tzinfo=TZ)),
    "today": (REFORM_DATE, "2025Q3", dt.datetime(2025, 10, 3, 9, tzinfo=TZ)),
}
EARLIER = MOST + 5
# The approver's home page with more reports waiting than fit: the session, the user, their
# roles and the units they took over, the counts of their scope, each app's worklist, their
# jobs and notices; of which the queue of reports waiting asks two (how many, and the latest).
HOME_QUERIES = 26


def _sent_earlier(day: dt.date, period: Period, sent: dt.datetime) -> list[Report]:
    """Women's Unions of the era's communes (not Thành Công) whose reports of the quarter
    were sent in the days before `sent`, one an hour, and wait."""
    province = AdminUnit.objects.by_code("66", day)
    communes = (
        AdminUnit.objects.at(day)
        .filter(level="commune", path__startswith=province.path)
        .exclude(code="24133")
        .order_by("path")[:EARLIER]
    )
    reports = []
    for n, commune in enumerate(communes):
        report = file_report(make_org(OrgKind.WOMEN, commune), period, {}, status="submitted")
        at = sent - dt.timedelta(days=2, hours=n)
        Report.objects.filter(pk=report.pk).update(submitted_at=at, first_submitted_at=at)
        reports.append(report)
    assert len(reports) == EARLIER
    return reports


def _queue(home: str) -> tuple[str, list[str]]:
    """The first queue of the home page: its heading and its reports' links, in order."""
    start = home.index('id="queue-1"')
    part = home[start : home.index("</section>", start)]
    heading = re.search(r"<h3>(.*?)</h3>", part)
    assert heading is not None
    return re.sub(r"<[^>]+>", "", heading.group(1)), re.findall(r'href="(/bao-cao/\d+/)"', part)


@pytest.mark.parametrize("era", list(ERAS))
def test_a_report_just_sent_tops_the_approvers_home_however_many_wait(bloc: Bloc, era: str) -> None:
    day, code, sent = ERAS[era]
    period = Period.parse(code)
    unit = AdminUnit.objects.by_code("24133", day)
    women = bloc.women_a if era == "2021" else make_org(OrgKind.WOMEN, unit)
    officer = (
        bloc.entry_a if era == "2021" else make_user("nhaplieu_bmt", women, RoleKind.DATA_ENTRY)
    )
    # A Women's Union approver of the province decides only the Women's Unions' reports.
    women_province = make_org(OrgKind.WOMEN, bloc.world.province_unit)
    women_approver = make_user("pheduyet_hpn", women_province, RoleKind.APPROVER)
    with time_machine.travel(sent, tick=False):
        earlier = _sent_earlier(day, period, sent)
        front = file_report(
            bloc.world.commune_b_org, Period.parse("2021Q1"), {}, status="submitted"
        )
        long_ago = sent - dt.timedelta(days=10)
        Report.objects.filter(pk=front.pk).update(submitted_at=long_ago)
        # The Women's Union approver also enters their union's own report, still a draft.
        Role.objects.create(
            user=women_approver, organization=women_province, role=RoleKind.DATA_ENTRY
        )
        file_report(women_province, period, {}, status="draft")
        client = client_for(officer)
        client.post("/bao-cao/lap/", {"form": "bc-quy", "org": women.pk, "period": code})
        report = Report.objects.get(organization=women, period=code)
        client.post(f"/bao-cao/{report.pk}/", post_data(report, VALID, action="submit"))
        report.refresh_from_db()
        assert report.status == ReportStatus.SUBMITTED
        url = f"/bao-cao/{report.pk}/"
        assert Notification.objects.filter(user=bloc.approver, url=url).exists()

        home = client_for(bloc.approver).get("/").content.decode()
        assert f'href="{url}"' in home
        heading, links = _queue(home)
        total = EARLIER + 2  # and the Front's report of Hòa Phú
        assert heading == f"Báo cáo chờ bạn xem xét, phê duyệt: {total}"
        assert links[0] == url  # the latest sent first, whatever its period
        assert links[1:] == [f"/bao-cao/{r.pk}/" for r in earlier[: MOST - 1]]
        more = re.search(r'<a href="([^"]+)" class="queue-all">([^<]*)</a>', home)
        assert more is not None
        assert more.groups() == (
            "/bao-cao/?cho=toi",
            f"Xem tất cả {total} (còn {total - MOST} chưa hiện ở đây)",
        )
        # The full list the link opens holds every one of them.
        listed = client_for(bloc.approver).get(more.group(1)).content.decode()
        assert f"{total} báo cáo." in listed
        mine = client_for(women_approver).get("/").content.decode()
        heading, links = _queue(mine)
        assert heading == f"Báo cáo chờ bạn xem xét, phê duyệt: {EARLIER + 1}"
        assert f"/bao-cao/{front.pk}/" not in mine and links[0] == url
        # The rest of the worklist comes after the queue.
        assert mine.index('id="queue-1"') < mine.index("Báo cáo đang soạn, chưa gửi")

        # Decided, the report leaves the queue and the next latest tops it.
        client_for(bloc.approver).post(f"{url}xu-ly/", {"action": "approve"})
        heading, links = _queue(client_for(bloc.approver).get("/").content.decode())
        assert heading.endswith(f": {total - 1}") and url not in links
        assert links[0] == f"/bao-cao/{earlier[0].pk}/"


def test_the_officer_who_decides_nothing_has_no_queue(bloc: Bloc, april_2021: None) -> None:
    file_report(bloc.women_b, Period.parse("2021Q1"), {}, status="submitted")
    home = client_for(bloc.entry_a).get("/").content.decode()
    assert 'id="queue-1"' not in home and "Không có việc nào đang chờ bạn." in home
    # A reviewer decides too (returning only): the report waits for them as well.
    heading, links = _queue(client_for(bloc.reviewer).get("/").content.decode())
    assert heading.endswith(": 1") and len(links) == 1


def test_the_approvers_home_page_costs_a_pinned_number_of_queries(
    bloc: Bloc, april_2021: None, django_assert_num_queries: object
) -> None:
    _sent_earlier(dt.date(2021, 3, 31), Period.parse("2021Q1"), dt.datetime(2021, 4, 3, tzinfo=TZ))
    client = Client()
    client.force_login(bloc.approver)
    client.get("/")
    with django_assert_num_queries(HOME_QUERIES):  # type: ignore[operator]
        page = client.get("/").content.decode()
    assert page.count('<span class="badge">Báo cáo chờ phê duyệt</span>') == MOST


def test_the_queue_holds_what_the_gate_lets_each_person_decide(bloc: Bloc) -> None:
    # The queue's filter and `can_return` say the same, person by person: the province's
    # commission (every kind), a Women's Union of the province (its kind only), a 2021
    # commune's Front (nothing below it sends), another province's commission (nothing here).
    w = bloc.world
    women_province = make_org(OrgKind.WOMEN, w.province_unit)
    people = [
        bloc.approver,
        bloc.reviewer,
        bloc.entry_a,
        make_user("pheduyet_hpn_tinh", women_province, RoleKind.APPROVER),
        make_user("kiemtra_mttq_xa_a", w.commune_a_org, RoleKind.REVIEWER),
        make_user("pheduyet_ngoai", w.outside_org, RoleKind.APPROVER),
    ]
    q1 = Period.parse("2021Q1")
    sent = [
        file_report(bloc.women_a, q1, {}, status="submitted"),
        file_report(w.commune_b_org, q1, {}, status="submitted"),
        file_report(women_province, Period.parse("2025Q3"), {}, status="submitted"),
        file_report(w.outside_org, Period.parse("2025Q3"), {}, status="submitted"),
    ]
    file_report(bloc.women_b, q1, {}, status="approved")  # decided already
    reports = Report.objects.select_related("organization", "unit").filter(
        pk__in=[r.pk for r in sent]
    )
    for person in people:
        expected = {r.pk for r in reports if access.can_return(person, r)}
        assert set(access.waiting_for(person).values_list("pk", flat=True)) == expected, person
    assert set(access.waiting_for(bloc.approver).values_list("pk", flat=True)) == {
        r.pk for r in sent[:3]
    }

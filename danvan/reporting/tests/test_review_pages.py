"""What each persona is shown around the decision on a report: only the buttons they may use,
a reopened report named as such, the approvers told of a report sent, and a history in
Vietnamese that counts only real changes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.api.tests.conftest import Api, token_for
from danvan.conftest import make_user
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Notification, OrgKind, RoleKind, User
from danvan.reporting import access
from danvan.reporting.models import EventKind, NarrativeChange, Report, ReportStatus
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.helpers import NARRATIVE, VALID, post_data

pytestmark = pytest.mark.usefixtures("april_2021")

BULK_BUTTON = "Phê duyệt các báo cáo đã chọn"
EMPTY_NARRATIVE = {"n-ton-tai": "", "n-phuong-huong": "", "n-de-xuat": ""}


def open_report(bloc: Bloc) -> Report:
    client_for(bloc.entry_a).post(
        "/bao-cao/lap/", {"form": "bc-quy", "org": bloc.women_a.pk, "period": "2021Q1"}
    )
    return Report.objects.get(organization=bloc.women_a, period="2021Q1")


def submit(bloc: Bloc, report: Report) -> None:
    report.refresh_from_db()
    response = client_for(bloc.entry_a).post(
        f"/bao-cao/{report.pk}/", post_data(report, VALID, action="submit")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def decide(bloc: Bloc, report: Report, action: str, comment: str = "") -> None:
    user = bloc.reviewer if action == "return" else bloc.approver
    client_for(user).post(f"/bao-cao/{report.pk}/xu-ly/", {"action": action, "comment": comment})
    report.refresh_from_db()


def status_shown(page: str) -> str:
    found = re.search(r'<dd id="status">([^<]*)</dd>', page)
    assert found is not None
    return found.group(1)


# --- 1. controls only for who may use them ------------------------------------------------


def test_bulk_approval_is_offered_only_to_whom_the_gate_lets_approve(bloc: Bloc) -> None:
    report = open_report(bloc)
    submit(bloc, report)
    listed = "/bao-cao/?status=submitted"

    officer = client_for(bloc.entry_a).get(listed).content.decode()
    assert f"/bao-cao/{report.pk}/" in officer  # the officer sees the sent report…
    assert BULK_BUTTON not in officer  # …but is offered nothing to approve it with
    assert 'id="approve-many"' not in officer and 'name="report"' not in officer
    reviewer = client_for(bloc.reviewer).get(listed).content.decode()
    assert f"/bao-cao/{report.pk}/" in reviewer and BULK_BUTTON not in reviewer
    other = client_for(bloc.entry_b).get(listed).content.decode()  # another commune
    assert f"/bao-cao/{report.pk}/" not in other and BULK_BUTTON not in other
    anonymous = client_for(None).get(listed)
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]

    approver = client_for(bloc.approver).get(listed).content.decode()
    assert BULK_BUTTON in approver
    assert f'name="report" value="{report.pk}"' in approver

    # Pressing it anyway (an old page) still changes nothing for the officer.
    client_for(bloc.entry_a).post("/bao-cao/phe-duyet/", {"report": [report.pk]})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_decision_box_offers_only_what_the_user_may_do_now(bloc: Bloc) -> None:
    report = open_report(bloc)
    submit(bloc, report)
    url = f"/bao-cao/{report.pk}/"
    officer = client_for(bloc.entry_a).get(url).content.decode()
    assert 'id="decide"' not in officer and 'value="approve"' not in officer
    reviewer = client_for(bloc.reviewer).get(url).content.decode()
    assert 'value="return"' in reviewer and 'value="approve"' not in reviewer

    decide(bloc, report, "approve")
    assert report.status == ReportStatus.APPROVED
    # The reviewer may not reopen: no box to write in, no button, and no "not sent yet".
    reviewer = client_for(bloc.reviewer).get(url).content.decode()
    assert 'id="comment"' not in reviewer and 'value="reopen"' not in reviewer
    assert "chưa gửi" not in reviewer[reviewer.index('id="decide"') :]
    assert "Báo cáo đã được phê duyệt" in reviewer
    approver = client_for(bloc.approver).get(url).content.decode()
    assert 'id="comment"' in approver and 'value="reopen"' in approver


# --- 2. a reopened report says so ---------------------------------------------------------


def test_a_reopened_report_reads_reopened_everywhere_and_a_return_reads_returned(
    bloc: Bloc,
) -> None:
    report = open_report(bloc)
    submit(bloc, report)
    decide(bloc, report, "approve")
    decide(bloc, report, "reopen", "Sửa số quà Tết.")

    officer = client_for(bloc.entry_a)
    page = officer.get(f"/bao-cao/{report.pk}/").content.decode()
    assert status_shown(page) == "Mở lại để sửa"
    assert (report.status, report.reopened) == (ReportStatus.RETURNED, True)
    reason = page[
        page.index('id="return-reason"') : page.index("</div>", page.index("return-reason"))
    ]
    assert "Mở lại" in reason and "pheduyet" in reason and "Sửa số quà Tết." in reason
    mine = officer.get("/bao-cao/").content.decode()
    assert "Mở lại để sửa" in mine and "Bị trả lại<" not in mine
    home = officer.get("/").content.decode()
    assert "Báo cáo được mở lại để sửa" in home and "Báo cáo bị trả lại" not in home

    approver = client_for(bloc.approver)
    listed = approver.get("/bao-cao/?status=returned").content.decode()
    assert "<td>Mở lại để sửa</td>" in listed
    completeness = approver.get(
        f"/tong-hop/tien-do/?form=bc-quy&period=2021Q1&unit={bloc.world.province_unit.pk}"
        "&state=missing"
    ).content.decode()
    assert "<td>Mở lại để sửa</td>" in completeness
    shown = Api(token_for(bloc.approver)).get(f"/reports/{report.pk}").json()
    assert (shown["status"], shown["status_label"], shown["reopened"]) == (
        "returned",
        "Mở lại để sửa",
        True,
    )

    # Sent again and returned by the reviewer: now it is a plain return.
    submit(bloc, report)
    assert not report.reopened
    decide(bloc, report, "return", "Tách theo nhóm hộ.")
    assert (report.status, report.reopened) == (ReportStatus.RETURNED, False)
    page = officer.get(f"/bao-cao/{report.pk}/").content.decode()
    assert status_shown(page) == "Bị trả lại"
    assert "Báo cáo bị trả lại, cần sửa" in officer.get("/").content.decode()
    shown = Api(token_for(bloc.approver)).get(f"/reports/{report.pk}").json()
    assert (shown["status_label"], shown["reopened"]) == ("Bị trả lại", False)


def test_reports_reopened_before_the_flag_are_marked_by_the_migration(bloc: Bloc) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("danvan.reporting.migrations.0007_report_reopened")
    reopened, returned = open_report(bloc), None
    submit(bloc, reopened)
    decide(bloc, reopened, "approve")
    decide(bloc, reopened, "reopen", "Sửa số quà Tết.")
    client_for(bloc.entry_b).post(
        "/bao-cao/lap/", {"form": "bc-quy", "org": bloc.women_b.pk, "period": "2021Q1"}
    )
    returned = Report.objects.get(organization=bloc.women_b, period="2021Q1")
    client_for(bloc.entry_b).post(
        f"/bao-cao/{returned.pk}/", post_data(returned, VALID, action="submit")
    )
    decide(bloc, returned, "return", "Tách theo nhóm hộ.")
    Report.objects.update(reopened=False)  # as they were before the flag
    migration.mark_reopened(apps, None)
    assert set(Report.objects.values_list("pk", "reopened")) == {
        (reopened.pk, True),
        (returned.pk, False),
    }


# --- 3. the approvers are told ------------------------------------------------------------


def test_the_approvers_are_told_when_a_report_is_sent(bloc: Bloc) -> None:
    # An approver of another commune's Front (not above commune A) and one of another
    # province's commission must not be told.
    elsewhere = make_user("pheduyet_xa_b", bloc.world.commune_b_org, RoleKind.APPROVER)
    outside = make_user("pheduyet_ngoai", bloc.world.outside_org, RoleKind.APPROVER)
    report = open_report(bloc)
    submit(bloc, report)

    url = f"/bao-cao/{report.pk}/"
    told = Notification.objects.filter(url=url)
    assert list(told.values_list("user__username", flat=True)) == ["pheduyet"]
    notice = told.get()
    assert notice.text == (
        f"Báo cáo công tác dân vận quý I/2021 của {bloc.women_a.name} đã gửi, chờ phê duyệt"
    )
    for user in (bloc.entry_a, bloc.entry_b, bloc.reviewer, elsewhere, outside):
        assert not Notification.objects.filter(user=user).exists()
    inbox = client_for(bloc.approver).get("/thong-bao/").content.decode()
    assert f'href="{url}"' in inbox and "đã gửi, chờ phê duyệt" in inbox

    # Returned and sent again: told again, once.
    decide(bloc, report, "return", "Tách theo nhóm hộ.")
    submit(bloc, report)
    assert Notification.objects.filter(user=bloc.approver, url=url).count() == 2


def test_an_approver_of_the_same_kind_above_is_told_and_an_entry_role_is_not(bloc: Bloc) -> None:
    from danvan.conftest import make_org

    province_women = make_org(OrgKind.WOMEN, bloc.world.province_unit)
    women_approver = make_user("pheduyet_phu_nu", province_women, RoleKind.APPROVER)
    women_entry = make_user("nhaplieu_phu_nu", province_women, RoleKind.DATA_ENTRY)
    farmers = make_org(OrgKind.FARMERS, bloc.world.province_unit)
    farmers_approver = make_user("pheduyet_nong_dan", farmers, RoleKind.APPROVER)
    report = open_report(bloc)
    submit(bloc, report)
    told = set(
        Notification.objects.filter(url=f"/bao-cao/{report.pk}/").values_list("user", flat=True)
    )
    assert told == {bloc.approver.pk, women_approver.pk}
    assert women_entry.pk not in told and farmers_approver.pk not in told


# --- 4. the history in Vietnamese, real changes only --------------------------------------


def test_history_names_the_source_in_vietnamese_and_counts_no_empty_section(bloc: Bloc) -> None:
    report = open_report(bloc)
    client = client_for(bloc.entry_a)
    # One figure typed; the empty narrative boxes come back as "".
    data = post_data(report, {"tt-buoi": "5"}, action="save")
    data.update({"n-ket-qua": "", **EMPTY_NARRATIVE})
    assert client.post(f"/bao-cao/{report.pk}/", data).status_code == 302
    saved = report.events.get(kind=EventKind.SAVED)
    assert saved.comment == "1 thay đổi (nhập trên trang)"
    report.refresh_from_db()
    assert report.narrative == {}
    page = client.get(f"/bao-cao/{report.pk}/").content.decode()
    history = page[page.index('id="events"') :]
    assert "1 thay đổi (nhập trên trang)" in history and "(form)" not in page

    # Sent, returned, then saved again with the same text and the same empty boxes, from a
    # narrative an older save kept with an empty section: nothing changed, nothing recorded.
    submit(bloc, report)
    decide(bloc, report, "return", "Tách theo nhóm hộ.")
    Report.objects.filter(pk=report.pk).update(
        narrative={"ket-qua": NARRATIVE["n-ket-qua"], "ton-tai": ""}
    )
    report.refresh_from_db()
    data = post_data(report, VALID, action="save")
    data.update(EMPTY_NARRATIVE)
    assert client.post(f"/bao-cao/{report.pk}/", data).status_code == 302
    last = report.events.filter(kind=EventKind.SAVED).last()
    assert last is not None and last.comment == "0 thay đổi (nhập trên trang)"
    assert not NarrativeChange.objects.filter(report=report).exists()
    report.refresh_from_db()
    assert report.narrative == {"ket-qua": NARRATIVE["n-ket-qua"]}

    # A section really written is one change, recorded with its text.
    data = post_data(report, VALID, action="save")
    data.update(EMPTY_NARRATIVE, **{"n-de-xuat": "Bổ sung kinh phí."})
    client.post(f"/bao-cao/{report.pk}/", data)
    last = report.events.filter(kind=EventKind.SAVED).last()
    assert last is not None and last.comment == "1 thay đổi (nhập trên trang)"
    change = NarrativeChange.objects.get(report=report)
    assert (change.section, change.old_text, change.new_text) == (
        "de-xuat",
        "",
        "Bổ sung kinh phí.",
    )


def test_saves_through_the_api_are_named_as_such(bloc: Bloc) -> None:
    report = open_report(bloc)
    response = Api(token_for(bloc.entry_a)).call(
        "PUT",
        f"/reports/{report.pk}/narrative",
        {"version": report.version, "narrative": {"ket-qua": "Trao quà Tết.", "ton-tai": ""}},
    )
    assert response.status_code == 200, response.content
    event = report.events.get()
    assert (event.kind, event.comment) == (EventKind.SAVED, "1 thay đổi (qua API)")


def test_old_summaries_are_relabelled_by_the_migration(bloc: Bloc) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("danvan.reporting.migrations.0008_label_save_sources")
    report = open_report(bloc)
    old = report.events.create(kind=EventKind.SAVED, comment="2 thay đổi (form)")
    imported = report.events.create(kind=EventKind.IMPORTED, comment="3 thay đổi (excel)")
    returned = report.events.create(kind=EventKind.RETURNED, comment="Sai (form)")
    migration.label_sources(apps, None)
    comments = dict(report.events.values_list("pk", "comment"))
    assert comments[old.pk] == "2 thay đổi (nhập trên trang)"
    assert comments[imported.pk] == "3 thay đổi (từ tệp Excel của báo cáo)"
    assert comments[returned.pk] == "Sai (form)"  # a person's words are left alone
    migration.unlabel_sources(apps, None)
    assert report.events.get(pk=old.pk).comment == "2 thay đổi (form)"


def _approvers_of_women_elsewhere(bloc: Bloc, how_many: int) -> list[User]:
    """Approvers of the Women's Union in communes that are not above commune A."""
    from danvan.conftest import make_org

    communes = AdminUnit.objects.filter(level="commune").exclude(pk=bloc.world.commune_a_unit.pk)
    return [
        make_user(f"pheduyet_khac_{n}", make_org(OrgKind.WOMEN, unit), RoleKind.APPROVER)
        for n, unit in enumerate(communes.order_by("pk")[:how_many])
    ]


def test_finding_the_approvers_costs_the_same_however_many_approvers_elsewhere(
    bloc: Bloc,
) -> None:
    # Sending many reports at once (a file, another server) asks this once per report: it must
    # not ask the database again for every approver of the same kind in the other communes.
    report = open_report(bloc)
    with CaptureQueriesContext(connection) as few:
        assert access.approvers(Report.objects.get(pk=report.pk)) == [bloc.approver]
    _approvers_of_women_elsewhere(bloc, 12)
    with CaptureQueriesContext(connection) as many:
        assert access.approvers(Report.objects.get(pk=report.pk)) == [bloc.approver]
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_approvers_are_those_the_gate_lets_approve(bloc: Bloc) -> None:
    # The same rule as can_approve, over approvers of today's merged province (holding the 2021
    # commune A), of the 2021 commune itself, of other communes and of another province.
    from danvan.conftest import make_org

    women_province = make_org(OrgKind.WOMEN, bloc.world.province_unit)
    candidates = [
        bloc.approver,
        bloc.reviewer,
        make_user("pheduyet_hpn_tinh", women_province, RoleKind.APPROVER),
        make_user("pheduyet_hpn_xa_a", bloc.women_a, RoleKind.APPROVER),
        make_user("pheduyet_mttq_xa_a", bloc.world.commune_a_org, RoleKind.APPROVER),
        make_user("pheduyet_ngoai_tinh", bloc.world.outside_org, RoleKind.APPROVER),
        *_approvers_of_women_elsewhere(bloc, 3),
    ]
    report = Report.objects.select_related("organization", "unit").get(pk=open_report(bloc).pk)
    allowed = {user.pk for user in candidates if access.can_approve(user, report)}
    assert allowed == {bloc.approver.pk, candidates[2].pk}
    assert {user.pk for user in access.approvers(report)} == allowed


def _sent_by_women_of(bloc: Bloc, start: int, stop: int) -> list[Report]:
    """Reports sent by the Women's Unions of commune A's neighbours, `start` to `stop`."""
    from danvan.conftest import make_org
    from danvan.reporting.tests.test_consolidation import Q1, file_report

    parent = bloc.world.commune_a_unit.parent
    assert parent is not None
    neighbours = AdminUnit.objects.filter(parent=parent).exclude(pk=bloc.world.commune_a_unit.pk)
    units = neighbours.order_by("pk")[start:stop]
    return [
        file_report(make_org(OrgKind.WOMEN, unit), Q1, {}, status=ReportStatus.SUBMITTED)
        for unit in units
    ]


def test_the_report_list_and_the_worklist_cost_the_same_however_many_reports(
    bloc: Bloc,
) -> None:
    # Each row asks the gate whether its box is offered, each waiting report whether it is the
    # approver's to decide: answered from the roles read once, not once per report.
    approver = client_for(bloc.approver)
    listed = "/bao-cao/?status=submitted&period=2021Q1"
    _sent_by_women_of(bloc, 0, 1)
    approver.get(listed)
    approver.get("/")
    with CaptureQueriesContext(connection) as list_one:
        assert approver.get(listed).content.decode().count('name="report" value=') == 1
    with CaptureQueriesContext(connection) as home_one:
        approver.get("/")
    reports = _sent_by_women_of(bloc, 1, 11)
    assert len(reports) == 10
    with CaptureQueriesContext(connection) as list_many:
        page = approver.get(listed).content.decode()
    with CaptureQueriesContext(connection) as home_many:
        home = approver.get("/").content.decode()
    assert page.count('name="report" value=') == 11
    assert all(f"/bao-cao/{r.pk}/" in home for r in reports)
    assert len(list_many) == len(list_one)
    assert len(home_many) == len(home_one)

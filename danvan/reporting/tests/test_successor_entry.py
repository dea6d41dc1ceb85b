"""The people of an organization's successors finish its reports: a 2021 commune's Front
committee ended by the reorganization left a report returned or a draft let in late, and today's
ward front, which took over its work, enters, imports into and sends it as its own people could.
The report stays the old organization's; its history names who did the work. Nobody else gains
anything: a neighbour ward's successor, the reviewer above, outsiders, anonymous visitors, nor the
old organization's people over today's reports."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danvan.api.tests.conftest import Api, token_for
from danvan.conftest import Q1_2021, make_org, make_user
from danvan.geo.loader import REFORM_DATE
from danvan.geo.models import AdminUnit
from danvan.jobs.models import Job, JobState
from danvan.jobs.testing import work_off
from danvan.orgs.models import Organization, OrgKind, RoleKind, User
from danvan.reporting.models import DataValue, EventKind, Report, ReportEvent, ReportStatus
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.helpers import NARRATIVE, VALID, post_data, stored
from danvan.reporting.tests.test_late_entry import allow, at, open_report, page, save
from danvan.reporting.tests.test_workbook_job import filled, upload

RETURN_REASON = "Số buổi tuyên truyền chưa khớp sổ theo dõi."


@dataclass
class Heirs:
    """Phường Thành Công's Front committee (2021–30/06/2025) and its officer; today's Phường
    Buôn Ma Thuột, whose Front committee succeeded it, with its officer and a viewer; today's
    Phường Tân Lập next door, whose Front committee succeeded the old Phường Tân Lập's."""

    old_front: Organization
    old_officer: User
    ward: AdminUnit
    ward_front: Organization
    ward_officer: User
    ward_viewer: User
    neighbour_front: Organization
    neighbour_officer: User


@pytest.fixture
def heirs(bloc: Bloc) -> Heirs:
    world = bloc.world
    ward = AdminUnit.objects.by_code("24133", REFORM_DATE)
    ward_front = make_org(OrgKind.FRONT, ward, "Ủy ban MTTQ phường Buôn Ma Thuột")
    world.commune_a_org.successors.add(ward_front)
    old_tan_lap = AdminUnit.objects.by_code("24118", Q1_2021)
    neighbour = AdminUnit.objects.by_code("24121", REFORM_DATE)
    neighbour_front = make_org(OrgKind.FRONT, neighbour, "Ủy ban MTTQ phường Tân Lập")
    make_org(OrgKind.FRONT, old_tan_lap, "Ủy ban MTTQ phường Tân Lập (cũ)").successors.add(
        neighbour_front
    )
    return Heirs(
        old_front=world.commune_a_org,
        old_officer=make_user("thanhcong_mttq", world.commune_a_org, RoleKind.DATA_ENTRY),
        ward=ward,
        ward_front=ward_front,
        ward_officer=make_user("bmt_mttq", ward_front, RoleKind.DATA_ENTRY),
        ward_viewer=make_user("bmt_mttq_xem", ward_front, RoleKind.VIEWER),
        neighbour_front=neighbour_front,
        neighbour_officer=make_user("tanlap_mttq", neighbour_front, RoleKind.DATA_ENTRY),
    )


def returned_report(bloc: Bloc, heirs: Heirs) -> Report:
    """Phường Thành Công's Front sent its quarter II/2025 two days before it ended; the province
    returned it after the reorganization, when its people had gone."""
    with at("2025-06-28"):
        report = open_report(heirs.old_officer, heirs.old_front, "2025Q2")
        sent = {**VALID, "tt-buoi": "4"}
        response = client_for(heirs.old_officer).post(
            f"/bao-cao/{report.pk}/",
            post_data(report, sent, action="submit"),
        )
        assert response.status_code == 302
    with at("2025-07-15"):
        report.refresh_from_db()
        response = client_for(bloc.approver).post(
            f"/bao-cao/{report.pk}/xu-ly/",
            {"action": "return", "comment": RETURN_REASON, "version": report.version},
        )
        assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and stored(report, "tt-buoi") == 4
    return report


def test_todays_ward_officer_corrects_and_sends_the_old_communes_returned_report(
    bloc: Bloc, heirs: Heirs
) -> None:
    report = returned_report(bloc, heirs)
    officer = heirs.ward_officer
    with at("2026-12-07"):
        home = client_for(officer).get("/").content.decode()
        worklist = home[home.index('id="worklist"') :]
        assert "Báo cáo bị trả lại, cần sửa" in worklist and RETURN_REASON in worklist
        assert f"/bao-cao/{report.pk}/" in worklist and heirs.old_front.name in worklist
        listing = client_for(officer).get("/bao-cao/").content.decode()
        mine = listing[listing.index("Báo cáo của đơn vị tôi") :]
        assert f"/bao-cao/{report.pk}/" in mine
        shown = page(officer, report)
        assert 'name="action" value="submit"' in shown  # the entry form, not a read-only page
        word = client_for(officer).get(f"/bao-cao/{report.pk}/doc-van-ban/")
        assert word.status_code == 200  # a Word report may be read into it too
        assert save(officer, report).status_code == 302
        assert save(officer, report, "submit").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.organization == heirs.old_front  # still the old committee's report
    assert stored(report, "tt-buoi") == 5 and stored(report, "qua-suat/ho-ngheo") == 60
    assert report.narrative["ket-qua"] == NARRATIVE["n-ket-qua"]
    latest = list(report.events.order_by("at", "id").values_list("kind", "user__username"))
    assert latest[-2:] == [
        (EventKind.SAVED, "bmt_mttq"),
        (EventKind.SUBMITTED, "bmt_mttq"),
    ]
    assert latest[0] == (EventKind.SAVED, "thanhcong_mttq")  # the old work stays theirs
    assert ("returned", "pheduyet") in latest


def test_todays_ward_officer_finishes_the_old_communes_draft_let_in_late(
    bloc: Bloc, heirs: Heirs
) -> None:
    with at("2022-01-03"):
        report = open_report(heirs.old_officer, heirs.old_front, "2021Q4")
    officer = heirs.ward_officer
    with at("2026-12-07"):
        refused = save(officer, report).content.decode()
        assert "Kỳ báo cáo đã khóa từ ngày 30/01/2022" in refused  # locked as for its own people
        assert not DataValue.objects.filter(report=report).exists()
        # A draft nobody may touch is no work of the ward's: not on its home page until let in.
        home = client_for(officer).get("/").content.decode()
        assert f"/bao-cao/{report.pk}/" not in home[home.index('id="worklist"') :]
        allow(bloc.approver, report, "2026-12-14", "Phường mới hoàn tất hồ sơ bàn giao.")
        home = client_for(officer).get("/").content.decode()
        worklist = home[home.index('id="worklist"') :]
        assert "Báo cáo được cho nộp bổ sung" in worklist and "14/12/2026" in worklist
        assert "cấp trên cho phép nộp bổ sung đến hết ngày 14/12/2026" in page(officer, report)
        assert save(officer, report, "submit").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.organization == heirs.old_front
    assert stored(report, "tt-buoi") == 5
    assert report.events.get(kind=EventKind.SUBMITTED).user == officer


def test_todays_ward_officer_imports_the_old_communes_workbook(bloc: Bloc, heirs: Heirs) -> None:
    report = returned_report(bloc, heirs)
    client = client_for(heirs.ward_officer)
    with at("2026-12-07"):
        upload(client, report, filled(client, report, 7, "Đã bổ sung số liệu."))
        work_off()
    job = Job.objects.get(user=heirs.ward_officer)
    assert job.state == JobState.DONE, job.error
    report.refresh_from_db()
    assert stored(report, "tt-buoi") == 7 and report.status == ReportStatus.RETURNED
    assert report.events.filter(kind=EventKind.IMPORTED, user=heirs.ward_officer).exists()


def test_the_union_merged_twice_is_finished_by_todays_ward_union(bloc: Bloc) -> None:
    """Phường Tân Lợi's Women's Union merged into Phường Thành Công's, which ended into today's
    ward's union: two steps on, its officer finishes Tân Lợi's draft."""
    tan_loi = AdminUnit.objects.by_code("24136", Q1_2021)
    old_union = make_org(OrgKind.WOMEN, tan_loi, "Hội LHPN phường Tân Lợi")
    old_officer = make_user("tanloi_phunu", old_union, RoleKind.DATA_ENTRY)
    old_union.successors.add(bloc.women_a)
    ward = AdminUnit.objects.by_code("24133", REFORM_DATE)
    union = make_org(OrgKind.WOMEN, ward, "Hội LHPN phường Buôn Ma Thuột")
    bloc.women_a.successors.add(union)
    officer = make_user("bmt_phunu", union, RoleKind.DATA_ENTRY)
    with at("2025-06-20"):
        report = open_report(old_officer, old_union, "2025Q2")
    with at("2026-12-07"):
        allow(bloc.approver, report, "2026-12-14", "Hội mới hoàn tất bàn giao.")
        assert save(officer, report, "submit").status_code == 302
        # Neither the officer of the union in between nor the old one enters today's report
        # (nor sees it: today's ward is no unit of theirs).
        today_report = open_report(officer, union, "2026Q4")
        for user in (bloc.entry_a, old_officer):
            assert save(user, today_report).status_code == 404
        assert not DataValue.objects.filter(report=today_report).exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.organization == old_union
    assert report.events.get(kind=EventKind.SUBMITTED).user == officer
    assert stored(report, "tt-buoi") == 5


def test_a_successor_linked_by_hand_across_units_sees_and_enters_the_report(bloc: Bloc) -> None:
    """An administrator made today's ward union the successor of Xã Hòa Phú's union, whose
    commune went into another commune: entering the report lets its officer see it too."""
    ward = AdminUnit.objects.by_code("24133", REFORM_DATE)
    union = make_org(OrgKind.WOMEN, ward, "Hội LHPN phường Buôn Ma Thuột")
    officer = make_user("bmt_phunu", union, RoleKind.DATA_ENTRY)
    with at("2025-06-20"):
        report = open_report(bloc.entry_b, bloc.women_b, "2025Q2")
    with at("2026-12-07"):
        allow(bloc.approver, report, "2026-12-14", "Hội mới nhận bàn giao.")
        assert save(officer, report).status_code == 404  # not its successor yet
        bloc.women_b.successors.add(union)
        assert 'name="action" value="submit"' in page(officer, report)
        assert save(officer, report, "submit").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.organization == bloc.women_b
    assert report.events.get(kind=EventKind.SUBMITTED).user == officer


def test_nobody_else_enters_the_old_communes_report(bloc: Bloc, heirs: Heirs) -> None:
    report = returned_report(bloc, heirs)
    before = list(DataValue.objects.filter(report=report).values_list("pk", "value"))
    events = report.events.count()
    with at("2026-12-07"):
        # The neighbour ward's successor and the outsider do not see it; the reviewer above and
        # the ward's viewer see it but do not enter it.
        for user, status in (
            (heirs.neighbour_officer, 404),
            (bloc.world.outsider, 404),
            (bloc.entry_b, 404),
            (bloc.reviewer, 403),
            (heirs.ward_viewer, 403),
        ):
            assert save(user, report).status_code == status, user
            assert save(user, report, "submit").status_code == status, user
            xlsx = client_for(user).post(f"/bao-cao/{report.pk}/excel/", {"file": ""})
            assert xlsx.status_code == status, user
            word = client_for(user).get(f"/bao-cao/{report.pk}/doc-van-ban/")
            assert word.status_code == status, user
            if status == 403:
                assert 'name="action" value="submit"' not in page(user, report)
            opened = client_for(user).post(
                "/bao-cao/lap/", {"form": "bc-quy", "org": heirs.old_front.pk, "period": "2025Q3"}
            )
            assert opened.status_code == 403, user
            assert f"/bao-cao/{report.pk}/" not in client_for(user).get("/").content.decode()
        visitor = Client().post(f"/bao-cao/{report.pk}/", {"action": "submit"})
        assert visitor.status_code == 302 and visitor["Location"].startswith("/dang-nhap/")
        # The old committee's officer does not enter (nor see) today's ward report either.
        today_report = open_report(heirs.ward_officer, heirs.ward_front, "2026Q4")
        assert save(heirs.old_officer, today_report).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert list(DataValue.objects.filter(report=report).values_list("pk", "value")) == before
    assert report.events.count() == events
    assert not DataValue.objects.filter(report=today_report).exists()
    assert not Report.objects.filter(organization=heirs.old_front, period="2025Q3").exists()


def test_the_api_writes_for_the_successor_and_refuses_the_outsider(
    bloc: Bloc, heirs: Heirs
) -> None:
    report = returned_report(bloc, heirs)
    successor = Api(token_for(heirs.ward_officer))
    neighbour = Api(token_for(heirs.neighbour_officer))
    reviewer = Api(token_for(bloc.reviewer))
    rows = [
        {"dataElement": "tt-buoi", "period": "2025Q2", "orgUnit": "24133",
         "organization": heirs.old_front.name, "value": 6},
    ]  # fmt: skip
    narrative = {"narrative": {"ket-qua": "Đã đối chiếu sổ theo dõi."}}
    with at("2026-12-07"):
        version = Report.objects.get(pk=report.pk).version
        assert successor.get(f"/reports/{report.pk}").json()["can_enter"] is True
        assert neighbour.get(f"/reports/{report.pk}").status_code == 404
        # Outsiders are refused every write, and nothing is stored.
        for api, status in ((neighbour, 404), (reviewer, 403)):
            put = api.call("PUT", f"/reports/{report.pk}/narrative", {**narrative, "version": 0})
            assert put.status_code == status
            assert api.post(f"/reports/{report.pk}/submit", {}).status_code == status
        refused = neighbour.post("/dataValueSets", {"dataValues": rows})
        assert refused.status_code in {403, 409}, refused.content
        assert stored(report, "tt-buoi") == 4
        assert Report.objects.get(pk=report.pk).version == version

        imported = successor.post("/dataValueSets", {"dataValues": rows})
        assert imported.status_code == 200, imported.content
        body = {**narrative, "version": Report.objects.get(pk=report.pk).version}
        written = successor.call("PUT", f"/reports/{report.pk}/narrative", body)
        assert written.status_code == 200, written.content
        sent = successor.post(f"/reports/{report.pk}/submit", {}).json()
    assert sent["submitted"] is True, sent
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.organization == heirs.old_front
    assert stored(report, "tt-buoi") == 6
    assert report.narrative["ket-qua"] == "Đã đối chiếu sổ theo dõi."
    assert ReportEvent.objects.filter(
        report=report, kind=EventKind.SUBMITTED, user=heirs.ward_officer
    ).exists()


def _queries(user: User, path: str) -> int:
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_lists_cost_the_same_however_many_organizations_were_succeeded(
    bloc: Bloc, heirs: Heirs
) -> None:
    report = returned_report(bloc, heirs)
    with at("2026-12-07"):
        first = {path: _queries(heirs.ward_officer, path) for path in ("/", "/bao-cao/")}
        # Four more of the ward's 2021 communes, each with a returned report of its own.
        for code in ("24136", "24142", "24145", "24148"):
            unit = AdminUnit.objects.by_code(code, Q1_2021)
            old = make_org(OrgKind.FRONT, unit)
            old.successors.add(heirs.ward_front)
            Report.objects.create(
                **{
                    f.name: getattr(report, f.name)
                    for f in Report._meta.concrete_fields
                    if f.name not in {"id", "organization", "unit"}
                },
                organization=old,
                unit=unit,
            )
        again = {path: _queries(heirs.ward_officer, path) for path in ("/", "/bao-cao/")}
        home = client_for(heirs.ward_officer).get("/").content.decode()
    assert again == first
    assert home.count("Báo cáo bị trả lại, cần sửa") == 5

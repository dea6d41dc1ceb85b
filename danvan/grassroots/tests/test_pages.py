"""Grassroots pages through HTTP, per persona: scoping of every list and export, the
confidential incident, each status change, sessions, notes, recommendations, meetings, tasks
and notifications."""

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from danvan.conftest import make_user
from danvan.geo.models import AdminUnit
from danvan.grassroots.models import (
    Drive,
    Incident,
    KeyArea,
    Meeting,
    Milestone,
    Notification,
    Progress,
    PropagandaSession,
    Recommendation,
    SituationNote,
    Task,
    Topic,
)
from danvan.grassroots.tests.conftest import People, incident
from danvan.orgs.models import RoleKind
from danvan.reporting.tests.conftest import client_for

D = dt.date
NOW = dt.datetime(2021, 3, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def march_2021() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def session(people: People, unit: AdminUnit, org: Any, audience: int, topic: str) -> None:
    made = PropagandaSession.objects.create(
        held_on=D(2021, 3, 2), organization=org, unit=unit, format="meeting", audience=audience
    )
    made.topics.add(Topic.objects.get(code=topic))


LISTS = [
    "/co-so/tuyen-truyen/?period=2021Q1",
    "/co-so/vu-viec/",
    "/co-so/tu-tuong/?period=2021Q1",
    "/co-so/de-xuat/",
    "/co-so/hoi-nghi/",
    "/co-so/nhiem-vu/?state=all",
]


@pytest.fixture
def recorded(people: People) -> People:
    w = people.world
    session(people, w.commune_a_unit, w.commune_a_org, 120, "bau-cu")
    session(people, w.commune_b_unit, w.commune_b_org, 45, "covid-19")
    incident(w.commune_a_unit, title="Vụ ở Thành Công")
    incident(w.commune_b_unit, title="Vụ ở Hòa Phú")
    for unit, org, text in [
        (w.commune_a_unit, w.commune_a_org, "Dư luận ở Thành Công"),
        (w.commune_b_unit, w.commune_b_org, "Dư luận ở Hòa Phú"),
    ]:
        note = SituationNote.objects.create(organization=org, unit=unit, period="2021Q1", text=text)
        note.topics.add(Topic.objects.get(code="bau-cu"))
    for unit, org, text in [
        (w.commune_a_unit, w.commune_a_org, "Đề xuất của Thành Công"),
        (w.commune_b_unit, w.commune_b_org, "Đề xuất của Hòa Phú"),
    ]:
        Recommendation.objects.create(
            organization=org, unit=unit, addressee="government", sent_on=D(2021, 3, 1), text=text
        )
    for unit, org, name in [
        (w.commune_a_unit, w.commune_a_org, "Thành Công"),
        (w.commune_b_unit, w.commune_b_org, "Hòa Phú"),
    ]:
        meeting = Meeting.objects.create(
            title=f"Giao ban {name}", unit=unit, organization=org, held_on=D(2021, 3, 5),
            chair="Chủ tịch", period="2021Q1",
        )  # fmt: skip
        task = Task.objects.create(
            meeting=meeting, title=f"Nhiệm vụ {name}", deadline=D(2021, 3, 30)
        )
        task.owners.add(org)
    return people


@pytest.mark.parametrize("url", LISTS)
def test_lists_are_scoped_by_persona(recorded: People, march_2021: None, url: str) -> None:
    w = recorded.world
    province = client_for(w.province).get(url).content.decode()
    assert "Thành Công" in province and "Hòa Phú" in province
    commune_a = client_for(w.commune_a).get(url).content.decode()
    assert "Thành Công" in commune_a and "Hòa Phú" not in commune_a
    commune_b = client_for(w.commune_b).get(url).content.decode()
    assert "Hòa Phú" in commune_b and "Thành Công" not in commune_b
    outsider = client_for(w.outsider).get(url).content.decode()
    assert "Thành Công" not in outsider and "Hòa Phú" not in outsider
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]


@pytest.mark.parametrize("url", LISTS)
def test_exports_hold_what_the_list_holds(recorded: People, march_2021: None, url: str) -> None:
    w = recorded.world
    join = "&" if "?" in url else "?"
    response = client_for(w.commune_a).get(f"{url}{join}format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "Hòa Phú" not in cells
    assert sheet.max_row >= 2  # the header and commune A's row


def test_unit_filter_narrows_and_cannot_reach_outside(recorded: People, march_2021: None) -> None:
    w = recorded.world
    page = client_for(w.province).get(f"/co-so/vu-viec/?unit={w.commune_b_unit.parent_id}")
    assert "Hòa Phú" in page.content.decode() and "Thành Công" in page.content.decode()
    assert (
        client_for(w.commune_a).get(f"/co-so/vu-viec/?unit={w.commune_b_unit.pk}").status_code
        == 404
    )


def test_session_totals_by_topic_and_key_area_flag(recorded: People, march_2021: None) -> None:
    w = recorded.world
    KeyArea.objects.create(unit=w.commune_a_unit, reason="Vùng đồng bào", valid_from=D(2020, 1, 1))
    client = client_for(recorded.writer_a)
    response = client.post(
        "/co-so/tuyen-truyen/them/",
        {
            "held_on": "15/03/2021", "organization": w.commune_a_org.pk,
            "unit": w.commune_a_unit.pk, "village": "Buôn Ea Bông",
            "topics": [Topic.objects.get(code="bau-cu").pk], "format": "home_visit",
            "audience": "35", "language": "ede",
        },
    )  # fmt: skip
    assert response.status_code == 302
    made = PropagandaSession.objects.latest("pk")
    assert made.in_key_area and made.language == "ede" and made.created_by == recorded.writer_a
    page = client_for(w.province).get("/co-so/tuyen-truyen/?period=2021Q1").content.decode()
    assert 'id="total-sessions">3<' in page and 'id="total-people">200<' in page
    coverage = client_for(w.province).get("/co-so/trong-diem/?period=2021Q1").content.decode()
    assert "Địa bàn trọng điểm" in coverage and ">155<" in coverage  # 120 + 35 in the key area


def test_session_form_explains_a_wrong_date_and_number(recorded: People, march_2021: None) -> None:
    w = recorded.world
    response = client_for(recorded.writer_a).post(
        "/co-so/tuyen-truyen/them/",
        {
            "held_on": "2021/15/03", "organization": w.commune_a_org.pk,
            "unit": w.commune_a_unit.pk, "topics": [Topic.objects.get(code="bau-cu").pk],
            "format": "meeting", "audience": "ba mươi", "language": "vi",
        },
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "dd/mm/yyyy" in page
    assert PropagandaSession.objects.count() == 2


def test_viewer_and_reviewer_cannot_record(recorded: People, march_2021: None) -> None:
    assert client_for(recorded.reviewer).get("/co-so/tuyen-truyen/them/").status_code == 403
    assert client_for(recorded.world.commune_a).get("/co-so/vu-viec/them/").status_code == 403


# --- incidents ------------------------------------------------------------------------------


def test_filing_shows_similar_open_incidents_first(recorded: People, march_2021: None) -> None:
    w = recorded.world
    data = {
        "title": "Tranh chấp đất mới", "category": Incident.objects.first().category_id,  # type: ignore[union-attr]
        "unit": w.commune_a_unit.pk, "occurred_on": "10/03/2021", "reported_on": "11/03/2021",
        "severity": "complicated", "organization": w.commune_a_org.pk,
    }  # fmt: skip
    client = client_for(recorded.writer_a)
    first = client.post("/co-so/vu-viec/them/", data)
    assert first.status_code == 200 and "Vụ ở Thành Công" in first.content.decode()
    assert Incident.objects.count() == 2  # nothing filed yet
    second = client.post("/co-so/vu-viec/them/", {**data, "confirm": "1"})
    assert second.status_code == 302
    made = Incident.objects.latest("pk")
    assert made.created_by == recorded.writer_a and made.last_update_on == D(2021, 3, 11)
    assert made.updates.count() == 1


def test_status_changes_follow_the_workflow(recorded: People, march_2021: None) -> None:
    made = Incident.objects.get(title="Vụ ở Thành Công")
    url = f"/co-so/vu-viec/{made.pk}/"
    writer = client_for(recorded.writer_a)
    org = recorded.world.commune_a_org.pk
    steps = [("resolved", "Hòa giải thành."), ("recurring", "Tái phát."), ("referred", "Chuyển.")]
    for status, text in steps:
        response = writer.post(url, {"text": text, "status": status, "organization": org})
        assert response.status_code == 302
        made.refresh_from_db()
        assert made.status == status
    refused = writer.post(url, {"text": "Thử", "status": "new", "organization": org})
    assert "chỉ chuyển được sang" in refused.content.decode()
    made.refresh_from_db()
    assert made.status == "referred" and made.updates.count() == 4
    empty = writer.post(url, {"text": " ", "status": "", "organization": org})
    assert "Cần ghi nội dung cập nhật" in empty.content.decode()


def test_who_may_update_an_incident(recorded: People, march_2021: None) -> None:
    made = Incident.objects.get(title="Vụ ở Thành Công")
    url = f"/co-so/vu-viec/{made.pk}/"
    data = {"text": "Cập nhật", "status": "resolved"}
    assert client_for(recorded.writer_b).post(url, data).status_code == 404
    assert client_for(recorded.reviewer).post(url, data).status_code == 403
    assert client_for(recorded.world.outsider).get(url).status_code == 404
    assert client_for(recorded.approver).post(url, data).status_code == 302  # the province may
    made.refresh_from_db()
    assert made.status == "resolved"


def test_confidential_incident_only_for_the_roles_named(recorded: People, march_2021: None) -> None:
    w = recorded.world
    secret = incident(
        w.commune_a_unit, title="Hoạt động tôn giáo trái phép", category="ton-giao",
        confidential=True, visible_to=",approver,",
    )  # fmt: skip
    url = f"/co-so/vu-viec/{secret.pk}/"
    assert client_for(recorded.approver).get(url).status_code == 200
    assert (
        "Hoạt động tôn giáo"
        in client_for(recorded.approver).get("/co-so/vu-viec/").content.decode()
    )
    for user in [recorded.reviewer, w.province, recorded.writer_a, w.commune_a, w.outsider]:
        assert client_for(user).get(url).status_code == 404
        assert "Hoạt động tôn giáo" not in client_for(user).get("/co-so/vu-viec/").content.decode()
        export = client_for(user).get("/co-so/vu-viec/?format=xlsx").content
        assert "Hoạt động tôn giáo".encode() not in export
    filed_by = client_for(recorded.writer_a)
    data = {
        "title": "Vụ mật mới", "category": secret.category_id, "unit": w.commune_a_unit.pk,
        "occurred_on": "10/03/2021", "reported_on": "11/03/2021", "severity": "hot",
        "organization": w.commune_a_org.pk, "confidential": "on", "confirm": "1",
    }  # fmt: skip
    refused = filed_by.post("/co-so/vu-viec/them/", data)
    assert "chọn vai trò được xem" in refused.content.decode()
    filed_by.post("/co-so/vu-viec/them/", {**data, "visible_roles": ["approver"]})
    mine = Incident.objects.get(title="Vụ mật mới")
    assert filed_by.get(f"/co-so/vu-viec/{mine.pk}/").status_code == 200  # who recorded it


# --- drives, notes, recommendations, meetings, tasks, notifications -------------------------


def test_drive_progress_table_shows_key_areas_and_who_is_behind(
    recorded: People, march_2021: None
) -> None:
    w = recorded.world
    province = AdminUnit.objects.by_code("66", D(2021, 3, 31))
    drive = Drive.objects.create(
        name="Bầu cử 2021", unit=province, starts_on=D(2021, 1, 1), ends_on=D(2021, 5, 23)
    )
    first = Milestone.objects.create(
        drive=drive, title="Hiệp thương lần hai", due_on=D(2021, 3, 17)
    )
    Milestone.objects.create(drive=drive, title="Niêm yết", due_on=D(2021, 4, 13), order=1)
    KeyArea.objects.create(unit=w.commune_b_unit, reason="Vùng sâu", valid_from=D(2020, 1, 1))
    writer = client_for(recorded.writer_a)
    url = f"/co-so/van-dong/{drive.pk}/"
    response = writer.post(
        url, {"milestone": first.pk, "unit": w.commune_a_unit.pk, "percent": "100"}
    )
    assert response.status_code == 302
    assert Progress.objects.get(unit=w.commune_a_unit).percent == 100
    bad = writer.post(
        url, {"milestone": first.pk, "unit": w.commune_a_unit.pk, "percent": "120"}, follow=True
    )
    assert "từ 0 đến 100" in bad.content.decode()
    assert (
        client_for(recorded.writer_b)
        .post(url, {"milestone": first.pk, "unit": w.commune_a_unit.pk, "percent": "0"})
        .status_code
        == 404
    )
    page = client_for(w.province).get(f"{url}?unit={w.commune_a_unit.parent_id}").content.decode()
    rows = page.split('data-unit="')[1:]
    assert rows[0].startswith(w.commune_b_unit.code)  # the key area comes first, and is behind
    assert "(trọng điểm)" in rows[0] and "chậm" in rows[0]
    row_a = next(r for r in rows if r.startswith(w.commune_a_unit.code))
    assert "chậm" not in row_a
    export = client_for(w.province).get(f"{url}?unit={w.commune_a_unit.parent_id}&format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[2]][:3] == [w.commune_b_unit.name, "Có", "Có"]
    assert [c.value for c in sheet[1]][3:] == ["Hiệp thương lần hai", "Niêm yết"]


def test_notes_are_read_by_topic_across_communes(recorded: People, march_2021: None) -> None:
    page = (
        client_for(recorded.world.province).get("/co-so/tu-tuong/?period=2021Q1").content.decode()
    )
    section = page.split('data-topic="Bầu cử')[1]
    assert "Dư luận ở Thành Công" in section and "Dư luận ở Hòa Phú" in section


def test_unanswered_recommendations_show_their_age_then_get_answered(
    recorded: People, march_2021: None
) -> None:
    rec = Recommendation.objects.get(text="Đề xuất của Thành Công")
    page = client_for(recorded.world.province).get("/co-so/de-xuat/").content.decode()
    assert "2 nội dung chưa được trả lời" in page and ">19<" in page  # 1 → 20 March
    url = f"/co-so/de-xuat/{rec.pk}/"
    early = client_for(recorded.writer_a).post(
        url, {"answer": "Đồng ý", "answered_on": "01/02/2021", "status": "answered"}
    )
    assert "không thể trước ngày gửi" in early.content.decode()
    done = client_for(recorded.writer_a).post(
        url, {"answer": "Đồng ý", "answered_on": "15/03/2021", "status": "done"}
    )
    assert done.status_code == 302
    rec.refresh_from_db()
    assert (rec.status, rec.answered_on) == ("done", D(2021, 3, 15))
    assert client_for(recorded.writer_b).post(url, {"answer": "x"}).status_code == 404


def test_meeting_conclusions_become_tasks_followed_until_done(
    recorded: People, march_2021: None
) -> None:
    w = recorded.world
    meeting = Meeting.objects.get(title="Giao ban Thành Công")
    owner = make_user("hoi_a", w.commune_a_org, RoleKind.DATA_ENTRY)
    response = client_for(recorded.writer_a).post(
        f"/co-so/hoi-nghi/{meeting.pk}/",
        {"title": "Rà soát hộ thiếu đói", "owners": [w.commune_a_org.pk], "deadline": "31/03/2021"},
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Rà soát hộ thiếu đói")
    notice = Notification.objects.get(user=owner)
    assert "Rà soát hộ thiếu đói" in notice.text and notice.url == f"/co-so/nhiem-vu/{task.pk}/"
    before = client_for(recorded.writer_a).post(
        f"/co-so/hoi-nghi/{meeting.pk}/",
        {"title": "Sai hạn", "owners": [w.commune_a_org.pk], "deadline": "01/03/2021"},
    )
    assert "Hạn không thể trước ngày họp" in before.content.decode()
    assert (
        client_for(recorded.writer_b)
        .post(
            f"/co-so/nhiem-vu/{task.pk}/",
            {"organization": w.commune_b_org.pk, "percent": "50", "text": "x"},
        )
        .status_code
        == 404
    )
    assert (
        client_for(recorded.approver)
        .post(
            f"/co-so/nhiem-vu/{task.pk}/",
            {"organization": w.province_org.pk, "percent": "50", "text": "x"},
        )
        .status_code
        == 403
    )  # sees it, but is not an owner
    client = client_for(owner)
    client.post(
        f"/co-so/nhiem-vu/{task.pk}/",
        {"organization": w.commune_a_org.pk, "percent": "60", "text": "Đã rà soát 3/5 thôn."},
    )
    client.post(
        f"/co-so/nhiem-vu/{task.pk}/",
        {"organization": w.commune_a_org.pk, "percent": "100", "text": "Xong."},
    )
    task.refresh_from_db()
    assert task.done_on == D(2021, 3, 20) and task.updates.count() == 2
    later = Meeting.objects.create(
        title="Giao ban tháng 4", unit=w.commune_a_unit, organization=w.commune_a_org,
        held_on=D(2021, 4, 5), chair="Chủ tịch", period="202104",
    )  # fmt: skip
    agenda = client_for(recorded.writer_a).get(f"/co-so/hoi-nghi/{later.pk}/").content.decode()
    assert "Nhiệm vụ Thành Công" in agenda and "Rà soát hộ thiếu đói" not in agenda


def test_overdue_tasks_list(recorded: People) -> None:
    with time_machine.travel(dt.datetime(2021, 4, 2, 9, tzinfo=dt.UTC), tick=False):
        page = (
            client_for(recorded.world.commune_a)
            .get("/co-so/nhiem-vu/?state=overdue")
            .content.decode()
        )
    assert "Nhiệm vụ Thành Công" in page and "Hòa Phú" not in page


def test_notify_command_tells_once_about_escalations_and_deadlines(recorded: People) -> None:
    w = recorded.world
    province_user = make_user("bdv_tinh_2021", None, RoleKind.VIEWER)
    from danvan.conftest import make_org
    from danvan.orgs.models import OrgKind, Role

    old_province = AdminUnit.objects.by_code("66", D(2021, 3, 31))
    Role.objects.create(
        user=province_user,
        organization=make_org(OrgKind.COMMISSION, old_province),
        role=RoleKind.VIEWER,
    )
    out = io.StringIO()
    call_command("notify", "--at", "2021-03-29", stdout=out)  # the tasks are due on the 30th
    call_command("notify", "--at", "2021-03-29", stdout=out)  # a second run sends nothing new
    texts = list(Notification.objects.values_list("user__username", "text"))
    assert sum(1 for u, t in texts if u == "bdv_tinh_2021" and "chuyển lên Tỉnh Đắk Lắk" in t) == 2
    assert sum(1 for u, t in texts if u == "xa_a" and "Nhiệm vụ Thành Công" in t) == 1
    page = client_for(w.commune_a).get("/thong-bao/").content.decode()
    assert "Nhiệm vụ “Nhiệm vụ Thành Công” đến hạn ngày 30/03/2021" in page
    assert Notification.objects.filter(user=w.commune_a, read_at__isnull=True).count() == 0


@pytest.mark.parametrize("url", [*LISTS, "/co-so/", "/co-so/trong-diem/?period=2021Q1"])
def test_list_queries_do_not_grow_with_the_rows(
    recorded: People, march_2021: None, url: str
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = recorded.world
    client = client_for(w.province)
    client.get(url)  # warm the session and the role cache

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    recorded_more(recorded, copies=4)
    assert count() == before


def recorded_more(people: People, copies: int) -> None:
    """More of everything in commune A: sessions, incidents, notes, recommendations, tasks."""
    w = people.world
    meeting = Meeting.objects.get(title="Giao ban Thành Công")
    for i in range(copies):
        session(people, w.commune_a_unit, w.commune_a_org, 30 + i, "phap-luat")
        incident(w.commune_a_unit, title=f"Vụ thêm {i}", category="moi-truong")
        note = SituationNote.objects.create(
            organization=w.commune_a_org, unit=w.commune_a_unit, period="2021Q1", text=f"Thêm {i}"
        )
        note.topics.add(Topic.objects.get(code="covid-19"))
        Recommendation.objects.create(
            organization=w.commune_a_org, unit=w.commune_a_unit, addressee="party",
            sent_on=D(2021, 3, 2), text=f"Thêm {i}",
        )  # fmt: skip
        task = Task.objects.create(meeting=meeting, title=f"Thêm {i}", deadline=D(2021, 3, 25))
        task.owners.add(w.commune_a_org)
        Meeting.objects.create(
            title=f"Họp thêm {i}", unit=w.commune_a_unit, organization=w.commune_a_org,
            held_on=D(2021, 3, 6), chair="Chủ tịch", period="2021Q1",
        )  # fmt: skip


def test_recorded_work_is_suggested_on_the_periodic_report(recorded: People) -> None:
    from danvan.reporting.models import Report, ReportForm
    from danvan.reporting.periods import Period
    from danvan.reporting.tests.helpers import field

    w = recorded.world
    made = Incident.objects.get(title="Vụ ở Thành Công")
    with time_machine.travel(dt.datetime(2021, 3, 25, 9, tzinfo=dt.UTC), tick=False):
        client_for(recorded.writer_a).post(
            f"/co-so/vu-viec/{made.pk}/",
            {"text": "Hòa giải thành.", "status": "resolved", "organization": w.commune_a_org.pk},
        )
    report = Report.new(
        ReportForm.objects.get(code="bc-quy"), w.commune_a_org, Period.parse("2021Q1")
    )
    report.save()
    with time_machine.travel(dt.datetime(2021, 4, 2, 9, tzinfo=dt.UTC), tick=False):
        page = client_for(recorded.writer_a).get(f"/bao-cao/{report.pk}/").content.decode()
        assert "Ghi nhận ở cơ sở: 1" in page  # one session, one incident worked on and resolved
        assert "Ghi nhận ở cơ sở: 120" in page  # its audience
        filled = (
            client_for(recorded.writer_a)
            .post(f"/bao-cao/{report.pk}/", {"action": "suggest", "version": str(report.version)})
            .content.decode()
        )
    assert f'name="{field("tt-luot-nguoi")}"' in filled and 'value="120"' in filled
    assert f'name="{field("vv-giai-quyet")}"' in filled
    report.refresh_from_db()
    assert not report.values.exists()  # nothing saved until the officer presses save


def test_recommendation_links_incidents_and_notes(recorded: People, march_2021: None) -> None:
    w = recorded.world
    made = Incident.objects.get(title="Vụ ở Thành Công")
    note = SituationNote.objects.get(text="Dư luận ở Thành Công")
    response = client_for(recorded.writer_a).post(
        "/co-so/de-xuat/them/",
        {
            "organization": w.commune_a_org.pk, "unit": w.commune_a_unit.pk,
            "addressee": "government", "addressee_name": "UBND phường", "sent_on": "18/03/2021",
            "text": "Đề nghị đối thoại với các hộ dân.", "incidents": [made.pk], "notes": [note.pk],
        },
    )  # fmt: skip
    assert response.status_code == 302
    rec = Recommendation.objects.get(text="Đề nghị đối thoại với các hộ dân.")
    assert list(rec.incidents.all()) == [made] and list(rec.notes.all()) == [note]
    assert rec.created_by == recorded.writer_a
    page = client_for(w.province).get(f"/co-so/de-xuat/{rec.pk}/").content.decode()
    assert "Vụ ở Thành Công" in page and "Dư luận ở Thành Công" in page
    other = Incident.objects.get(title="Vụ ở Hòa Phú")
    refused = client_for(recorded.writer_a).post(
        "/co-so/de-xuat/them/",
        {
            "organization": w.commune_a_org.pk, "unit": w.commune_a_unit.pk,
            "addressee": "party", "sent_on": "18/03/2021", "text": "Thử", "incidents": [other.pk],
        },
    )  # fmt: skip
    assert refused.status_code == 200  # another commune's incident is not a choice
    assert not Recommendation.objects.filter(text="Thử").exists()


def test_escalated_incident_appears_on_the_level_above(recorded: People) -> None:
    """Today's province sees, as its own, a 2021 commune's incident raised to 2021 Đắk Lắk."""
    w = recorded.world
    raised = incident(w.commune_a_unit, title="Vụ kéo dài", reported=D(2021, 3, 1))
    with time_machine.travel(dt.datetime(2021, 3, 20, 9, tzinfo=dt.UTC), tick=False):
        province = client_for(w.province).get("/co-so/vu-viec/").content.decode()
        commune = client_for(w.commune_a).get("/co-so/vu-viec/").content.decode()
    here = province.split('id="escalated-here"')[1].split("</section>")[0]
    assert "Vụ kéo dài" in here and "19 ngày không có cập nhật" in here
    assert 'id="escalated-here"' not in commune  # it left the commune's own list of duty
    assert f'data-id="{raised.pk}"' in commune  # though the commune still sees it

"""Grassroots pages through HTTP, per persona: scoping of every list and export, the
confidential incident, each status change, sessions, notes, recommendations, meetings, tasks
and notifications."""

import datetime as dt
import io

import time_machine
from django.core.management import call_command

from danvan.conftest import People, incident, make_user
from danvan.orgs.models import RoleKind
from danvan.reporting.tests.conftest import client_for
from danvan.situation.models import Incident, Recommendation, SituationNote

D = dt.date


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


def test_lists_judge_escalation_as_of_the_period_or_the_date_asked(recorded: People) -> None:
    client = client_for(recorded.world.province)
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False):
        today = client.get("/co-so/vu-viec/").content.decode()
        quarter = client.get("/co-so/vu-viec/?period=2021Q1").content.decode()
        asked = client.get("/co-so/vu-viec/?period=2021Q1&at=2021-03-10").content.decode()
    assert "2101 ngày không có cập nhật" in today  # still open, judged today
    assert "tính đến ngày <strong>31/03/2021</strong>" in quarter
    assert "30 ngày không có cập nhật" in quarter and "2101 ngày" not in quarter
    assert "tính đến ngày <strong>10/03/2021</strong>" in asked
    assert "9 ngày không có cập nhật" in asked


def test_notices_of_a_confidential_incident_reach_only_the_roles_named(recorded: People) -> None:
    from danvan.orgs.models import Notification

    w = recorded.world
    officer = make_user("mttq_a_duyet", w.commune_a_org, RoleKind.APPROVER)
    viewer = make_user("mttq_a_xem", w.commune_a_org, RoleKind.VIEWER)
    incident(
        w.commune_a_unit, title="Hoạt động tôn giáo trái phép", category="ton-giao",
        confidential=True, visible_to=",approver,", deadline=D(2021, 3, 31),
    )  # fmt: skip
    call_command("notify", "--at", "2021-03-29", stdout=io.StringIO())
    told = set(
        Notification.objects.filter(text__contains="Hoạt động tôn giáo").values_list(
            "user__username", flat=True
        )
    )
    assert "mttq_a_duyet" in told  # the role named on it, at its unit
    assert not told & {viewer.username, w.commune_a.username, recorded.writer_a.username}
    assert officer.username in told

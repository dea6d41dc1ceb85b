"""Grassroots pages through HTTP, per persona: scoping of every list and export, the
confidential incident, each status change, sessions, notes, recommendations, meetings, tasks
and notifications."""

import datetime as dt

import time_machine

from danvan.conftest import People, make_user
from danvan.directives.models import Meeting, Task
from danvan.orgs.models import Notification, RoleKind
from danvan.reporting.tests.conftest import client_for

D = dt.date


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

"""Every write is an action that leaves its history row, as its user; a refused action leaves
none and tells no one (its e-mail is sent only once the transaction has committed)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from danvan.conftest import People, make_user
from danvan.directives.models import Meeting, Task
from danvan.orgs.models import Notification, RoleKind
from danvan.outreach.models import Drive, Milestone, Progress
from danvan.reporting.tests.conftest import client_for
from danvan.situation.models import Incident, IncidentUpdate, Recommendation

D = dt.date


def history_of(row: object) -> list[tuple[str, str]]:
    return [(h.history_type, h.history_user.username if h.history_user else "") for h in
            row.history.all()]  # type: ignore[attr-defined]  # fmt: skip


def test_filing_and_updating_an_incident_leave_history_shown_on_its_page(
    recorded: People, march_2021: None
) -> None:
    w = recorded.world
    client = client_for(recorded.writer_a)
    category = Incident.objects.values_list("category_id", flat=True)[0]
    response = client.post(
        "/co-so/vu-viec/them/",
        {
            "title": "Khiếu kiện đông người về đền bù",
            "category": category,
            "unit": w.commune_a_unit.pk,
            "occurred_on": "10/03/2021",
            "reported_on": "11/03/2021",
            "severity": "complicated",
            "organization": w.commune_a_org.pk,
            "confirm": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    made = Incident.objects.get(title="Khiếu kiện đông người về đền bù")
    assert history_of(made) == [("+", "ghi_a")]
    client.post(
        f"/co-so/vu-viec/{made.pk}/",
        {"text": "Đối thoại với các hộ", "status": "handling", "on": "12/03/2021"},
    )
    assert history_of(made) == [("~", "ghi_a"), ("+", "ghi_a")]
    page = client.get(f"/co-so/vu-viec/{made.pk}/").content.decode()
    assert "Lịch sử thay đổi" in page
    assert "Tình trạng: <del>Mới phát sinh</del> → <ins>Đang giải quyết</ins>" in page


def test_a_refused_update_writes_no_history_and_no_timeline_entry(
    recorded: People, march_2021: None
) -> None:
    made = Incident.objects.get(title="Vụ ở Thành Công")
    rows, updates = made.history.count(), IncidentUpdate.objects.count()
    page = client_for(recorded.writer_a).post(
        f"/co-so/vu-viec/{made.pk}/", {"text": "Xong", "status": "new", "on": "12/03/2021"},
        follow=True,
    ).content.decode()  # fmt: skip
    assert "chỉ chuyển được sang" in page
    assert made.history.count() == rows and IncidentUpdate.objects.count() == updates


def test_a_recommendation_keeps_every_answer(recorded: People) -> None:
    rec = Recommendation.objects.get(text="Đề xuất của Thành Công")
    client = client_for(recorded.writer_a)
    for on, answer in [("05/03/2021", "Đã chuyển Sở Tài nguyên"), ("15/03/2021", "Đã giải quyết")]:
        client.post(
            f"/co-so/de-xuat/{rec.pk}/", {"answered_on": on, "answer": answer, "status": "answered"}
        )
    page = client.get(f"/co-so/de-xuat/{rec.pk}/").content.decode()
    assert "Trả lời trước đó (05/03/2021)" in page and "Đã chuyển Sở Tài nguyên" in page
    assert "Đã giải quyết" in page
    answers = [h.answer for h in rec.history.all()]
    assert answers == ["Đã giải quyết", "Đã chuyển Sở Tài nguyên", ""]


@override_settings(EMAIL_HOST="mail.example.vn")
def test_a_task_assignment_mails_after_commit_and_a_refused_one_tells_no_one(
    recorded: People, march_2021: None, django_capture_on_commit_callbacks: object
) -> None:
    w = recorded.world
    owner = make_user("hoi_a2", w.commune_a_org, RoleKind.DATA_ENTRY)
    owner.email = "hoi_a2@example.vn"
    owner.save()
    meeting = Meeting.objects.get(title="Giao ban Thành Công")
    client = client_for(recorded.writer_a)
    tasks, notices = Task.objects.count(), Notification.objects.count()
    refused = client.post(
        f"/co-so/hoi-nghi/{meeting.pk}/",
        {"title": "Không chủ", "owners": [], "deadline": "31/03/2021"},
    )
    assert refused.status_code == 200
    assert Task.objects.count() == tasks and Notification.objects.count() == notices
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # type: ignore[operator]
        page = client.post(
            f"/co-so/hoi-nghi/{meeting.pk}/",
            {"title": "Rà soát hộ", "owners": [w.commune_a_org.pk], "deadline": "31/03/2021"},
            follow=True,
        ).content.decode()
    assert len(callbacks) == 1  # the e-mail waited for the commit
    assert [m.to for m in mail.outbox] == [["hoi_a2@example.vn"]]
    assert "đã thông báo cho" in page
    task = Task.objects.get(title="Rà soát hộ")
    assert history_of(task) == [("+", "ghi_a")]


def test_a_refused_progress_figure_writes_nothing(recorded: People) -> None:
    w = recorded.world
    drive = Drive.objects.create(
        name="Bầu cử 2021", unit=w.commune_a_unit, starts_on=D(2021, 1, 1), ends_on=D(2021, 5, 31)
    )
    milestone = Milestone.objects.create(drive=drive, title="Lập danh sách", due_on=D(2021, 4, 1))
    client = client_for(recorded.writer_a)
    with time_machine.travel(dt.datetime(2021, 3, 20, tzinfo=dt.UTC), tick=False):
        url = f"/co-so/van-dong/{drive.pk}/"
        page = client.post(
            url, {"milestone": milestone.pk, "unit": w.commune_a_unit.pk, "percent": "120"},
            follow=True,
        ).content.decode()  # fmt: skip
        assert "từ 0 đến 100" in page
        assert not Progress.objects.exists()
        client.post(url, {"milestone": milestone.pk, "unit": w.commune_a_unit.pk, "percent": "60"})
    progress = Progress.objects.get()
    assert progress.percent == 60 and history_of(progress) == [("+", "ghi_a")]


@pytest.mark.django_db
def test_configuration_changed_in_the_admin_keeps_its_history(world: object) -> None:
    from django.contrib.auth import get_user_model

    from danvan.outreach.models import Topic

    admin = get_user_model().objects.create_superuser("quantri", password="Mat-khau-rat-dai-1")
    client = client_for(None)
    client.force_login(admin)
    topic = Topic.objects.get(code="bau-cu")
    response = client.post(
        f"/quan-tri/outreach/topic/{topic.pk}/change/",
        {"code": "bau-cu", "name": "Bầu cử 2026", "active": "on", "order": "2"},
    )
    assert response.status_code == 302
    latest = topic.history.first()
    assert (latest.name, latest.history_user.username) == ("Bầu cử 2026", "quantri")


def test_healthz_answers_without_a_login(client: object, db: None) -> None:
    response = client.get("/healthz")  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_actions_log_what_they_did(
    recorded: People, march_2021: None, caplog: pytest.LogCaptureFixture
) -> None:
    made = Incident.objects.get(title="Vụ ở Thành Công")
    with caplog.at_level("INFO", logger="danvan.actions"):
        client_for(recorded.writer_a).post(
            f"/co-so/vu-viec/{made.pk}/", {"text": "Đã đối thoại", "on": "12/03/2021"}
        )
    assert any(f"updated incident #{made.pk}" in r.getMessage() for r in caplog.records)


def test_the_documented_gunicorn_configuration_loads() -> None:
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    config = str(root / "deploy/gunicorn.conf.py")
    done = subprocess.run(
        [str(gunicorn), "--check-config", "-c", config, "danvan.wsgi"],
        cwd=root, capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "GUNICORN_WORKERS": "2"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr

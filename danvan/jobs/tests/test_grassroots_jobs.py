"""The briefing document and the daily notices as jobs."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document as read_docx

from danvan.conftest import World
from danvan.directives.models import Meeting, Task
from danvan.jobs.models import Job, JobState
from danvan.jobs.testing import work_off
from danvan.orgs.models import Notification
from danvan.reporting.tests.conftest import client_for


def meeting(world: World) -> Meeting:
    made = Meeting.objects.create(
        title="Giao ban Thành Công",
        unit=world.commune_a_unit,
        organization=world.commune_a_org,
        held_on=dt.date(2021, 3, 5),
        chair="Chủ tịch",
        period="2021Q1",
        conclusions="Tập trung tuyên truyền bầu cử.",
    )
    task = Task.objects.create(
        meeting=made, title="Nhiệm vụ tuyên truyền", deadline=dt.date(2021, 3, 30)
    )
    task.owners.add(world.commune_a_org)
    return made


def test_the_briefing_is_built_by_a_job_and_served_within_scope(world: World) -> None:
    held = meeting(world)
    client = client_for(world.commune_a)
    page = client.get(f"/co-so/hoi-nghi/{held.pk}/").content.decode()
    assert 'id="briefing-docx"' in page
    job_page = client.post(f"/co-so/hoi-nghi/{held.pk}/van-ban/", {"format": "docx"})["Location"]
    # A second click while it waits goes to the same job.
    assert (
        client.post(f"/co-so/hoi-nghi/{held.pk}/van-ban/", {"format": "docx"})["Location"]
        == job_page
    )
    assert "Đang chờ" in client.get(job_page).content.decode()
    work_off()
    page = client.get(job_page).content.decode()
    assert "Đã lập xong" in page and ".docx" in page
    download = client.get(f"{job_page}tep/")
    body = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    text = "\n".join(p.text for p in read_docx(io.BytesIO(body)).paragraphs)
    assert "III. KẾT LUẬN CỦA HỘI NGHỊ" in text and "Tập trung tuyên truyền bầu cử." in text
    assert client_for(world.province).get(f"{job_page}tep/").status_code == 200
    assert client_for(world.commune_b).get(f"{job_page}tep/").status_code == 404
    # The neighbour cannot even start one: the meeting is not theirs to see.
    assert (
        client_for(world.commune_b)
        .post(f"/co-so/hoi-nghi/{held.pk}/van-ban/", {"format": "pdf"})
        .status_code
        == 404
    )


def test_daily_notices_run_as_a_job_and_twice_send_nothing_twice(world: World) -> None:
    meeting(world)
    for _ in range(2):
        call_command("jobs", "notify", "--at", "2021-03-29", stdout=io.StringIO())
        work_off()
    jobs = list(Job.objects.filter(kind="notify").order_by("pk"))
    assert [j.state for j in jobs] == [JobState.DONE, JobState.DONE]
    assert jobs[0].message == "Đã gửi 1 thông báo." and jobs[1].message == "Đã gửi 0 thông báo."
    assert Notification.objects.filter(user=world.commune_a).count() == 1
    with pytest.raises(CommandError, match="không hợp lệ: viết YYYY-MM-DD"):
        call_command("jobs", "notify", "--at", "29/03/2021", stdout=io.StringIO())

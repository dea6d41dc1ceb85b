"""Jobs as users see them: the page and its self-refreshing fragment in every state, who may
see a job and its file, failures in Vietnamese, running again, expiry; progress bars."""

import datetime as dt
import hashlib
import io
import os

import pytest
from django.utils import timezone

from danvan.conftest import World
from danvan.jobs import actions, kinds, progress
from danvan.jobs.actions import JobError, Outcome
from danvan.jobs.models import Job, JobKind, JobState
from danvan.jobs.testing import work_off
from danvan.reporting.tests.conftest import client_for

HANDLER = "danvan.jobs.tests.test_jobs.{}"


def counting(job: Job, progress: progress.Progress) -> Outcome:
    for _ in progress.track(range(3), "Đếm thử", 3):
        pass
    return Outcome(
        "Đã đếm xong 3 mục.",
        link="/cham-lo/",
        content=b"ba muc",
        file_name="ket-qua.txt",
        content_type="text/plain",
    )


def refusing(job: Job, progress: progress.Progress) -> Outcome:
    raise JobError("Tệp còn 2 dòng lỗi; sửa rồi tải lên lại. Chưa nhập gì.")


def crashing(job: Job, progress: progress.Progress) -> Outcome:
    raise KeyError("internal detail")


@pytest.fixture
def handler(monkeypatch: pytest.MonkeyPatch) -> object:
    def use(name: str) -> None:
        monkeypatch.setitem(kinds.HANDLERS, JobKind.NOTIFY, HANDLER.format(name))

    return use


def start(world: World, **kwargs: object) -> Job:
    return actions.start_job(
        JobKind.NOTIFY,
        "Việc thử",
        user=world.commune_a,
        scope_path=world.commune_a_unit.path,
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_job_page_follows_the_job_from_queued_to_done_with_its_file(
    world: World, handler: object
) -> None:
    handler("counting")  # type: ignore[operator]
    job = start(world)
    client = client_for(world.commune_a)
    page = client.get(f"/viec/{job.pk}/").content.decode()
    assert "Đang chờ" in page and 'hx-trigger="every 2s"' in page  # refreshes itself
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, step="Đếm thử", done=1, total=3)
    fragment = client.get(f"/viec/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "Đếm thử: 1/3" in fragment and 'max="3"' in fragment
    Job.objects.filter(pk=job.pk).update(state=JobState.QUEUED)
    work_off()
    fragment = client.get(f"/viec/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Đã đếm xong 3 mục." in fragment and "hx-trigger" not in fragment  # stops polling
    assert "Tải ket-qua.txt" in fragment and 'href="/cham-lo/"' in fragment
    download = client.get(f"/viec/{job.pk}/tep/")
    assert b"".join(download.streaming_content) == b"ba muc"  # type: ignore[attr-defined]
    job.refresh_from_db()
    assert job.sha256 == hashlib.sha256(b"ba muc").hexdigest()
    home = client.get("/").content.decode()
    assert "Việc chạy nền của tôi" in home and f"/viec/{job.pk}/" in home


def test_only_the_owner_sees_a_job_and_the_scope_decides_who_gets_its_file(
    world: World, handler: object
) -> None:
    handler("counting")  # type: ignore[operator]
    job = start(world)
    work_off()
    assert client_for(world.commune_a).get(f"/viec/{job.pk}/").status_code == 200
    for other in (world.province, world.commune_b, world.outsider):
        assert client_for(other).get(f"/viec/{job.pk}/").status_code == 404
        assert f"/viec/{job.pk}/" not in client_for(other).get("/viec/").content.decode()
    anonymous = client_for(None).get(f"/viec/{job.pk}/")
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]
    # The file: whoever sees the commune (the province above it); not the neighbour, not
    # another province, not an anonymous visitor.
    assert client_for(world.province).get(f"/viec/{job.pk}/tep/").status_code == 200
    assert client_for(world.commune_b).get(f"/viec/{job.pk}/tep/").status_code == 404
    assert client_for(world.outsider).get(f"/viec/{job.pk}/tep/").status_code == 404
    assert client_for(None).get(f"/viec/{job.pk}/tep/").status_code == 302


def test_a_generated_file_expires_and_is_pruned(world: World, handler: object) -> None:
    handler("counting")  # type: ignore[operator]
    job = start(world)
    work_off()
    job.refresh_from_db()
    assert job.expires_at is not None
    stored = job.file.path
    later = job.expires_at + dt.timedelta(minutes=1)
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client = client_for(world.commune_a)
    assert client.get(f"/viec/{job.pk}/tep/").status_code == 404
    assert actions.prune(later) == 1
    page = client.get(f"/viec/{job.pk}/").content.decode()
    assert "đã hết thời hạn lưu" in page
    assert not os.path.exists(stored)


def test_a_refused_job_says_why_and_a_crash_hides_the_details(
    world: World, handler: object
) -> None:
    handler("refusing")  # type: ignore[operator]
    job = start(world)
    work_off()
    client = client_for(world.commune_a)
    page = client.get(f"/viec/{job.pk}/").content.decode()
    assert "Không thành công" in page and "Tệp còn 2 dòng lỗi" in page and "Chạy lại" in page
    handler("crashing")  # type: ignore[operator]
    client.post(f"/viec/{job.pk}/chay-lai/")
    work_off()
    page = client.get(f"/viec/{job.pk}/").content.decode()
    assert "lỗi hệ thống" in page and "internal detail" not in page
    job.refresh_from_db()
    assert job.attempts == 2
    handler("counting")  # type: ignore[operator]
    client.post(f"/viec/{job.pk}/chay-lai/")
    work_off()
    assert "Đã đếm xong" in client.get(f"/viec/{job.pk}/").content.decode()
    # Someone else cannot run it again.
    assert client_for(world.commune_b).post(f"/viec/{job.pk}/chay-lai/").status_code == 404


def test_a_job_delivered_twice_runs_once(world: World, handler: object) -> None:
    handler("counting")  # type: ignore[operator]
    job = start(world)
    work_off()
    assert actions.run(job.pk) == "skipped"


def test_progress_bars_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert type(progress.for_command(stream=io.StringIO())) is progress.Progress
    assert type(progress.for_command(json_output=True, stream=Terminal())) is progress.Progress
    terminal = Terminal()
    bar = progress.for_command(stream=terminal)
    assert isinstance(bar, progress.TerminalProgress)
    bar.step("Ghi vào sổ", 4)
    bar.advance(4)
    bar.close()
    assert "Ghi vào sổ" in terminal.getvalue() and "4/4" in terminal.getvalue()

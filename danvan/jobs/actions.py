"""Starting, running, re-running and pruning jobs. Each write is small and in a transaction.

A job's work is a function `handler(job, progress) -> Outcome` named in `kinds.HANDLERS`. It
raises `JobError` with a Vietnamese reason for the user when it cannot be done (nothing is
retried then); any other exception is logged, retried on a locked database, and otherwise
reported in Vietnamese without the technical details.
"""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from danvan.jobs.kinds import HANDLERS
from danvan.jobs.models import Job, JobState
from danvan.jobs.progress import JobProgress, Progress
from danvan.orgs.models import Organization, User

log = logging.getLogger(__name__)

# A locked SQLite database or a dropped connection is worth another try, a little later.
RETRIES = 3
RETRY_DELAY = dt.timedelta(seconds=20)


class JobError(Exception):
    """The work cannot be done, for a reason the user can read (in Vietnamese)."""


@dataclass
class Outcome:
    """What came of a job: a Vietnamese sentence, a link to what it made or changed, a file."""

    message: str
    link: str = ""
    content: bytes | None = None
    file_name: str = ""
    content_type: str = ""
    result: dict[str, Any] | None = None


class Handler(Protocol):
    def __call__(self, job: Job, progress: Progress) -> Outcome: ...


def start_job(
    kind: str,
    title: str,
    *,
    user: User | None,
    organization: Organization | None = None,
    scope_path: str = "",
    params: dict[str, Any] | None = None,
) -> Job:
    """Record a job and put it on the queue. Safe inside a transaction: the queue's row is
    written in the same database, so the worker sees the job only once it is committed."""
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            title=title[:300],
            user=user,
            organization=organization,
            scope_path=scope_path,
            params=params or {},
        )
        _enqueue(job)
    return job


def _enqueue(job: Job, run_after: dt.datetime | None = None) -> None:
    from danvan.jobs.tasks import run_job

    task = run_job.using(run_after=run_after) if run_after else run_job
    result = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)


def rerun_job(job: Job) -> Job:
    """Queue a job again: after it failed, or after its worker died (it then still says
    running). The work is idempotent, so what it already recorded is not recorded twice."""
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            state=JobState.QUEUED, error="", step="", done=0, total=0, finished_at=None
        )
        _enqueue(job)
    job.refresh_from_db()
    return job


def find_open(kind: str, **params: Any) -> Job | None:
    """A queued or running job of this kind with these parameters (a double click, a second
    tab): the user is sent to it instead of starting the same work twice."""
    jobs = Job.objects.filter(kind=kind, state__in=[JobState.QUEUED, JobState.RUNNING])
    return next((j for j in jobs if all(j.params.get(k) == v for k, v in params.items())), None)


def run(job_id: int) -> str:
    """Run one job (what the worker calls). A job already done is left alone: a task the
    queue delivers twice records nothing twice."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.state == JobState.DONE:
        return "skipped"
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, started_at=timezone.now(), attempts=job.attempts + 1, error=""
    )
    job.refresh_from_db()
    progress = JobProgress(job)
    handler: Handler = import_string(HANDLERS[job.kind])
    try:
        outcome = handler(job, progress)
    except JobError as error:
        _fail(job, str(error))
        return "failed"
    except OperationalError:
        log.exception("job %s (%s): database error", job.pk, job.kind)
        if job.attempts < RETRIES:
            Job.objects.filter(pk=job.pk).update(
                state=JobState.QUEUED,
                step=f"Cơ sở dữ liệu đang bận; sẽ thử lại (lần {job.attempts + 1}).",
            )
            _enqueue(job, run_after=timezone.now() + RETRY_DELAY)
            return "retry"
        _fail(job, "Cơ sở dữ liệu bận quá lâu; chưa ghi gì. Bấm “Chạy lại” sau ít phút.")
        return "failed"
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _fail(
            job,
            "Có lỗi hệ thống khi chạy việc này; đã ghi vào nhật ký để quản trị viên xem. "
            "Những gì cần ghi trọn vẹn thì chưa ghi gì. Bấm “Chạy lại” hoặc báo quản trị viên.",
        )
        return "failed"
    finally:
        progress.close()
    _finish(job, outcome)
    return "done"


def _fail(job: Job, reason: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, error=reason, finished_at=timezone.now()
    )


def _finish(job: Job, outcome: Outcome) -> None:
    now = timezone.now()
    job.state, job.finished_at = JobState.DONE, now
    job.message, job.link, job.result = outcome.message, outcome.link, outcome.result or {}
    job.done = job.total
    fields = ["state", "finished_at", "message", "link", "result", "done"]
    if outcome.content is not None:
        if job.file:
            job.file.delete(save=False)
        job.sha256 = hashlib.sha256(outcome.content).hexdigest()
        job.file_name = outcome.file_name
        job.content_type = outcome.content_type
        job.file.save(outcome.file_name, ContentFile(outcome.content), save=False)
        job.expires_at = now + dt.timedelta(days=settings.DANVAN_RESULT_DAYS)
        fields += ["sha256", "file_name", "content_type", "file", "expires_at"]
    job.save(update_fields=fields)


def prune(now: dt.datetime | None = None) -> int:
    """Delete the files of jobs past their keeping time; the rows stay (the page says the file
    has expired). Returns how many files went."""
    now = now or timezone.now()
    count = 0
    for job in Job.objects.filter(expires_at__lt=now).exclude(file=""):
        job.file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(file="")
        count += 1
    return count

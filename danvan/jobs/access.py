"""Who sees which job: a user sees their own jobs. A job's result file (a generated document)
is served to whoever may see the scope it was made for — the owner while they still may, and
colleagues whose scope covers it — until it expires."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from danvan.jobs.models import Job
from danvan.orgs import access as org_access
from danvan.orgs.models import User


def jobs_for_user(user: org_access.AnyUser) -> QuerySet[Job]:
    if not isinstance(user, User) or not user.is_active:
        return Job.objects.none()
    return Job.objects.filter(user=user)


def get_job_for_user(user: org_access.AnyUser, pk: int) -> Job:
    """The user's own job; Http404 for anybody else's (they learn nothing)."""
    try:
        return jobs_for_user(user).get(pk=pk)
    except Job.DoesNotExist:
        raise Http404("Không tìm thấy việc này.") from None


def may_see_scope(user: org_access.AnyUser, job: Job) -> bool:
    paths = org_access.scope_paths(user)
    if paths is None:
        return True
    if not job.scope_path:
        return job.user_id == getattr(user, "pk", None)
    return any(job.scope_path.startswith(p) for p in paths)


def get_result_for_user(user: org_access.AnyUser, pk: int) -> Job:
    """A job whose file the user may download; Http404 otherwise, and for an expired file."""
    job = Job.objects.filter(pk=pk).exclude(file="").first()
    if job is None or not user.is_authenticated or not may_see_scope(user, job):
        raise Http404("Không tìm thấy tệp này trong phạm vi của bạn.")
    if job.expires_at is not None and job.expires_at < timezone.now():
        raise Http404("Tệp này đã hết thời hạn lưu; hãy lập lại.")
    return job

"""A job's page (with an htmx fragment that refreshes itself until the job ends), the user's
list of jobs, re-running a failed or stalled job, and downloading a job's result file."""

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from danvan.jobs import access, actions
from danvan.jobs.models import JobState
from danvan.orgs.access import signed_in_user


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_job_for_user(signed_in_user(request), pk)
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/job.html"
    return render(request, template, {"job": job})


def job_list(request: HttpRequest) -> HttpResponse:
    jobs = access.jobs_for_user(signed_in_user(request))
    page = Paginator(jobs, 30).get_page(request.GET.get("page"))
    return render(request, "jobs/job_list.html", {"page": page, "jobs": page.object_list})


@require_POST
def job_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_job_for_user(signed_in_user(request), pk)
    if job.state == JobState.FAILED or job.stalled:
        actions.rerun_job(job)
    return redirect("job-detail", pk=job.pk)


def job_file(request: HttpRequest, pk: int) -> FileResponse:
    job = access.get_result_for_user(signed_in_user(request), pk)
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.file_name,
        content_type=job.content_type or "application/octet-stream",
    )

"""The one task the queue knows: run a job by its id. Every kind of work goes through it, so
a job's state, progress and failure reason are handled in one place (`actions.run`)."""

from django_tasks import task

from danvan.jobs import actions


@task()
def run_job(job_id: int) -> str:
    return actions.run(job_id)

"""The day's notices as a job (`danvan jobs notify`): the jobs the apps put in
`core.registry.daily_notices`, as `danvan notify` runs them."""

import datetime as dt

from django.utils import timezone

from danvan.core.registry import daily_notices as jobs_of_the_day
from danvan.jobs.actions import Outcome
from danvan.jobs.models import Job
from danvan.jobs.progress import Progress


def daily_notices(job: Job, progress: Progress) -> Outcome:
    """The day's notices (escalations, deadlines); run twice, nothing is sent twice."""
    at = job.params.get("at")
    on = dt.date.fromisoformat(at) if at else timezone.localdate()
    progress.step(f"Gửi thông báo ngày {on:%d/%m/%Y}")
    sent = sum(send(on) for send in jobs_of_the_day)
    return Outcome(f"Đã gửi {sent} thông báo.", result={"sent": sent})

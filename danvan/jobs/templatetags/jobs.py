from typing import Any

from django import template
from django.db.models import Case, IntegerField, Value, When

from danvan.jobs.access import jobs_for_user
from danvan.jobs.models import JobState

register = template.Library()


@register.inclusion_tag("jobs/_my_jobs.html", takes_context=True)
def my_jobs(context: dict[str, Any], limit: int = 5) -> dict[str, Any]:
    """The signed-in user's latest jobs, those still queued or running first."""
    jobs = jobs_for_user(context["request"].user).annotate(
        open=Case(
            When(state__in=[JobState.QUEUED, JobState.RUNNING], then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    return {"jobs": list(jobs.order_by("open", "-created_at")[:limit])}

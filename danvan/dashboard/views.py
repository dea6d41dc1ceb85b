"""Overview pages that read across the domain apps."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from danvan.core.http import date_param
from danvan.core.pagecache import kept_page
from danvan.core.replica import reads_from_replica
from danvan.dashboard import charts
from danvan.dashboard.overview import Overview, overview
from danvan.directives.access import tasks_for_user
from danvan.orgs import access as org_access
from danvan.orgs.access import signed_in_user
from danvan.orgs.models import Notification
from danvan.outreach.access import drives_for_user
from danvan.reporting.models import ReportForm
from danvan.reporting.scopes import scope_from
from danvan.situation.access import incidents_for_user
from danvan.situation.escalation import needing_attention


def fieldwork(request: HttpRequest) -> HttpResponse:
    """The field work at a glance: incidents escalated to the user's level and others needing
    attention, overdue tasks, the drives under way."""
    user = signed_in_user(request)
    today, date_error = date_param(request, timezone.localdate())
    own_levels = org_access.own_level_paths(user)
    attention = needing_attention(incidents_for_user(user), today)
    here = [s for s in attention if s.level.path in own_levels and s.escalated]
    context = {
        "escalated_here": here,
        "attention": [s for s in attention if s not in here][:10],  # each item in one section
        "overdue_tasks": tasks_for_user(user)
        .filter(done_on__isnull=True, deadline__lt=today)
        .order_by("deadline", "pk")
        .select_related("meeting")[:10],
        "drives": drives_for_user(user).order_by("-starts_on"),
        "on": today,
        "date_error": date_error,
        "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
    }
    return render(request, "dashboard/work.html", context)


@reads_from_replica
@kept_page
def leaders(request: HttpRequest) -> HttpResponse:
    """The quarter at a glance for the user's scope: key figures with their trend, reports
    received, the units below ranked, and the field work in the period."""
    user = signed_in_user(request)
    scope = scope_from(request, user)
    on, date_error = date_param(request, min(timezone.localdate(), scope.period.end))
    view = overview(
        user,
        scope,
        on,
        request.GET.get("indicator", ""),
        all_units=request.GET.get("units") == "all",
    )
    drawn = _charts(view)
    context = {
        "view": view,
        "charts": drawn,
        "scope": scope,
        "forms": ReportForm.objects.filter(active=True),
        "date_error": date_error,
    }
    return render(request, "dashboard/overview.html", context)


def _charts(view: Overview) -> dict[str, str]:
    """The charts of the dashboard as data URLs, each with its phone's copy ("…_narrow"); each
    sits beside the table of its numbers."""
    drawn: dict[str, str] = {}
    if view.charted is not None and view.history:
        name = f"{view.charted.name} ({view.charted.unit})"
        for key, narrow in (("history", False), ("history_narrow", True)):
            drawn[key] = charts.line(
                f"{name} qua các kỳ",
                [period.label for period, _ in view.history],
                [value for _, value in view.history],
                name,
                narrow=narrow,
            )
    if view.ranked_by is not None and view.units:
        name = f"{view.ranked_by.name} ({view.ranked_by.unit})"
        for key, narrow in (("units", False), ("units_narrow", True)):
            drawn[key] = charts.bars(
                f"{name} theo đơn vị",
                [row.unit.name for row in view.units],
                [row.figure for row in view.units],
                name,
                narrow=narrow,
            )
    return drawn

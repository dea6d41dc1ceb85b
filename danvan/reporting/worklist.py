"""What the reporting workflow asks of a user, for the home page: reports to fix (the return
reason first) and to finish and send (a locked one let in late with the day it locks again), on
the worklist; the reports to review or approve, in the queue above it."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet
from django.urls import reverse

from danvan.core.registry import Queue, WorkItem
from danvan.orgs.models import User
from danvan.reporting import access
from danvan.reporting.actions import entry_closed
from danvan.reporting.models import EventKind, Report, ReportEvent, ReportStatus

MOST = 20
# The reports list's filter "Chờ tôi quyết định" (?cho=toi): exactly the queue below.
WAITING_PARAM = "cho"
WAITING_VALUE = "toi"


def _due(report: Report) -> dt.date:
    return report.period_end + dt.timedelta(days=report.form.due_days)


def _label(report: Report) -> str:
    return f"{report.period_obj.titled(report.form.name)} — {report.organization.name}"


def _to_finish(organizations: list[int]) -> QuerySet[Report]:
    return (
        Report.objects.filter(
            organization_id__in=organizations,
            status__in=[ReportStatus.RETURNED, ReportStatus.DRAFT],
        )
        .select_related("form", "organization")
        .order_by("-status", "period_end")
    )


def report_work(user: User, today: dt.date) -> list[WorkItem]:
    """The reports the user's organizations are to fix or finish, returned ones first, then
    the oldest period. Of an organization the user's succeeded (an ended commune's Front), only
    those they can enter now: its drafts of long-locked quarters, which nobody may touch unless
    the level above lets them in, are not today's work for the ward that took it over."""
    items: list[WorkItem] = []
    own = {o.pk for o in access.own_entry_organizations(user)}
    inherited = [o.pk for o in access.entry_organizations(user) if o.pk not in own]
    mine = list(_to_finish(list(own))[:MOST])
    if inherited:
        # Newest first, so that the open ones among years of locked drafts are reached.
        found = _to_finish(inherited).order_by("-status", "-period_end")[: MOST * 5]
        mine += [r for r in found if not entry_closed(r, today)][:MOST]
        mine = sorted(mine, key=lambda r: (r.status != ReportStatus.RETURNED, r.period_end))
        mine = mine[:MOST]
    reasons = {
        e.report_id: e.comment
        for e in _latest_returns([r.pk for r in mine if r.status == ReportStatus.RETURNED])
    }
    for report in mine:
        url = reverse("report-detail", args=[report.pk])
        if report.status == ReportStatus.RETURNED:
            kind = "Báo cáo bị trả lại, cần sửa"
            if report.reopened:
                kind = "Báo cáo được mở lại để sửa"
            items.append(
                WorkItem(kind, _label(report), url, _due(report), reasons.get(report.pk, ""),
                         urgent=True)
            )  # fmt: skip
        elif report.late_entry_until is not None and report.late_entry_until >= today:
            # A locked draft the level above let in: the day it locks again is the deadline.
            items.append(
                WorkItem("Báo cáo được cho nộp bổ sung", _label(report), url,
                         report.late_entry_until, urgent=True)
            )  # fmt: skip
        else:
            due = _due(report)
            items.append(
                WorkItem("Báo cáo đang soạn, chưa gửi", _label(report), url, due,
                         urgent=due < today)
            )  # fmt: skip
    return items


def decisions(user: User) -> Queue | None:
    """The sent reports waiting for the user's decision, all counted, the latest sent first.

    The latest sent first: the approver comes here from the notice of a sending, and the
    report it names is at the top whatever its period (a 2021 report sent today as well as
    this quarter's); the count says how many wait in all and the link opens the list of them
    all, so that none waiting longer is lost from sight. Reports of a past quarter left
    waiting long ago do not crowd out those sent this week either. A report sent again after
    a return is sent anew (its `submitted_at` is the latest sending)."""
    waiting = access.waiting_for(user)
    total = waiting.count()
    if not total:
        return None
    latest = waiting.select_related("form", "organization", "unit").order_by(
        F("submitted_at").desc(nulls_last=True), "-pk"
    )[:MOST]
    items = tuple(
        WorkItem(
            "Báo cáo chờ phê duyệt" if access.can_approve(user, r) else "Báo cáo chờ xem xét",
            _label(r),
            reverse("report-detail", args=[r.pk]),
        )
        for r in latest
    )
    return Queue(
        "Báo cáo chờ bạn xem xét, phê duyệt",
        items,
        total,
        f"{reverse('report-list')}?{WAITING_PARAM}={WAITING_VALUE}",
    )


def _latest_returns(report_ids: list[int]) -> list[ReportEvent]:
    """The latest return (or reopening) of each report: its reason is what to fix."""
    latest: dict[int, ReportEvent] = {}
    for event in ReportEvent.objects.filter(
        report_id__in=report_ids, kind__in=[EventKind.RETURNED, EventKind.REOPENED]
    ).order_by("at", "id"):
        latest[event.report_id] = event
    return list(latest.values())

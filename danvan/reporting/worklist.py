"""What the reporting workflow asks of a user, for the home page's worklist: reports to fix
(the return reason first), to finish and send (a locked one let in late with the day it locks
again), and to review or approve."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from danvan.core.registry import WorkItem
from danvan.orgs.models import User
from danvan.reporting import access
from danvan.reporting.models import EventKind, Report, ReportEvent, ReportStatus

MOST = 20


def _due(report: Report) -> dt.date:
    return report.period_end + dt.timedelta(days=report.form.due_days)


def _label(report: Report) -> str:
    return f"{report.period_obj.titled(report.form.name)} — {report.organization.name}"


def report_work(user: User, today: dt.date) -> list[WorkItem]:
    items: list[WorkItem] = []
    own = [o.pk for o in access.entry_organizations(user)]
    mine = (
        Report.objects.filter(
            organization_id__in=own, status__in=[ReportStatus.RETURNED, ReportStatus.DRAFT]
        )
        .select_related("form", "organization")
        .order_by("-status", "period_end")[:MOST]
    )
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
    waiting = (
        access.reports_for_user(user)
        .filter(status=ReportStatus.SUBMITTED)
        .select_related("form", "organization", "unit")
        # The latest period first: reports of a past quarter still waiting must not crowd
        # out those the level above is working through now.
        .order_by("-period_end", "submitted_at")
    )
    decided = 0
    for report in waiting.iterator(chunk_size=200):
        if decided >= MOST:
            break
        if access.can_approve(user, report) or access.can_return(user, report):
            approves = access.can_approve(user, report)
            kind = "Báo cáo chờ phê duyệt" if approves else "Báo cáo chờ xem xét"
            items.append(WorkItem(kind, _label(report), reverse("report-detail", args=[report.pk])))
            decided += 1
    return items


def _latest_returns(report_ids: list[int]) -> list[ReportEvent]:
    """The latest return (or reopening) of each report: its reason is what to fix."""
    latest: dict[int, ReportEvent] = {}
    for event in ReportEvent.objects.filter(
        report_id__in=report_ids, kind__in=[EventKind.RETURNED, EventKind.REOPENED]
    ).order_by("at", "id"):
        latest[event.report_id] = event
    return list(latest.values())

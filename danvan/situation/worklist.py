"""Incidents escalated to the user's level and recommendations awaiting an answer, for the
home page's worklist."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from danvan.core.registry import WorkItem
from danvan.orgs import access as org_access
from danvan.orgs.models import User
from danvan.situation.access import incidents_for_user, recommendations_for_user
from danvan.situation.escalation import needing_attention
from danvan.situation.models import RecommendationStatus


def situation_work(user: User, today: dt.date) -> list[WorkItem]:
    own_levels = org_access.own_level_paths(user)
    items = [
        WorkItem(
            "Vụ việc chuyển lên cấp mình",
            s.incident.title,
            reverse("incident-detail", args=[s.incident.pk]),
            s.incident.deadline,
            "; ".join(s.reasons),
            urgent=True,
        )
        for s in needing_attention(incidents_for_user(user), today)
        if s.escalated and s.level.path in own_levels
    ][:20]
    waiting = (
        recommendations_for_user(user)
        .filter(status=RecommendationStatus.SENT)
        .select_related("unit")
        .order_by("sent_on")
    )
    for rec in waiting[:50]:
        if org_access.can_write_at(user, rec.unit):
            days = (today - rec.sent_on).days
            items.append(
                WorkItem(
                    "Tham mưu chờ trả lời",
                    rec.text[:120],
                    reverse("recommendation-detail", args=[rec.pk]),
                    note=f"đã gửi {days} ngày",
                )
            )
    return items

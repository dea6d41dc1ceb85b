"""Writes for the situation: each runs in one transaction, as a named user, leaves its history
row, and tells the people concerned only once it has committed."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.core.errors import ActionError
from danvan.orgs.models import Organization, User
from danvan.orgs.records import as_user, check_writer, save_form
from danvan.situation.models import (
    TRANSITIONS,
    Incident,
    IncidentStatus,
    IncidentUpdate,
    Recommendation,
    RecommendationStatus,
    SituationNote,
)

log = logging.getLogger("danvan.actions")


@transaction.atomic
def file_incident(
    incident: Incident, *, organization: Organization, visible_roles: list[str], acting_user: User
) -> Incident:
    """Record a new incident (built, not saved, by the form) with its first timeline entry; a
    confidential one is visible to the role kinds in `visible_roles` only."""
    check_writer(acting_user, incident.unit)
    incident.visible_to = "," + ",".join(visible_roles) + "," if incident.confidential else ""
    incident.created_by = acting_user
    incident.last_update_on = incident.reported_on
    as_user(incident, acting_user)
    incident.save()
    incident.organizations.add(organization)
    IncidentUpdate.objects.create(
        incident=incident,
        on=incident.reported_on,
        user=acting_user,
        organization=organization,
        text=incident.summary or "Tiếp nhận, nắm tình hình vụ việc.",
        status_to=incident.status,
    )
    log.info("%s filed incident #%s", acting_user, incident.pk)
    return incident


@transaction.atomic
def update_incident(
    incident: Incident,
    text: str,
    *,
    acting_user: User,
    status: str = "",
    on: dt.date | None = None,
    organization: Organization | None = None,
) -> IncidentUpdate:
    """Add to the timeline; a status change must follow `TRANSITIONS`."""
    check_writer(acting_user, incident.unit)
    fresh = Incident.objects.select_for_update().get(pk=incident.pk)
    on = on or timezone.localdate()
    if not text.strip():
        raise ActionError("Cần ghi nội dung cập nhật (diễn biến, việc đã làm).")
    if on < fresh.reported_on or on > timezone.localdate():
        raise ActionError(f"Ngày cập nhật phải từ {fresh.reported_on:%d/%m/%Y} đến hôm nay.")
    status_from = ""
    if status and status != fresh.status:
        allowed = TRANSITIONS[IncidentStatus(fresh.status)]
        if status not in allowed:
            names = ", ".join(s.label.lower() for s in allowed)
            raise ActionError(
                f"Vụ việc đang “{IncidentStatus(fresh.status).label.lower()}” chỉ chuyển được "
                f"sang: {names}."
            )
        status_from, fresh.status = fresh.status, status
    fresh.last_update_on = max(fresh.last_update_on, on)
    as_user(fresh, acting_user)
    fresh.save(update_fields=["status", "last_update_on"])
    if organization is not None:
        fresh.organizations.add(organization)
    update = IncidentUpdate.objects.create(
        incident=fresh,
        on=on,
        user=acting_user,
        organization=organization,
        text=text.strip(),
        status_from=status_from,
        status_to=status if status_from else "",
    )
    incident.status, incident.last_update_on = fresh.status, fresh.last_update_on
    log.info("%s updated incident #%s (%s)", acting_user, incident.pk, status or "no change")
    return update


@transaction.atomic
def record_note(form: Any, *, acting_user: User) -> SituationNote:
    return save_form(form, acting_user=acting_user)


@transaction.atomic
def record_recommendation(form: Any, *, acting_user: User) -> Recommendation:
    return save_form(form, acting_user=acting_user, extra_m2m=("incidents", "notes"))


@transaction.atomic
def answer_recommendation(
    recommendation: Recommendation, answer: str, on: dt.date, status: str, *, acting_user: User
) -> Recommendation:
    """Record the answer to a recommendation; an earlier answer stays in its history."""
    check_writer(acting_user, recommendation.unit)
    if not answer.strip():
        raise ActionError("Cần ghi nội dung trả lời.")
    if on < recommendation.sent_on:
        raise ActionError(
            f"Ngày trả lời không thể trước ngày gửi ({recommendation.sent_on:%d/%m/%Y})."
        )
    if status not in {RecommendationStatus.ANSWERED, RecommendationStatus.DONE}:
        raise ActionError("Tình trạng sau khi trả lời: đã trả lời, hoặc đã tiếp thu.")
    recommendation.answer, recommendation.answered_on = answer.strip(), on
    recommendation.status = status
    as_user(recommendation, acting_user)
    recommendation.save(update_fields=["answer", "answered_on", "status"])
    log.info("%s answered recommendation #%s", acting_user, recommendation.pk)
    return recommendation

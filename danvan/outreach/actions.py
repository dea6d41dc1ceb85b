"""Writes for propaganda and drives: each runs in one transaction, as a named user, and leaves
its history row."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.core.errors import ActionError
from danvan.geo.models import AdminUnit
from danvan.orgs.models import User
from danvan.orgs.records import as_user, check_writer, save_form
from danvan.outreach.models import Milestone, Progress, PropagandaSession
from danvan.situation.models import KeyArea

log = logging.getLogger("danvan.actions")


@transaction.atomic
def record_session(form: Any, *, acting_user: User) -> PropagandaSession:
    """Record a propaganda session; one held in a key area (on its day) is marked so."""
    session: PropagandaSession = form.instance
    session.in_key_area = (
        session.in_key_area
        or KeyArea.objects.valid_on(session.held_on).filter(unit=session.unit).exists()
    )
    return save_form(form, acting_user=acting_user)


@transaction.atomic
def record_progress(
    milestone: Milestone, unit: AdminUnit, percent: int, note: str, *, acting_user: User
) -> Progress:
    """Set a unit's completion of a drive's milestone (the latest figure counts)."""
    check_writer(acting_user, unit)
    if not 0 <= percent <= 100:
        raise ActionError("Tỉ lệ hoàn thành phải từ 0 đến 100%.")
    progress = Progress.objects.select_for_update().filter(
        milestone=milestone, unit=unit
    ).first() or Progress(milestone=milestone, unit=unit)
    progress.percent, progress.note = percent, note.strip()
    progress.updated_by, progress.updated_at = acting_user, timezone.now()
    as_user(progress, acting_user)
    progress.save()
    log.info("%s set %s of %s to %d%%", acting_user, milestone, unit.code, percent)
    return progress

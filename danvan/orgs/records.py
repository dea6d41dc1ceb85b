"""Saving a record form as a user: the write that every field-work app shares."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from danvan.geo.models import AdminUnit
from danvan.orgs import access
from danvan.orgs.models import User

log = logging.getLogger("danvan.actions")


def check_writer(user: User, unit: AdminUnit) -> None:
    if not access.can_write_at(user, unit):
        raise PermissionDenied("Bạn không có quyền ghi nhận công việc ở địa bàn này.")


def as_user(row: models.Model, user: User | None) -> None:
    """Name `user` as the author of the row's next history entry."""
    row._history_user = user  # type: ignore[attr-defined]


def save_form(form: Any, *, acting_user: User, extra_m2m: tuple[str, ...] = ()) -> Any:
    """Save a valid record form (built by `orgs.forms.Scoped`) as `acting_user`, at a unit the
    user records for, with the form's many-to-many choices. Call inside the action's
    transaction. `extra_m2m`: choices the form adds beyond its model fields."""
    row = form.save(commit=False)
    check_writer(acting_user, row.unit)
    row.created_by = acting_user
    as_user(row, acting_user)
    row.save()
    form.save_m2m()
    for name in extra_m2m:
        if name in form.cleaned_data:
            getattr(row, name).set(form.cleaned_data[name])
    log.info("%s recorded %s #%s", acting_user, row._meta.label, row.pk)
    return row

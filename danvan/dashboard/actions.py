"""Writes of the dashboard app: a user's saved explorer views, each in one transaction with
its history row."""

from __future__ import annotations

import logging

from django.db import transaction

from danvan.core.errors import ActionError
from danvan.dashboard.models import SavedView
from danvan.orgs.models import User
from danvan.orgs.records import as_user

log = logging.getLogger("danvan.actions")


@transaction.atomic
def save_view(name: str, query: str, *, acting_user: User) -> SavedView:
    """Save the choice under `name` for the acting user; a view of the same name is replaced
    (saving again after a change keeps one entry)."""
    name = " ".join(name.split())[:120]
    if not name:
        raise ActionError("Đặt tên cho khung nhìn trước khi lưu.")
    view = SavedView.objects.filter(user=acting_user, name=name).first() or SavedView(
        user=acting_user, name=name
    )
    view.query = query[:4000]
    as_user(view, acting_user)
    view.save()
    log.info("%s saved the explorer view #%s", acting_user, view.pk)
    return view


@transaction.atomic
def delete_view(pk: int, *, acting_user: User) -> None:
    """Delete one of the acting user's own views; another's is as absent as a missing one."""
    view = SavedView.objects.filter(user=acting_user, pk=pk).first()
    if view is None:
        raise ActionError("Không có khung nhìn này trong danh sách của bạn.")
    as_user(view, acting_user)
    view.delete()
    log.info("%s deleted the explorer view #%s", acting_user, pk)

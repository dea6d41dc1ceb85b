"""Writes of the dashboard app: a user's saved explorer views."""

from __future__ import annotations

from django.db import transaction

from danvan.dashboard.models import SavedView
from danvan.orgs.models import User


def save_view(user: User, name: str, query: str) -> SavedView:
    """Save the choice under `name`; a view of the same name is replaced (saving again after
    a change keeps one entry)."""
    name = " ".join(name.split())[:120]
    if not name:
        raise ValueError("Đặt tên cho khung nhìn trước khi lưu.")
    with transaction.atomic():
        view, _ = SavedView.objects.update_or_create(
            user=user, name=name, defaults={"query": query[:4000]}
        )
    return view


def delete_view(user: User, pk: int) -> bool:
    """Delete one of the user's own views; False when there is none of that id for them."""
    with transaction.atomic():
        deleted, _ = SavedView.objects.filter(user=user, pk=pk).delete()
    return bool(deleted)

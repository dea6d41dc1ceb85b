"""Writes of the API app: making and revoking personal tokens."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from danvan.api.models import ApiToken
from danvan.core.errors import ActionError
from danvan.orgs import access
from danvan.orgs.models import User

MAX_DAYS = 366


def can_manage_tokens_of(acting_user: User, owner: User) -> bool:
    """A user manages their own tokens; an administrator those of the users they manage."""
    if acting_user.pk == owner.pk:
        return True
    return access.users_managed_by(acting_user).filter(pk=owner.pk).exists()


@transaction.atomic
def create_token(
    owner: User, name: str, *, days: int, read_only: bool, acting_user: User
) -> tuple[ApiToken, str]:
    """A new token for `owner`, valid `days` days; returns it with its secret, which is shown
    once and never stored."""
    if not can_manage_tokens_of(acting_user, owner):
        raise PermissionDenied("Bạn không được tạo mã truy cập cho người dùng này.")
    if not name.strip():
        raise ActionError("Cần đặt tên cho mã truy cập (dùng cho hệ thống nào).")
    if not 1 <= days <= MAX_DAYS:
        raise ActionError(f"Thời hạn phải từ 1 đến {MAX_DAYS} ngày.")
    secret = ApiToken.new_secret()
    token = ApiToken(
        user=owner,
        name=name.strip()[:100],
        read_only=read_only,
        expires_at=timezone.now() + dt.timedelta(days=days),
        created_by=acting_user,
    )
    token.set_secret(secret)
    token.save()
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, *, acting_user: User) -> ApiToken:
    if not can_manage_tokens_of(acting_user, token.user):
        raise PermissionDenied("Bạn không được thu hồi mã truy cập này.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token

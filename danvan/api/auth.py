"""Who a request acts as: a personal token (`Authorization: Bearer dv_…`) or, for the site's
own pages, the signed-in session (with CSRF on writes).

Either way the request acts as one user, with exactly that user's scope: every resource reads
through its app's access gate with this user, and writes through the same action functions
the pages call.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from danvan.api.errors import ApiError
from danvan.api.models import ApiToken, digest
from danvan.orgs.models import User

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _count(token: ApiToken) -> bool:
    """Count the request in the token's one-minute window (in the database, so that every
    worker process shares it); False when the window is full."""
    now = timezone.now()
    window = now.replace(second=0, microsecond=0)
    limit = settings.API_RATE_LIMIT
    rows = ApiToken.objects.filter(pk=token.pk)
    if limit < 1:
        return False
    for _ in range(2):  # another worker may open the new window between our two updates
        if rows.filter(window_start=window, window_count__lt=limit).update(
            window_count=F("window_count") + 1, last_used_at=now
        ):
            return True
        if rows.exclude(window_start=window).update(
            window_start=window, window_count=1, last_used_at=now
        ):
            return True
        if rows.filter(window_start=window, window_count__gte=limit).exists():
            return False
    return False


class TokenAuth(HttpBearer):
    openapi_description = "Mã truy cập cá nhân (tạo ở trang «Mã truy cập API»)."

    def authenticate(self, request: HttpRequest, token: str) -> User:
        found = ApiToken.objects.select_related("user").filter(digest=digest(token.strip())).first()
        if found is None or not found.user.is_active:
            raise ApiError(401, "token_invalid", "Mã truy cập không đúng.")
        if found.revoked_at is not None:
            raise ApiError(401, "token_revoked", "Mã truy cập đã bị thu hồi.")
        if found.expires_at <= timezone.now():
            raise ApiError(401, "token_expired", "Mã truy cập đã hết hạn; hãy tạo mã mới.")
        if found.read_only and request.method not in SAFE_METHODS:
            raise ApiError(403, "token_read_only", "Mã truy cập này chỉ được đọc, không được ghi.")
        if not _count(found):
            raise ApiError(
                429,
                "rate_limited",
                f"Quá {settings.API_RATE_LIMIT} yêu cầu mỗi phút cho mã này; thử lại sau ít giây.",
            )
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        # No session to keep a pin to the primary in after a write: the token's row keeps it.
        request.replica_pin = found  # type: ignore[attr-defined]
        return found.user


class SiteSession(SessionAuth):
    """The signed-in session of the site's own pages; writes need the CSRF token."""

    openapi_description = "Phiên đăng nhập của trang web (ghi cần header X-CSRFToken)."

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if user.is_authenticated and user.is_active:
            return user
        return None


def acting_user(request: HttpRequest) -> User:
    """The user the request acts as (the API's routes all require one)."""
    return cast(User, request.auth)  # type: ignore[attr-defined]

"""Login throttling: repeated failures lock an account name, or an address, for a while.

Every sign-in path goes through it: the authentication backend (danvan.orgs.backends) checks and
records each attempt, whichever form asked; names are counted in their normalized spelling.
"""

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from danvan.orgs.models import LoginAttempt, normalize_username


def client_ip(request: HttpRequest) -> str | None:
    """The address a login attempt came from.

    Behind our reverse proxy REMOTE_ADDR is the proxy's for everyone, and locking it would lock
    out the whole province; the proxy appends the real client as the right-most X-Forwarded-For
    entry (anything to its left was written by the client and is not trusted).
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR") or None


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)


def is_locked(username: str, ip: str | None) -> bool:
    """True when the name had too many failures since its last success within the window, or
    the address had four times as many (someone trying many names)."""
    username = normalize_username(username)
    since = _window_start()
    last_success = (
        LoginAttempt.objects.filter(username=username, succeeded=True, at__gte=since)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    failures = LoginAttempt.objects.filter(
        username=username, succeeded=False, at__gte=last_success or since
    ).count()
    if failures >= settings.LOGIN_MAX_FAILURES:
        return True
    if ip is None:
        return False
    from_ip = LoginAttempt.objects.filter(ip=ip, succeeded=False, at__gte=since).count()
    return from_ip >= settings.LOGIN_MAX_FAILURES * 4


def record(username: str, ip: str | None, succeeded: bool) -> None:
    LoginAttempt.objects.create(
        username=normalize_username(username)[:150], ip=ip, succeeded=succeeded
    )


def lock_message() -> str:
    return (
        f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau "
        f"{settings.LOGIN_LOCK_MINUTES} phút hoặc liên hệ quản trị viên."
    )

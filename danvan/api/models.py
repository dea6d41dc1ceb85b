"""Personal API tokens and the answers kept for idempotency keys.

A token is shown once, when it is made; only its SHA-256 digest is stored (the token is 256
random bits, so a plain digest is enough: there is nothing to guess that a slow hash would
protect). A request with the token acts as its user, with exactly that user's scope.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "dv_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="api_tokens",
        verbose_name="người dùng",
    )
    name = models.CharField("tên", max_length=100, help_text="Dùng cho hệ thống nào, ở đâu.")
    # The first characters of the token, shown in lists so that a user knows which one is which.
    hint = models.CharField("mã nhận biết", max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    read_only = models.BooleanField("chỉ đọc", default=False)
    expires_at = models.DateTimeField("hết hạn lúc")
    created_at = models.DateTimeField("tạo lúc", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField("dùng gần nhất", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True, editable=False)
    # The rate limit's current one-minute window and how many requests it has counted.
    window_start = models.DateTimeField(null=True, editable=False)
    window_count = models.PositiveIntegerField(default=0, editable=False)
    # Until when this token's reads go to the primary, not the read replica, after one of its
    # writes (danvan.core.replica): on the row, so that every server process sees it.
    reads_primary_until = models.DateTimeField(null=True, editable=False)

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def new_secret() -> str:
        return PREFIX + secrets.token_urlsafe(32)

    def set_secret(self, token: str) -> None:
        self.digest = digest(token)
        self.hint = token[: len(PREFIX) + 5]

    def primary_until(self) -> float | None:
        until = self.reads_primary_until
        return None if until is None else until.timestamp()

    def pin_to_primary(self, until: float) -> None:
        moment = dt.datetime.fromtimestamp(until, dt.UTC)
        ApiToken.objects.filter(pk=self.pk).update(reads_primary_until=moment)
        self.reads_primary_until = moment

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "Đã thu hồi"
        if self.expires_at <= timezone.now():
            return "Đã hết hạn"
        return "Đang dùng"


class IdempotentAnswer(models.Model):
    """The answer given to a write sent with an `Idempotency-Key`: the same key and body again
    get the same answer without a second write."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_digest = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_once")
        ]

    def __str__(self) -> str:
        return self.key

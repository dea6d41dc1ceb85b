"""Model pieces every domain app shares."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Recorded(models.Model):
    """Who recorded a row and when; every later change is in the row's history."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True


class DataVersion(models.Model):
    """A single row whose stamp changes after every committed write to the project's tables,
    so that a page kept in memory (`core.pagecache`) knows it may be out of date. A random
    stamp, not a counter: a test database emptied between tests must not meet a kept page
    under a stamp it had before."""

    stamp = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "phiên bản dữ liệu"

    def __str__(self) -> str:
        return f"phiên bản dữ liệu {self.stamp}"

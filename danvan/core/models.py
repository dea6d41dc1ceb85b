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

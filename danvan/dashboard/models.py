"""A user's saved explorer views: a name and the query string of the choice, private to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class SavedView(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField("Tên", max_length=120)
    # The explorer's URL query, as Choice.query() writes it; checked again when opened, so a
    # view saved before a role was withdrawn shows nothing the user may no longer see.
    query = models.TextField("Lựa chọn")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Khung nhìn đã lưu"
        verbose_name_plural = "Khung nhìn đã lưu"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_view_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

"""The leaders' directions: meetings (a quarterly briefing is one), their conclusions, and the
tasks the conclusions become, with each owner's progress until done.

The tables keep the names they had when this was the `grassroots` app (`db_table`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from danvan.core.models import Recorded
from danvan.geo.models import AdminUnit, under_paths
from danvan.orgs.models import Organization, User


class Meeting(Recorded):
    """A meeting such as the quarterly briefing of the mass-mobilization bloc."""

    title = models.CharField("tên hội nghị", max_length=250)
    unit = models.ForeignKey(AdminUnit, models.PROTECT, related_name="+", verbose_name="cấp")
    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="meetings", verbose_name="cơ quan chủ trì"
    )
    held_on = models.DateField("ngày họp")
    chair = models.CharField("người chủ trì", max_length=250)
    attending = models.ManyToManyField(
        Organization, related_name="attended", verbose_name="cơ quan dự", blank=True
    )
    period = models.CharField("kỳ giao ban", max_length=8)
    conclusions = models.TextField("kết luận của người chủ trì", blank=True)

    history = HistoricalRecords()

    class Meta:
        db_table = "grassroots_meeting"
        verbose_name = "hội nghị"
        verbose_name_plural = "hội nghị"
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title

    def open_earlier_tasks(self) -> models.QuerySet[Task]:
        """Tasks of this level's earlier meetings still open: the agenda's follow-up list."""
        return Task.objects.filter(
            meeting__unit=self.unit, meeting__held_on__lt=self.held_on, done_on__isnull=True
        ).prefetch_related("owners")


class Task(Recorded):
    """A conclusion of a meeting, to be carried out by its owner organizations by a deadline."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="tasks", verbose_name="hội nghị"
    )
    title = models.TextField("nhiệm vụ")
    owners = models.ManyToManyField(
        Organization, related_name="tasks", verbose_name="cơ quan thực hiện"
    )
    deadline = models.DateField("hạn")
    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        db_table = "grassroots_task"
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.done_on is None

    @property
    def last_percent(self) -> int | None:
        """The latest reported completion (prefetch `updates`), None before any report."""
        updates = list(self.updates.all())
        return updates[-1].percent if updates else None


class TaskUpdate(models.Model):
    task = models.ForeignKey(Task, models.CASCADE, related_name="updates")
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="+")
    user = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    percent = models.PositiveSmallIntegerField("tỉ lệ (%)", default=0)
    text = models.TextField("kết quả thực hiện")

    class Meta:
        db_table = "grassroots_taskupdate"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.percent}%: {self.text[:60]}"


def concerning(paths: list[str] | None) -> Q:
    """Tasks of the units under `paths` (None: no limit): decided by a meeting held there or
    given to an organization there. The task list and the dashboard count the same tasks
    (a query with this filter needs `.distinct()`: a task has several owners)."""
    if paths is None:
        return Q()
    return under_paths(paths, "meeting__unit") | under_paths(paths, "owners__admin_unit")

"""Propaganda and drives: the topics people are told about, each propaganda session held at
the grassroots, and drives (an election is one) with their milestones and each unit's progress.

The tables keep the names they had when this was the `grassroots` app (`db_table`), so that a
database from before the split migrated without copying a row.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from danvan.core.models import Recorded
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Organization, User


class Topic(models.Model):
    """What propaganda or a situation note is about (editable in the admin)."""

    code = models.SlugField("mã", unique=True)
    name = models.CharField("tên", max_length=200)
    active = models.BooleanField("đang dùng", default=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        db_table = "grassroots_topic"
        verbose_name = "chủ đề"
        verbose_name_plural = "chủ đề"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class SessionFormat(models.TextChoices):
    MEETING = "meeting", "Hội nghị, họp dân"
    LOUDSPEAKER = "loudspeaker", "Loa truyền thanh"
    LEAFLETS = "leaflets", "Tờ rơi, pa nô, khẩu hiệu"
    SOCIAL = "social", "Mạng xã hội, nhóm Zalo"
    HOME_VISIT = "home_visit", "Đến từng nhà"
    CULTURAL = "cultural", "Văn nghệ, sinh hoạt cộng đồng"
    OTHER = "other", "Khác"


class Language(models.TextChoices):
    VIETNAMESE = "vi", "Tiếng Việt"
    EDE = "ede", "Tiếng Êđê"
    MNONG = "mnong", "Tiếng M'nông"
    JRAI = "jrai", "Tiếng Jrai"
    OTHER = "other", "Tiếng dân tộc khác"


class PropagandaSession(Recorded):
    held_on = models.DateField("ngày")
    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="sessions", verbose_name="tổ chức"
    )
    unit = models.ForeignKey(AdminUnit, models.PROTECT, related_name="+", verbose_name="xã")
    village = models.CharField("thôn, buôn", max_length=120, blank=True)
    topics = models.ManyToManyField(Topic, related_name="sessions", verbose_name="chủ đề")
    format = models.CharField("hình thức", max_length=20, choices=SessionFormat.choices)
    audience = models.PositiveIntegerField("số người dự")
    language = models.CharField(
        "ngôn ngữ", max_length=10, choices=Language.choices, default=Language.VIETNAMESE
    )
    in_key_area = models.BooleanField("tại địa bàn trọng điểm", default=False)
    note = models.TextField("ghi chú", blank=True)

    history = HistoricalRecords()

    class Meta:
        db_table = "grassroots_propagandasession"
        verbose_name = "buổi tuyên truyền"
        verbose_name_plural = "buổi tuyên truyền"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} — {self.unit.name}"


class Drive(models.Model):
    """A campaign with milestones, e.g. the 2021 election of deputies."""

    name = models.CharField("tên", max_length=200)
    unit = models.ForeignKey(
        AdminUnit, models.PROTECT, related_name="+", verbose_name="phạm vi (tỉnh)"
    )
    starts_on = models.DateField("bắt đầu")
    ends_on = models.DateField("kết thúc")

    history = HistoricalRecords()

    class Meta:
        db_table = "grassroots_drive"
        verbose_name = "đợt vận động"
        verbose_name_plural = "đợt vận động"
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    drive = models.ForeignKey(Drive, models.CASCADE, related_name="milestones")
    title = models.CharField("mốc", max_length=200)
    due_on = models.DateField("hạn")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        db_table = "grassroots_milestone"
        verbose_name = "mốc công việc"
        verbose_name_plural = "mốc công việc"
        ordering = ["order", "due_on"]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on:%d/%m/%Y})"


class Progress(models.Model):
    """How far one unit is with one milestone."""

    milestone = models.ForeignKey(Milestone, models.CASCADE, related_name="progress")
    unit = models.ForeignKey(AdminUnit, models.PROTECT, related_name="+")
    percent = models.PositiveSmallIntegerField("tỉ lệ hoàn thành (%)", default=0)
    note = models.TextField("ghi chú", blank=True)
    updated_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        db_table = "grassroots_progress"
        verbose_name = "tiến độ"
        verbose_name_plural = "tiến độ"
        constraints = [
            models.UniqueConstraint(fields=["milestone", "unit"], name="grassroots_progress_once"),
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="grassroots_progress_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone} — {self.percent}%"

    @property
    def done(self) -> bool:
        return self.percent >= 100

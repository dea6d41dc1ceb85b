"""Grassroots work: propaganda sessions, drives, key areas, incidents, situation notes,
recommendations, meetings and the tasks their conclusions become.

Everything is recorded once, at the unit where it happened, by the organization that did it;
the levels above read it through the access gate (`grassroots/access.py`).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from danvan.geo.models import AdminUnit
from danvan.orgs.models import Organization, RoleKind, User


class Topic(models.Model):
    """What propaganda or a situation note is about (editable in the admin)."""

    code = models.SlugField("mã", unique=True)
    name = models.CharField("tên", max_length=200)
    active = models.BooleanField("đang dùng", default=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
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


class KeyAreaQuerySet(models.QuerySet["KeyArea"]):
    def valid_on(self, day: dt.date) -> KeyAreaQuerySet:
        """Key areas in force on `day` (an open end means still in force)."""
        return self.filter(valid_from__lte=day).exclude(valid_to__lt=day)


class KeyArea(models.Model):
    """A unit the Party committee named a key area (địa bàn trọng điểm) for a time."""

    unit = models.ForeignKey(
        AdminUnit, models.PROTECT, related_name="key_areas", verbose_name="địa bàn"
    )
    reason = models.TextField("lý do")
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    objects = KeyAreaQuerySet.as_manager()

    class Meta:
        verbose_name = "địa bàn trọng điểm"
        verbose_name_plural = "địa bàn trọng điểm"
        ordering = ["unit__sort_name"]

    def __str__(self) -> str:
        return f"{self.unit.name} (từ {self.valid_from:%d/%m/%Y})"


class Recorded(models.Model):
    """Who recorded a row and when (the audit trail of every grassroots record)."""

    created_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True


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

    class Meta:
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

    class Meta:
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

    class Meta:
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

    class Meta:
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


class IncidentCategory(models.Model):
    code = models.SlugField("mã", unique=True)
    name = models.CharField("tên", max_length=200)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "loại vụ việc"
        verbose_name_plural = "loại vụ việc"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Severity(models.TextChoices):
    ORDINARY = "ordinary", "Thông thường"
    COMPLICATED = "complicated", "Phức tạp"
    HOT = "hot", "Nóng"


# Days an incident may go without an update before it rises one level, by severity.
ESCALATION_DAYS = {Severity.ORDINARY: 30, Severity.COMPLICATED: 14, Severity.HOT: 3}


class IncidentStatus(models.TextChoices):
    NEW = "new", "Mới phát sinh"
    HANDLING = "handling", "Đang giải quyết"
    RESOLVED = "resolved", "Đã giải quyết xong"
    REFERRED = "referred", "Đã chuyển cơ quan chức năng"
    RECURRING = "recurring", "Tái phát"


OPEN_STATUSES = {IncidentStatus.NEW, IncidentStatus.HANDLING, IncidentStatus.RECURRING}

# Which status may follow which; a resolved or referred incident is reopened as recurring.
TRANSITIONS = {
    IncidentStatus.NEW: {IncidentStatus.HANDLING, IncidentStatus.RESOLVED, IncidentStatus.REFERRED},
    IncidentStatus.HANDLING: {IncidentStatus.RESOLVED, IncidentStatus.REFERRED},
    IncidentStatus.RECURRING: {
        IncidentStatus.HANDLING,
        IncidentStatus.RESOLVED,
        IncidentStatus.REFERRED,
    },
    IncidentStatus.RESOLVED: {IncidentStatus.RECURRING},
    IncidentStatus.REFERRED: {IncidentStatus.RECURRING, IncidentStatus.HANDLING},
}


class Incident(Recorded):
    title = models.CharField("tên vụ việc", max_length=250)
    category = models.ForeignKey(
        IncidentCategory, models.PROTECT, related_name="incidents", verbose_name="loại"
    )
    unit = models.ForeignKey(
        AdminUnit, models.PROTECT, related_name="incidents", verbose_name="xã, phường"
    )
    place = models.CharField("địa điểm", max_length=250, blank=True)
    occurred_on = models.DateField("ngày xảy ra")
    reported_on = models.DateField("ngày nắm được")
    severity = models.CharField(
        "tính chất", max_length=20, choices=Severity.choices, default=Severity.ORDINARY
    )
    status = models.CharField(
        "tình trạng", max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.NEW
    )
    organizations = models.ManyToManyField(
        Organization, related_name="incidents", verbose_name="tổ chức tham gia", blank=True
    )
    deadline = models.DateField("hạn giải quyết", null=True, blank=True)
    summary = models.TextField("diễn biến ban đầu", blank=True)
    confidential = models.BooleanField("mật", default=False)
    # ",approver,administrator,": the role kinds that see a confidential incident, comma-framed
    # so that one LIKE finds a kind on every database.
    visible_to = models.CharField("vai trò được xem (khi mật)", max_length=120, blank=True)
    last_update_on = models.DateField("cập nhật gần nhất")

    class Meta:
        verbose_name = "vụ việc"
        verbose_name_plural = "vụ việc"
        ordering = ["-reported_on", "-pk"]
        indexes = [models.Index(fields=["status", "last_update_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def visible_roles(self) -> list[str]:
        return [kind for kind in self.visible_to.split(",") if kind]

    @property
    def visible_roles_labels(self) -> list[str]:
        return [RoleKind(kind).label for kind in self.visible_roles]


class IncidentUpdate(models.Model):
    incident = models.ForeignKey(Incident, models.CASCADE, related_name="updates")
    on = models.DateField("ngày")
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    organization = models.ForeignKey(
        Organization, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField("nội dung")
    status_from = models.CharField(max_length=20, blank=True)
    status_to = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y}: {self.text[:60]}"

    @property
    def status_from_label(self) -> str:
        return IncidentStatus(self.status_from).label if self.status_from else ""

    @property
    def status_to_label(self) -> str:
        return IncidentStatus(self.status_to).label if self.status_to else ""


class SituationNote(Recorded):
    """What people in a unit are thinking, for a period (tình hình tư tưởng, dư luận xã hội)."""

    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="situation_notes", verbose_name="tổ chức"
    )
    unit = models.ForeignKey(AdminUnit, models.PROTECT, related_name="+", verbose_name="địa bàn")
    period = models.CharField("kỳ", max_length=8)
    topics = models.ManyToManyField(Topic, related_name="notes", verbose_name="chủ đề")
    text = models.TextField("nội dung")

    class Meta:
        verbose_name = "tình hình tư tưởng, dư luận"
        verbose_name_plural = "tình hình tư tưởng, dư luận"
        ordering = ["unit__sort_name", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit.name} ({self.period}): {self.text[:60]}"


class Addressee(models.TextChoices):
    PARTY = "party", "Cấp ủy"
    GOVERNMENT = "government", "Chính quyền"
    BOTH = "both", "Cấp ủy và chính quyền"


class RecommendationStatus(models.TextChoices):
    SENT = "sent", "Đã gửi, chờ trả lời"
    ANSWERED = "answered", "Đã được trả lời"
    DONE = "done", "Đã được tiếp thu, thực hiện"


class Recommendation(Recorded):
    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="recommendations", verbose_name="tổ chức"
    )
    unit = models.ForeignKey(AdminUnit, models.PROTECT, related_name="+", verbose_name="cấp")
    addressee = models.CharField("gửi", max_length=20, choices=Addressee.choices)
    addressee_name = models.CharField("cơ quan nhận", max_length=200, blank=True)
    sent_on = models.DateField("ngày gửi")
    text = models.TextField("nội dung tham mưu, đề xuất")
    incidents = models.ManyToManyField(Incident, blank=True, verbose_name="vụ việc liên quan")
    notes = models.ManyToManyField(SituationNote, blank=True, verbose_name="tình hình liên quan")
    answer = models.TextField("trả lời", blank=True)
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    status = models.CharField(
        "tình trạng",
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.SENT,
    )

    class Meta:
        verbose_name = "tham mưu, đề xuất"
        verbose_name_plural = "tham mưu, đề xuất"
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return self.text[:80]


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

    class Meta:
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

    class Meta:
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
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.percent}%: {self.text[:60]}"


class Notification(models.Model):
    """An in-app notice; also e-mailed when e-mail is configured."""

    user = models.ForeignKey(User, models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=120, help_text="one notice per event and user")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="grassroots_notification_once")
        ]

    def __str__(self) -> str:
        return self.text

"""The situation at the grassroots: key areas, incidents (with their timeline and escalation),
situation notes on public opinion, and recommendations sent upward until they are answered.

The tables keep the names they had when this was the `grassroots` app (`db_table`).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from danvan.core.models import Recorded
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Organization, RoleKind, User


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

    history = HistoricalRecords()

    class Meta:
        db_table = "grassroots_keyarea"
        verbose_name = "địa bàn trọng điểm"
        verbose_name_plural = "địa bàn trọng điểm"
        ordering = ["unit__sort_name"]

    def __str__(self) -> str:
        return f"{self.unit.name} (từ {self.valid_from:%d/%m/%Y})"


class IncidentCategory(models.Model):
    code = models.SlugField("mã", unique=True)
    name = models.CharField("tên", max_length=200)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        db_table = "grassroots_incidentcategory"
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


def followed_in(start: dt.date, end: dt.date) -> models.Q:
    """The incidents followed in a period: known by its end, and still open or updated in it
    (one resolved in the period counts; one closed before it does not). The incident list of
    a period and the dashboard's counts of it use this one definition."""
    return models.Q(reported_on__lte=end) & (
        models.Q(last_update_on__gte=start) | models.Q(status__in=OPEN_STATUSES)
    )


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

    history = HistoricalRecords()

    class Meta:
        db_table = "grassroots_incident"
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
        db_table = "grassroots_incidentupdate"
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
    topics = models.ManyToManyField("outreach.Topic", related_name="notes", verbose_name="chủ đề")
    text = models.TextField("nội dung")

    history = HistoricalRecords()

    class Meta:
        db_table = "grassroots_situationnote"
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

    history = HistoricalRecords()

    class Meta:
        db_table = "grassroots_recommendation"
        verbose_name = "tham mưu, đề xuất"
        verbose_name_plural = "tham mưu, đề xuất"
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return self.text[:80]

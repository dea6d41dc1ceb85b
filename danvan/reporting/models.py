"""Indicators, report forms, reports and their values.

A report holds what one organization itself did in one period; the levels above do not re-enter
the figures of the levels below, so consolidating is summing (or averaging, …) reports.
"""

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from danvan.core.fields import ExactNumberField
from danvan.core.periods import PERIOD_TYPE_CHOICES, Period, PeriodType
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Organization


class Category(models.Model):
    """A breakdown of an indicator's value, such as the target group."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "phân tổ"
        verbose_name_plural = "phân tổ"

    def __str__(self) -> str:
        return self.name


class CategoryOption(models.Model):
    category = models.ForeignKey(Category, models.CASCADE, related_name="options")
    code = models.SlugField("mã", max_length=40)
    name = models.CharField("tên", max_length=200)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nhóm trong phân tổ"
        verbose_name_plural = "nhóm trong phân tổ"
        ordering = ["category", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="reporting_option_code")
        ]

    def __str__(self) -> str:
        return self.name


class ValueType(models.TextChoices):
    INTEGER = "integer", "Số nguyên"
    DECIMAL = "decimal", "Số thập phân"
    MONEY = "money", "Tiền (đồng)"
    PERCENT = "percent", "Tỷ lệ (%)"
    BOOLEAN = "boolean", "Có/không"


class Aggregation(models.TextChoices):
    SUM = "sum", "Cộng dồn"
    AVERAGE = "average", "Trung bình"
    MAX = "max", "Lớn nhất"
    # Over time, the value of the latest period each organization filed; over organizations, the
    # sum of those (members at the end of the quarter: March's count, added across communes).
    LAST = "last", "Giá trị cuối kỳ"


class Indicator(models.Model):
    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên chỉ tiêu", max_length=300)
    unit = models.CharField("đơn vị tính", max_length=40, help_text="suất, đồng, kg, buổi, người…")
    value_type = models.CharField("kiểu giá trị", max_length=10, choices=ValueType.choices)
    aggregation = models.CharField(
        "cách tổng hợp", max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    category = models.ForeignKey(
        Category,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="phân tổ",
        help_text="Để trống nếu chỉ nhập một số tổng.",
    )
    min_value = ExactNumberField("giá trị nhỏ nhất", null=True, blank=True)
    max_value = ExactNumberField("giá trị lớn nhất", null=True, blank=True)
    description = models.TextField("hướng dẫn", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def breakdown(self) -> list["CategoryOption | None"]:
        """The options a value is entered for: the category's (prefetch them), or [None]."""
        if self.category is None:
            return [None]
        return list(self.category.options.all())

    @property
    def is_whole(self) -> bool:
        return self.value_type in {ValueType.INTEGER, ValueType.MONEY, ValueType.BOOLEAN}


class ReportForm(models.Model):
    """A periodic report: which indicators and narrative sections, who files it and when."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=200)
    period_type = models.CharField("kỳ báo cáo", max_length=10, choices=PERIOD_TYPE_CHOICES)
    org_kinds = models.JSONField("loại tổ chức phải báo cáo", default=list)
    levels = models.JSONField("cấp phải báo cáo", default=list)
    due_days = models.PositiveSmallIntegerField(
        "hạn nộp (ngày sau cuối kỳ)", default=5, help_text="Nộp sau hạn này là nộp muộn."
    )
    lock_days = models.PositiveSmallIntegerField(
        "khóa nhập (ngày sau cuối kỳ)",
        default=30,
        help_text="Sau hạn này đơn vị không tự sửa, nộp được nữa; cấp trên mở lại nếu cần.",
    )
    outlier_factor = models.DecimalField(
        "ngưỡng cảnh báo biến động (lần)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(3),
        help_text="Cảnh báo khi một số tăng hoặc giảm quá số lần này so với kỳ trước.",
    )
    active = models.BooleanField("đang dùng", default=True)
    # A new random value whenever the form's items, sections, indicators or their options
    # change (danvan.reporting.structure), so that a process's copy of them can tell it is old.
    revision = models.UUIDField(default=uuid.uuid4, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mẫu báo cáo"
        verbose_name_plural = "mẫu báo cáo"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def type(self) -> PeriodType:
        return PeriodType(self.period_type)

    def applies_to(self, organization: Organization) -> bool:
        return organization.kind in self.org_kinds and organization.admin_unit.level in self.levels


class FormSection(models.Model):
    form = models.ForeignKey(ReportForm, models.CASCADE, related_name="sections")
    title = models.CharField("tiêu đề", max_length=200)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "phần chỉ tiêu"
        verbose_name_plural = "phần chỉ tiêu"
        ordering = ["form", "order", "id"]

    def __str__(self) -> str:
        return self.title


class FormItem(models.Model):
    form = models.ForeignKey(ReportForm, models.CASCADE, related_name="items")
    section = models.ForeignKey(FormSection, models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="form_items")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    required = models.BooleanField("bắt buộc", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "chỉ tiêu trong mẫu"
        verbose_name_plural = "chỉ tiêu trong mẫu"
        ordering = ["section__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "indicator"], name="reporting_item_once")
        ]

    def __str__(self) -> str:
        return str(self.indicator)


class NarrativeSection(models.Model):
    form = models.ForeignKey(ReportForm, models.CASCADE, related_name="narratives")
    code = models.SlugField("mã", max_length=40)
    title = models.CharField("tiêu đề", max_length=200)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    required = models.BooleanField("bắt buộc", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "phần nội dung"
        verbose_name_plural = "phần nội dung"
        ordering = ["form", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="reporting_narrative_code")
        ]

    def __str__(self) -> str:
        return self.title


class RuleKind(models.TextChoices):
    RATIO_BETWEEN = "ratio_between", "Tỷ số A/B trong khoảng"
    NOT_GREATER = "not_greater", "A không lớn hơn B"


class Severity(models.TextChoices):
    ERROR = "error", "Lỗi (chặn gửi)"
    WARNING = "warning", "Cảnh báo (giải trình được)"


class ValidationRule(models.Model):
    form = models.ForeignKey(ReportForm, models.CASCADE, related_name="rules")
    kind = models.CharField("loại kiểm tra", max_length=20, choices=RuleKind.choices)
    left = models.ForeignKey(Indicator, models.CASCADE, related_name="+", verbose_name="chỉ tiêu A")
    right = models.ForeignKey(
        Indicator, models.CASCADE, related_name="+", verbose_name="chỉ tiêu B"
    )
    min_value = ExactNumberField("tỷ số nhỏ nhất", null=True, blank=True)
    max_value = ExactNumberField("tỷ số lớn nhất", null=True, blank=True)
    severity = models.CharField("mức độ", max_length=10, choices=Severity.choices)
    message = models.CharField(
        "thông báo", max_length=300, blank=True, help_text="Để trống để dùng thông báo mặc định."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "quy tắc kiểm tra"
        verbose_name_plural = "quy tắc kiểm tra"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.left.code} / {self.right.code}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Bị trả lại"
    APPROVED = "approved", "Đã phê duyệt"


RECEIVED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)

# An approved report the level above reopened is, to the workflow, a returned one (the unit
# fixes and resends it, it is not counted meanwhile), but it must not read as a rejection.
REOPENED_LABEL = "Mở lại để sửa"


def status_label(status: str, reopened: bool = False) -> str:
    """The Vietnamese name of a report's status, wherever it is shown (`Report.status_label`)."""
    if status == ReportStatus.RETURNED and reopened:
        return REOPENED_LABEL
    return str(ReportStatus(status).label)


# The exports' word for a reopened report: the data files say what the page says, and a
# program reading "returned" would take a reopened report for a refused one.
REOPENED = "reopened"


def status_code(status: str, reopened: bool = False) -> str:
    """A report's status as the CSV and JSON exports write it: its `ReportStatus` value, but
    "reopened" for a report returned because an approved report was reopened."""
    if status == ReportStatus.RETURNED and reopened:
        return REOPENED
    return str(status)


class Report(models.Model):
    """One organization's report on one form for one period."""

    form = models.ForeignKey(ReportForm, models.PROTECT, related_name="reports")
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="reports")
    # The organization's unit, kept here so scope and consolidation filter without a second join.
    unit = models.ForeignKey(AdminUnit, models.PROTECT, related_name="reports")
    # Likewise the organization's kind (a changed kind is a new organization row, never an edit).
    org_kind = models.CharField(max_length=20, editable=False)
    period = models.CharField("kỳ", max_length=8)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(
        "trạng thái", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # Bumped by every write: a save that started from an older version is refused.
    version = models.PositiveIntegerField(default=1)
    narrative = models.JSONField("nội dung", default=dict, blank=True)
    warning_note = models.TextField("giải trình cảnh báo", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_submitted_at = models.DateTimeField("gửi lần đầu", null=True, blank=True)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    # Returned because an approved report was reopened, not because it was refused; set and
    # cleared by the workflow's actions (danvan.reporting.actions).
    reopened = models.BooleanField("mở lại sau khi duyệt", default=False)
    # The last day a draft past its lock date may still be entered and sent, as the level above
    # allowed it (the latest LateEntry); None when nobody did. Kept on the report so that
    # `actions.entry_closed` answers without a query.
    late_entry_until = models.DateField("cho nộp bổ sung đến hết ngày", null=True, blank=True)

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        constraints = [
            models.UniqueConstraint(
                fields=["form", "organization", "period"], name="reporting_report_once"
            )
        ]
        indexes = [models.Index(fields=["form", "period_start", "period_end", "status"])]

    def __str__(self) -> str:
        return f"{Period.parse(self.period).titled(self.form.name)} — {self.organization}"

    @classmethod
    def new(
        cls, form: ReportForm, organization: Organization, period: Period, **fields: Any
    ) -> "Report":
        """An unsaved report of `organization` for `period`, with the copies of the
        organization's unit and kind and the period's dates filled in."""
        return cls(
            form=form,
            organization=organization,
            unit_id=organization.admin_unit_id,
            org_kind=organization.kind,
            period=period.code,
            period_start=period.start,
            period_end=period.end,
            **fields,
        )

    loaded_status: str | None = None

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> "Report":
        report = super().from_db(db, field_names, values)
        # The status as read, so that a save moving a report out of the counted statuses
        # refreshes its roll-ups (see danvan.reporting.rollups).
        report.loaded_status = report.__dict__.get("status")
        return report

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def is_locked(self) -> bool:
        return self.status in RECEIVED

    @property
    def status_label(self) -> str:
        return status_label(self.status, self.reopened)


class DataValue(models.Model):
    report = models.ForeignKey(Report, models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="values")
    option = models.ForeignKey(
        CategoryOption, models.PROTECT, null=True, blank=True, related_name="values"
    )
    value = ExactNumberField("giá trị")

    class Meta:
        verbose_name = "số liệu"
        verbose_name_plural = "số liệu"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"],
                condition=Q(option__isnull=True),
                name="reporting_value_once",
            ),
            models.UniqueConstraint(
                fields=["report", "indicator", "option"],
                condition=Q(option__isnull=False),
                name="reporting_value_once_per_option",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}={self.value}"


class EventKind(models.TextChoices):
    SAVED = "saved", "Lưu nháp"
    SUBMITTED = "submitted", "Gửi báo cáo"
    RETURNED = "returned", "Trả lại"
    APPROVED = "approved", "Phê duyệt"
    REOPENED = "reopened", "Mở lại"
    IMPORTED = "imported", "Nhập từ tệp"
    LATE_ENTRY = "late_entry", "Cho nộp bổ sung"


class ReportEvent(models.Model):
    """The report's history: every workflow step and every save, with who and why."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = "lịch sử báo cáo"
        verbose_name_plural = "lịch sử báo cáo"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y %H:%M}"


class LateEntry(models.Model):
    """The level above let a locked draft be entered and sent until a day: who, when, until
    when (and until when before), why. Never changed: a new decision is a new row."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="late_entries")
    until = models.DateField("cho nộp bổ sung đến hết ngày")
    previous_until = models.DateField("hạn nộp bổ sung trước đó", null=True, blank=True)
    reason = models.TextField("lý do")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "cho phép nộp bổ sung"
        verbose_name_plural = "cho phép nộp bổ sung"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} đến {self.until:%d/%m/%Y}"


# Where a save came from (ValueChange.source, NarrativeChange.source, the history's comment).
SOURCE_LABELS: dict[str, str] = {
    "form": "nhập trên trang",
    "api": "qua API",
    "excel": "từ tệp Excel của báo cáo",
    "import": "từ tệp số liệu nhập chung",
    "document": "đọc từ văn bản Word",
    "exchange": "nhận từ máy chủ khác",
}


def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, "nguồn khác")


class ValueChange(models.Model):
    """A change to a value of a report that had been submitted: who, when, old, new."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="changes")
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="+")
    option = models.ForeignKey(CategoryOption, models.PROTECT, null=True, related_name="+")
    old_value = ExactNumberField(null=True)
    new_value = ExactNumberField(null=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=20)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.old_value} → {self.new_value}"


class NarrativeChange(models.Model):
    """A change to a narrative section of a report that had been submitted: who, when, the
    whole old text and the whole new text."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="narrative_changes")
    section = models.CharField("phần", max_length=50)
    old_text = models.TextField("nội dung cũ", blank=True)
    new_text = models.TextField("nội dung mới", blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=20)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.section}"


class Grain(models.TextChoices):
    UNIT = "unit", "Đơn vị báo cáo"
    PROVINCE = "province", "Tỉnh"
    NATION = "nation", "Cả nước"


class Rollup(models.Model):
    """The sum, count and maximum of the values of the counted (sent or approved) reports of one
    form and period, per reporting unit or per province, organization kind, status, indicator
    and breakdown option. Kept in the transaction of every write that changes what counts
    (danvan.reporting.rollups), so that consolidation reads a few rows instead of every value.

    `path` is the reports' unit path for the unit grain, the province's for the province
    grain and "/" for the nation grain: the same prefix filter as on the units then selects
    the rows of a scope.
    """

    form = models.ForeignKey(ReportForm, models.CASCADE, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    grain = models.CharField(max_length=10, choices=Grain.choices)
    path = models.CharField(max_length=255, db_index=True)
    org_kind = models.CharField(max_length=20)
    status = models.CharField(max_length=10)
    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="+")
    option = models.ForeignKey(CategoryOption, models.CASCADE, null=True, related_name="+")
    total = ExactNumberField()
    count = models.PositiveIntegerField()
    largest = ExactNumberField()

    class Meta:
        verbose_name = "số tổng hợp sẵn"
        verbose_name_plural = "số tổng hợp sẵn"
        indexes = [
            models.Index(
                fields=["form", "grain", "period_start", "period_end", "path"],
                name="reporting_rollup_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.path} {self.indicator_id}={self.total}"

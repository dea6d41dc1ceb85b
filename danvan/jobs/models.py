"""The record of one piece of long work a user started (or the daily schedule did), as people
see it: what it is, whose it is, where it stands, and what came of it.

The task queue (django-tasks) only carries the job's id; everything a page shows lives here, so
the queue's backend can change without the pages noticing.
"""

import datetime as dt

from django.db import models
from django.utils import timezone

from danvan.orgs.models import Organization, User

STALL = dt.timedelta(minutes=30)


class JobKind(models.TextChoices):
    WELFARE_CONFIRM = "welfare-confirm", "Nhập danh sách chăm lo"
    WELFARE_DEDUP = "welfare-dedup", "Tìm hộ nghi trùng"
    DATAVALUES_IMPORT = "datavalues-import", "Nhập số liệu báo cáo"
    REPORT_DOCUMENT = "report-document", "Lập văn bản báo cáo tổng hợp"
    REPORT_INGEST = "report-ingest", "Đọc số liệu từ văn bản Word"
    REPORT_WORKBOOK = "report-workbook", "Nhập báo cáo từ tệp Excel"
    BRIEFING = "briefing", "Lập tài liệu giao ban"
    NOTIFY = "notify", "Gửi thông báo hằng ngày"


class JobState(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang chạy"
    DONE = "done", "Đã xong"
    FAILED = "failed", "Không thành công"


class Job(models.Model):
    kind = models.CharField("loại việc", max_length=32, choices=JobKind.choices)
    title = models.CharField("tên việc", max_length=300)
    user = models.ForeignKey(
        User, models.CASCADE, null=True, blank=True, related_name="jobs", verbose_name="người chạy"
    )
    organization = models.ForeignKey(
        Organization, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The materialized path of the unit whose data the result shows: a result file is served
    # only to users whose scope covers it. Empty: the owner alone.
    scope_path = models.CharField(max_length=255, blank=True)
    params = models.JSONField(default=dict, blank=True)

    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    step = models.CharField("bước", max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)

    message = models.TextField("kết quả", blank=True)
    link = models.CharField("đường dẫn kết quả", max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField("lý do không thành công", blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A generated document is kept until then (DANVAN_RESULT_DAYS), then deleted by
    # `danvan jobs prune`; the page says it has expired.
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]
        verbose_name = "việc chạy nền"
        verbose_name_plural = "việc chạy nền"

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in {JobState.DONE, JobState.FAILED}

    @property
    def stalled(self) -> bool:
        """Still "running" long after it started: its worker has most likely died (a list of
        100.000 rows takes minutes, not half an hour). Only then may it be run again while it
        says running, so that two workers never do one job at once."""
        return (
            self.state == JobState.RUNNING
            and self.started_at is not None
            and timezone.now() - self.started_at > STALL
        )

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0

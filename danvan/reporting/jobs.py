"""Reporting work that runs as a job: importing data values from a CSV, JSON or XLSX file, and
one report's figures and narrative from its Excel workbook.

All rows or none (`exchange.import_rows`, `actions.save_report`); importing the same file twice
changes nothing the second time (the values are already there: "không đổi", "giống hệt")."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from danvan.jobs.actions import JobError, Outcome
from danvan.jobs.models import Job
from danvan.jobs.progress import Progress
from danvan.jobs.uploads import read_upload
from danvan.reporting import access, actions, exchange, workbook
from danvan.reporting.models import FormItem, Report
from danvan.reporting.validation import entry_cells, show

# Report.version of a report nobody has saved since it was opened.
FIRST_VERSION = 1
SHOWN_CELL_ERRORS = 20

SHOWN_ERRORS = 100


def import_values(job: Job, progress: Progress) -> Outcome:
    progress.step("Đọc tệp số liệu")
    content = read_upload(job.params)
    try:
        rows = exchange.read_rows(content, job.params["file_name"])
    except ValueError as error:
        raise JobError(str(error)) from None
    dry_run = bool(job.params.get("dry_run"))
    progress.step("Kiểm tra" if dry_run else "Kiểm tra rồi ghi (tất cả hoặc không gì)", len(rows))
    result = exchange.import_rows(rows, user=job.user, dry_run=dry_run)
    progress.advance(len(rows))
    if result.errors:
        lines = [f"Dòng {line}: {message}" for line, message in result.errors[:SHOWN_ERRORS]]
        more = len(result.errors) - SHOWN_ERRORS
        raise JobError(
            f"Không nhập gì: {len(result.errors)} dòng lỗi trên {result.rows} dòng.\n"
            + "\n".join(lines)
            + (f"\n… và {more} lỗi khác." if more > 0 else "")
        )
    counts = (
        f"{result.rows} dòng — {result.created} mới, {result.updated} sửa, "
        f"{result.unchanged} không đổi, vào {result.reports} báo cáo."
    )
    message = (
        f"Kiểm tra xong, chưa ghi gì: sẽ nhập {counts} Bỏ chọn “Chỉ kiểm tra” và nhập lại để ghi."
        if dry_run
        else f"Đã nhập {counts}"
    )
    return Outcome(
        message,
        link=reverse("data-exchange"),
        result={"rows": result.rows, "created": result.created, "updated": result.updated},
    )


def import_workbook(job: Job, progress: Progress) -> Outcome:
    """One report's workbook (downloaded from its page, filled in, uploaded): its values and
    narrative saved as the draft in one transaction, or nothing when a cell is wrong, the file
    is not this report's, or somebody saved the report after the file was downloaded."""
    progress.step("Đọc tệp Excel")
    content = read_upload(job.params)
    report = (
        Report.objects.select_related("form", "organization", "organization__admin_unit")
        .filter(pk=job.params["report"])
        .first()
    )
    if report is None:
        raise JobError("Báo cáo này không còn nữa; chưa nhập gì.")
    link = reverse("report-detail", args=[report.pk])
    if job.user is None or not access.can_enter(job.user, report.organization):
        raise JobError("Bạn không còn quyền nhập báo cáo cho tổ chức này; chưa nhập gì.")
    items = actions.items_of(report.form)
    try:
        sheet = workbook.read(content, report, items)
    except ValueError as error:
        raise JobError(f"{error} Chưa nhập gì.") from None
    if sheet.errors:
        more = len(sheet.errors) - SHOWN_CELL_ERRORS
        raise JobError(
            "Tệp có lỗi nên chưa nhập gì; sửa tệp rồi tải lên lại.\n"
            + "\n".join(sheet.errors[:SHOWN_CELL_ERRORS])
            + (f"\n… và {more} lỗi khác." if more > 0 else "")
        )
    progress.step("Ghi vào bản nháp (tất cả hoặc không gì)")
    if _unchanged(report, sheet):
        return Outcome(
            "Số liệu và nội dung trong tệp giống hệt báo cáo; không có gì thay đổi.", link=link
        )
    try:
        actions.save_report(
            report,
            values=sheet.values,
            narrative=sheet.narrative,
            # A file without a version (the empty template, or a cell cleared) may only fill a
            # report nobody has saved since it was opened; otherwise it is a conflict, told as
            # one, never an overwrite of another session's save.
            version=sheet.version if sheet.version is not None else FIRST_VERSION,
            source="excel",
            acting_user=job.user,
        )
    except actions.Conflict as conflict:
        raise JobError(_conflict_reason(items, sheet, conflict.report)) from None
    except (actions.ReportError, PermissionDenied) as error:
        raise JobError(f"{error} Chưa nhập gì.") from None
    return Outcome(
        "Đã nhập số liệu từ tệp Excel vào bản nháp.", link=link, result={"report": report.pk}
    )


def _unchanged(report: Report, sheet: workbook.Sheet) -> bool:
    if sheet.values != actions.stored_values(report):
        return False
    if sheet.narrative is None:
        return True
    uploaded = {k: v.strip() for k, v in sheet.narrative.items() if v.strip()}
    return uploaded == {k: v for k, v in report.narrative.items() if v}


def _conflict_reason(items: list[FormItem], sheet: workbook.Sheet, saved: Report) -> str:
    """Who saved meanwhile, and each figure where the file and the saved report differ."""
    theirs = actions.stored_values(saved)
    by = saved.updated_by or "Người khác"
    at = f" lúc {timezone.localtime(saved.updated_at):%H:%M %d/%m/%Y}" if saved.updated_at else ""
    lines = [
        f"{by} đã lưu báo cáo{at}, sau khi tệp được tải về. Tệp của bạn chưa được nhập; "
        "tải tệp mới nhất ở trang báo cáo rồi điền lại."
    ]
    for cell in entry_cells(items):
        mine, stored = sheet.values.get(cell.key), theirs.get(cell.key)
        if mine != stored:
            lines.append(f"{cell.label}: trong tệp {_text(mine)}, đã lưu {_text(stored)}.")
    if len(lines) == 1:
        lines.append("Số liệu giống nhau; chỉ phần nội dung khác.")
    return "\n".join(lines)


def _text(value: Decimal | None) -> str:
    return "(trống)" if value is None else show(value)

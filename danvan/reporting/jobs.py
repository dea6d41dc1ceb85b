"""Reporting work that runs as a job: importing data values from a CSV, JSON or XLSX file.

All rows or none (`exchange.import_rows`); importing the same file twice changes nothing the
second time (the values are already there: "không đổi")."""

from django.urls import reverse

from danvan.jobs.actions import JobError, Outcome
from danvan.jobs.models import Job
from danvan.jobs.progress import Progress
from danvan.jobs.uploads import read_upload
from danvan.reporting import exchange

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

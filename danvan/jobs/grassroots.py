"""Jobs for work that lives in `danvan.grassroots` today (the briefing document, the daily
notices); kept here so that the grassroots app, being split, changes by a few lines only."""

import datetime as dt

from django.utils import timezone

from danvan.documents.render import PdfUnavailable, to_docx, to_pdf
from danvan.grassroots.briefing import briefing_document as build_briefing
from danvan.grassroots.models import Meeting
from danvan.grassroots.notices import send_due_notices
from danvan.jobs.actions import JobError, Outcome
from danvan.jobs.models import Job
from danvan.jobs.progress import Progress

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def briefing_document(job: Job, progress: Progress) -> Outcome:
    """A meeting's briefing document (DOCX or PDF), built from what was recorded."""
    meeting = Meeting.objects.select_related("unit", "organization").get(pk=job.params["meeting"])
    file_format = job.params["format"]
    progress.step("Tổng hợp kết quả kỳ giao ban")
    document = build_briefing(meeting)
    progress.step("Lập văn bản PDF" if file_format == "pdf" else "Lập văn bản Word")
    try:
        content = to_pdf(document) if file_format == "pdf" else to_docx(document)
    except PdfUnavailable as error:
        raise JobError(str(error)) from None
    name = f"{document.file_stem}.{file_format}"
    return Outcome(
        f"Đã lập xong {name}.",
        link=f"/co-so/hoi-nghi/{meeting.pk}/",
        content=content,
        file_name=name,
        content_type="application/pdf" if file_format == "pdf" else DOCX,
    )


def daily_notices(job: Job, progress: Progress) -> Outcome:
    """The day's notices (escalations, deadlines); run twice, nothing is sent twice."""
    at = job.params.get("at")
    on = dt.date.fromisoformat(at) if at else timezone.localdate()
    progress.step(f"Gửi thông báo ngày {on:%d/%m/%Y}")
    sent = send_due_notices(on)
    return Outcome(f"Đã gửi {sent} thông báo.", result={"sent": sent})

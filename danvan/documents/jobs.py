"""Document work that runs as jobs: building the consolidated report (DOCX, PDF or the XLSX
annex), and reading a Word report into text for the officer to review.

Building is idempotent (the same scope gives the same document); the file is kept for
DANVAN_RESULT_DAYS and served only to users who may see the unit it was built for."""

from danvan.core.downloads import DOCX
from danvan.core.periods import Period
from danvan.directives.models import Meeting
from danvan.documents.briefing import briefing_document as build_briefing
from danvan.documents.build import build_report
from danvan.documents.reading import UnreadableDocument, text_of
from danvan.documents.render import PdfUnavailable, to_docx, to_pdf
from danvan.geo.models import AdminUnit
from danvan.jobs.actions import JobError, Outcome
from danvan.jobs.models import Job
from danvan.jobs.progress import Progress
from danvan.jobs.uploads import read_upload
from danvan.reporting.models import ReportForm


def report_document(job: Job, progress: Progress) -> Outcome:
    params = job.params
    progress.step("Tổng hợp số liệu và lập văn bản")
    try:
        built = build_report(
            ReportForm.objects.get(code=params["form"]),
            Period.parse(params["period"]),
            AdminUnit.objects.get(pk=params["unit"]),
            params["format"],
            paths=params["paths"],
            approved_only=params["approved_only"],
            charts=bool(params.get("charts")),  # jobs queued before the box existed have none
        )
    except PdfUnavailable as error:
        raise JobError(str(error)) from None
    return Outcome(
        f"Đã lập xong {built.file_name}.",
        content=built.content,
        file_name=built.file_name,
        content_type=built.content_type,
    )


def read_word_report(job: Job, progress: Progress) -> Outcome:
    """Turn an uploaded .docx/.txt into text (legacy encodings converted); the ingestion page
    then proposes its figures and sections for the officer to confirm."""
    progress.step("Đọc văn bản")
    try:
        text = text_of(read_upload(job.params), job.params["file_name"])
    except UnreadableDocument as error:
        raise JobError(str(error)) from None
    return Outcome(
        "Đã đọc xong văn bản; mở để xem các số liệu đề xuất.",
        link=f"/bao-cao/{job.params['report']}/doc-van-ban/?viec={job.pk}",
        result={"text": text},
    )


def briefing(job: Job, progress: Progress) -> Outcome:
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

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from danvan.core.http import posted_version
from danvan.directives.access import meetings_for_user
from danvan.documents.build import FORMATS
from danvan.documents.ingest import Reading, read_report_text
from danvan.jobs.access import get_job_for_user
from danvan.jobs.actions import find_open, start_job
from danvan.jobs.models import JobKind
from danvan.jobs.uploads import keep_upload
from danvan.orgs.access import signed_in_user
from danvan.reporting import access, actions
from danvan.reporting.models import NarrativeSection
from danvan.reporting.scopes import scope_from
from danvan.reporting.validation import entry_cells, parse_value, show


def report_document(request: HttpRequest) -> HttpResponse:
    """Build the consolidated report of the consolidation page's scope (DOCX, PDF or XLSX) as a
    job; the user follows it on the job's page and downloads the file from there."""
    user = signed_in_user(request)
    scope = scope_from(request, user)
    if request.method != "POST":  # an old link: the buttons are on the consolidation page
        return redirect(f"{reverse('consolidated')}?{scope.query()}#documents")
    file_format = request.POST.get("format", "")
    if file_format not in FORMATS:
        return HttpResponse(
            "Định dạng không hợp lệ: chọn docx, pdf hoặc xlsx.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    charts = file_format != "xlsx" and request.POST.get("charts") == "1"
    job = start_job(
        JobKind.REPORT_DOCUMENT,
        f"Báo cáo tổng hợp {scope.unit.name}, {scope.period.label} ({file_format.upper()}"
        + (", kèm biểu đồ)" if charts else ")"),
        user=user,
        scope_path=scope.unit.path,
        params={
            "form": scope.form.code,
            "period": scope.period.code,
            "unit": scope.unit.pk,
            "paths": scope.paths,
            "approved_only": scope.approved_only,
            "format": file_format,
            "charts": charts,
        },
    )
    return redirect("job-detail", pk=job.pk)


def report_ingest(request: HttpRequest, pk: int) -> HttpResponse:
    """Read a Word report (or pasted text) into a report: figures proposed beside the fields,
    text split into the sections; saved only when the officer confirms what to take."""
    user = signed_in_user(request)
    report = access.get_report_for_user(user, pk)
    if not access.can_enter(user, report.organization):
        raise PermissionDenied("Bạn không có quyền nhập báo cáo cho tổ chức này.")
    closed = actions.entry_closed(report, timezone.localdate())
    if closed:
        messages.error(request, closed)
        return redirect("report-detail", pk=report.pk)
    cells = entry_cells(actions.items_of(report.form))
    sections = list(report.form.narratives.all())
    stored = actions.stored_values(report)
    context: dict[str, Any] = {"report": report, "text": "", "reading": None, "errors": {}}
    if request.method != "POST" and "viec" not in request.GET:
        return render(request, "documents/ingest.html", context)

    if request.method != "POST":  # back from the job that read the uploaded file
        text = str(get_job_for_user(user, _int(request.GET["viec"])).result.get("text", ""))
    else:
        text = request.POST.get("text", "")
    upload = request.FILES.get("file")
    if upload is not None:
        # A Word file is read by a job (it may be long, or in a legacy encoding); its page
        # links back here with the text.
        job = start_job(
            JobKind.REPORT_INGEST,
            f"Đọc văn bản {upload.name} vào báo cáo {report.form.name} {report.period}",
            user=user,
            organization=report.organization,
            scope_path=report.organization.admin_unit.path,
            params={
                **keep_upload(upload.read(), upload.name or "bao-cao.docx", "word-reports"),
                "report": report.pk,
            },
        )
        return redirect("job-detail", pk=job.pk)
    context["text"] = text
    if not text.strip():
        messages.error(request, "Chưa có nội dung: chọn tệp Word (.docx) hoặc dán văn bản.")
        return render(request, "documents/ingest.html", context)
    reading = read_report_text(text, cells, sections)
    rows = _rows(reading, stored, sections, report.narrative, request.POST)
    context.update({"reading": reading, "rows": rows["cells"], "sections": rows["sections"]})
    context["version"] = report.version
    if request.POST.get("action") != "apply":
        if not reading.figures and not reading.sections:
            messages.warning(request, "Không đọc được số liệu hay phần nội dung nào trong văn bản.")
        return render(request, "documents/ingest.html", context)

    values = dict(stored)
    errors: dict[str, str] = {}
    for row in rows["cells"]:
        if not row["use"]:
            continue
        try:
            value = parse_value(row["cell"].indicator, row["typed"])
        except ValueError as error:
            errors[row["cell"].name] = str(error)
            continue
        if value is None:
            values.pop(row["cell"].key, None)
        else:
            values[row["cell"].key] = value
    narrative = dict(report.narrative)
    for row in rows["sections"]:
        if row["use"]:
            narrative[row["section"].code] = row["typed"]
    if errors:
        context["errors"] = errors
        messages.error(request, "Có số viết chưa đúng; chưa lưu gì. Sửa các ô được đánh dấu.")
        return render(request, "documents/ingest.html", context)
    if not any(r["use"] for r in rows["cells"]) and not any(r["use"] for r in rows["sections"]):
        messages.warning(request, "Chưa chọn số liệu hay phần nội dung nào để đưa vào báo cáo.")
        return render(request, "documents/ingest.html", context)
    try:
        actions.save_report(
            report,
            values=values,
            narrative=narrative,
            version=posted_version(request),
            source="document",
            acting_user=user,
        )
    except actions.Conflict:
        messages.error(
            request,
            "Báo cáo vừa được người khác lưu; chưa lưu gì. Những gì bạn chọn vẫn ở dưới: "
            "mở báo cáo trong thẻ khác để so sánh, rồi bấm “Đưa vào báo cáo” lại.",
        )
        context["version"] = type(report).objects.get(pk=report.pk).version
        return render(request, "documents/ingest.html", context)
    except actions.ReportError as error:
        messages.error(request, str(error))
        return render(request, "documents/ingest.html", context)
    messages.success(request, "Đã đưa các số liệu và nội dung đã chọn vào báo cáo (bản nháp).")
    return redirect("report-detail", pk=report.pk)


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404("Không tìm thấy việc này.") from None


def _rows(
    reading: Reading,
    stored: dict[Any, Decimal],
    sections: list[NarrativeSection],
    narrative: dict[str, str],
    posted: Any,
) -> dict[str, list[dict[str, Any]]]:
    """What the review page shows, with the officer's choices when the page was posted back."""
    applying = posted.get("action") == "apply"
    cells = []
    for suggestion in reading.suggestions:
        name = suggestion.cell.name
        current = stored.get(suggestion.cell.key)
        cells.append(
            {
                "cell": suggestion.cell,
                "suggestion": suggestion,
                "current": show(current) if current is not None else "",
                "typed": posted.get(f"v-{name}", show(suggestion.value))
                if applying
                else show(suggestion.value),
                "use": posted.get(f"use-{name}") == "1" if applying else True,
            }
        )
    texts = []
    for section in sections:
        found = reading.sections.get(section.code)
        if not found:
            continue
        written = (narrative.get(section.code) or "").strip()
        texts.append(
            {
                "section": section,
                "current": written,
                "typed": posted.get(f"t-{section.code}", found) if applying else found,
                "use": posted.get(f"use-t-{section.code}") == "1" if applying else not written,
            }
        )
    return {"cells": cells, "sections": texts}


@require_POST
def meeting_briefing(request: HttpRequest, pk: int) -> HttpResponse:
    """Start building the briefing document of a meeting the user may see (DOCX or PDF, from the
    meeting page's buttons), as a job; the job's page shows its progress and the file."""
    user = signed_in_user(request)
    meeting = get_object_or_404(
        meetings_for_user(user).select_related("unit", "organization"), pk=pk
    )
    file_format = request.POST.get("format", "docx")
    if file_format not in {"docx", "pdf"}:
        return HttpResponse(
            "Định dạng không hợp lệ: chọn docx hoặc pdf.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    job = find_open(JobKind.BRIEFING, meeting=meeting.pk, format=file_format) or start_job(
        JobKind.BRIEFING,
        f"Báo cáo giao ban {meeting.unit.name}, {meeting.held_on:%d/%m/%Y} ({file_format.upper()})",
        user=user,
        scope_path=meeting.unit.path,
        params={"meeting": meeting.pk, "format": file_format},
    )
    return redirect("job-detail", pk=job.pk)

"""One entry point for every generated file: the format asked for, its bytes and its name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from danvan.core.periods import Period
from danvan.documents.render import to_docx, to_pdf
from danvan.documents.report import consolidated_annex, consolidated_report
from danvan.geo.models import AdminUnit
from danvan.reporting.models import ReportForm

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Built:
    content: bytes
    file_name: str
    content_type: str


def build_report(
    form: ReportForm,
    period: Period,
    unit: AdminUnit,
    file_format: str,
    *,
    paths: list[str] | None = None,
    approved_only: bool = False,
    today: dt.date | None = None,
    charts: bool = False,
) -> Built:
    """The consolidated report of `unit` for `period` as DOCX, PDF or the XLSX annex."""
    if file_format == "xlsx":
        content = consolidated_annex(form, period, unit, paths, approved_only=approved_only)
        return Built(content, f"phu-luc-{unit.code}-{period.code}.xlsx", FORMATS["xlsx"])
    document = consolidated_report(
        form, period, unit, paths, approved_only=approved_only, today=today, charts=charts
    )
    content = to_pdf(document) if file_format == "pdf" else to_docx(document)
    return Built(content, f"{document.file_stem}.{file_format}", FORMATS[file_format])

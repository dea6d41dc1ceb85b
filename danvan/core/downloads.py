"""Files handed to the user: one response shape for every download, and every exported cell
passed through `safe_cell` so that text typed by a user never becomes a live formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from danvan.vi.text import fold

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
JSON = "application/json; charset=utf-8"

# A spreadsheet reads a cell that starts with one of these as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as it may be written to a CSV file: text that a spreadsheet would run as a
    formula gets a leading apostrophe; numbers and dates pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_append(sheet: Any, row: Iterable[Any]) -> None:
    """Append a row to an openpyxl sheet with every text kept as text: openpyxl would store
    "=HYPERLINK(…)" as a live formula; the cell keeps the exact text instead (so an uploaded
    workbook reads back what was written)."""
    sheet.append(list(row))
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def download(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    """`content` as an attachment called `name` (CSV gets a BOM so Excel reads UTF-8)."""
    if content_type == CSV and isinstance(content, str):
        content = "\ufeff" + content
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def dated_name(title: str, extension: str) -> str:
    """ "Vụ việc" -> "vu-viec-20261201.xlsx"."""
    return f"{slugify(fold(title))}-{timezone.localdate():%Y%m%d}.{extension}"


def csv_text(columns: list[str], rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


def xlsx_bytes(title: str, columns: list[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """One sheet: a bold header row, dates as dates, numbers as numbers, columns sized."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        safe_append(sheet, row)
    for column, cells in enumerate(sheet.iter_cols(min_row=2), start=1):
        if any(isinstance(c.value, dt.date) for c in cells):
            for c in cells:
                c.number_format = "dd/mm/yyyy"
        width = max(
            [len(str(columns[column - 1]))] + [min(len(str(c.value or "")), 60) for c in cells]
        )
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = width + 2
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(title: str, columns: list[str], rows: Iterable[Iterable[Any]]) -> HttpResponse:
    return download(xlsx_bytes(title, columns, rows), XLSX, dated_name(title, "xlsx"))

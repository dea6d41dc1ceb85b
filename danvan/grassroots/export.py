"""Lists as XLSX: what the page shows, with a header row, dates as dates, numbers as numbers."""

import datetime as dt
import io
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from danvan.vi.text import fold


def xlsx_response(title: str, columns: list[str], rows: list[list[Any]]) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
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
    name = f"{slugify(fold(title))}-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

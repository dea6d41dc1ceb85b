"""The Excel workbook of a report form: downloaded empty or filled, uploaded back.

Sheet "Số liệu" has a title, the report's identity (form, period, organization, report number,
version) and one row per indicator and breakdown under the header
`Mã chỉ tiêu | Chỉ tiêu | Nhóm | Mã nhóm | Đơn vị tính | Giá trị`; sheet "Nội dung" has the
narrative sections. Upload reads columns by their header, wherever the header row is, accepts
numbers as Excel numbers or as Vietnamese text ("74.000", "1,5") and names the cell of every
error. The version in the file lets a late upload be told that the report changed meanwhile.
"""

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from danvan.core import params, uploads
from danvan.core.downloads import safe_append
from danvan.reporting.actions import items_of, stored_values
from danvan.reporting.models import FormItem, Report, ReportForm, ValueType
from danvan.reporting.validation import Values, entry_cells, parse_value
from danvan.vi.text import fold

HEADERS = ["Mã chỉ tiêu", "Chỉ tiêu", "Nhóm", "Mã nhóm", "Đơn vị tính", "Giá trị"]
META = ["Mã mẫu", "Kỳ", "Tổ chức", "Mã báo cáo", "Phiên bản"]
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE3EC")


def build(form: ReportForm, report: Report | None) -> bytes:
    """An .xlsx for `form`: empty, or holding the report's values and narrative."""
    values: Values = stored_values(report) if report else {}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Số liệu"
    title = form.name.upper()
    if report is not None:
        title += f" — {report.period_obj.label.upper()}"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    meta = [
        form.code,
        report.period if report else "",
        report.organization.name if report else "",
        report.pk if report else "",
        report.version if report else "",
    ]
    for label, entry in zip(META, meta, strict=True):
        sheet.append([label, entry])
        sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.append([])
    sheet.append(HEADERS)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
        cell.fill = HEAD_FILL
    for cell in entry_cells(items_of(form)):
        indicator, option = cell.indicator, cell.option
        sheet.append(
            [
                indicator.code,
                indicator.name + (" (bắt buộc)" if cell.item.required else ""),
                option.name if option else "",
                option.code if option else "",
                indicator.unit,
                _cell_value(values.get(cell.key)),
            ]
        )
        number = sheet.cell(sheet.max_row, 6)
        number.number_format = "#,##0" if indicator.is_whole else "#,##0.####"
    for column, width in zip("ABCDEF", [20, 48, 22, 20, 12, 18], strict=True):
        sheet.column_dimensions[column].width = width

    text = book.create_sheet("Nội dung")
    text.append(["Mã phần", "Phần", "Nội dung"])
    for cell in text[1]:
        cell.font = BOLD
        cell.fill = HEAD_FILL
    for section in form.narratives.all():
        safe_append(
            text,
            [section.code, section.title, report.narrative.get(section.code, "") if report else ""],
        )
        text.cell(text.max_row, 3).alignment = Alignment(wrap_text=True, vertical="top")
    text.column_dimensions["A"].width = 16
    text.column_dimensions["B"].width = 28
    text.column_dimensions["C"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell_value(value: Decimal | None) -> int | Decimal | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


@dataclass
class Sheet:
    values: Values = field(default_factory=dict)
    narrative: dict[str, str] | None = None
    version: int | None = None
    errors: list[str] = field(default_factory=list)


def read(content: bytes, report: Report, items: list[FormItem] | None = None) -> Sheet:
    """The values and narrative in an uploaded workbook, for `report`.

    Raises ValueError (Vietnamese) when the file is not a workbook of this form; per-cell
    problems are collected in `errors`, and then nothing should be saved.
    """
    uploads.check_xlsx(content)  # size, rows, columns and merged cells, before reading
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ValueError(
            "Không đọc được tệp: cần tệp Excel .xlsx (tải mẫu ở trang báo cáo)."
        ) from None
    if "Số liệu" not in book.sheetnames:
        raise ValueError("Tệp không có trang “Số liệu” của mẫu báo cáo.")
    rows = list(book["Số liệu"].iter_rows(values_only=True))
    meta = {fold(str(row[0])): row[1] for row in rows[:12] if row and row[0] and len(row) > 1}
    form_code = str(meta.get(fold("Mã mẫu")) or "")
    if form_code != report.form.code:
        raise ValueError(f"Tệp là của mẫu “{form_code}”, không phải của «{report.form.name}».")
    report_id = meta.get(fold("Mã báo cáo"))
    if report_id not in (None, "") and str(report_id) != str(report.pk):
        raise ValueError("Tệp là của một báo cáo khác (mã báo cáo không khớp).")
    sheet = Sheet()
    version = meta.get(fold("Phiên bản"))
    sheet.version = (
        params.parse_int(version, "Phiên bản", maximum=params.INT_MAX)
        if version not in (None, "")
        else None
    )

    header_at = next(
        (i for i, row in enumerate(rows) if row and fold(str(row[0] or "")) == fold(HEADERS[0])),
        None,
    )
    if header_at is None:
        raise ValueError("Không thấy dòng tiêu đề “Mã chỉ tiêu … Giá trị” trong trang Số liệu.")
    header = [fold(str(h or "")) for h in rows[header_at]]
    try:
        col_code, col_option, col_value = (
            header.index(fold("Mã chỉ tiêu")),
            header.index(fold("Mã nhóm")),
            header.index(fold("Giá trị")),
        )
    except ValueError:
        raise ValueError("Thiếu cột “Mã chỉ tiêu”, “Mã nhóm” hoặc “Giá trị”.") from None

    items = items if items is not None else items_of(report.form)
    known = {
        (cell.indicator.code, cell.option.code if cell.option else ""): cell
        for cell in entry_cells(items)
    }
    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not row or all(c in (None, "") for c in row):
            continue
        code = str(row[col_code] or "").strip()
        option_code = str(row[col_option] or "").strip() if col_option < len(row) else ""
        raw = row[col_value] if col_value < len(row) else None
        where = f"{get_column_letter(col_value + 1)}{offset}"
        entry = known.get((code, option_code))
        if entry is None:
            sheet.errors.append(
                f"Dòng {offset}: chỉ tiêu “{code}” “{option_code}” không có trong mẫu."
            )
            continue
        try:
            value = _read_cell(entry.indicator, raw)
        except ValueError as error:
            sheet.errors.append(f"Ô {where} ({entry.label}): {error}")
            continue
        if value is not None:
            sheet.values[entry.key] = value

    if "Nội dung" in book.sheetnames:
        texts = {}
        for row in list(book["Nội dung"].iter_rows(values_only=True))[1:]:
            if row and row[0]:
                texts[str(row[0]).strip()] = str(row[2] or "") if len(row) > 2 else ""
        sheet.narrative = texts
    return sheet


def _read_cell(indicator: Any, raw: Any) -> Decimal | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return Decimal(int(raw))
    if isinstance(raw, int):
        raw = str(raw)
    elif isinstance(raw, float):
        # Excel keeps numbers as binary floats; repr gives back the shortest decimal typed.
        text = repr(raw)
        if "e" in text:
            raise ValueError("số quá lớn hoặc quá nhỏ.")
        value = Decimal(text)
        if indicator.value_type != ValueType.BOOLEAN:
            return parse_value(indicator, str(value).replace(".", ","))
        raw = str(int(value))
    return parse_value(indicator, str(raw))

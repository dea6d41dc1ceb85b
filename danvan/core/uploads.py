"""Limits on uploaded files, checked before any parser reads them.

A small file can unpack into gigabytes: an .xlsx is a zip whose sheet may declare the dimension
A1:XFD1048576 (openpyxl then pads every row to 16.384 cells), hold a compression bomb, or merge
one cell over thousands of rows and columns (the importer fills each merged cell). So every
upload entry point (the welfare list import, the data-value import in CSV, JSON and XLSX, the
Word ingestion, their commands) calls one of the checks below first; each raises UploadRefused,
a ValueError with a Vietnamese message saying which limit the file passed and what to do.

What is checked, without unpacking more than a sheet's XML stream (which is itself bounded by
the unpacked-size limit, as declared sizes are enforced by Python's zipfile when reading):
- the file's size, and the sum of the zip members' declared uncompressed sizes;
- for each sheet: its declared dimension (rows, columns, cells), its last row number, every
  merged range (rows, columns, and the cells all merged ranges fill together);
- for CSV: lines, and cells (separators + lines), counted on the bytes.
The limits are settings (README, "Configuration"): DANVAN_UPLOAD_MAX_MB and the others below.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.conf import settings
from openpyxl.utils.cell import range_boundaries

from danvan.vi.numbers import format_number

_MB = 1024 * 1024
_CHUNK = 1024 * 1024
_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
# Patterns after "<" and the sheet's namespace prefix.
_DIMENSION = rb'dimension\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"'
_ROW = rb'row\b[^>]*?\sr="(\d+)"'
_MERGE = rb'mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"'
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")


class UploadRefused(ValueError):
    """The file passes a limit; the message says which, in Vietnamese."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_unpacked_bytes: int
    max_rows: int
    max_columns: int
    max_cells: int
    max_document_unpacked_bytes: int


# The defaults of danvan/settings.py, for callers outside Django (the Word reader is usable so).
_DEFAULTS = {
    "UPLOAD_MAX_MB": 50,
    "UPLOAD_MAX_UNPACKED_MB": 300,
    "UPLOAD_MAX_ROWS": 200_000,
    "UPLOAD_MAX_COLUMNS": 100,
    "UPLOAD_MAX_CELLS": 5_000_000,
    "DOCUMENT_MAX_UNPACKED_MB": 50,
}


def limits() -> Limits:
    def get(name: str) -> int:
        default = _DEFAULTS[name]
        return int(getattr(settings, name, default)) if settings.configured else default

    return Limits(
        max_bytes=get("UPLOAD_MAX_MB") * _MB,
        max_unpacked_bytes=get("UPLOAD_MAX_UNPACKED_MB") * _MB,
        max_rows=get("UPLOAD_MAX_ROWS"),
        max_columns=get("UPLOAD_MAX_COLUMNS"),
        max_cells=get("UPLOAD_MAX_CELLS"),
        max_document_unpacked_bytes=get("DOCUMENT_MAX_UNPACKED_MB") * _MB,
    )


def _mb(size: int) -> str:
    return format_number(max(1, round(size / _MB)))


def size_problem(size: int) -> str:
    """The Vietnamese refusal of an upload of `size` bytes, or "" when it is within the limit
    (pages check the declared size before reading the file)."""
    limit = limits().max_bytes
    if size <= limit:
        return ""
    return (
        f"Tệp quá lớn ({_mb(size)} MB; tối đa {_mb(limit)} MB). Hãy chia danh sách thành nhiều "
        "tệp nhỏ hơn."
    )


def check_size(content: bytes) -> None:
    problem = size_problem(len(content))
    if problem:
        raise UploadRefused(problem)


def check_spreadsheet(content: bytes) -> None:
    """An .xlsx (a zip) or a CSV, told apart by content as the importers do."""
    if content.startswith(b"PK"):
        check_xlsx(content)
    else:
        check_csv(content)


def check_csv(content: bytes) -> None:
    check_size(content)
    lim = limits()
    ends = max(content.count(b"\n"), content.count(b"\r"))
    lines = ends + (0 if content.endswith((b"\n", b"\r")) else 1)
    if lines > lim.max_rows:
        raise _too_many_rows(lines, lim)
    separators = max(content.count(b","), content.count(b";"), content.count(b"\t"))
    cells = separators + lines
    if cells > lim.max_cells:
        raise _too_many_cells(cells, lim)


def csv_grid(text: str, delimiter: str = ",") -> list[list[Any]]:
    """The cells of a CSV text, read the way every importer should.

    A bare CR (old Mac Excel) ends a line instead of breaking the reader; NUL bytes, which
    PostgreSQL cannot store in text, are dropped; a broken file is an UploadRefused.
    """
    try:
        return [
            row
            for row in csv.reader(
                io.StringIO(text.replace("\x00", ""), newline=""), delimiter=delimiter
            )
        ]
    except csv.Error:
        raise UploadRefused(
            "Tệp CSV hỏng: có ô dài quá 131.072 ký tự hoặc dấu ngoặc kép không được đóng. Hãy "
            "mở bằng Excel rồi lưu lại thành CSV UTF-8."
        ) from None


def check_xlsx(content: bytes) -> None:
    """An Excel workbook: unpacked size, then each sheet's dimension, rows and merged cells.

    A file that is not a readable zip passes: the reader then says it is not an .xlsx file.
    """
    check_size(content)
    lim = limits()
    archive = _zip(content, lim.max_unpacked_bytes)
    if archive is None:
        return
    with archive:
        for info in archive.infolist():
            if _SHEET.fullmatch(info.filename):
                _check_sheet(archive, info, lim)


def check_docx(content: bytes) -> None:
    """A Word document: python-docx builds the whole XML tree, so only its unpacked size."""
    check_size(content)
    archive = _zip(content, limits().max_document_unpacked_bytes)
    if archive is not None:
        archive.close()


def _zip(content: bytes, max_unpacked: int) -> zipfile.ZipFile | None:
    try:
        archive = zipfile.ZipFile(BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > max_unpacked:
        archive.close()
        raise UploadRefused(
            f"Tệp giải nén ra quá lớn ({_mb(unpacked)} MB; tối đa {_mb(max_unpacked)} MB): có "
            "thể tệp hỏng hoặc cố ý làm hại. Hãy mở bằng Excel/Word, xóa phần thừa rồi lưu lại."
        )
    return archive


def _check_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, lim: Limits) -> None:
    with archive.open(info) as stream:
        data = stream.read(_CHUNK)
        # Tags are looked for with the sheet's own namespace prefix (usually none), so that
        # each pattern starts with a literal and the scan runs at memory speed.
        root = _ROOT.search(data)
        raw_prefix = (root.group(1) or b"") if root else b""
        prefix = re.escape(raw_prefix)
        dimension = re.search(b"<" + prefix + _DIMENSION, data)
        sheet_data = data.find(b"<" + raw_prefix + b"sheetData")
        declared = dimension is not None and (sheet_data < 0 or dimension.start() < sheet_data)
        if dimension is not None and declared:
            # openpyxl reads no row past the declared dimension and pads rows to its width,
            # so a declared dimension within the limits bounds the rows by itself.
            _check_range(dimension.group(1), lim, merged=False)
        rows = None if declared else re.compile(b"<" + prefix + _ROW)
        merges = re.compile(b"<" + prefix + _MERGE)
        last_row = 0
        merged_cells = 0
        seen = 0  # bytes at the start of data already scanned with the previous chunk
        while data:
            if rows is not None:
                for match in rows.finditer(data):
                    if match.end() > seen:
                        last_row = max(last_row, int(match.group(1)))
                if last_row > lim.max_rows:
                    raise _too_many_rows(last_row, lim)
            for match in merges.finditer(data):
                if match.end() > seen:
                    merged_cells += _check_range(match.group(1), lim, merged=True)
                    if merged_cells > lim.max_cells:
                        raise _too_many_cells(merged_cells, lim, where="Các vùng ô gộp phủ")
            # Keep the end of this chunk so that no tag is cut in two.
            tail = data[-256:]
            chunk = stream.read(_CHUNK)
            data = tail + chunk if chunk else b""
            seen = len(tail)


def _check_range(ref: bytes, lim: Limits, *, merged: bool) -> int:
    try:
        left, top, right, bottom = range_boundaries(ref.decode())
    except ValueError:
        raise UploadRefused("Tệp Excel hỏng: có vùng ô không hợp lệ.") from None
    rows = (bottom or top or 1) - (top or 1) + 1
    columns = (right or left or 1) - (left or 1) + 1
    where = "Một vùng ô gộp trải" if merged else "Trang tính khai báo"
    if rows > lim.max_rows:
        raise _too_many_rows(rows, lim, where=where)
    if columns > lim.max_columns:
        raise UploadRefused(
            f"{where} {format_number(columns)} cột (tối đa {format_number(lim.max_columns)}). "
            "Hãy xóa các cột thừa (hoặc bỏ gộp ô) rồi lưu lại."
        )
    if rows * columns > lim.max_cells:
        raise _too_many_cells(rows * columns, lim, where=where)
    return rows * columns


def _too_many_rows(rows: int, lim: Limits, *, where: str = "Tệp có") -> UploadRefused:
    return UploadRefused(
        f"{where} {format_number(rows)} dòng (tối đa {format_number(lim.max_rows)}). Hãy chia "
        "danh sách thành nhiều tệp, hoặc xóa các dòng trống thừa ở cuối rồi lưu lại."
    )


def _too_many_cells(cells: int, lim: Limits, *, where: str = "Tệp có") -> UploadRefused:
    return UploadRefused(
        f"{where} {format_number(cells)} ô (tối đa {format_number(lim.max_cells)}). Hãy chia "
        "danh sách thành nhiều tệp, hoặc xóa các dòng, cột thừa rồi lưu lại."
    )

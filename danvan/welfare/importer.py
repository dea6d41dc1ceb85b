"""Reading household and distribution lists as organizations keep them in Excel or CSV.

Headers are found wherever they are (title rows above them are skipped), in any order and under
the names people give them ("Họ tên", "Tên chủ hộ", "SĐT", "CCCD/CMND", …). Merged cells count
for every row they cover. Dates may be Excel dates or dd/mm/yyyy text; numbers may be Excel
numbers or Vietnamese text ("74.000", "1,5"). Text typed in the legacy TCVN3 or VNI encodings is
detected cell by cell (a template with Unicode headers is often filled by copying from an old
document) and converted; cells in a ".VnTimeH"-style capitals font are made capitals. Every row
gets its errors, in Vietnamese, before anything is saved. No Django models here.
"""

import datetime as dt
import io
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from danvan.core import params, uploads
from danvan.vi.dates import parse_date
from danvan.vi.ids import check_national_id
from danvan.vi.legacy import ENCODINGS, read_cell
from danvan.vi.numbers import parse_number
from danvan.vi.text import fold, normalize

TEMPLATE_HEADERS = [
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Số CCCD",
    "Số điện thoại",
    "Thôn/buôn",
    "Xã/phường",
    "Nhóm đối tượng",
    "Ngày nhận",
    "Hình thức",
    "Số lượng",
    "Đơn vị tính",
    "Trị giá (đồng)",
    "Nguồn kinh phí",
    "Số hộ",
]
# Column → the header names it goes by, folded (no diacritics, lowercase, single spaces).
COLUMNS: dict[str, list[str]] = {
    "name": ["ho va ten", "ho ten", "ten chu ho", "ho va ten chu ho", "ho ten chu ho", "chu ho"],
    "birth_year": ["nam sinh", "ngay sinh", "ngay thang nam sinh"],
    "sex": ["gioi tinh", "gioi", "nam nu"],
    "national_id": ["so cccd", "cccd", "so cccd cmnd", "cccd cmnd", "so cmnd", "cmnd",
                    "so dinh danh", "so cmnd cccd"],
    "phone": ["so dien thoai", "dien thoai", "sdt", "so dt"],
    "village": ["thon buon", "thon", "buon", "thon to", "to dan pho", "thon buon to dan pho",
                "thon buon bon to dan pho", "dia chi"],
    "commune": ["xa phuong", "xa", "phuong", "xa phuong thi tran"],
    "groups": ["nhom doi tuong", "doi tuong", "dien", "dien doi tuong", "thanh phan"],
    "date": ["ngay nhan", "ngay trao", "ngay"],
    "kind": ["hinh thuc", "loai ho tro", "hinh thuc ho tro", "loai"],
    "quantity": ["so luong"],
    "unit": ["don vi tinh", "dvt"],
    "value": ["tri gia dong", "tri gia", "thanh tien", "gia tri", "so tien", "thanh tien dong"],
    "source": ["nguon kinh phi", "nguon", "nguon ho tro"],
    "households": ["so ho"],
}  # fmt: skip
_HEADER_LOOKUP = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
_PUNCT = re.compile(r"[^\w\s]")
_GROUP_SPLIT = re.compile(r"[,;/+\n]")

GROUP_NAMES = {
    "nguoi-co-cong": "Người có công",
    "gia-dinh-chinh-sach": "Gia đình chính sách",
    "ho-ngheo": "Hộ nghèo",
    "can-ngheo": "Hộ cận nghèo",
    "kho-khan-dot-xuat": "Khó khăn đột xuất",
}
KIND_NAMES = {"qua": "Suất quà", "gao": "Gạo", "tien": "Tiền mặt", "hang": "Hàng hóa", "nha": "Nhà"}
GROUP_WORDS = {
    "nguoi co cong": "nguoi-co-cong",
    "co cong": "nguoi-co-cong",
    "gia dinh chinh sach": "gia-dinh-chinh-sach",
    "chinh sach": "gia-dinh-chinh-sach",
    "gdcs": "gia-dinh-chinh-sach",
    "ho ngheo": "ho-ngheo",
    "ngheo": "ho-ngheo",
    "ho can ngheo": "can-ngheo",
    "can ngheo": "can-ngheo",
    "kho khan dot xuat": "kho-khan-dot-xuat",
    "dot xuat": "kho-khan-dot-xuat",
    "kho khan": "kho-khan-dot-xuat",
}
KIND_WORDS = {
    "qua": "qua", "suat qua": "qua", "tang qua": "qua",
    "gao": "gao", "cuu doi": "gao",
    "tien": "tien", "tien mat": "tien",
    "hang": "hang", "hang hoa": "hang", "vat pham": "hang",
    "nha": "nha", "nha dai doan ket": "nha", "nha tinh nghia": "nha",
}  # fmt: skip
DEFAULT_UNITS = {"qua": "suất", "gao": "kg", "tien": "đồng", "hang": "phần", "nha": "căn"}


class TableError(ValueError):
    """The file cannot be read as a list at all (Vietnamese message)."""


def header_key(text: object) -> str:
    return " ".join(_PUNCT.sub(" ", fold(str(text or ""))).split())


@dataclass
class Table:
    header_line: int
    columns: dict[str, int]  # column name → index
    rows: list[tuple[int, list[Any]]]  # (line in the file, cells)
    encoding: str = "unicode"
    unknown_headers: list[str] = field(default_factory=list)


def read_table(content: bytes, file_name: str) -> Table:
    """The list in an .xlsx or .csv file; TableError when it is neither or has no header."""
    excel = file_name.lower().endswith((".xlsx", ".xlsm"))
    if excel and not content.startswith(b"PK"):
        raise TableError(
            f"Tệp {file_name} không phải tệp Excel .xlsx hợp lệ (tệp hỏng, hoặc là tệp .xls cũ: "
            "hãy mở bằng Excel rồi lưu lại thành .xlsx)."
        )
    capitals: set[tuple[int, int]] = set()
    try:
        uploads.check_spreadsheet(content)  # size limits, before anything is unpacked
        if not content.startswith(b"PK"):
            grid = _csv_grid(content)
        else:
            grid, capitals = _xlsx_grid(content)
    except uploads.UploadRefused as error:
        raise TableError(str(error)) from None
    return _table(grid, capitals)


def _csv_grid(content: bytes) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # legacy files, decoded by detect()
    # Lists saved from a Vietnamese-locale Excel often use ";" (the comma is the decimal mark).
    sample = text[:8192]
    delimiter = max([",", ";", "\t"], key=sample.count)
    return uploads.csv_grid(text, delimiter)


def _capitals_font(name: object) -> bool:
    """TCVN3's capitals fonts (".VnTimeH", ".VnArialH"…) draw every letter code as a capital:
    the text holds lowercase codes that show as capitals."""
    text = str(name or "").strip().lower()
    return text.startswith(".vn") and text.endswith("h")


def _xlsx_grid(content: bytes) -> tuple[list[list[Any]], set[tuple[int, int]]]:
    """The first sheet's cells, merged cells filled in, and the (row, column) of the cells
    set in a TCVN3 capitals font."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise TableError(
            "Không đọc được tệp: cần tệp Excel .xlsx hoặc .csv (tệp .xls cũ hãy lưu lại thành "
            ".xlsx)."
        ) from None
    sheet = book.worksheets[0]
    fonts = getattr(book, "_fonts", [])
    capital_fonts = {index for index, font in enumerate(fonts) if _capitals_font(font.name)}
    capitals: set[tuple[int, int]] = set()
    if capital_fonts:  # slower: every cell's style is looked at
        styles = getattr(book, "_cell_styles", [])
        grid = []
        for r, cells in enumerate(sheet.iter_rows()):
            grid.append([cell.value for cell in cells])
            for c, cell in enumerate(cells):
                style = getattr(cell, "_style_id", 0)
                if style and styles[style].fontId in capital_fonts:
                    capitals.add((r, c))
    else:
        grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    for top, left, bottom, right in _merged_ranges(content, book.sheetnames.index(sheet.title)):
        value = grid[top][left] if top < len(grid) and left < len(grid[top]) else None
        for r in range(top, min(bottom + 1, len(grid))):
            for c in range(left, right + 1):
                while len(grid[r]) <= c:
                    grid[r].append(None)
                grid[r][c] = value
    book.close()
    return grid, capitals


_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"')


def _merged_ranges(content: bytes, sheet_index: int) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a sheet, 0-based (top, left, bottom, right). openpyxl's fast read-only
    mode does not give them, so they are read from the sheet's XML."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        name = f"xl/worksheets/sheet{sheet_index + 1}.xml"
        if name not in archive.namelist():
            return []
        xml = archive.read(name)
    ranges = []
    for ref in _MERGE.findall(xml):
        left, top, right, bottom = range_boundaries(ref.decode())
        ranges.append((top - 1, left - 1, bottom - 1, right - 1))
    return ranges


_cell_cache: dict[tuple[str, str], tuple[str, str]] = {}


def _read_cell(text: str, prior: str = "unicode") -> tuple[str, str]:
    """legacy.read_cell, remembered (villages, communes and kinds repeat)."""
    found = _cell_cache.get((text, prior))
    if found is None:
        found = read_cell(text, prior)
        if len(_cell_cache) < 100_000:
            _cell_cache[(text, prior)] = found
    return found


def _to_unicode(grid: list[list[Any]], capitals: set[tuple[int, int]]) -> str:
    """Convert, in place, every cell typed in TCVN3 or VNI, each cell judged by itself; a cell
    every reading of which spells Vietnamese ("Tè": Unicode "Tè" or TCVN3 "Tố") follows its
    column's encoding, else the sheet's. Returns the legacy encoding most cells were in, or
    "unicode"."""
    by_column: dict[int, Counter[str]] = defaultdict(Counter)
    undecided: list[tuple[int, int]] = []
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if not isinstance(cell, str) or cell.isascii():
                continue
            text, encoding = _read_cell(cell)
            if encoding:
                by_column[c][encoding] += 1
                row[c] = text
            else:
                undecided.append((r, c))
    sheet: Counter[str] = sum(by_column.values(), Counter())
    # An undecided cell reads as Unicode among others: it counts for Unicode in its column.
    unicode_too = Counter(c for _r, c in undecided)
    for r, c in undecided:
        votes = by_column.get(c) or sheet
        counts = {name: votes[name] for name in ENCODINGS}
        counts["unicode"] += unicode_too[c]
        prior = max(ENCODINGS, key=lambda name: counts[name])
        grid[r][c] = _read_cell(grid[r][c], prior)[0]
    for r, c in capitals:
        if r < len(grid) and c < len(grid[r]) and isinstance(grid[r][c], str):
            grid[r][c] = grid[r][c].upper()
    legacy = [name for name in ENCODINGS[1:] if sheet[name]]
    return max(legacy, key=lambda name: sheet[name]) if legacy else "unicode"


def _table(grid: list[list[Any]], capitals: set[tuple[int, int]] | None = None) -> Table:
    encoding = _to_unicode(grid, capitals or set())
    for index, row in enumerate(grid[:30]):
        found = {}
        unknown = []
        for col, cell in enumerate(row):
            key = header_key(cell)
            if key in _HEADER_LOOKUP and _HEADER_LOOKUP[key] not in found:
                found[_HEADER_LOOKUP[key]] = col
            elif key:
                unknown.append(str(cell))
        if "name" in found or ("households" in found and "quantity" in found):
            rows = [
                (index + 2 + offset, r)
                for offset, r in enumerate(grid[index + 1 :])
                if any(c not in (None, "") for c in r)
            ]
            return Table(index + 1, found, rows, encoding, unknown)
    raise TableError(
        "Không thấy dòng tiêu đề. Cần có cột “Họ và tên” (hoặc “Số hộ” và “Số lượng” cho dòng "
        "tổng không ghi tên); tải mẫu để xem các cột."
    )


@dataclass
class Row:
    """One line of the list, read and checked."""

    line: int
    name: str = ""
    birth_year: int | None = None
    sex: str = ""
    national_id: str = ""
    phone: str = ""
    village: str = ""
    commune: str = ""
    groups: list[str] = field(default_factory=list)
    date: dt.date | None = None
    kind: str = ""
    quantity: Decimal = Decimal(0)
    unit: str = ""
    value: int = 0
    source: str = ""
    households: int = 1
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The same errors by the column they are about (a key of COLUMNS), so a form typed by hand
    # shows each beside its box; an error about the row as a whole has no column.
    by_column: dict[str, list[str]] = field(default_factory=dict)

    def fail(self, column: str, message: str) -> None:
        self.errors.append(message)
        self.by_column.setdefault(column, []).append(message)

    @property
    def named(self) -> bool:
        return bool(self.name)

    @property
    def group_names(self) -> list[str]:
        return [GROUP_NAMES[g] for g in self.groups]

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, "")


def read_rows(
    table: Table,
    *,
    default_date: dt.date | None = None,
    default_kind: str = "",
) -> list[Row]:
    """Every row of the table, read; each carries its own errors."""
    return [
        _read_row(line, cells, table.columns, default_date, default_kind)
        for line, cells in table.rows
    ]


_text_cache: dict[str, str] = {}


def _text(value: Any) -> str:
    """normalize(str(value)), remembered: villages, communes, groups and units repeat a lot."""
    if value is None or value == "":
        return ""
    raw = value if isinstance(value, str) else str(value)
    found = _text_cache.get(raw)
    if found is None:
        found = normalize(raw)
        if len(_text_cache) < 100_000:
            _text_cache[raw] = found
    return found


_key_cache: dict[str, str] = {}


def _key(value: Any) -> str:
    """header_key, remembered (kinds, groups and sexes take few values)."""
    raw = value if isinstance(value, str) else str(value or "")
    found = _key_cache.get(raw)
    if found is None:
        found = header_key(raw)
        if len(_key_cache) < 10_000:
            _key_cache[raw] = found
    return found


def _read_row(
    line: int,
    cells: list[Any],
    columns: dict[str, int],
    default_date: dt.date | None,
    default_kind: str,
) -> Row:
    row = Row(line)
    size = len(cells)
    values = {
        name: (cells[i].strip() if isinstance(cells[i], str) else cells[i])
        for name, i in columns.items()
        if i < size
    }
    get = values.get
    row.name = normalize(str(get("name") or ""))
    row.village = _text(get("village"))
    row.commune = _text(get("commune"))
    row.source = _text(get("source"))
    row.phone = re.sub(r"\D", "", str(get("phone") or ""))
    _read_year(row, get("birth_year"))
    sex = _key(get("sex"))
    row.sex = {"nam": "nam", "nu": "nữ", "n": "nữ", "m": "nam"}.get(sex, "")
    if sex and not row.sex:
        row.fail("sex", f"Giới tính “{get('sex')}” phải là Nam hoặc Nữ.")
    card = check_national_id(get("national_id"), sex=row.sex, birth_year=row.birth_year)
    row.national_id = card.number
    for message in card.errors:
        row.fail("national_id", message)
    row.notes.extend(card.notes)
    _read_groups(row, get("groups"))
    _read_date(row, get("date"), default_date)
    kind_text = _key(get("kind"))
    row.kind = KIND_WORDS.get(kind_text, "") if kind_text else default_kind
    if not row.kind:
        row.fail(
            "kind",
            f"Hình thức “{get('kind') or ''}” không rõ: ghi Quà, Gạo, Tiền, Hàng hóa hoặc Nhà.",
        )
    row.unit = _text(get("unit")) or DEFAULT_UNITS.get(row.kind, "")
    quantity = _number(row, get("quantity"), "Số lượng", decimal=True)
    value = _number(row, get("value"), "Trị giá", decimal=False)
    households = _number(row, get("households"), "Số hộ", decimal=False)
    row.value = int(value or 0)
    row.households = int(households) if households else 1
    if quantity is None:
        quantity = Decimal(row.value) if row.kind == "tien" else Decimal(row.households)
    row.quantity = quantity
    if row.unit.lower() in {"tấn", "tan"}:
        row.quantity, row.unit = row.quantity * 1000, "kg"
        row.notes.append("Đã đổi tấn sang kg.")
    if not row.named and not households:
        row.fail(
            "households", "Dòng không có họ tên thì phải ghi “Số hộ” (dòng tổng không ghi tên)."
        )
    if row.quantity <= 0 and not row.errors:
        row.fail("quantity", "Số lượng phải lớn hơn 0.")
    return row


def _read_year(row: Row, raw: Any) -> None:
    if raw in (None, ""):
        return
    if isinstance(raw, dt.datetime | dt.date):
        row.birth_year = raw.year
        return
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
    match = re.fullmatch(r"(?:\d{1,2}[/.-]\d{1,2}[/.-])?(\d{4})", text.strip())
    if not match or not 1900 <= int(match[1]) <= 2100:
        row.fail("birth_year", f"Năm sinh “{raw}” không hợp lệ (ghi 4 chữ số, ví dụ 1956).")
        return
    row.birth_year = int(match[1])


def _read_groups(row: Row, raw: Any) -> None:
    for part in _GROUP_SPLIT.split(str(raw or "")):
        key = _key(part)
        if not key:
            continue
        group = GROUP_WORDS.get(key) or GROUP_WORDS.get(key.removeprefix("ho "))
        if group is None:
            row.fail(
                "groups",
                f"Nhóm đối tượng “{part.strip()}” không rõ: ghi Hộ nghèo, Cận nghèo, Gia đình "
                "chính sách, Người có công hoặc Khó khăn đột xuất.",
            )
        elif group not in row.groups:
            row.groups.append(group)


def _read_date(row: Row, raw: Any, default: dt.date | None) -> None:
    if isinstance(raw, dt.datetime):
        row.date = raw.date()
    elif isinstance(raw, dt.date):
        row.date = raw
    elif raw not in (None, ""):
        try:
            row.date = parse_date(str(raw))
        except ValueError as error:
            row.fail("date", str(error))
    else:
        row.date = default
        if default is None:
            row.fail("date", "Thiếu ngày nhận (dd/mm/yyyy).")


NUMBER_COLUMNS = {"Số lượng": "quantity", "Trị giá": "value", "Số hộ": "households"}


def _number(row: Row, raw: Any, label: str, *, decimal: bool) -> Decimal | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, bool):
        row.fail(NUMBER_COLUMNS[label], f"{label} “{raw}” không phải là số.")
        return None
    if isinstance(raw, int):
        return _bounded(row, Decimal(raw), label)
    if isinstance(raw, float):
        return _bounded(row, Decimal(repr(raw)), label)
    try:
        number = Decimal(parse_number(str(raw), decimal_field=decimal))
    except ValueError as error:
        row.fail(NUMBER_COLUMNS[label], f"{label}: {error}")
        return None
    if not decimal and number != number.to_integral_value():
        row.fail(NUMBER_COLUMNS[label], f"{label} phải là số nguyên: “{raw}”.")
        return None
    return _bounded(row, number, label)


def _bounded(row: Row, number: Decimal, label: str) -> Decimal | None:
    # What the columns hold: đồng in 64 bits, households in 32, quantities as exact numbers.
    bound = {"Trị giá": params.BIGINT_MAX, "Số hộ": params.INT_MAX}.get(label)
    if too_big := params.exact_bound_error(number, label, whole_max=bound):
        row.fail(NUMBER_COLUMNS[label], too_big)
        return None
    return number


def template_bytes(example: Iterable[list[Any]] = ()) -> bytes:
    """The list template as an .xlsx: a title row, then the headers, then example rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách"
    sheet.append(["DANH SÁCH HỘ ĐƯỢC HỖ TRỢ (mỗi dòng một lượt trao; dòng không tên ghi Số hộ)"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE3EC")
    for values in example:
        sheet.append(values)
    for column, width in zip("ABCDEFGHIJKLMNO", [26, 9, 9, 15, 13, 14, 18, 22, 12, 11, 9, 10,
                                                  14, 20, 7], strict=True):  # fmt: skip
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3, min_col=4, max_col=5):
        for cell in row:
            cell.number_format = "@"  # CCCD and phone as text, so Excel keeps leading zeros
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

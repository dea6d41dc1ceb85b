"""Reading lists as organizations keep them."""

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal

import pytest
from openpyxl import Workbook

from danvan.welfare.importer import TEMPLATE_HEADERS, TableError, read_rows, read_table


def xlsx(rows: Sequence[Sequence[object]], merges: Sequence[str] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for ref in merges:
        sheet.merge_cells(ref)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_headers_anywhere_in_any_order_merged_cells_dates_and_numbers() -> None:
    content = xlsx(
        [
            ["ỦY BAN MTTQ VIỆT NAM XÃ HÒA PHÚ"],
            ["DANH SÁCH HỘ NHẬN QUÀ TẾT TÂN SỬU 2021"],
            [],
            [
                "STT",
                "Thôn, buôn",
                "Họ tên chủ hộ",
                "Năm sinh",
                "Số CCCD/CMND",
                "Đối tượng",
                "Trị giá",
                "Ngày nhận",
                "Ghi chú",
            ],
            [
                1,
                "Buôn Kô Tam",
                "Nguyễn Văn Hùng",
                1960,
                66060012345,
                "Hộ nghèo",
                "500.000",
                "05/02/2021",
                "",
            ],
            [
                2,
                None,
                "H'Loan Niê",
                "1975",
                "066175012345",
                "Cận nghèo; Người có công",
                450000,
                dt.date(2021, 2, 6),
                "",
            ],
            [3, None, "Trần Thị Lan", 1980, "", "gia đình chính sách", "1,5", "07/02/2021", ""],
        ],
        merges=["B5:B7"],  # the village written once for three households
    )
    table = read_table(content, "ds.xlsx")
    assert table.header_line == 4 and "Ghi chú" in table.unknown_headers
    first, second, third = read_rows(table, default_kind="qua")
    assert (first.line, first.name, first.birth_year, first.village) == (
        5, "Nguyễn Văn Hùng", 1960, "Buôn Kô Tam")  # fmt: skip
    assert first.national_id == "066060012345"  # the leading zero Excel dropped is back
    assert first.notes and first.value == 500_000 and first.groups == ["ho-ngheo"]
    assert first.date == dt.date(2021, 2, 5) and first.kind == "qua" and first.unit == "suất"
    assert second.village == "Buôn Kô Tam" and second.date == dt.date(2021, 2, 6)
    assert second.groups == ["can-ngheo", "nguoi-co-cong"] and second.errors == []
    assert third.errors == ["Trị giá phải là số nguyên: “1,5”."]
    assert first.quantity == Decimal(1)


def test_errors_are_vietnamese_and_name_the_problem() -> None:
    content = xlsx(
        [
            TEMPLATE_HEADERS,
            [
                "Lê Văn Tám",
                "19x0",
                "Nam",
                "066060012345",
                "",
                "Thôn 1",
                "",
                "Hộ giàu",
                "31/02/2021",
                "Quà",
                "",
                "",
                "74,000",
                "",
                "",
            ],
            [
                "Lê Văn Tám",
                1961,
                "Nữ",
                "066060012345",
                "",
                "Thôn 1",
                "",
                "",
                "01/02/2021",
                "Vàng",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
    )
    bad_year, wrong = read_rows(read_table(content, "ds.xlsx"))
    text = " ".join(bad_year.errors)
    assert "Năm sinh “19x0” không hợp lệ" in text
    assert "Nhóm đối tượng “Hộ giàu” không rõ" in text
    assert "Ngày “31/02/2021” không hợp lệ" in text
    assert "không rõ nghĩa" in text  # 74,000 is ambiguous
    text = " ".join(wrong.errors)
    assert "ứng với giới tính nam, không khớp “nữ”" in text
    assert "ứng với năm sinh 1960, không khớp năm sinh 1961" in text
    assert "Hình thức “Vàng” không rõ" in text


def test_legacy_tcvn3_and_vni_text_is_converted() -> None:
    tcvn3 = xlsx([["Hä vµ tªn", "N¨m sinh", "Th«n/bu«n"], ["NguyÔn ThÞ Hoa", 1970, "Th«n 3"]])
    table = read_table(tcvn3, "cu.xlsx")
    assert table.encoding == "tcvn3"
    (row,) = read_rows(table, default_kind="qua", default_date=dt.date(2021, 2, 1))
    assert (row.name, row.village) == ("Nguyễn Thị Hoa", "Thôn 3")
    vni = "Hoï vaø teân;Naêm sinh;Thoân/buoân\nNguyeãn Thò Hoa;1970;Thoân 3\n".encode("cp1252")
    table = read_table(vni, "cu.csv")
    assert table.encoding == "vni"
    (row,) = read_rows(table, default_kind="qua", default_date=dt.date(2021, 2, 1))
    assert (row.name, row.village) == ("Nguyễn Thị Hoa", "Thôn 3")


def test_unreadable_files_are_refused_with_a_reason() -> None:
    with pytest.raises(TableError, match=r"không phải tệp Excel \.xlsx hợp lệ"):
        read_table(b"not a workbook", "ds.xlsx")
    with pytest.raises(TableError, match="Không thấy dòng tiêu đề"):
        read_table(xlsx([["a", "b"], [1, 2]]), "ds.xlsx")
    with pytest.raises(TableError, match="Không đọc được tệp"):
        read_table(b"PK\x03\x04 broken zip", "ds.xlsx")

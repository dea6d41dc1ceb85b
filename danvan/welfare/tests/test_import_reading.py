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


def read_one_day(content: bytes, name: str = "ds.xlsx") -> list[tuple[str, str]]:
    table = read_table(content, name)
    rows = read_rows(table, default_kind="qua", default_date=dt.date(2021, 2, 1))
    assert not [r.errors for r in rows if r.errors]
    return [(r.name, r.village) for r in rows]


def test_unicode_headers_over_legacy_cells_are_read_cell_by_cell() -> None:
    # The province's Unicode template, filled by pasting from old TCVN3 and VNI documents.
    content = xlsx(
        [
            ["DANH SÁCH HỘ NHẬN QUÀ TẾT"],
            ["Họ và tên", "Năm sinh", "Giới tính", "Thôn/buôn"],
            ["NguyÔn ThÞ Hoa", 1970, "N÷", "Bu«n §«n"],
            ["TrÇn V¨n Hïng", 1958, "Nam", "Th«n 3"],
            ["Leâ Thò Hueä", 1966, "Nöõ", "Buoân Ñoân"],
        ]
    )
    table = read_table(content, "ds.xlsx")
    assert table.header_line == 2 and table.encoding == "tcvn3"
    assert [row.sex for row in read_rows(table, default_kind="qua")] == ["nữ", "nam", "nữ"]
    assert read_one_day(content) == [
        ("Nguyễn Thị Hoa", "Buôn Đôn"),
        ("Trần Văn Hùng", "Thôn 3"),
        ("Lê Thị Huệ", "Buôn Đôn"),
    ]


def test_one_column_may_mix_unicode_tcvn3_and_vni() -> None:
    content = xlsx(
        [
            ["Họ và tên", "Thôn/buôn"],
            ["Phạm Văn Tố", "Thôn 1"],  # Unicode: "ạ", "ă" have no legacy code
            ["Ph¹m V¨n Tè", "Th«n 1"],  # TCVN3: "Tè" is how it writes Tố
            ["Phaïm Vaên Toá", "Thoân 1"],  # VNI
            ["Phạm Văn Tố", "Thôn 1"],
        ]
    )
    assert read_one_day(content) == [("Phạm Văn Tố", "Thôn 1")] * 4


def test_a_sheet_in_tcvn3_capitals_font_comes_out_in_capitals() -> None:
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    # In ".VnTimeH" every code shows as a capital, so officers type lowercase codes.
    sheet.append(["hä vµ tªn", "n¨m sinh", "th«n/bu«n"])
    sheet.append(["nguyÔn thÞ hoa", 1970, "bu«n §«n"])
    sheet.append(["TRÇN V¡N HïNG", 1958, "TH«N 3"])  # typed with Caps Lock
    for row in sheet.iter_rows():
        for cell in row:
            cell.font = Font(name=".VnTimeH")
    sheet.append(["Lª V¨n B×nh", 1980, "Th«n 2"])  # one row pasted in .VnTime: as typed
    sheet["A4"].font = Font(name=".VnTime")
    out = io.BytesIO()
    book.save(out)
    assert read_one_day(out.getvalue()) == [
        ("NGUYỄN THỊ HOA", "BUÔN ĐÔN"),
        ("TRẦN VĂN HÙNG", "THÔN 3"),
        ("Lê Văn Bình", "Thôn 2"),
    ]

"""Legacy encodings, citizen IDs and name keys."""

import unicodedata

import pytest

from danvan.vi.ids import check_national_id, mask
from danvan.vi.legacy import detect, read_cell, to_unicode
from danvan.vi.text import name_key


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("NguyÔn ThÞ Hoa", "Nguyễn Thị Hoa"),
        ("Hµ Néi", "Hà Nội"),
        ("§¾k L¾k", "Đắk Lắk"),
        ("ph\u00adêng Thµnh C«ng", "phường Thành Công"),
        ("Héi Liªn hiÖp Phô n÷", "Hội Liên hiệp Phụ nữ"),
        ("NGUYÔN V¡N A", "NGUYỄN VĂN A"),
    ],
)
def test_tcvn3(legacy: str, unicode: str) -> None:
    assert detect(legacy) == "tcvn3"
    assert to_unicode(legacy, "tcvn3") == unicode


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Nguyeãn Thò Hoa", "Nguyễn Thị Hoa"),
        ("Haø Noäi", "Hà Nội"),
        ("Ñaék Laék", "Đắk Lắk"),
        ("phöôøng Thaønh Coâng", "phường Thành Công"),
        ("Hoäi Lieân hieäp Phuï nöõ", "Hội Liên hiệp Phụ nữ"),
        ("NGUYEÃN VAÊN A", "NGUYỄN VĂN A"),
        ("Traàn Vaên Baûy", "Trần Văn Bảy"),
        ("Leâ Thò Hueä", "Lê Thị Huệ"),
    ],
)
def test_vni(legacy: str, unicode: str) -> None:
    assert detect(legacy) == "vni"
    assert to_unicode(legacy, "vni") == unicode


@pytest.mark.parametrize(
    "text", ["Hoàng Văn Thụ", "Nguyễn Thị Hoà", "Đoàn Thanh niên «Hồ Chí Minh»", "Lê Văn Ẩn"]
)
def test_unicode_text_is_left_alone(text: str) -> None:
    assert detect(text) == "unicode"


def test_cccd_checks() -> None:
    good = check_national_id("066090012321", sex="nam", birth_year=1990)
    assert (good.number, good.kind, good.errors) == ("066090012321", "cccd", [])
    # Excel dropped the leading zeros: restored, and said so.
    fixed = check_national_id(66090012321.0, sex="nam", birth_year=1990)
    assert fixed.number == "066090012321" and fixed.notes and not fixed.errors
    woman_2001 = check_national_id("066301012321", sex="nữ", birth_year=2001)
    assert woman_2001.errors == []
    wrong_sex = check_national_id("066090012321", sex="nữ", birth_year=1990)
    assert wrong_sex.errors == ["Số CCCD 066090012321 ứng với giới tính nam, không khớp “nữ”."]
    wrong_year = check_national_id("066090012321", sex="nam", birth_year=1991)
    assert "ứng với năm sinh 1990, không khớp năm sinh 1991" in wrong_year.errors[0]
    assert check_national_id("241234567").kind == "cmnd"
    assert "12 chữ số" in check_national_id("12345").errors[0]
    assert "chỉ được có chữ số" in check_national_id("0660A0012321").errors[0]
    assert check_national_id("").kind == "" and check_national_id(None).number == ""
    assert mask("066090012321") == "0660******21"


def test_name_key_ignores_form_but_not_letters_or_tones() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hoá")
    assert name_key(nfd) == name_key("nguyễn  thị hóa") == name_key("NGUYỄN THỊ HOÁ")
    assert name_key("Ðặng Văn Thuỷ") == name_key("Đặng Văn Thủy")
    assert name_key("Nguyễn Văn Hùng") != name_key("Nguyễn Văn Hưng")
    assert name_key("Lê Thị Hoa") != name_key("Lê Thị Hóa")


@pytest.mark.parametrize(
    ("cell", "read", "encoding"),
    [
        ("Giới tính", "Giới tính", "unicode"),  # letters no legacy encoding has
        ("Hïng", "Hùng", "tcvn3"),  # "ï" is a VNI mark too, but VNI cannot read it here
        ("Leâ Thò Hueä", "Lê Thị Huệ", "vni"),  # TCVN3 would read "Leõ": a misplaced tone
        ("Th«n 3", "Thôn 3", "tcvn3"),
        ("Thoân 3", "Thôn 3", "vni"),
        ("NGUYÔN V¡N Lª", "NGUYỄN VĂN LÊ", "tcvn3"),  # Caps Lock: toned capitals come lowercase
    ],
)
def test_one_cell_is_read_by_itself(cell: str, read: str, encoding: str) -> None:
    assert read_cell(cell) == (read, encoding)


def test_a_cell_every_reading_of_which_spells_vietnamese_follows_its_column() -> None:
    assert read_cell("Tè", prior="tcvn3") == ("Tố", "")
    assert read_cell("Tè", prior="unicode") == ("Tè", "")


def test_an_eleven_digit_cccd_is_a_lost_leading_zero_only_when_that_reads_right() -> None:
    # Hà Nội's 001… loses its zeros in Excel: restored.
    restored = check_national_id("1090012321", sex="nam", birth_year=1990)
    assert (restored.number, restored.errors) == ("001090012321", [])
    # "06619123456": 0 then 6619… would be province 006 and a birth in 2219; a digit is missing.
    missing = check_national_id("06619123456", sex="nam", birth_year=1919)
    assert missing.kind == "" and "thiếu chữ số" in missing.errors[0]
    # A zero restored that contradicts the known birth year is not taken either.
    assert check_national_id("66090012321", birth_year=1991).errors

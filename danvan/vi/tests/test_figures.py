"""Reading figures out of Vietnamese text, by the conventions of shared/FIGURES.md."""

from decimal import Decimal

import pytest

from danvan.vi.evaluation import FIELDS, evaluate, load_labelled
from danvan.vi.figures import extract_figures, parse_figure


def one(text: str) -> dict[str, object]:
    return parse_figure(text).as_json()


def test_the_seed_articles_three_figures() -> None:
    text = (
        "được quan tâm với gần 74.000 suất quà trị giá hơn 33 tỉ đồng, gần 500 tấn gạo hỗ trợ "
        "cứu đói dịp Tết Tân Sửu và giáp hạt đầu năm 2021"
    )
    assert [f.as_json() for f in extract_figures(text)] == [
        {"surface": "gần 74.000 suất quà", "value": 74000, "unit": "suất", "item": "quà",
         "qualifier": "less_than", "per": None},
        {"surface": "hơn 33 tỉ đồng", "value": 33_000_000_000, "unit": "đồng", "item": None,
         "qualifier": "more_than", "per": None},
        {"surface": "gần 500 tấn gạo", "value": 500, "unit": "tấn", "item": "gạo",
         "qualifier": "less_than", "per": None},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("12.500 hộ", 12500, "hộ"),
        ("3,25 ha", Decimal("3.25"), "ha"),
        ("4,125 tỷ đồng", 4_125_000_000, "đồng"),
        ("03 buổi", 3, "buổi"),
        ("2 nghìn tỷ đồng", 2 * 10**12, "đồng"),
        ("87,5%", Decimal("87.5"), "%"),
        ("hai xã", 2, "xã"),
        ("120 giờ phát thanh", 120, "giờ"),
        ("15 ngày công", 15, "ngày công"),
        ("57.536 căn nhà đại đoàn kết", 57536, "căn"),
        ("1.200 hội viên", 1200, "người"),
        ("3.000kg gạo", 3000, "kg"),
    ],
)
def test_numbers_scales_and_units(text: str, value: object, unit: str) -> None:
    figure = parse_figure(text)
    assert (figure.value, figure.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("hơn 30 hộ", "more_than"),
        ("trên 30 hộ", "more_than"),
        ("gần 30 hộ", "less_than"),
        ("dưới 30 hộ", "less_than"),
        ("khoảng 30 hộ", "approx"),
        ("xấp xỉ 30 hộ", "approx"),
        ("ước đạt 30 hộ", "approx"),
        ("ít nhất 30 hộ", "at_least"),
        ("30 hộ trở lên", "at_least"),
        ("đạt 30 hộ", "exact"),
    ],
)
def test_hedges(text: str, qualifier: str) -> None:
    figure = one(text)
    assert figure["qualifier"] == qualifier
    hedge_words = text.replace("30 hộ", "").strip()
    expected = "30 hộ" if qualifier == "exact" else text
    assert figure["surface"] == expected, hedge_words


def test_ranges_share_the_scale_word_written_after_the_second_bound() -> None:
    assert one("2-3 triệu đồng") | {} == {
        "surface": "2-3 triệu đồng", "value": 2_000_000, "value_max": 3_000_000,
        "unit": "đồng", "item": None, "qualifier": "range", "per": None,
    }  # fmt: skip
    hedged = one("khoảng 5 - 10 hộ")
    assert (hedged["qualifier"], hedged["value"], hedged["value_max"]) == ("range", 5, 10)
    assert one("từ 50 đến 70 hộ nghèo")["surface"] == "từ 50 đến 70 hộ nghèo"


def test_rates_and_package_composition() -> None:
    money = one("hỗ trợ 150 nghìn/suất")
    assert (money["value"], money["unit"], money["per"]) == (150_000, "đồng", "suất")
    assert money["surface"] == "150 nghìn/suất"
    parts = [f.as_json() for f in extract_figures("mỗi suất gồm 10 kg gạo và 200.000 đồng")]
    assert [(p["value"], p["unit"], p["per"]) for p in parts] == [
        (10, "kg", "suất"),
        (200_000, "đồng", "suất"),
    ]
    assert one("3 buổi trên tuần")["per"] == "tuần"
    assert one("87,5% hằng năm")["per"] is None  # percentages never get a per


def test_achieved_over_target_is_two_figures_and_n_of_m_is_one() -> None:
    both = extract_figures("đạt 5 tỷ đồng/10 tỷ đồng")
    assert [f.value for f in both] == [5 * 10**9, 10 * 10**9]
    out_of = one("12/12 xã hoàn thành")
    assert (out_of["surface"], out_of["value"], out_of["unit"]) == ("12/12 xã", 12, "xã")


def test_a_list_shares_the_unit_of_its_last_member() -> None:
    figures = extract_figures("xã A: 120; xã B: 95 hội viên")
    assert [(f.value, f.unit, f.item) for f in figures] == [
        (120, "người", "hội viên"),
        (95, "người", "hội viên"),
    ]


def test_lượt_is_never_turned_into_people() -> None:
    figure = one("85.000 lượt người tham dự")
    assert (figure["unit"], figure["item"]) == ("lượt", "người")


@pytest.mark.parametrize(
    "text",
    [
        "ngày 12.4",
        "ngày 3-2",
        "lúc 8h30",
        "năm 2021",
        "nhiệm kỳ 2020 – 2025",
        "tháng 3",
        "Đại hội lần thứ XIII",
        "Nghị quyết 25",
        "Quyết định 120/QĐ-UBND",
        "Chỉ thị số 05-CT/TU, ngày 23/5/2021",
        "phòng chống Covid-19",
        "Chương trình 135",
        "thôn 7",
        "học sinh lớp 9",
        "phong trào 5 không 3 sạch",
        "3 năm qua",
        "6 tháng đầu năm",
        "người cao tuổi trên 80 tuổi",
        "trong một tuần",
        "mỗi một hộ",
    ],
)
def test_what_is_not_a_figure(text: str) -> None:
    assert extract_figures(text) == []


def test_parse_figure_says_what_is_wrong_in_vietnamese() -> None:
    with pytest.raises(ValueError, match="Không tìm thấy số liệu"):
        parse_figure("năm 2021")
    with pytest.raises(ValueError, match="có 2 số liệu"):
        parse_figure("5 hộ và 6 người")


def test_labelled_set_of_real_sentences() -> None:
    rows = load_labelled()
    assert len(rows) >= 40
    assert all(str(row["source"]).strip() for row in rows)
    with_distractors = [r for r in rows if not r["figures"]]
    assert len(with_distractors) >= 10  # dates, years, document numbers, ordinals
    score, mistakes = evaluate(rows)
    assert score.labelled >= 100
    for name in FIELDS:
        assert score.precision(name) >= 0.95, (name, mistakes)
        assert score.recall(name) >= 0.95, (name, mistakes)


def test_held_out_sentences_are_read_well_too() -> None:
    """Sentences labelled by hand before the reader was run on them."""
    rows = [r for r in load_labelled() if r.get("held_out")]
    assert len(rows) >= 20
    score, mistakes = evaluate(rows)
    assert score.precision("value") >= 0.9, mistakes
    assert score.recall("value") >= 0.9, mistakes


@pytest.mark.parametrize(
    ("text", "value", "unit", "item"),
    [
        ("500.000đ", 500_000, "đồng", None),
        ("1,5 tỷ VNĐ", 1_500_000_000, "đồng", None),
        ("40 em học sinh", 40, "người", "học sinh"),
        ("25 dân tộc", 25, "dân tộc", None),
    ],
)
def test_abbreviations_and_more_counters(
    text: str, value: int, unit: str, item: str | None
) -> None:
    figure = parse_figure(text)
    assert (figure.value, figure.unit, figure.item) == (value, unit, item)
    assert parse_figure("hỗ trợ 2 triệu đ/hộ").per == "hộ"


@pytest.mark.parametrize("text", ["lúc 7 giờ 30 phút", "vào lúc 14 giờ ngày 5/3", "từ 7 giờ"])
def test_a_time_of_day_is_not_a_figure_but_hours_of_work_are(text: str) -> None:
    assert extract_figures(text) == []
    assert parse_figure("120 giờ phát sóng").value == 120


def test_the_figure_functions_need_no_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from danvan.vi import parse_figure, approx_money; "
        "assert parse_figure('hơn 33 tỉ đồng').value == 33 * 10**9; "
        "assert approx_money(33_214_000_000) == 'hơn 33 tỉ đồng'; "
        "assert 'django' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={"PATH": "/usr/bin:/bin"})

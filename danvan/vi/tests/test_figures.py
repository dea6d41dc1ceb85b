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


def unit_and_item(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(f.surface, f.unit, f.item) for f in extract_figures(text)]


def test_goods_by_weight_acts_counted_by_lượt_and_grouped_counters_take_their_item() -> None:
    assert unit_and_item("Đoàn xe chở 9 tấn hàng tiếp tế cho bà con vùng lũ.") == [
        ("9 tấn hàng", "tấn", "hàng")
    ]
    assert unit_and_item("Hội gửi 3 tấn hàng năm nay cho bản.")[0][2] is None
    assert unit_and_item("Trang tin thu hút 5.200 lượt tương tác của bạn đọc.") == [
        ("5.200 lượt tương tác", "lượt", "tương tác")
    ]
    assert unit_and_item("Dự thảo nhận 820 lượt ý kiến góp ý của nhân dân.") == [
        ("820 lượt ý kiến", "lượt", "ý kiến")
    ]
    assert unit_and_item("Huyện có 41 đơn vị trường học tham gia phong trào.") == [
        ("41 đơn vị trường học", "đơn vị", "trường học")
    ]
    assert unit_and_item("Tỉnh ủy chỉ đạo 3 đơn vị đảng bộ trực thuộc làm điểm.") == [
        ("3 đơn vị đảng bộ", "đơn vị", "đảng bộ")
    ]


def test_describing_words_conjunctions_materials_and_ranks_end_the_item() -> None:
    assert unit_and_item("Mỗi bao nặng 25kg nên dễ khiêng.") == [("25kg", "kg", None)]
    assert unit_and_item("Quỹ cho vay ở 12 địa phương thông qua 40 tổ vay vốn.")[0] == (
        "12 địa phương",
        "địa phương",
        None,
    )
    assert unit_and_item("Hội trao 3 bò giống cho hội viên.") == [("3 bò", "bò", None)]
    assert unit_and_item("Xã có 120ha diện tích trồng lúa.") == [("120ha", "ha", None)]
    assert unit_and_item("Tổ bán 700 hộp trà túi lọc.") == [("700 hộp trà", "hộp", "trà")]
    assert unit_and_item("Đoàn tặng 60 lọ thủy tinh đựng muối.") == [("60 lọ", "lọ", None)]
    assert unit_and_item("Trồng thêm 14 cây lâu năm quanh sân.") == [("14 cây", "cây", None)]
    assert unit_and_item("Công an thu 2 khẩu súng tự chế.") == [("2 khẩu súng", "khẩu", "súng")]
    assert unit_and_item("Người dân giao nộp 3 gậy kim loại.") == [("3 gậy", "gậy", None)]
    assert unit_and_item("Ban tổ chức trao 3 giải nhì.") == [("3 giải", "giải", None)]
    assert unit_and_item("Trận lũ làm 640 nhà ngập sâu.") == [("640 nhà", "căn", "nhà")]


def test_crops_and_trees_of_two_syllables_are_whole_items() -> None:
    assert unit_and_item("Đoàn viên trồng 300 cây hoa đào ven đường.") == [
        ("300 cây hoa đào", "cây", "hoa đào")
    ]
    assert unit_and_item("Xã chuyển 45 ha cây trồng kém hiệu quả sang nuôi tôm.") == [
        ("45 ha cây trồng", "ha", "cây trồng")
    ]
    assert unit_and_item("Ông trồng 120 gốc hồng xiêm trong vườn.") == [
        ("120 gốc hồng xiêm", "gốc", "hồng xiêm")
    ]
    assert unit_and_item("Hợp tác xã nuôi 35 con bò sữa, 12 con bò thịt.") == [
        ("35 con bò sữa", "con", "bò sữa"),
        ("12 con bò", "con", "bò"),
    ]


def test_whole_counter_words_and_what_doses_lines_and_devices_count() -> None:
    assert unit_and_item("Hội nghị nối tới 85 điểm cầu của các xã.") == [
        ("85 điểm cầu", "điểm cầu", None)
    ]
    assert unit_and_item("Cuộc thi có 4 phần thi và 9 đội.")[0] == ("4 phần thi", "phần thi", None)
    assert unit_and_item("Xã làm 130 nhà tiêu hợp vệ sinh.") == [("130 nhà tiêu", "nhà tiêu", None)]
    assert unit_and_item("Bản có 5 dân tộc thiểu số cùng sinh sống.") == [
        ("5 dân tộc thiểu số", "dân tộc thiểu số", None)
    ]
    assert unit_and_item("Trẻ được tiêm 3 mũi vaccine phòng bệnh.") == [
        ("3 mũi vaccine", "mũi", "vaccine")
    ]
    assert unit_and_item("Hợp tác xã có 4 dòng sản phẩm chủ lực.") == [
        ("4 dòng sản phẩm", "dòng", "sản phẩm")
    ]
    assert unit_and_item("Tổ tuần tra được cấp 12 máy bộ đàm.") == [
        ("12 máy bộ đàm", "máy", "bộ đàm")
    ]


def test_a_model_a_raised_pond_and_a_verb_after_a_counter_the_lexicon_lacks_are_left_out() -> None:
    assert unit_and_item("Hội xây dựng 15 vườn mẫu trong năm.") == [("15 vườn", "vườn", None)]
    assert unit_and_item("Anh đào 4 ao nổi để nuôi cá.") == [("4 ao", "ao", None)]
    assert unit_and_item("Quy trình gồm 5 bước bỏ phiếu kín.") == [("5 bước", "bước", None)]


def test_a_verb_of_carrying_or_giving_ends_a_things_name() -> None:
    assert unit_and_item("Huyện huy động 4 chiếc xe tải chở gạo lên bản.") == [
        ("4 chiếc xe tải", "chiếc", "xe tải")
    ]


def test_a_classifier_the_lexicon_lacks_counts_the_whole_word_after_it() -> None:
    assert unit_and_item("Chi hội tặng 80 bánh xà phòng cho hội viên.") == [
        ("80 bánh xà phòng", "bánh", "xà phòng")
    ]
    assert unit_and_item("Thư viện số hóa 3.400 trang tài liệu quý.") == [
        ("3.400 trang tài liệu", "trang", "tài liệu")
    ]
    assert unit_and_item("Trạm bơm cấp 900 m3 nước sạch mỗi ngày.") == [
        ("900 m3 nước", "m3", "nước")
    ]


def test_a_word_begun_by_a_classifiers_syllable_is_counted_by_itself() -> None:
    assert unit_and_item("Hội phát 6.000 khẩu trang cho người dân.") == [
        ("6.000 khẩu trang", "khẩu trang", None)
    ]
    assert unit_and_item("Xã kiện toàn 4 bộ phận một cửa.") == [("4 bộ phận", "bộ phận", None)]
    assert unit_and_item("Công an thu 7 bình xịt hơi cay.") == [("7 bình xịt", "bình xịt", None)]
    assert unit_and_item("Công an thu 9 khẩu súng quân dụng.") == [("9 khẩu súng", "khẩu", "súng")]


def test_jobs_are_counted_whole_and_a_verb_ends_a_counter_the_lexicon_lacks() -> None:
    assert unit_and_item("Sàn giao dịch giới thiệu 640 việc làm trong quý.") == [
        ("640 việc làm", "việc làm", None)
    ]
    assert unit_and_item("Phiên chợ có 320 vị trí việc làm.") == [
        ("320 vị trí việc làm", "vị trí", "việc làm")
    ]
    assert unit_and_item("Các hộ đào 75 hố xử lý rác.") == [("75 hố", "hố", None)]
    assert unit_and_item("Đại hội có 14 môn thi đấu.") == [("14 môn", "môn", None)]


def test_grades_and_markets_of_goods_describe_and_a_container_of_goods_holds_hàng() -> None:
    assert unit_and_item("Tổ hợp tác bán 18 tấn cá thương phẩm.") == [("18 tấn cá", "tấn", "cá")]
    assert unit_and_item("Hội tặng 250 túi hàng thiết yếu.") == [("250 túi hàng", "túi", "hàng")]
    assert unit_and_item("Hợp tác xã mua 4 máy phun chuyên dụng.") == [
        ("4 máy phun", "máy phun", None)
    ]


def test_mushrooms_covered_farm_houses_and_power_lines_are_whole_items() -> None:
    assert unit_and_item("Tổ hợp tác thu 2 tấn nấm linh chi mỗi vụ.") == [
        ("2 tấn nấm linh chi", "tấn", "nấm linh chi")
    ]
    assert unit_and_item("Hộ anh làm 600 m2 nhà màng trồng dưa lưới.") == [
        ("600 m2 nhà màng", "m2", "nhà màng")
    ]
    assert unit_and_item("Ngành điện kéo 7 km đường dây trung thế.") == [
        ("7 km đường dây", "km", "đường dây")
    ]


def test_a_ballots_validity_describes_it_and_motor_boats_are_whole_items() -> None:
    assert unit_and_item("Tổ bầu cử kiểm 980 lá phiếu hợp lệ.") == [("980 lá phiếu", "lá", "phiếu")]
    assert unit_and_item("Huyện tặng 6 chiếc thuyền máy cho ngư dân.")[0] == (
        "6 chiếc thuyền máy",
        "chiếc",
        "thuyền máy",
    )


def test_rooms_and_machines_of_health_care_are_counted_by_their_whole_name() -> None:
    assert unit_and_item("Trường xây thêm 3 phòng thí nghiệm và 2 phòng tin học.") == [
        ("3 phòng thí nghiệm", "phòng thí nghiệm", None),
        ("2 phòng tin học", "phòng tin học", None),
    ]
    assert unit_and_item("Hội tặng 25 máy trợ thính cho người cao tuổi.")[0] == (
        "25 máy trợ thính",
        "máy trợ thính",
        None,
    )
    assert unit_and_item("Trạm nhận 6 chiếc máy đo huyết áp.") == [
        ("6 chiếc máy đo huyết áp", "chiếc", "máy đo huyết áp")
    ]


def test_a_length_given_as_a_dimension_has_no_item() -> None:
    assert unit_and_item("Bà hiến phần đất dài 30m, rộng 2m đất vườn.") == [
        ("30m", "m", None),
        ("2m", "m", None),
    ]
    assert unit_and_item("Thôn mở rộng 2 km đường làng.") == [("2 km đường", "km", "đường")]


def test_the_code_of_a_products_kind_is_part_of_its_name() -> None:
    assert unit_and_item("Hội cấp 12 tấn phân DAP cho hội viên.") == [
        ("12 tấn phân DAP", "tấn", "phân DAP")
    ]
    assert unit_and_item("Trạm phát 4.000 viên vitamin C.") == [
        ("4.000 viên vitamin C", "viên", "vitamin C")
    ]
    assert unit_and_item("Hội cấp 3 tấn phân bón NPK.") == [("3 tấn phân bón", "tấn", "phân bón")]


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


# ---------------------------------------------------------------------------------------------
# The kinds of errors seen on material the reader had never seen (issue 17), one test each.


def brief(text: str) -> list[tuple[object, ...]]:
    """(surface, value, unit, item, qualifier, per, value_max) of every figure of `text`."""
    return [
        (f.surface, f.value, f.unit, f.item, f.qualifier, f.per, f.value_max)
        for f in extract_figures(text)
    ]


M, G = 10**6, 10**9


@pytest.mark.parametrize(
    ("text", "surface", "low", "high", "unit"),
    [
        ("thu nhập từ 40 đến 60 triệu đồng", "từ 40 đến 60 triệu đồng", 40 * M, 60 * M, "đồng"),
        ("thu từ 30 đến dưới 50 triệu", "từ 30 đến dưới 50 triệu", 30 * M, 50 * M, "đồng"),
        ("mỗi đợt hỗ trợ 4 - 6 tấn gạo", "4 - 6 tấn gạo", 4, 6, "tấn"),
        ("tỷ lệ từ 7% đến 9%", "từ 7% đến 9%", 7, 9, "%"),
        ("từ 300 triệu đồng đến 1 tỷ đồng", "từ 300 triệu đồng đến 1 tỷ đồng", 300 * M, G, "đồng"),
    ],
)
def test_ranges_are_one_figure_with_both_bounds(
    text: str, surface: str, low: int, high: int, unit: str
) -> None:
    figure = parse_figure(text)
    assert (figure.surface, figure.value, figure.value_max, figure.unit, figure.qualifier) == (
        surface, low, high, unit, "range",
    )  # fmt: skip


def test_a_rate_keeps_its_own_base_and_does_not_spread_to_its_neighbours() -> None:
    assert brief("Tặng 40 bộ quần áo, giá 250.000 đồng/bộ, cho 40 em ở 2 thôn.") == [
        ("40 bộ quần áo", 40, "bộ", "quần áo", "exact", None, None),
        ("250.000 đồng/bộ", 250_000, "đồng", None, "exact", "bộ", None),
        ("40 em", 40, "người", "em", "exact", None, None),
        ("2 thôn", 2, "thôn", None, "exact", None, None),
    ]
    wage = parse_figure("lương bình quân 6,8 triệu đồng/người/tháng")
    assert (wage.surface, wage.per) == ("6,8 triệu đồng/người/tháng", "người")
    assert brief("mỗi suất 400.000 đồng đã được trao cho 60 hội viên") == [
        ("400.000 đồng", 400_000, "đồng", None, "exact", "suất", None),
        ("60 hội viên", 60, "người", "hội viên", "exact", None, None),
    ]
    yearly = brief("Doanh thu hằng năm có 40 hộ đạt trên 300 triệu")
    assert [(f[0], f[5]) for f in yearly] == [("40 hộ", None), ("trên 300 triệu", "năm")]


def test_n_out_of_m_is_n() -> None:
    assert brief("Có 7/9 thôn và 12 trên tổng số 15 chi hội đạt chuẩn.") == [
        ("7/9 thôn", 7, "thôn", None, "exact", None, None),
        ("12", 12, "chi hội", None, "exact", None, None),
        ("15 chi hội", 15, "chi hội", None, "exact", None, None),
    ]


@pytest.mark.parametrize(
    ("text", "unit", "item"),
    [
        ("800 đồng bào Mông", "người", "đồng bào"),
        ("250 xã viên", "người", "xã viên"),
        ("9 đầu mối đơn vị", "đầu mối", "đơn vị"),
        ("320 NCT", "người", "NCT"),
        ("145 ĐVTN", "người", "ĐVTN"),
        ("1,6 ngàn HV", "người", "HV"),
        ("2,1 nghìn CCB", "người", "CCB"),
        ("75 cụ", "người", "cụ"),
    ],
)
def test_units_and_items_of_persons_and_counters(text: str, unit: str, item: str) -> None:
    figure = parse_figure(text)
    assert (figure.surface, figure.unit, figure.item) == (text.split(" Mông")[0], unit, item)
    assert parse_figure("1,6 ngàn HV").value == 1600


def test_money_named_by_the_donor_list_and_counts_after_a_colon() -> None:
    donors = brief("Tiếp nhận ủng hộ: Công ty Hưng Thịnh (300 triệu), ông Trần Văn Tư (5 triệu).")
    assert [(f[0], f[1], f[2]) for f in donors] == [
        ("300 triệu", 300_000_000, "đồng"),
        ("5 triệu", 5_000_000, "đồng"),
    ]
    voters = brief("Cử tri: khu vực 1: 640 cử tri; khu vực 2: 588; khu vực 3: 702.")
    assert [(f[0], f[1], f[2], f[3]) for f in voters] == [
        ("640 cử tri", 640, "người", "cử tri"),
        ("588", 588, "người", "cử tri"),
        ("702", 702, "người", "cử tri"),
    ]
    assert extract_figures("Dân số khoảng 1,2 triệu") == []  # scaled, but nothing says money


def test_compound_amounts_are_read_whole() -> None:
    figure = parse_figure("ủng hộ 2 tỷ 305 triệu 120 ngàn 500 đồng")
    assert (figure.surface, figure.value) == ("2 tỷ 305 triệu 120 ngàn 500 đồng", 2_305_120_500)


def test_surfaces_are_exact_substrings_even_with_double_spaces() -> None:
    text = "Hội trao  60 suất quà và  hơn 2  tỷ đồng cho  35  hộ."
    figures = extract_figures(text)
    assert [f.surface for f in figures] == ["60 suất quà", "hơn 2  tỷ đồng", "35  hộ"]
    assert all(text[f.start : f.end] == f.surface for f in figures)


def test_trên_on_a_route_or_opening_a_clause_is_not_a_hedge() -> None:
    assert brief("Trồng 600 cây trên 5 tuyến đường.")[1][:5] == (
        "5 tuyến đường",
        5,
        "tuyến",
        "đường",
        "exact",
    )
    assert brief("Trên cơ sở đó, 16 hộ đăng ký.")[0][:5] == ("16 hộ", 16, "hộ", None, "exact")
    assert parse_figure("trên 16 hộ").qualifier == "more_than"  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Đúng 9h 45 phút, đoàn có mặt tại xã.",
        "Hội nghị khai mạc lúc 13 giờ 30 phút.",
        "Phiên chợ 0 đồng thu hút bà con đến mua sắm.",
        "Mô hình “Tủ bánh mì 0 đồng” được duy trì.",
        "Phong trào “Nhà nhà 2 không” lan tỏa khắp xã.",
        "Đoàn phường Hòa Khánh 2 tổ chức ra quân.",
        "Một nhà hảo tâm giấu tên đã ủng hộ xã.",
        "Hội thi diễn ra trong 2 ngày tại nhà văn hóa.",
    ],
)
def test_clock_times_names_and_spans_are_not_figures(text: str) -> None:
    assert extract_figures(text) == []


def test_ages_listed_without_tuổi_are_not_counts_of_the_elderly() -> None:
    text = "Chi hội mừng thọ các cụ tròn 70, 75, 80, 85, 95 và trên 100, 2 cụ được tặng thiếp."
    assert [f.surface for f in extract_figures(text)] == ["2 cụ"]
    text = "Hội mừng thọ 96 cụ tròn 70, 75, 80 và trên 100 tuổi; các cụ tuổi 90, 95 được tặng áo."
    assert [f.surface for f in extract_figures(text)] == ["96 cụ"]
    voters = brief("Tổ 1: 640 cử tri; tổ 2: 588.")  # a list of counts still shares its unit
    assert [(f[0], f[2]) for f in voters] == [("640 cử tri", "người"), ("588", "người")]


@pytest.mark.parametrize(
    ("text", "unit", "item"),
    [
        ("Một mình chị nuôi 4 con nhỏ.", "người", "con"),
        ("Gia đình có 2 con bị khuyết tật.", "người", "con"),
        ("Đàn trâu của hộ có 12 con.", "con", None),
        ("Hội trao 10 con bê cho 10 hộ nghèo, mỗi hộ 1 con.", "con", None),
        ("Hộ ông Sềnh nuôi 6 con dê.", "con", "dê"),
    ],
)
def test_con_counts_children_unless_animals_are_named(
    text: str, unit: str, item: str | None
) -> None:
    figure = extract_figures(text)[-1]
    assert (figure.unit, figure.item) == (unit, item)


@pytest.mark.parametrize(
    "text",
    [
        "Khoảng 21 giờ ngày 23-5, tại thôn 3 xảy ra vụ xô xát.",
        "Vụ việc xảy ra 15 giờ ngày 20-6 tại chợ.",
        "Từ 13 giờ hôm qua, nước sông dâng cao.",
        "Lực lượng chức năng lập chốt tại Km 5 Đường tỉnh 686 đoạn qua xã.",
        "Dự án mở rộng ĐT 741 đoạn qua thị trấn.",
        "Xe loa chạy trên QL 14 và đường huyện 12.",
        "Học sinh lớp 2 và lớp 3 được tặng cặp sách.",
    ],
)
def test_clock_times_before_the_day_and_road_numbers_are_not_figures(text: str) -> None:
    assert extract_figures(text) == []
    assert parse_figure("phát 240 giờ tiếp âm").value == 240  # hours of work still count


def test_after_mỗi_x_a_number_is_an_amount_not_a_name() -> None:
    figures = brief("Hội mở 6 lớp tập huấn, mỗi lớp 2 ngày; mỗi tổ 12 hộ.")
    assert [(f[0], f[2], f[5]) for f in figures] == [
        ("6 lớp", "lớp", None),
        ("2 ngày", "ngày", "lớp"),
        ("12 hộ", "hộ", "tổ"),
    ]
    assert extract_figures("Thôn 5 và tổ 12 họp dân.") == []


@pytest.mark.parametrize(
    ("text", "unit", "item"),
    [
        ("64 vị chức sắc", "người", "chức sắc"),
        ("2 vị khách", "người", "khách"),
        ("50 chiếc xe lăn", "chiếc", "xe lăn"),
        ("25 xe lăn", "xe lăn", None),
        ("3 điểm trường", "điểm", "trường"),
        ("60 bộ đồng phục", "bộ", "đồng phục"),
        ("1 ấm đun", "ấm đun", None),
    ],
)
def test_classifiers_and_goods_of_the_lexicon(text: str, unit: str, item: str | None) -> None:
    figure = parse_figure(text)
    assert (figure.surface, figure.unit, figure.item) == (text, unit, item)


def test_the_development_and_held_back_sets() -> None:
    """Each set keeps at least the scores measured when the reader was last finished (README,
    "Performance"); each held-back set was labelled before the reader was changed for it, and
    the second one's mistakes were never read. A floor (precision, F1) fails as soon as the
    reader loses two or three figures. Since 12/2026 the second held-back set is used for
    development too (its mistakes were read), and since the fifth round the third one (its
    floors are a little under its scores after that round: values 1,00, units and items
    0,980; 1,00 after the sixth). The fourth held-back set is used for development since the
    sixth round (its mistakes were read and its labels brought to `LABELLING.md`); its floors
    are a little under its scores after that round (1,00 for both checks). The fifth,
    sixth and seventh were never used to change the reader; their floors are just under their first
    measurement."""
    from danvan.vi.evaluation import (
        DEVELOPMENT,
        DEVELOPMENT_2,
        DEVELOPMENT_3,
        DEVELOPMENT_4,
        DEVELOPMENT_5,
        DEVELOPMENT_6,
        DEVELOPMENT_7,
        DEVELOPMENT_8,
        DEVELOPMENT_9,
        DEVELOPMENT_10,
        HELD_BACK,
        HELD_BACK_2,
        HELD_BACK_3,
        HELD_BACK_4,
        HELD_BACK_5,
        HELD_BACK_6,
        HELD_BACK_7,
        HELD_BACK_8,
        HELD_BACK_9,
        HELD_BACK_10,
        HELD_BACK_11,
        HELD_BACK_12,
    )

    floors = {
        DEVELOPMENT: (400, {"value+max": (0.99, 0.99), "unit/item": (0.99, 0.99)}),
        DEVELOPMENT_2: (150, {"value+max": (0.99, 0.99), "unit/item": (0.99, 0.99)}),
        DEVELOPMENT_3: (300, {"value+max": (0.99, 0.99), "unit/item": (0.985, 0.985)}),
        # Labelled before the seventh round, which took its units and items from 0,79 to 0,93
        # (0,97 after the eighth, 1,00 after the ninth).
        DEVELOPMENT_4: (140, {"value+max": (0.99, 0.99), "unit/item": (0.99, 0.99)}),
        # Labelled before the eighth round, which took its units and items from 0,92 to 1,00.
        DEVELOPMENT_5: (190, {"value+max": (0.99, 0.99), "unit/item": (0.99, 0.99)}),
        # Labelled before the ninth round, which took its units and items from 0,88 to 0,99.
        DEVELOPMENT_6: (160, {"value+max": (0.99, 0.99), "unit/item": (0.98, 0.98)}),
        # Labelled before the tenth round, which took its units and items from 0,74 to 0,96.
        DEVELOPMENT_7: (240, {"value+max": (0.99, 0.99), "unit/item": (0.95, 0.95)}),
        # Modelled on real sentences; the twelfth round took its units and items from 0,91 to
        # 0,98.
        DEVELOPMENT_8: (550, {"value+max": (0.99, 0.99), "unit/item": (0.97, 0.97)}),
        # The same, four themes; the thirteenth round took its units and items from 0,93 to 0,99.
        DEVELOPMENT_9: (950, {"value+max": (0.99, 0.99), "unit/item": (0.98, 0.98)}),
        # Four more themes; the fourteenth round took its units and items from 0,94 to 0,97.
        DEVELOPMENT_10: (600, {"value+max": (0.98, 0.98), "unit/item": (0.955, 0.955)}),
        HELD_BACK: (200, {"value+max": (0.99, 0.99), "unit/item": (0.99, 0.99)}),
        HELD_BACK_2: (150, {"value+max": (0.99, 0.99), "unit/item": (0.99, 0.99)}),
        HELD_BACK_3: (250, {"value+max": (0.99, 0.99), "unit/item": (0.99, 0.99)}),
        HELD_BACK_4: (340, {"value+max": (0.99, 0.99), "unit/item": (0.99, 0.99)}),
        # Never used to change the reader: floors just under its one measurement.
        HELD_BACK_5: (250, {"value+max": (0.98, 0.98), "unit/item": (0.92, 0.92)}),
        HELD_BACK_6: (180, {"value+max": (0.98, 0.98), "unit/item": (0.91, 0.91)}),
        # Reviewed by a second labeller; first measured with the seventh round's reader.
        HELD_BACK_7: (300, {"value+max": (0.98, 0.98), "unit/item": (0.94, 0.94)}),
        # Labelled by one labeller; first measured with the tenth round's reader.
        HELD_BACK_8: (150, {"value+max": (0.98, 0.98), "unit/item": (0.93, 0.93)}),
        # Modelled on real sentences, two labellers; first measured with the tenth round's reader.
        HELD_BACK_9: (300, {"value+max": (0.97, 0.97), "unit/item": (0.92, 0.92)}),
        # The same, two other labellers; first measured with the tenth round's reader.
        HELD_BACK_10: (300, {"value+max": (0.98, 0.98), "unit/item": (0.94, 0.94)}),
        # The same, two more labellers; first measured with the twelfth round's reader.
        HELD_BACK_11: (270, {"value+max": (0.98, 0.98), "unit/item": (0.94, 0.94)}),
        HELD_BACK_12: (240, {"value+max": (0.98, 0.98), "unit/item": (0.93, 0.93)}),
    }
    for path, (sentences, checks) in floors.items():
        rows = load_labelled(path)
        assert len(rows) >= sentences
        assert sum(1 for r in rows if not r["figures"]) * 3 >= len(rows) * 0.9
        score, _ = evaluate(rows)
        for check, (precision, f1) in checks.items():
            assert score.precision(check) >= precision, (path.name, check)
            assert score.f1(check) >= f1, (path.name, check)
        for row in rows:
            text = str(row["text"])
            assert all(f["surface"] in text for f in row["figures"])  # type: ignore[attr-defined]


def figures_of(text: str) -> list[tuple[object, ...]]:
    return [(f.surface, f.unit, f.item, f.per) for f in extract_figures(text)]


@pytest.mark.parametrize(
    ("text", "surface", "unit", "item"),
    [
        ("Câu lạc bộ may 500 lá cờ và 80 lá cờ đoàn.", "500 lá cờ", "lá", "cờ"),
        ("Hội huy động 6 chiếc xuồng hỗ trợ di dời dân.", "6 chiếc xuồng", "chiếc", "xuồng"),
        ("Trại giống nhận 3 tấn cám để nuôi cá.", "3 tấn cám", "tấn", "cám"),
        ("Trạm y tế phát 2.000 viên thuốc tẩy giun.", "2.000 viên thuốc", "viên", "thuốc"),
        ("Đoàn làm 40 tấm biển báo khu vực nước sâu.", "40 tấm biển báo", "tấm", "biển báo"),
        ("Trang tin có hơn 9.000 lượt truy cập.", "hơn 9.000 lượt truy cập", "lượt", "truy cập"),
        ("Bà con góp 5 tấn tre làm nhà tạm.", "5 tấn tre", "tấn", "tre"),
        ("Đoàn tặng 30 chiếc nón lá cho hội viên.", "30 chiếc nón lá", "chiếc", "nón lá"),
        ("Tổ chức phát 400 bộ tài liệu tuyên truyền.", "400 bộ tài liệu", "bộ", "tài liệu"),
    ],
)
def test_a_classifier_or_measure_takes_the_noun_after_it_as_its_item(
    text: str, surface: str, unit: str, item: str | None
) -> None:
    """A one-word noun ending the phrase is the item whatever it is; so is a compound of two
    or three words up to a function word or a describing word ("bộ tài liệu tuyên truyền")."""
    figure = extract_figures(text)[0]
    assert (figure.surface, figure.unit, figure.item) == (surface, unit, item)


def test_a_mỗi_x_later_in_the_phrase_is_the_rate_s_base() -> None:
    assert figures_of("Ban tổ chức bố trí 2 bác sĩ trực tại mỗi trạm sơ cứu.") == [
        ("2 bác sĩ", "người", "bác sĩ", "trạm")
    ]
    assert figures_of("Tối thiểu 3 cán bộ được phân công bám nắm mỗi bản.")[0][3] == "bản"
    # A mỗi X with its own number, or after "thì", is a rate of its own.
    assert figures_of("Tổng vốn là 300 triệu đồng thì mỗi hộ được vay 30 triệu đồng.") == [
        ("300 triệu đồng", "đồng", None, None),
        ("30 triệu đồng", "đồng", None, "hộ"),
    ]


def test_a_total_after_a_comma_is_not_part_of_the_rate_before_it() -> None:
    text = "Mỗi đoàn viên góp 20.000 đồng/tháng, toàn chi đoàn có quỹ 3,6 triệu đồng."
    assert figures_of(text) == [
        ("20.000 đồng/tháng", "đồng", None, "tháng"),
        ("3,6 triệu đồng", "đồng", None, None),
    ]


def test_hằng_năm_opening_a_sentence_makes_its_counts_yearly() -> None:
    text = "Hằng năm, Hội Cựu chiến binh phường trao tặng 20 suất quà cho gia đình khó khăn."
    assert figures_of(text) == [("20 suất quà", "suất", "quà", "năm")]


def test_regular_meetings_are_counted_with_their_base() -> None:
    assert figures_of("Các tổ sinh hoạt định kỳ 2 lần/tháng.") == [
        ("2 lần/tháng", "lần", None, "tháng")
    ]
    assert figures_of("Ban công tác Mặt trận họp định kỳ mỗi quý 1 lần.") == [
        ("1 lần", "lần", None, "quý")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ông được tặng Huy hiệu 55 năm tuổi Đảng.",
        "Hội thi tìm hiểu 90 năm lịch sử Đảng bộ huyện.",
        "Triển lãm 70 năm Hội Nông dân Việt Nam.",
        "Ông đã có 30 năm gắn bó với công tác Mặt trận.",
        "Năm 2025 được chọn là Năm dân vận chính quyền.",
        "Vào khoảng 16 giờ, mưa đá bất ngờ trút xuống.",
        "Lớp tập huấn kéo dài 3 ngày ở hội trường xã.",
        "Tổ công tác 141 tuần tra trên tuyến quốc lộ.",
    ],
)
def test_anniversaries_tenures_clock_times_and_spans_are_not_figures(text: str) -> None:
    assert extract_figures(text) == []


def test_trên_after_nêu_is_above_not_more_than() -> None:
    assert one("Với các kết quả nêu trên 42 hộ đã thoát nghèo.")["qualifier"] == "exact"
    assert one("Với các kết quả nêu trên 42 hộ đã thoát nghèo.")["surface"] == "42 hộ"


def test_được_cấp_is_the_verb_and_new_persons_are_counted() -> None:
    assert figures_of("Mỗi gia đình được cấp 2 bình chữa cháy mini.") == [
        ("2 bình chữa cháy", "bình chữa cháy", None, "gia đình")
    ]
    assert figures_of("Tàu QNg 90123 TS cùng 8 ngư dân đã vào bờ.") == [
        ("8 ngư dân", "người", "ngư dân", None)
    ]
    text = "Có 7 hộ đồng bào dân tộc thiểu số được hỗ trợ."
    assert figures_of(text) == [("7 hộ", "hộ", None, None)]


def test_n_out_of_m_shares_the_scale_word_written_once() -> None:
    figure = one("Quỹ vận động được 386/350 triệu đồng.")
    assert (figure["surface"], figure["value"], figure["unit"]) == (
        "386/350 triệu đồng",
        386_000_000,
        "đồng",
    )


def test_mức_before_an_amount_is_the_amount_and_before_a_bare_number_a_level() -> None:
    assert figures_of("Các hộ vay với mức 30 - 50 triệu đồng/hộ.") == [
        ("30 - 50 triệu đồng/hộ", "đồng", None, "hộ")
    ]
    assert extract_figures("Xã đạt mức 3 về chuyển đổi số.") == []
    assert figures_of("Lương tối thiểu vùng mức 1 là 4,96 triệu đồng.") == [
        ("4,96 triệu đồng", "đồng", None, None)
    ]


def test_nouns_of_persons_outside_the_lexicon_are_counted_by_their_ending() -> None:
    text = "Lực lượng gồm 32 dân quân, 15 công an viên và 6 nghệ sĩ; tiếp 25 lượt công dân."
    assert figures_of(text) == [
        ("32 dân quân", "người", "dân quân", None),
        ("15 công an viên", "người", "công an viên", None),
        ("6 nghệ sĩ", "người", "nghệ sĩ", None),
        ("25 lượt công dân", "lượt", "công dân", None),
    ]
    assert figures_of("Xã có 3 công viên.") == []  # a park, not persons
    assert figures_of("Hội ủng hộ 200 triệu giúp nhân dân vùng lũ.") == [
        ("200 triệu", "đồng", None, None)
    ]


def test_a_range_rises_so_a_full_first_bound_keeps_its_value() -> None:
    figure = one("mỗi suất từ 500.000 đến 1 triệu đồng")
    assert (figure["value"], figure["value_max"], figure["qualifier"]) == (
        500_000,
        1_000_000,
        "range",
    )
    assert one("từ 2 đến 3 triệu đồng")["value"] == 2_000_000  # the scale word written once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a word that names a number (`số 5`, `tuổi 60`, `trang 12`) ending a compound does not
        ("Cán bộ người dân tộc thiểu số 37 đại biểu.", [("37 đại biểu", "người", "đại biểu")]),
        ("Nhóm trẻ tuổi 15 đại biểu dự họp.", [("15 đại biểu", "người", "đại biểu")]),
        ("Lực lượng vũ trang 64 đơn vị máu.", [("64 đơn vị máu", "đơn vị", "máu")]),
        ("Đơn vị bầu cử số 5 có 3 đại biểu.", [("3 đại biểu", "người", "đại biểu")]),
        # persons by their abbreviations and the `sỹ` spelling
        ("Trao quà 40 HS và 12 SV.", [("40 HS", "người", "HS"), ("12 SV", "người", "SV")]),
        ("Khoảng 3,6 nghìn HSSV dự thi.", [("Khoảng 3,6 nghìn HSSV", "người", "HSSV")]),
        (
            "Có 8 chiến sỹ và 5 nghệ sỹ tham gia.",
            [("8 chiến sỹ", "người", "chiến sỹ"), ("5 nghệ sỹ", "người", "nghệ sỹ")],
        ),
        # `phần trăm` is percent and `phần việc` a counter, not gift packages
        ("Tỷ lệ đạt 85 phần trăm.", [("85 phần trăm", "%", None)]),
        ("Mỗi đoàn viên nhận 2 phần việc.", [("2 phần việc", "phần việc", None)]),
        # counters of reports the lexicon now has
        (
            "Xã có 12 chùa và đạt 14 chỉ tiêu.",
            [("12 chùa", "chùa", None), ("14 chỉ tiêu", "chỉ tiêu", None)],
        ),
        (
            "Nhà tài trợ trao 10 bộ dụng cụ và 50 kg thức ăn.",
            [("10 bộ dụng cụ", "bộ", "dụng cụ"), ("50 kg thức ăn", "kg", "thức ăn")],
        ),
    ],
)
def test_compounds_abbreviations_and_counters_of_the_fourth_round(
    text: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert [(f.surface, f.unit, f.item) for f in extract_figures(text)] == expected


def test_in_a_list_opened_by_a_colon_a_label_needs_no_colon() -> None:
    text = "Kết quả phân loại chi hội: loại tốt 18, loại khá 7, trung bình 2 chi hội."
    assert [(f.surface, f.value, f.unit) for f in extract_figures(text)] == [
        ("18", 18, "chi hội"),
        ("7", 7, "chi hội"),
        ("2 chi hội", 2, "chi hội"),
    ]
    # without the colon, a bare number before a comma keeps no unit
    assert [f.surface for f in extract_figures("Sáng 12, đoàn thăm 20 hộ.")] == ["20 hộ"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thị trấn có 3 chợ truyền thống.", [("3 chợ", 3, "chợ")]),
        ("Đoàn giao nộp 7 khẩu súng tự chế.", [("7 khẩu súng", 7, "khẩu")]),
        ("Hội trao 12 máy cày mini.", [("12 máy cày", 12, "máy cày")]),
        # a counter noun is most often of two syllables, even before more words
        ("Xã có 4 bến đò ngang.", [("4 bến đò", 4, "bến đò")]),
        ("Huyện có 18 di tích lịch sử.", [("18 di tích", 18, "di tích")]),
        ("Các bên ký 14 quy chế phối hợp.", [("14 quy chế", 14, "quy chế")]),
        ("Tăng 3 so với năm trước.", []),
        ("Nhóm phát 300 phích nước.", [("300 phích nước", 300, "phích nước")]),
        # function words, verbs, codes and document words take no open count
        ("Ghi 0 nếu không có.", []),
        ("Số CCCD 066090012321 ứng với giới tính nam.", []),
        ("Hội đồng bàn việc thực hiện Nghị quyết 6 chuyên đề.", []),
        ("Đoàn viên Chi đoàn 3 trực tại chốt.", []),
        ("Mỗi năm Chi hội nuôi lợn.", []),
        # a sentence opened by the name the number ends, and names after khu, hẻm, ca, trận
        ("Trận 2 vòng loại diễn ra trên sân huyện.", []),
        ("Phụ lục 2 kèm theo báo cáo này.", []),
        ("Tổ trưởng khu 4 trực tại chốt.", []),
        # ... while a unit of the lexicon after them is still read
        ("Toàn chi hội 45 hội viên tham gia.", [("45 hội viên", 45, "người")]),
        ("Tỉnh có 5 hồ nước lớn.", [("5 hồ nước", 5, "hồ nước")]),
    ],
)
def test_a_number_before_a_noun_the_lexicon_lacks_counts_that_noun(
    text: str, expected: list[tuple[str, int, str]]
) -> None:
    assert [(f.surface, f.value, f.unit) for f in extract_figures(text)] == expected


def test_cấp_before_a_large_number_is_the_verb_to_grant() -> None:
    assert [(f.surface, f.unit) for f in extract_figures("Trạm cấp 450 bao phân cho dân.")] == [
        ("450 bao phân", "bao")
    ]
    assert extract_figures("Bão cấp 12 giật cấp 14.") == []


def test_a_base_in_brackets_stays_in_them() -> None:
    text = "Trao 1.150 suất quà (mỗi suất 700.000 đồng) và tổ chức 3 chuyến xe đưa 135 công nhân."
    assert [(f.surface, f.per) for f in extract_figures(text)] == [
        ("1.150 suất quà", None),
        ("700.000 đồng", "suất"),
        ("3 chuyến", None),
        ("135 công nhân", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a measure of weight or volume takes an item of two words that end the phrase
        ("Bà con bán được 15 tấn nông sản qua chương trình.", ("15 tấn nông sản", "nông sản")),
        ("Mỗi suất có 1 can nước mắm và 2 kg đường.", ("1 can nước mắm", "nước mắm")),
        ("Đường dây nóng nhận 2.150 lượt phản ánh/năm.", ("2.150 lượt phản ánh/năm", "phản ánh")),
        ("Xã cấp 1.200 bộ hồ sơ cho người dân.", ("1.200 bộ hồ sơ", "hồ sơ")),
        # a classifier of things takes one word only, and a verb of giving is no item
        ("Thanh niên trồng 2.000 cây phân tán trên đê.", ("2.000 cây", None)),
        ("Trường nhận 320 đôi ủng cho học sinh.", ("320 đôi ủng", "ủng")),
        ("Công đoàn trao 350 vé xe cho công nhân.", ("350 vé xe", "xe")),
        ("Bếp ăn nấu 1.000 suất cháo, phát tận giường.", ("1.000 suất cháo", "cháo")),
        ("Nhóm gửi 300 kg ủng hộ đồng bào.", ("300 kg", None)),
    ],
)
def test_an_item_after_a_measure_or_a_classifier(
    text: str, expected: tuple[str, str | None]
) -> None:
    assert (extract_figures(text)[0].surface, extract_figures(text)[0].item) == expected


def test_heads_of_something_and_buildings_that_are_not_homes() -> None:
    figures = extract_figures("Tổ hòa giải họp với 9 trưởng dòng họ trong bản.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("9 trưởng dòng họ", "người", "trưởng dòng họ")
    ]
    figures = extract_figures("Trên địa bàn có 12 nhà máy và 40 nhà tạm.")
    assert [(f.surface, f.unit) for f in figures] == [("12 nhà máy", "nhà máy"), ("40 nhà", "căn")]


def test_trên_after_a_count_is_where_they_are() -> None:
    figures = extract_figures("Lực lượng chức năng cứu 16 ngư dân trên 2 tàu cá gặp nạn.")
    assert [(f.surface, f.qualifier) for f in figures] == [
        ("16 ngư dân", "exact"),
        ("2 tàu cá", "exact"),
    ]
    # ... but after a verb, or before money, it is still "more than"
    figures = extract_figures("Có 368 hộ đạt trên 50 triệu đồng, 12 xe trên 5 tấn.")
    assert [(f.surface, f.qualifier) for f in figures] == [
        ("368 hộ", "exact"),
        ("trên 50 triệu đồng", "more_than"),
        ("12 xe", "exact"),
        ("trên 5 tấn", "more_than"),
    ]


def test_a_list_of_voters_with_bare_counts_takes_its_persons_from_the_heading() -> None:
    text = "Danh sách cử tri niêm yết tại các ấp: ấp Phú Hòa: 864; ấp Phú Lợi: 1.203."
    assert [(f.surface, f.unit, f.item) for f in extract_figures(text)] == [
        ("864", "người", "cử tri"),
        ("1.203", "người", "cử tri"),
    ]
    text = "Tổng số cử tri là 9.412 người, trong đó cử tri lần đầu đi bầu: 736."
    assert [(f.surface, f.item) for f in extract_figures(text)] == [
        ("9.412 người", None),
        ("736", "cử tri"),
    ]
    # a single total after a colon counts what its label names (LABELLING.md 2.14), and
    # without such a label it is no figure
    total = extract_figures("Tổng số cử tri của tỉnh là: 1.204.310.")
    assert [(f.unit, f.item) for f in total] == [("người", "cử tri")]
    assert extract_figures("Kết quả cuối cùng: 1.204.310.") == []


def test_spelled_tens_a_span_after_a_hedge_and_a_comma_before_và() -> None:
    assert [(f.surface, f.value) for f in extract_figures("Mười hai tổ được lập.")] == [
        ("Mười hai tổ", 12)
    ]
    assert extract_figures("Sau gần 3 tháng vận động, dự án hoàn thành.") == []
    text = "Hội thi có 36 đội, mỗi đội 5 ĐVTN, và 1.200 lượt khán giả."
    assert [f.per for f in extract_figures(text)] == [None, "đội", None]


def test_spelled_measures_changes_frequencies_and_per_after_trên() -> None:
    text = "Kinh phí mỗi ki-lô-mét đường khoảng 1,2 – 1,5 tỷ đồng."
    assert [f.per for f in extract_figures(text)] == ["km"]
    text = "Bếp ăn nâng mức từ 25.000 lên 30.000 đồng/suất."
    assert [(f.surface, f.unit, f.per) for f in extract_figures(text)] == [
        ("25.000", "đồng", "suất"),
        ("30.000 đồng/suất", "đồng", "suất"),
    ]
    text = "Bếp nấu 1.000 suất cháo, trung bình một ngày 200 suất."
    assert [(f.surface, f.per) for f in extract_figures(text)] == [
        ("1.000 suất cháo", None),
        ("200 suất", "ngày"),
    ]
    assert [f.surface for f in extract_figures("Tiếp dân 2 buổi trên tuần.")] == [
        "2 buổi trên tuần"
    ]
    text = "Mỗi tháng một lần, tổ họp với 9 trưởng thôn; mỗi tháng 2 triệu đồng."
    assert [f.per for f in extract_figures(text)] == [None, "tháng"]
    text = "Xã dựng 2 nhà văn hóa, có 7 hộ tái nghèo và 22 hộ thoát nghèo."
    assert [(f.unit, f.item) for f in extract_figures(text)] == [
        ("nhà văn hóa", None),
        ("hộ", "hộ tái nghèo"),
        ("hộ", "hộ thoát nghèo"),
    ]


@pytest.mark.parametrize(
    ("text", "surface", "unit", "item"),
    [
        ("Hội lắp 2,4 km đường điện chiếu sáng.", "2,4 km đường điện", "km", "đường điện"),
        ("Xã trao 60 thẻ bảo hiểm y tế cho trẻ.", "60 thẻ bảo hiểm y tế", "thẻ", "bảo hiểm y tế"),
        ("Kho nhận 12 tấn hàng hóa cứu trợ.", "12 tấn hàng hóa", "tấn", "hàng hóa"),
        ("Bộ đội nạo vét 800 m3 bùn đất ở kênh.", "800 m3 bùn đất", "m3", "bùn đất"),
        ("Đoàn trồng 350 cây hoa giấy ven đê.", "350 cây hoa giấy", "cây", "hoa giấy"),
        ("Xã tặng 40 thùng nước uống.", "40 thùng nước uống", "thùng", "nước uống"),
        ("Ban nhận 9 đơn thư khiếu nại.", "9 đơn thư", "đơn thư", None),
        ("Xã có 3 trường mầm non.", "3 trường mầm non", "trường mầm non", None),
        ("Huyện duy trì 12 chợ phiên vùng cao.", "12 chợ phiên", "chợ phiên", None),
        ("Chương trình đã kết nối 210 địa chỉ.", "210 địa chỉ", "địa chỉ", None),
        # a container is counted as the container, its content is the item
        ("Hội lắp 25 bồn nước cho điểm trường.", "25 bồn nước", "bồn", "nước"),
        ("Rét đậm làm chết 45 con gia súc.", "45 con gia súc", "con", "gia súc"),
        # describing words and function phrases after the noun end the item
        ("Đoàn trồng 600 cây phi lao phòng hộ.", "600 cây phi lao", "cây", "phi lao"),
        ("Nhà xe tặng 300 vé tàu miễn phí.", "300 vé tàu", "vé", "tàu"),
        ("Hội bán 80 tấn bưởi thông qua sàn.", "80 tấn bưởi", "tấn", "bưởi"),
    ],
)
def test_a_dictionary_word_is_kept_whole_and_a_describing_word_left_out(
    text: str, surface: str, unit: str, item: str | None
) -> None:
    assert figures_of(text) == [(surface, unit, item, None)]


def test_a_spelled_một_counts_only_as_a_member_of_a_list_of_figures() -> None:
    assert figures_of("Mỗi phần gồm 150.000 đồng, 3 kg muối và một bình dầu.") == [
        ("150.000 đồng", "đồng", None, "suất"),
        ("3 kg muối", "kg", "muối", "suất"),
        ("một bình dầu", "bình", "dầu", "suất"),
    ]
    assert figures_of("Có một hợp tác xã ủng hộ 20 triệu đồng.") == [
        ("20 triệu đồng", "đồng", None, None)
    ]
    assert figures_of("Các cụ neo đơn mỗi người một phần quà.") == []


def test_a_label_before_a_colon_names_what_its_bare_number_counts() -> None:
    assert figures_of("Số phiếu phát ra: 2.140; số phiếu hợp lệ: 2.093.") == [
        ("2.140", "phiếu", None, None),
        ("2.093", "phiếu", None, None),
    ]
    assert figures_of("Tổng số cử tri của phường là: 5.806.") == [
        ("5.806", "người", "cử tri", None)
    ]
    assert figures_of("Số hộ được cấp bồn: thôn Đông: 17; thôn Tây: 11.") == [
        ("17", "hộ", None, None),
        ("11", "hộ", None, None),
    ]
    assert figures_of("Trong đó cử tri là người dân tộc thiểu số: 612.") == [
        ("612", "người", "cử tri", None)
    ]
    assert figures_of("Đường dây nóng: 0235.3812.456. Kết quả: 126.") == []


def test_bases_of_two_syllables_and_a_total_inside_a_rate_clause() -> None:
    assert figures_of("Mỗi đoàn thể nhận đỡ đầu 2 hộ.") == [("2 hộ", "hộ", None, "đoàn thể")]
    assert figures_of("Mỗi cấp ủy chọn 1 mô hình điểm.") == [
        ("1 mô hình", "mô hình", None, "cấp ủy")
    ]
    assert figures_of("Quỹ hỗ trợ 4 triệu đồng/năm học.") == [
        ("4 triệu đồng/năm học", "đồng", None, "năm học")
    ]
    assert figures_of("Mỗi cụ được tặng quà với tổng giá trị 600 nghìn đồng.") == [
        ("600 nghìn đồng", "đồng", None, "người")
    ]
    assert figures_of("Mỗi chi đoàn kết nạp 4 đoàn viên, nâng tổng số lên 310 đoàn viên.") == [
        ("4 đoàn viên", "người", "đoàn viên", "chi đoàn"),
        ("310 đoàn viên", "người", "đoàn viên", None),
    ]


def test_spans_lunar_dates_the_year_and_roads_are_not_counts() -> None:
    assert figures_of("Cầu được thông xe trước 2 tháng so với kế hoạch.") == []
    assert figures_of("Ngày 23 tháng Chạp, đoàn đến thăm 30 hộ.") == [("30 hộ", "hộ", None, None)]
    assert figures_of("Năm đầu thực hiện, xã có 4 mô hình.") == [
        ("4 mô hình", "mô hình", None, None)
    ]
    assert figures_of("Tuyến vành đai 5 đoạn qua xã đã thông.") == []
    assert figures_of("Xã sơ tán khẩn cấp 40 hộ.") == [("40 hộ", "hộ", None, None)]
    assert figures_of("Mỗi tuần, câu lạc bộ dưỡng sinh tập 3 buổi.") == [
        ("3 buổi", "buổi", None, "tuần")
    ]
    rain = extract_figures("Lượng mưa đo được 90 - 140 mm.")
    assert [(f.value, f.value_max, f.unit) for f in rain] == [(90, 140, "mm")]


def test_a_comparison_is_no_count_and_a_quoted_name_gives_no_base() -> None:
    assert figures_of("Sản lượng năm nay tăng gấp 2 lần.") == []
    assert figures_of("Mô hình “Mỗi thôn một con đường đẹp” làm được 9 km đường.") == [
        ("9 km đường", "km", "đường", None)
    ]
    assert figures_of("Mỗi thôn làm được 3 km đường.") == [("3 km đường", "km", "đường", "thôn")]


def test_how_long_a_dispute_has_gone_on_counts_and_how_long_an_event_lasted_does_not() -> None:
    assert figures_of("Vụ tranh chấp đất rừng đã kéo dài hơn 4 năm.") == [
        ("hơn 4 năm", "năm", None, None)
    ]
    assert figures_of("Hội trại kéo dài hơn 2 tuần.") == []


@pytest.mark.parametrize(
    ("text", "surface", "unit", "item"),
    [
        # a compound the lexicon lacks is the item up to a describing word or function word
        ("Xã nhận 25 chiếc máy xay xát loại nhỏ.", "25 chiếc máy xay xát", "chiếc", "máy xay xát"),
        ("Quỹ tặng 16 bộ bàn ghế mới cho lớp học.", "16 bộ bàn ghế", "bộ", "bàn ghế"),
        ("Đoàn mang theo 40 chiếc áo phao cho ngư dân.", "40 chiếc áo phao", "chiếc", "áo phao"),
        ("Hội tặng 12 bình nóng lạnh cho nhà bán trú.", "12 bình nóng lạnh", "bình", "nóng lạnh"),
        # ... whose describing words are left out: state, size, colour, breed, purpose
        ("Các hộ nhận 80 con ngan giống.", "80 con ngan", "con", "ngan"),
        ("Công ty tặng 20 chiếc máy in cũ.", "20 chiếc máy in", "chiếc", "máy in"),
        ("Hội trồng 700 cây phượng đỏ ven hồ.", "700 cây phượng", "cây", "phượng"),
        # a longer phrase is a noun and what it is about: its first two words
        ("Phát 300 cuốn sổ tay pháp luật đất đai.", "300 cuốn sổ tay", "cuốn", "sổ tay"),
        # measures of area and volume take the noun after them
        ("Dân góp 30 m3 đá dăm làm đường.", "30 m3 đá dăm", "m3", "đá dăm"),
    ],
)
def test_the_item_after_a_classifier_is_the_compound_noun_up_to_a_describing_word(
    text: str, surface: str, unit: str, item: str
) -> None:
    figure = extract_figures(text)[0]
    assert (figure.surface, figure.unit, figure.item) == (surface, unit, item)


@pytest.mark.parametrize(
    ("text", "surface", "unit"),
    [
        # a counter of one syllable takes the next word when the phrase ends there (rule 2.5)
        ("Xã có 5 máy xúc đang thi công.", "5 máy xúc", "máy xúc"),
        ("Huyện làm 9 cầu phao cho vùng lũ.", "9 cầu phao", "cầu phao"),
        # ... but not a describing word, nor after a group or an event counter (rules 2.7, 3.1)
        ("Xã có 7 giếng cũ đã cạn.", "7 giếng", "giếng"),
        ("Phường lập 6 tổ tự quản.", "6 tổ", "tổ"),
        ("Hội tổ chức 4 đêm giao lưu.", "4 đêm", "đêm"),
    ],
)
def test_a_counter_of_one_syllable_is_read_with_the_word_that_ends_its_noun(
    text: str, surface: str, unit: str
) -> None:
    figure = extract_figures(text)[0]
    assert (figure.surface, figure.unit, figure.item) == (surface, unit, None)


def test_cấp_before_a_classifier_and_nâng_cấp_are_verbs_not_levels() -> None:
    assert [(f.surface, f.item) for f in extract_figures("Sở cấp 15 chiếc xe máy cho xã.")] == [
        ("15 chiếc xe máy", "xe máy")
    ]
    assert [f.surface for f in extract_figures("Huyện nâng cấp 4 trạm bơm.")] == ["4 trạm bơm"]
    assert extract_figures("Bão cấp 12 đổ bộ vào đất liền.") == []


@pytest.mark.parametrize(
    ("text", "surface", "unit", "item"),
    [
        # rule 2.8: a `nhà` named by words that are no state of a home is a building
        ("Xã có 2 nhà tưởng niệm.", "2 nhà tưởng niệm", "nhà tưởng niệm", None),
        ("Huyện dựng 4 nhà lưu trú cho du khách.", "4 nhà lưu trú", "nhà lưu trú", None),
        # ... while state words, a programme's name and what happened to it keep it a home
        ("Hội sửa 6 nhà xuống cấp cho hộ nghèo.", "6 nhà", "căn", "nhà"),
        ("Trao 3 nhà nhân đạo cho hộ khó khăn.", "3 nhà", "căn", "nhà"),
        ("Bão làm 14 nhà bị tốc mái.", "14 nhà", "căn", "nhà"),
    ],
)
def test_a_house_named_by_a_word_that_is_no_state_of_a_home_is_a_building(
    text: str, surface: str, unit: str, item: str | None
) -> None:
    figure = extract_figures(text)[0]
    assert (figure.surface, figure.unit, figure.item) == (surface, unit, item)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        # what the things counted did is no item of them
        ("Huyện huy động 12 chiếc tham gia cứu hộ.", "12 chiếc"),
        ("Bà con ủng hộ 2 tấn giúp vùng lũ.", "2 tấn"),
        ("Hội nhận 50 chiếc phục vụ người dân.", "50 chiếc"),
        ("Hợp tác xã trồng 3 ha thử nghiệm giống mới.", "3 ha"),
    ],
)
def test_a_verb_after_a_classifier_or_measure_is_no_item(text: str, surface: str) -> None:
    figure = extract_figures(text)[0]
    assert (figure.surface, figure.item) == (surface, None)


@pytest.mark.parametrize(
    ("text", "surface", "item"),
    [
        # a container's content is the compound its lexicon word begins ...
        ("Đoàn gửi 90 thùng nước khoáng cho điểm trường.", "90 thùng nước khoáng", "nước khoáng"),
        ("Trao 120 thùng sữa đậu nành cho trẻ.", "120 thùng sữa đậu nành", "sữa đậu nành"),
        ("Hội phát 40 bình nước lọc tại chốt.", "40 bình nước lọc", "nước lọc"),
        # ... up to a describing word, a verb of what was done, or a loan word's spelling
        ("Trao 200 hộp sữa tươi cho trẻ em.", "200 hộp sữa", "sữa"),
        ("Xã nhận 600 thùng mì chuyển từ tỉnh về.", "600 thùng mì", "mì"),
        ("Phát 150 gói muối i-ốt cho bà con.", "150 gói muối", "muối"),
        # a classifier's noun of two syllables stays whole; a measure's lexicon word is not
        # lengthened (`kg muối hột` is labelled `muối`)
        ("Tặng 60 tấm bạt che nắng cho tiểu thương.", "60 tấm bạt", "bạt"),
        ("Đã thu 300 chai nhựa đã qua sử dụng.", "300 chai", None),
        # ... while a measure measures the material itself
        ("Xã đổ 85 m3 bê tông mặt đường.", "85 m3 bê tông", "bê tông"),
        ("Đội thu gom 4 tấn nhựa phế thải.", "4 tấn nhựa phế thải", "nhựa phế thải"),
        ("Chi hội góp 50 kg muối hột.", "50 kg muối", "muối"),
    ],
)
def test_a_container_holds_a_compound_up_to_a_describing_word(
    text: str, surface: str, item: str | None
) -> None:
    figure = extract_figures(text)[0]
    assert (figure.surface, figure.item) == (surface, item)


@pytest.mark.parametrize(
    ("text", "surface", "unit", "item"),
    [
        # a place after a counter says where the things are (rule 2.5)
        ("Tỉnh xây 4 trạm y tế xã ở vùng cao.", "4 trạm y tế", "trạm y tế", None),
        # a compound of the lexicon that a counter begins is counted whole
        ("Hội trao 20 máy tính xách tay cho học sinh.", "20 máy tính", "máy tính", None),
        ("Xã mua 3 máy bơm nước cho hợp tác xã.", "3 máy bơm", "máy bơm", None),
        # a whole word of the lexicon that begins with a counter of the lexicon
        ("Phường có 3 sân thể thao.", "3 sân thể thao", "sân thể thao", None),
        # trade unions are counted like other organizations
        ("Huyện có 21 công đoàn cơ sở.", "21 công đoàn cơ sở", "công đoàn cơ sở", None),
        ("Xã lập 12 ban bầu cử.", "12 ban", "ban", None),
        # `khối` is a cubic metre, followed by what it measures
        ("Bà con góp 4 khối đá để làm đường.", "4 khối đá", "khối", "đá"),
        # the house of `ngôi nhà` keeps the programme's name (rule 2.8)
        ("Bàn giao 5 ngôi nhà đại đoàn kết.", "5 ngôi nhà đại đoàn kết", "căn", "nhà đại đoàn kết"),
        # a counter that groups takes the noun of the thing (rule 2.6)
        ("Đoàn viên xóa 9 điểm rác ven kênh.", "9 điểm rác", "điểm", "rác"),
    ],
)
def test_counters_and_the_words_after_them(
    text: str, surface: str, unit: str, item: str | None
) -> None:
    figure = extract_figures(text)[0]
    assert (figure.surface, figure.unit, figure.item) == (surface, unit, item)


@pytest.mark.parametrize(
    ("text", "surface", "item"),
    [
        ("Có 56 người dân tộc Chăm được tập huấn.", "56 người", None),
        ("Có 300 người dân vận động con em đi học.", "300 người dân", "người dân"),
        ("Hội thăm 30 nữ công nhân bị tai nạn.", "30 nữ công nhân", "công nhân"),
        ("Có 14 trưởng bản mới.", "14 trưởng bản", "trưởng bản"),
        ("Đoàn có 8 y tá và 4 bác sĩ.", "8 y tá", "y tá"),
        ("Huyện thăm 9 Mẹ Việt Nam Anh hùng.", "9 Mẹ Việt Nam Anh hùng", "Mẹ Việt Nam Anh hùng"),
    ],
)
def test_persons_and_the_words_around_them(text: str, surface: str, item: str | None) -> None:
    figure = extract_figures(text)[0]
    assert (figure.surface, figure.unit, figure.item) == (surface, "người", item)


def test_among_and_a_verb_of_guidance_before_a_count_are_no_names() -> None:
    assert figures_of("Trong số 48 đoàn viên có 20 đoàn viên nữ.") == [
        ("48 đoàn viên", "người", "đoàn viên", None),
        ("20 đoàn viên", "người", "đoàn viên", None),
    ]
    assert figures_of("Đoàn viên đã hướng dẫn 900 hộ dùng dịch vụ công.") == [
        ("900 hộ", "hộ", None, None)
    ]
    assert figures_of("Thực hiện Hướng dẫn 12 của Ban Dân vận.") == []


def test_a_label_without_its_colon_names_what_its_number_counts() -> None:
    text = "Kết quả bầu tổ trưởng: số phiếu phát ra 286, số phiếu hợp lệ 281."
    assert figures_of(text) == [("286", "phiếu", None, None), ("281", "phiếu", None, None)]
    # a label opening the sentence, and a dot that groups thousands ending no sentence
    assert figures_of("Số cử tri 12.450, số cử tri nữ 6.120.") == [
        ("12.450", "người", "cử tri", None),
        ("6.120", "người", "cử tri", None),
    ]
    assert extract_figures("Số nhà 12 bị ngập sâu.") == []


@pytest.mark.parametrize(
    ("text", "surface", "unit", "item"),
    [
        # `lượt` counts the persons by their whole noun (rule 2.12)
        ("Tổ hỗ trợ 90 lượt người dân mỗi tuần.", "90 lượt người dân", "lượt", "người dân"),
        # persons and households after another counter say whose the things are
        ("Xã số hóa 8.000 hồ sơ hộ tịch.", "8.000 hồ sơ", "hồ sơ", None),
        ("Xã cấp 320 thẻ căn cước cho học sinh.", "320 thẻ căn cước", "thẻ", "căn cước"),
        ("Đoàn viên kích hoạt 700 tài khoản định danh.", "700 tài khoản", "tài khoản", None),
        # an animal after `con` is its item, even when the lexicon of items lacks it (2.13)
        ("Hộ nuôi 40 con ong mật.", "40 con ong mật", "con", "ong mật"),
        ("Hộ nuôi 15 con thỏ trắng.", "15 con thỏ", "con", "thỏ"),
        ("Gia đình có 3 con đang đi học.", "3 con", "người", "con"),
    ],
)
def test_what_lượt_con_and_other_counters_count(
    text: str, surface: str, unit: str, item: str | None
) -> None:
    figure = extract_figures(text)[0]
    assert (figure.surface, figure.unit, figure.item) == (surface, unit, item)


def test_n_among_m_is_two_figures_in_the_unit_of_the_whole() -> None:
    assert figures_of("Có 3 trong số 7 thôn đạt chuẩn văn hóa.") == [
        ("3", "thôn", None, None),
        ("7 thôn", "thôn", None, None),
    ]


def test_vạn_is_ten_thousand() -> None:
    figure = extract_figures("Gần 3 vạn đoàn viên tham gia.")[0]
    assert (figure.surface, figure.value, figure.unit, figure.qualifier) == (
        "Gần 3 vạn đoàn viên",
        30_000,
        "người",
        "less_than",
    )


def test_a_line_opened_by_a_verb_counts_the_noun_after_its_number() -> None:
    """A report's list often leaves out the subject ("Xây 5 lò đốt rác."); a sentence opened
    by a name and its number ("Trận 2 vòng loại …") still has no figure."""
    assert [f.surface for f in extract_figures("Xây 4 bếp ăn bán trú.")] == ["4 bếp ăn"]
    assert [f.surface for f in extract_figures("Lắp 20 cụm loa ở các thôn.")] == ["20 cụm loa"]
    assert extract_figures("Trận 3 vòng bảng diễn ra tối qua.") == []


@pytest.mark.parametrize(
    ("text", "surface", "unit", "item"),
    [
        # what powers a thing only describes it, after a classifier or a counter the lexicon lacks
        ("Xã lắp 18 tấm pin năng lượng mặt trời.", "18 tấm pin", "tấm", "pin"),
        ("Đoàn lắp 60 đèn năng lượng mặt trời.", "60 đèn", "đèn", None),
        ("Hội tặng 9 chiếc tivi màn hình lớn.", "9 chiếc tivi", "chiếc", "tivi"),
        ("Chi đoàn phát 2.000 tờ gấp tuyên truyền.", "2.000 tờ gấp", "tờ gấp", None),
        # the occasion of gifts describes them, after a container as after `phần` (rule 2.9)
        ("Hội trao 80 túi quà Tết cho công nhân.", "80 túi quà", "túi", "quà"),
        ("Bộ đội dọn 150 tấn cây gãy đổ sau bão.", "150 tấn cây", "tấn", "cây"),
        # organizations of trade unions are organizations, not the verb "to organize"
        ("Tỉnh có 812 tổ chức công đoàn cơ sở.", "812 tổ chức", "tổ chức", None),
    ],
)
def test_describing_phrases_after_a_noun_are_left_out(
    text: str, surface: str, unit: str, item: str | None
) -> None:
    figure = extract_figures(text)[0]
    assert (figure.surface, figure.unit, figure.item) == (surface, unit, item)


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("Huyện gặp mặt 35 chủ trang trại tiêu biểu.", "chủ trang trại"),
        ("Xã có 12 cô đỡ thôn bản.", "cô đỡ"),
        ("Hội thăm 40 cựu thanh niên xung phong.", "cựu thanh niên xung phong"),
    ],
)
def test_owners_and_other_persons_of_the_lexicon(text: str, item: str) -> None:
    figure = extract_figures(text)[0]
    assert (figure.unit, figure.item) == ("người", item)


@pytest.mark.parametrize(
    ("text", "surface", "unit", "item"),
    [
        # classifiers and containers of goods, plants and animals take the noun after them
        ("Trạm y tế nhận 12 lọ thuốc sát trùng.", "12 lọ thuốc sát trùng", "lọ", "thuốc sát trùng"),
        ("Xã trao 3 cuộn lưới cho ngư dân.", "3 cuộn lưới", "cuộn", "lưới"),
        ("Chi hội tặng 50 bó hoa tươi.", "50 bó hoa", "bó", "hoa"),
        ("Hộ nuôi 6 đàn dê thả đồi.", "6 đàn dê", "đàn", "dê"),
        ("Trường có 40 chậu hoa giấy.", "40 chậu hoa giấy", "chậu", "hoa giấy"),
        # a kind named by two syllables whose first alone is an item is kept whole (rule 2.2)
        ("Hợp tác xã bán 30 tấn khoai tây.", "30 tấn khoai tây", "tấn", "khoai tây"),
        # (and `cấp` before `con` is the verb to grant, not a level)
        ("Hội cấp 15 con heo nái cho hộ nghèo.", "15 con heo nái", "con", "heo nái"),
        # ... but a book's use only describes it
        ("Thư viện nhận 90 cuốn sách tham khảo.", "90 cuốn sách", "cuốn", "sách"),
        # water animals are animals after `con`, not children
        ("Hộ thả 2.000 con cua giống.", "2.000 con cua", "con", "cua"),
        # a material that is also goods describes only after the first word
        ("Nhà văn hóa nhận 200 chiếc ghế gỗ.", "200 chiếc ghế", "chiếc", "ghế"),
        ("Dân góp 8 khối gỗ.", "8 khối gỗ", "khối", "gỗ"),
        # what a machine works on is no part of its name
        ("Hợp tác xã mua 2 chiếc máy xay lúa.", "2 chiếc máy xay", "chiếc", "máy xay"),
        # a dimension ends a counter's noun
        ("Xã có 3 cầu treo dài 60 m.", "3 cầu treo", "cầu treo", None),
        ("Xã xây 2 trạm bơm điện.", "2 trạm bơm", "trạm bơm", None),
    ],
)
def test_classifiers_kinds_materials_and_machines_of_the_open_vocabulary(
    text: str, surface: str, unit: str, item: str | None
) -> None:
    figure = extract_figures(text)[0]
    assert (figure.surface, figure.unit, figure.item) == (surface, unit, item)


@pytest.mark.parametrize(
    ("text", "surface", "unit", "item"),
    [
        # containers and classifiers of daily goods count what they hold
        ("Đoàn tặng 60 lon nước ngọt cho thiếu nhi.", "60 lon nước ngọt", "lon", "nước ngọt"),
        ("Chợ phiên bán 80 nải chuối.", "80 nải chuối", "nải", "chuối"),
        ("Nhà trường nhận 50 ram giấy.", "50 ram giấy", "ram", "giấy"),
        ("Bếp ăn nhận 30 khay trứng.", "30 khay trứng", "khay", "trứng"),
        # a second word that describes ends the item after a measure too
        ("Hộ dự trữ 12 tạ rơm khô cho trâu.", "12 tạ rơm", "tạ", "rơm"),
        # what a thing guards against, its public use and its material describe it
        ("Cơ sở tặng 20 thùng sơn chống gỉ.", "20 thùng sơn", "thùng", "sơn"),
        ("Phường đặt 50 chiếc thùng rác công cộng.", "50 chiếc thùng rác", "chiếc", "thùng rác"),
        ("Hội trao 30 chiếc chiếu cói.", "30 chiếc chiếu", "chiếc", "chiếu"),
        # ... but goods named by a general word keep their use
        ("Trạm phát 40 chai nước sát trùng.", "40 chai nước sát trùng", "chai", "nước sát trùng"),
        # compounds whose second syllable is also a function or describing word
        ("Thư viện có 80 quyển từ điển.", "80 quyển từ điển", "quyển", "từ điển"),
        ("Xã cấp 2 tạ đậu xanh.", "2 tạ đậu xanh", "tạ", "đậu xanh"),
        ("Hội trao 300 gói hạt giống.", "300 gói hạt giống", "gói", "hạt giống"),
        # kinds whose first syllable alone is an item
        ("Trường nhận 300 cây bút chì.", "300 cây bút chì", "cây", "bút chì"),
        ("Hộ nuôi thu 5 tấn cá tra.", "5 tấn cá tra", "tấn", "cá tra"),
        # `bản` counts copies of a record; before anything else it is a village
        ("Thôn lập 120 bản cam kết.", "120 bản cam kết", "bản", "cam kết"),
        ("Đoàn đến 3 bản vùng cao.", "3 bản", "bản", None),
        # a container's material comes before what it holds; a work's material describes it
        ("Xã nhận 20 thùng carton mì tôm.", "20 thùng carton mì tôm", "thùng", "mì tôm"),
        ("Thôn làm 3 cầu bê tông.", "3 cầu", "cầu", None),
        ("Thôn làm 12 cầu gỗ.", "12 cầu", "cầu", None),
        ("Hội tặng 90 đôi tất len.", "90 đôi tất", "đôi", "tất"),
        # ... and so does what powers a thing
        ("Xã lắp 30 tấm pin mặt trời.", "30 tấm pin", "tấm", "pin"),
        ("Hội tặng 40 chiếc đèn tích điện.", "40 chiếc đèn", "chiếc", "đèn"),
        # a building's counter takes no item, whatever it serves
        ("Xã xây 3 nhà chờ xe khách.", "3 nhà chờ", "nhà chờ", None),
    ],
)
def test_containers_describing_words_and_kinds_of_daily_goods(
    text: str, surface: str, unit: str, item: str | None
) -> None:
    figure = extract_figures(text)[0]
    assert (figure.surface, figure.unit, figure.item) == (surface, unit, item)


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        # counters whose second syllable is a function word, or which a third completes
        ("Xã lắp 6 thiết bị cảnh báo lũ.", [("6 thiết bị", "thiết bị", None)]),
        ("Trung tâm trao 90 chứng chỉ tin học.", [("90 chứng chỉ", "chứng chỉ", None)]),
        (
            "Huyện có 3 sân bóng đá và 2 bãi đỗ xe.",
            [("3 sân bóng đá", "sân bóng đá", None), ("2 bãi đỗ xe", "bãi đỗ xe", None)],
        ),
        # a loan word's spelling is the whole counter
        ("Chợ có 40 ki-ốt bán hàng.", [("40 ki-ốt", "ki-ốt", None)]),
        # trades, parents and abbreviations of staff count persons
        (
            "Có 16 thợ hồ và 70 phụ huynh dự họp.",
            [("16 thợ hồ", "người", "thợ hồ"), ("70 phụ huynh", "người", "phụ huynh")],
        ),
        (
            "Hơn 120 CBCC và 30 TNXP tham gia.",
            [("Hơn 120 CBCC", "người", "CBCC"), ("30 TNXP", "người", "TNXP")],
        ),
        # Sino-Vietnamese nouns of persons by their last syllable, and trades the lexicon names
        (
            "Đoàn thăm 6 kỹ sư và 4 thương nhân.",
            [("6 kỹ sư", "người", "kỹ sư"), ("4 thương nhân", "người", "thương nhân")],
        ),
        (
            "Có 12 nghiên cứu sinh và 5 chuyên gia.",
            [
                ("12 nghiên cứu sinh", "người", "nghiên cứu sinh"),
                ("5 chuyên gia", "người", "chuyên gia"),
            ],
        ),
        # ... but a cause is no person
        ("Có 3 nguyên nhân chính.", [("3 nguyên nhân", "nguyên nhân", None)]),
        # buildings, works and vehicles counted by their whole word (rules 2.5, 2.8)
        ("Xây 5 nhà bia ghi danh liệt sĩ.", [("5 nhà bia", "nhà bia", None)]),
        ("Huyện có 5 xe cứu hỏa.", [("5 xe cứu hỏa", "xe cứu hỏa", None)]),
        ("Trồng 1.500 m hàng rào xanh.", [("1.500 m hàng rào", "m", "hàng rào")]),
        # a size after `loại` and an engine's power are measures, not names
        (
            "Hội tặng 40 bình gas loại 12 kg.",
            [("40 bình gas", "bình", "gas"), ("12 kg", "kg", None)],
        ),
        ("Tàu có máy công suất 90 CV.", [("90 CV", "CV", None)]),
    ],
)
def test_counters_persons_sizes_and_powers(
    text: str, surfaces: list[tuple[str, str, str | None]]
) -> None:
    assert [(f.surface, f.unit, f.item) for f in extract_figures(text)] == surfaces


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        # persons named by their calling, their exam rank or their work (rule 2.11)
        (
            "Lễ tuyên dương 12 thủ khoa, 30 tác giả và 400 sư sãi.",
            [
                ("12 thủ khoa", "người", "thủ khoa"),
                ("30 tác giả", "người", "tác giả"),
                ("400 sư sãi", "người", "sư sãi"),
            ],
        ),
        # the respectful classifier alone, and the children of a group
        (
            "Ban chấp hành gồm 35 vị; hội giúp 80 con em hội viên.",
            [("35 vị", "người", "vị"), ("80 con em", "người", "con em")],
        ),
        # the classifier of children before the noun is dropped
        ("Đoàn tặng quà 90 em thiếu nhi.", [("90 em thiếu nhi", "người", "thiếu nhi")]),
    ],
)
def test_persons_by_calling_and_classifier(
    text: str, surfaces: list[tuple[str, str, str | None]]
) -> None:
    assert [(f.surface, f.unit, f.item) for f in extract_figures(text)] == surfaces


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        # a crop or a food of two syllables is one item after a measure or a container (2.2)
        (
            "Hội gửi 3 tạ gạo nếp, 50 thùng nước lọc và 4 tấn rau củ.",
            [
                ("3 tạ gạo nếp", "tạ", "gạo nếp"),
                ("50 thùng nước lọc", "thùng", "nước lọc"),
                ("4 tấn rau củ", "tấn", "rau củ"),
            ],
        ),
        ("Lũ làm ngập 700 ha hoa màu.", [("700 ha hoa màu", "ha", "hoa màu")]),
        # `gốc` counts trees as `cây` does
        (
            "Anh trồng 300 gốc sầu riêng và 80 cây măng cụt.",
            [("300 gốc sầu riêng", "gốc", "sầu riêng"), ("80 cây măng cụt", "cây", "măng cụt")],
        ),
    ],
)
def test_two_syllable_items_and_trees_by_stump(
    text: str, surfaces: list[tuple[str, str, str | None]]
) -> None:
    assert [(f.surface, f.unit, f.item) for f in extract_figures(text)] == surfaces


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        # schools, machines and leaflets counted by their whole word (rule 2.5)
        (
            "Đoàn đến 12 trường đại học và 40 trường phổ thông dân tộc bán trú.",
            [
                ("12 trường đại học", "trường đại học", None),
                ("40 trường phổ thông dân tộc bán trú", "trường phổ thông dân tộc bán trú", None),
            ],
        ),
        (
            "Xã có 9 máy gặt đập liên hợp, 5 máy phun thuốc và 3 máy xới đất.",
            [
                ("9 máy gặt đập liên hợp", "máy gặt đập liên hợp", None),
                ("5 máy phun thuốc", "máy phun thuốc", None),
                ("3 máy xới đất", "máy xới đất", None),
            ],
        ),
        (
            "Phát 800 tờ bướm tại 7 tổ chức cơ sở đảng trong 3 khung giờ.",
            [
                ("800 tờ bướm", "tờ bướm", None),
                ("7 tổ chức cơ sở đảng", "tổ chức cơ sở đảng", None),
                ("3 khung giờ", "khung giờ", None),
            ],
        ),
        # provinces and cities in one word, but not before `phố`
        ("Cả 63 tỉnh thành đều tham gia.", [("63 tỉnh thành", "tỉnh thành", None)]),
        ("Cả 63 tỉnh thành phố đều tham gia.", [("63 tỉnh", "tỉnh", None)]),
    ],
)
def test_counters_by_their_whole_word(
    text: str, surfaces: list[tuple[str, str, str | None]]
) -> None:
    assert [(f.surface, f.unit, f.item) for f in extract_figures(text)] == surfaces


def test_counter_noun_keeps_its_capital_as_written() -> None:
    # FIGURES.md: any other unit is the counter noun as written ("Tổ bầu cử" is a name)
    figures = extract_figures("Huyện lập 14 Ban bầu cử và 120 Tổ bầu cử.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("14 Ban", "Ban", None),
        ("120 Tổ", "Tổ", None),
    ]


def test_vehicles_counted_by_turn_keep_their_noun() -> None:
    # rule 2.12: `N lượt X` has X as item, also when what the vehicles did follows
    figures = extract_figures("Đồn kiểm soát 800 lượt tàu cá ra khơi và 40 lượt xe máy chở hàng.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("800 lượt tàu cá", "lượt", "tàu cá"),
        ("40 lượt xe máy", "lượt", "xe máy"),
    ]


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        # a verb of belonging, a kind of lamp and a pair joined by a dash end the item (2.2)
        ("Còn 6 km thuộc thôn Hai.", [("6 km", "km", None)]),
        ("Hội tặng 20 bộ đèn led.", [("20 bộ đèn", "bộ", "đèn")]),
        (
            "In 3.000 cuốn cẩm nang hỏi - đáp pháp luật.",
            [("3.000 cuốn cẩm nang", "cuốn", "cẩm nang")],
        ),
        # a prefabricated house is still a home (2.8)
        ("Bàn giao 2 nhà lắp ghép cho hộ nghèo.", [("2 nhà", "căn", "nhà")]),
    ],
)
def test_items_end_before_belonging_kind_and_dashed_pair(
    text: str, surfaces: list[tuple[str, str, str | None]]
) -> None:
    assert [(f.surface, f.unit, f.item) for f in extract_figures(text)] == surfaces


def test_con_counts_ways_and_waters_too() -> None:
    # `con` before a way or a water is its classifier, not the children of a family
    figures = extract_figures("Xã nạo vét 4 con kênh và bê tông hóa 25 con hẻm.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("4 con kênh", "con", "kênh"),
        ("25 con hẻm", "con", "hẻm"),
    ]
    figures = extract_figures("Bà một mình nuôi 3 con.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [("3 con", "người", "con")]


def test_party_state_and_police_count_persons_and_so_do_household_members() -> None:
    figures = extract_figures(
        "Chi bộ kết nạp 12 quần chúng ưu tú; công an bắt 3 nghi phạm và 2 bị can."
    )
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("12 quần chúng", "người", "quần chúng"),
        ("3 nghi phạm", "người", "nghi phạm"),
        ("2 bị can", "người", "bị can"),
    ]
    figures = extract_figures("Nhà anh có 6 khẩu, anh một mình nuôi 4 đứa con đi học.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("6 khẩu", "người", "khẩu"),
        ("4 đứa con", "người", "con"),
    ]
    # with a gun named, `khẩu` stays its classifier
    figures = extract_figures("Người dân giao nộp súng tự chế, tổng cộng 5 khẩu.")
    assert [(f.surface, f.unit) for f in figures] == [("5 khẩu", "khẩu")]


def test_counters_keep_their_whole_word_and_drop_ranks_and_states() -> None:
    figures = extract_figures(
        "Hội nghị nối tới 45 điểm cầu; hội thi có 4 phần thi, trao 3 giải nhì, 2 giải ba."
    )
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("45 điểm cầu", "điểm cầu", None),
        ("4 phần thi", "phần thi", None),
        ("3 giải", "giải", None),
        ("2 giải", "giải", None),
    ]
    figures = extract_figures("Xã có 9 ao nổi, 4 vườn mẫu và 120 nhà sập sau bão.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("9 ao", "ao", None),
        ("4 vườn", "vườn", None),
        ("120 nhà", "căn", "nhà"),
    ]
    figures = extract_figures("Hội xây 80 nhà tiêu; đội thi 6 môn thi đấu.")
    assert [(f.surface, f.unit) for f in figures] == [("80 nhà tiêu", "nhà tiêu"), ("6 môn", "môn")]
    # a prize's rank names it
    assert extract_figures("Đội bóng đạt giải Ba môn bóng chuyền.") == []
    # so does the number of a quarter of a town
    assert extract_figures("Các chị khu 5 tập thể dục mỗi chiều.") == []
    figures = extract_figures("Nhóm phát 300 ổ bánh mì cho bệnh nhân.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [("300 ổ bánh mì", "ổ", "bánh mì")]


def test_population_distances_spelled_areas_and_rates_by_batch_or_by_one_unit() -> None:
    figures = extract_figures("Tỉnh rộng 8.500 km², dân số 1.250,5 nghìn người.")
    assert [(f.surface, f.value, f.unit) for f in figures] == [
        ("8.500 km²", 8500, "km2"),
        ("1.250,5 nghìn người", 1_250_500, "người"),
    ]
    figures = extract_figures("Các em bơi được quãng đường 20–30m trên sân 450 mét vuông.")
    assert [(f.surface, f.value_max, f.unit) for f in figures] == [
        ("20–30m", 30, "m"),
        ("450 mét vuông", None, "m2"),
    ]
    figures = extract_figures("Trại nuôi 2.500 con/lứa; chi phí 15 triệu đồng/1km đường.")
    assert [(f.surface, f.per) for f in figures] == [
        ("2.500 con/lứa", "lứa"),
        ("15 triệu đồng/1km", "km"),
    ]


def test_a_rate_s_composition_in_brackets_is_per_its_base_and_yearly_stops_at_a_comma() -> None:
    figures = extract_figures(
        "Mức quà 2 triệu đồng/hộ (gồm 1,5 triệu đồng tiền mặt và quà trị giá 500 nghìn đồng)."
    )
    assert [(f.surface, f.per) for f in figures] == [
        ("2 triệu đồng/hộ", "hộ"),
        ("1,5 triệu đồng", "hộ"),
        ("500 nghìn đồng", "hộ"),
    ]
    figures = extract_figures("Xã kết nạp 85 đảng viên, tỷ lệ kết nạp hằng năm đạt 6%.")
    assert [(f.surface, f.per) for f in figures] == [("85 đảng viên", None), ("6%", None)]


def test_offsets_spans_with_their_noun_clock_lists_and_game_formats_are_no_figures() -> None:
    assert extract_figures("Ba năm trước, anh được hội hỗ trợ vốn.") == []
    assert [f.surface for f in extract_figures("Hai ngày sau, đoàn thăm 15 hộ.")] == ["15 hộ"]
    assert extract_figures("Đoàn viên chuẩn bị từ trước đó ba tuần.") == []
    assert extract_figures("Trong thời gian 4 ngày, lớp học diễn ra sôi nổi.") == []
    assert extract_figures("Loa phát vào 6 giờ, 11 giờ và 18 giờ hằng ngày.") == []
    assert extract_figures("Giải có các môn kéo co, bóng đá nam 5 người và cờ tướng.") == []
    assert extract_figures("Tổ trực 24/24 giờ trong mùa mưa bão.") == []


def test_loan_and_project_terms_and_hours_done_still_count() -> None:
    figures = extract_figures("Quỹ giúp 12 hộ vay trong 36 tháng; loa phát được 140 giờ.")
    assert [(f.surface, f.unit) for f in figures] == [
        ("12 hộ", "hộ"),
        ("36 tháng", "tháng"),
        ("140 giờ", "giờ"),
    ]


def test_quoted_models_are_counted_by_the_counter_their_name_begins_with() -> None:
    figures = extract_figures("Toàn tỉnh có 212 “Chi hội 3 sạch”, 45 “Tổ phụ nữ 5 không”.")
    assert [(f.surface, f.unit) for f in figures] == [
        ("212 “Chi hội", "chi hội"),
        ("45 “Tổ", "tổ"),
    ]


def test_a_label_of_its_own_ended_by_là_says_what_a_bare_number_counts() -> None:
    figures = extract_figures("Phường có 9 tổ bầu cử; số cử tri đã đi bầu là 6.120 (đạt 99%).")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("9 tổ", "tổ", None),
        ("6.120", "người", "cử tri"),
        ("99%", "%", None),
    ]
    figures = extract_figures("Có 400 người dự tuyển và số người được nhận là 95.")
    assert [(f.surface, f.unit) for f in figures] == [("400 người", "người"), ("95", "người")]
    figures = extract_figures("Tổng số phiếu thu về là 3.210, trong đó phiếu hợp lệ là 3.190.")
    assert [(f.surface, f.unit) for f in figures] == [("3.210", "phiếu"), ("3.190", "phiếu")]
    # a count written before `mỗi X` of its own unit is not per X (rule 3.3)
    figures = extract_figures("Hội giúp 20 hộ mỗi hộ 2 con dê.")
    assert [(f.surface, f.per) for f in figures] == [("20 hộ", None), ("2 con dê", "hộ")]


def test_parts_of_a_total_by_level_in_a_bracket_take_its_unit() -> None:
    figures = extract_figures("Hội tổ chức 54 cuộc giám sát (12 cấp tỉnh, 42 cấp xã) trong năm.")
    assert [(f.surface, f.value, f.unit) for f in figures] == [
        ("54 cuộc", 54, "cuộc"),
        ("12", 12, "cuộc"),
        ("42", 42, "cuộc"),
    ]


def test_rooms_and_storms_are_counted_in_a_list_with_a_spelled_one() -> None:
    figures = extract_figures("Căn nhà có 3 phòng ngủ, một phòng khách; năm qua có hai cơn bão.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("3 phòng ngủ", "phòng ngủ", None),
        ("một phòng khách", "phòng khách", None),
        ("hai cơn bão", "cơn", "bão"),
    ]


def test_doses_product_lines_southern_land_and_minorities_by_their_words() -> None:
    figures = extract_figures(
        "Trẻ được tiêm 2 mũi vắc xin; HTX có 4 dòng sản phẩm, 9 công đất và 12 DTTS cùng sống."
    )
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("2 mũi vắc xin", "mũi", "vắc xin"),
        ("4 dòng sản phẩm", "dòng", "sản phẩm"),
        ("9 công đất", "công", "đất"),
        ("12 DTTS", "DTTS", None),
    ]


def test_a_yearly_opening_is_the_base_of_the_sentence_and_a_trailing_one_of_its_figure() -> None:
    figures = extract_figures(
        "Hằng năm tổ hợp tác bán được 1.200 tấn cà phê, xuất khẩu từ 300 - 400 tấn cà phê."
    )
    assert [(f.surface, f.per) for f in figures] == [
        ("1.200 tấn cà phê", "năm"),
        ("từ 300 - 400 tấn cà phê", "năm"),
    ]
    figures = extract_figures("Chị lãi 300 triệu đồng mỗi năm từ vườn cam rộng 3 ha.")
    assert [(f.surface, f.per) for f in figures] == [("300 triệu đồng", "năm"), ("3 ha", None)]


def test_turns_of_online_acts_and_opinions_keep_their_noun() -> None:
    figures = extract_figures(
        "Trang tin có 12.000 lượt tiếp cận, 900 lượt tương tác và 350 lượt ý kiến góp ý."
    )
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("12.000 lượt tiếp cận", "lượt", "tiếp cận"),
        ("900 lượt tương tác", "lượt", "tương tác"),
        ("350 lượt ý kiến", "lượt", "ý kiến"),
    ]
    figures = extract_figures("Huyện có 3.400 người tàn tật.")
    assert [(f.surface, f.item) for f in figures] == [("3.400 người tàn tật", "người tàn tật")]
    # a place counted takes no item, whatever word follows it (rule 2.5)
    figures = extract_figures("Quỹ cho vay tại 45 địa phương thông qua 800 dự án.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("45 địa phương", "địa phương", None),
        ("800 dự án", "dự án", None),
    ]


def test_a_new_counter_before_a_known_two_syllable_word_counts_that_word() -> None:
    # `bánh` and `gương` are read as counters the lexicon lacks; the two syllables
    # after them are a word of the lexicon, not a second half of the counter
    figures = extract_figures("Hội trao 80 bánh xà phòng và tuyên dương 14 gương điển hình.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("80 bánh xà phòng", "bánh", "xà phòng"),
        ("14 gương điển hình", "gương", "điển hình"),
    ]


def test_members_named_by_a_place_in_a_list_whose_heading_names_the_count() -> None:
    figures = extract_figures("Số hộ được hỗ trợ theo xã: Tân Lập 14, Hòa Bình 9, Yên Sơn 22.")
    assert [(f.surface, f.unit) for f in figures] == [("14", "hộ"), ("9", "hộ"), ("22", "hộ")]


def test_everything_in_a_package_is_counted_and_per_the_package() -> None:
    figures = extract_figures(
        "Mỗi suất gồm bánh, sữa và một hộp sữa chua; xã còn phát 90 chai nước."
    )
    assert [(f.surface, f.unit, f.per) for f in figures] == [
        ("một hộp sữa chua", "hộp", "suất"),
        ("90 chai nước", "chai", None),
    ]
    figures = extract_figures(
        "Mỗi suất học bổng gồm: 5 triệu đồng; một khóa học kỹ năng trị giá 3 triệu đồng."
    )
    assert [(f.surface, f.unit, f.per) for f in figures] == [
        ("5 triệu đồng", "đồng", "suất"),
        ("một khóa", "khóa", "suất"),
        ("3 triệu đồng", "đồng", "suất"),
    ]


def test_shift_is_counted_apart_from_its_duty() -> None:
    # rule 2.7: the work of a shift is no part of it; a case of a disease is another noun
    figures = extract_figures("Đội chia thành 4 ca trực đêm, ghi nhận 12 ca bệnh.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("4 ca", "ca", None),
        ("12 ca bệnh", "ca bệnh", None),
    ]


def test_breeds_and_pairs_of_two_syllables() -> None:
    # a breed that names a kind is part of the item (2.2), and `cặp` counts pairs as `đôi`
    figures = extract_figures("Hội trao 500 con gà ri, 90 cây dừa xiêm và 60 cặp kính lão.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("500 con gà ri", "con", "gà ri"),
        ("90 cây dừa xiêm", "cây", "dừa xiêm"),
        ("60 cặp kính lão", "cặp", "kính lão"),
    ]


def test_classifiers_of_land_islands_and_buildings_count_the_noun_after_them() -> None:
    figures = extract_figures("Xã giao 36 lô đất tái định cư; vùng biển có 140 hòn đảo nhỏ.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("36 lô đất", "lô", "đất"),
        ("140 hòn đảo", "hòn", "đảo"),
    ]
    figures = extract_figures("Nhân dân góp công tu sửa 3 ngôi chùa và 7 ngôi trường cũ.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("3 ngôi chùa", "ngôi", "chùa"),
        ("7 ngôi trường", "ngôi", "trường"),
    ]


def test_stations_bodies_rooms_and_the_border_line_are_read_as_whole_words() -> None:
    figures = extract_figures(
        "Huyện có 4 trạm biến áp, 2 trạm thu phí, 41 ban thanh tra nhân dân và 12 phòng vệ "
        "sinh mới ở 9 cơ sở giáo dục."
    )
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("4 trạm biến áp", "trạm biến áp", None),
        ("2 trạm thu phí", "trạm thu phí", None),
        ("41 ban thanh tra nhân dân", "ban thanh tra nhân dân", None),
        ("12 phòng vệ sinh", "phòng vệ sinh", None),
        ("9 cơ sở giáo dục", "cơ sở giáo dục", None),
    ]
    figures = extract_figures("Đồn quản lý 27,5 km đường biên giới và góp ý 3 dự án luật.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("27,5 km đường biên giới", "km", "đường biên giới"),
        ("3 dự án luật", "dự án luật", None),
    ]


def test_what_a_container_is_for_is_no_item_and_water_filters_are_whole_words() -> None:
    figures = extract_figures(
        "Đoàn trao 80 hộp lọc nước, 500 gói bột lọc nước và 6 chiếc bình lọc nước."
    )
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("80 hộp", "hộp", None),
        ("500 gói bột", "gói", "bột"),
        ("6 chiếc bình lọc nước", "chiếc", "bình lọc nước"),
    ]


def test_con_counts_animals_named_later_in_the_clause_or_earlier_in_a_long_list() -> None:
    figures = extract_figures("Ban đầu hộ chỉ nuôi 4 con, nay đàn lợn đã lên 30 con.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("4 con", "con", None),
        ("30 con", "con", None),
    ]
    figures = extract_figures("Gia đình chị có 3 con, cháu lớn đang học lớp 9.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [("3 con", "người", "con")]


def test_a_field_after_a_counter_the_lexicon_lacks_is_not_cut_into_it() -> None:
    figures = extract_figures("Đoàn giám sát nêu 7 lỗi kỹ thuật; xã còn 12 nền tái định cư trống.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [
        ("7 lỗi", "lỗi", None),
        ("12 nền", "nền", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Quán mở được 3 năm thì chuyển sang bán cơm.",
        "Máy chỉ chạy được 2-3 tháng là hỏng.",
        "Ba giờ trước khi khai mạc, đội đã dựng xong sân khấu.",
        "Chậm nhất là 10 ngày làm việc sau khi nhận hồ sơ, xã phải trả lời.",
        "Hội nghị được tổ chức 2 năm một lần.",
        "Anh là thợ lặn với gần 20 năm kinh nghiệm.",
        "Sau 6 giờ liền cứu hộ, đội đưa được thuyền vào bờ.",
        "Chợ họp vào 6 giờ, 9 giờ 15 và 17 giờ.",
    ],
)
def test_offsets_periods_lengths_of_service_and_lists_of_clock_times_are_no_figures(
    text: str,
) -> None:
    assert extract_figures(text) == []


def test_hours_of_work_and_a_term_still_count_beside_a_span() -> None:
    figures = extract_figures("Được 2 năm, đài phát 150 giờ tiếp âm, vay trong thời hạn 24 tháng.")
    assert [(f.surface, f.unit) for f in figures] == [("150 giờ", "giờ"), ("24 tháng", "tháng")]


def test_grassroots_unions_and_quoted_union_homes_are_counted() -> None:
    figures = extract_figures(
        "Huyện lập mới 7 CĐCS và trao 5 “Mái ấm Công đoàn”, 2 Mái ấm Công đoàn đang xây."
    )
    assert [(f.surface, f.value, f.unit) for f in figures] == [
        ("7 CĐCS", 7, "CĐCS"),
        ("5 “Mái ấm Công đoàn”", 5, "căn"),
        ("2 Mái ấm Công đoàn", 2, "căn"),
    ]


def test_a_package_for_a_group_and_a_participle_before_và_keep_the_rate() -> None:
    figures = extract_figures(
        "Mỗi suất quà dành cho người cao tuổi trị giá 600.000 đồng, dành cho trẻ em là "
        "400.000 đồng."
    )
    assert [(f.surface, f.per) for f in figures] == [
        ("600.000 đồng", "suất"),
        ("400.000 đồng", "suất"),
    ]
    figures = extract_figures("Mỗi hộ nhận 10 con vịt đã tiêm vắc xin và 2 bao cám.")
    assert [(f.surface, f.per) for f in figures] == [("10 con vịt", "hộ"), ("2 bao cám", "hộ")]
    figures = extract_figures("Mỗi cánh đồng đặt 4 thùng rác.")
    assert [(f.surface, f.per) for f in figures] == [("4 thùng rác", "cánh đồng")]


def test_money_after_a_name_word_stars_estimates_and_people_who_live_somewhere() -> None:
    figures = extract_figures("Chị vay từ quỹ tổ 15 triệu đồng để nuôi bò.")
    assert [(f.surface, f.value) for f in figures] == [("15 triệu đồng", 15_000_000)]
    figures = extract_figures("Có 6 sản phẩm đạt OCOP 4 sao của 3 công ty.")
    assert [(f.surface, f.unit) for f in figures] == [
        ("6 sản phẩm", "sản phẩm"),
        ("3 công ty", "công ty"),
    ]
    figures = extract_figures("Thiệt hại ước tính gần 12 tỷ đồng.")
    assert [(f.surface, f.qualifier) for f in figures] == [("ước tính gần 12 tỷ đồng", "approx")]
    figures = extract_figures("Huyện có hơn 200 nghìn dân sinh sống ở vùng cao.")
    assert [(f.surface, f.value, f.unit) for f in figures] == [
        ("hơn 200 nghìn dân", 200_000, "người")
    ]
    figures = extract_figures("Mỗi tổ chọn ít nhất 2 loại hình sinh hoạt.")
    assert [(f.surface, f.qualifier, f.per) for f in figures] == [
        ("ít nhất 2 loại hình", "at_least", "tổ")
    ]


def test_documents_gold_degrees_and_centimetres_are_units() -> None:
    figures = extract_figures("Hội đồng nhân dân huyện đã thông qua 7 nghị quyết và 3 đề án.")
    assert [(f.surface, f.unit) for f in figures] == [
        ("7 nghị quyết", "nghị quyết"),
        ("3 đề án", "đề án"),
    ]
    figures = extract_figures("Đêm qua trời rét, có nơi dưới 5°C, mực nước lên thêm 15 cm.")
    assert [(f.surface, f.unit, f.qualifier) for f in figures] == [
        ("dưới 5°C", "°C", "less_than"),
        ("15 cm", "cm", "exact"),
    ]
    figures = extract_figures("Tổ hòa giải đã giúp hai bên chia lại 9 chỉ vàng.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [("9 chỉ vàng", "chỉ", "vàng")]
    assert extract_figures("Văn bản dẫn Nghị quyết 12 của Tỉnh ủy.") == []


def test_a_name_word_ending_a_longer_word_names_no_number() -> None:
    figures = extract_figures("Tổ đã hòa giải 35 vụ, lập biên bản 12 vụ vi phạm pháp luật 4 vụ.")
    assert [(f.surface, f.unit) for f in figures] == [
        ("35 vụ", "vụ"),
        ("12 vụ", "vụ"),
        ("4 vụ", "vụ"),
    ]
    figures = extract_figures("Xã nằm trong danh mục 12 công trình cần thu hồi đất.")
    assert [(f.surface, f.unit) for f in figures] == [("12 công trình", "công trình")]


def test_an_animal_anywhere_in_the_sentence_keeps_con_the_counter() -> None:
    figures = extract_figures(
        "Tổng đàn lợn của huyện hơn 52 nghìn con, trong đó xã Tân Lập có khoảng 8 nghìn con."
    )
    assert [(f.value, f.unit) for f in figures] == [(52_000, "con"), (8_000, "con")]
    figures = extract_figures("Ban đầu chị mua 4 con, nay đàn bò đã có 11 con.")
    assert [(f.surface, f.unit) for f in figures] == [("4 con", "con"), ("11 con", "con")]
    figures = extract_figures("Chị nuôi 3 con, cá nhân chị được hỗ trợ vay vốn.")
    assert [(f.surface, f.unit, f.item) for f in figures] == [("3 con", "người", "con")]


def test_the_classifier_after_each_is_not_the_base() -> None:
    figures = extract_figures("Mỗi ngôi chùa được tặng 2 bình chữa cháy.")
    assert [(f.surface, f.per) for f in figures] == [("2 bình chữa cháy", "chùa")]


def test_the_period_a_report_covers_and_đầu_tư_are_no_figures() -> None:
    figures = extract_figures("Lũy kế 9 tháng, huyện xảy ra 14 vụ cháy rừng.")
    assert [f.surface for f in figures] == ["14 vụ"]
    assert extract_figures("Hội nghị tổng kết 5 năm thực hiện phong trào thi đua.") == []
    assert extract_figures("Cử tri đề nghị đầu tư cống thoát nước cho khu dân cư.") == []

"""Writing totals back the report way (officialese)."""

from decimal import Decimal

import pytest

from danvan.vi.phrasing import approx_money, approx_number, approx_phrase, approx_quantity


def test_the_seed_articles_three_figures() -> None:
    assert approx_phrase(73850, "suất quà") == "gần 74.000 suất quà"
    assert approx_money(33_214_000_000) == "hơn 33 tỉ đồng"
    assert approx_quantity(Decimal("497300"), "kg", "gạo") == "gần 500 tấn gạo"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (120, "120"),  # small counts stay exact
        (999, "999"),
        (74000, "74.000"),  # exactly the rounded value: no hedge
        (1250, "gần 1.300"),  # half up
        (1240, "hơn 1.200"),
        (Decimal("12345.6"), "hơn 12.000"),
    ],
)
def test_rounding_and_hedges(value: int | Decimal, written: str) -> None:
    assert approx_number(value) == written


@pytest.mark.parametrize(
    ("dong", "written"),
    [
        (150_000, "150.000 đồng"),
        (123_456, "hơn 120.000 đồng"),
        (2_500_000, "2,5 triệu đồng"),
        (999_600_000, "gần 1 tỉ đồng"),  # rounds up into the next unit
        (1_250_000_000, "gần 1,3 tỉ đồng"),
        (5_000_000_000, "5 tỉ đồng"),
    ],
)
def test_money_moves_to_triệu_and_tỉ(dong: int, written: str) -> None:
    assert approx_money(dong) == written


def test_kilograms_become_tonnes_from_a_thousand() -> None:
    assert approx_quantity(Decimal("999.6"), "kg", "gạo") == "999,6 kg gạo"
    assert approx_quantity(Decimal("1500"), "kg", "gạo") == "1,5 tấn gạo"
    assert approx_quantity(12345, "kg") == "hơn 12 tấn"
    assert approx_quantity(8200, "buổi") == "8.200 buổi"


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        approx_money(1.5)  # type: ignore[arg-type]

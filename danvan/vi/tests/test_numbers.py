from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan.vi import format_number, parse_number


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (74000, "74.000"),
        (Decimal("1.5"), "1,5"),
        (0, "0"),
        (999, "999"),
        (1000, "1.000"),
        (33_214_000_000, "33.214.000.000"),
        (-1234567, "-1.234.567"),
        (Decimal("-1234.50"), "-1.234,50"),
        (Decimal("0.001"), "0,001"),
    ],
)
def test_format_number_writes_the_vietnamese_form(value: int | Decimal, text: str) -> None:
    assert format_number(value) == text


def test_format_number_refuses_floats() -> None:
    with pytest.raises(TypeError):
        format_number(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("74.000", 74000),
        ("1,5", Decimal("1.5")),
        ("33.214.000.000", 33_214_000_000),
        ("1.234,56", Decimal("1234.56")),
        ("74000", 74000),
        ("03", 3),
        (" 12.500 ", 12500),
        ("-1.234,5", Decimal("-1234.5")),
        ("0,125", Decimal("0.125")),
        ("12,50", Decimal("12.50")),
        ("74\u00a0000", 74000),
    ],
)
def test_parse_number_reads_the_vietnamese_form(text: str, value: int | Decimal) -> None:
    parsed = parse_number(text)
    assert parsed == value
    assert type(parsed) is type(value)


@pytest.mark.parametrize(
    ("text", "shown_fix"),
    [
        ("74,000", "74.000"),  # English thousands: the message shows the Vietnamese form
        ("1.5", "1,5"),  # English decimal point
        ("1,234.5", "1.234,5"),
        ("7.4.000", "74.000"),  # malformed grouping: the message shows an example
        ("", "74.000"),
        ("mười", "74.000"),
        ("12.5000", "12,5000"),
    ],
)
def test_parse_number_rejects_ambiguous_or_malformed_input_in_vietnamese(
    text: str, shown_fix: str
) -> None:
    with pytest.raises(ValueError) as error:
        parse_number(text)
    assert shown_fix in str(error.value)


def test_three_decimals_are_read_as_decimals_where_the_field_holds_quantities() -> None:
    assert parse_number("1,250", decimal_field=True) == Decimal("1.250")
    with pytest.raises(ValueError):
        parse_number("1,250")


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_format_then_parse_gives_back_an_integer(value: int) -> None:
    assert parse_number(format_number(value)) == value


@given(
    st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=4, allow_nan=False)
)
def test_format_then_parse_gives_back_a_decimal(value: Decimal) -> None:
    # A decimal quantity field reads "1,250" as 1,25; elsewhere three decimals are ambiguous.
    assert parse_number(format_number(value), decimal_field=True) == value


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2, allow_nan=False))
def test_format_then_parse_gives_back_two_place_decimals_in_any_field(value: Decimal) -> None:
    assert parse_number(format_number(value)) == value

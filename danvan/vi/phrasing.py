"""Writing totals back the way Vietnamese reports write them ("officialese").

The rules, as `shared/FIGURES.md` sets them and the seed article shows them:

1. **Small counts stay exact.** A value below 1.000 (in the unit it is written in, after any
   promotion below) is written in full: "120 buổi", "497,3 tấn" does not apply because
   497.300 kg is large (rule 3).
2. **Large totals round to two significant figures**, half up: 73.850 → 74.000,
   33,214 tỉ → 33 tỉ, 1.250 → 1.300. Decimal places that rounding leaves are written with
   a comma: 1,25 tỉ → "1,3 tỉ".
3. **Units are promoted before rounding.** Money: from 10⁶ đồng the total is written in
   triệu, from 10⁹ in tỉ ("tỉ", the seed's spelling). Mass: from 1.000 kg in tấn. A total
   that rounds up to 1.000 of its unit moves to the next one (999.600.000 đồng → "gần 1 tỉ").
4. **Say which way the rounding went**: "gần" when the true value is below the written one,
   "hơn" when above, nothing when they are equal ("74.000 suất quà" for exactly 74.000).

`approx_phrase(73850, "suất quà") == "gần 74.000 suất quà"`,
`approx_money(33_214_000_000) == "hơn 33 tỉ đồng"`,
`approx_quantity(Decimal("497300"), "kg", "gạo") == "gần 500 tấn gạo"`.
All take int or Decimal and refuse floats: figures in danvan are exact.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from danvan.vi.numbers import format_number

LARGE = 1000
SIGNIFICANT = 2

# (smallest value in base units, unit word written) per base unit, largest first.
_MONEY_STEPS = [(10**9, "tỉ đồng"), (10**6, "triệu đồng"), (1, "đồng")]
_MASS_STEPS = [(1000, "tấn"), (1, "kg")]
_STEPS = {"đồng": _MONEY_STEPS, "kg": _MASS_STEPS}


def _exact(value: int | Decimal) -> Decimal:
    if isinstance(value, float | bool):
        raise TypeError("Chỉ nhận số nguyên hoặc Decimal, không nhận float.")
    return Decimal(value)


def round_significant(value: Decimal, digits: int = SIGNIFICANT) -> Decimal:
    """`value` rounded half up to `digits` significant figures (Decimal('73850') → 74000)."""
    if value == 0:
        return value
    exponent = value.adjusted() - digits + 1
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


def _written(value: Decimal) -> str:
    value = value.normalize()
    if value == value.to_integral_value():
        return format_number(int(value))
    return format_number(value)


def _hedge(true: Decimal, shown: Decimal) -> str:
    if true < shown:
        return "gần "
    if true > shown:
        return "hơn "
    return ""


def approx_number(value: int | Decimal) -> str:
    """A bare total written the report way: 73850 → "gần 74.000"; 120 → "120"."""
    true = _exact(value)
    if abs(true) < LARGE:
        return _written(true)
    shown = round_significant(true)
    return _hedge(true, shown) + _written(shown)


def approx_phrase(value: int | Decimal, noun: str) -> str:
    """A count with its noun: `approx_phrase(73850, "suất quà") == "gần 74.000 suất quà"`."""
    return f"{approx_number(value)} {noun}".strip()


def approx_quantity(value: int | Decimal, unit: str, item: str = "") -> str:
    """A measured total in `unit` (đồng, kg, or any other unit written as is), promoted and
    rounded by the module's rules: (Decimal("497300"), "kg", "gạo") → "gần 500 tấn gạo"."""
    true = _exact(value)
    steps = _STEPS.get(unit, [(1, unit)])
    for index, (base, word) in enumerate(steps):
        if abs(true) < base and base != 1:
            continue
        scaled = true / base
        if abs(true) < LARGE and base == 1:
            text, shown_scaled = _written(scaled), scaled
        else:
            shown_scaled = round_significant(scaled)
            if index > 0 and abs(shown_scaled * base) >= steps[index - 1][0]:
                bigger_base, bigger_word = steps[index - 1]
                shown_scaled = round_significant(true / bigger_base)
                base, word = bigger_base, bigger_word
            text = _hedge(true, shown_scaled * base) + _written(shown_scaled)
        return " ".join(part for part in (text, word, item) if part)
    raise AssertionError("unreachable: the last step has base 1")


def approx_money(dong: int | Decimal) -> str:
    """Money in đồng written the report way: 33_214_000_000 → "hơn 33 tỉ đồng"."""
    return approx_quantity(dong, "đồng")

"""Template filters for figures written the Vietnamese way."""

from decimal import Decimal

from django import template

from danvan.vi.numbers import format_number

register = template.Library()


@register.filter
def figure(value: object) -> str:
    """74000 → "74.000"; Decimal("153347.5000") → "153.347,5" (no trailing zeros); None → "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        normalized = value.normalize()
        return format_number(
            int(normalized) if normalized == normalized.to_integral() else normalized
        )
    if isinstance(value, int):
        return format_number(value)
    return str(value)

"""Exact numbers leaving the system (JSON, the API, exchange files)."""

from decimal import Decimal


def json_number(value: Decimal) -> int | str:
    """Whole numbers as JSON integers; others as exact decimal strings ("497.3"), never float."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return int(normalized)
    return format(normalized, "f")

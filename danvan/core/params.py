"""Reading numbers from requests, files and commands without ever answering 500.

One helper, int_param, parses a query, form or path parameter: ASCII digits only (Python's
int() also takes "²"-like and Arabic-Indic digits, and raises an English message past 4.300
digits), bounded to what the database column holds, and answers a Vietnamese 400 or 404 through
BadParameter, which danvan.core.middleware turns into a page. The bounds of exact numbers
(danvan.core.fields.ExactNumberField stores 1/10.000 in a 64-bit integer) are here too, so that they
are checked before the database sees a value.
"""

from decimal import Decimal

from django.http import HttpRequest

from danvan.vi.numbers import format_number

BIGINT_MAX = 2**63 - 1
INT_MAX = 2**31 - 1  # PostgreSQL's integer (PositiveIntegerField, IntegerField)
# ExactNumberField keeps a count of 1/10.000 in a 64-bit integer.
EXACT_MAX = Decimal(BIGINT_MAX) / 10_000
MAX_DIGITS = 19


class BadParameter(Exception):
    """A request parameter that cannot be used; status is 400 or 404, message Vietnamese."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def parse_int(raw: object, label: str, *, minimum: int = 0, maximum: int = BIGINT_MAX) -> int:
    """An integer written with ASCII digits, within [minimum, maximum]; ValueError (Vietnamese)
    naming the field otherwise."""
    text = str(raw).strip()
    sign = -1 if text.startswith("-") else 1
    digits = text[1:] if text[:1] in "+-" else text
    shown = text if len(text) <= 30 else text[:27] + "…"
    if not digits or not digits.isascii() or not digits.isdigit():
        raise ValueError(f"{label} phải là số nguyên (chữ số 0–9), không phải “{shown}”.")
    if len(digits.lstrip("0")) > MAX_DIGITS:
        raise ValueError(f"{label} quá lớn: “{shown}”.")
    value = sign * int(digits)
    if value < minimum:
        raise ValueError(f"{label} phải từ {format_number(minimum)} trở lên.")
    if value > maximum:
        raise ValueError(f"{label} quá lớn (tối đa {format_number(maximum)}).")
    return value


def int_param(
    request: HttpRequest,
    name: str,
    label: str,
    *,
    source: str = "GET",
    minimum: int = 0,
    maximum: int = BIGINT_MAX,
    status: int = 400,
) -> int | None:
    """The integer parameter `name` of the query (source="GET") or form ("POST"); None when
    absent or blank; BadParameter(status) with a Vietnamese message naming `label` otherwise."""
    raw = (request.GET if source == "GET" else request.POST).get(name, "")
    if not raw.strip():
        return None
    try:
        return parse_int(raw, label, minimum=minimum, maximum=maximum)
    except ValueError as error:
        raise BadParameter(str(error), status) from None


def exact_bound_error(value: Decimal, label: str, *, whole_max: int | None = None) -> str:
    """A Vietnamese message when value does not fit its column, else "".

    whole_max is the column's bound for whole numbers (BIGINT_MAX for money in đồng, INT_MAX
    for counts); without it, the bound of an ExactNumberField.
    """
    limit = Decimal(whole_max) if whole_max is not None else EXACT_MAX
    if abs(value) > limit:
        return f"{label} quá lớn (tối đa {format_number(int(limit))})."
    return ""

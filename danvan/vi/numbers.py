"""Reading and writing numbers the Vietnamese way."""

import re
from decimal import Decimal

# An integer part is plain digits ("74000", "03") or digits grouped by dots in threes ("74.000").
_MAX_LENGTH = 40
_NUMBER = re.compile(r"(?P<sign>[-+−])?(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def format_number(value: int | Decimal) -> str:
    """`74000` → "74.000"; `Decimal("1.5")` → "1,5"; `Decimal("-1234.50")` → "-1.234,50".

    Decimals keep the places they carry (a stored Decimal("1.50") prints "1,50"). Floats are
    refused: figures in danvan are exact.
    """
    if isinstance(value, float | bool):
        raise TypeError("format_number nhận int hoặc Decimal, không nhận float hay bool.")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("Không thể hiển thị một số không hữu hạn.")
        sign, digits, _ = value.as_tuple()
        text = f"{abs(value):f}"
        int_part, _, frac_part = text.partition(".")
        negative = bool(sign) and any(digits)
    else:
        int_part, frac_part = str(abs(value)), ""
        negative = value < 0
    groups: list[str] = []
    while len(int_part) > 3:
        groups.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    groups.insert(0, int_part)
    text = ".".join(groups)
    if frac_part:
        text += "," + frac_part
    return ("-" if negative else "") + text


def parse_number(text: str, *, decimal_field: bool = False) -> int | Decimal:
    """Read a number written the Vietnamese way: "74.000" → 74000, "1,5" → Decimal("1.5").

    Returns an int when there is no decimal part, a Decimal otherwise. Raises ValueError with a
    Vietnamese message showing the expected form when the text is empty, malformed or ambiguous:
    "74,000" may be an English seventy-four thousand, "1.5" an English one and a half.

    A comma followed by exactly three digits ("1,250") is ambiguous only where the field could
    hold a count; pass decimal_field=True for a field of decimal quantities (tonnes, hectares),
    where the comma can only be the decimal mark.
    """
    raw = text
    text = _SPACES.sub("", text or "")
    if not text:
        raise ValueError("Chưa nhập số. Ví dụ cách viết: 74.000 hoặc 1,5.")
    if len(text) > _MAX_LENGTH:
        # Long before Python's 4.300-digit limit on int(), whose message is English.
        raise ValueError(f"Số quá dài ({len(text)} ký tự; tối đa {_MAX_LENGTH}).")
    match = _NUMBER.fullmatch(text)
    if not match:
        raise ValueError(_explain(raw.strip(), text))
    int_part = match["int"].replace(".", "")
    frac = match["frac"]
    ambiguous = frac is not None and len(frac) == 3 and "." not in match["int"] and int(int_part)
    if ambiguous and not decimal_field:
        raise ValueError(
            f"Số “{raw.strip()}” không rõ nghĩa: dấu phẩy là dấu thập phân. "
            f"Nếu là số nghìn, hãy viết {format_number(int(int_part + frac))}; "
            f"nếu là số thập phân, hãy viết {_plain_decimal(int_part, frac)}."
        )
    negative = match["sign"] in {"-", "−"}
    if frac is None:
        number = int(int_part)
        return -number if negative else number
    decimal = Decimal(f"{int_part}.{frac}")
    return -decimal if negative else decimal


def _plain_decimal(int_part: str, frac: str) -> str:
    """The shortest spelling of int_part,frac: ("1", "500") → "1,5"; ("74", "000") → "74"."""
    value = Decimal(f"{int_part}.{frac}").normalize()
    return format_number(value if value != value.to_integral() else int(value))


def _explain(shown: str, compact: str) -> str:
    """The Vietnamese message for a string that is not a well-formed number."""
    english = re.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", compact)
    if english:
        guess = compact.replace(",", "").split(".")
        vi = format_number(int(guess[0])) + ("," + guess[1] if len(guess) > 1 else "")
        return (
            f"Số “{shown}” viết theo kiểu tiếng Anh. Theo cách viết Việt Nam, dấu chấm phân "
            f"cách hàng nghìn và dấu phẩy là dấu thập phân: {vi}."
        )
    if re.fullmatch(r"[-+]?\d+\.\d{1,2}|[-+]?\d+\.\d{4,}", compact):
        whole, frac = compact.split(".")
        return (
            f"Số “{shown}” dùng dấu chấm làm dấu thập phân. Theo cách viết Việt Nam, "
            f"hãy viết {whole},{frac}."
        )
    if re.fullmatch(r"[-+]?[\d.,]+", compact):
        return (
            f"Số “{shown}” sai cách viết: dấu chấm chỉ dùng để tách từng nhóm ba chữ số "
            f"(74.000; 1.234.567) và dấu phẩy là dấu thập phân (1,5)."
        )
    return f"“{shown}” không phải là một số. Ví dụ cách viết: 74.000 hoặc 1,5."

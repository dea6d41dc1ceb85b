"""Citizen ID numbers, checked offline.

A CCCD has 12 digits: the code of the province where the birth was registered (001–096), a
digit for century and sex (0/1: 1900s male/female, 2/3: 2000s, 4/5: 2100s, …), the last two
digits of the birth year, then six digits. The old CMND had 9 digits and says nothing checkable.
Excel stores numbers, so a CCCD of Hà Nội (001…) often arrives with its leading zeros dropped.
"""

import re
from dataclasses import dataclass, field

_DIGITS = re.compile(r"\d+")


@dataclass
class NationalId:
    number: str  # digits only, leading zeros restored; "" when none was given
    kind: str  # "cccd", "cmnd" or ""
    errors: list[str] = field(default_factory=list)  # the number cannot be right
    notes: list[str] = field(default_factory=list)  # what was repaired


def check_national_id(raw: object, *, sex: str = "", birth_year: int | None = None) -> NationalId:
    """Read a CCCD or CMND as typed or as Excel kept it, and check it against sex ("nam"/"nữ")
    and birth year when they are known. Messages are Vietnamese."""
    if raw is None:
        return NationalId("", "")
    text = str(raw).strip()
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    text = text.replace(" ", "").replace(".", "").replace("-", "")
    if not text:
        return NationalId("", "")
    if not _DIGITS.fullmatch(text):
        return NationalId(text, "", [f"Số định danh “{raw}” chỉ được có chữ số."])
    result = NationalId(text, "")
    if len(text) in {10, 11}:  # a CCCD whose leading zeros a spreadsheet dropped, or not
        padded = text.zfill(12)
        if not _plausible_cccd(padded, birth_year):
            # "06619123456" is not 006 619…, a birth in 2219: a digit was left out somewhere.
            result.errors.append(
                f"Số CCCD “{raw}” có {len(text)} chữ số và không phải do Excel làm mất số 0 ở "
                "đầu: thiếu chữ số, hãy ghi đủ 12 chữ số."
            )
            return result
        result.number = padded
        result.notes.append(f"Đã thêm số 0 ở đầu: {result.number} (Excel làm mất số 0).")
    elif len(text) == 8:
        result.number = text.zfill(9)
        result.notes.append(f"Đã thêm số 0 ở đầu: {result.number} (Excel làm mất số 0).")
    number = result.number
    if len(number) == 9:
        result.kind = "cmnd"
        return result
    if len(number) != 12:
        result.errors.append(
            f"Số CCCD phải có 12 chữ số (CMND cũ 9 chữ số); “{raw}” có {len(text)} chữ số."
        )
        return result
    result.kind = "cccd"
    province = int(number[:3])
    if not 1 <= province <= 96:
        result.errors.append(
            f"Số CCCD {number}: mã tỉnh nơi đăng ký khai sinh {number[:3]} không có."
        )
    code = int(number[3])
    century = 1900 + 100 * (code // 2)
    year = century + int(number[4:6])
    if birth_year is not None and birth_year != year:
        result.errors.append(
            f"Số CCCD {number} ứng với năm sinh {year}, không khớp năm sinh {birth_year}."
        )
    female = code % 2 == 1
    if sex in {"nam", "nữ"} and female != (sex == "nữ"):
        said = "nữ" if female else "nam"
        result.errors.append(f"Số CCCD {number} ứng với giới tính {said}, không khớp “{sex}”.")
    return result


def _plausible_cccd(number: str, birth_year: int | None) -> bool:
    """Whether a 12-digit number can be a CCCD issued by now: a province code that exists, a
    century of 1900 or 2000, and the birth year when it is known."""
    code = int(number[3])
    year = 1900 + 100 * (code // 2) + int(number[4:6])
    return 1 <= int(number[:3]) <= 96 and code <= 3 and birth_year in (None, year)


def mask(number: str) -> str:
    """What roles that do not need the number see: "0660******21"."""
    if len(number) < 6:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 6) + number[-2:]

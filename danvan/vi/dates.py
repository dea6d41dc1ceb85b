"""Dates written the Vietnamese way (dd/mm/yyyy)."""

import datetime as dt
import re

_VIETNAMESE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str) -> dt.date:
    """Read "31/03/2021", "1/3/2021", "31.03.2021" (or ISO "2021-03-31"); a Vietnamese
    ValueError if it is not a date."""
    text = (text or "").strip()
    match = _VIETNAMESE.fullmatch(text)
    if match:
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    else:
        match = _ISO.fullmatch(text)
        if match:
            year, month, day = int(match[1]), int(match[2]), int(match[3])
    if match:
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    raise ValueError(
        f"Ngày “{text}” không hợp lệ. Hãy viết theo dạng ngày/tháng/năm, vd. 31/03/2021."
    )

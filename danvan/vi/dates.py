"""Dates written the Vietnamese way (dd/mm/yyyy)."""

import datetime as dt


def parse_date(text: str) -> dt.date:
    """Read "31/03/2021" (or ISO "2021-03-31"); a Vietnamese ValueError if it is not a date."""
    text = (text or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time zone)
        except ValueError:
            continue
    raise ValueError(
        f"Ngày “{text}” không hợp lệ. Hãy viết theo dạng ngày/tháng/năm, vd. 31/03/2021."
    )

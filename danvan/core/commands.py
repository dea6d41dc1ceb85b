"""Arguments the management commands share, with Vietnamese errors."""

import datetime as dt

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from danvan.core.periods import Period
from danvan.vi.dates import parse_date


def period_arg(code: str) -> Period:
    try:
        return Period.parse(code)
    except ValueError as error:
        raise CommandError(str(error)) from None


def at_arg(text: str | None) -> dt.date:
    if not text:
        return timezone.localdate()
    try:
        return parse_date(text)
    except ValueError:
        raise CommandError(f"Ngày “{text}” không hợp lệ; viết YYYY-MM-DD.") from None


def add_overdue_arguments(parser: CommandParser) -> None:
    parser.add_argument("action", choices=["overdue"])
    parser.add_argument("--under", metavar="CODE", required=True, help="mã đơn vị")
    parser.add_argument("--at", metavar="YYYY-MM-DD", help="tính vào ngày (mặc định hôm nay)")
    parser.add_argument("--json", action="store_true", help="in ra dạng JSON")

"""Arguments shared by the grassroots commands, with Vietnamese errors."""

import datetime as dt

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from danvan.geo.models import AdminUnit
from danvan.vi.dates import parse_date


def add_overdue_arguments(parser: CommandParser) -> None:
    parser.add_argument("action", choices=["overdue"])
    parser.add_argument("--under", metavar="CODE", required=True, help="mã đơn vị")
    parser.add_argument("--at", metavar="YYYY-MM-DD", help="tính vào ngày (mặc định hôm nay)")
    parser.add_argument("--json", action="store_true", help="in ra dạng JSON")


def at_arg(text: str | None) -> dt.date:
    if not text:
        return timezone.localdate()
    try:
        return parse_date(text)
    except ValueError:
        raise CommandError(f"Ngày “{text}” không hợp lệ; viết YYYY-MM-DD.") from None


def unit_arg(code: str, on: dt.date) -> AdminUnit:
    """The unit that carried `code` on `on`; failing that, the latest one that did."""
    try:
        return AdminUnit.objects.by_code(code, on)
    except AdminUnit.DoesNotExist:
        unit = AdminUnit.objects.filter(code=code).order_by("-valid_from").first()
        if unit is None:
            raise CommandError(f"Không có đơn vị hành chính mã “{code}”.") from None
        return unit

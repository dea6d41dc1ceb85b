"""Reading a unit code given on the command line, with a Vietnamese error."""

import datetime as dt

from django.core.management.base import CommandError

from danvan.geo.models import AdminUnit


def unit_arg(code: str, on: dt.date) -> AdminUnit:
    """The unit that carried `code` on `on`; failing that, the latest one that did."""
    try:
        return AdminUnit.objects.by_code(code, on)
    except AdminUnit.DoesNotExist:
        unit = AdminUnit.objects.filter(code=code).order_by("-valid_from").first()
        if unit is None:
            raise CommandError(f"Không có đơn vị hành chính mã “{code}”.") from None
        return unit

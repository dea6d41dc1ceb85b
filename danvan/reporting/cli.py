"""What the reporting commands share: reading --under and --form."""

from django.core.management.base import CommandError
from django.utils import timezone

from danvan.core.periods import Period
from danvan.geo.models import AdminUnit, current_paths
from danvan.reporting.consolidation import default_form
from danvan.reporting.models import ReportForm


def form_arg(code: str | None, period: Period) -> ReportForm:
    if code:
        try:
            return ReportForm.objects.get(code=code)
        except ReportForm.DoesNotExist:
            known = ", ".join(ReportForm.objects.values_list("code", flat=True))
            raise CommandError(f"Không có mẫu báo cáo mã “{code}” (có: {known}).") from None
    try:
        return default_form(period)
    except ValueError as error:
        raise CommandError(str(error)) from None


def under_paths(code: str | None, period: Period, in_current_units: bool) -> list[str]:
    """Path prefixes for --under CODE: the unit that carried the code at the period's end, or,
    with --in-current-units, today's unit and all the older units that went into it."""
    if not code:
        return ["/"]
    at = timezone.localdate() if in_current_units else period.end
    try:
        unit = AdminUnit.objects.by_code(code, at)
    except AdminUnit.DoesNotExist:
        when = "hiện nay" if in_current_units else f"vào ngày {at:%d/%m/%Y}"
        raise CommandError(f"Không có đơn vị hành chính mã “{code}” {when}.") from None
    return current_paths(unit) if in_current_units else [unit.path]

"""What the welfare ledger tells other apps: the periodic report uses `report_suggestions` to
offer an organization's welfare figures, which the officer then confirms; `scope_figures` gives
what the ledger holds for a whole scope, set beside the reports' consolidated figures."""

import datetime as dt
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from danvan.core.registry import Suggestions
from danvan.geo.models import under_paths
from danvan.welfare.models import Distribution, DistributionKind

# Ledger kind → (indicator code for the quantity, indicator code for the value)
INDICATORS = {
    DistributionKind.GIFT: ("qua-suat", "qua-tri-gia"),
    DistributionKind.RICE: ("gao-cuu-doi", None),
}


def _ledger_figures(lines: QuerySet[Distribution], *, by_group: bool) -> Suggestions:
    """Packages, their value and rice (by target group — lines with none left out — or in
    all with `by_group` off), and houses (all lines), of the ledger lines. One query."""
    found: Suggestions = {}
    keys = ["kind", "target_group"] if by_group else ["kind"]
    rows = lines.values(*keys).annotate(
        quantity=Sum("quantity"), value=Sum("value_vnd"), houses=Sum("households")
    )
    houses = 0
    for row in rows.order_by():
        if row["kind"] == DistributionKind.HOUSE:
            houses += row["houses"] or 0
        codes = INDICATORS.get(row["kind"])
        group = row.get("target_group")
        if codes is None or group == "":
            continue
        quantity_code, value_code = codes
        found[(quantity_code, group)] = (
            found.get((quantity_code, group), Decimal(0)) + row["quantity"]
        )
        if value_code:
            found[(value_code, group)] = found.get((value_code, group), Decimal(0)) + Decimal(
                row["value"]
            )
    if houses:
        found[("nha-dai-doan-ket", None)] = Decimal(houses)
    return found


def _in_period(start: dt.date, end: dt.date) -> Q:
    return Q(date__gte=start, date__lte=end)


def report_suggestions(organization_id: int, start: dt.date, end: dt.date) -> Suggestions:
    """{(indicator code, target group or None): figure} from what the organization gave
    between `start` and `end`: packages, their value and rice by target group, and houses."""
    lines = Distribution.objects.filter(_in_period(start, end), giver_id=organization_id)
    return _ledger_figures(lines, by_group=True)


def scope_figures(paths: list[str], start: dt.date, end: dt.date) -> Suggestions:
    """{(indicator code, None): total} of what was given in the communes under `paths`
    between `start` and `end`, whoever gave it."""
    lines = Distribution.objects.filter(_in_period(start, end), under_paths(paths, "commune"))
    return _ledger_figures(lines, by_group=False)

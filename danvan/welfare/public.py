"""What the welfare ledger tells other apps. The periodic report uses `report_suggestions` to
offer its welfare figures, which the officer then confirms."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Sum

from danvan.welfare.models import Distribution, DistributionKind

# Ledger kind → (indicator code for the quantity, indicator code for the value)
INDICATORS = {
    DistributionKind.GIFT: ("qua-suat", "qua-tri-gia"),
    DistributionKind.RICE: ("gao-cuu-doi", None),
}


def report_suggestions(
    organization_id: int, start: dt.date, end: dt.date
) -> dict[tuple[str, str | None], Decimal]:
    """{(indicator code, target group or None): figure} from what the organization gave
    between `start` and `end`: packages, their value and rice by target group, and houses."""
    rows = (
        Distribution.objects.filter(giver_id=organization_id, date__gte=start, date__lte=end)
        .exclude(target_group="")
        .values("kind", "target_group")
        .annotate(quantity=Sum("quantity"), value=Sum("value_vnd"), lines=Count("id"))
    )
    found: dict[tuple[str, str | None], Decimal] = {}
    for row in rows:
        codes = INDICATORS.get(row["kind"])
        if codes is None:
            continue
        quantity_code, value_code = codes
        group = row["target_group"]
        found[(quantity_code, group)] = (
            found.get((quantity_code, group), Decimal(0)) + row["quantity"]
        )
        if value_code:
            found[(value_code, group)] = found.get((value_code, group), Decimal(0)) + Decimal(
                row["value"]
            )
    houses = Distribution.objects.filter(
        giver_id=organization_id, date__gte=start, date__lte=end, kind=DistributionKind.HOUSE
    ).aggregate(n=Sum("households"))["n"]
    if houses:
        found[("nha-dai-doan-ket", None)] = Decimal(houses)
    return found

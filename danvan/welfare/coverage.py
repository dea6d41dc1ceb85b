"""Who got what in a campaign, and who did not.

A household merged into another counts as that other one everywhere here.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from danvan.geo.models import under_paths
from danvan.welfare.models import (
    Campaign,
    Distribution,
    DistributionKind,
    Household,
    TargetGroup,
)

ROOT = Coalesce(F("household__merged_into_id"), F("household_id"))


def distributions(campaign: Campaign, paths: list[str]) -> QuerySet[Distribution]:
    return Distribution.objects.filter(campaign=campaign).filter(under_paths(paths, "commune"))


def eligible(campaign: Campaign, paths: list[str]) -> QuerySet[Household]:
    """Households under `paths` in one of the campaign's target groups during the campaign."""
    in_group = (
        Q(
            groups__group__in=campaign.target_groups,
        )
        & (Q(groups__valid_from__isnull=True) | Q(groups__valid_from__lte=campaign.ends))
        & (Q(groups__valid_to__isnull=True) | Q(groups__valid_to__gte=campaign.starts))
    )
    return (
        Household.objects.filter(under_paths(paths, "commune"), merged_into__isnull=True)
        .filter(in_group)
        .distinct()
    )


def uncovered(campaign: Campaign, paths: list[str]) -> QuerySet[Household]:
    """Eligible households that got nothing in the campaign."""
    received = (
        Distribution.objects.filter(campaign=campaign, household__isnull=False)
        .annotate(root=ROOT)
        .values("root")
    )
    return eligible(campaign, paths).exclude(pk__in=received)


def repeated(campaign: Campaign, paths: list[str]) -> list[dict[str, Any]]:
    """Households that got the same kind of help from more than one organization."""
    rows = (
        distributions(campaign, paths)
        .filter(household__isnull=False)
        .annotate(root=ROOT)
        .values("root", "kind")
        .annotate(givers=Count("giver", distinct=True), times=Count("id"))
        .filter(givers__gt=1)
        .order_by("-givers", "root")
    )
    found = list(rows)
    households = Household.objects.in_bulk([r["root"] for r in found])
    for row in found:
        row["household"] = households.get(row["root"])
        row["kind_label"] = DistributionKind(row["kind"]).label
    return found


@dataclass
class Totals:
    rows: list[dict[str, Any]]  # per (target group, kind): quantity, unit, value, households

    def value(self) -> int:
        return sum(r["value"] for r in self.rows)

    def quantity(self, kind: str) -> Decimal:
        return sum((r["quantity"] for r in self.rows if r["kind"] == kind), Decimal(0))


def totals(campaign: Campaign, paths: list[str], by: str = "target_group") -> Totals:
    """Sums of quantity, value and households, by `by` ("target_group", "giver__name" or
    "commune__name") and kind."""
    rows = list(
        distributions(campaign, paths)
        .values(by, "kind", "unit")
        .annotate(
            quantity=Sum("quantity"),
            value=Sum("value_vnd"),
            receipts=Sum("households"),
            named=Count("household", distinct=True),
            unnamed=Sum("households", filter=Q(household__isnull=True), default=0),
        )
        .order_by(by, "kind")
    )
    for row in rows:
        # Receipts count a household each time it was given something; distinct households
        # count it once (a bulk line without names counts as the households it says).
        row["households"] = row["receipts"]
        row["distinct_households"] = row["named"] + row["unnamed"]
        row["label"] = (
            TargetGroup(row[by]).label
            if by == "target_group" and row[by]
            else row[by] or "Chưa rõ nhóm"
        )
        row["kind_label"] = DistributionKind(row["kind"]).label
    return Totals(rows)

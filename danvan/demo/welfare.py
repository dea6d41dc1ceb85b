"""Demo ledger: Đắk Lắk's Tết Tân Sửu 2021 gifts and the 2021 lean-season rice relief.

The province's totals are the figures behind the seed article: 73.850 gift packages worth
33.214.000.000 đồng and 497.300 kg of rice. Households are recorded by the commune organizations
that gave to them; about one in a hundred was recorded a second time, differently spelled, by
another organization (the duplicates to find), and many got gifts from two or three
organizations while some eligible neighbours got none.
"""

import datetime as dt
import random
from decimal import Decimal
from typing import TextIO

from django.db import transaction

from danvan.demo.synth import Record, person, variant
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Organization, OrgKind
from danvan.welfare.actions import find_pairs
from danvan.welfare.models import (
    Campaign,
    CampaignKind,
    Distribution,
    DistributionKind,
    Household,
    HouseholdGroup,
    TargetGroup,
)

AT = dt.date(2021, 3, 31)
TET = ("Chăm lo Tết Tân Sửu 2021", CampaignKind.TET, dt.date(2021, 1, 15), dt.date(2021, 2, 11))
LEAN = (
    "Cứu đói giáp hạt đầu năm 2021",
    CampaignKind.LEAN_SEASON,
    dt.date(2021, 2, 20),
    dt.date(2021, 3, 31),
)
PACKAGES = 73_850
NAMED_PACKAGES = 60_000  # the rest went out in bulk lines where names were not kept
GIFT_VALUE = 33_214_000_000
RICE_HALF_KG = 994_600  # 497.300 kg
HOUSEHOLDS_PER_COMMUNE = 240
GROUP_SHARES = [
    (TargetGroup.POOR, 45),
    (TargetGroup.NEAR_POOR, 20),
    (TargetGroup.POLICY, 15),
    (TargetGroup.MERIT, 12),
    (TargetGroup.HARDSHIP, 8),
]


def _share(total: int, weights: list[int]) -> list[int]:
    whole = sum(weights)
    parts = [total * w // whole for w in weights]
    for i in sorted(range(len(weights)), key=lambda i: -(total * weights[i] % whole))[
        : total - sum(parts)
    ]:
        parts[i] += 1
    return parts


@transaction.atomic
def load_demo_welfare(out: TextIO) -> None:
    province = AdminUnit.objects.by_code("66", AT)
    if Campaign.objects.filter(name=TET[0], unit=province).exists():
        out.write("Sổ chăm lo mẫu đã có, giữ nguyên.\n")
        return
    rng = random.Random(2021)
    orgs = Organization.objects.filter(
        admin_unit__path__startswith=province.path, valid_to__isnull=False
    ).select_related("admin_unit")
    by_unit: dict[int, dict[str, Organization]] = {}
    for org in orgs:
        by_unit.setdefault(org.admin_unit_id, {})[org.kind] = org
    front = by_unit[province.pk][OrgKind.FRONT]
    campaigns = [
        Campaign.objects.create(
            name=name,
            kind=kind,
            starts=starts,
            ends=ends,
            organizer=front,
            unit=province,
            target_groups=[g.value for g in TargetGroup],
        )
        for name, kind, starts, ends in (TET, LEAN)
    ]
    tet, lean = campaigns
    communes = list(
        AdminUnit.objects.filter(path__startswith=province.path, level="commune")
        .at(AT)
        .order_by("path")
    )

    households: list[Household] = []
    groups: list[HouseholdGroup] = []
    for entity, commune in enumerate([c for c in communes for _ in range(HOUSEHOLDS_PER_COMMUNE)]):
        record = person(rng, entity, commune.name)
        giver = by_unit[commune.pk][rng.choice([OrgKind.FRONT, OrgKind.WOMEN, OrgKind.FARMERS])]
        households.append(_household(record, commune, giver))
    for household in households:
        household.fill_keys()
    Household.objects.bulk_create(households, batch_size=2000)
    group_of: dict[int, str] = {}
    for household in households:
        group = rng.choices([g for g, _ in GROUP_SHARES], [w for _, w in GROUP_SHARES])[0]
        group_of[household.pk] = group
        groups.append(
            HouseholdGroup(household=household, group=group, valid_from=dt.date(2021, 1, 1))
        )
    HouseholdGroup.objects.bulk_create(groups, batch_size=2000)

    # Some households were recorded a second time by another organization, spelled otherwise.
    twins: dict[int, Household] = {}
    for household in rng.sample(households, len(households) // 100):
        record = variant(rng, _record(household))
        other = by_unit[household.commune_id][rng.choice([OrgKind.YOUTH, OrgKind.VETERANS])]
        twin = _household(record, household.commune, other)
        twin.fill_keys()
        twins[household.pk] = twin
    Household.objects.bulk_create(twins.values(), batch_size=2000)
    for original, twin in twins.items():
        group_of[twin.pk] = group_of[original]

    # Tết: 60.000 named packages (most households one; many two or three, from different
    # organizations; some none), then bulk lines from the district organizations.
    pool = [h for h in households if rng.random() < 0.93]  # the rest get nothing
    named: list[tuple[Household, Organization]] = []
    while len(named) < NAMED_PACKAGES:
        household = pool[len(named) % len(pool)] if len(named) < len(pool) else rng.choice(pool)
        kinds = [OrgKind.FRONT, OrgKind.WOMEN, OrgKind.FARMERS, OrgKind.YOUTH, OrgKind.VETERANS]
        giver = by_unit[household.commune_id][rng.choice(kinds)]
        recipient = twins.get(household.pk, household) if giver.kind in {
            OrgKind.YOUTH, OrgKind.VETERANS} else household  # fmt: skip
        named.append((recipient, giver))
    districts = [u for u in {c.parent_id for c in communes} if u is not None]
    bulk_count = PACKAGES - NAMED_PACKAGES
    bulk_lines = _share(bulk_count, [rng.randint(30, 80) for _ in range(len(districts) * 4)])
    weights = [rng.randint(6, 14) for _ in range(NAMED_PACKAGES)] + [
        rng.randint(6, 14) * n for n in bulk_lines
    ]
    values = [v * 1000 for v in _share(GIFT_VALUE // 1000, weights)]
    rows: list[Distribution] = []
    for (household, giver), value in zip(named, values, strict=False):
        rows.append(
            _gift(tet, household, household.commune, giver, value, group_of[household.pk], rng)
        )
    commune_of_district = {d: [c for c in communes if c.parent_id == d] for d in districts}
    for index, (count, value) in enumerate(zip(bulk_lines, values[NAMED_PACKAGES:], strict=True)):
        district = districts[index % len(districts)]
        giver = by_unit[district][rng.choice([OrgKind.FRONT, OrgKind.LABOUR, OrgKind.COMMISSION])]
        commune = rng.choice(commune_of_district[district])
        line = _gift(tet, None, commune, giver, value, rng.choice(list(TargetGroup)).value, rng)
        line.quantity, line.households = Decimal(count), count
        rows.append(line)

    # Lean season: rice to poor and near-poor households, 10–30 kg each.
    needy = [h for h in households if group_of[h.pk] in {TargetGroup.POOR, TargetGroup.NEAR_POOR}]
    receivers = rng.sample(needy, min(len(needy), 24_000))
    halves = _share(RICE_HALF_KG, [rng.randint(20, 60) for _ in receivers])
    for household, half_kg in zip(receivers, halves, strict=True):
        giver = by_unit[household.commune_id][rng.choice([OrgKind.FRONT, OrgKind.FARMERS])]
        rows.append(
            Distribution(
                campaign=lean,
                household=household,
                commune=household.commune,
                giver=giver,
                date=lean.starts + dt.timedelta(days=rng.randint(0, 35)),
                kind=DistributionKind.RICE,
                quantity=Decimal(half_kg) / 2,
                unit="kg",
                funding_source="Gạo dự trữ quốc gia",
                target_group=group_of[household.pk],
            )
        )
    Distribution.objects.bulk_create(rows, batch_size=5000)
    pairs = find_pairs({c.pk for c in communes})
    out.write(
        f"Sổ chăm lo: {len(households) + len(twins)} hộ, {len(rows)} lượt trao, "
        f"{pairs} cặp hộ nghi trùng cần xem.\n"
    )


def _household(record: Record, commune: AdminUnit, giver: Organization) -> Household:
    return Household(
        head_name=record.name,
        birth_year=record.birth_year,
        sex=record.sex,
        national_id=record.national_id,
        phone=record.phone,
        commune=commune,
        village=record.village,
        recorded_by=giver,
    )


def _record(household: Household) -> Record:
    return Record(
        household.pk,
        household.head_name,
        household.birth_year or 1960,
        household.sex,
        household.national_id,
        household.phone,
        "",
        household.village,
    )


def _gift(
    campaign: Campaign,
    household: Household | None,
    commune: AdminUnit,
    giver: Organization,
    value: int,
    group: str,
    rng: random.Random,
) -> Distribution:
    return Distribution(
        campaign=campaign,
        household=household,
        commune=commune,
        giver=giver,
        date=campaign.starts + dt.timedelta(days=rng.randint(0, 26)),
        kind=DistributionKind.GIFT,
        quantity=Decimal(1),
        unit="suất",
        value_vnd=value,
        funding_source=rng.choice(["Quỹ Vì người nghèo", "Ngân sách", "Doanh nghiệp ủng hộ"]),
        target_group=group,
    )

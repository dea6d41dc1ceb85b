"""A list recorded the fast way (rows of stored columns, no model instances) stores exactly what
Django itself stores for the same households, groups and ledger lines."""

from typing import Any

from django.db import models, transaction

from danvan.vi.text import collation_key, fold, name_key
from danvan.welfare.actions import plan_rows, primary_group, record_planned
from danvan.welfare.fastinsert import Columns
from danvan.welfare.importer import read_rows, read_table
from danvan.welfare.models import Distribution, Household, HouseholdGroup
from danvan.welfare.tests.test_ledger import ROWS, Ledger, ledger, workbook  # noqa: F401

SKIP = {"id", "created_at"}  # keys differ; the recording time is the list's, not the row's


def stored(model: type[models.Model]) -> list[dict[str, Any]]:
    fields = [f.attname for f in model._meta.concrete_fields if f.attname not in SKIP]
    return list(model._default_manager.order_by("pk").values(*fields))


def ledger_rows() -> list[list[dict[str, Any]]]:
    """The three tables as stored, a household named by its place in the order of recording
    (the keys themselves differ from one recording to the next)."""
    order = {
        pk: n for n, pk in enumerate(Household.objects.order_by("pk").values_list("pk", flat=True))
    }
    return [
        [{k: order.get(v) if k == "household_id" else v for k, v in row.items()} for row in table]
        for table in (stored(Household), stored(HouseholdGroup), stored(Distribution))
    ]


def test_the_fast_path_stores_what_django_stores(ledger: Ledger) -> None:  # noqa: F811
    table = read_table(workbook(ROWS), "ds.xlsx")
    rows = read_rows(table, default_date=ledger.campaign.ends, default_kind="qua")
    commune = ledger.world.commune_a_unit
    giver, campaign = ledger.women_a, ledger.campaign
    plan = plan_rows(campaign, giver, [(r, commune) for r in rows], None)
    assert all(type(p.line) is list for p in plan.rows)
    with transaction.atomic():
        recorded = record_planned(plan)
    fast = ledger_rows()
    assert recorded.distributions == len(ROWS) and fast[0] and fast[1]

    # The same rows the slow way: Django's constructors and save().
    Distribution.objects.all().delete()
    HouseholdGroup.objects.all().delete()
    Household.objects.all().delete()
    homes: dict[tuple[str, str], Household] = {}
    for row in rows:
        home = homes.get((row.name, row.national_id))
        if home is None and row.named:
            home = homes[(row.name, row.national_id)] = Household.objects.create(
                head_name=row.name, birth_year=row.birth_year, sex=row.sex,
                national_id=row.national_id, phone=row.phone, commune=commune,
                village=row.village, recorded_by=giver,
            )  # fmt: skip
            for group in row.groups:
                HouseholdGroup.objects.create(
                    household=home, group=group, valid_from=campaign.starts
                )
        assert row.date is not None
        Distribution.objects.create(
            campaign=campaign, household=home, commune=commune, giver=giver, date=row.date,
            kind=row.kind, quantity=row.quantity, unit=row.unit, value_vnd=row.value,
            funding_source=row.source, households=1 if row.named else row.households,
            target_group=primary_group(row.groups),
            row_key=next(p.row_key for p in plan.rows if p.row is row),
        )  # fmt: skip
    assert ledger_rows() == fast
    one = Household.objects.order_by("pk").first()
    assert one is not None and one.head_name == "Nguyễn Văn Hùng"
    assert one.name_key == name_key("Nguyễn Văn Hùng") and one.name_folded == fold(one.head_name)
    assert one.sort_name == collation_key(one.head_name)


def test_columns_prepare_fixed_values_and_defaults_once() -> None:
    columns = Columns(Distribution, ["kind"], {"value_vnd": 5})
    row = columns.row("qua")
    names = [f.attname for f in Distribution._meta.concrete_fields if not f.primary_key]
    values = dict(zip(names, row, strict=True))
    assert values["kind"] == "qua" and values["value_vnd"] == 5 and values["households"] == 1
    made = Household()
    household = dict(
        zip(
            [f.attname for f in Household._meta.concrete_fields if not f.primary_key],
            Columns(Household, ["head_name"]).row("A"),
            strict=True,
        )
    )
    assert household["created_at"] is not None and made.created_at is not None

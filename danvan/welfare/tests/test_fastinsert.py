"""A list recorded the fast way (`build`, then `prepare`'s shortcut for values stored as they
are held) stores exactly what Django's own constructors and `get_db_prep_save` would."""

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models

from danvan.vi.text import name_key
from danvan.welfare.actions import plan_rows
from danvan.welfare.fastinsert import PREPARED, build
from danvan.welfare.importer import read_rows, read_table
from danvan.welfare.models import Distribution, Household, HouseholdGroup
from danvan.welfare.tests.test_ledger import ROWS, Ledger, ledger, workbook  # noqa: F401


def fields_of(obj: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def django_row(obj: models.Model, later: set[str]) -> list[Any]:
    db = connections[DEFAULT_DB_ALIAS]
    return [
        None if f.name in later else f.get_db_prep_save(f.pre_save(obj, True), db)
        for f in obj._meta.concrete_fields
        if not f.primary_key
    ]


def test_the_fast_path_prepares_what_django_prepares(ledger: Ledger) -> None:  # noqa: F811
    table = read_table(workbook(ROWS), "ds.xlsx")
    rows = read_rows(table, default_date=ledger.campaign.ends, default_kind="qua")
    commune = ledger.world.commune_a_unit
    planned = plan_rows(ledger.campaign, ledger.women_a, [(r, commune) for r in rows], None)
    objs: list[tuple[models.Model, set[str]]] = []
    for p in planned:
        if p.household is not None:
            objs.append((p.household, set()))
        objs += [(g, {"household"}) for g in p.groups]
        objs.append((p.line, {"household", "target_group"}))
    assert {type(o) for o, _ in objs} == {Household, HouseholdGroup, Distribution}
    for obj, later in objs:
        assert getattr(obj, PREPARED)[1] == django_row(obj, later), type(obj)
        again = type(obj)(**fields_of(obj))  # Django's constructor from the same values
        assert fields_of(again) == fields_of(obj)
    one = planned[0].household
    assert one is not None and one.head_name == "Nguyễn Văn Hùng"
    assert one.name_key == name_key("Nguyễn Văn Hùng") and one.sort_name


def test_build_fills_defaults_as_the_constructor_does() -> None:
    built = fields_of(build(Distribution, kind="qua"))
    made = fields_of(Distribution(kind="qua"))
    assert built == made and built["households"] == 1 and built["value_vnd"] == 0
    household = build(Household, head_name="A")
    assert household.created_at is not None and household._state.adding

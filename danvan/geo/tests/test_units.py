import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.geo.loader import LAST_PRE_REFORM_DAY, REFORM_DATE
from danvan.geo.models import AdminUnit, Succession

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)
Q1_2021 = dt.date(2021, 3, 31)


def count(at: dt.date, level: str) -> int:
    return AdminUnit.objects.at(at).filter(level=level).count()


def test_today_there_are_34_provinces_and_3321_communes_and_no_districts() -> None:
    assert count(TODAY, "province") == 34
    assert count(TODAY, "commune") == 3321
    assert count(TODAY, "district") == 0


def test_in_2021_there_were_63_provinces_in_three_levels() -> None:
    assert count(Q1_2021, "province") == 63
    assert count(Q1_2021, "district") == 696
    assert 10_000 <= count(Q1_2021, "commune") <= 10_100


def test_the_reform_day_is_the_boundary() -> None:
    assert count(LAST_PRE_REFORM_DAY, "province") == 63
    assert count(REFORM_DATE, "province") == 34


def test_dak_lak_has_102_communes_today_and_its_2021_districts_then() -> None:
    today = AdminUnit.objects.by_code("66", TODAY)
    assert today.name == "Tỉnh Đắk Lắk"
    assert AdminUnit.objects.at(TODAY).under(today).filter(level="commune").count() == 102
    then = AdminUnit.objects.by_code("66", Q1_2021)
    assert then.pk != today.pk
    districts = AdminUnit.objects.at(Q1_2021).under(then).filter(level="district")
    assert "Thành phố Buôn Ma Thuột" in {d.name for d in districts}


def test_a_code_names_a_unit_only_together_with_a_date() -> None:
    old = AdminUnit.objects.by_code("24133", Q1_2021)
    new = AdminUnit.objects.by_code("24133", TODAY)
    assert old.name == "Phường Thành Công"
    assert old.parent is not None and old.parent.name == "Thành phố Buôn Ma Thuột"
    assert new.name == "Phường Buôn Ma Thuột"
    assert new.parent is not None and new.parent.code == "66"


def test_an_old_ward_of_buon_ma_thuot_maps_to_its_new_ward() -> None:
    old = AdminUnit.objects.by_code("24136", Q1_2021)  # Phường Tân Lợi
    assert [s.new.name for s in old.successions.all()] == ["Phường Buôn Ma Thuột"]
    new = AdminUnit.objects.by_code("24133", TODAY)
    predecessors = {s.old.name for s in new.predecessions.select_related("old")}
    assert {"Phường Thành Công", "Phường Tân Lợi", "Phường Tân Thành", "Phường Tân Tiến"} <= (
        predecessors
    )


def test_provinces_map_to_the_province_they_were_merged_into() -> None:
    new = AdminUnit.objects.by_code("66", TODAY)
    olds = {s.old.name for s in new.predecessions.select_related("old")}
    assert olds == {"Tỉnh Đắk Lắk", "Tỉnh Phú Yên"}


def test_every_old_commune_has_exactly_one_default_successor() -> None:
    old_communes = AdminUnit.objects.at(Q1_2021).filter(level="commune")
    with_default = Succession.objects.filter(is_default=True, old__in=old_communes)
    assert with_default.values("old").distinct().count() == old_communes.count()
    assert with_default.count() == old_communes.count()


def test_everything_under_a_unit_on_a_date_is_one_query() -> None:
    province = AdminUnit.objects.by_code("66", Q1_2021)
    with CaptureQueriesContext(connection) as queries:
        units = list(AdminUnit.objects.at(Q1_2021).under(province))
    assert len(queries) == 1
    assert len(units) == 1 + 15 + 180
    assert all(u.is_in_force(Q1_2021) for u in units)


def run_units(*args: str) -> list[dict[str, object]]:
    from io import StringIO

    out = StringIO()
    call_command("units", *args, stdout=out)
    return json.loads(out.getvalue())


def test_units_command_lists_units_in_force_on_a_date_as_json() -> None:
    rows = run_units("--at", "2021-03-31", "--under", "643", "--level", "commune", "--json")
    assert {
        "code": "24133",
        "name": "Phường Thành Công",
        "level": "commune",
        "parent": "643",
    } in rows
    assert len(rows) == 19
    provinces = run_units("--level", "province", "--json")
    assert len(provinces) == 34
    assert all(p["parent"] is None for p in provinces)


def test_units_command_prints_the_current_units_an_old_unit_went_into() -> None:
    assert run_units("--successors", "24133", "--json") == [
        {"code": "24133", "name": "Phường Buôn Ma Thuột", "level": "commune", "parent": "66"}
    ]
    provinces = run_units("--successors", "54", "--json")  # Phú Yên
    assert [p["name"] for p in provinces] == ["Tỉnh Đắk Lắk"]


def test_units_command_lists_a_split_communes_default_successor_first() -> None:
    split = (
        Succession.objects.filter(is_default=False)
        .select_related("old")
        .order_by("old__code")
        .first()
    )
    assert split is not None
    rows = run_units("--successors", split.old.code, "--json")
    default = Succession.objects.get(old=split.old, is_default=True).new
    assert len(rows) >= 2
    assert rows[0]["code"] == default.code


def test_units_command_explains_bad_input_in_vietnamese() -> None:
    with pytest.raises(CommandError, match="ngày/tháng/năm"):
        call_command("units", "--at", "31-31-2021")
    with pytest.raises(CommandError, match="Không có đơn vị mã 99999"):
        call_command("units", "--under", "99999")


def test_a_unit_that_has_ended_says_so_where_it_is_named() -> None:
    assert str(AdminUnit.objects.by_code("24172", Q1_2021)) == "Xã Hòa Phú (đến 30/06/2025)"
    assert str(AdminUnit.objects.by_code("24175", TODAY)) == "Xã Hòa Phú"

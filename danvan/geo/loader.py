"""Load Vietnam's administrative units of both eras from the `vietnamadminunits` package's data.

The package (MIT) ships a SQLite file with the pre-reform 3-level structure (63 provinces, 696
districts, ~10,000 communes: a snapshot from just before 1 July 2025, not a history of every
earlier merger) and the current 2-level one (34 provinces, 3,321 communes), plus a JSON mapping
from each old commune and province to the new one(s) it went into. We read those files directly
and never import the package: its address converter can reach for an online geocoder.
"""

import datetime as dt
import importlib.util
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from decimal import Decimal
from pathlib import Path
from typing import Any

from danvan.vi import collation_key, fold

REFORM_DATE = dt.date(2025, 7, 1)
LAST_PRE_REFORM_DAY = REFORM_DATE - dt.timedelta(days=1)


def data_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Thiếu gói vietnamadminunits: chạy lại `make run` để cài đặt.")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(sql: str) -> Iterator[sqlite3.Row]:
    with closing(sqlite3.connect(f"file:{data_dir() / 'dataset.db'}?mode=ro", uri=True)) as db:
        db.row_factory = sqlite3.Row
        yield from db.execute(sql)


def _coord(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 6)))


def _province_kind(name: str) -> str:
    return "Thành phố" if name.startswith("Thành phố") else "Tỉnh"


def load_units(AdminUnit: Any, Succession: Any) -> dict[str, int]:
    """Create every unit of both eras and the succession links; returns counts by level and era.

    Takes the model classes so that a data migration can pass its historical models.
    """
    old_provinces: dict[str, Any] = {}
    old_districts: dict[str, Any] = {}
    old_communes: list[Any] = []
    old_by_key: dict[str, tuple[str, str]] = {}  # converter key -> ("district"|"commune", code)
    province_key_old: dict[str, str] = {}

    legacy = list(
        _rows("SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode")
    )
    for r in legacy:
        pcode, dcode = r["provinceCode"], r["districtCode"]
        province_key_old[r["provinceKey"]] = pcode
        if pcode not in old_provinces:
            old_provinces[pcode] = AdminUnit(
                code=pcode,
                name=r["province"],
                kind=_province_kind(r["province"]),
                level="province",
                valid_to=LAST_PRE_REFORM_DAY,
                latitude=_coord(r["provinceLat"]),
                longitude=_coord(r["provinceLon"]),
            )
        if dcode not in old_districts:
            old_districts[dcode] = AdminUnit(
                code=dcode,
                name=r["district"],
                kind=r["districtType"],
                level="district",
                valid_to=LAST_PRE_REFORM_DAY,
                latitude=_coord(r["districtLat"]),
                longitude=_coord(r["districtLon"]),
            )
            old_districts[dcode].parent_code = pcode
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        if r["wardCode"] is None:
            # Island districts with no communes (Hoàng Sa, Côn Đảo…): the district itself maps.
            old_by_key[key] = ("district", dcode)
            continue
        commune = AdminUnit(
            code=r["wardCode"],
            name=r["ward"],
            kind=r["wardType"],
            level="commune",
            valid_to=LAST_PRE_REFORM_DAY,
            latitude=_coord(r["wardLat"]),
            longitude=_coord(r["wardLon"]),
        )
        commune.parent_code = dcode
        old_communes.append(commune)
        old_by_key[key] = ("commune", r["wardCode"])

    new_provinces: dict[str, Any] = {}
    new_communes: dict[tuple[str, str], Any] = {}
    province_key_new: dict[str, str] = {}
    for r in _rows("SELECT * FROM admin_units ORDER BY provinceCode, wardCode"):
        pcode = r["provinceCode"]
        province_key_new[r["provinceKey"]] = pcode
        if pcode not in new_provinces:
            new_provinces[pcode] = AdminUnit(
                code=pcode,
                name=r["province"],
                kind=_province_kind(r["province"]),
                level="province",
                valid_from=REFORM_DATE,
                latitude=_coord(r["provinceLat"]),
                longitude=_coord(r["provinceLon"]),
            )
        commune = AdminUnit(
            code=r["wardCode"],
            name=" ".join(r["ward"].split()),
            kind=r["wardType"],
            level="commune",
            valid_from=REFORM_DATE,
            latitude=_coord(r["wardLat"]),
            longitude=_coord(r["wardLon"]),
        )
        commune.parent_code = pcode
        new_communes[(r["provinceKey"], r["wardKey"])] = commune

    def save_level(units: list[Any], parents: dict[str, Any] | None) -> None:
        for unit in units:
            # The data mixes "Thị Xã Buôn Hồ" with the type "Thị xã"; names lead with their type.
            if unit.name.lower().startswith(unit.kind.lower()):
                unit.name = unit.kind + unit.name[len(unit.kind) :]
            unit.name_folded = fold(unit.name)
            unit.sort_name = collation_key(unit.name)
            unit.parent = parents[unit.parent_code] if parents is not None else None
        AdminUnit.objects.bulk_create(units, batch_size=1000)
        for unit in units:
            unit.path = f"{unit.parent.path if unit.parent else '/'}{unit.pk}/"
        AdminUnit.objects.bulk_update(units, ["path"], batch_size=1000)

    save_level(list(old_provinces.values()), None)
    save_level(list(old_districts.values()), old_provinces)
    save_level(old_communes, old_districts)
    save_level(list(new_provinces.values()), None)
    save_level(list(new_communes.values()), new_provinces)

    old_commune_by_code = {u.code: u for u in old_communes}

    def old_unit(key: str) -> Any:
        level, code = old_by_key[key]
        return old_districts[code] if level == "district" else old_commune_by_code[code]

    converter = json.loads((data_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    links: dict[tuple[int, int], bool] = {}
    for new_pkey, old_pkeys in converter["DICT_PROVINCE"].items():
        new = new_provinces[province_key_new[new_pkey]]
        for old_pkey in old_pkeys:
            links[(old_provinces[province_key_old[old_pkey]].pk, new.pk)] = True
    split: dict[str, dict[tuple[str, str], bool]] = {}
    for new_pkey, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            split[old_key] = {(new_pkey, t["newWardKey"]): t["isDefaultNewWard"] for t in targets}
    for new_pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_keys in wards.items():
            new = new_communes[(new_pkey, new_wkey)]
            for old_key in old_keys:
                default = split.get(old_key, {}).get((new_pkey, new_wkey), True)
                links[(old_unit(old_key).pk, new.pk)] = default
    for old_key, targets in split.items():
        for new_key, default in targets.items():
            links[(old_unit(old_key).pk, new_communes[new_key].pk)] = default
    Succession.objects.bulk_create(
        [Succession(old_id=o, new_id=n, is_default=d) for (o, n), d in links.items()],
        batch_size=2000,
    )
    return {
        "old_provinces": len(old_provinces),
        "old_districts": len(old_districts),
        "old_communes": len(old_communes),
        "new_provinces": len(new_provinces),
        "new_communes": len(new_communes),
        "successions": len(links),
    }

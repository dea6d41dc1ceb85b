"""Roll-up rows: the sums, counts and maxima of the counted reports' values, kept up to date in
the transaction of every write that changes what counts, so that consolidation reads a few
rows instead of every value.

Three grains: per reporting unit (a commune's, district's or province's own reports), per
province and for the whole country (path "/": a national year then reads a thousand rows, not
the 70.000 of 63 provinces' four quarters). A key — (form, period, organization kind, unit) —
is always recomputed whole from what lies below it: the unit's rows from the raw values of its
reports, the province's rows from its units' rows, the country's from the provinces' rows.
Recomputing instead of adding differences keeps maxima exact and makes the order of concurrent
writes irrelevant; on PostgreSQL an advisory lock per key, taken before reading, makes a second
writer wait for the first one's commit and then read it.

What triggers a refresh: saving a report that is or was sent or approved (submit, approve,
return, reopen, an import's save), deleting one, saving or deleting a value of one (a shell, a
test), and `_write_values` for its bulk writes. `QuerySet.update` sends no signal: code that
changes counted reports or values that way calls `refresh_reports`; the demo and bench loaders
write in bulk and call `rebuild` when done.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model
from django.db.models.signals import ModelSignal, post_delete, post_save

from danvan.core.fields import SCALE
from danvan.reporting.models import RECEIVED, DataValue, Grain, Report

COUNTED = tuple(str(s) for s in RECEIVED)
COLUMNS = (
    "form_id, period_start, period_end, grain, path, org_kind, status, "
    'indicator_id, option_id, total, "count", largest'
)
# (form id, period start, period end, organization kind, unit id)
Key = tuple[int, dt.date, dt.date, str, int]

UNIT_ROWS = f"""
SELECT r.form_id, r.period_start, r.period_end, '{Grain.UNIT}', u.path, r.org_kind, r.status,
       v.indicator_id, v.option_id, SUM(v.value), COUNT(*), MAX(v.value)
FROM reporting_datavalue v
JOIN reporting_report r ON r.id = v.report_id
JOIN geo_adminunit u ON u.id = r.unit_id
WHERE r.status IN ('{COUNTED[0]}', '{COUNTED[1]}') {{where}}
GROUP BY r.form_id, r.period_start, r.period_end, u.path, r.org_kind, r.status,
         v.indicator_id, v.option_id
"""

PROVINCE_ROWS = f"""
INSERT INTO reporting_rollup ({COLUMNS})
SELECT form_id, period_start, period_end, '{Grain.PROVINCE}', %s, org_kind, status,
       indicator_id, option_id, SUM(total), SUM("count"), MAX(largest)
FROM reporting_rollup
WHERE grain = '{Grain.UNIT}' AND path LIKE %s {{where}}
GROUP BY form_id, period_start, period_end, org_kind, status, indicator_id, option_id
"""

NATION_ROWS = f"""
INSERT INTO reporting_rollup ({COLUMNS})
SELECT form_id, period_start, period_end, '{Grain.NATION}', '/', org_kind, status,
       indicator_id, option_id, SUM(total), SUM("count"), MAX(largest)
FROM reporting_rollup
WHERE grain = '{Grain.PROVINCE}' {{where}}
GROUP BY form_id, period_start, period_end, org_kind, status, indicator_id, option_id
"""

KEY_WHERE = "AND form_id = %s AND period_start = %s AND period_end = %s AND org_kind = %s"


def province_path(path: str) -> str:
    """ "/12/345/6789/" → "/12/": unit paths begin with their province's id."""
    return "/".join(path.split("/")[:2]) + "/"


def key_of(report: Report) -> Key:
    return (report.form_id, report.period_start, report.period_end, report.org_kind, report.unit_id)


def refresh(keys: Iterable[Key], using: str = DEFAULT_DB_ALIAS) -> None:
    """Recompute the unit rows of `keys` from the raw values, then their provinces' rows."""
    keys = set(keys)
    if not keys:
        return
    connection = connections[using]
    unit_ids = {key[4] for key in keys}
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(unit_ids))
        cursor.execute(f"SELECT id, path FROM geo_adminunit WHERE id IN ({marks})", list(unit_ids))
        paths = dict(cursor.fetchall())
    units = sorted(
        {(form, start, end, kind, unit, paths[unit]) for form, start, end, kind, unit in keys}
    )
    provinces = sorted({(f, s, e, k, province_path(p)) for f, s, e, k, _, p in units})
    nations = sorted({(f, s, e, k) for f, s, e, k, _ in provinces})
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One lock per key in one global order, so that two writers never wait on each other
            # in a cycle; held to the commit.
            names = sorted(
                [f"rollup {f} {s} {e} {k} {p}" for f, s, e, k, _, p in units]
                + [f"rollup {f} {s} {e} {k} {p}" for f, s, e, k, p in provinces]
                # The country's key last: every writer of the form, period and kind takes it,
                # for as long as its own short transaction lasts.
                + [f"rollup~ {f} {s} {e} {k}" for f, s, e, k in nations]
            )
            for name in names:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
        for form, start, end, kind, unit, path in units:
            cursor.execute(
                f"DELETE FROM reporting_rollup WHERE grain = %s AND path = %s {KEY_WHERE}",
                [Grain.UNIT, path, form, start, end, kind],
            )
            cursor.execute(
                f"INSERT INTO reporting_rollup ({COLUMNS}) "
                + UNIT_ROWS.format(
                    where="AND r.form_id = %s AND r.period_start = %s AND r.period_end = %s "
                    "AND r.org_kind = %s AND r.unit_id = %s"
                ),
                [form, start, end, kind, unit],
            )
        for form, start, end, kind, path in provinces:
            cursor.execute(
                f"DELETE FROM reporting_rollup WHERE grain = %s AND path = %s {KEY_WHERE}",
                [Grain.PROVINCE, path, form, start, end, kind],
            )
            cursor.execute(
                PROVINCE_ROWS.format(where=KEY_WHERE),
                [path, path + "%", form, start, end, kind],
            )
        for form, start, end, kind in nations:
            cursor.execute(
                f"DELETE FROM reporting_rollup WHERE grain = %s {KEY_WHERE}",
                [Grain.NATION, form, start, end, kind],
            )
            cursor.execute(NATION_ROWS.format(where=KEY_WHERE), [form, start, end, kind])


def refresh_reports(report_ids: Iterable[int], using: str = DEFAULT_DB_ALIAS) -> None:
    rows = Report.objects.using(using).filter(pk__in=list(report_ids))
    refresh(rows.values_list("form_id", "period_start", "period_end", "org_kind", "unit_id"), using)


def rebuild(using: str = DEFAULT_DB_ALIAS) -> int:
    """Every roll-up row recomputed from the raw values; returns how many rows there are."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("LOCK TABLE reporting_rollup IN EXCLUSIVE MODE")
        cursor.execute("DELETE FROM reporting_rollup")
        cursor.execute(f"INSERT INTO reporting_rollup ({COLUMNS}) " + UNIT_ROWS.format(where=""))
        cursor.execute("SELECT DISTINCT path FROM reporting_rollup")
        for path in sorted({province_path(p) for (p,) in cursor.fetchall()}):
            cursor.execute(PROVINCE_ROWS.format(where=""), [path, path + "%"])
        cursor.execute(NATION_ROWS.format(where=""))
        cursor.execute("SELECT COUNT(*) FROM reporting_rollup")
        return int(cursor.fetchone()[0])


RowKey = tuple[Any, ...]
Measures = tuple[int, int, int]


def _expected(cursor: Any) -> dict[RowKey, Measures]:
    cursor.execute(UNIT_ROWS.format(where=""))
    expected: dict[RowKey, Measures] = {}
    above: dict[RowKey, list[int]] = defaultdict(lambda: [0, 0, 0])
    for *key, total, count, largest in cursor.fetchall():
        expected[tuple(key)] = (int(total), int(count), int(largest))
        form, start, end, _, path, *rest = key
        for grain, at in ((Grain.PROVINCE.value, province_path(path)), (Grain.NATION.value, "/")):
            cell = above[(form, start, end, grain, at, *rest)]
            first = cell[1] == 0
            cell[0] += int(total)
            cell[1] += int(count)
            cell[2] = int(largest) if first else max(cell[2], int(largest))
    expected.update({key: (t, c, m) for key, (t, c, m) in above.items()})
    return expected


def verify(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Every difference between the stored roll-up rows and the raw values, in Vietnamese;
    an empty list when they agree."""
    with connections[using].cursor() as cursor:
        expected = _expected(cursor)
        cursor.execute(f"SELECT {COLUMNS} FROM reporting_rollup")
        stored: dict[RowKey, Measures] = {}
        problems = []
        for *key, total, count, largest in cursor.fetchall():
            if tuple(key) in stored:
                problems.append(f"Dòng tổng hợp sẵn bị trùng: {_describe(tuple(key))}.")
            stored[tuple(key)] = (int(total), int(count), int(largest))
    for key in sorted(set(expected) | set(stored), key=str):
        want, have = expected.get(key), stored.get(key)
        if want == have:
            continue
        problems.append(
            f"Sai lệch số tổng hợp sẵn ({_describe(key)}): đang lưu {_measures(have)}, "
            f"tính lại từ số liệu gốc được {_measures(want)}."
        )
    return problems


def _describe(key: RowKey) -> str:
    form, start, end, grain, path, kind, status, indicator, option = key
    grain_word = {Grain.PROVINCE: "tỉnh", Grain.NATION: "cả nước"}.get(grain, "đơn vị")
    return (
        f"mẫu #{form}, kỳ {start}–{end}, {grain_word} {path}, loại tổ chức {kind}, "
        f"trạng thái {status}, chỉ tiêu #{indicator}, nhóm #{option or '—'}"
    )


def _measures(measures: Measures | None) -> str:
    if measures is None:
        return "không có"
    total, count, largest = measures
    return f"tổng {Decimal(total) / SCALE}, {count} số liệu, lớn nhất {Decimal(largest) / SCALE}"


def _report_saved(sender: Any, instance: Report, raw: bool, using: str, **kwargs: Any) -> None:
    if raw:
        return
    if instance.status in COUNTED or instance.loaded_status in COUNTED:
        refresh([key_of(instance)], using)
    instance.loaded_status = instance.status


def _report_deleted(sender: Any, instance: Report, using: str, **kwargs: Any) -> None:
    if instance.status in COUNTED or instance.loaded_status in COUNTED:
        refresh([key_of(instance)], using)


def _value_saved(sender: Any, instance: DataValue, raw: bool, using: str, **kwargs: Any) -> None:
    if raw:
        return
    report = instance.report
    if report.status in COUNTED:
        refresh([key_of(report)], using)


def _value_deleted(sender: Any, instance: DataValue, using: str, **kwargs: Any) -> None:
    origin = kwargs.get("origin")
    if isinstance(origin, Report) or getattr(origin, "model", None) is Report:
        return  # the report's own deletion refreshes its key once
    report = Report.objects.using(using).filter(pk=instance.report_id).first()
    if report is not None and report.status in COUNTED:
        refresh([key_of(report)], using)


RECEIVERS: list[tuple[ModelSignal, Callable[..., None], type[Model], str]] = [
    (post_save, _report_saved, Report, "rollups-report-saved"),
    (post_delete, _report_deleted, Report, "rollups-report-deleted"),
    (post_save, _value_saved, DataValue, "rollups-value-saved"),
    (post_delete, _value_deleted, DataValue, "rollups-value-deleted"),
]


def connect() -> None:
    for signal, receiver, sender, uid in RECEIVERS:
        signal.connect(receiver, sender=sender, dispatch_uid=uid)


@contextmanager
def suspended() -> Iterator[None]:
    """For loaders that write in bulk: no refresh per row; they call `rebuild` when done."""
    for signal, _, sender, uid in RECEIVERS:
        signal.disconnect(sender=sender, dispatch_uid=uid)
    try:
        yield
    finally:
        connect()

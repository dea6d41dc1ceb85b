"""Should data values be partitioned by year on PostgreSQL? A measurement, not a feature.

    python -m danvan.demo.partitioning postgres://…/danvan_bench [REPEAT]

Run it on the scratch database where `danvan bench consolidate --communes N` built its 2021
set (it changes that database: the bench then builds its set again). It adds 2022 and 2023 of
the same shape to `reporting_datavalue` (so that a year is a third of the rows), copies every
value into a plain table and into one partitioned by year (both with the partition key, the
report's period start, beside the app's columns and indexes), and times in interleaved rounds
the raw-value consolidation queries and the roll-up rebuild's read over the three. The figures
and the decision are in the README ("Performance").
"""

import statistics
import sys
import time
from typing import Any

import psycopg

DSN = sys.argv[1] if len(sys.argv) > 1 else ""
REPEAT = int(sys.argv[2]) if len(sys.argv) > 2 else 5
YEARS = [2022, 2023]


def step(cur: Any, label: str, sql: str, params: Any = None) -> None:
    t = time.perf_counter()
    cur.execute(sql, params)
    print(f"  {label}: {time.perf_counter() - t:.1f} s", flush=True)


def build(cur: Any, form: int) -> None:
    """2022 and 2023 beside the bench's 2021, then the same rows in the two trial tables."""
    started = time.perf_counter()
    print("build: other years", flush=True)
    for year in YEARS:
        shift = f"{year - 2021} year"
        step(
            cur,
            f"reports {year}",
            f"""
            INSERT INTO reporting_report (org_kind, period, period_start, period_end, status,
                version, narrative, warning_note, created_at, updated_at, first_submitted_at,
                submitted_at, organization_id, unit_id, updated_by_id, form_id)
            SELECT org_kind, replace(period, '2021', '{year}'),
                   (period_start + interval '{shift}')::date,
                   (period_end + interval '{shift}')::date, status, version, narrative,
                   warning_note, created_at, updated_at, first_submitted_at, submitted_at,
                   organization_id, unit_id, updated_by_id, form_id
            FROM reporting_report WHERE form_id = %s AND period LIKE '2021%%'
            """,
            [form],
        )
        step(
            cur,
            f"values {year}",
            f"""
            INSERT INTO reporting_datavalue (report_id, indicator_id, option_id, value)
            SELECT n.id, v.indicator_id, v.option_id, v.value + {year}
            FROM reporting_datavalue v
            JOIN reporting_report o ON o.id = v.report_id
            JOIN reporting_report n ON n.form_id = o.form_id
                 AND n.organization_id = o.organization_id
                 AND n.period = replace(o.period, '2021', '{year}')
            WHERE o.form_id = %s AND o.period LIKE '2021%%'
            """,
            [form],
        )
    print("build: the same rows, plain with a year column and partitioned by year", flush=True)
    step(cur, "drop", "DROP TABLE IF EXISTS dv_flat, dv_year")
    columns = (
        "id bigint NOT NULL, value bigint NOT NULL, option_id bigint, "
        "indicator_id bigint NOT NULL, report_id bigint NOT NULL, period_start date NOT NULL"
    )
    step(cur, "create", f"CREATE TABLE dv_flat ({columns})")
    step(cur, "create", f"CREATE TABLE dv_year ({columns}) PARTITION BY RANGE (period_start)")
    for year in range(2021, 2024):
        step(
            cur,
            "partition",
            f"CREATE TABLE dv_year_{year} PARTITION OF dv_year "
            f"FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')",
        )
    select = (
        "SELECT v.id, v.value, v.option_id, v.indicator_id, v.report_id, r.period_start "
        "FROM reporting_datavalue v JOIN reporting_report r ON r.id = v.report_id"
    )
    step(cur, "fill flat", f"INSERT INTO dv_flat {select}")
    step(cur, "fill year", f"INSERT INTO dv_year {select}")
    for table in ("dv_flat", "dv_year"):
        # The app's indexes on reporting_datavalue; a partitioned table's unique indexes must
        # hold the partition key.
        step(cur, f"{table} pk", f"ALTER TABLE {table} ADD PRIMARY KEY (id, period_start)")
        step(cur, f"{table} report", f"CREATE INDEX ON {table} (report_id)")
        step(cur, f"{table} indicator", f"CREATE INDEX ON {table} (indicator_id)")
        step(cur, f"{table} option", f"CREATE INDEX ON {table} (option_id)")
        step(
            cur,
            f"{table} once",
            f"CREATE UNIQUE INDEX ON {table} (report_id, indicator_id, period_start) "
            "WHERE option_id IS NULL",
        )
    step(cur, "analyze", "ANALYZE")
    print(f"build total {time.perf_counter() - started:.0f} s", flush=True)


BASE = """
SELECT v.indicator_id, v.option_id, SUM(v.value), COUNT(*)
FROM {table} v
JOIN reporting_report r ON r.id = v.report_id
JOIN geo_adminunit u ON u.id = r.unit_id
WHERE r.form_id = %(form)s AND r.period_start >= %(start)s AND r.period_end <= %(end)s
  AND r.status IN ('submitted', 'approved') AND u.path LIKE %(path)s {extra}
GROUP BY v.indicator_id, v.option_id
"""
KEYED = "AND v.period_start >= %(start)s AND v.period_start <= %(end)s"
VARIANTS = {
    "plain (app table)": BASE.format(table="reporting_datavalue", extra=""),
    "plain + year column": BASE.format(table="dv_flat", extra=KEYED),
    "partitioned by year": BASE.format(table="dv_year", extra=KEYED),
}
# The roll-up rebuild's read: every counted value grouped per unit key (as rollups.rebuild).
REBUILD = """
SELECT count(*) FROM (
SELECT r.form_id, r.period_start, r.period_end, u.path, r.org_kind, r.status,
       v.indicator_id, v.option_id, SUM(v.value), COUNT(*), MAX(v.value)
FROM {table} v
JOIN reporting_report r ON r.id = v.report_id
JOIN geo_adminunit u ON u.id = r.unit_id
WHERE r.status IN ('submitted', 'approved')
GROUP BY r.form_id, r.period_start, r.period_end, u.path, r.org_kind, r.status,
         v.indicator_id, v.option_id) k
"""
# One write's refresh: the values of one unit's reports of one quarter (rollups.refresh).
REFRESH = """
SELECT v.indicator_id, v.option_id, SUM(v.value), COUNT(*), MAX(v.value)
FROM {table} v JOIN reporting_report r ON r.id = v.report_id
WHERE r.status IN ('submitted', 'approved') AND r.form_id = %(form)s
  AND r.period_start = '2022-04-01' AND r.period_end = '2022-06-30'
  AND r.org_kind = %(kind)s AND r.unit_id = %(unit)s {extra}
GROUP BY v.indicator_id, v.option_id
"""
REFRESH_KEYED = "AND v.period_start = '2022-04-01'"


def compare(cur: Any, label: str, sqls: dict[str, str], params: Any, repeat: int) -> None:
    """Medians in interleaved rounds, so that the machine's load falls on every variant alike;
    the variants must give the same answer."""
    results: dict[str, list[float]] = {name: [] for name in sqls}
    answers = {}
    for _ in range(repeat + 1):
        for name, sql in sqls.items():
            started = time.perf_counter()
            cur.execute(sql, params)
            answers[name] = sorted(cur.fetchall(), key=str)
            results[name].append((time.perf_counter() - started) * 1000)
    assert len({str(a) for a in answers.values()}) == 1, f"{label}: the answers differ"
    base = statistics.median(results["plain (app table)"][1:])  # the first round warms up
    print(f"{label}:")
    for name, times in results.items():
        median = statistics.median(times[1:])
        print(f"  {name:22s} median {median:8.1f} ms  ratio to plain {median / base:4.2f}")


def main() -> None:
    if not DSN:
        raise SystemExit(__doc__)
    cur = psycopg.connect(DSN, autocommit=True).cursor()
    cur.execute("SELECT id FROM reporting_reportform WHERE code = 'bench-quy'")
    form = cur.fetchone()[0]  # type: ignore[index]
    cur.execute(
        "SELECT count(DISTINCT period_start) FROM reporting_report WHERE form_id = %s", [form]
    )
    if cur.fetchone()[0] == 4:  # type: ignore[index]
        build(cur, form)
    cur.execute("SELECT count(*) FROM reporting_datavalue")
    print("values:", cur.fetchone()[0])  # type: ignore[index]
    for table in ("reporting_datavalue", "dv_flat", "dv_year"):
        cur.execute(
            "SELECT pg_size_pretty(pg_total_relation_size(%s::regclass) + coalesce(("
            "SELECT sum(pg_total_relation_size(i.inhrelid)) FROM pg_inherits i "
            "WHERE i.inhparent = %s::regclass), 0))",
            [table, table],
        )
        print(f"size {table}: {cur.fetchone()[0]}")  # type: ignore[index]
    cur.execute(
        "SELECT u.path FROM geo_adminunit u JOIN reporting_report r ON r.unit_id = u.id "
        "WHERE r.form_id = %s ORDER BY u.path LIMIT 1",
        [form],
    )
    province = "/".join(cur.fetchone()[0].split("/")[:2]) + "/"  # type: ignore[index]
    cases = {
        "national year 2021": {"start": "2021-01-01", "end": "2021-12-31", "path": "/%"},
        "national quarter 2021Q1": {"start": "2021-01-01", "end": "2021-03-31", "path": "/%"},
        "province quarter 2021Q1": {
            "start": "2021-01-01",
            "end": "2021-03-31",
            "path": province + "%",
        },
    }
    for label, case in cases.items():
        compare(cur, label, VARIANTS, {"form": form, **case}, REPEAT)
    compare(
        cur,
        "rebuild read (all counted values grouped per unit key)",
        {
            "plain (app table)": REBUILD.format(table="reporting_datavalue"),
            "plain + year column": REBUILD.format(table="dv_flat"),
            "partitioned by year": REBUILD.format(table="dv_year"),
        },
        {},
        max(2, REPEAT // 2),
    )
    cur.execute(
        "SELECT unit_id, org_kind FROM reporting_report WHERE form_id = %s "
        "AND period = '2022Q2' LIMIT 1",
        [form],
    )
    unit, kind = cur.fetchone()  # type: ignore[misc]
    for label, extra in (
        ("one write's refresh read (one unit, one quarter)", REFRESH_KEYED),
        ("the same, without the year in the filter", ""),
    ):
        compare(
            cur,
            label,
            {
                "plain (app table)": REFRESH.format(table="reporting_datavalue", extra=""),
                "plain + year column": REFRESH.format(table="dv_flat", extra=extra),
                "partitioned by year": REFRESH.format(table="dv_year", extra=extra),
            },
            {"form": form, "kind": kind, "unit": unit},
            REPEAT * 4,
        )


if __name__ == "__main__":
    main()

"""`danvan bench consolidate`: the app's consolidation (through the roll-up rows) against
hand-written SQL over the raw values, same rows, same run.

Builds (once, then reuses) a national-volume data set in the configured database: every 2021
commune × 7 organizations × 40 indicators × 4 quarters of 2021, about 11 million values, on an
inactive form "bench-quy" that the app's pages never offer. Run it on a scratch database.
"""

import time
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Count

from danvan.core.fields import SCALE
from danvan.core.periods import Period
from danvan.demo.bench import Benchmark, median_ms
from danvan.geo.loader import LAST_PRE_REFORM_DAY
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Organization, OrgKind
from danvan.reporting import rollups
from danvan.reporting.consolidation import consolidate
from danvan.reporting.models import Indicator, Report, ReportForm, ReportStatus

FORM = "bench-quy"
KINDS = [k for k in OrgKind.values if k != OrgKind.OTHER]  # 7 kinds
INDICATORS = 40
QUARTERS = [Period.parse(f"2021Q{q}") for q in range(1, 5)]
PREFIX = "[bench] "

SQL = """
SELECT v.indicator_id, v.option_id, SUM(v.value), COUNT(*)
FROM reporting_datavalue v
JOIN reporting_report r ON r.id = v.report_id
JOIN geo_adminunit u ON u.id = r.unit_id
WHERE r.form_id = %s AND r.period_start >= %s AND r.period_end <= %s
  AND r.status IN ('submitted', 'approved') AND u.path LIKE %s
GROUP BY v.indicator_id, v.option_id
"""


# Targets of the issue, in milliseconds through the app's code, at national volume.
TARGETS = {"national_quarter": 50, "national_year": 100, "province_quarter": 10}


class Consolidate(Benchmark):
    name = "consolidate"
    help = "tổng hợp qua số tổng hợp sẵn so với SQL viết tay trên số liệu gốc, cùng dữ liệu"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--communes", type=int, default=0, help="chỉ N xã đầu tiên (0: cả nước, mặc định)"
        )
        parser.add_argument("--repeat", type=int, default=7, help="số lần đo mỗi truy vấn")

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        form = self._dataset(options["communes"])
        communes = AdminUnit.objects.filter(reports__form=form, level="commune").distinct()
        first = communes.order_by("path").first()
        if first is None:
            raise CommandError("Bộ dữ liệu đo trống.")
        province_path = "/".join(first.path.split("/")[:2]) + "/"
        repeat = options["repeat"]
        year = Period.parse("2021")
        result: dict[str, Any] = {
            "database": connection.vendor,
            "communes": communes.count(),
            "national_quarter": self._measure(form, QUARTERS[0], "/", repeat),
            "national_year": self._measure(form, year, "/", repeat),
            "province_quarter": self._measure(form, QUARTERS[0], province_path, repeat),
        }
        for name, target in TARGETS.items():
            result[name]["target_ms"] = target
            result[name]["met"] = result[name]["ms_app"] <= target
        return result

    def _measure(self, form: ReportForm, period: Period, path: str, repeat: int) -> dict[str, Any]:
        app = consolidate(form, period, [path])

        def run_sql() -> list[tuple[Any, ...]]:
            with connection.cursor() as cursor:
                cursor.execute(SQL, [form.pk, period.start, period.end, path + "%"])
                return list(cursor.fetchall())

        rows = run_sql()
        sql_totals = {(i, o): Decimal(total) / SCALE for i, o, total, _ in rows}
        merged: dict[tuple[int, int | None], Decimal] = {}
        for (i, o, _), cell in app.cells.items():
            merged[(i, o)] = merged.get((i, o), Decimal(0)) + cell.total
        if merged != sql_totals:
            raise CommandError("Kết quả tổng hợp khác kết quả SQL: lỗi nghiêm trọng.")
        ms_app = median_ms(lambda: consolidate(form, period, [path]), repeat)
        ms_sql = median_ms(run_sql, repeat)
        return {
            "values": sum(count for *_, count in rows),
            "ms_app": round(ms_app, 1),
            "ms_sql": round(ms_sql, 1),
            "ratio": round(ms_app / ms_sql, 2) if ms_sql else None,
        }

    def _dataset(self, limit: int) -> ReportForm:
        form, _ = ReportForm.objects.get_or_create(
            code=FORM,
            defaults={
                "name": "Mẫu đo tốc độ (không dùng)",
                "period_type": "quarter",
                "org_kinds": KINDS,
                "levels": ["commune"],
                "active": False,
            },
        )
        communes = (
            AdminUnit.objects.at(LAST_PRE_REFORM_DAY).filter(level="commune").order_by("path")
        )
        if limit:
            communes = communes[:limit]
        expected = len(communes) * len(KINDS) * len(QUARTERS) * INDICATORS
        have = Report.objects.filter(form=form).aggregate(n=Count("values"))["n"]
        if have == expected:
            return form
        if have:
            self.log("Bộ dữ liệu đo có kích thước khác; dựng lại.")
        started = time.perf_counter()
        with transaction.atomic(), rollups.suspended():
            Report.objects.filter(form=form).delete()
            Organization.objects.filter(name__startswith=PREFIX, reports__isnull=True).delete()
            section = form.sections.get_or_create(title="Chỉ tiêu đo", order=0)[0]
            for n in range(1, INDICATORS + 1):
                indicator, _ = Indicator.objects.get_or_create(
                    code=f"bench-{n:02d}",
                    defaults={
                        "name": f"Chỉ tiêu đo {n}",
                        "unit": "lần",
                        "value_type": "integer",
                        "aggregation": "sum",
                    },
                )
                form.items.get_or_create(indicator=indicator, defaults={"section": section})
            orgs = [
                Organization(
                    kind=kind,
                    name=f"{PREFIX}{kind} {unit.code}",
                    admin_unit=unit,
                    valid_to=LAST_PRE_REFORM_DAY,
                )
                for unit in communes
                for kind in KINDS
            ]
            Organization.objects.bulk_create(orgs, batch_size=5000)
            reports = [
                Report.new(form, org, quarter, status=ReportStatus.APPROVED)
                for org in orgs
                for quarter in QUARTERS
            ]
            Report.objects.bulk_create(reports, batch_size=5000)
            with connection.cursor() as cursor:
                # Values made up in SQL: eleven million ORM objects would take an hour.
                cursor.execute(
                    """
                    INSERT INTO reporting_datavalue (report_id, indicator_id, option_id, value)
                    SELECT r.id, i.id, NULL, ((r.id * 31 + i.id * 17) %% 1000) * 10000
                    FROM reporting_report r
                    JOIN reporting_formitem fi ON fi.form_id = r.form_id
                    JOIN reporting_indicator i ON i.id = fi.indicator_id
                    WHERE r.form_id = %s
                    """,
                    [form.pk],
                )
        rollups.rebuild()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.log(f"Đã dựng {expected} số liệu trong {time.perf_counter() - started:.0f} giây.")
        return form

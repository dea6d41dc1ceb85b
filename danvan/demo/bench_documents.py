"""`danvan bench report`: the demo province's quarterly report as DOCX, PDF and XLSX annex,
timed against the issue's targets (DOCX ≤ 1 s, PDF ≤ 3 s) in the same run.

Times the whole build a user waits for (consolidation, narrative, rendering), on the demo
database (`danvan demo`): Đắk Lắk (code 66), Q1 2021.
"""

from typing import Any

from django.core.management.base import CommandError, CommandParser

from danvan.core.periods import Period
from danvan.demo.bench import Benchmark, median_ms
from danvan.documents.build import build_report
from danvan.geo.models import AdminUnit
from danvan.reporting.consolidation import default_form
from danvan.reporting.models import Report

TARGET_MS = {"docx": 1000.0, "pdf": 3000.0, "xlsx": 1000.0}


class ReportDocuments(Benchmark):
    name = "report"
    help = "thời gian lập báo cáo quý của tỉnh (DOCX, PDF, phụ lục XLSX) so với mục tiêu"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--under", default="66", help="mã tỉnh (mặc định 66, Đắk Lắk)")
        parser.add_argument("--period", default="2021Q1")
        parser.add_argument("--repeat", type=int, default=5, help="số lần đo mỗi định dạng")

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        period = Period.parse(options["period"])
        form = default_form(period)
        try:
            unit = AdminUnit.objects.by_code(options["under"], period.end)
        except AdminUnit.DoesNotExist:
            raise CommandError(f"Không có đơn vị mã {options['under']}.") from None
        reports = Report.objects.filter(
            form=form, period=period.code, unit__path__startswith=unit.path
        ).count()
        if not reports:
            raise CommandError("Chưa có báo cáo nào để tổng hợp: chạy `danvan demo` trước.")
        result: dict[str, Any] = {
            "unit": unit.name,
            "period": period.code,
            "reports": reports,
            "repeat": options["repeat"],
        }
        for file_format, target in TARGET_MS.items():
            self.log(f"Đo {file_format}…")
            sizes: list[int] = []

            def build(file_format: str = file_format, sizes: list[int] = sizes) -> None:
                sizes.append(len(build_report(form, period, unit, file_format).content))

            ms = median_ms(build, options["repeat"])
            result[file_format] = {
                "median_ms": round(ms, 1),
                "target_ms": target,
                "ratio_to_target": round(ms / target, 3),
                "within_target": ms <= target,
                "bytes": sizes[-1],
            }
        return result

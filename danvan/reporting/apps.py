from typing import TextIO

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "danvan.reporting"
    verbose_name = "Báo cáo định kỳ"
    default_auto_field = "django.db.models.BigAutoField"
    benchmarks = ["danvan.reporting.benchmarks.Consolidate"]

    def load_demo(self, out: TextIO) -> None:
        from danvan.reporting.demo import load_demo_reports

        load_demo_reports(out)

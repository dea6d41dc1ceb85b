from typing import TextIO

from django.apps import AppConfig


class WelfareConfig(AppConfig):
    name = "danvan.welfare"
    verbose_name = "Chăm lo đời sống"
    default_auto_field = "django.db.models.BigAutoField"
    benchmarks = ["danvan.welfare.benchmarks.Dedup", "danvan.welfare.bench_import.Import"]

    def load_demo(self, out: TextIO) -> None:
        from danvan.welfare.demo import load_demo_welfare

        load_demo_welfare(out)

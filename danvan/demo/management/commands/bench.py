"""`danvan bench NAME`: the benchmarks the apps declare (AppConfig.benchmarks)."""

import json
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.demo.bench import Benchmark
from danvan.jobs.progress import for_command


def benchmarks() -> dict[str, Benchmark]:
    found: dict[str, Benchmark] = {}
    for app in apps.get_app_configs():
        for path in getattr(app, "benchmarks", []):
            module, _, name = path.rpartition(".")
            bench = getattr(import_module(module), name)()
            found[bench.name] = bench
    return found


class Command(BaseCommand):
    help = "Đo tốc độ, so với mốc đối chiếu ghi trong từng phép đo."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        for name, bench in sorted(benchmarks().items()):
            sub_parser = sub.add_parser(name, help=bench.help)
            bench.add_arguments(sub_parser)
            sub_parser.add_argument("--json", action="store_true", help="in ra dạng JSON")
            sub_parser.add_argument(
                "--force", action="store_true", help="cho phép ở chế độ production"
            )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["force"]:
            raise CommandError("Không đo trên hệ thống thật: dùng một cơ sở dữ liệu riêng.")
        bench = benchmarks()[options["what"]]
        bench.progress = for_command(options["json"])  # a bar on a terminal, else quiet
        try:
            result = bench.run(options)
        finally:
            bench.progress.close()
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key}: {value}")
        # A benchmark that checks what it measured (`failed`: its Vietnamese reasons) exits
        # non-zero, after printing everything, so that a script or CI sees it.
        if result.get("failed"):
            raise CommandError("Phép đo không đạt: " + "; ".join(result["failed"]))

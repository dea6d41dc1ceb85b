from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.reporting import rollups


class Command(BaseCommand):
    help = "Kiểm tra (verify) hoặc dựng lại (rebuild) các số tổng hợp sẵn từ số liệu gốc."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action",
            choices=["verify", "rebuild"],
            help="verify: tính lại và báo mọi sai lệch; rebuild: dựng lại toàn bộ",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            count = rollups.rebuild()
            self.stdout.write(f"Đã dựng lại {count} dòng tổng hợp sẵn.")
            return
        problems = rollups.verify()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                f"Có {len(problems)} sai lệch giữa số tổng hợp sẵn và số liệu gốc; "
                "chạy `danvan rollups rebuild` để dựng lại."
            )
        self.stdout.write("Số tổng hợp sẵn khớp với số liệu gốc.")

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.jobs.progress import for_command
from danvan.welfare.dedup import Deduplicator, Person
from danvan.welfare.importer import TableError, read_rows, read_table


class Command(BaseCommand):
    help = "Việc với danh sách hộ: tìm các dòng là cùng một hộ trong một tệp (không ghi gì)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        dedup = sub.add_parser("dedup", help="các nhóm dòng là cùng một hộ trong một tệp")
        dedup.add_argument("file", help="tệp CSV hoặc XLSX theo mẫu danh sách; - là bàn phím")
        dedup.add_argument("--json", action="store_true", help="in ra dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        try:
            content = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            table = read_table(content, name if name != "-" else "stdin.csv")
        except OSError:
            raise CommandError(
                f"Không đọc được tệp {name}: không có tệp này hoặc không có quyền đọc."
            ) from None
        except TableError as error:
            raise CommandError(str(error)) from None
        progress = for_command(options["json"])  # a bar on a terminal, else quiet
        progress.step("Đọc danh sách")
        rows = read_rows(table, default_kind="qua")
        progress.step(f"Tìm hộ trùng trong {len(rows)} dòng")
        finder = Deduplicator(
            # Rows are numbered from 1 for the first line under the header.
            Person(
                row.line - table.header_line,
                row.name,
                row.birth_year,
                row.sex,
                row.national_id,
                row.phone,
                row.commune,
                row.village,
            )
            for row in rows
            if row.name
        )
        clusters = finder.clusters()
        progress.close()
        if options["json"]:
            self.stdout.write(json.dumps({"clusters": clusters}))
            return
        if not clusters:
            self.stdout.write("Không thấy hộ nào bị ghi trùng.")
        for group in clusters:
            self.stdout.write("Cùng một hộ: các dòng " + ", ".join(map(str, group)))

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.backup import BackupError, backup
from danvan.vi.numbers import format_number


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ cơ sở dữ liệu vào một tệp (SQLite: bản sao trực tuyến, an toàn khi ứng "
        "dụng đang chạy; PostgreSQL: pg_dump dạng custom). Tệp tải lên (media) sao lưu riêng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp sao lưu sẽ ghi (ghi đè nếu đã có)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            backup(path)
        except (BackupError, OSError) as error:
            raise CommandError(f"Không sao lưu được: {error}") from None
        size = format_number(path.stat().st_size)
        self.stdout.write(f"Đã sao lưu vào {path} ({size} byte).")

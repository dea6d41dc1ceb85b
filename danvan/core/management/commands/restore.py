from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Phục hồi toàn bộ cơ sở dữ liệu từ một tệp của `danvan backup`: mọi dữ liệu ghi sau lần "
        "sao lưu đó sẽ mất. Nên dừng ứng dụng trước khi phục hồi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp sao lưu")
        parser.add_argument(
            "--yes", action="store_true", help="không hỏi lại (dùng trong kịch bản tự động)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not options["yes"] and options.get("interactive", True):
            answer = input(
                f"Toàn bộ dữ liệu hiện có sẽ được thay bằng bản sao lưu {path}. "
                "Gõ 'co' để tiếp tục: "
            )
            if answer.strip().lower() not in {"co", "có"}:
                raise CommandError("Đã hủy, không thay đổi gì.")
        try:
            restore(path)
        except (BackupError, OSError) as error:
            raise CommandError(f"Không phục hồi được: {error}") from None
        self.stdout.write(f"Đã phục hồi từ {path}.")

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.core.commands import at_arg
from danvan.core.registry import daily_notices


class Command(BaseCommand):
    help = (
        "Gửi thông báo về vụ việc chuyển lên cấp trên và hạn sắp đến (chạy hằng ngày bằng cron; "
        "chạy lại không gửi trùng)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", metavar="YYYY-MM-DD", help="tính vào ngày (mặc định hôm nay)")

    def handle(self, *args: Any, **options: Any) -> None:
        on = at_arg(options["at"])
        sent = sum(job(on) for job in daily_notices)
        self.stdout.write(f"Đã gửi {sent} thông báo.")

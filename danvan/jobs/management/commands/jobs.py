import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.jobs import actions
from danvan.jobs.models import JobKind


class Command(BaseCommand):
    help = (
        "Việc chạy nền: `prune` xoá các văn bản đã hết thời hạn lưu; `notify` xếp việc gửi "
        "thông báo hằng ngày vào hàng đợi (cho cron, khi có worker chạy)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["prune", "notify"])
        parser.add_argument("--at", metavar="YYYY-MM-DD", help="notify: tính vào ngày này")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "prune":
            self.stdout.write(f"Đã xoá {actions.prune()} tệp hết hạn lưu.")
            return
        if options["at"]:
            try:
                dt.date.fromisoformat(options["at"])
            except ValueError:
                raise CommandError(
                    f"Ngày “{options['at']}” không hợp lệ: viết YYYY-MM-DD, vd. 2021-03-29."
                ) from None
        job = actions.start_job(
            JobKind.NOTIFY,
            "Thông báo hằng ngày",
            user=None,
            params={"at": options["at"] or ""},
        )
        self.stdout.write(f"Đã xếp việc gửi thông báo vào hàng đợi (việc số {job.pk}).")

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.commands import period_arg
from danvan.jobs.progress import for_command
from danvan.orgs.models import User, normalize_username
from danvan.reporting.cli import under_paths
from danvan.reporting.exchange import export_rows, import_rows, read_rows, write_csv


def actor(username: str | None) -> User:
    """The active account the command's changes are recorded under (--user is required; it is
    checked here so that the refusal is in Vietnamese, not argparse's English)."""
    if not username:
        raise CommandError(
            "Cần --user TÊN_ĐĂNG_NHẬP: mọi thay đổi số liệu phải ghi được ai đã nhập."
        )
    try:
        return User.objects.get(username=normalize_username(username), is_active=True)
    except User.DoesNotExist:
        raise CommandError(
            f"Không có người dùng đang hoạt động tên “{username}” (--user): mọi thay đổi phải "
            "ghi được ai đã nhập."
        ) from None


class Command(BaseCommand):
    help = "Xuất hoặc nhập số liệu báo cáo dạng CSV/JSON (mỗi dòng một số liệu)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="xuất số liệu một kỳ")
        export.add_argument("--period", required=True, help="kỳ: 2021, 2021S1, 2021Q1, 202101")
        export.add_argument("--under", metavar="CODE", help="mã đơn vị hành chính")
        export.add_argument("--format", choices=["csv", "json"], default="csv")
        export.add_argument("-o", "--output", help="tệp ghi ra (mặc định: màn hình)")
        load = sub.add_parser("import", help="nhập số liệu từ tệp CSV/JSON")
        load.add_argument("file", help="tệp CSV hoặc JSON cùng cột với tệp xuất; - là bàn phím")
        load.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        load.add_argument(
            "--user",
            metavar="USERNAME",
            help="tên đăng nhập của người chịu trách nhiệm nhập; ghi vào lịch sử thay đổi",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            period = period_arg(options["period"])
            rows = export_rows(period, under_paths(options["under"], period, False))
            if options["format"] == "json":
                text = json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
            else:
                text = write_csv(rows)
            if options["output"]:
                Path(options["output"]).write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
            return
        recorded_by = actor(options["user"])
        name = options["file"]
        try:
            content = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError:
            raise CommandError(
                f"Không đọc được tệp {name}: không có tệp này hoặc không có quyền đọc."
            ) from None
        progress = for_command()  # a bar on a terminal, nothing in a pipe
        progress.step(f"Đọc {name}")
        try:
            rows = read_rows(content, name)
        except ValueError as error:
            progress.close()
            raise CommandError(str(error)) from None
        progress.step("Kiểm tra rồi ghi (tất cả hoặc không gì)", len(rows))
        result = import_rows(rows, dry_run=options["dry_run"], recorded_by=recorded_by)
        progress.advance(len(rows))
        progress.close()
        for line, message in result.errors[:200]:
            self.stderr.write(f"Dòng {line}: {message}")
        if result.errors:
            more = len(result.errors) - 200
            if more > 0:
                self.stderr.write(f"… và {more} lỗi khác.")
            raise CommandError(
                f"Không nhập gì: {len(result.errors)} dòng lỗi trên {result.rows} dòng."
            )
        verb = "Sẽ nhập" if result.dry_run else "Đã nhập"
        self.stdout.write(
            f"{verb} {result.rows} dòng: {result.created} mới, {result.updated} sửa, "
            f"{result.unchanged} không đổi, vào {result.reports} báo cáo."
            + (" (chạy thử, chưa ghi gì)" if result.dry_run else "")
        )

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.commands import period_arg
from danvan.documents.build import FORMATS, build_report
from danvan.geo.models import AdminUnit
from danvan.reporting.cli import form_arg


class Command(BaseCommand):
    help = (
        "Lập báo cáo tổng hợp của một địa bàn trong một kỳ theo thể thức văn bản của Đảng: "
        "DOCX để sửa, PDF để gửi, XLSX là phụ lục số liệu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--under", metavar="CODE", required=True, help="mã đơn vị hành chính")
        parser.add_argument("--period", required=True, help="kỳ: 2021Q1, 2021S1, 2021, 202103")
        parser.add_argument("--form", metavar="CODE", help="mã mẫu báo cáo (mặc định theo kỳ)")
        parser.add_argument("--format", choices=sorted(FORMATS), default="docx")
        parser.add_argument("--approved-only", action="store_true", help="chỉ báo cáo đã duyệt")
        parser.add_argument("--charts", action="store_true", help="kèm biểu đồ (bản DOCX, PDF)")
        parser.add_argument("-o", "--output", metavar="FILE", help="tệp ghi ra (mặc định: tự đặt)")

    def handle(self, *args: Any, **options: Any) -> None:
        period = period_arg(options["period"])
        form = form_arg(options["form"], period)
        try:
            unit = AdminUnit.objects.by_code(options["under"], period.end)
        except AdminUnit.DoesNotExist:
            raise CommandError(
                f"Không có đơn vị hành chính mã “{options['under']}” vào ngày "
                f"{period.end:%d/%m/%Y}."
            ) from None
        built = build_report(
            form,
            period,
            unit,
            options["format"],
            approved_only=options["approved_only"],
            charts=options["charts"],
        )
        path = Path(options["output"] or built.file_name)
        try:
            path.write_bytes(built.content)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {path}: {error.strerror}.") from error
        self.stdout.write(f"Đã ghi {path} ({len(built.content):,} byte).".replace(",", "."))

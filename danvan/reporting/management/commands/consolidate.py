import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.core.commands import period_arg
from danvan.orgs.models import OrgKind
from danvan.reporting.cli import form_arg, under_paths
from danvan.reporting.consolidation import consolidate
from danvan.vi.numbers import format_number


class Command(BaseCommand):
    help = (
        "Tổng hợp số liệu báo cáo của một địa bàn trong một kỳ, tính trực tiếp từ số liệu đã gửi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--under", metavar="CODE", help="mã đơn vị hành chính (mặc định: cả nước)"
        )
        parser.add_argument("--period", required=True, help="kỳ: 2021, 2021S1, 2021Q1, 202101")
        parser.add_argument("--form", metavar="CODE", help="mã mẫu báo cáo (mặc định theo kỳ)")
        parser.add_argument("--org-kind", choices=OrgKind.values, help="chỉ một loại tổ chức")
        parser.add_argument("--approved-only", action="store_true", help="chỉ báo cáo đã phê duyệt")
        parser.add_argument(
            "--in-current-units",
            action="store_true",
            help="CODE là đơn vị hiện nay; số liệu cũ tính theo đơn vị kế thừa",
        )
        parser.add_argument("--json", action="store_true", help="in ra dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        period = period_arg(options["period"])
        form = form_arg(options["form"], period)
        paths = under_paths(options["under"], period, options["in_current_units"])
        result = consolidate(
            form,
            period,
            paths,
            org_kind=options["org_kind"],
            approved_only=options["approved_only"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{form.name} — {period.label}")
        for indicator in result.indicators:
            value = result.value(indicator)
            if value is not None:
                shown = format_number(value.normalize() if value % 1 else int(value))
                self.stdout.write(f"  {indicator.name}: {shown} {indicator.unit}")

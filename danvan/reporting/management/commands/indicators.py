import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.reporting.models import Indicator


class Command(BaseCommand):
    help = "Liệt kê các chỉ tiêu báo cáo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="in ra dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = [
            {
                "code": i.code,
                "name": i.name,
                "unit": i.unit,
                "value_type": i.value_type,
                "aggregation": i.aggregation,
                "breakdown": i.category.code if i.category else None,
            }
            for i in Indicator.objects.select_related("category").order_by("code")
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['code']:<22} {row['name']} ({row['unit']})")

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from danvan.geo.models import AdminUnit, Level
from danvan.vi.dates import parse_date


def as_dict(unit: AdminUnit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "parent": unit.parent.code if unit.parent else None,
    }


def current_successors(unit: AdminUnit, today: dt.date) -> list[AdminUnit]:
    """The units in force today that `unit` went into, following chained reorganizations."""
    found: list[AdminUnit] = []
    frontier = [unit]
    seen = {unit.pk}
    while frontier:
        current = frontier.pop(0)
        if current.is_in_force(today) and current.pk != unit.pk:
            found.append(current)
            continue
        links = current.successions.select_related("new__parent").order_by(
            "-is_default", "new__path"
        )
        for link in links:
            if link.new_id not in seen:
                seen.add(link.new_id)
                frontier.append(link.new)
    return found


class Command(BaseCommand):
    help = (
        "Liệt kê đơn vị hành chính có hiệu lực vào một ngày, hoặc đơn vị kế thừa của một đơn vị cũ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", help="ngày (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định hôm nay")
        parser.add_argument("--under", metavar="CODE", help="chỉ các đơn vị thuộc đơn vị mã CODE")
        parser.add_argument("--level", choices=Level.values)
        parser.add_argument(
            "--successors", metavar="CODE", help="đơn vị hiện hành mà CODE đã sáp nhập vào"
        )
        parser.add_argument("--json", action="store_true", help="in ra dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        at = today
        if options["at"]:
            try:
                at = parse_date(options["at"])
            except ValueError as error:
                raise CommandError(str(error)) from None
        if options["successors"]:
            units = current_successors(
                self._old_unit(options["successors"], at if options["at"] else None), today
            )
        else:
            qs = AdminUnit.objects.at(at).select_related("parent").order_by("path")
            if options["under"]:
                try:
                    qs = qs.under(AdminUnit.objects.by_code(options["under"], at))
                except AdminUnit.DoesNotExist:
                    raise CommandError(
                        f"Không có đơn vị mã {options['under']} vào ngày {at:%d/%m/%Y}."
                    ) from None
            if options["level"]:
                qs = qs.filter(level=options["level"])
            units = list(qs)
        if options["json"]:
            self.stdout.write(json.dumps([as_dict(u) for u in units], ensure_ascii=False, indent=1))
        else:
            for u in units:
                row = as_dict(u)
                self.stdout.write(
                    f"{row['code']}\t{row['name']}\t{row['level']}\t{row['parent'] or ''}"
                )

    def _old_unit(self, code: str, at: dt.date | None) -> AdminUnit:
        """The unit that carried `code` on `at`, or else the latest one with it that has ended."""
        qs = AdminUnit.objects.filter(code=code)
        unit = (
            qs.at(at).first()
            if at
            else qs.filter(valid_to__isnull=False).order_by("-valid_to").first()
        )
        if unit is None:
            unit = qs.first()
        if unit is None:
            raise CommandError(f"Không có đơn vị nào mang mã {code}.")
        return unit

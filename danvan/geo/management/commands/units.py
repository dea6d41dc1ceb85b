import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from danvan.geo.boundaries import load_boundaries
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
        # `danvan units boundaries FILE`: the one action of this command that writes.
        sub = parser.add_subparsers(dest="action")
        load = sub.add_parser(
            "boundaries", help="nạp ranh giới đơn vị từ tệp GeoJSON (khớp theo mã và ngày)"
        )
        load.add_argument("file", help="tệp GeoJSON (FeatureCollection của các vùng)")
        load.add_argument(
            "--code-property", default="code", help="thuộc tính chứa mã đơn vị (mặc định code)"
        )
        load.add_argument(
            "--date", help="ngày có hiệu lực của các đơn vị trong tệp; mặc định hôm nay"
        )
        load.add_argument(
            "--date-property",
            default="",
            help="thuộc tính chứa ngày của từng vùng (nếu có, thay cho --date)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("action") == "boundaries":
            self._boundaries(options)
            return
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

    def _boundaries(self, options: dict[str, Any]) -> None:
        on = timezone.localdate()
        if options["date"]:
            try:
                on = parse_date(options["date"])
            except ValueError as error:
                raise CommandError(str(error)) from None
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Không đọc được tệp {path}: {error.strerror}.") from None
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise CommandError(f"Tệp {path} không phải JSON (UTF-8) hợp lệ.") from None
        try:
            report = load_boundaries(
                data,
                on=on,
                code_property=options["code_property"],
                date_property=options["date_property"],
                source=path.name,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Đã nạp ranh giới của {report.loaded} đơn vị ({report.replaced} thay ranh giới cũ); "
            f"{len(report.unmatched)} vùng không khớp."
        )
        for miss in report.unmatched:
            self.stdout.write(f"  vùng thứ {miss.number}\tmã {miss.code or '—'}\t{miss.reason}")

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

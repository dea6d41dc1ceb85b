import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.core.commands import add_overdue_arguments, at_arg
from danvan.geo.cli import unit_arg
from danvan.geo.models import under_paths
from danvan.situation.escalation import needing_attention
from danvan.situation.models import Incident


class Command(BaseCommand):
    help = "Vụ việc: `incidents overdue` in các vụ việc quá hạn hoặc đã chuyển lên cấp trên."

    def add_arguments(self, parser: CommandParser) -> None:
        add_overdue_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        on = at_arg(options["at"])
        unit = unit_arg(options["under"], on)
        found = needing_attention(Incident.objects.filter(under_paths([unit.path], "unit")), on)
        if options["json"]:
            payload = [s.as_json() for s in found]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for s in found:
            self.stdout.write(
                f"#{s.incident.pk} {s.incident.title} — {s.level.name}: {'; '.join(s.reasons)}"
            )

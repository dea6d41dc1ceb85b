import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.core.commands import add_overdue_arguments, at_arg
from danvan.directives.followup import overdue_tasks, task_json
from danvan.directives.models import Task
from danvan.geo.cli import unit_arg
from danvan.geo.models import under_paths


class Command(BaseCommand):
    help = "Nhiệm vụ: `tasks overdue` in các nhiệm vụ quá hạn mà chưa hoàn thành."

    def add_arguments(self, parser: CommandParser) -> None:
        add_overdue_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        on = at_arg(options["at"])
        unit = unit_arg(options["under"], on)
        tasks = Task.objects.filter(
            under_paths([unit.path], "meeting__unit")
            | under_paths([unit.path], "owners__admin_unit")
        ).distinct()
        found = overdue_tasks(tasks, on).select_related("meeting__unit").prefetch_related("owners")
        rows = [task_json(task, on) for task in found]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"#{row['id']} {row['title']} — hạn {row['deadline']}")

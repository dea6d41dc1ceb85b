from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.commands import period_arg
from danvan.directives.models import Meeting
from danvan.documents.briefing import briefing_document
from danvan.documents.render import to_docx, to_pdf
from danvan.geo.cli import unit_arg


class Command(BaseCommand):
    help = "Lập báo cáo hội nghị giao ban của một cấp trong một kỳ (DOCX hoặc PDF)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--under", metavar="CODE", required=True, help="mã đơn vị")
        parser.add_argument("--period", required=True, help="kỳ giao ban: 2021Q1, 202103…")
        parser.add_argument("--format", choices=["docx", "pdf"], default="docx")
        parser.add_argument("-o", "--output", metavar="FILE", help="tệp ghi ra")

    def handle(self, *args: Any, **options: Any) -> None:
        period = period_arg(options["period"])
        unit = unit_arg(options["under"], period.end)
        meeting = Meeting.objects.filter(unit=unit, period=period.code).order_by("-held_on").first()
        if meeting is None:
            raise CommandError(
                f"Chưa có hội nghị giao ban nào của {unit.name} cho kỳ {period.label}."
            )
        document = briefing_document(meeting)
        content = to_pdf(document) if options["format"] == "pdf" else to_docx(document)
        path = Path(options["output"] or f"{document.file_stem}.{options['format']}")
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {path}: {error.strerror}.") from error
        self.stdout.write(f"Đã ghi {path} ({len(content):,} byte).".replace(",", "."))

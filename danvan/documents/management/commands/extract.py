import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.documents.reading import UnreadableDocument, text_of
from danvan.vi.evaluation import (
    COMBINED,
    DEVELOPMENT,
    DEVELOPMENT_2,
    DEVELOPMENT_3,
    DEVELOPMENT_4,
    DEVELOPMENT_5,
    DEVELOPMENT_6,
    DEVELOPMENT_7,
    DEVELOPMENT_8,
    DEVELOPMENT_8_CHECK,
    DEVELOPMENT_9,
    DEVELOPMENT_9_CHECK,
    DEVELOPMENT_10,
    DEVELOPMENT_10_CHECK,
    FIELDS,
    HELD_BACK,
    HELD_BACK_2,
    HELD_BACK_3,
    HELD_BACK_4,
    HELD_BACK_5,
    HELD_BACK_6,
    HELD_BACK_7,
    HELD_BACK_8,
    HELD_BACK_9,
    HELD_BACK_10,
    HELD_BACK_11,
    HELD_BACK_12,
    LABELLED,
    Score,
    agreement,
    evaluate,
    load_labelled,
)
from danvan.vi.figures import extract_figures

_TITLES = {
    "labelled": "bộ ban đầu, phần dùng khi viết bộ đọc (figures-labelled)",
    "labelled_held_out": "bộ ban đầu, phần để riêng (figures-labelled)",
    "development": "bộ phát triển (figures-dev)",
    "development_2": "bộ phát triển thứ hai, theo từng loại lỗi (figures-dev2)",
    "development_3": "bộ phát triển thứ ba, những chỗ hay sót (figures-dev3)",
    "development_4": "bộ phát triển thứ tư, danh từ ghép và từ miêu tả (figures-dev4)",
    "development_5": "bộ phát triển thứ năm, văn phong báo cáo dân vận (figures-dev5)",
    "development_6": "bộ phát triển thứ sáu, danh từ của nhiều lĩnh vực (figures-dev6)",
    "development_7": "bộ phát triển thứ bảy, đồ dùng, vật tư và giấy tờ (figures-dev7)",
    "development_8": "bộ phát triển thứ tám, theo câu thật (figures-dev8)",
    "development_8_check": "bộ phát triển thứ tám, phần để kiểm tra (figures-dev8-check)",
    "development_9": "bộ phát triển thứ chín, theo câu thật, bốn chủ đề (figures-dev9)",
    "development_9_check": "bộ phát triển thứ chín, phần để kiểm tra (figures-dev9-check)",
    "development_10": "bộ phát triển thứ mười, theo câu thật, bốn chủ đề khác (figures-dev10)",
    "development_10_check": "bộ phát triển thứ mười, phần để kiểm tra (figures-dev10-check)",
    "held_back": "bộ để riêng, không dùng để chỉnh bộ đọc (figures-heldback)",
    "held_back_2": "bộ để riêng thứ hai (đã dùng để chỉnh từ 12/2026) (figures-heldback2)",
    "held_back_3": "bộ để riêng thứ ba (đã dùng để chỉnh từ vòng thứ năm) (figures-heldback3)",
    "held_back_4": "bộ để riêng thứ tư (đã dùng để chỉnh từ vòng thứ sáu) (figures-heldback4)",
    "held_back_5": "bộ để riêng thứ năm, chưa từng dùng để chỉnh (figures-heldback5)",
    "held_back_6": "bộ để riêng thứ sáu, chưa từng dùng để chỉnh (figures-heldback6)",
    "held_back_7": "bộ để riêng thứ bảy, chưa từng dùng để chỉnh (figures-heldback7)",
    "held_back_8": "bộ để riêng thứ tám, chưa từng dùng để chỉnh (figures-heldback8)",
    "held_back_9": "bộ để riêng thứ chín, theo câu thật, hai người gán nhãn (figures-heldback9)",
    "held_back_10": "bộ để riêng thứ mười, theo câu thật, hai người gán nhãn (figures-heldback10)",
    "held_back_11": "bộ để riêng thứ mười một, hai người gán nhãn (figures-heldback11)",
    "held_back_12": "bộ để riêng thứ mười hai, theo câu thật (figures-heldback12)",
}


class Command(BaseCommand):
    help = (
        "Đọc các số liệu trong một văn bản tiếng Việt (.txt, .docx hoặc - cho đầu vào chuẩn), "
        "theo quy ước trong FIGURES.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="tệp .txt hoặc .docx; - là đầu vào chuẩn")
        parser.add_argument("--json", action="store_true", help="in ra dạng JSON")
        parser.add_argument(
            "--lines", action="store_true", help="mỗi dòng là một văn bản; in JSON Lines"
        )
        parser.add_argument(
            "--evaluate",
            nargs="?",
            const="",
            metavar="JSONL",
            help=(
                "đo độ chính xác (precision), độ phủ (recall) và F1 trên các bộ câu đã gán nhãn "
                "(mặc định: bộ ban đầu, mọi bộ phát triển và mọi bộ để riêng)"
            ),
        )
        parser.add_argument(
            "--against",
            metavar="JSONL",
            help=(
                "với --evaluate JSONL: chấm bộ nhãn thứ hai của cùng các câu (một người gán nhãn "
                "khác) thay cho bộ đọc, để biết hai người gán nhãn khớp nhau đến đâu"
            ),
        )
        parser.add_argument(
            "--mistakes", action="store_true", help="in cả từng lỗi (khi đo bằng --evaluate)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["against"]:
            self._agreement(options["evaluate"], options["against"], show=options["mistakes"])
            return
        if options["evaluate"] is not None:
            self._evaluate(options["evaluate"], as_json=options["json"], show=options["mistakes"])
            return
        if not options["file"]:
            raise CommandError("Cần tên tệp, hoặc - để đọc từ đầu vào chuẩn.")
        text = self._read(options["file"])
        if options["lines"]:
            for line in text.split("\n"):
                found = [figure.as_json() for figure in extract_figures(line)]
                self.stdout.write(json.dumps(found, ensure_ascii=False))
            return
        figures = extract_figures(text)
        if options["json"]:
            payload = [figure.as_json() for figure in figures]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for figure in figures:
            self.stdout.write(
                f"{figure.surface}\t{figure.value}\t{figure.unit}\t{figure.qualifier}"
            )

    def _read(self, name: str) -> str:
        if name == "-":
            content = sys.stdin.buffer.read()
        else:
            try:
                content = Path(name).read_bytes()
            except OSError as error:
                raise CommandError(f"Không mở được tệp {name}: {error.strerror}.") from error
        try:
            return text_of(content, name)
        except UnreadableDocument as error:
            raise CommandError(str(error)) from error

    def _agreement(self, path: str | None, other: str, *, show: bool) -> None:
        if not path:
            raise CommandError("--against cần --evaluate với tệp nhãn của người thứ nhất.")
        rows = load_labelled(Path(path))
        try:
            score, mistakes = agreement(rows, load_labelled(Path(other)))
        except ValueError as error:
            raise CommandError(f"{error} (hai tệp phải có cùng các câu, cùng thứ tự).") from error
        name = f"{Path(other).name} so với {Path(path).name}"
        self._print({name: {"sentences": len(rows), **_result(score, mistakes, show)}})

    def _evaluate(self, path: str, *, as_json: bool, show: bool) -> None:
        """Scores per labelled set; mistakes only when asked (the held-back set's are not for
        tuning the reader on)."""
        if path:
            sets = {Path(path).name: load_labelled(Path(path))}
        else:
            first = load_labelled(LABELLED)
            sets = {
                "labelled": [r for r in first if not r.get("held_out")],
                "labelled_held_out": [r for r in first if r.get("held_out")],
                "development": load_labelled(DEVELOPMENT),
                "development_2": load_labelled(DEVELOPMENT_2),
                "development_3": load_labelled(DEVELOPMENT_3),
                "development_4": load_labelled(DEVELOPMENT_4),
                "development_5": load_labelled(DEVELOPMENT_5),
                "development_6": load_labelled(DEVELOPMENT_6),
                "development_7": load_labelled(DEVELOPMENT_7),
                "development_8": load_labelled(DEVELOPMENT_8),
                "development_8_check": load_labelled(DEVELOPMENT_8_CHECK),
                "development_9": load_labelled(DEVELOPMENT_9),
                "development_9_check": load_labelled(DEVELOPMENT_9_CHECK),
                "development_10": load_labelled(DEVELOPMENT_10),
                "development_10_check": load_labelled(DEVELOPMENT_10_CHECK),
                "held_back": load_labelled(HELD_BACK),
                "held_back_2": load_labelled(HELD_BACK_2),
                "held_back_3": load_labelled(HELD_BACK_3),
                "held_back_4": load_labelled(HELD_BACK_4),
                "held_back_5": load_labelled(HELD_BACK_5),
                "held_back_6": load_labelled(HELD_BACK_6),
                "held_back_7": load_labelled(HELD_BACK_7),
                "held_back_8": load_labelled(HELD_BACK_8),
                "held_back_9": load_labelled(HELD_BACK_9),
                "held_back_10": load_labelled(HELD_BACK_10),
                "held_back_11": load_labelled(HELD_BACK_11),
                "held_back_12": load_labelled(HELD_BACK_12),
            }
        report = {}
        for name, rows in sets.items():
            score, mistakes = evaluate(rows)
            report[name] = {"sentences": len(rows), **_result(score, mistakes, show)}
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self._print(report)

    def _print(self, report: dict[str, dict[str, Any]]) -> None:
        for name, result in report.items():
            self.stdout.write(
                f"== {_TITLES.get(name, name)}: {result['sentences']} câu, "
                f"{result['sentences_figures_labelled']} số liệu gán nhãn, "
                f"{result['figures_predicted']} số liệu đọc được"
            )
            for field in (*COMBINED, *FIELDS):
                pr = result["summary"][field] if field in COMBINED else result["fields"][field]
                self.stdout.write(
                    f"  {field:10} precision {pr['precision']:.3f}  recall {pr['recall']:.3f}  "
                    f"F1 {pr['f1']:.3f}"
                )
            for mistake in result.get("mistakes", []):
                self.stdout.write(f"  - {mistake}")


def _result(score: Score, mistakes: list[str], show: bool) -> dict[str, Any]:
    result: dict[str, Any] = score.as_json()
    if show:
        result["mistakes"] = mistakes
    return result

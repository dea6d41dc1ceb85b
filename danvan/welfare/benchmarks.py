"""`danvan bench dedup` and `danvan bench import`.

dedup: a labelled synthetic list (danvan.welfare.synth), de-duplicated by danvan and by Splink
(DuckDB backend) on the same rows; pairwise precision, recall, F1 and seconds for each. Splink
gets the rows as a careful user would give them: NFC, lower case, split into surname and given
name; its model is trained unsupervised (u by random sampling, m by EM), as its tutorials do.

`list_file` makes the one-commune list `danvan bench import` (bench_import.py) reads: N rows as
organizations send them (a title row, the template's headers, merged commune cells, dd/mm/yyyy
dates, "500.000"-style values).
"""

import io
import random
import unicodedata
from typing import Any

from django.core.management.base import CommandError, CommandParser

from danvan.bench import Benchmark, seconds
from danvan.welfare.dedup import Deduplicator, Person
from danvan.welfare.importer import TEMPLATE_HEADERS
from danvan.welfare.synth import Record, generate, person, scores


class Dedup(Benchmark):
    name = "dedup"
    help = "khử trùng hộ: danvan so với Splink (DuckDB) trên cùng bộ dữ liệu có nhãn"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--records", type=int, default=100_000, help="số dòng (mặc định 100.000)"
        )
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--without-splink", action="store_true", help="chỉ đo danvan")

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        records = generate(options["records"], seed=options["seed"])
        truth = [r.entity for r in records]
        self.log(f"{len(records)} dòng, {len(set(truth))} hộ thật.")
        result: dict[str, Any] = {"records": len(records)}
        took, predicted = seconds(lambda: _danvan(records))
        result["danvan"] = scores(truth, predicted) | {"seconds": round(took, 2)}
        if not options["without_splink"]:
            try:
                import splink  # noqa: F401
            except ImportError:
                raise CommandError(
                    "Chưa cài Splink: pip install 'danvan[bench]' (hoặc dùng --without-splink)."
                ) from None
            took, predicted = seconds(lambda: _splink(records))
            result["splink"] = scores(truth, predicted) | {"seconds": round(took, 2)}
        return result


def _groups_to_labels(count: int, groups: list[list[int]]) -> list[int]:
    labels = list(range(count, 2 * count))  # rows in no group stand alone
    for number, group in enumerate(groups):
        for index in group:
            labels[index] = number
    return labels


def _danvan(records: list[Record]) -> list[int]:
    finder = Deduplicator(
        Person(i, r.name, r.birth_year, r.sex, r.national_id, r.phone, r.commune, r.village)
        for i, r in enumerate(records)
    )
    return _groups_to_labels(len(records), finder.clusters())


def _splink(records: list[Record]) -> list[int]:
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    data: dict[str, list[Any]] = {k: [] for k in ["unique_id", "full_name", "surname",
                                                  "given_name", "birth_year", "national_id",
                                                  "phone", "commune", "village"]}  # fmt: skip
    for index, r in enumerate(records):
        words = unicodedata.normalize("NFC", r.name).lower().split()
        data["unique_id"].append(index)
        data["full_name"].append(" ".join(words))
        data["surname"].append(words[0] if words else None)
        data["given_name"].append(words[-1] if words else None)
        data["birth_year"].append(r.birth_year)
        data["national_id"].append(r.national_id or None)
        data["phone"].append(r.phone or None)
        data["commune"].append(r.commune)
        data["village"].append(r.village)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.JaroWinklerAtThresholds("full_name", [0.95, 0.88]),
            cl.ExactMatch("birth_year"),
            cl.LevenshteinAtThresholds("national_id", [1, 2]),
            cl.ExactMatch("phone"),
            cl.ExactMatch("village"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("commune", "birth_year"),
            block_on("commune", "given_name"),
            block_on("national_id"),
            block_on("phone"),
        ],
    )
    linker = Linker(DuckDBAPI().register(data), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("national_id")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("commune", "birth_year")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("commune", "given_name")
    )
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.9)
    found = clusters.as_dict()
    labels = list(range(len(records)))
    for uid, cluster in zip(found["unique_id"], found["cluster_id"], strict=True):
        labels[uid] = hash(("cluster", cluster))
    return labels


def list_file(rows: int, commune_name: str, seed: int = 7) -> bytes:
    """An .xlsx list of `rows` households as a commune would send it."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.append(["DANH SÁCH HỘ NHẬN QUÀ TẾT TÂN SỬU 2021"])
    sheet.append([])
    sheet.append(TEMPLATE_HEADERS)
    for n in range(rows):
        record = person(rng, n, commune_name)
        # Every line a different household: a list does not repeat a line.
        code = (0 if record.birth_year < 2000 else 2) + (1 if record.sex == "nữ" else 0)
        card = f"066{code}{record.birth_year % 100:02d}{n:06d}"
        sheet.append(
            [
                record.name,
                record.birth_year,
                "Nam" if record.sex == "nam" else "Nữ",
                card,
                record.phone,
                record.village,
                commune_name if n % 50 == 0 else None,
                rng.choice(["Hộ nghèo", "Cận nghèo", "Gia đình chính sách", "Người có công"]),
                f"{rng.randint(15, 31):02d}/01/2021",
                "Quà",
                1,
                "suất",
                f"{rng.choice([300, 400, 500, 600])}.000",
                "Quỹ Vì người nghèo",
                None,
            ]
        )
    for start in range(4, rows + 4, 50):  # the commune cell merged over 50 rows, as people do
        sheet.merge_cells(start_row=start, end_row=min(start + 49, rows + 3), start_column=7,
                          end_column=7)  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

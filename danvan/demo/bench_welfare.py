"""`danvan bench dedup` and `danvan bench import`.

dedup: a labelled synthetic list (danvan.demo.synth; "hard" by default, or "easy", or the
held-back "hard-heldback"), de-duplicated by danvan and by Splink (DuckDB backend) on the same
rows, each in its own process; pairwise precision, recall, F1, seconds and peak memory for each,
and danvan's time as a ratio of Splink's. Splink is given what a competent user would give it:
names folded (NFC, case, diacritics, đ) and compared at several levels (as typed, folded, in
any order, Jaro-Winkler on the folded name), term-frequency adjustments on names, birth years
a year apart as a level of their own, CCCD within one edit (a swap or a dropped digit), the
villages under danvan's own village key, and the very blocking rules danvan uses; u by random
sampling, m by EM, as its tutorials do.

`list_file` makes the one-commune list `danvan bench import` (bench_import.py) reads: N rows as
organizations send them (a title row, the template's headers, merged commune cells, dd/mm/yyyy
dates, "500.000"-style values).
"""

import io
import multiprocessing
import random
import resource
import unicodedata
from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError, CommandParser

from danvan.demo.bench import Benchmark, seconds
from danvan.demo.synth import PROFILES, Record, generate, person, scores
from danvan.vi.text import fold, village_key
from danvan.welfare.dedup import Deduplicator, Person, _phone
from danvan.welfare.importer import TEMPLATE_HEADERS


class Dedup(Benchmark):
    name = "dedup"
    help = "khử trùng hộ: danvan so với Splink (DuckDB) trên cùng bộ dữ liệu có nhãn"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--records", type=int, default=100_000, help="số dòng (mặc định 100.000)"
        )
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument(
            "--profile",
            choices=["easy", *PROFILES],
            default="hard",
            help="loại danh sách: hard (mặc định), easy, hard-heldback (bộ giữ riêng)",
        )
        parser.add_argument("--without-splink", action="store_true", help="chỉ đo danvan")

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        records = generate(options["records"], seed=options["seed"], profile=options["profile"])
        truth = [r.entity for r in records]
        self.log(f"{len(records)} dòng ({options['profile']}), {len(set(truth))} hộ thật.")
        result: dict[str, Any] = {"records": len(records), "profile": options["profile"]}
        engines: list[tuple[str, Callable[[list[Record]], list[int]]]] = [("danvan", _danvan)]
        if not options["without_splink"]:
            try:
                import splink  # noqa: F401
            except ImportError:
                raise CommandError(
                    "Chưa cài Splink: pip install 'danvan[bench]' (hoặc dùng --without-splink)."
                ) from None
            engines.append(("splink", _splink))
        for name, engine in engines:
            self.log(f"{name}…")
            took, peak_mb, predicted = _in_own_process(engine, records)
            result[name] = scores(truth, predicted) | {
                "seconds": round(took, 2),
                "peak_mb": round(peak_mb),
            }
        if "splink" in result:
            ours, theirs = result["danvan"], result["splink"]
            result["f1_margin"] = round(ours["f1"] - theirs["f1"], 4)
            result["time_ratio"] = round(ours["seconds"] / theirs["seconds"], 2)
        return result


def _in_own_process(
    engine: Callable[[list[Record]], list[int]], records: list[Record]
) -> tuple[float, float, list[int]]:
    """(seconds, peak resident MB, labels) of one engine run in a forked process of its own, so
    that one engine's memory is not counted against the other. The peak is the largest
    resident size of that process or of any process it started (danvan's workers); the rows,
    shared from the parent, are in both engines' figure."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def work() -> None:
        took, labels = seconds(lambda: engine(records))
        peak = max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        send.send((took, peak / 1024, labels))
        send.close()

    process = context.Process(target=work)
    process.start()
    send.close()
    try:
        took, peak_mb, labels = receive.recv()
    except EOFError:
        raise CommandError("Tiến trình đo bị dừng giữa chừng (thiếu bộ nhớ?).") from None
    process.join()
    return took, peak_mb, labels


def _groups_to_labels(count: int, groups: list[list[int]]) -> list[int]:
    labels = list(range(count, 2 * count))  # rows in no group stand alone
    for number, group in enumerate(groups):
        for index in group:
            labels[index] = number
    return labels


def _danvan(records: list[Record]) -> list[int]:
    finder = Deduplicator(
        Person(i, r.name, r.birth_year or None, r.sex, r.national_id, r.phone, r.commune,
               r.village)
        for i, r in enumerate(records)
    )  # fmt: skip
    return _groups_to_labels(len(records), finder.clusters())


_SPLINK_COLUMNS = ["unique_id", "name", "name_folded", "name_sorted", "surname", "given_name",
                   "middle", "pair_1", "pair_2", "pair_3", "birth_year", "sex", "national_id",
                   "phone", "commune", "village"]  # fmt: skip


def _splink_rows(records: list[Record]) -> dict[str, list[Any]]:
    """The rows as a competent Splink user prepares them: names NFC and lower-cased, and also
    folded (no diacritics, đ → d), in order and sorted, split into surname, middle and given
    name; the pairs of name words (for the same blocking rules as danvan's); phones in one
    form; villages under danvan's village key."""
    data: dict[str, list[Any]] = {k: [] for k in _SPLINK_COLUMNS}
    for index, r in enumerate(records):
        words = fold(r.name.replace(".", " ")).split()
        ordered = sorted(words)
        pairs: list[str | None] = [f"{ordered[i]} {ordered[j]}" for i, j in
                                   [(0, 1), (0, 2), (1, 2)] if len(ordered) >= 3]  # fmt: skip
        pairs += [None] * (3 - len(pairs))
        data["unique_id"].append(index)
        data["name"].append(" ".join(unicodedata.normalize("NFC", r.name).lower().split()))
        data["name_folded"].append(" ".join(words) or None)
        data["name_sorted"].append(" ".join(ordered) or None)
        data["surname"].append(words[0] if words else None)
        data["given_name"].append(words[-1] if words else None)
        data["middle"].append(" ".join(sorted(words[:-1])) or None)
        for k in range(3):
            data[f"pair_{k + 1}"].append(pairs[k])
        data["birth_year"].append(r.birth_year or None)
        data["sex"].append(r.sex or None)
        data["national_id"].append(r.national_id or None)
        data["phone"].append(_phone(r.phone) or None)
        data["commune"].append(r.commune)
        data["village"].append(village_key(r.village) or None)
    return data


def _splink(records: list[Record], threshold: float = 0.9) -> list[int]:
    import logging

    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name_folded"),
            cll.ExactMatchLevel("name"),
            cll.ExactMatchLevel("name_folded").configure(tf_adjustment_column="name_folded"),
            cll.ExactMatchLevel("name_sorted"),
            cll.JaroWinklerLevel("name_folded", 0.95),
            cll.JaroWinklerLevel("name_folded", 0.88),
            cll.ElseLevel(),
        ],
    )
    year = cl.CustomComparison(
        output_column_name="birth_year",
        comparison_levels=[
            cll.NullLevel("birth_year"),
            cll.ExactMatchLevel("birth_year"),
            cll.AbsoluteDifferenceLevel("birth_year", 1),
            cll.ElseLevel(),
        ],
    )
    blocking: list[Any] = [
        block_on("commune", "given_name", "birth_year"),
        block_on("commune", "surname", "given_name"),
        block_on("commune", "name_sorted"),
        block_on("commune", "village", "birth_year", "surname"),
        block_on("commune", "birth_year", "middle"),
        block_on("commune", "birth_year", "pair_1"),
        block_on("commune", "birth_year", "pair_2"),
        block_on("commune", "birth_year", "pair_3"),
        block_on("national_id"),
        block_on("phone"),
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            name,
            cl.ExactMatch("given_name").configure(term_frequency_adjustments=True),
            cl.ExactMatch("surname").configure(term_frequency_adjustments=True),
            year,
            cl.ExactMatch("sex"),
            cl.DamerauLevenshteinAtThresholds("national_id", [1, 2]),
            cl.ExactMatch("phone"),
            cl.ExactMatch("village"),
        ],
        blocking_rules_to_generate_predictions=blocking,
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(
        DuckDBAPI().register(_splink_rows(records)), settings, log_level=logging.WARNING
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("national_id"), block_on("phone")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("commune", "birth_year")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("commune", "given_name")
    )
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
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

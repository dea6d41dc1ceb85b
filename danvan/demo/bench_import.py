"""`danvan bench import`: confirming an uploaded list, step by step, as the job does it.

Two lists of N rows: one spread over a province's communes (how a provincial body's list
looks), and the worst case, every row in one commune (the pair search cannot be shared out).
For each: reading+checking (everything the preview does) against a bare openpyxl read of the
same file; recording (one transaction, committed) against a bare bulk load of the same rows
(`COPY` on PostgreSQL, one `executemany` per table on SQLite) of the same rows into the same
three tables, with their indexes and constraints, committed; and the
pair search, after the commit as in the job. While the list is recorded and searched, another
officer saves (a one-row write transaction) and opens pages (a ledger query) every 0,2 s on
their own connection; their slowest and median waits are printed. Peak memory (the process's
maximum resident size) is printed at the end. What the benchmark recorded is deleted again.
"""

import contextlib
import io
import random
import resource
import statistics
import threading
import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import connection, connections, transaction
from django.db.models import F

from danvan.demo.bench import Benchmark, median_ms, seconds
from danvan.demo.bench_welfare import list_file
from danvan.demo.synth import person
from danvan.geo.loader import LAST_PRE_REFORM_DAY
from danvan.geo.models import AdminUnit, in_force
from danvan.orgs.models import Organization, OrgKind
from danvan.welfare import actions
from danvan.welfare.importer import TEMPLATE_HEADERS
from danvan.welfare.models import (
    Campaign,
    CampaignKind,
    Distribution,
    DuplicatePair,
    Household,
    HouseholdGroup,
)

PROVINCE = "66"  # Đắk Lắk in 2021: 180 communes


class Import(Benchmark):
    name = "import"
    help = (
        "xác nhận danh sách: đọc+kiểm tra, ghi, tìm cặp trùng (rải khắp tỉnh và dồn một xã) "
        "so với đọc trần bằng openpyxl và nạp trần (COPY) cùng các dòng"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=100_000, help="số dòng (mặc định 100.000)")
        parser.add_argument("--repeat", type=int, default=1, help="số lần đo bước đọc")
        parser.add_argument(
            "--without-database", action="store_true", help="chỉ đo bước đọc và kiểm tra"
        )
        parser.add_argument(
            "--case", choices=["both", "province", "commune"], default="both", help="danh sách nào"
        )

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        rows = options["rows"]
        province = AdminUnit.objects.filter(
            in_force(LAST_PRE_REFORM_DAY), code=PROVINCE, level="province"
        ).first()
        if province is None:
            raise CommandError("Chưa có đơn vị hành chính (chạy danvan migrate).")
        communes = list(
            AdminUnit.objects.filter(
                in_force(LAST_PRE_REFORM_DAY), path__startswith=province.path, level="commune"
            ).order_by("path")
        )
        result: dict[str, Any] = {"rows": rows, "database": connection.vendor}
        cases = {
            "province": (province, communes, lambda: spread_file(rows, communes)),
            "commune": (communes[0], [communes[0]], lambda: list_file(rows, communes[0].name)),
        }
        for case, (top, units, make) in cases.items():
            if options["case"] not in {"both", case}:
                continue
            self.log(f"{case}: tạo tệp {rows} dòng")
            content = make()
            result[case] = self.measure(case, content, top, units, options)
        result["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        return result

    def measure(
        self,
        case: str,
        content: bytes,
        top: AdminUnit,
        units: list[AdminUnit],
        options: dict[str, Any],
    ) -> dict[str, Any]:
        figures: dict[str, Any] = {"communes": len(units), "file_kb": len(content) // 1024}
        self.log(f"{case}: đọc trần bằng openpyxl")
        figures["ms_openpyxl_read"] = round(
            median_ms(lambda: bare_read(content), options["repeat"])
        )
        giver, campaign = _scaffold(top)
        try:
            self.log(f"{case}: đọc và kiểm tra")
            took, preview = seconds(lambda: actions._check(campaign, giver, content, "ds.xlsx"))
            if preview.errors:
                first = preview.errors[0]
                raise CommandError(f"Dòng {first.line}: {' '.join(first.errors)}")
            figures["ms_read_and_check"] = round(took * 1000)
            figures["read_and_check_vs_openpyxl"] = round(
                figures["ms_read_and_check"] / max(figures["ms_openpyxl_read"], 1), 2
            )
            if options["without_database"]:
                return figures
            officer = Officer(top)
            officer.start()
            self.log(f"{case}: ghi vào sổ")
            lines = [(row, preview.communes[row.line]) for row in preview.rows]
            # As the confirm does it: the rows made ready first, then the write transaction
            # (on SQLite, the time the other officer's save may have to wait).
            took_plan, planned = seconds(
                lambda: actions.plan_rows(campaign, giver, lines, None, preview.keys)
            )

            def record() -> actions.Recorded:
                with transaction.atomic():
                    return actions.record_planned(planned)

            took, recorded = seconds(record)
            # The whole recording is set against the bare load; the lock's share is its own figure.
            figures["ms_record"] = round((took_plan + took) * 1000)
            figures["ms_record_lock_held"] = round(took * 1000)
            figures["recorded_rows"] = _count(giver)
            waits_record = officer.lap()
            self.log(f"{case}: nạp trần cùng các dòng")
            figures[f"ms_bare_{bulk_name()}"] = round(bare_load(giver) * 1000)
            figures[f"record_vs_bare_{bulk_name()}"] = round(
                figures["ms_record"] / max(figures[f"ms_bare_{bulk_name()}"], 1), 2
            )
            officer.lap()  # what the officer met during the bare load is nobody's figure
            self.log(f"{case}: tìm cặp trùng")
            ids = {u.pk for u in units}
            took, pairs = seconds(lambda: actions.find_pairs(ids))
            figures["ms_find_pairs"] = round(took * 1000)
            figures["pairs"] = pairs
            waits_pairs = officer.lap()
            officer.stop()
            figures["ms_record_plus_pairs"] = figures["ms_record"] + figures["ms_find_pairs"]
            figures["other_officer_while_recording"] = waits_record
            figures["other_officer_while_finding_pairs"] = waits_pairs
            assert recorded.distributions == len(lines)
        finally:
            self.log(f"{case}: xoá dữ liệu đo")
            _clean(giver, campaign)
        return figures


def spread_file(rows: int, communes: list[AdminUnit], seed: int = 11) -> bytes:
    """An .xlsx list of `rows` households of a province, in blocks by commune (as a list
    compiled from the communes' lists is), with the commune named on every row."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["DANH SÁCH HỘ NHẬN QUÀ TẾT TÂN SỬU 2021"])
    sheet.append([])
    sheet.append(TEMPLATE_HEADERS)
    block = max(1, -(-rows // len(communes)))
    for n in range(rows):
        commune = communes[n // block]
        record = person(rng, n, commune.name)
        code = (0 if record.birth_year < 2000 else 2) + (1 if record.sex == "nữ" else 0)
        sheet.append(
            [
                record.name, record.birth_year, "Nam" if record.sex == "nam" else "Nữ",
                f"066{code}{record.birth_year % 100:02d}{n:06d}", record.phone, record.village,
                commune.name,
                rng.choice(["Hộ nghèo", "Cận nghèo", "Gia đình chính sách", "Người có công"]),
                f"{rng.randint(15, 31):02d}/01/2021", "Quà", 1, "suất",
                f"{rng.choice([300, 400, 500, 600])}.000", "Quỹ Vì người nghèo", None,
            ]
        )  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bare_read(content: bytes) -> int:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


class Officer(threading.Thread):
    """Another officer at work on their own connection: a save (a one-row write transaction)
    and a page's query of the ledger, every 0,2 s; records how long each took."""

    def __init__(self, unit: AdminUnit) -> None:
        super().__init__(daemon=True)
        self.unit_pk = unit.pk
        self.saves: list[float] = []
        self.pages: list[float] = []
        self.failed = 0
        self.running = True
        self.lock = threading.Lock()
        self.busy = threading.Lock()

    def run(self) -> None:
        try:
            while self.running:
                self.busy.acquire()  # a lap waits for the save in flight, whose wait it counts
                started = time.perf_counter()
                try:
                    with transaction.atomic():
                        # Writes the row without changing it: a save takes the write lock.
                        AdminUnit.objects.filter(pk=self.unit_pk).update(name=F("name"))
                    saved = time.perf_counter() - started
                except Exception:  # the database was locked past its timeout
                    saved = None
                started = time.perf_counter()
                # (An in-memory test database locks whole tables; a real one does not.)
                with contextlib.suppress(Exception):
                    Distribution.objects.filter(commune_id=self.unit_pk).count()
                page = time.perf_counter() - started
                with self.lock:
                    if saved is None:
                        self.failed += 1
                    else:
                        self.saves.append(saved)
                    self.pages.append(page)
                self.busy.release()
                time.sleep(0.2)
        finally:
            connections.close_all()

    def lap(self) -> dict[str, Any]:
        """What the officer met since the last lap, including the save that was waiting."""
        with self.busy, self.lock:
            saves, pages, failed = self.saves, self.pages, self.failed
            self.saves, self.pages, self.failed = [], [], 0
        return {
            "saves": len(saves),
            "saves_failed": failed,
            "ms_save_median": round(statistics.median(saves) * 1000) if saves else None,
            "ms_save_max": round(max(saves) * 1000) if saves else None,
            "ms_page_median": round(statistics.median(pages) * 1000) if pages else None,
            "ms_page_max": round(max(pages) * 1000) if pages else None,
        }

    def stop(self) -> None:
        self.running = False
        self.join()


def _scaffold(top: AdminUnit) -> tuple[Organization, Campaign]:
    giver = Organization.objects.create(
        kind=OrgKind.WOMEN, name="[bench] Hội LHPN", admin_unit=top, valid_to=LAST_PRE_REFORM_DAY
    )
    campaign = Campaign.objects.create(
        name="[bench] Tết", kind=CampaignKind.TET, starts=LAST_PRE_REFORM_DAY.replace(day=1),
        ends=LAST_PRE_REFORM_DAY, organizer=giver, unit=top,
    )  # fmt: skip
    return giver, campaign


def _count(giver: Organization) -> int:
    return (
        Household.objects.filter(recorded_by=giver).count()
        + HouseholdGroup.objects.filter(household__recorded_by=giver).count()
        + Distribution.objects.filter(giver=giver).count()
    )


TABLES = [
    (Household, "recorded_by_id"),
    (HouseholdGroup, None),
    (Distribution, "giver_id"),
]


def bulk_name() -> str:
    return "copy" if connection.vendor == "postgresql" else "executemany"


def bare_load(giver: Organization) -> float:
    """Seconds to write the rows the benchmark recorded, as they are, into the same tables
    with nothing else done: deleted first (untimed), then loaded back with COPY on PostgreSQL,
    one executemany per table on SQLite, and committed. The same three tables, indexes,
    constraints and commit (where the deferred foreign keys are checked) as the recording:
    the floor any recording could reach. Afterwards the rows are there again as before."""
    batches = []
    with connection.cursor() as cursor:
        for model, owner in TABLES:
            table = model._meta.db_table
            cursor.execute(f"SELECT * FROM {table} WHERE {_owned(owner)}", [giver.pk])
            columns = [c[0] for c in cursor.description]
            batches.append((table, columns, cursor.fetchall()))
    with transaction.atomic(), connection.cursor() as cursor:
        for (_model, owner), (table, _, _) in reversed(list(zip(TABLES, batches, strict=True))):
            cursor.execute(f"DELETE FROM {table} WHERE {_owned(owner)}", [giver.pk])
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # The deleted rows' index entries would make the load check dead rows for every key
        # (a slower floor than a first recording meets): cleared first, untimed. (Not inside
        # a transaction, where VACUUM cannot run: the tests'.)
        with connection.cursor() as cursor:
            for table, _, _ in batches:
                cursor.execute(f"VACUUM {table}")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in batches:
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    return time.perf_counter() - started


def _owned(owner: str | None) -> str:
    if owner:
        return f"{owner} = %s"
    return f"household_id IN (SELECT id FROM {Household._meta.db_table} WHERE recorded_by_id = %s)"


def _clean(giver: Organization, campaign: Campaign) -> None:
    with transaction.atomic():
        households = Household.objects.filter(recorded_by=giver)
        DuplicatePair.objects.filter(first__in=households).delete()
        DuplicatePair.objects.filter(second__in=households).delete()
        Distribution.objects.filter(campaign=campaign).delete()
        HouseholdGroup.objects.filter(household__in=households).delete()
        households.delete()
        campaign.delete()
        giver.delete()

"""`danvan bench load`: officers at work at the same time, against a real server.

The benchmark never touches the database it is run with. It makes a throwaway one beside it on
the same engine (a SQLite file in a temporary folder; a new database on the same PostgreSQL
server), migrates it, and fills it with what the officers need (step `prepare`, run in a
process of its own on that database): today's Đắk Lắk with one account per officer, each of a
different organization with its own quarterly report for the current quarter (one officer in
ten at the province, the others in its communes), a few propaganda sessions and incidents per
commune, a welfare campaign with a first list recorded, and the lists the importing officer
will upload. It then starts gunicorn (gthread workers) on a free loopback port and a
background worker (`db_worker`, for the import jobs), both on that database.

Each simulated officer signs in with their own account and, until the time is up, opens their
report's entry page, saves figures (with the version the page carried, as the browser does),
opens the consolidation `/tong-hop/` and the lists of incidents, sessions and households. One
more officer uploads a list, confirms it and follows the job to its end, again and again. No
pause between requests: this is the busiest the officers can be. Each officer does at least one
round and the importer at least one list, however short the run.

Afterwards (step `verify`, in a process of its own) every report must hold exactly the figures
of its officer's last successful save and a version bumped once per successful save: anything
else is a lost (or phantom) update. Requests answered 5xx and connections that failed are
errors. The run fails (non-zero exit) on any error or lost update. `--simulate-lost-update`
overwrites one stored figure behind the application's back before the check, to show that the
check sees it.
"""

from __future__ import annotations

import argparse
import contextlib
import html.parser
import http.client
import io
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import connection

from danvan.demo.bench import Benchmark

PASSWORD = "do-tai-danvan-2021"
PROVINCE = "66"  # Đắk Lắk
# The kinds of request, in the order they are printed.
KINDS = [
    "login",
    "entry_open",
    "entry_save",
    "consolidation",
    "incidents",
    "sessions",
    "households",
    "import_page",
    "import_upload",
    "import_confirm",
    "job_status",
]
REQUEST_TIMEOUT = 60  # seconds; a request that takes longer is an error
JOB_TIMEOUT = 180  # seconds an import job may take after the time is up
IMPORT_FILES = 20


class Load(Benchmark):
    name = "load"
    help = (
        "nhiều cán bộ cùng làm việc trên một máy chủ thật (gunicorn) dựng trên cơ sở dữ liệu "
        "riêng: độ trễ p50/p95 từng loại yêu cầu, số lỗi, số lần lưu bị mất"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=50, help="số cán bộ cùng lúc (50)")
        parser.add_argument("--seconds", type=int, default=60, help="thời gian chạy (60 giây)")
        parser.add_argument(
            "--workers",
            type=int,
            default=(os.cpu_count() or 1) * 2 + 1,
            help="số tiến trình gunicorn (mặc định 2 × số lõi + 1)",
        )
        parser.add_argument("--threads", type=int, default=4, help="số luồng mỗi tiến trình (4)")
        parser.add_argument(
            "--import-rows", type=int, default=300, help="số dòng mỗi danh sách nhập (300)"
        )
        parser.add_argument(
            "--keep", action="store_true", help="giữ lại cơ sở dữ liệu đo (để xem sau)"
        )
        parser.add_argument(
            "--simulate-lost-update",
            action="store_true",
            help="tự ghi đè một số liệu đã lưu trước khi kiểm tra, để thấy phép đo báo mất",
        )
        # The two steps run in processes of their own on the throwaway database.
        parser.add_argument("--step", choices=["prepare", "verify"], help=argparse.SUPPRESS)
        parser.add_argument("--plan", help=argparse.SUPPRESS)

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        if options["step"] == "prepare":
            return prepare(options["users"], options["import_rows"], Path(options["plan"]))
        if options["step"] == "verify":
            expected = json.loads(Path(options["plan"]).read_text(encoding="utf-8"))
            return verify(expected, simulate=options["simulate_lost_update"])
        if options["users"] < 1 or options["seconds"] < 1:
            raise CommandError("--users và --seconds phải lớn hơn 0.")
        with Scratch.beside(connection.settings_dict, keep=options["keep"]) as scratch:
            self.log("Tạo và dựng cơ sở dữ liệu đo…")
            scratch.manage("migrate", "--no-input", "-v", "0")
            self.log("Tạo tài khoản, báo cáo, sổ sách cho các cán bộ…")
            plan_file = scratch.folder / "plan.json"
            scratch.manage(
                "bench", "load", "--step", "prepare", "--users", str(options["users"]),
                "--import-rows", str(options["import_rows"]), "--plan", str(plan_file), "--json",
            )  # fmt: skip
            plan = json.loads(plan_file.read_text(encoding="utf-8"))
            server = scratch.server(options["workers"], options["threads"])
            with server as port, scratch.worker():
                self.log(f"{options['users']} cán bộ làm việc trong {options['seconds']} giây…")
                run = drive(port, plan, options["seconds"])
            self.log("Kiểm tra từng báo cáo…")
            expected_file = scratch.folder / "expected.json"
            expected_file.write_text(json.dumps(run.expected()), encoding="utf-8")
            checked = json.loads(
                scratch.manage(
                    "bench",
                    "load",
                    "--step",
                    "verify",
                    "--plan",
                    str(expected_file),
                    "--json",
                    *(["--simulate-lost-update"] if options["simulate_lost_update"] else []),
                )
            )
            result = run.summary()
            result = {
                "database": connection.vendor,
                "scratch_database": scratch.label,
                "users": options["users"],
                "seconds": options["seconds"],
                "server": f"gunicorn gthread, {options['workers']} × {options['threads']} luồng",
                "cores": os.cpu_count(),
                **result,
                "lost_updates": checked["lost_updates"],
                "reports_checked": checked["reports_checked"],
                "lost": checked["lost"][:10],
            }
            failed = []
            if result["errors"]:
                failed.append(f"{result['errors']} yêu cầu lỗi (HTTP ≥ 500 hoặc mất kết nối)")
            if result["lost_updates"]:
                failed.append(f"{result['lost_updates']} báo cáo không giữ lần lưu cuối")
            if not result["requests"]:
                failed.append("không có yêu cầu nào")
            if failed:
                result["failed"] = failed
            return result


# --- the throwaway database, the server and the worker -----------------------------------------


class Scratch:
    """A database of the same engine as the configured one, made for the run and dropped after
    it (unless kept), with a folder for its files; `manage` runs a danvan command on it."""

    def __init__(self, url: str, folder: Path, label: str, drop: Any) -> None:
        self.url = url
        self.folder = folder
        self.label = label
        self._drop = drop

    @classmethod
    @contextlib.contextmanager
    def beside(cls, settings: dict[str, Any], *, keep: bool) -> Iterator[Scratch]:
        folder = Path(tempfile.mkdtemp(prefix="danvan-load-"))
        engine = settings["ENGINE"]
        try:
            if engine.endswith("sqlite3"):
                path = folder / "load.sqlite3"
                scratch = cls(f"sqlite:///{path}", folder, str(path), lambda: None)
            elif engine.endswith("postgresql"):
                scratch = cls._postgres(settings, folder)
            else:
                raise CommandError(f"Chưa đo được trên {engine}.")
            try:
                yield scratch
            finally:
                if not keep:
                    scratch._drop()
        finally:
            if not keep:
                shutil.rmtree(folder, ignore_errors=True)

    @classmethod
    def _postgres(cls, settings: dict[str, Any], folder: Path) -> Scratch:
        import psycopg
        from psycopg import sql

        name = f"danvan_load_{secrets.token_hex(4)}"
        server = {
            "host": settings.get("HOST") or "localhost",
            "port": str(settings.get("PORT") or 5432),
            "user": settings.get("USER") or "",
            "password": settings.get("PASSWORD") or "",
        }

        def admin() -> psycopg.Connection[Any]:
            # The server's maintenance database; the configured one is only connected to.
            for dbname in ("postgres", settings["NAME"]):
                with contextlib.suppress(psycopg.OperationalError):
                    return psycopg.connect(
                        host=server["host"], port=server["port"], user=server["user"],
                        password=server["password"], dbname=dbname, autocommit=True,
                    )  # fmt: skip
            raise CommandError("Không kết nối được máy chủ PostgreSQL để tạo cơ sở dữ liệu đo.")

        with admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8'").format(sql.Identifier(name)))

        def drop() -> None:
            with admin() as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )

        auth = urllib.parse.quote(server["user"], safe="")
        if server["password"]:
            auth += ":" + urllib.parse.quote(server["password"], safe="")
        url = f"postgres://{auth}@{server['host']}:{server['port']}/{name}"
        return cls(url, folder, name, drop)

    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DANVAN_", "GUNICORN_"))
            or key in {"DANVAN_PDF_FONT_DIR", "DANVAN_SECRET_KEY", "DANVAN_PAGE_CACHE_SECONDS"}
        }
        env.update(
            DANVAN_MODE="development",
            DANVAN_DEBUG="0",
            DANVAN_DATABASE_URL=self.url,
            DANVAN_DATA_DIR=str(self.folder),
            DANVAN_LOG_LEVEL="WARNING",
            DJANGO_SETTINGS_MODULE="danvan.settings",
        )
        return env

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "danvan", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            tail = (done.stderr or done.stdout).strip().splitlines()[-15:]
            raise CommandError(f"`danvan {' '.join(args[:3])}` thất bại:\n" + "\n".join(tail))
        return done.stdout

    @contextlib.contextmanager
    def server(self, workers: int, threads: int) -> Iterator[int]:
        """gunicorn on a free loopback port (the socket is opened here and handed over, so no
        other program can take the port in between); yields the port once it answers."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1024)
        port = listener.getsockname()[1]
        fd = listener.fileno()
        log = (self.folder / "gunicorn.log").open("ab")
        command = [
            sys.executable, "-m", "gunicorn", "danvan.wsgi", "--bind", f"fd://{fd}",
            "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
            "--timeout", "120", "--keep-alive", "5", "--log-level", "warning", "--preload",
        ]  # fmt: skip
        process = subprocess.Popen(
            command, env=self.env(), pass_fds=(fd,), stdout=log, stderr=log, start_new_session=True
        )
        listener.close()
        try:
            _wait_until_up(port, process, self.folder / "gunicorn.log")
            yield port
        finally:
            _stop(process)
            log.close()

    @contextlib.contextmanager
    def worker(self) -> Iterator[None]:
        log = (self.folder / "worker.log").open("ab")
        process = subprocess.Popen(
            [sys.executable, "-m", "danvan", "db_worker", "--no-reload", "--interval", "1"],
            env=self.env(),
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        try:
            yield
        finally:
            _stop(process)
            log.close()


def _wait_until_up(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace").strip().splitlines()[-15:]
            raise CommandError("gunicorn không chạy được:\n" + "\n".join(tail))
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return
        time.sleep(0.3)
    raise CommandError("gunicorn không trả lời sau 60 giây.")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the data (step `prepare`, on the throwaway database) ---------------------------------------


def prepare(users: int, import_rows: int, plan_file: Path) -> dict[str, Any]:
    """Accounts, organizations, reports and records for `users` officers and one importer, in
    today's units; writes the plan the officers follow to `plan_file`."""
    import datetime as dt

    from django.utils import timezone

    from danvan.core.periods import Period
    from danvan.geo.models import AdminUnit
    from danvan.orgs.models import Organization, OrgKind, Role, RoleKind, User
    from danvan.outreach.models import PropagandaSession, Topic
    from danvan.reporting import actions as reporting
    from danvan.reporting.models import ReportForm
    from danvan.situation.models import Incident, IncidentCategory, IncidentUpdate
    from danvan.welfare import actions as welfare
    from danvan.welfare.models import Campaign, CampaignKind, ImportBatch

    today = timezone.localdate()
    form = ReportForm.objects.get(code="bc-quy")
    period = Period.containing(form.type, today)
    province = AdminUnit.objects.by_code(PROVINCE, today)
    communes = list(
        AdminUnit.objects.filter(path__startswith=province.path, level="commune", valid_to=None)
        .exclude(pk=province.pk)
        .order_by("code")
    )
    kinds = [k for k in form.org_kinds if k != OrgKind.COMMISSION]
    slots = [(c, k) for k in [OrgKind.COMMISSION, *kinds] for c in communes]
    if users > len(slots) + len(kinds) + 1:
        raise CommandError(f"Tối đa {len(slots) + len(kinds) + 1} cán bộ.")
    # One User per officer: hashing is the slow part, so one hash for all of them.
    password = User(username="x")
    password.set_password(PASSWORD)
    officers = []
    province_kinds = iter([OrgKind.COMMISSION, *kinds])
    commune_slots = iter(slots)
    used: set[int] = set()
    for n in range(users):
        kind = next(province_kinds, None) if n % 10 == 0 else None
        unit, kind = (province, kind) if kind else next(commune_slots)
        org = Organization.objects.create(
            kind=kind, name=f"{OrgKind(kind).label} {unit.name} (đo tải {n:03d})",
            admin_unit=unit, valid_from=unit.valid_from,
        )  # fmt: skip
        user = User.objects.create(
            username=f"load.{n:03d}", full_name=f"Cán bộ đo tải {n:03d}", organization=org,
            password=password.password,
        )  # fmt: skip
        Role.objects.create(user=user, organization=org, role=RoleKind.DATA_ENTRY)
        report = reporting.open_report(form, org, period, acting_user=user)
        officers.append({"username": user.username, "report": report.pk, "unit": unit.code})
        used.add(unit.pk)

    # What the lists show: a few sessions and an incident in each commune that has officers.
    topics = list(Topic.objects.all()[:3])
    category = IncidentCategory.objects.first()
    rng = random.Random(2021)
    orgs = {o.admin_unit_id: o for o in Organization.objects.filter(name__contains="(đo tải")}
    for unit in [u for u in communes if u.pk in used]:
        for i in range(5):
            session = PropagandaSession.objects.create(
                held_on=period.start + dt.timedelta(days=rng.randint(0, 40)),
                organization=orgs[unit.pk], unit=unit, format="meeting",
                audience=rng.randint(20, 200), village=f"Thôn {i + 1}",
            )  # fmt: skip
            session.topics.add(*topics[: 1 + i % len(topics)])
        if category is not None:
            made = Incident.objects.create(
                title=f"Kiến nghị về đất đai ở {unit.name}", category=category, unit=unit,
                occurred_on=period.start, reported_on=period.start, severity="ordinary",
                status="handling", last_update_on=period.start,
            )  # fmt: skip
            IncidentUpdate.objects.create(
                incident=made, on=period.start, text="Tiếp nhận.", status_to="new"
            )

    # The importing officer: a province fund that gives to households all over the province.
    giver = Organization.objects.create(
        kind=OrgKind.OTHER, name=f"Quỹ Vì người nghèo {province.name} (đo tải)",
        admin_unit=province, valid_from=province.valid_from,
    )  # fmt: skip
    importer = User.objects.create(
        username="load.nhap", full_name="Cán bộ nhập danh sách", organization=giver,
        password=password.password,
    )  # fmt: skip
    Role.objects.create(user=importer, organization=giver, role=RoleKind.DATA_ENTRY)
    campaign = Campaign.objects.create(
        name=f"Chăm lo {period.label} (đo tải)", kind=CampaignKind.OTHER, starts=period.start,
        ends=period.end, organizer=giver, unit=province,
    )  # fmt: skip
    lists = [u for u in communes if u.pk in used] or communes[:10]
    files = []
    folder = plan_file.parent / "lists"
    folder.mkdir(exist_ok=True)
    for k in range(IMPORT_FILES + 1):
        content = welfare_list(import_rows, lists, first=k * import_rows, day=period.start)
        if k == 0:  # the ledger the lists show from the start
            preview = welfare.preview_upload(
                campaign, giver, content, "so-dau.xlsx", acting_user=importer
            )
            if preview.errors:
                first = preview.errors[0]
                raise CommandError(f"Danh sách mẫu, dòng {first.line}: {' '.join(first.errors)}")
            welfare.confirm_upload(
                ImportBatch.objects.get(pk=preview.batch.pk), acting_user=importer
            )
            continue
        path = folder / f"danh-sach-{k:02d}.xlsx"
        path.write_bytes(content)
        files.append(str(path))
    plan = {
        "password": PASSWORD,
        "period": period.code,
        "officers": officers,
        "importer": {"username": importer.username, "campaign": campaign.pk, "giver": giver.pk},
        "files": files,
    }
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return {"officers": len(officers), "communes": len(used), "files": len(files)}


def welfare_list(rows: int, communes: list[Any], *, first: int, day: Any) -> bytes:
    """An .xlsx list of `rows` households spread over `communes`, numbered from `first` so that
    every list holds new households."""
    from openpyxl import Workbook

    from danvan.demo.synth import person
    from danvan.welfare.importer import TEMPLATE_HEADERS

    rng = random.Random(first)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["DANH SÁCH HỘ NHẬN QUÀ"])
    sheet.append([])
    sheet.append(TEMPLATE_HEADERS)
    for n in range(first, first + rows):
        commune = communes[n % len(communes)]
        record = person(rng, n, commune.name)
        code = (0 if record.birth_year < 2000 else 2) + (1 if record.sex == "nữ" else 0)
        sheet.append(
            [
                record.name, record.birth_year, "Nam" if record.sex == "nam" else "Nữ",
                f"066{code}{record.birth_year % 100:02d}{n:06d}", record.phone, record.village,
                commune.name, rng.choice(["Hộ nghèo", "Cận nghèo", "Người có công"]),
                f"{day:%d/%m/%Y}", "Quà", 1, "suất", f"{rng.choice([300, 400, 500])}.000",
                "Quỹ Vì người nghèo", None,
            ]
        )  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the check (step `verify`, on the throwaway database) ---------------------------------------


def verify(expected: dict[str, Any], *, simulate: bool) -> dict[str, Any]:
    """Each report against its officer's saves: the figures of the last successful one, and a
    version bumped once per successful save (a save whose answer was lost may or may not have
    happened: either is accepted)."""
    from danvan.reporting import actions
    from danvan.reporting.models import DataValue, Report
    from danvan.reporting.validation import entry_cells

    if simulate:
        # A writer without the version check, overwriting one officer's last save.
        for report_id, wanted in expected.items():
            if wanted["saves"] and wanted["fields"]:
                report = Report.objects.get(pk=report_id)
                by_name = {c.name: c for c in entry_cells(actions.items_of(report.form))}
                cell = by_name[wanted["changed"][0]]
                row = DataValue.objects.get(
                    report=report, indicator=cell.indicator, option=cell.option
                )
                row.value += 1
                row.save(update_fields=["value"])
                break
    lost = []
    for report_id, wanted in expected.items():
        report = Report.objects.select_related("form").get(pk=report_id)
        stored = actions.stored_values(report)
        cells = entry_cells(actions.items_of(report.form))
        texts = {c.name: _text(c.indicator, stored.get(c.key)) for c in cells}
        candidates = [wanted["fields"], *wanted["uncertain"]]
        versions = range(
            wanted["version"] + wanted["saves"],
            wanted["version"] + wanted["saves"] + len(wanted["uncertain"]) + 1,
        )
        kept = any(all(texts.get(k, "") == v for k, v in c.items()) for c in candidates)
        if not kept or report.version not in versions:
            differing = {
                k: {"saved": v, "stored": texts.get(k, "")}
                for k, v in wanted["fields"].items()
                if texts.get(k, "") != v
            }
            lost.append(
                {
                    "report": int(report_id),
                    "officer": wanted["officer"],
                    "saves": wanted["saves"],
                    "version_expected": versions[0],
                    "version_stored": report.version,
                    "fields": differing,
                }
            )
    return {"reports_checked": len(expected), "lost_updates": len(lost), "lost": lost}


def _text(indicator: Any, value: Any) -> str:
    """A stored value as the entry page writes it in its field."""
    from danvan.reporting.models import ValueType
    from danvan.reporting.validation import show

    if value is None:
        return ""
    if indicator.value_type == ValueType.BOOLEAN:
        return "1" if value else "0"
    return str(show(value))


# --- the officers (HTTP clients) -----------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str


class Browser:
    """One officer's keep-alive connection and cookies; every request is timed into `stats`."""

    def __init__(self, port: int, stats: Stats) -> None:
        self.port = port
        self.stats = stats
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, kind: str, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> Answer | None:
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "danvan-bench-load"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        started = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=REQUEST_TIMEOUT
                )
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
            if response.will_close:
                self.close()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            self.stats.add(kind, time.perf_counter() - started, None, f"{path}: {error!r}")
            return None
        answer = Answer(response.status, response.headers, data.decode("utf-8", "replace"))
        sample = f"{path}: HTTP {answer.status}" if answer.status >= 500 else ""
        self.stats.add(kind, time.perf_counter() - started, answer.status, sample)
        for line in response.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(line)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return answer

    def get(self, kind: str, path: str) -> Answer | None:
        return self.request(kind, "GET", path)

    def post(self, kind: str, path: str, fields: list[tuple[str, str]]) -> Answer | None:
        body = urllib.parse.urlencode(fields).encode()
        return self.request(kind, "POST", path, body, "application/x-www-form-urlencoded")

    def login(self, username: str, password: str) -> bool:
        page = self.get("login", "/dang-nhap/")
        if page is None or page.status != 200:
            return False
        fields = [
            ("csrfmiddlewaretoken", csrf_of(page.body)),
            ("username", username),
            ("password", password),
            ("next", "/"),
        ]
        answer = self.post("login", "/dang-nhap/", fields)
        return answer is not None and answer.status == 302

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Stats:
    """Latencies and outcomes of every request, by kind; shared by the officers' threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seconds: dict[str, list[float]] = {k: [] for k in KINDS}
        self.errors: dict[str, int] = dict.fromkeys(KINDS, 0)
        self.statuses: dict[str, int] = {}
        self.samples: list[str] = []
        self.notes: dict[str, int] = {}

    def add(self, kind: str, took: float, status: int | None, sample: str) -> None:
        with self.lock:
            self.seconds[kind].append(took)
            key = "connection" if status is None else str(status)
            self.statuses[key] = self.statuses.get(key, 0) + 1
            if status is None or status >= 500:
                self.errors[kind] += 1
                if len(self.samples) < 10:
                    self.samples.append(sample)

    def note(self, what: str) -> None:
        with self.lock:
            self.notes[what] = self.notes.get(what, 0) + 1


@dataclass
class Officer:
    """What one officer saved: the fields of their last successful save, how many saves
    succeeded, and saves whose answer never came (they may or may not have been written)."""

    username: str
    report: int
    version: int = 0
    fields: dict[str, str] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    saves: int = 0
    uncertain: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Run:
    stats: Stats
    officers: list[Officer]
    elapsed: float = 0.0

    def expected(self) -> dict[str, Any]:
        return {
            str(o.report): {
                "officer": o.username,
                "version": o.version,
                "saves": o.saves,
                "fields": o.fields,
                "changed": o.changed,
                "uncertain": o.uncertain,
            }
            for o in self.officers
            if o.version  # an officer who never opened the page has nothing to check
        }

    def summary(self) -> dict[str, Any]:
        stats = self.stats
        by_kind = {}
        for kind in KINDS:
            samples = sorted(stats.seconds[kind])
            if not samples:
                continue
            by_kind[kind] = {
                "requests": len(samples),
                "p50_ms": round(_percentile(samples, 50) * 1000),
                "p95_ms": round(_percentile(samples, 95) * 1000),
                "max_ms": round(samples[-1] * 1000),
                "errors": stats.errors[kind],
            }
        requests = sum(len(s) for s in stats.seconds.values())
        return {
            "requests": requests,
            "requests_per_second": round(requests / self.elapsed, 1) if self.elapsed else 0,
            "errors": sum(stats.errors.values()),
            "statuses": dict(sorted(stats.statuses.items())),
            "saves": sum(o.saves for o in self.officers),
            "events": dict(sorted(stats.notes.items())),
            "by_kind": by_kind,
            "error_samples": stats.samples,
        }


def _percentile(ordered: list[float], p: int) -> float:
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[p - 1]


def drive(port: int, plan: dict[str, Any], seconds: int) -> Run:
    """The officers and the importer, each in a thread, until `seconds` have passed."""
    stats = Stats()
    officers = [Officer(o["username"], o["report"]) for o in plan["officers"]]
    stop_at = time.monotonic() + seconds
    started = time.monotonic()
    threads = [
        threading.Thread(target=officer_at_work, args=(port, plan, o, stats, stop_at, n))
        for n, o in enumerate(officers)
    ]
    threads.append(threading.Thread(target=importer_at_work, args=(port, plan, stats, stop_at)))
    for thread in threads:
        thread.daemon = True
        thread.start()
    for thread in threads:
        thread.join(seconds + JOB_TIMEOUT + 2 * REQUEST_TIMEOUT)
    run = Run(stats, officers, time.monotonic() - started)
    if any(t.is_alive() for t in threads):
        stats.note("officers_still_running_at_the_end")
    return run


def officer_at_work(
    port: int, plan: dict[str, Any], officer: Officer, stats: Stats, stop_at: float, n: int
) -> None:
    browser = Browser(port, stats)
    period = plan["period"]
    if not browser.login(officer.username, plan["password"]):
        stats.note("login_refused")
        return
    entry = f"/bao-cao/{officer.report}/"
    rng = random.Random(n)
    round_ = 0
    while not round_ or time.monotonic() < stop_at:  # one round at least, however short the run
        round_ += 1
        page = browser.get("entry_open", entry)
        if page is not None and page.status == 200:
            form = EntryForm.read(page.body)
            if not officer.version:
                officer.version = form.version
            fields, changed = form.filled(rng, round_)
            answer = browser.post("entry_save", entry, fields)
            saved = {k: v for k, v in fields if k in form.numbers}
            if answer is None or answer.status >= 500:
                officer.uncertain.append(saved)
            elif answer.status == 302:
                officer.saves += 1
                officer.fields, officer.changed = saved, changed
                officer.uncertain = []  # a later success makes the earlier doubt moot
            elif 'id="conflict"' in answer.body:
                stats.note("save_conflict")
            else:
                stats.note(f"save_refused_http_{answer.status}")
        browser.get("consolidation", f"/tong-hop/?period={period}")
        browser.get("incidents", "/co-so/vu-viec/")
        browser.get("sessions", f"/co-so/tuyen-truyen/?period={period}")
        browser.get("households", "/ho/")
    browser.close()


def importer_at_work(port: int, plan: dict[str, Any], stats: Stats, stop_at: float) -> None:
    """Uploads a list, confirms it and follows the job until it ends; again until the time is
    up (each list holds new households)."""
    browser = Browser(port, stats)
    who = plan["importer"]
    if not browser.login(who["username"], plan["password"]):
        stats.note("login_refused")
        return
    path = f"/cham-lo/{who['campaign']}/nhap/"
    for n, name in enumerate(plan["files"]):
        if n and time.monotonic() >= stop_at:  # one list at least, however short the run
            break
        page = browser.get("import_page", path)
        if page is None or page.status != 200:
            continue
        content = Path(name).read_bytes()
        body, content_type = multipart(
            [("csrfmiddlewaretoken", csrf_of(page.body)), ("giver", str(who["giver"]))],
            ("file", Path(name).name, content),
        )
        preview = browser.request("import_upload", "POST", path, body, content_type)
        if preview is None or preview.status != 200:
            continue
        batch = re.search(r'name="batch" value="(\d+)"', preview.body)
        if batch is None:
            stats.note("import_refused")
            continue
        fields = [("csrfmiddlewaretoken", csrf_of(preview.body)), ("batch", batch.group(1))]
        confirmed = browser.post("import_confirm", path, fields)
        if confirmed is None or confirmed.status != 302:
            continue
        job = confirmed.headers.get("Location", "")
        give_up = max(stop_at, time.monotonic()) + JOB_TIMEOUT
        while time.monotonic() < give_up:
            status = browser.get("job_status", job)
            if status is not None and "job-done" in status.body:
                stats.note("import_done")
                break
            if status is not None and "job-failed" in status.body:
                stats.note("import_failed")
                with stats.lock:  # a list that could not be recorded is an error too
                    stats.errors["job_status"] += 1
                    stats.samples.append(f"{job}: việc nhập thất bại")
                break
            time.sleep(1)
        else:
            stats.note("import_unfinished")
    browser.close()


class EntryForm(html.parser.HTMLParser):
    """The fields of the report entry form, as the browser would send them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.numbers: list[str] = []  # text fields holding figures
        self.whole: list[str] = []  # those holding whole numbers
        self.version = 0
        self._select: str | None = None
        self._selected = ""
        self._textarea: str | None = None
        self._text: list[str] = []

    @classmethod
    def read(cls, page: str) -> EntryForm:
        parser = cls()
        parser.feed(page)
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == "entry-form":
            self.inside = True
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") in {"text", "hidden"}:
            self.fields.append((name, a.get("value", "")))
            if name == "version":
                self.version = int(a.get("value") or 0)
            if a.get("inputmode") in {"numeric", "decimal"}:
                self.numbers.append(name)
            if "data-whole" in a:  # a whole-number figure (every figure has a decimal keypad)
                self.whole.append(name)
        elif tag == "select" and name:
            self._select, self._selected = name, ""
        elif tag == "option" and self._select is not None and "selected" in a:
            self._selected = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            self.fields.append((self._select, self._selected))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).strip("\n")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def filled(self, rng: random.Random, round_: int) -> tuple[list[tuple[str, str]], list[str]]:
        """The form as posted: three whole-number figures changed, the rest as shown."""
        changed = rng.sample(self.whole, min(3, len(self.whole)))
        fields = [
            (name, str(rng.randint(1, 900) + round_ % 7) if name in changed else value)
            for name, value in self.fields
        ]
        return [*fields, ("action", "save")], changed


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return found.group(1) if found else ""


def multipart(fields: list[tuple[str, str]], upload: tuple[str, str, bytes]) -> tuple[bytes, str]:
    boundary = f"danvan{secrets.token_hex(12)}"
    out = io.BytesIO()
    for name, value in fields:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(value.encode() + b"\r\n")
    name, file_name, content = upload
    out.write(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
    )
    out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"

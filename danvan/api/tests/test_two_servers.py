"""Two danvan servers, two databases: this test's database is the province's server, and a
second danvan server (the centre) runs as a process of its own on its own database, migrated
from nothing. The province pushes a quarter over HTTP with the centre's real token."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from danvan.api.tests.test_exchange import Q1, approved, set_value
from danvan.conftest import World, make_org
from danvan.geo.loader import LAST_PRE_REFORM_DAY
from danvan.geo.models import AdminUnit
from danvan.orgs.models import OrgKind

SETUP = """
import json
from danvan.api.actions import create_token
from danvan.conftest import make_org, make_user
from danvan.geo.loader import REFORM_DATE
from danvan.geo.models import AdminUnit
from danvan.orgs.models import OrgKind, RoleKind
unit = AdminUnit.objects.by_code("66", REFORM_DATE)
org = make_org(OrgKind.COMMISSION, unit, "Ban Dân vận Tỉnh ủy Đắk Lắk")
entry = make_user("nhan_dak_lak", org, RoleKind.DATA_ENTRY)
make_user("duyet_tw", org, RoleKind.APPROVER)
print(json.dumps(create_token(entry, "tỉnh gửi", days=1, read_only=False, acting_user=entry)[1]))
"""

STATE = """
import json
from danvan.reporting.models import Report, ValueChange
rows = []
for r in Report.objects.order_by("pk"):
    rows.append({
        "organization": r.organization.name, "unit": r.unit.code, "period": r.period,
        "status": r.status, "version": r.version, "events": r.events.count(),
        "narrative": r.narrative,
        "values": {v.indicator.code: str(v.value) for v in r.values.filter(option=None)},
        "history": [
            [c.indicator.code, str(c.old_value), str(c.new_value), c.user.username]
            for c in ValueChange.objects.filter(report=r).order_by("pk")
        ],
    })
print(json.dumps(rows))
"""

RETURN = """
from danvan.orgs.models import User
from danvan.reporting.actions import return_report
from danvan.reporting.models import Report
approver = User.objects.get(username="duyet_tw")
return_report(Report.objects.get(), "Tỉnh gửi lại", acting_user=approver)
print("null")
"""


@contextlib.contextmanager
def second_database(tmp_path: Path) -> Iterator[str]:
    """A database of the centre's own, beside the test's: a SQLite file, or on PostgreSQL a
    second database on the same server, dropped afterwards."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{tmp_path / 'centre.sqlite3'}"
        return
    name = f"danvan_centre_{uuid.uuid4().hex[:8]}"
    params: dict[str, Any] = {
        "host": database["HOST"], "port": database["PORT"] or 5432,
        "user": database["USER"], "password": database["PASSWORD"] or None, "dbname": "postgres",
    }  # fmt: skip
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    try:
        yield f"postgres://{user}@{params['host']}:{params['port']}/{name}"
    finally:
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Centre:
    def __init__(self, url: str, folder: Path):
        self.env = {
            **os.environ,
            "DANVAN_DATABASE_URL": url,
            "DANVAN_DATA_DIR": str(folder),
            "DANVAN_MODE": "development",
            "DANVAN_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        }
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.folder = folder

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "danvan", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def python(self, code: str) -> Any:
        """Run `code` at the centre; its answer is the last line it prints (the console
        e-mail of a notice may come before)."""
        lines = self.run("shell", "-c", code).strip().splitlines()
        return json.loads(lines[-1]) if lines else None

    @contextlib.contextmanager
    def serving(self) -> Iterator[str]:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        log = (self.folder / "server.log").open("ab")
        process = subprocess.Popen(
            [sys.executable, "-m", "danvan", "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=self.env,
            stdout=log,
            stderr=log,
        )
        try:
            for _ in range(600):  # until it answers (the API's 401 to no token)
                assert process.poll() is None, (self.folder / "server.log").read_text()
                with contextlib.suppress(OSError, http.client.HTTPException):
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    conn.request("GET", "/api/v1/forms")
                    if conn.getresponse().status == 401:
                        break
                time.sleep(0.2)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(30)
            log.close()


def push(url: str, token: str) -> None:
    call_command(
        "exchange", "push", "--period", "2021Q1", "--province", "66", "--to", url, "--token", token
    )


def test_a_province_pushes_a_quarter_to_the_centre(world: World, tmp_path: Path) -> None:
    old_province = AdminUnit.objects.by_code("66", LAST_PRE_REFORM_DAY)
    commission = make_org(OrgKind.COMMISSION, old_province, "Ban Dân vận Tỉnh ủy Đắk Lắk (2021)")
    report_a = approved(world.commune_a_org, Q1, 5)
    approved(world.commune_b_org, Q1, 7)
    approved(commission, Q1, 0, {"ket-qua": "Toàn tỉnh tổ chức 12 buổi."})

    with second_database(tmp_path) as url:
        centre = Centre(url, tmp_path)
        centre.run("migrate", "-v0")
        token = centre.python(SETUP)
        with centre.serving() as address:
            push(address, token)
            [report] = centre.python(STATE)
            assert report["organization"] == "Ban Dân vận Tỉnh ủy Đắk Lắk"
            assert report["unit"] == "66" and report["period"] == "2021Q1"
            assert report["status"] == "submitted"
            assert report["values"]["tt-buoi"] == "12"
            assert report["narrative"] == {"ket-qua": "Toàn tỉnh tổ chức 12 buổi."}
            assert report["history"] == []

            push(address, token)  # the same again: nothing changes
            assert centre.python(STATE) == [report]

            set_value(report_a, 6)
            with pytest.raises(CommandError, match="trả lại hoặc mở lại"):
                push(address, token)
            assert centre.python(STATE) == [report]

            centre.python(RETURN)
            push(address, token)
            [changed] = centre.python(STATE)
            assert changed["version"] > report["version"]
            assert changed["status"] == "submitted"
            assert changed["values"]["tt-buoi"] == "13"
            assert changed["history"] == [["tt-buoi", "12", "13", "nhan_dak_lak"]]

            with pytest.raises(CommandError, match="401"):
                push(address, "dv_sai")

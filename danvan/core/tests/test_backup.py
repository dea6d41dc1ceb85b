"""`danvan backup` / `danvan restore`: a restore gives back exactly the backed-up data."""

import io
import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from danvan.conftest import World
from danvan.core import backup
from danvan.reporting.models import Report
from danvan.reporting.tests.test_consolidation import Q1, file_report


def consolidation() -> dict[str, object]:
    out = io.StringIO()
    call_command("consolidate", "--under", "66", "--period", "2021Q1", "--json", stdout=out)
    result: dict[str, object] = json.loads(out.getvalue())
    return result


# Restoring replaces the whole database, so this test commits for real; serialized_rollback
# gives the next tests back the unit list and forms that the migrations loaded.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_gives_back_the_consolidation_of_the_backup(world: World, tmp_path: Path) -> None:
    file_report(world.commune_a_org, Q1, {"qua-suat/ho-ngheo": 60, "tt-buoi": 5})
    before = consolidation()
    assert before["tt-buoi"] == 5
    dump = tmp_path / "danvan.backup"
    call_command("backup", str(dump), stdout=io.StringIO())
    if connection.vendor == "sqlite":
        # One self-contained file, no -wal beside it.
        assert not (tmp_path / "danvan.backup-wal").exists()
        with sqlite3.connect(dump) as check:
            assert check.execute("PRAGMA journal_mode").fetchone() == ("delete",)

    # Work done after the backup…
    late = file_report(
        world.commune_b_org, Q1, {"tt-buoi": 7, "gao-cuu-doi/ho-ngheo": Decimal("2.5")}
    )
    assert consolidation()["tt-buoi"] == 12

    # A file that is not a backup, or no file at all, is refused and changes nothing.
    junk = tmp_path / "khong-phai.backup"
    junk.write_bytes(b"PGDMP? no: random bytes \x00\xff" * 100)
    for wrong in (junk, tmp_path / "khong-co.backup"):
        with pytest.raises(CommandError, match="Không phục hồi được"):
            call_command("restore", str(wrong), "--yes", stdout=io.StringIO())
    assert consolidation()["tt-buoi"] == 12

    call_command("restore", str(dump), "--yes", stdout=io.StringIO())
    # …is gone, and the province's figures are exactly those of the backup.
    assert consolidation() == before
    assert not Report.objects.filter(pk=late.pk).exists()
    assert Report.objects.filter(organization=world.commune_a_org).count() == 1


def test_a_stale_write_ahead_log_is_not_replayed_over_a_restore(tmp_path: Path) -> None:
    # The live database in WAL mode, with rows written after the backup still in its -wal file
    # (no checkpoint yet): copying the backup file over it would let SQLite replay that log.
    live_path = tmp_path / "danvan.sqlite3"
    live = sqlite3.connect(live_path, isolation_level=None)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("PRAGMA wal_autocheckpoint=0")
    live.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY)")
    live.execute("CREATE TABLE t (v TEXT)")
    live.execute("INSERT INTO t VALUES ('trước sao lưu')")
    dump = tmp_path / "backup.sqlite3"
    with sqlite3.connect(dump) as target:
        live.backup(target)
    live.execute("INSERT INTO t VALUES ('sau sao lưu')")
    assert (tmp_path / "danvan.sqlite3-wal").stat().st_size > 0

    backup.restore_sqlite(dump, live)
    live.close()
    with sqlite3.connect(live_path) as fresh:
        assert fresh.execute("SELECT v FROM t").fetchall() == [("trước sao lưu",)]


def test_restore_refuses_an_sqlite_file_that_is_not_danvan_s(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as made:
        made.execute("CREATE TABLE t (v TEXT)")
    live = sqlite3.connect(tmp_path / "live.sqlite3")
    live.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY)")
    with pytest.raises(backup.BackupError, match="không phải tệp sao lưu"):
        backup.restore_sqlite(other, live)
    assert live.execute("SELECT name FROM sqlite_master").fetchall() == [("django_migrations",)]
    live.close()

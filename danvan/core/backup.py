"""Backing up and restoring the whole database, on SQLite and on PostgreSQL.

SQLite goes through SQLite's own online backup API in both directions: a backup is a consistent
copy even while officers save, and a restore writes the backup's pages into the live database
through SQLite itself, so whatever the write-ahead log (-wal/-shm) held is superseded, never
replayed over the restored data (copying the file back, as an earlier README said, let a stale
-wal bring post-backup rows back). PostgreSQL uses pg_dump's custom format and pg_restore
--clean. Uploaded files under MEDIA_ROOT are not in the database: back them up beside it.
"""

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections

# A backup must hold the project's tables; anything else is not a danvan backup.
_REQUIRED_TABLE = "django_migrations"


class BackupError(Exception):
    """A backup or restore that could not be done, with a Vietnamese message."""


def vendor(alias: str = "default") -> str:
    return connections[alias].vendor


def backup(path: Path, alias: str = "default") -> None:
    """Writes a complete, consistent copy of the database to path (overwritten)."""
    if vendor(alias) == "sqlite":
        _sqlite_backup(path, alias)
    elif vendor(alias) == "postgresql":
        _pg_run(["pg_dump", "--format=custom", "--no-owner", f"--file={path}"], alias)
    else:
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu loại {vendor(alias)}.")


def restore(path: Path, alias: str = "default") -> None:
    """Replaces the whole database with the backup at path.

    The backup is checked first; on any error the live database is left as it was (SQLite) or
    pg_restore runs in one transaction (PostgreSQL), so a bad file loses nothing.
    """
    if not path.is_file():
        raise BackupError(f"Không có tệp sao lưu {path}.")
    if vendor(alias) == "sqlite":
        _sqlite_restore(path, alias)
    elif vendor(alias) == "postgresql":
        connections[alias].close()  # pg_restore --clean drops tables this connection may hold
        _pg_run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                str(path),
            ],
            alias,
            dbname_flag=True,
        )
    else:
        raise BackupError(f"Không hỗ trợ phục hồi cơ sở dữ liệu loại {vendor(alias)}.")


def _live_sqlite(alias: str) -> sqlite3.Connection:
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("Không sao lưu hay phục hồi được giữa một giao dịch đang mở.")
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _sqlite_backup(path: Path, alias: str) -> None:
    live = _live_sqlite(alias)
    has_tables = live.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [_REQUIRED_TABLE]
    ).fetchone()
    if not has_tables:
        raise BackupError("cơ sở dữ liệu còn trống (chưa chạy danvan migrate), không có gì để lưu.")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".dang-ghi")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    try:
        live.backup(target)
        # A single self-contained file: no -wal beside the backup.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    os.replace(partial, path)  # never a half-written file under the backup's name


def _sqlite_restore(path: Path, alias: str) -> None:
    restore_sqlite(path, _live_sqlite(alias))
    # Other connections of this process would keep caches of the old schema.
    connections[alias].close()


def restore_sqlite(path: Path, live: sqlite3.Connection) -> None:
    """Checks the backup at path, then writes it into the live database through SQLite."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            ok = source.execute("PRAGMA integrity_check").fetchone()
            tables = {
                row[0]
                for row in source.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        except sqlite3.DatabaseError:
            raise BackupError(f"{path} không phải tệp sao lưu SQLite của danvan.") from None
        if ok != ("ok",) or _REQUIRED_TABLE not in tables:
            raise BackupError(f"{path} không phải tệp sao lưu SQLite của danvan, hoặc đã hỏng.")
        source.backup(live)
        # Fold the restored pages into the main file now, so that no -wal outlives the restore.
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        source.close()


def _pg_run(command: list[str], alias: str, dbname_flag: bool = False) -> None:
    params = connections[alias].get_connection_params()
    env = {**os.environ}
    args = list(command)
    if params.get("host"):
        args.append(f"--host={params['host']}")
    if params.get("port"):
        args.append(f"--port={params['port']}")
    if params.get("user"):
        args.append(f"--username={params['user']}")
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    dbname = _pg_dbname(params)
    args.append(f"--dbname={dbname}" if dbname_flag else dbname)
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(
            f"Không tìm thấy chương trình {command[0]}: cài gói postgresql-client "
            "(cùng phiên bản với máy chủ PostgreSQL)."
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} báo lỗi: {result.stderr.strip()[:2000]}")


def _pg_dbname(params: dict[str, Any]) -> str:
    return str(params.get("dbname") or params.get("database") or "")

"""Writing many new rows of one model at once without Django compiling an INSERT per batch:
`COPY` on PostgreSQL, one `executemany` on SQLite. The values are prepared field by field as
`bulk_create` prepares them (defaults, `pre_save`, `get_db_prep_save`), so what is stored is the
same; only the way there is shorter.
"""

from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

from danvan.jobs.progress import Progress

CHUNK = 5000  # rows per executemany / progress step


def insert_all(
    objs: Sequence[models.Model], progress: Progress | None = None, count_progress: bool = False
) -> None:
    """Insert `objs` (new instances of one model) and give each its primary key.

    Must run inside a transaction: on SQLite the keys are taken after the table's largest under
    the write lock that transaction holds (IMMEDIATE mode), on PostgreSQL from the table's
    sequence, so a concurrent writer never gets the same key."""
    if not objs:
        return
    assert connection.in_atomic_block, "insert_all must run inside a transaction"
    model = type(objs[0])
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    # The connection itself, not the thread-local proxy: looked up once instead of per value.
    db = connections[DEFAULT_DB_ALIAS]
    table = connection.ops.quote_name(meta.db_table)
    names = [connection.ops.quote_name(f.column) for f in [pk, *fields]]
    keys = _new_keys(meta.db_table, pk.column, len(objs))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), CHUNK):
            chunk = objs[start : start + CHUNK]
            rows: list[list[Any]] = []
            for obj, key in zip(chunk, keys[start : start + CHUNK], strict=True):
                obj.pk = key
                rows.append([key, *(f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields)])
                obj._state.adding = False
                obj._state.db = connection.alias
            if connection.vendor == "postgresql":
                sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(names))
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", rows
                )
            if progress is not None and count_progress:
                progress.advance(len(chunk))


def _new_keys(table: str, column: str, count: int) -> list[int]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name(table)
        cursor.execute(
            f"SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 0) FROM {quoted}"
        )
        top = int(cursor.fetchone()[0])
        return list(range(top + 1, top + count + 1))

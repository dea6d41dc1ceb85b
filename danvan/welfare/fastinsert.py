"""Writing many new rows of one model at once without Django compiling an INSERT per batch:
`COPY` on PostgreSQL, one `executemany` on SQLite. The values are prepared field by field as
`bulk_create` prepares them (defaults, `pre_save`, `get_db_prep_save`), so what is stored is the
same; only the way there is shorter.

The values can be prepared ahead (`prepare`), outside the write transaction: on SQLite the
whole database is locked while a transaction writes, so the lock is then held only for the
inserts themselves, not for turning tens of thousands of objects into rows.
"""

from collections.abc import Collection, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

from danvan.jobs.progress import Progress

CHUNK = 5000  # rows per executemany / progress step
PREPARED = "_fastinsert_prepared"  # the attribute `prepare` leaves on each object


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def prepare(objs: Sequence[models.Model], *, later: Collection[str] = ()) -> None:
    """Compute the stored value of every field of `objs` (new instances of one model) now,
    except the primary key and the fields named in `later` (e.g. a foreign key to a row whose
    key is given only under the write lock), which `insert_all` computes as it writes."""
    if not objs:
        return
    fields = _fields(type(objs[0]))
    db = connections[DEFAULT_DB_ALIAS]
    late = tuple(i for i, f in enumerate(fields) if f.name in later)
    for obj in objs:
        row = [
            None if f.name in later else f.get_db_prep_save(f.pre_save(obj, True), db)
            for f in fields
        ]
        setattr(obj, PREPARED, (late, row))


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
    fields = _fields(model)
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
                prepared = getattr(obj, PREPARED, None)
                if prepared is None:
                    values = [f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields]
                else:
                    late, values = prepared[0], list(prepared[1])
                    for i in late:
                        values[i] = fields[i].get_db_prep_save(fields[i].pre_save(obj, True), db)
                    delattr(obj, PREPARED)
                rows.append([key, *values])
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

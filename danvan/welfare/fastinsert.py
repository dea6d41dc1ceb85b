"""Writing many new rows of one model at once without Django compiling an INSERT per batch:
`COPY` on PostgreSQL, one `executemany` on SQLite. The values are prepared field by field as
`bulk_create` prepares them (defaults, `pre_save`, `get_db_prep_save`), so what is stored is the
same; only the way there is shorter.

The values can be prepared ahead (`prepare`), outside the write transaction: on SQLite the
whole database is locked while a transaction writes, so the lock is then held only for the
inserts themselves, not for turning tens of thousands of objects into rows.
"""

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models.base import ModelState

from danvan.jobs.progress import Progress

CHUNK = 5000  # rows per executemany / progress step
PREPARED = "_fastinsert_prepared"  # the attribute `prepare` leaves on each object
M = TypeVar("M", bound=models.Model)


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def build(model: type[M], **values: Any) -> M:
    """A new, unsaved instance of `model` with `values` (by attribute name: `commune_id`, not
    `commune`) and every other field at its default: what `model(**values)` makes, without
    Django's per-field argument handling, which cost more than writing the row (a third of
    recording a 100.000-row list). No signals are sent (as bulk_create sends none)."""
    obj = model.__new__(model)
    obj._state = ModelState()
    held = obj.__dict__
    for field in model._meta.concrete_fields:
        name = field.attname
        held[name] = values.pop(name) if name in values else field.get_default()
    if values:
        raise TypeError(f"{model.__name__} has no field {', '.join(values)}")
    return obj


def _stored_as_held(field: models.Field[Any, Any]) -> tuple[type, ...]:
    """The Python types whose value this field stores unchanged (`pre_save` and
    `get_db_prep_save` give the value back as it is), so it need not go through them: on a
    100.000-row list the per-field calls were a third of the recording."""
    if isinstance(field, models.DateField) and type(field) is models.DateField:
        # PostgreSQL's driver takes a date as it is (SQLite's adapter turns it into text).
        automatic = field.auto_now or field.auto_now_add
        return (dt.date,) if connection.vendor == "postgresql" and not automatic else ()
    if type(field).pre_save is not models.Field.pre_save:  # auto_now and the like
        return ()
    if isinstance(field, models.ForeignKey):
        target = field.target_field
        integer = isinstance(target, (models.AutoField, models.BigAutoField, models.IntegerField))
        return (int,) if integer else ()
    if isinstance(field, models.BooleanField):
        return (bool,)
    if isinstance(field, (models.AutoField, models.BigAutoField)):
        return ()
    if isinstance(field, models.IntegerField):
        return (int,)
    if type(field) in (models.CharField, models.TextField):
        return (str,)
    return ()


Preparer = tuple[str, tuple[type, ...], models.Field[Any, Any]]


def _preparers(fields: list[models.Field[Any, Any]]) -> list[Preparer]:
    return [(f.attname, _stored_as_held(f), f) for f in fields]


def _row(
    obj: models.Model, preparers: list[Preparer], db: Any, skip: Collection[int] = ()
) -> list[Any]:
    values = obj.__dict__
    row: list[Any] = []
    for i, (attname, plain, field) in enumerate(preparers):
        if i in skip:
            row.append(None)
            continue
        value = values.get(attname)
        if plain and (value is None or type(value) in plain):
            row.append(value)
        else:
            row.append(field.get_db_prep_save(field.pre_save(obj, True), db))
    return row


def prepare(objs: Sequence[models.Model], *, later: Collection[str] = ()) -> None:
    """Compute the stored value of every field of `objs` (new instances of one model) now,
    except the primary key and the fields named in `later` (e.g. a foreign key to a row whose
    key is given only under the write lock), which `insert_all` computes as it writes."""
    if not objs:
        return
    fields = _fields(type(objs[0]))
    db = connections[DEFAULT_DB_ALIAS]
    late = tuple(i for i, f in enumerate(fields) if f.name in later)
    preparers = _preparers(fields)
    skip = frozenset(late)
    for obj in objs:
        setattr(obj, PREPARED, (late, _row(obj, preparers, db, skip)))


def insert_all(
    objs: Sequence[models.Model],
    progress: Progress | None = None,
    count_progress: bool = False,
    *,
    keys: bool = True,
) -> None:
    """Insert `objs` (new instances of one model) and give each its primary key.

    Must run inside a transaction: on SQLite the keys are taken after the table's largest under
    the write lock that transaction holds (IMMEDIATE mode), on PostgreSQL from the table's
    sequence, so a concurrent writer never gets the same key. With `keys=False` the database
    gives the keys as it writes and the objects are left without theirs: rows nothing refers
    to afterwards are then spared the round trip for their keys."""
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
    names = [connection.ops.quote_name(f.column) for f in ([pk] if keys else []) + fields]
    new_keys = _new_keys(meta.db_table, pk.column, len(objs)) if keys else None
    preparers = _preparers(fields)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), CHUNK):
            chunk = objs[start : start + CHUNK]
            rows: list[list[Any]] = []
            for n, obj in enumerate(chunk, start):
                prepared = obj.__dict__.pop(PREPARED, None)
                if prepared is None:
                    values = _row(obj, preparers, db)
                else:
                    late, values = prepared
                    for i in late:
                        values[i] = fields[i].get_db_prep_save(fields[i].pre_save(obj, True), db)
                if new_keys is None:
                    rows.append(values)
                    continue
                obj.pk = new_keys[n]
                rows.append([new_keys[n], *values])
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

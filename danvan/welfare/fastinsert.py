"""Writing many new rows of one model at once as plain column values: `COPY` on PostgreSQL, one
`executemany` per chunk on SQLite. No model instance is built and Django compiles no INSERT:
on a 100.000-row list, building instances and preparing their values field by field cost
several times the load itself.

A `Columns` of a model says which fields each row gives and prepares everything else once:
fields that are the same on every row (the campaign, the giver, a default such as the time of
recording) are prepared once for the whole list, and each given value goes through the field's
own `get_db_prep_save` (remembered per value: dates, quantities and units repeat), or as it is
when the field stores that type unchanged. What is stored is what `bulk_create` would store.

The rows can be made ready ahead (`Columns.row`), outside the write transaction: on SQLite the
whole database is locked while a transaction writes, so the lock is then held only for the
inserts themselves.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models.base import ModelState

from danvan.core import pagecache
from danvan.jobs.progress import Progress

CHUNK = 5000  # rows per COPY / executemany / progress step


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _stored_as_held(field: models.Field[Any, Any]) -> tuple[type, ...]:
    """The Python types whose value this field stores unchanged (`get_db_prep_save` gives the
    value back as it is), so it need not go through it."""
    if isinstance(field, models.DateField) and type(field) is models.DateField:
        # PostgreSQL's driver takes a date as it is (SQLite's adapter turns it into text).
        return (dt.date,) if connection.vendor == "postgresql" else ()
    if isinstance(field, models.ForeignKey):
        target = field.target_field
        integer = isinstance(target, (models.AutoField, models.BigAutoField, models.IntegerField))
        return (int,) if integer else ()
    if isinstance(field, models.BooleanField):
        return (bool,)
    if isinstance(field, (models.AutoField, models.BigAutoField)):
        return ()
    if isinstance(field, models.IntegerField) and type(field).get_prep_value in {
        models.IntegerField.get_prep_value,
        models.BigIntegerField.get_prep_value,
        models.PositiveIntegerField.get_prep_value,
        models.PositiveSmallIntegerField.get_prep_value,
    }:
        return (int,)
    if type(field) in (models.CharField, models.TextField):
        return (str,)
    return ()


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    plain = _stored_as_held(field)
    db = connections[DEFAULT_DB_ALIAS]
    prepare = field.get_db_prep_save
    seen: dict[tuple[type, Any], Any] = {}

    def convert(value: Any) -> Any:
        kind = type(value)
        if value is None or kind in plain:
            return value
        key = (kind, value)
        try:
            return seen[key]
        except TypeError:  # not hashable: prepared every time
            return prepare(value, db)
        except KeyError:
            stored = seen[key] = prepare(value, db)
            if len(seen) > 10_000:
                seen.clear()
            return stored

    return convert


class Columns:
    """The stored columns of `model` (without its key) for rows that give the fields `given`
    (attribute names, `commune_id` not `commune`), in that order; every other field is
    `fixed[name]` if named there, else its default, the same on every row."""

    def __init__(
        self, model: type[models.Model], given: Sequence[str], fixed: dict[str, Any] | None = None
    ):
        self.model = model
        fields = _fields(model)
        by_name = {f.attname: f for f in fields}
        unknown = [n for n in [*given, *(fixed or {})] if n not in by_name]
        if unknown:
            raise TypeError(f"{model.__name__} has no field {', '.join(unknown)}")
        for name in given:
            # A field that sets its own value on save (auto_now) is not given row by row.
            field = by_name[name]
            assert not (getattr(field, "auto_now", 0) or getattr(field, "auto_now_add", 0)), name
        # One instance for the values every row shares: defaults called once, `pre_save` run.
        sample = model.__new__(model)
        sample._state = ModelState()
        for f in fields:
            if f.attname in (fixed or {}):
                value = (fixed or {})[f.attname]
            elif f.attname in given:
                value = None
            else:
                value = f.get_default()
            sample.__dict__[f.attname] = value
        db = connections[DEFAULT_DB_ALIAS]
        self.template: list[Any] = [
            None if f.attname in given else f.get_db_prep_save(f.pre_save(sample, True), db)
            for f in fields
        ]
        index = {f.attname: i for i, f in enumerate(fields)}
        self.slots = [(index[name], _converter(by_name[name])) for name in given]
        self.names = [connection.ops.quote_name(f.column) for f in fields]

    def row(self, *values: Any) -> list[Any]:
        """The stored columns of one row giving `values` (in the order of `given`)."""
        row = self.template.copy()
        for (i, convert), value in zip(self.slots, values, strict=True):
            row[i] = convert(value)
        return row

    def index(self, name: str) -> int:
        """Where field `name` sits in a row (to set a given value later, by `set`)."""
        return next(i for i, f in enumerate(_fields(self.model)) if f.attname == name)

    def setter(self, name: str) -> Callable[[list[Any], Any], None]:
        """Sets the given field `name` of a made row, prepared like `row` prepares it."""
        i = self.index(name)
        convert = next(c for j, c in self.slots if j == i)

        def put(row: list[Any], value: Any) -> None:
            row[i] = convert(value)

        return put


def insert_rows(
    columns: Columns,
    rows: Iterable[list[Any]],
    keys: Sequence[int] | None = None,
    progress: Progress | None = None,
) -> int:
    """Insert `rows` (made by `columns`) and return how many. With `keys`, the n-th row gets
    the n-th key (from `new_keys`); else the database gives the keys as it writes. Must run
    inside a transaction. `progress` advances by each chunk written."""
    assert connection.in_atomic_block, "insert_rows must run inside a transaction"
    meta = columns.model._meta
    assert meta.pk is not None
    table = connection.ops.quote_name(meta.db_table)
    names = columns.names
    if keys is not None:
        names = [connection.ops.quote_name(meta.pk.column), *names]
    written = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(rows):
            if keys is not None:
                chunk = [[keys[written + n], *row] for n, row in enumerate(chunk)]
            if connection.vendor == "postgresql":
                sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in chunk:
                        copy.write_row(row)
                pagecache.changed(connection.alias)  # COPY passes no statement to the watch
            else:
                marks = ", ".join(["%s"] * len(names))
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", chunk
                )
            written += len(chunk)
            if progress is not None:
                progress.advance(len(chunk))
    return written


def _chunks(rows: Iterable[list[Any]]) -> Iterable[list[list[Any]]]:
    chunk: list[list[Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def new_keys(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys for new rows of `model`. Inside a transaction: on SQLite they are
    taken after the table's largest under the write lock that transaction holds (IMMEDIATE
    mode), on PostgreSQL from the table's sequence, so a concurrent writer never gets the same
    key."""
    assert connection.in_atomic_block, "new_keys must run inside a transaction"
    if not count:
        return []
    table = model._meta.db_table
    assert model._meta.pk is not None
    column = model._meta.pk.column
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

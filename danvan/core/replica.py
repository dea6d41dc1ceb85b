"""Reads of the leaders' pages from a PostgreSQL read replica (DANVAN_DATABASE_REPLICA_URL).

Only the reads made inside `replica_reads(request)` go to the replica: the decorator
`reads_from_replica` puts the read-only leader views (dashboard, explorer, consolidation, map)
in it, the API's consolidation read opens it itself. Everything else reads the primary, and
every write goes to the primary, wherever it is made.

A replica lags the primary by a moment. So that an officer who has just approved a report sees
it in the consolidation at once, a signed-in user's write (any POST, PUT, PATCH or DELETE) pins
that user's reads to the primary for DANVAN_REPLICA_PIN_SECONDS, through a timestamp in the
session. A client without a session (an API token's) is pinned the same way after a write that
succeeded, through a timestamp kept in the database (its token's row), which every server
process sees: the request carries a `PinHolder` for it. Reads inside a transaction on the
primary stay on the primary too: a read that a write depends on must see what the transaction
wrote.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PIN_KEY = "danvan_primary_until"

# Set for the time of one read-only view; a context variable, so that each thread (and each
# task under ASGI) has its own.
_reading: ContextVar[bool] = ContextVar("danvan_replica_reads", default=False)

View = TypeVar("View", bound=Callable[..., HttpResponse])


class PinHolder(Protocol):
    """Where a client without a session keeps its pin (for an API token: its row). Set on the
    request as `replica_pin` by whoever authenticates it."""

    def primary_until(self) -> float | None:
        """When the pin ends (a Unix time), as read on the primary for this request."""

    def pin_to_primary(self, until: float) -> None:
        """Keep the pin until then, on the primary, where every server process reads it."""


def replica_alias() -> str:
    """The replica's database alias, or "" when no replica is configured."""
    return str(getattr(settings, "DANVAN_REPLICA_ALIAS", ""))


def pinned(request: HttpRequest) -> bool:
    """Whether the request's user (or token) wrote something a moment ago (and so reads the
    primary)."""
    now = time.time()
    holder: PinHolder | None = getattr(request, "replica_pin", None)
    if holder is not None:
        until = holder.primary_until()
        if until is not None and now < until:
            return True
    session = getattr(request, "session", None)
    if session is None:
        return False
    until = session.get(PIN_KEY)
    return isinstance(until, int | float) and now < until


@contextmanager
def replica_reads(request: HttpRequest) -> Iterator[None]:
    """Inside, this request's reads go to the replica, unless there is none, the request may
    write (not GET or HEAD), or its user is pinned to the primary."""
    if not replica_alias() or request.method not in {"GET", "HEAD"} or pinned(request):
        yield
        return
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view: View) -> View:
    """For a read-only view whose figures may be a moment old (the leaders' pages). The view
    must render inside (Django's `render`, not a lazy TemplateResponse) for its template's
    reads to go to the replica too; whatever it leaves for later reads the primary."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with replica_reads(request):
            return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


class ReplicaRouter:
    """Reads in `replica_reads` to the replica; all else, and every write, to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        alias = replica_alias()
        if alias and _reading.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return alias
        # Explicit, not None: Django would otherwise follow an instance's own database, and a
        # row read from the replica would carry later reads there.
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replica is a copy of the primary: a row read from it may be linked to one of the
        # primary (the link is then written to the primary).
        copies = {DEFAULT_DB_ALIAS, replica_alias() or DEFAULT_DB_ALIAS}
        if obj1._state.db in copies and obj2._state.db in copies:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # Only the primary is migrated; the replica receives the schema by replication.
        return db == DEFAULT_DB_ALIAS


class PinAfterWriteMiddleware:
    """After a signed-in user's write, or an API token's write that succeeded, their reads stay
    on the primary for a short window."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not replica_alias() or request.method in SAFE_METHODS:
            return response
        until = time.time() + settings.DANVAN_REPLICA_PIN_SECONDS
        holder: PinHolder | None = getattr(request, "replica_pin", None)
        # A refused write changed nothing, so there is nothing to see at once: no row to update.
        if holder is not None and response.status_code < 400:
            holder.pin_to_primary(until)
        if (
            hasattr(request, "session")
            # Signed in through the session (not after a logout, not an API token's client,
            # which keeps no session).
            and SESSION_KEY in request.session
        ):
            # Whether or not the write succeeded: staying on the primary is always correct.
            request.session[PIN_KEY] = until
        return response

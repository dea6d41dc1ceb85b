"""Leaders' pages kept until anything they could show changes.

The dashboard and the consolidation page are read far more often than the data under them
changes, and each costs tens of queries and a large template. `kept_page` keeps the finished
HTML of such a read-only view, per user and per full URL (path and query), in the `pages` cache
(files in `DANVAN_PAGE_CACHE_DIR`, shared by the processes of one server), under the current
data version:

- Every statement that writes a project table (INSERT, UPDATE or DELETE, whether from a model's
  save, a `QuerySet.update`, a `bulk_create` or hand-written SQL) is seen by a wrapper on each
  database connection, which gives the single `DataVersion` row a new random stamp once the
  write's transaction has committed (at once for a write outside a transaction). Writes that
  no page shows are not counted: sessions, the task queue and jobs' progress, the API's rate
  limit, this row itself. A bulk load that bypasses SQL statements (PostgreSQL's COPY) calls
  `changed()` itself.
- A kept page is used only while the stamp it was kept under is still the one its database
  holds, so a submit, approve, return, reopen, an import, an incident or a read notice shows on
  the next request. The stamp is read from the database the page reads (the replica when the
  view reads the replica, which carries the stamp with the data it replicated).
- Nothing is kept or served inside a transaction (a test case's, or a view of a write), nor
  for a request that carries messages to show, nor for anything but a GET answered 200 with
  HTML. The CSRF tokens in a kept page are replaced with the request's own on the way out.
- After a change, the first reader of a page builds it while the others wait for it (a lock
  shared by the server's processes), rather than every process building the same page at once.
- `DANVAN_PAGE_CACHE_SECONDS` bounds how long a page is kept even when nothing changed (a
  change made outside the application, such as a restore, shows after it); 0 turns keeping off.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import DatabaseError, IntegrityError, connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from danvan.core.models import DataVersion

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

View = TypeVar("View", bound=Callable[..., HttpResponse])

# Tables whose writes change nothing a kept page shows, or that change on every request.
UNCOUNTED = re.compile(r"^(django_|jobs_|core_dataversion$|api_apitoken$)")
_WRITE = re.compile(r"(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)", re.I)
_CTE_WRITE = re.compile(
    r"\)\s*((?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?\w+)", re.I
)
_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def written_table(sql: str) -> str | None:
    """The table a statement writes, or None for a statement that writes nothing."""
    # Every statement of every request passes here: look at its first word before anything else.
    head = sql[:16].lstrip()[:7].upper()
    if not head.startswith(("INSERT", "UPDATE", "DELETE", "REPLACE", "WITH")):
        return None
    text = sql.lstrip()
    if head.startswith("WITH"):
        inner = _CTE_WRITE.search(text)
        text = inner.group(1) if inner else ""
    found = _WRITE.match(text.replace("REPLACE INTO", "INSERT INTO", 1))
    return found.group(1).lower() if found else None


# While `migrate` (or a test database's flush) runs, the version's own table may not exist yet.
_migrating = False


def migration_started(sender: Any, **kwargs: Any) -> None:
    global _migrating
    _migrating = True


def migration_ended(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """`post_migrate` receiver: writes count again; what the migrations wrote is a change."""
    global _migrating
    _migrating = False
    if sender.label == "core":
        changed(using)


def changed(using: str = "default") -> None:
    """Give the data a new version once the current transaction on `using` commits (at once
    outside one). Called for every counted write; registered once per transaction."""
    if _migrating:
        return
    connection = connections[using]
    if connection.in_atomic_block:
        bump = _bumper(using)
        # One bump a transaction, however many rows it writes (an import writes thousands).
        if any(entry[1] is bump for entry in connection.run_on_commit):
            return
        transaction.on_commit(bump, using=using)
    else:
        _bump(using)


@functools.cache
def _bumper(using: str) -> Callable[[], None]:
    """The same callable for each alias, so that a transaction's pending bump is recognised."""
    return functools.partial(_bump, using)


def _bump(using: str) -> None:
    stamp = secrets.randbits(62)
    try:
        if not DataVersion.objects.using(using).filter(pk=1).update(stamp=stamp):
            DataVersion.objects.using(using).create(pk=1, stamp=stamp)
    except IntegrityError:  # another process made the row first: its stamp is as new as ours
        pass
    except DatabaseError:
        # The write itself has committed; a page kept from before it lives until its timeout.
        log.exception("danvan: could not record a new data version")


def _watch(using: str) -> Callable[..., Any]:
    def watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        table = written_table(sql) if isinstance(sql, str) else None
        if table is not None and not UNCOUNTED.match(table):
            changed(using)
        return result

    return watch


def watch_connection(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: count the writes made on the connection. The signal comes
    at every (re)connection of the same wrapper, whose list of execute wrappers it keeps."""
    if not getattr(connection, "danvan_watched", False):
        connection.execute_wrappers.append(_watch(connection.alias))
        connection.danvan_watched = True  # type: ignore[attr-defined]


def version(using: str) -> int | None:
    """The current data version on `using`; None before the first counted write."""
    return DataVersion.objects.using(using).filter(pk=1).values_list("stamp", flat=True).first()


def _key(request: HttpRequest, name: str) -> str | None:
    seconds = settings.DANVAN_PAGE_CACHE_SECONDS
    user = getattr(request, "user", None)
    if seconds <= 0 or request.method != "GET" or user is None or not user.is_authenticated:
        return None
    using = router.db_for_read(DataVersion)
    if connections[using].in_atomic_block:
        return None
    messages = get_messages(request)
    if len(messages):  # shown by this page's render, then gone: the page must be rendered
        return None
    stamp = version(using)
    if stamp is None:
        return None
    # The day is in the key: pages count what is overdue as of today.
    return f"{name}|{user.pk}|{using}|{stamp}|{timezone.localdate()}|{request.get_full_path()}"


def kept_page(view: View) -> View:
    """Keep the view's page (see the module's docstring). For read-only GET views whose
    HTML depends only on the signed-in user, the URL, the day and the data; put it inside
    `reads_from_replica`, so that the data version is read where the page reads."""
    name = f"{view.__module__}.{view.__qualname__}"

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = _key(request, name)
        if key is None:
            return view(request, *args, **kwargs)
        pages = caches["pages"]
        kept = pages.get(key)
        if kept is None:
            # After a change, the many readers of one page wait for one of them to build it
            # instead of all building it at once.
            with _building(key):
                kept = pages.get(key)
                if kept is None:
                    response = view(request, *args, **kwargs)
                    if _keepable(response):
                        pages.set(
                            key,
                            (response.content, response["Content-Type"]),
                            settings.DANVAN_PAGE_CACHE_SECONDS,
                        )
                    return response
        body, content_type = kept
        token = get_token(request)
        return HttpResponse(
            _TOKEN.sub(lambda m: m.group(1) + token + m.group(2), body.decode()),
            content_type=content_type,
        )

    return wrapped  # type: ignore[return-value]


def _keepable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
    )


LOCKS = 64


@contextmanager
def _building(key: str) -> Iterator[None]:
    """Held while one page is built: a lock shared by the server's processes and threads (an
    advisory lock on one of `LOCKS` files beside the kept pages; two pages may share one)."""
    if fcntl is None:  # not on a POSIX system: every reader builds
        yield
        return
    folder = Path(settings.DANVAN_PAGE_CACHE_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    slot = int(hashlib.blake2b(key.encode(), digest_size=4).hexdigest(), 16) % LOCKS
    with open(folder / f"building-{slot:02d}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)

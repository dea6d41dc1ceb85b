"""For tests: run what is on the queue with the real database backend's worker, in-process."""

import io
import signal
from unittest import mock

from django.core.management import call_command


def work_off() -> None:
    """Run every queued task with `db_worker --batch`, then return.

    The worker closes "old" database connections between tasks; inside a test's transaction
    that would close the test's own connection on PostgreSQL, so here it keeps it."""
    # The worker sets its own SIGINT/SIGTERM handlers (to finish the task in hand); in a test
    # process they must not outlive it, or a later signal ends a later test as "shutdown".
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        try:
            call_command(
                "db_worker",
                batch=True,
                reload=False,
                startup_delay=False,
                interval=0,
                verbosity=0,
                stdout=io.StringIO(),
            )
        finally:
            for number, handler in handlers.items():
                signal.signal(number, handler)

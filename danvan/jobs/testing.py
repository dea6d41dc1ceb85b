"""For tests: run what is on the queue with the real database backend's worker, in-process."""

import io
from unittest import mock

from django.core.management import call_command


def work_off() -> None:
    """Run every queued task with `db_worker --batch`, then return.

    The worker closes "old" database connections between tasks; inside a test's transaction
    that would close the test's own connection on PostgreSQL, so here it keeps it."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command(
            "db_worker",
            batch=True,
            reload=False,
            startup_delay=False,
            interval=0,
            verbosity=0,
            stdout=io.StringIO(),
        )

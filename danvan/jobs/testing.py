"""For tests: run what is on the queue with the real database backend's worker, in-process."""

import io

from django.core.management import call_command


def work_off() -> None:
    """Run every queued task with `db_worker --batch`, then return."""
    call_command(
        "db_worker",
        batch=True,
        reload=False,
        startup_delay=False,
        interval=0,
        verbosity=0,
        stdout=io.StringIO(),
    )

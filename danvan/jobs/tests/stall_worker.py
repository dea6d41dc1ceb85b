"""A real `db_worker` process that stops dead halfway through writing a welfare list's rows,
inside the recording transaction, so that the killed-worker test can kill it there.

    python -m danvan.jobs.tests.stall_worker MARKER_FILE

It writes half of the list's distributions, touches MARKER_FILE and sleeps until it is
killed. Used by tests only.
"""

import os
import sys
import time
from pathlib import Path
from typing import Any


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from danvan.welfare import actions
    from danvan.welfare.models import Distribution

    marker = Path(sys.argv[1])
    original = actions.insert_rows

    def stall(columns: Any, rows: Any, *args: Any, **kwargs: Any) -> int:
        if columns.model is not Distribution:
            return original(columns, rows, *args, **kwargs)
        rows = list(rows)
        original(columns, rows[: len(rows) // 2], *args, **kwargs)
        marker.write_text("half written")
        time.sleep(600)  # until the test kills us
        raise SystemExit("not killed")

    actions.insert_rows = stall
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0)


if __name__ == "__main__":
    main()

"""Progress of long work, told to whoever is watching: a job's page (through the Job row), a
terminal (a rich progress bar), or nobody (`--json`, a pipe, a test).

Work functions take a `Progress` and call `step(name, total)` and `advance(n)`; they never know
which of the three they are talking to.
"""

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connection

if TYPE_CHECKING:
    from rich.progress import TaskID

    from danvan.jobs.models import Job

T = TypeVar("T")


class Progress:
    """Tells nobody. The base of the other two, and what tests and `--json` runs use."""

    def step(self, name: str, total: int = 0) -> None:
        """A new step begins: its Vietnamese name and how many items it has (0: unknown)."""

    def advance(self, count: int = 1) -> None:
        """`count` more items of the current step are done."""

    def close(self) -> None:
        """The work is over (a terminal bar is removed)."""

    def track(self, items: Iterable[T], name: str, total: int) -> Iterator[T]:
        """Iterate over `items` as one step, advancing by one per item."""
        self.step(name, total)
        for item in items:
            yield item
            self.advance()


class JobProgress(Progress):
    """Writes the step and the count on the Job row, at most twice a second, so the job page
    shows them. Inside a transaction the row is not written: on SQLite the transaction holds
    the write lock, and what it writes is seen only when it commits anyway; the page shows the
    step that began before it."""

    INTERVAL = 0.5

    def __init__(self, job: "Job") -> None:
        self.job = job
        self._written = 0.0

    def _write(self, force: bool = False) -> None:
        now = time.monotonic()
        if connection.in_atomic_block and not force:
            return
        if not force and now - self._written < self.INTERVAL:
            return
        self._written = now
        type(self.job).objects.filter(pk=self.job.pk).update(
            step=self.job.step, done=self.job.done, total=self.job.total
        )

    def step(self, name: str, total: int = 0) -> None:
        self.job.step, self.job.done, self.job.total = name, 0, total
        if not connection.in_atomic_block:
            self._write(force=True)

    def advance(self, count: int = 1) -> None:
        self.job.done += count
        if self.job.total and self.job.done > self.job.total:
            self.job.total = self.job.done
        self._write()


class TerminalProgress(Progress):
    """A rich progress bar on standard error, one line per step."""

    def __init__(self, stream: Any = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=stream or sys.stderr),
            transient=False,
        )
        self._bar.start()
        self._task: TaskID | None = None

    def step(self, name: str, total: int = 0) -> None:
        if self._task is not None:  # the step before is over: show it full
            before = self._bar.tasks[-1]
            self._bar.update(
                self._task, total=before.completed or 1, completed=before.completed or 1
            )
        self._task = self._bar.add_task(name, total=total or None)

    def advance(self, count: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, count)

    def close(self) -> None:
        self._bar.stop()


def for_command(json_output: bool = False, stream: object = None) -> Progress:
    """A bar when a person watches a terminal; silence with `--json` or off a terminal."""
    stream = stream if stream is not None else sys.stderr
    if json_output or not getattr(stream, "isatty", lambda: False)():
        return Progress()
    return TerminalProgress(stream)

"""Benchmarks: each app lists its own (`benchmarks` on its AppConfig), `danvan bench NAME`
runs one and prints what it measured, ratios against the named baseline included."""

import statistics
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.management.base import CommandParser

from danvan.jobs.progress import Progress

T = TypeVar("T")


class Benchmark:
    name = ""
    help = ""

    def add_arguments(self, parser: CommandParser) -> None:
        """The benchmark's own options."""

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        """Measure; return what to print (JSON-ready). A list of reasons under "failed" makes
        `danvan bench` exit non-zero after printing."""
        raise NotImplementedError

    # Set by `danvan bench`: a progress bar on a terminal, silence with --json or in a pipe.
    progress: Progress = Progress()

    def log(self, message: str) -> None:
        """A step of the measurement, shown on the progress bar (standard output carries the
        result)."""
        self.progress.step(message)


def median_ms(run: Callable[[], object], repeat: int) -> float:
    """Median milliseconds over `repeat` runs, after one warm-up run."""
    run()
    samples = []
    for _ in range(max(repeat, 1)):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def seconds(run: Callable[[], T]) -> tuple[float, T]:
    """How long one run took, and what it returned."""
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result

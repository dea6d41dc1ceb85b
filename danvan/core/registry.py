"""Where the apps meet without importing each other: an app registers what it offers in its
`AppConfig.ready()`, and the app that needs it reads the registry.

- `figure_sources`: figures recorded elsewhere (the welfare ledger, the propaganda sessions,
  the incidents, the drives' milestones…), by source name: for one organization, which its
  periodic report can take, and for a whole scope, set beside the reports' figures.
- `daily_notices`: the jobs that `danvan notify` runs once a day.
- `worklist_sources`: what is the user's to do (reports to fix, tasks, incidents…), shown on
  the home page.
- `queue_sources`: what waits for the user's decision (reports sent for approval), shown on
  the home page before the worklist, with how many wait in all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

Suggestions = dict[tuple[str, str | None], Decimal]


@dataclass(frozen=True)
class FigureSource:
    """Figures recorded outside the periodic reports; `name` tells the reader where they come
    from ("Sổ chăm lo").

    - `suggest(organization_id, start, end)` → {(indicator code, option code or None): figure}
      from what the organization recorded between `start` and `end` (its report may take them);
    - `in_scope(paths, start, end)` → {(indicator code, None): total} recorded under the unit
      paths between `start` and `end` (shown beside the reports' consolidated figure).
    """

    name: str
    suggest: Callable[[int, dt.date, dt.date], Suggestions] | None = None
    in_scope: Callable[[list[str], dt.date, dt.date], Suggestions] | None = None


@dataclass(frozen=True)
class WorkItem:
    """One thing on a user's worklist: `kind` ("Báo cáo bị trả lại"), what and where, the
    deadline if any, a note (the return reason), and whether it is late or urgent."""

    kind: str
    title: str
    url: str
    due: dt.date | None = None
    note: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class Queue:
    """What waits for the user's decision: the first `items` of `total`, and the page listing
    them all (`url`), offered when they do not all fit."""

    title: str
    items: tuple[WorkItem, ...]
    total: int
    url: str

    @property
    def more(self) -> int:
        return self.total - len(self.items)


figure_sources: list[FigureSource] = []
worklist_sources: list[Callable[..., list[WorkItem]]] = []
daily_notices: list[Callable[[dt.date], int]] = []
queue_sources: list[Callable[..., Queue | None]] = []


def add_figure_source(source: FigureSource) -> None:
    if source not in figure_sources:
        figure_sources.append(source)


def add_daily_notices(job: Callable[[dt.date], int]) -> None:
    if job not in daily_notices:
        daily_notices.append(job)


def add_worklist_source(source: Callable[..., list[WorkItem]]) -> None:
    """`source(user, today)` → the user's items of one kind."""
    if source not in worklist_sources:
        worklist_sources.append(source)


def add_queue_source(source: Callable[..., Queue | None]) -> None:
    """`source(user)` → what waits for the user's decision, or None if nothing does."""
    if source not in queue_sources:
        queue_sources.append(source)

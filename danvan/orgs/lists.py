"""The one shape of a list page: the unit subtree and period from the query string, a page
of rows, and the same rows as XLSX (`?format=xlsx`), built only when asked for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from danvan.core.downloads import xlsx_response
from danvan.core.http import date_param
from danvan.core.periods import Period
from danvan.geo.models import AdminUnit, current_paths, under_paths
from danvan.orgs import access
from danvan.orgs.models import User

PAGE_SIZE = 50


@dataclass
class ListScope:
    """The unit subtree and period a list shows, from the query string."""

    unit: AdminUnit | None
    period: Period | None
    units: list[AdminUnit]
    error: str = ""
    # The day deadlines, escalation and overdue tasks are judged on (?at=): by default today,
    # or the end of the period being viewed when that is earlier.
    on: dt.date = field(default_factory=timezone.localdate)
    on_given: bool = False
    # ?current=1: `unit` is a unit of today, read with the older units that went into it (as
    # the dashboard's "today's units" does), so that a period before 2025 still finds its rows.
    current: bool = False

    def paths(self, user: User) -> list[str] | None:
        if self.unit is not None:
            return current_paths(self.unit) if self.current else [self.unit.path]
        return access.scope_paths(user)

    def within(self, user: User, field: str) -> Q:
        paths = self.paths(user)
        return Q() if paths is None else under_paths(paths, field)

    def dates(self, field: str) -> Q:
        if self.period is None:
            return Q()
        return Q(**{f"{field}__gte": self.period.start, f"{field}__lte": self.period.end})

    def query(self, **extra: str) -> str:
        params = {
            "unit": self.unit.pk if self.unit else "",
            "period": self.period.code if self.period else "",
            "at": f"{self.on:%d/%m/%Y}" if self.on_given else "",
            "current": 1 if self.current else "",
        }
        return urlencode({**params, **extra})


def list_scope(request: HttpRequest, user: User) -> ListScope:
    error = ""
    period = None
    code = request.GET.get("period", "").strip()
    if code:
        try:
            period = Period.parse(code)
        except ValueError as err:
            error = str(err)
    on = period.end if period else timezone.localdate()
    visible = access.units_for_user(user).at(on).exclude(level="commune")
    units = list(visible.order_by("path")[:300])
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = access.get_unit_for_user(user, int(request.GET["unit"]))
        if unit not in units:  # a commune, or a unit of another time: the choice shows it
            units.append(unit)
    default = min(period.end, timezone.localdate()) if period else timezone.localdate()
    as_of, date_error = date_param(request, default)
    return ListScope(
        unit,
        period,
        units,
        error or date_error,
        as_of,
        bool(request.GET.get("at") and not date_error),
        current=unit is not None and request.GET.get("current") == "1",
    )


@dataclass
class Export:
    """What `?format=xlsx` downloads: a sheet title, its columns, and the rows (called only
    when the download is asked for)."""

    title: str
    columns: list[str]
    rows: Callable[[], Iterable[list[Any]]]


def list_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    items: Iterable[Any] | None = None,
    export: Export | None = None,
) -> HttpResponse:
    """Render a list (with `page`: PAGE_SIZE of `items`), or download it as XLSX."""
    if export is not None and request.GET.get("format") == "xlsx":
        return xlsx_response(export.title, export.columns, export.rows())
    if items is not None:
        context["page"] = paginate(request, items)
    return render(request, template, context)


def paginate(request: HttpRequest, items: Any) -> Page:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))

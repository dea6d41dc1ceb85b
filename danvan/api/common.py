"""What every list of the API shares: pages, the unit subtree, the period and `updated_since`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from danvan.api.errors import ApiError
from danvan.core.periods import Period
from danvan.geo.models import AdminUnit, under_paths
from danvan.orgs import access
from danvan.orgs.access import AnyUser
from danvan.reporting.consolidation import current_paths

M = TypeVar("M", bound=Model)

MAX_PAGE_SIZE = 1000
MAX_PAGE = 1_000_000


def paginate(
    rows: QuerySet[M], page: int, page_size: int, convert: Callable[[Iterable[M]], list[Any]]
) -> dict[str, Any]:
    """One page of `rows` (ordered by the caller), converted; `count` is over every page."""
    if not 1 <= page <= MAX_PAGE:
        raise ApiError(422, "invalid", f"Trang từ 1 đến {MAX_PAGE}.", "page")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ApiError(422, "invalid", f"Cỡ trang từ 1 đến {MAX_PAGE_SIZE}.", "page_size")
    start = (page - 1) * page_size
    return {
        "count": rows.count(),
        "page": page,
        "page_size": page_size,
        "results": convert(rows[start : start + page_size]),
    }


def period_of(code: str, field: str = "period") -> Period:
    try:
        return Period.parse(code)
    except ValueError as error:
        raise ApiError(422, "invalid", str(error), field) from None


def unit_in_scope(user: AnyUser, code: str, at: dt.date | None, field: str = "under") -> AdminUnit:
    """The unit that carried `code` on `at` (today when None), if the user sees it."""
    day = at or timezone.localdate()
    unit = access.units_for_user(user).at(day).filter(code=code.strip()).first()
    if unit is None:
        raise ApiError(
            404,
            "not_found",
            f"Không có đơn vị mã “{code}” vào ngày {day:%d/%m/%Y} trong phạm vi của bạn.",
            field,
        )
    return unit


def subtree(user: AnyUser, code: str | None, at: dt.date | None, field: str) -> Q:
    """Rows (their unit at `field`) under the unit `code`, Q() when no code is given. A unit of
    today also takes in the older units whose default successor lies under it."""
    if not code:
        return Q()
    unit = unit_in_scope(user, code, at)
    paths = current_paths(unit) if unit.valid_to is None else [unit.path]
    return under_paths(paths, field)


def changed_since(model: type[Model], since: dt.datetime | None) -> Q:
    """Rows created or changed at or after `since`, read off their history table."""
    if since is None:
        return Q()
    history = model.history.model  # type: ignore[attr-defined]
    return Q(pk__in=history.objects.filter(history_date__gte=since).values("id"))

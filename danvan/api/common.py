"""What every list of the API shares: pages, the unit subtree, the period and `updated_since`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema

from danvan.api.errors import ApiError
from danvan.core.periods import Period
from danvan.geo.models import AdminUnit, current_paths, under_paths
from danvan.orgs import access
from danvan.orgs.access import AnyUser

M = TypeVar("M")

MAX_PAGE_SIZE = 1000
MAX_PAGE = 1_000_000
MAX_ID = 2**63 - 1  # the largest id either database stores

AFTER = (
    "Trang tiếp theo sau mã (id) cuối của trang trước: cách đồng bộ được khuyên dùng. Không cần "
    "tự đặt: đi theo liên kết `next` của mỗi trang cho đến khi `next` là null."
)
PAGE = (
    "(Cách cũ, vẫn dùng được) số trang, đếm từ 1. Không dùng cùng `after`; khi dòng được thêm "
    "hay đổi giữa hai trang, trang theo số có thể lặp hoặc sót dòng, `after` thì không."
)
WITH_COUNT = "Đếm tổng số dòng ở mọi trang; mặc định chỉ trang đầu (không có `after`) có `count`."


class PageParams(Schema):
    """How a list is paged: by `after` (keyset, the sync path) or, as before, by `page`."""

    after: int | None = Field(None, ge=0, le=MAX_ID, description=AFTER)
    page: int | None = Field(None, description=PAGE, json_schema_extra={"deprecated": True})
    page_size: int = 100
    with_count: bool = Field(False, description=WITH_COUNT)


def _pk(row: Any) -> int:
    return int(row.pk)


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any, M],
    params: PageParams,
    convert: Callable[[list[M]], list[Any]],
    *,
    max_size: int = MAX_PAGE_SIZE,
    results: str = "results",
    last_id: Callable[[M], int] = _pk,
) -> dict[str, Any]:
    """One page of `rows` in id order, converted, with `next`: this request's URL for the rows
    after the page's last id, or None on the last page.

    Keyset pages (`after` an id) cost the same at the end of a list as at its start and, since
    ids only grow, neither repeat nor skip a row when rows are added while a client pages
    through. One more row than the page is read to know whether a next page exists, so the
    full count is only taken when asked for: on the first page (where a page holding every
    row counts itself), on every page with `with_count`, and on every page by number, as
    those pages always gave it."""
    size = params.page_size
    if not 1 <= size <= max_size:
        raise ApiError(422, "invalid", f"Cỡ trang từ 1 đến {max_size}.", "page_size")
    rows = rows.order_by("pk")
    if params.page is not None:
        if params.after is not None:
            raise ApiError(422, "invalid", "Dùng after hoặc page, không dùng cả hai.", "page")
        if not 1 <= params.page <= MAX_PAGE:
            raise ApiError(422, "invalid", f"Trang từ 1 đến {MAX_PAGE}.", "page")
        start = (params.page - 1) * size
        window = list(rows[start : start + size + 1])
    else:
        start = 0
        after = rows if params.after is None else rows.filter(pk__gt=params.after)
        window = list(after[: size + 1])
    more = len(window) > size
    window = window[:size]
    count: int | None = None
    if params.page is not None or params.after is None or params.with_count:
        first = start == 0 and params.after is None
        count = start + len(window) if first and not more else rows.count()
    following = None
    if more:
        query = request.GET.copy()
        query.pop("page", None)
        query["after"] = str(last_id(window[-1]))
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {
        "count": count,
        "page": params.page,
        "page_size": size,
        "next": following,
        results: convert(window),
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

"""Three guards every request passes: input that cannot be used is answered in Vietnamese
instead of a server error, a busy database is answered "try again" (503) instead of a server
error, and error pages keep the site's layout and language with DEBUG on too."""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from danvan.core import views
from danvan.core.params import BIGINT_MAX, BadParameter

log = logging.getLogger(__name__)


class BadInputMiddleware:
    """Three guards every view gets:

    - a NUL character anywhere in the query or a form field is refused (400): PostgreSQL cannot
      store or even compare text holding one;
    - an integer in the path (<int:pk>) past 64 bits answers 404 before a query overflows;
    - BadParameter raised by a view (danvan.core.params) becomes its 400/404 page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if "\x00" in request.path or _has_nul(request.GET.lists()):
            return views.error_page(request, 400, "Địa chỉ có ký tự không hợp lệ (ký tự NUL).")
        if request.method == "POST" and _has_nul(request.POST.lists()):
            return views.error_page(
                request, 400, "Nội dung gửi lên có ký tự không hợp lệ (ký tự NUL)."
            )
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > BIGINT_MAX:
                return views.error_page(request, 404, "Không có trang này.")
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, BadParameter):
            return views.error_page(request, exception.status, exception.message)
        return None


def _has_nul(items: Any) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in items)


class BusyDatabaseMiddleware:
    """A view that gave up waiting for a database lock (SQLite's "database is locked" under
    many concurrent saves) answers 503 "hệ thống đang bận" with Retry-After, not a server
    error; with DEBUG on as well. Errors outside views reach `views.server_error`, which
    answers the same."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if views.is_busy(exception):
            log.warning("database busy on %s %s: %s", request.method, request.path, exception)
            return views.busy(request)
        return None


class ErrorPagesMiddleware:
    """With DEBUG off, Django calls the handlers in `urls.py`; with DEBUG on it would show its
    English debug pages for 404 and 403, so this shows ours (500 keeps the debug page, which a
    developer needs)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not settings.DEBUG:
            return None
        if isinstance(exception, Http404):
            return views.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return views.permission_denied(request, exception)
        return None

"""Error pages in the site's layout and in Vietnamese, with DEBUG on as well."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from danvan.core import views


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

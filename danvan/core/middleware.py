"""Answers, in Vietnamese, requests whose input cannot be used, instead of a server error."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from danvan.core.params import BIGINT_MAX, BadParameter


def bad_request(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    html = render_to_string(
        "core/bad_request.html", {"message": message, "status": status}, request=request
    )
    return HttpResponse(html, status=status)


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
            return bad_request(request, "Địa chỉ có ký tự không hợp lệ (ký tự NUL).")
        if request.method == "POST" and _has_nul(request.POST.lists()):
            return bad_request(request, "Nội dung gửi lên có ký tự không hợp lệ (ký tự NUL).")
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > BIGINT_MAX:
                return bad_request(request, "Không có trang này.", status=404)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, BadParameter):
            return bad_request(request, exception.message, exception.status)
        return None


def _has_nul(items: Any) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in items)

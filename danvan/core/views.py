"""Endpoints for operations, answered without a login."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok"} when the database answers; 503 otherwise (for a load balancer or
    a monitoring probe)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "không kết nối được"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def _reason(exception: BaseException | None, fallback: str) -> str:
    """The Vietnamese reason our code gave; Django's own English texts ("No Report matches
    the given query.") become the page's plain Vietnamese fallback."""
    text = str(exception or "").strip()
    if not text or text.isascii():
        return fallback
    return text


def error_page(request: HttpRequest, status: int, reason: str) -> HttpResponse:
    titles = {
        400: "Yêu cầu không hợp lệ",
        403: "Không có quyền truy cập",
        404: "Không tìm thấy trang",
        500: "Lỗi máy chủ",
    }
    context = {"status": status, "title": titles[status], "reason": reason}
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return error_page(request, 400, _reason(exception, "Yêu cầu gửi lên không đọc được."))


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return error_page(request, 403, _reason(exception, "Bạn không có quyền xem hoặc làm việc này."))


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    fallback = "Trang hoặc nội dung này không có, hoặc nằm ngoài phạm vi của bạn."
    return error_page(request, 404, _reason(exception, fallback))


def server_error(request: HttpRequest) -> HttpResponse:
    # No template context processors that touch the database: the error may be the database.
    reason = "Đã có lỗi ở máy chủ; lỗi đã được ghi lại. Vui lòng thử lại sau ít phút."
    html = render_to_string("error.html", {"status": 500, "title": "Lỗi máy chủ", "reason": reason})
    return HttpResponseServerError(html)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(
        request,
        403,
        "Phiên làm việc đã hết hạn hoặc trang đã mở quá lâu. Tải lại trang rồi gửi lại.",
    )

"""Endpoints for operations, answered without a login."""

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, OperationalError, connection
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
    if request.path.startswith("/api/"):
        # The API's clients read JSON errors with a stable code, as the API's own errors.
        codes = {400: "bad_request", 403: "forbidden", 404: "not_found", 500: "server_error"}
        body = {"code": codes[status], "message": reason, "field": None}
        return JsonResponse(body, status=status)
    context = {"status": status, "title": titles[status], "reason": reason}
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return error_page(request, 400, _reason(exception, "Yêu cầu gửi lên không đọc được."))


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return error_page(request, 403, _reason(exception, "Bạn không có quyền xem hoặc làm việc này."))


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    fallback = "Trang hoặc nội dung này không có, hoặc nằm ngoài phạm vi của bạn."
    return error_page(request, 404, _reason(exception, fallback))


# Seconds a client is asked to wait before trying again when the database is busy.
RETRY_AFTER = 5
BUSY = "Hệ thống đang bận, vui lòng thử lại sau ít giây."
# Lock waits that gave up: SQLite's busy timeout ran out while another writer held the lock;
# on PostgreSQL a lock timeout, a deadlock or a serialization failure. The request did no
# harm and the same request a moment later usually succeeds.
BUSY_SQLSTATES = {"55P03", "40P01", "40001"}


def is_busy(error: BaseException | None) -> bool:
    if not isinstance(error, OperationalError):
        return False
    if "database is locked" in str(error) or "database table is locked" in str(error):
        return True
    return getattr(error.__cause__, "sqlstate", None) in BUSY_SQLSTATES


def busy(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After, in Vietnamese (JSON for the API), instead of a server error."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"code": "busy", "message": BUSY, "field": None}, status=503
        )
    else:
        reason = (
            f"{BUSY} Nếu bạn vừa gửi biểu mẫu, hãy mở lại trang để xem đã lưu chưa rồi gửi lại."
        )
        # Rendered without the context processors, which would ask the busy database.
        html = render_to_string(
            "error.html", {"status": 503, "title": "Hệ thống đang bận", "reason": reason}
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    # Reached for errors outside a view too (a middleware saving the session, say).
    if is_busy(sys.exc_info()[1]):
        return busy(request)
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

"""The API's errors: always JSON `{"code", "message", "field"}` in Vietnamese, never a trace.

`code` is stable (clients branch on it); `message` is for a person; `field` names the parameter
or body field at fault, or is null.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from danvan.core import views as core_views
from danvan.core.errors import ActionError
from danvan.reporting.actions import Conflict, ReportError

log = logging.getLogger("danvan.api")


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


class ApiError(Exception):
    """An answer other than success, with its HTTP status and stable code."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field


def error_response(status: int, code: str, message: str, field: str | None = None) -> JsonResponse:
    response = JsonResponse({"code": code, "message": message, "field": field}, status=status)
    return response


# What each pydantic error type means, in Vietnamese.
_VALIDATION_MESSAGES = {
    "missing": "Thiếu giá trị bắt buộc.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "bool_parsing": "Phải là true hoặc false.",
    "bool_type": "Phải là true hoặc false.",
    "string_type": "Phải là chuỗi ký tự.",
    "date_parsing": "Ngày phải viết dạng YYYY-MM-DD.",
    "date_from_datetime_parsing": "Ngày phải viết dạng YYYY-MM-DD.",
    "datetime_parsing": "Thời điểm phải viết dạng ISO 8601, vd. 2021-03-31T00:00:00+07:00.",
    "datetime_from_date_parsing": "Thời điểm phải viết dạng ISO 8601.",
    "greater_than_equal": "Giá trị quá nhỏ.",
    "less_than_equal": "Giá trị quá lớn.",
    "greater_than": "Giá trị quá nhỏ.",
    "less_than": "Giá trị quá lớn.",
    "string_too_long": "Chuỗi quá dài.",
    "string_too_short": "Chuỗi quá ngắn.",
    "list_type": "Phải là một danh sách.",
    "dict_type": "Phải là một đối tượng JSON.",
    "model_attributes_type": "Phải là một đối tượng JSON.",
    "json_invalid": "Nội dung không phải JSON hợp lệ.",
    "enum": "Giá trị không nằm trong danh sách cho phép.",
    "literal_error": "Giá trị không nằm trong danh sách cho phép.",
    "extra_forbidden": "Trường này không được dùng.",
}


def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    first: dict[str, Any] = exc.errors[0] if exc.errors else {}
    loc = [str(part) for part in first.get("loc", ())]
    # loc starts with where the value came from ("query", "body", "path"); then the schema's
    # own name for a body; the rest is the field.
    parts = [p for p in loc[1:] if p not in {"payload", "body"}]
    message = _VALIDATION_MESSAGES.get(first.get("type", ""), "Giá trị không hợp lệ.")
    return error_response(422, "invalid", message, ".".join(parts) or None)


def install(api: Any) -> None:
    """Answers every failure the API can meet, in the one shape."""

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(exc.status, exc.code, exc.message, exc.field)

    api.exception_handler(NinjaValidationError)(_validation)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(
            401,
            "unauthenticated",
            "Cần đăng nhập hoặc gửi mã truy cập: Authorization: Bearer <mã>.",
        )

    @api.exception_handler(Throttled)
    def _throttled(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(429, "rate_limited", "Gửi quá nhiều yêu cầu; thử lại sau ít phút.")

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(404, "not_found", "Không tìm thấy trong phạm vi của bạn.")

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = str(exc) or "Bạn không có quyền thực hiện thao tác này."
        return error_response(403, "forbidden", message)

    @api.exception_handler(Conflict)
    def _conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
        return error_response(
            409, "conflict", "Báo cáo vừa được người khác lưu; tải lại rồi làm lại.", "version"
        )

    @api.exception_handler(ReportError)
    def _refused(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(400, "refused", str(exc))

    @api.exception_handler(ActionError)
    def _action_refused(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(400, "refused", str(exc))

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 403:  # the session's CSRF check
            return error_response(
                403,
                "csrf_failed",
                "Thiếu hoặc sai mã CSRF (header X-CSRFToken) cho phiên đăng nhập.",
            )
        if exc.status_code == 400:
            return error_response(400, "bad_request", "Yêu cầu không đọc được.")
        return error_response(exc.status_code, "error", "Yêu cầu không thực hiện được.")

    @api.exception_handler(Exception)
    def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        if core_views.is_busy(exc):  # a lock wait that gave up: try again, not a server error
            return core_views.busy(request)
        log.exception("API error on %s %s", request.method, request.path)
        return error_response(500, "server_error", "Lỗi máy chủ; đã ghi lại để xử lý.")

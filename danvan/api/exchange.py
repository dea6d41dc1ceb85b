"""Exchange between danvan servers: a province's server sends its approved consolidated
figures and narrative for a period (`danvan exchange push`), and this server records them as
that province's report, in its own units. See `danvan.reporting.interchange`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from danvan.api import schemas as s
from danvan.api.auth import acting_user
from danvan.api.errors import ApiError
from danvan.api.resources import ERRORS, report_out
from danvan.reporting import interchange

router = Router()


class ProvinceIn(Schema):
    code: str
    name: str = ""
    at: str


class ExchangeValueIn(Schema):
    indicator: str
    breakdown: str = ""
    value: str


class ExchangeIn(Schema):
    format: str
    province: ProvinceIn
    form: str
    period: str
    values: list[ExchangeValueIn]
    narrative: dict[str, str] = {}


class ExchangeOut(Schema):
    report: s.ReportOut
    changed: bool
    submitted: bool
    issues: list[str]


@router.post(
    "/exchange",
    response={200: ExchangeOut, **ERRORS},
    tags=["Trao đổi giữa máy chủ"],
    summary="Nhận số liệu tổng hợp đã phê duyệt và nội dung báo cáo của một tỉnh từ máy chủ của"
    " tỉnh (mã cần quyền nhập liệu của tỉnh đó); gửi lại đúng dữ liệu cũ thì không thay đổi gì",
)
def receive(request: HttpRequest, payload: ExchangeIn) -> dict[str, Any]:
    try:
        recorded = interchange.record_payload(payload.dict(), acting_user=acting_user(request))
    except interchange.ExchangeError as error:
        raise ApiError(422, "invalid", str(error)) from None
    return {
        "report": report_out(recorded.report),
        "changed": recorded.changed,
        "submitted": recorded.submitted,
        "issues": recorded.issues,
    }

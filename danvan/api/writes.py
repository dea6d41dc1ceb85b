"""The API's writes: the same action functions the pages call, with their checks.

A read-only token never gets here (the authentication refuses its writes with a 403).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from danvan.api import schemas as s
from danvan.api.auth import acting_user
from danvan.api.errors import ApiError
from danvan.api.resources import ERRORS, report_detail, report_out, task_out, tasks_with_details
from danvan.directives.actions import post_task_progress
from danvan.orgs.models import Organization
from danvan.reporting import access as report_access
from danvan.reporting import actions
from danvan.reporting.models import Report

router = Router()


def _report(request: HttpRequest, report_id: int) -> Report:
    return report_access.get_report_for_user(acting_user(request), report_id)


class NarrativeIn(s.VersionIn):
    narrative: dict[str, str]


@router.put(
    "/reports/{report_id}/narrative",
    response={200: s.ReportDetailOut, **ERRORS},
    tags=["Báo cáo"],
    summary="Ghi các phần nội dung của báo cáo (nháp), như ô nhập trên trang",
)
def put_narrative(request: HttpRequest, report_id: int, payload: NarrativeIn) -> dict[str, Any]:
    report = _report(request, report_id)
    saved = actions.save_report(
        report, values=None, narrative=payload.narrative,
        version=payload.version, acting_user=acting_user(request), source="api",
    )  # fmt: skip
    return report_detail(request, saved)


@router.post(
    "/reports/{report_id}/submit",
    response={200: s.SubmitOut, **ERRORS},
    tags=["Báo cáo"],
    summary="Gửi báo cáo lên cấp trên (kiểm tra như trên trang; lỗi hoặc cảnh báo chưa giải trình"
    " thì không gửi)",
)
def submit(request: HttpRequest, report_id: int, payload: s.SubmitIn) -> dict[str, Any]:
    report = _report(request, report_id)
    result = actions.submit_report(
        report,
        values=actions.stored_values(report),
        narrative=report.narrative,
        version=payload.version if payload.version is not None else report.version,
        warning_note=payload.warning_note,
        acting_user=acting_user(request),
        source="api",
    )
    return {
        "submitted": result.submitted,
        "report": report_out(result.report),
        "issues": [{"message": i.message, "is_error": i.is_error} for i in result.issues],
    }


@router.post(
    "/reports/{report_id}/return",
    response={200: s.ReportOut, **ERRORS},
    tags=["Báo cáo"],
    summary="Trả lại báo cáo đã gửi cho đơn vị, kèm lý do",
)
def return_(request: HttpRequest, report_id: int, payload: s.ReasonIn) -> dict[str, Any]:
    report = _report(request, report_id)
    done = actions.return_report(
        report, payload.reason, payload.version, acting_user=acting_user(request)
    )
    return report_out(done)


@router.post(
    "/reports/{report_id}/approve",
    response={200: s.ReportOut, **ERRORS},
    tags=["Báo cáo"],
    summary="Phê duyệt báo cáo đã gửi",
)
def approve(request: HttpRequest, report_id: int, payload: s.CommentIn) -> dict[str, Any]:
    report = _report(request, report_id)
    done = actions.approve_report(
        report, payload.comment, payload.version, acting_user=acting_user(request)
    )
    return report_out(done)


@router.post(
    "/reports/{report_id}/reopen",
    response={200: s.ReportOut, **ERRORS},
    tags=["Báo cáo"],
    summary="Mở lại báo cáo đã phê duyệt để đơn vị sửa, kèm lý do",
)
def reopen(request: HttpRequest, report_id: int, payload: s.ReasonIn) -> dict[str, Any]:
    report = _report(request, report_id)
    done = actions.reopen_report(
        report, payload.reason, payload.version, acting_user=acting_user(request)
    )
    return report_out(done)


@router.post(
    "/tasks/{task_id}/progress",
    response={200: s.ProgressOut, **ERRORS},
    tags=["Cơ sở"],
    summary="Cơ quan được giao báo cáo tiến độ nhiệm vụ (100% là hoàn thành)",
)
def task_progress(request: HttpRequest, task_id: int, payload: s.ProgressIn) -> dict[str, Any]:
    user = acting_user(request)
    task = tasks_with_details(user).filter(pk=task_id).first()
    if task is None:
        raise ApiError(404, "not_found", "Không tìm thấy nhiệm vụ trong phạm vi của bạn.")
    organization = Organization.objects.filter(pk=payload.organization).first()
    if organization is None:
        raise ApiError(404, "not_found", "Không có tổ chức này.", "organization")
    update = post_task_progress(task, organization, payload.percent, payload.text, acting_user=user)
    fresh = tasks_with_details(user).get(pk=task.pk)
    return {
        "task": task_out(fresh),
        "percent": update.percent,
        "text": update.text,
        "at": update.at,
    }

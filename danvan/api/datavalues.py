"""Data values in a DHIS2-like `dataValueSets` shape, over `danvan.reporting.exchange`.

Reading: `GET /dataValueSets?period=…&under=…` pages of values (JSON, in id order, each page
giving its `next`) or the whole set as CSV.
Writing: `POST /dataValueSets` with `{"dataValues": [...]}` (JSON) or a CSV body; all rows or
none, every wrong row named; `dryRun=true` checks without writing; an `Idempotency-Key` header
makes a retry of the same request return the first answer without writing twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from operator import itemgetter
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Header, Query, Router

from danvan.api import schemas as s
from danvan.api.auth import acting_user
from danvan.api.common import PageParams, paginate, period_of, unit_in_scope
from danvan.api.errors import ApiError, ErrorOut
from danvan.api.models import IdempotentAnswer
from danvan.core.downloads import CSV, download
from danvan.geo.models import current_paths
from danvan.reporting import exchange
from danvan.reporting.models import (
    CategoryOption,
    DataValue,
    Indicator,
    Report,
    ReportForm,
    status_code,
)

router = Router()

MAX_PAGE_SIZE = 10_000
# DHIS2's names for the exchange file's columns.
DHIS2 = {
    "indicator": "dataElement",
    "period": "period",
    "unit": "orgUnit",
    "organization": "organization",
    "breakdown": "categoryOptionCombo",
    "value": "value",
    "status": "status",
}
FROM_DHIS2 = {v: k for k, v in DHIS2.items()}


DataValuePage = s.page_of(s.DataValueOut, "dataValues")


class ImportErrorOut(ErrorOut):
    rows: int
    errors: list[s.RowError]


class ExportParams(PageParams):
    period: str
    under: str | None = None
    form: str | None = None
    in_current_units: bool = False
    updated_since: dt.datetime | None = Field(
        None,
        description="Chỉ số liệu của các báo cáo được ghi (lưu, nhập, chuyển bước) từ thời điểm "
        "này; một báo cáo được ghi thì gửi lại cả bộ số liệu của nó.",
    )
    page_size: int = 1000


@router.get(
    "/dataValueSets",
    response={200: DataValuePage, frozenset({400, 401, 403, 404, 422, 429}): ErrorOut},
    tags=["Số liệu"],
    summary="Số liệu báo cáo trong một kỳ, dạng dataValueSets (JSON theo trang; format=csv: cả bộ)",
    openapi_extra={"responses": {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}},
)
def export(request: HttpRequest, params: Query[ExportParams], format: str = "json") -> Any:
    user = acting_user(request)
    period = period_of(params.period)
    paths: list[str] | None = None
    if params.under:
        unit = unit_in_scope(user, params.under, None if params.in_current_units else period.end)
        paths = current_paths(unit) if params.in_current_units else [unit.path]
    form = None
    if params.form:
        form = ReportForm.objects.filter(code=params.form).first()
        if form is None:
            raise ApiError(404, "not_found", f"Không có mẫu báo cáo mã “{params.form}”.", "form")
    # Without `under`, everything the user sees (their scope is applied below either way).
    if format == "csv":
        values = exchange.export_values(period, paths or [""], user=user, form=form)
        if params.updated_since:
            values = values.filter(report__updated_at__gte=params.updated_since)
        return download(exchange.write_csv([exchange.row_of(v) for v in values]), CSV,
                        f"so-lieu-{period.code}.csv")  # fmt: skip
    if format != "json":
        raise ApiError(422, "invalid", "format là json hoặc csv.", "format")
    reports = exchange.reports_in(period, paths or [""], user=user, form=form)
    if params.updated_since:
        reports = reports.filter(updated_at__gte=params.updated_since)
    values = DataValue.objects.filter(report__in=reports.values("pk")).values_list(
        "pk", "report_id", "indicator_id", "option_id", "value"
    )
    page = paginate(
        request, values, params, _named, max_size=MAX_PAGE_SIZE, results="dataValues",
        last_id=itemgetter(0),
    )  # fmt: skip
    return JsonResponse(page)


def _named(page: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """A page of values (id, report, indicator, option, value) in the `dataValues` shape.

    The values are read without joins, then named from small dictionaries of the page's
    reports, indicators and options: four queries a page, whatever its size. The rows are
    written straight to JSON: they are plain strings already, so the response schema's
    validation (the same shape, fuzzed against the schema in the tests) would only repeat
    the work."""
    if not page:
        return []
    named = {
        pk: (period, unit, organization, status_code(status, reopened))
        for pk, period, unit, organization, status, reopened in Report.objects.filter(
            pk__in={row[1] for row in page}
        ).values_list("pk", "period", "unit__code", "organization__name", "status", "reopened")
    }
    codes = dict(
        Indicator.objects.filter(pk__in={row[2] for row in page}).values_list("pk", "code")
    )
    options = {row[3] for row in page if row[3] is not None}
    option_codes = (
        dict(CategoryOption.objects.filter(pk__in=options).values_list("pk", "code"))
        if options
        else {}
    )
    machine = exchange.machine
    out = []
    for _pk, report_id, indicator_id, option_id, value in page:
        period, unit, organization, status = named[report_id]
        out.append(
            {
                "dataElement": codes[indicator_id],
                "period": period,
                "orgUnit": unit,
                "organization": organization,
                "categoryOptionCombo": option_codes[option_id] if option_id else None,
                "value": machine(value),
                "status": status,
            }
        )
    return out


def _rows(request: HttpRequest) -> tuple[list[dict[str, str]], int]:
    """The rows of the body and the number of its first row: JSON `{"dataValues": […]}` (rows
    counted from 1) or CSV with DHIS2's or danvan's column names (from line 2)."""
    try:
        text = request.body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiError(400, "bad_request", "Nội dung không phải văn bản UTF-8.") from None
    if request.content_type == "text/csv":
        reader = csv.DictReader(io.StringIO(text))
        names = [FROM_DHIS2.get(n.strip(), n.strip()) for n in reader.fieldnames or []]
        missing = [c for c in exchange.COLUMNS[:-1] if c not in names]
        if missing:
            wanted = ", ".join(DHIS2[c] for c in exchange.COLUMNS[:-1])
            raise ApiError(422, "invalid", f"Tệp CSV thiếu cột; cần có: {wanted}.", "body")
        rows = [
            {name: value or "" for name, value in zip(names, raw.values(), strict=False)}
            for raw in reader
        ]
        return rows, 2
    try:
        # Decimals stay exact strings: a figure never passes through a float.
        data = json.loads(text, parse_float=str)
    except json.JSONDecodeError as error:
        raise ApiError(422, "invalid", f"JSON hỏng ở dòng {error.lineno}: {error.msg}.") from None
    values = data.get("dataValues") if isinstance(data, dict) else None
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise ApiError(422, "invalid", 'Cần một đối tượng {"dataValues": [...]}.', "dataValues")
    rows = [
        {FROM_DHIS2.get(k, k): "" if v is None else str(v) for k, v in value.items()}
        for value in values
    ]
    return rows, 1


def _answer(result: exchange.ImportResult) -> tuple[int, dict[str, Any]]:
    errors = [{"line": line, "message": message} for line, message in result.errors]
    if errors:
        return 409, {
            "code": "rows_invalid",
            "message": f"{len(errors)} dòng sai; không ghi dòng nào. Sửa các dòng được nêu "
            "rồi gửi lại.",
            "field": "dataValues",
            "rows": result.rows,
            "errors": errors,
        }
    return 200, {
        "status": "DRY_RUN" if result.dry_run else "SUCCESS",
        "dryRun": result.dry_run,
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "reports": result.reports,
        "errors": [],
    }


@router.post(
    "/dataValueSets",
    response={
        200: s.ImportOut,
        409: ImportErrorOut,
        frozenset({400, 401, 403, 404, 422, 429}): ErrorOut,
    },
    tags=["Số liệu"],
    summary="Nhập số liệu (tất cả hoặc không; dryRun chỉ kiểm tra; Idempotency-Key chống gửi"
    " trùng)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["dataValues"],
                        "properties": {
                            "dataValues": {
                                "type": "array",
                                "items": s.DataValueIn.model_json_schema(),
                            }
                        },
                    }
                },
                "text/csv": {"schema": {"type": "string"}},
            },
        }
    },
)
def import_(
    request: HttpRequest,
    dryRun: bool = False,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
) -> HttpResponse:
    user = acting_user(request)
    rows, first_line = _rows(request)
    if not idempotency_key or dryRun:
        status, body = _answer(
            exchange.import_rows(rows, user=user, dry_run=dryRun, first_line=first_line)
        )
        return JsonResponse(body, status=status)
    key = idempotency_key.strip()[:200]
    kind = (request.content_type or "").encode()
    fingerprint = hashlib.sha256(kind + b"\n" + request.body).hexdigest()
    stored = IdempotentAnswer.objects.filter(user=user, key=key).first()
    if stored is None:
        try:
            with transaction.atomic():
                status, body = _answer(exchange.import_rows(rows, user=user, first_line=first_line))
                stored = IdempotentAnswer.objects.create(
                    user=user, key=key, request_digest=fingerprint, status=status, body=body
                )
        except IntegrityError:  # the same key sent twice at once: the first one's answer
            stored = IdempotentAnswer.objects.get(user=user, key=key)
    if stored.request_digest != fingerprint:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "Idempotency-Key này đã dùng cho một yêu cầu khác; hãy dùng khóa mới.",
            "Idempotency-Key",
        )
    return JsonResponse(stored.body, status=stored.status)

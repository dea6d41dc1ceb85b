"""The API's read resources: each a thin layer over its app's access gate and QuerySets.

Every list is paginated in id order (`common.paginate`: `after` the last id of the previous
page, each page giving the URL of the `next`; `page` numbers still work), and filters by unit
subtree (`under`, a unit code on the date `at`, or the period's end), by period and by change
time (`updated_since`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from danvan.api import schemas as s
from danvan.api.auth import acting_user
from danvan.api.common import (
    PageParams,
    changed_since,
    paginate,
    period_of,
    subtree,
    unit_in_scope,
)
from danvan.api.errors import ApiError, ErrorOut
from danvan.core.numbers import json_number
from danvan.core.periods import Period, PeriodType
from danvan.core.replica import replica_reads
from danvan.directives import access as directive_access
from danvan.directives.models import Meeting, Task
from danvan.geo.models import AdminUnit, current_paths
from danvan.orgs import access
from danvan.orgs.models import Organization
from danvan.outreach import access as outreach_access
from danvan.outreach.models import PropagandaSession
from danvan.reporting import access as report_access
from danvan.reporting import consolidation
from danvan.reporting.figures import bloc_figures
from danvan.reporting.models import Indicator, Report, ReportForm
from danvan.situation import access as situation_access
from danvan.situation.models import Incident, Recommendation, SituationNote
from danvan.vi import fold
from danvan.vi.ids import mask
from danvan.welfare import access as welfare_access
from danvan.welfare.models import Campaign, Household, NationalIdView

ERRORS: dict[Any, type[Schema]] = {frozenset({400, 401, 403, 404, 409, 422, 429}): ErrorOut}

router = Router()


class ListParams(PageParams):
    under: str | None = None
    at: dt.date | None = None
    period: str | None = None
    updated_since: dt.datetime | None = None

    def day(self, period: Period | None) -> dt.date | None:
        """The date the `under` code is read on: `at`, else the period's end, else today."""
        return self.at or (period.end if period else None)


def _period(params: ListParams) -> Period | None:
    return period_of(params.period) if params.period else None


def _period_codes(period: Period) -> list[str]:
    """The period's code and those of every finer period inside it (2021 → 2021S1, 2021Q3…)."""
    codes: list[str] = []
    for kind in PeriodType:
        if kind.months <= period.type.months and period.type.months % kind.months == 0:
            codes.extend(p.code for p in period.parts(kind))
    return codes


def _in_range(field: str, period: Period | None) -> Q:
    if period is None:
        return Q()
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


# --- administrative units and organizations ----------------------------------------------


def _unit(unit: AdminUnit, parents: dict[int, str]) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "level": unit.level,
        "parent": parents.get(unit.parent_id) if unit.parent_id else None,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
    }


def _units(units: Iterable[AdminUnit]) -> list[dict[str, Any]]:
    units = list(units)
    ids = {u.parent_id for u in units if u.parent_id}
    parents = dict(AdminUnit.objects.filter(pk__in=ids).values_list("pk", "code"))
    return [_unit(u, parents) for u in units]


@router.get(
    "/units",
    response={200: s.page_of(s.UnitOut), **ERRORS},
    tags=["Đơn vị hành chính"],
    summary="Danh sách đơn vị hành chính trong phạm vi, vào một ngày",
)
def list_units(
    request: HttpRequest,
    params: Query[ListParams],
    level: str | None = None,
    q: str | None = None,
) -> dict[str, Any]:
    user = acting_user(request)
    day = params.at or timezone.localdate()
    units = access.units_for_user(user).at(day)
    if params.under:
        units = units.under(unit_in_scope(user, params.under, day))
    if level:
        units = units.filter(level=level)
    if q:
        units = units.filter(name_folded__contains=fold(q))
    return paginate(request, units, params, _units)


@router.get(
    "/units/{code}",
    response={200: s.UnitOut, **ERRORS},
    tags=["Đơn vị hành chính"],
    summary="Một đơn vị theo mã và ngày (mã được dùng lại qua các thời kỳ)",
)
def get_unit(request: HttpRequest, code: str, at: dt.date | None = None) -> dict[str, Any]:
    unit = unit_in_scope(acting_user(request), code, at, "code")
    return _units([unit])[0]


@router.get(
    "/units/{code}/successors",
    response={200: list[s.UnitOut], **ERRORS},
    tags=["Đơn vị hành chính"],
    summary="Các đơn vị hiện nay mà một đơn vị cũ đã nhập vào (đơn vị kế thừa chính trước)",
)
def unit_successors(request: HttpRequest, code: str, at: dt.date) -> list[dict[str, Any]]:
    unit = unit_in_scope(acting_user(request), code, at, "code")
    successors = AdminUnit.objects.filter(predecessions__old=unit).order_by(
        "-predecessions__is_default", "pk"
    )
    return _units(successors)


def _organizations(orgs: Iterable[Organization]) -> list[dict[str, Any]]:
    return [
        {
            "id": o.pk,
            "kind": o.kind,
            "name": o.name,
            "unit": o.admin_unit.code,
            "parent": o.parent_id,
            "valid_from": o.valid_from,
            "valid_to": o.valid_to,
        }
        for o in orgs
    ]


@router.get(
    "/organizations",
    response={200: s.page_of(s.OrganizationOut), **ERRORS},
    tags=["Tổ chức"],
    summary="Tổ chức trong phạm vi",
)
def list_organizations(
    request: HttpRequest, params: Query[ListParams], kind: str | None = None
) -> dict[str, Any]:
    user = acting_user(request)
    orgs = access.organizations_for_user(user).select_related("admin_unit")
    orgs = orgs.filter(subtree(user, params.under, params.at, "admin_unit"))
    if kind:
        orgs = orgs.filter(kind=kind)
    if params.updated_since:
        # Organizations keep no change history (a renamed one is a new row with dates).
        raise ApiError(
            422,
            "invalid",
            "Tổ chức không lưu thời điểm thay đổi; lọc theo valid_from/valid_to thay cho "
            "updated_since.",
            "updated_since",
        )
    return paginate(request, orgs, params, _organizations)


# --- forms, indicators, periods ----------------------------------------------------------


def _indicator(ind: Indicator) -> dict[str, Any]:
    options = [o for o in ind.breakdown() if o is not None]
    return {
        "code": ind.code,
        "name": ind.name,
        "unit": ind.unit,
        "value_type": ind.value_type,
        "aggregation": ind.aggregation,
        "breakdown": [{"code": o.code, "name": o.name} for o in options],
    }


@router.get(
    "/indicators",
    response={200: list[s.IndicatorOut], **ERRORS},
    tags=["Mẫu báo cáo"],
    summary="Các chỉ tiêu và phân tổ của chúng",
)
def list_indicators(request: HttpRequest) -> list[dict[str, Any]]:
    acting_user(request)
    indicators = Indicator.objects.select_related("category").prefetch_related("category__options")
    return [_indicator(i) for i in indicators.order_by("code")]


def _form(form: ReportForm) -> dict[str, Any]:
    return {
        "code": form.code,
        "name": form.name,
        "period_type": form.period_type,
        "org_kinds": form.org_kinds,
        "levels": form.levels,
        "due_days": form.due_days,
        "lock_days": form.lock_days,
        "indicators": [item.indicator.code for item in form.items.all()],
        "narratives": [
            {"code": n.code, "title": n.title, "required": n.required}
            for n in form.narratives.all()
        ],
    }


def _forms() -> Any:
    return ReportForm.objects.filter(active=True).prefetch_related("items__indicator", "narratives")


@router.get(
    "/forms",
    response={200: list[s.FormOut], **ERRORS},
    tags=["Mẫu báo cáo"],
    summary="Các mẫu báo cáo đang dùng",
)
def list_forms(request: HttpRequest) -> list[dict[str, Any]]:
    acting_user(request)
    return [_form(f) for f in _forms()]


@router.get(
    "/forms/{code}",
    response={200: s.FormOut, **ERRORS},
    tags=["Mẫu báo cáo"],
    summary="Một mẫu báo cáo: chỉ tiêu và các phần nội dung",
)
def get_form(request: HttpRequest, code: str) -> dict[str, Any]:
    acting_user(request)
    form = _forms().filter(code=code).first()
    if form is None:
        raise ApiError(404, "not_found", f"Không có mẫu báo cáo mã “{code}”.", "code")
    return _form(form)


def _period_out(period: Period) -> dict[str, Any]:
    return {
        "code": period.code,
        "label": period.label,
        "type": period.type.value,
        "start": period.start,
        "end": period.end,
    }


@router.get(
    "/periods/{code}",
    response={200: s.PeriodOut, **ERRORS},
    tags=["Mẫu báo cáo"],
    summary="Đọc một mã kỳ (2021, 2021S1, 2021Q1, 202101): tên và ngày đầu, ngày cuối",
)
def get_period(request: HttpRequest, code: str) -> dict[str, Any]:
    acting_user(request)
    return _period_out(period_of(code, "code"))


@router.get(
    "/periods/{code}/parts",
    response={200: list[s.PeriodOut], **ERRORS},
    tags=["Mẫu báo cáo"],
    summary="Các kỳ nhỏ hơn trong một kỳ (các quý của một năm…)",
)
def period_parts(request: HttpRequest, code: str, type: PeriodType) -> list[dict[str, Any]]:
    acting_user(request)
    period = period_of(code, "code")
    if type.months > period.type.months or period.type.months % type.months:
        raise ApiError(422, "invalid", "Loại kỳ phải nhỏ hơn hoặc bằng kỳ đã cho.", "type")
    return [_period_out(p) for p in period.parts(type)]


# --- reports and consolidation -----------------------------------------------------------


def report_out(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "form": report.form.code,
        "organization": report.organization_id,
        "organization_name": report.organization.name,
        "unit": report.unit.code,
        "period": report.period,
        "status": report.status,
        "status_label": report.status_label,
        "reopened": report.reopened,
        "version": report.version,
        "submitted_at": report.submitted_at,
        "updated_at": report.updated_at,
    }


def _reports(reports: Iterable[Report]) -> list[dict[str, Any]]:
    return [report_out(r) for r in reports]


@router.get(
    "/reports",
    response={200: s.page_of(s.ReportOut), **ERRORS},
    tags=["Báo cáo"],
    summary="Báo cáo trong phạm vi (lọc theo kỳ, đơn vị, mẫu, trạng thái, thời điểm thay đổi)",
)
def list_reports(
    request: HttpRequest,
    params: Query[ListParams],
    form: str | None = None,
    status: str | None = None,
) -> dict[str, Any]:
    user = acting_user(request)
    period = _period(params)
    reports = report_access.reports_for_user(user).select_related("form", "organization", "unit")
    reports = reports.filter(subtree(user, params.under, params.day(period), "unit"))
    if period:
        reports = reports.filter(period_start__gte=period.start, period_end__lte=period.end)
    if form:
        reports = reports.filter(form__code=form)
    if status:
        reports = reports.filter(status=status)
    if params.updated_since:
        reports = reports.filter(updated_at__gte=params.updated_since)
    return paginate(request, reports, params, _reports)


def report_detail(request: HttpRequest, report: Report) -> dict[str, Any]:
    user = acting_user(request)
    values = report.values.select_related("indicator", "option").order_by(
        "indicator__code", "option__order"
    )
    return {
        **report_out(report),
        "narrative": report.narrative,
        "values": [
            {
                "indicator": v.indicator.code,
                "breakdown": v.option.code if v.option else None,
                "value": json_number(v.value),
            }
            for v in values
        ],
        "events": [
            {
                "kind": e.kind,
                "at": e.at,
                "user": e.user.username if e.user else None,
                "comment": e.comment,
            }
            for e in report.events.select_related("user")
        ],
        "can_enter": report_access.can_enter(user, report.organization),
        "can_return": report_access.can_return(user, report),
        "can_approve": report_access.can_approve(user, report),
    }


@router.get(
    "/reports/{report_id}",
    response={200: s.ReportDetailOut, **ERRORS},
    tags=["Báo cáo"],
    summary="Một báo cáo: trạng thái, số liệu, nội dung, lịch sử",
)
def get_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    report = report_access.get_report_for_user(acting_user(request), report_id)
    return report_detail(request, report)


@router.get(
    "/consolidation",
    response={200: s.ConsolidationOut, **ERRORS},
    tags=["Báo cáo"],
    summary="Số liệu tổng hợp của một đơn vị và cấp dưới trong một kỳ (như trang Tổng hợp)",
)
def get_consolidation(
    request: HttpRequest,
    under: str,
    period: str,
    form: str | None = None,
    org_kind: str | None = None,
    approved_only: bool = False,
    in_current_units: bool = False,
) -> dict[str, Any]:
    # Authenticated on the primary (a token just revoked is refused); the figures are read in
    # the replica, as on the consolidation page.
    user = acting_user(request)
    with replica_reads(request):
        the_period = period_of(period)
        if form:
            the_form = ReportForm.objects.filter(code=form).first()
            if the_form is None:
                raise ApiError(404, "not_found", f"Không có mẫu báo cáo mã “{form}”.", "form")
        else:
            try:
                the_form = consolidation.default_form(the_period)
            except ValueError as error:
                raise ApiError(404, "not_found", str(error), "period") from None
        if the_form.type.months > the_period.type.months:
            raise ApiError(
                422, "invalid", f"Mẫu «{the_form.name}» không tổng hợp được cho kỳ này.", "period"
            )
        day = None if in_current_units else the_period.end
        unit = unit_in_scope(user, under, day)
        paths = current_paths(unit) if in_current_units else [unit.path]
        bloc = bloc_figures(
            the_form, the_period, paths, org_kind=org_kind or None, approved_only=approved_only
        )
        result = bloc.consolidation
        filed = consolidation.tally(the_form, the_period, paths)
        return {
            "form": the_form.code,
            "period": the_period.code,
            "unit": unit.code,
            "approved_only": approved_only,
            "in_current_units": in_current_units,
            "values": result.as_json(),
            "source": bloc.source,
            "recorded": {
                code: {r.source: json_number(r.value) for r in figure.recorded}
                for code, figure in bloc.figures.items()
                if figure.recorded
            },
            "expected": filed.expected,
            "received": filed.received,
        }


# --- welfare -----------------------------------------------------------------------------


def _campaigns(campaigns: Iterable[Campaign]) -> list[dict[str, Any]]:
    return [
        {
            "id": c.pk,
            "name": c.name,
            "kind": c.kind,
            "starts": c.starts,
            "ends": c.ends,
            "organizer": c.organizer_id,
            "unit": c.unit.code,
            "target_groups": c.target_groups,
        }
        for c in campaigns
    ]


@router.get(
    "/campaigns",
    response={200: s.page_of(s.CampaignOut), **ERRORS},
    tags=["Chăm lo"],
    summary="Các đợt chăm lo trong phạm vi",
)
def list_campaigns(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    user = acting_user(request)
    period = _period(params)
    campaigns = welfare_access.campaigns_for_user(user).select_related("unit")
    campaigns = campaigns.filter(subtree(user, params.under, params.day(period), "unit"))
    if period:
        campaigns = campaigns.filter(starts__lte=period.end, ends__gte=period.start)
    if params.updated_since:
        campaigns = campaigns.filter(changed_since(Campaign, params.updated_since))
    return paginate(request, campaigns, params, _campaigns)


@router.get(
    "/campaigns/{campaign_id}",
    response={200: s.CampaignOut, **ERRORS},
    tags=["Chăm lo"],
    summary="Một đợt chăm lo",
)
def get_campaign(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    return _campaigns([welfare_access.get_campaign_for_user(acting_user(request), campaign_id)])[0]


def _households(households: Iterable[Household], full: bool = False) -> list[dict[str, Any]]:
    return [
        {
            "id": h.pk,
            "head_name": h.head_name,
            "birth_year": h.birth_year,
            "sex": h.sex,
            "national_id": h.national_id if full else mask(h.national_id),
            "national_id_full": full,
            "phone": h.phone,
            "commune": h.commune.code,
            "village": h.village,
            "members": h.members,
            "groups": [g.group for g in h.groups.all()],
            "created_at": h.created_at,
        }
        for h in households
    ]


@router.get(
    "/households",
    response={200: s.page_of(s.HouseholdOut), **ERRORS},
    tags=["Chăm lo"],
    summary="Sổ hộ trong phạm vi (số CCCD luôn che một phần trong danh sách)",
    description="`updated_since` lọc theo thời điểm ghi hộ vào sổ.",
)
def list_households(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    user = acting_user(request)
    households = (
        welfare_access.households_for_user(user)
        .filter(merged_into__isnull=True)
        .select_related("commune")
        .prefetch_related("groups")
    )
    households = households.filter(subtree(user, params.under, params.at, "commune"))
    if params.updated_since:
        households = households.filter(created_at__gte=params.updated_since)
    return paginate(request, households, params, _households)


@router.get(
    "/households/{household_id}",
    response={200: s.HouseholdOut, **ERRORS},
    tags=["Chăm lo"],
    summary="Một hộ; show_national_id=true cho số CCCD đầy đủ (vai trò được phép; có ghi nhật ký)",
)
def get_household(
    request: HttpRequest, household_id: int, show_national_id: bool = False
) -> dict[str, Any]:
    user = acting_user(request)
    household = welfare_access.get_household_for_user(user, household_id)
    if show_national_id:
        if not welfare_access.can_see_national_id(user):
            raise ApiError(
                403,
                "forbidden",
                "Vai trò của bạn không được xem số CCCD đầy đủ.",
                "show_national_id",
            )
        # Logged as on the household's page: who saw the full number, and when.
        NationalIdView.objects.create(household=household, user=user)
    return _households([household], full=show_national_id)[0]


# --- field work: sessions, incidents, notes, recommendations, meetings, tasks ------------


def _sessions(sessions: Iterable[PropagandaSession]) -> list[dict[str, Any]]:
    return [
        {
            "id": x.pk,
            "held_on": x.held_on,
            "organization": x.organization_id,
            "unit": x.unit.code,
            "village": x.village,
            "topics": [t.code for t in x.topics.all()],
            "format": x.format,
            "audience": x.audience,
            "language": x.language,
            "in_key_area": x.in_key_area,
        }
        for x in sessions
    ]


@router.get(
    "/sessions",
    response={200: s.page_of(s.SessionOut), **ERRORS},
    tags=["Cơ sở"],
    summary="Các buổi tuyên truyền",
)
def list_sessions(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    user = acting_user(request)
    period = _period(params)
    rows = outreach_access.sessions_for_user(user).select_related("unit")
    rows = rows.prefetch_related("topics").filter(_in_range("held_on", period))
    rows = rows.filter(subtree(user, params.under, params.day(period), "unit"))
    rows = rows.filter(changed_since(PropagandaSession, params.updated_since))
    return paginate(request, rows, params, _sessions)


def _incident(x: Incident) -> dict[str, Any]:
    return {
        "id": x.pk,
        "title": x.title,
        "category": x.category.code,
        "unit": x.unit.code,
        "place": x.place,
        "occurred_on": x.occurred_on,
        "reported_on": x.reported_on,
        "severity": x.severity,
        "status": x.status,
        "deadline": x.deadline,
        "confidential": x.confidential,
        "last_update_on": x.last_update_on,
    }


@router.get(
    "/incidents",
    response={200: s.page_of(s.IncidentOut), **ERRORS},
    tags=["Cơ sở"],
    summary="Vụ việc (vụ mật chỉ với vai trò được xem, như trên trang)",
)
def list_incidents(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    user = acting_user(request)
    period = _period(params)
    rows = situation_access.incidents_for_user(user).select_related("unit", "category")
    rows = rows.filter(_in_range("reported_on", period))
    rows = rows.filter(subtree(user, params.under, params.day(period), "unit"))
    rows = rows.filter(changed_since(Incident, params.updated_since))

    def convert(items: Iterable[Incident]) -> list[dict[str, Any]]:
        return [_incident(x) for x in items]

    return paginate(request, rows, params, convert)


@router.get(
    "/incidents/{incident_id}",
    response={200: s.IncidentDetailOut, **ERRORS},
    tags=["Cơ sở"],
    summary="Một vụ việc và diễn biến",
)
def get_incident(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    x = situation_access.get_incident_for_user(acting_user(request), incident_id)
    return {
        **_incident(x),
        "summary": x.summary,
        "organizations": [o.pk for o in x.organizations.all()],
        "updates": [
            {"on": u.on, "text": u.text, "status_from": u.status_from, "status_to": u.status_to}
            for u in x.updates.all()
        ],
    }


def _notes(notes: Iterable[SituationNote]) -> list[dict[str, Any]]:
    return [
        {
            "id": n.pk,
            "organization": n.organization_id,
            "unit": n.unit.code,
            "period": n.period,
            "topics": [t.code for t in n.topics.all()],
            "text": n.text,
        }
        for n in notes
    ]


@router.get(
    "/notes",
    response={200: s.page_of(s.NoteOut), **ERRORS},
    tags=["Cơ sở"],
    summary="Tình hình tư tưởng, dư luận",
)
def list_notes(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    user = acting_user(request)
    period = _period(params)
    rows = situation_access.notes_for_user(user).select_related("unit").prefetch_related("topics")
    if period:
        rows = rows.filter(period__in=_period_codes(period))
    rows = rows.filter(subtree(user, params.under, params.day(period), "unit"))
    rows = rows.filter(changed_since(SituationNote, params.updated_since))
    return paginate(request, rows, params, _notes)


def _recommendations(rows: Iterable[Recommendation]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.pk,
            "organization": r.organization_id,
            "unit": r.unit.code,
            "addressee": r.addressee,
            "addressee_name": r.addressee_name,
            "sent_on": r.sent_on,
            "text": r.text,
            "answer": r.answer,
            "answered_on": r.answered_on,
            "status": r.status,
        }
        for r in rows
    ]


@router.get(
    "/recommendations",
    response={200: s.page_of(s.RecommendationOut), **ERRORS},
    tags=["Cơ sở"],
    summary="Tham mưu, đề xuất và trả lời",
)
def list_recommendations(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    user = acting_user(request)
    period = _period(params)
    rows = situation_access.recommendations_for_user(user).select_related("unit")
    rows = rows.filter(_in_range("sent_on", period))
    rows = rows.filter(subtree(user, params.under, params.day(period), "unit"))
    rows = rows.filter(changed_since(Recommendation, params.updated_since))
    return paginate(request, rows, params, _recommendations)


def _meetings(rows: Iterable[Meeting]) -> list[dict[str, Any]]:
    return [
        {
            "id": m.pk,
            "title": m.title,
            "unit": m.unit.code,
            "organization": m.organization_id,
            "held_on": m.held_on,
            "chair": m.chair,
            "period": m.period,
            "conclusions": m.conclusions,
        }
        for m in rows
    ]


@router.get(
    "/meetings",
    response={200: s.page_of(s.MeetingOut), **ERRORS},
    tags=["Cơ sở"],
    summary="Hội nghị giao ban",
)
def list_meetings(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    user = acting_user(request)
    period = _period(params)
    rows = directive_access.meetings_for_user(user).select_related("unit")
    rows = rows.filter(_in_range("held_on", period))
    rows = rows.filter(subtree(user, params.under, params.day(period), "unit"))
    rows = rows.filter(changed_since(Meeting, params.updated_since))
    return paginate(request, rows, params, _meetings)


def task_out(t: Task) -> dict[str, Any]:
    return {
        "id": t.pk,
        "meeting": t.meeting_id,
        "title": t.title,
        "owners": [o.pk for o in t.owners.all()],
        "deadline": t.deadline,
        "done_on": t.done_on,
        "percent": t.last_percent,
    }


def tasks_with_details(user: Any) -> Any:
    return directive_access.tasks_for_user(user).prefetch_related("owners", Prefetch("updates"))


@router.get(
    "/tasks",
    response={200: s.page_of(s.TaskOut), **ERRORS},
    tags=["Cơ sở"],
    summary="Nhiệm vụ sau hội nghị (lọc theo hạn trong kỳ)",
)
def list_tasks(
    request: HttpRequest, params: Query[ListParams], open_only: bool = False
) -> dict[str, Any]:
    user = acting_user(request)
    period = _period(params)
    rows = tasks_with_details(user).filter(_in_range("deadline", period))
    rows = rows.filter(subtree(user, params.under, params.day(period), "meeting__unit"))
    rows = rows.filter(changed_since(Task, params.updated_since))
    if open_only:
        rows = rows.filter(done_on__isnull=True)

    def convert(items: Iterable[Task]) -> list[dict[str, Any]]:
        return [task_out(t) for t in items]

    return paginate(request, rows, params, convert)


@router.get(
    "/tasks/{task_id}",
    response={200: s.TaskOut, **ERRORS},
    tags=["Cơ sở"],
    summary="Một nhiệm vụ và tiến độ gần nhất",
)
def get_task(request: HttpRequest, task_id: int) -> dict[str, Any]:
    task = tasks_with_details(acting_user(request)).filter(pk=task_id).first()
    if task is None:
        raise ApiError(404, "not_found", "Không tìm thấy nhiệm vụ trong phạm vi của bạn.")
    return task_out(task)

"""Report pages: the officer's list, entry on a phone, the decision above, consolidation,
completeness, compiled narratives, and the exchange of values as files."""

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from danvan.core import params, uploads
from danvan.core.downloads import CSV, JSON, XLSX, download
from danvan.core.http import posted_version
from danvan.core.pagecache import kept_page
from danvan.core.periods import Period
from danvan.core.registry import figure_sources
from danvan.core.replica import reads_from_replica
from danvan.jobs.actions import find_open, start_job
from danvan.jobs.models import JobKind
from danvan.jobs.uploads import keep_upload
from danvan.orgs.access import signed_in_user
from danvan.orgs.models import OrgKind
from danvan.reporting import access, actions, consolidation, exchange, workbook
from danvan.reporting.figures import bloc_figures
from danvan.reporting.models import (
    RECEIVED,
    EventKind,
    FormItem,
    Indicator,
    Report,
    ReportForm,
    ReportStatus,
    ValueType,
)
from danvan.reporting.scopes import OpenPeriod, open_periods, period_to_open, scope_from
from danvan.reporting.structure import structure
from danvan.reporting.validation import (
    EntryCell,
    Issue,
    Values,
    entry_cells,
    field_name,
    read_values,
    show,
)
from danvan.reporting.worklist import WAITING_PARAM, WAITING_VALUE
from danvan.vi.dates import parse_date

STATE_FILTERS = {
    "missing": "Chưa nộp",
    "late": "Nộp muộn",
    "on_time": "Đúng hạn",
    "all": "Tất cả",
}


# Report.version of a report nobody has saved since it was opened.
FIRST_VERSION = 1


def report_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = timezone.localdate()
    entry = access.entry_organizations(user)
    forms = list(ReportForm.objects.filter(active=True))
    openable = []
    received: dict[tuple[int, int], set[str]] = {}
    for org_id, form_id, code in Report.objects.filter(
        organization__in=entry, status__in=RECEIVED
    ).values_list("organization_id", "form_id", "period"):
        received.setdefault((org_id, form_id), set()).add(code)
    late: dict[tuple[int, int], dict[str, dt.date]] = {}
    for org_id, form_id, code, last in Report.objects.filter(
        organization__in=entry, status=ReportStatus.DRAFT, late_entry_until__gte=today
    ).values_list("organization_id", "form_id", "period", "late_entry_until"):
        if last is not None:  # never, by the filter; for the type checker
            late.setdefault((org_id, form_id), {})[code] = last
    for org in entry:
        live = org.valid_to is None or org.valid_to >= today
        until = today if live or org.valid_to is None else org.valid_to
        for form in forms:
            if form.applies_to(org):
                sent = received.get((org.pk, form.pk), set())
                now_open = open_periods(
                    form, today, sent, late.get((org.pk, form.pk), {}), last_day=until
                )
                # What the unit is expected to file: the newest period open for entry (the one
                # under way, unless it is in); when none is, a locked one to ask to file late.
                period = (
                    now_open[0].period if now_open else period_to_open(form, until, sent, live=live)
                )
                if period is not None:  # an ended organization with every report in: none
                    openable.append((org, form, period, _open_hint(now_open)))
    mine = (
        Report.objects.filter(organization__in=entry)
        .select_related("form", "organization")
        .order_by("-period_start", "form__code")[:20]
    )
    # "Waiting for me" is the home page's queue in full, so that its count is this list's:
    # without it the sent reports include those another level (or another kind) decides.
    waiting_only = request.GET.get(WAITING_PARAM) == WAITING_VALUE
    reports = access.waiting_for(user) if waiting_only else access.reports_for_user(user)
    reports = reports.select_related("form", "organization", "unit")
    status = request.GET.get("status", "submitted")
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    period_code = request.GET.get("period", "").strip()
    period_error = ""
    if period_code:
        try:
            reports = reports.filter(period=Period.parse(period_code).code)
        except ValueError as error:
            period_error = str(error)
    page = Paginator(reports.order_by("-period_start", "unit__sort_name", "org_kind"), 30).get_page(
        request.GET.get("page")
    )
    # A box to tick, and the button, only for the reports the user may approve: the bulk
    # approval asks the same gate report by report.
    rows = [(r, r.status == ReportStatus.SUBMITTED and access.can_approve(user, r)) for r in page]
    return render(
        request,
        "reporting/report_list.html",
        {
            "openable": openable,
            "mine": mine,
            "page": page,
            "rows": rows,
            "can_approve_some": any(approvable for _, approvable in rows),
            "status": status,
            # The filter's "returned" also finds the reopened ones (the same status).
            "statuses": [
                (value, "Bị trả lại hoặc mở lại" if value == ReportStatus.RETURNED else label)
                for value, label in ReportStatus.choices
            ],
            "period": period_code,
            "period_error": period_error,
            "decides": access.decides_any(user),
            "waiting_only": waiting_only,
        },
    )


def _open_hint(now_open: list[OpenPeriod]) -> str:
    if not now_open:
        return (
            "Không còn kỳ nào đang mở để nhập; kỳ đã khóa chỉ nộp được khi cấp trên "
            "cho nộp bổ sung."
        )
    return "Kỳ đang mở: " + ", ".join(p.text() for p in now_open) + "."


@require_POST
def report_approve_many(request: HttpRequest) -> HttpResponse:
    """Approve the ticked reports, each with the same checks as alone (the right to approve it,
    its state, its version); says which were approved and why the others were not."""
    user = signed_in_user(request)
    ids = [
        int(raw)
        for raw in request.POST.getlist("report")
        if raw.isascii() and raw.isdigit() and int(raw) <= params.BIGINT_MAX
    ]
    reports = (
        access.reports_for_user(user)
        .filter(pk__in=ids)
        .select_related("form", "organization", "unit")
    )
    approved, refused = [], []
    for report in reports:
        try:
            actions.approve_report(report, version=report.version, acting_user=user)
            approved.append(report.organization.name)
        except (PermissionDenied, actions.ReportError) as error:
            refused.append(f"{report.organization.name}: {error}")
    if approved:
        messages.success(request, f"Đã phê duyệt {len(approved)} báo cáo: {', '.join(approved)}.")
    for text in refused:
        messages.error(request, f"Chưa phê duyệt {text}")
    if not approved and not refused:
        messages.info(request, "Chưa chọn báo cáo nào để phê duyệt.")
    return redirect(f"{reverse('report-list')}?status=submitted")


@require_POST
def report_open(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = get_object_or_404(ReportForm, code=request.POST.get("form", ""))
    org = next(
        (o for o in access.entry_organizations(user) if str(o.pk) == request.POST.get("org")),
        None,
    )
    if org is None:
        raise PermissionDenied("Bạn không có quyền nhập báo cáo cho tổ chức này.")
    try:
        period = Period.parse(request.POST.get("period", ""))
        report = actions.open_report(form, org, period, acting_user=user)
    except (ValueError, actions.ReportError) as error:
        messages.error(request, str(error))
        return redirect("report-list")
    return redirect("report-detail", pk=report.pk)


@dataclass
class Field:
    name: str
    label: str
    indicator: Indicator
    text: str
    error: str = ""
    warning: str = ""
    required: bool = False
    # A required indicator with a breakdown is marked once, on its first box: one of its
    # groups filled (0 for none) is what sending asks.
    any_group: bool = False
    suggestion: str = ""

    @property
    def is_boolean(self) -> bool:
        return self.indicator.value_type == ValueType.BOOLEAN


def _fields(
    items: list[FormItem],
    values: Values,
    posted: Any = None,
    errors: dict[str, str] | None = None,
    issues: list[Issue] | None = None,
    suggested: dict[str, tuple[Decimal, str]] | None = None,
) -> list[tuple[str, list[Field]]]:
    """Entry fields by section; the text shown is what was posted, else the stored value."""
    by_field: dict[str, list[Issue]] = {}
    for issue in issues or []:
        by_field.setdefault(issue.field, []).append(issue)
    sections: list[tuple[str, list[Field]]] = []
    cells = entry_cells(items)
    boxes = Counter(cell.item.pk for cell in cells)
    marked: set[int] = set()
    for cell in cells:
        first = cell.item.pk not in marked
        marked.add(cell.item.pk)
        title = cell.item.section.title
        if not sections or sections[-1][0] != title:
            sections.append((title, []))
        if posted is not None:
            text = posted.get(cell.name, "")
        else:
            text = _entry_text(cell.indicator, values.get(cell.key))
        found = by_field.get(cell.name, [])
        sections[-1][1].append(
            Field(
                name=cell.name,
                label=cell.label,
                indicator=cell.indicator,
                text=text,
                error=(errors or {}).get(cell.name)
                or " ".join(i.message for i in found if i.is_error),
                warning=" ".join(i.message for i in found if not i.is_error),
                required=cell.item.required and first,
                any_group=boxes[cell.item.pk] > 1,
                suggestion=_suggestion(cell, suggested),
            )
        )
    return sections


def _placed(issues: list[Issue], items: list[FormItem]) -> list[Issue]:
    """The issues, each about a box of the form: a check on an indicator's total (a rule
    between two indicators) names the indicator, whose boxes are its groups when it has
    them, so it is put at the first of them, where the officer starts to correct it."""
    cells = entry_cells(items)
    names = {cell.name for cell in cells}
    first: dict[str, str] = {}
    for cell in cells:
        first.setdefault(field_name(cell.indicator.pk, None), cell.name)
    return [
        replace(issue, field=first.get(issue.field, issue.field))
        if issue.field and issue.field not in names
        else issue
        for issue in issues
    ]


def _suggestion(cell: EntryCell, suggested: dict[str, tuple[Decimal, str]] | None) -> str:
    """ "Sổ chăm lo: 31" — the suggested figure with where it comes from; "" when none."""
    value, source = (suggested or {}).get(cell.name, (None, ""))
    text = _entry_text(cell.indicator, value)
    return f"{source}: {text}" if text else ""


def suggestions(report: Report, items: list[FormItem]) -> dict[str, tuple[Decimal, str]]:
    """Field name → (figure, source name) that the other apps' records suggest for it (the
    officer confirms): the welfare ledger, the propaganda sessions, the incidents…"""
    args = (report.organization_id, report.period_start, report.period_end)
    offered = {
        key: (value, source.name)
        for source in figure_sources
        if source.suggest is not None
        for key, value in source.suggest(*args).items()
    }
    found = {}
    for cell in entry_cells(items):
        key = (cell.indicator.code, cell.option.code if cell.option else None)
        if key in offered:
            found[cell.name] = offered[key]
    return found


def _entry_text(indicator: Indicator, value: Decimal | None) -> str:
    if value is None:
        return ""
    if indicator.value_type == ValueType.BOOLEAN:
        return "1" if value else "0"
    return show(value)


def _diff(items: list[FormItem], mine: Values, theirs: Values) -> list[tuple[str, str, str]]:
    """(label, what the user typed, what is stored now) where the two differ."""
    return [
        (
            cell.label,
            _entry_text(cell.indicator, mine.get(cell.key)) or "(trống)",
            _entry_text(cell.indicator, theirs.get(cell.key)) or "(trống)",
        )
        for cell in entry_cells(items)
        if mine.get(cell.key) != theirs.get(cell.key)
    ]


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    report = access.get_report_for_user(user, pk)
    items = actions.items_of(report.form)
    today = timezone.localdate()
    can_enter = access.can_enter(user, report.organization)
    context: dict[str, Any] = {"report": report, "conflict": None, "issues": []}
    narrative = dict(report.narrative)
    posted: Any = None
    errors: dict[str, str] = {}
    issues: list[Issue] = []

    if request.method == "POST":
        if not can_enter:
            raise PermissionDenied("Bạn không có quyền nhập báo cáo cho tổ chức này.")
        posted = request.POST
        values, errors = read_values(items, posted)
        narrative = {s.code: posted.get(f"n-{s.code}", "") for s in report.form.narratives.all()}
        version = posted_version(request) or 0
        if posted.get("action") == "suggest":
            # Fill the empty fields with the ledger's figures; nothing is saved until the
            # officer has looked and pressed save.
            filled = posted.copy()
            for name, (value, _source) in suggestions(report, items).items():
                if not filled.get(name, "").strip():
                    filled[name] = show(value)
            posted, errors = filled, {}
            messages.info(
                request,
                "Đã điền số gợi ý từ sổ chăm lo và ghi nhận ở cơ sở vào các ô còn trống; "
                "kiểm tra rồi bấm Lưu.",
            )
        elif errors:
            messages.error(request, "Có số viết chưa đúng; chưa lưu gì. Sửa các ô được đánh dấu.")
        else:
            try:
                if posted.get("action") == "submit":
                    result = actions.submit_report(
                        report,
                        values=values,
                        narrative=narrative,
                        version=version,
                        warning_note=posted.get("warning_note", ""),
                        acting_user=user,
                    )
                    if result.submitted:
                        messages.success(request, "Đã gửi báo cáo lên cấp trên.")
                        return redirect("report-detail", pk=report.pk)
                    report, issues = result.report, result.issues
                    posted = None
                    if any(i.is_error for i in issues):
                        messages.error(request, "Đã lưu nháp, nhưng chưa gửi được: còn lỗi.")
                    else:
                        messages.warning(
                            request,
                            "Đã lưu nháp. Có cảnh báo: kiểm tra lại hoặc ghi giải trình rồi gửi.",
                        )
                else:
                    report = actions.save_report(
                        report,
                        values=values,
                        narrative=narrative,
                        version=version,
                        acting_user=user,
                    )
                    messages.success(request, "Đã lưu nháp.")
                    return redirect("report-detail", pk=report.pk)
            except actions.Conflict as conflict:
                context["conflict"] = {
                    "by": conflict.report.updated_by,
                    "at": conflict.report.updated_at,
                    "rows": _diff(items, values, actions.stored_values(conflict.report)),
                    "narrative_changed": conflict.report.narrative
                    != {k: v.strip() for k, v in narrative.items() if v.strip()},
                }
                report = access.get_report_for_user(user, pk)
            except actions.ReportError as error:
                messages.error(request, str(error))
                report = access.get_report_for_user(user, pk)
    stored = actions.stored_values(report)
    closed = actions.entry_closed(report, today)
    suggested = suggestions(report, items) if can_enter and not closed else {}
    titles = {s.code: s.title for s in report.form.narratives.all()}
    can_return = access.can_return(user, report)
    can_approve = access.can_approve(user, report)
    issues = _placed(issues, items)
    context.update(
        {
            "report": report,
            "period": report.period_obj,
            "sections": _fields(items, stored, posted, errors, issues, suggested),
            "has_suggestions": bool(suggested),
            "issues": issues,
            "has_warnings": any(not i.is_error for i in issues),
            "general_issues": [i for i in issues if not i.field],
            "narratives": [(s, narrative.get(s.code, "")) for s in report.form.narratives.all()],
            "editable": can_enter and not closed,
            "closed_reason": closed if can_enter else "",
            "can_return": can_return,
            "can_approve": can_approve,
            # What the reviewer's buttons can do now: return or approve what was sent, reopen
            # what was approved.
            "decidable": (report.status == ReportStatus.SUBMITTED and (can_return or can_approve))
            or (report.status == ReportStatus.APPROVED and can_approve),
            "due": actions.due_date(report),
            "lock": actions.lock_date(report),
            "late_note": actions.late_entry_note(report, today),
            "late_entry": _late_entry_form(report, today) if can_approve else None,
            "events": report.events.select_related("user"),
            "returned": report.events.filter(kind__in=[EventKind.RETURNED, EventKind.REOPENED])
            .select_related("user")
            .last()
            if report.status == ReportStatus.RETURNED
            else None,
            "changes": report.changes.select_related("indicator", "option", "user"),
            "narrative_changes": [
                (change, titles.get(change.section, change.section))
                for change in report.narrative_changes.select_related("user")
            ],
            "totals": _totals(items, stored),
        }
    )
    return render(request, "reporting/report_detail.html", context)


def _late_entry_form(report: Report, today: dt.date) -> dict[str, Any] | None:
    """The approver's box to let a locked draft in late: the day offered and the days allowed."""
    if not actions.can_allow_late_entry(report, today):
        return None
    return {
        "default": today + dt.timedelta(days=actions.LATE_ENTRY_DAYS),
        "min": today,
        "max": today + dt.timedelta(days=actions.LATE_ENTRY_MAX_DAYS),
        "max_days": actions.LATE_ENTRY_MAX_DAYS,
        "entries": report.late_entries.select_related("user"),
    }


@require_POST
def report_late_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """Let the unit enter and send its locked draft until a chosen day (the approver's box)."""
    user = signed_in_user(request)
    report = access.get_report_for_user(user, pk)
    if not access.can_approve(user, report):  # refused whatever was posted
        raise PermissionDenied("Bạn không có quyền cho đơn vị này nộp bổ sung báo cáo.")
    raw = request.POST.get("until", "").strip()
    try:
        if not raw:
            raise actions.ReportError("Chọn ngày hết hạn nộp bổ sung.")
        until = parse_date(raw)
        report = actions.allow_late_entry(
            report, until, request.POST.get("reason", ""), acting_user=user
        )
    except (ValueError, actions.ReportError) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Đã cho {report.organization.name} nộp bổ sung báo cáo đến hết ngày {until:%d/%m/%Y}.",
        )
    return redirect("report-detail", pk=report.pk)


def _totals(items: list[FormItem], values: Values) -> list[tuple[str, str]]:
    """Breakdown indicators' totals, shown under their fields."""
    rows = []
    for item in items:
        if item.indicator.category_id:
            parts = [v for (i, _), v in values.items() if i == item.indicator_id]
            if parts:
                rows.append(
                    (item.indicator.name, f"{show(sum(parts, Decimal(0)))} {item.indicator.unit}")
                )
    return rows


@require_POST
def report_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    report = access.get_report_for_user(user, pk)
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "")
    version = posted_version(request)
    choices: dict[str, tuple[Callable[..., Report], str]] = {
        "return": (actions.return_report, "Đã trả lại báo cáo cho đơn vị."),
        "approve": (actions.approve_report, "Đã phê duyệt báo cáo."),
        "reopen": (actions.reopen_report, "Đã mở lại báo cáo để đơn vị sửa."),
    }
    do = choices.get(action)
    if do is None:
        raise Http404("Thao tác không hợp lệ.")
    try:
        do[0](report, comment, version, acting_user=user)
        messages.success(request, do[1])
    except actions.Conflict:
        messages.error(
            request, "Báo cáo vừa thay đổi sau khi bạn mở trang; xem lại rồi thao tác lại."
        )
    except actions.ReportError as error:
        messages.error(request, str(error))
    return redirect("report-detail", pk=report.pk)


# --- consolidation ------------------------------------------------------------------------


@reads_from_replica
@kept_page
def consolidated(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = scope_from(request, user)
    bloc = bloc_figures(
        scope.form,
        scope.period,
        scope.paths,
        org_kind=scope.kind or None,
        approved_only=scope.approved_only,
        by_kind=True,
    )
    result = bloc.consolidation
    kinds = [k for k in scope.form.org_kinds if not scope.kind or k == scope.kind]
    rows = []
    for item in structure(scope.form).items:
        indicator = item.indicator
        options = [None, *result.options.get(indicator.pk, [])]
        for option in options:
            key: Any = option if option is not None else consolidation.ANY
            rows.append(
                {
                    "section": item.section.title,
                    "indicator": indicator,
                    "option": option,
                    "total": _figure(indicator, result.value(indicator, key)),
                    "by_kind": [_figure(indicator, result.value(indicator, key, k)) for k in kinds],
                    "recorded": [] if option else bloc[indicator.code].recorded,
                    "differs": not option and bool(bloc[indicator.code].differing),
                }
            )
    completeness = consolidation.tally(scope.form, scope.period, scope.paths)
    # Per unit just below, in the units of the period's own time, and a row for what the
    # unit's own organizations reported, so that the rows add up to the total.
    # Today's unit read for a period before it existed: the older units that went into it,
    # which add up to the total by themselves.
    below = (
        scope.parts if scope.current else [u for u in scope.units if u.parent_id == scope.unit.pk]
    )
    headline = [i for i in result.indicators if i.value_type != ValueType.BOOLEAN][:4]
    headline = headline if below else []
    per_unit = consolidation.by_units if scope.parts else consolidation.by_unit
    figures = per_unit(
        scope.form, scope.period, below, approved_only=scope.approved_only, indicators=headline
    )
    filed = completeness.by_units(below) if scope.parts else completeness.by_unit(below)
    units_and_own = below if scope.parts else [*below, scope.unit] if below else []
    children = [
        {
            "unit": unit,
            "own": unit == scope.unit,
            "figures": [_figure(i, figures.get(unit.pk, {}).get(i.pk)) for i in headline],
            "expected": filed.get(unit.pk, (0, 0))[0],
            "received": filed.get(unit.pk, (0, 0))[1],
        }
        for unit in units_and_own
    ]
    totals = [
        _figure(i, sum((row.get(i.pk, Decimal(0)) for row in figures.values()), Decimal(0)))
        if i.aggregation == "sum"
        else ""
        for i in headline
    ]
    return render(
        request,
        "reporting/consolidated.html",
        {
            "scope": scope,
            "forms": ReportForm.objects.filter(active=True),
            "kinds": [(k, OrgKind(k).label) for k in kinds],
            "all_kinds": [(k, OrgKind(k).label) for k in scope.form.org_kinds],
            "rows": rows,
            "bloc": bloc,
            "completeness": completeness,
            "children": children,
            "headline": headline,
            "totals": totals,
        },
    )


def _figure(indicator: Indicator, value: Decimal | None) -> str:
    if value is None:
        return ""
    if indicator.value_type == ValueType.BOOLEAN:
        return f"{show(value)} đơn vị có"
    return show(value)


@reads_from_replica
@kept_page
def completeness_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = scope_from(request, user)
    result = consolidation.completeness(scope.form, scope.period, scope.paths)
    state = request.GET.get("state", "missing")
    rows = result.rows
    if state == "missing":
        rows = result.missing_rows
    elif state in {"late", "on_time"}:
        rows = [r for r in rows if r.state == state]
    return render(
        request,
        "reporting/completeness.html",
        {
            "scope": scope,
            "result": result,
            "rows": rows,
            "state": state,
            "states": STATE_FILTERS.items(),
        },
    )


@reads_from_replica  # the page's reads; its POST (a save) reads and writes the primary
def narratives(request: HttpRequest) -> HttpResponse:
    """The units' narratives under one another, for the consolidator to edit into the
    provincial text, saved as the narrative of the consolidator's own organization's report."""
    user = signed_in_user(request)
    scope = scope_from(request, user)
    # The consolidator's own organization, never one it succeeded: the compiled text is today's
    # organization's own report, whatever the period looked at.
    own_org = next(
        (o for o in access.own_entry_organizations(user) if scope.form.applies_to(o)), None
    )
    own = None
    if own_org is not None:
        own = Report.objects.filter(
            form=scope.form, organization=own_org, period=scope.period.code
        ).first()
    compiled = consolidation.compile_narratives(
        scope.form,
        scope.period,
        scope.paths,
        approved_only=scope.approved_only,
        exclude_organization=own_org,
    )
    if request.method == "POST":
        if own_org is None:
            raise PermissionDenied("Bạn không có quyền nhập báo cáo cho tổ chức nào.")
        try:
            version = posted_version(request)
            if own is None:
                own = actions.open_report(scope.form, own_org, scope.period, acting_user=user)
                version = own.version  # the page was opened before the report existed
            text = {s.code: request.POST.get(f"n-{s.code}", "") for s in compiled}
            actions.save_report(own, values=None, narrative=text, version=version, acting_user=user)
            messages.success(request, f"Đã lưu nội dung vào báo cáo của {own_org.name}.")
            return redirect(f"{request.path}?{scope.query()}")
        except actions.Conflict:
            messages.error(
                request,
                "Báo cáo tổng hợp vừa được người khác lưu; chưa lưu gì. "
                "Nội dung bạn soạn vẫn ở dưới, hãy so sánh rồi lưu lại.",
            )
            own = Report.objects.get(pk=own.pk) if own else None
            sections = [(c, request.POST.get(f"n-{c.code}", "")) for c in compiled]
            return render(
                request,
                "reporting/narratives.html",
                {"scope": scope, "sections": sections, "own": own, "own_org": own_org},
            )
        except actions.ReportError as error:
            messages.error(request, str(error))
    sections = [(c, (own.narrative.get(c.code) if own else "") or c.text()) for c in compiled]
    return render(
        request,
        "reporting/narratives.html",
        {"scope": scope, "sections": sections, "own": own, "own_org": own_org},
    )


# --- exchange -------------------------------------------------------------------------------


def data_exchange(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    result = None
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "Chọn tệp CSV, JSON hoặc Excel (.xlsx) để nhập."
        elif uploads.size_problem(upload.size or 0):
            error = uploads.size_problem(upload.size or 0)
        else:
            # Checked and recorded by a job; the user follows it on its page.
            dry_run = request.POST.get("dry_run") == "1"
            job = start_job(
                JobKind.DATAVALUES_IMPORT,
                f"{'Kiểm tra' if dry_run else 'Nhập'} số liệu từ {upload.name}",
                user=user,
                params={
                    **keep_upload(upload.read(), upload.name or "so-lieu.csv", "datavalues"),
                    "dry_run": dry_run,
                },
            )
            return redirect("job-detail", pk=job.pk)
    elif "export" in request.GET:
        try:
            period = Period.parse(request.GET.get("period", ""))
        except ValueError as err:
            error = str(err)
        else:
            scope = scope_from(request, user)
            rows = exchange.export_rows(period, scope.paths, user=user)
            if request.GET.get("format") == "json":
                body = json.dumps(rows, ensure_ascii=False, indent=1)
                return download(body, JSON, f"so-lieu-{period.code}.json")
            return download(exchange.write_csv(rows), CSV, f"so-lieu-{period.code}.csv")
    scope = scope_from(request, user)
    return render(
        request,
        "reporting/exchange.html",
        {"scope": scope, "result": result, "error": error},
    )


def form_workbook(request: HttpRequest, code: str) -> HttpResponse:
    form = get_object_or_404(ReportForm, code=code)
    return download(workbook.build(form, None), XLSX, f"mau-{form.code}.xlsx")


def report_workbook(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    report = access.get_report_for_user(user, pk)
    if request.method == "GET":
        return download(
            workbook.build(report.form, report),
            XLSX,
            f"{report.form.code}-{report.period}-{report.pk}.xlsx",
        )
    if not access.can_enter(user, report.organization):
        raise PermissionDenied("Bạn không có quyền nhập báo cáo cho tổ chức này.")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Chọn tệp Excel (.xlsx) để tải lên.")
        return redirect("report-detail", pk=pk)
    problem = uploads.size_problem(upload.size or 0)
    if problem:
        messages.error(request, problem)
        return redirect("report-detail", pk=pk)
    # Read, checked and saved by a job (all or nothing); the officer follows it on its page.
    kept = keep_upload(upload.read(), upload.name or "bao-cao.xlsx", "report-workbooks")
    same = find_open(JobKind.REPORT_WORKBOOK, report=report.pk, sha256=kept["sha256"])
    if same is not None and same.user_id == user.pk:
        # A double click or a second tab: the same file is already on its way in.
        return redirect("job-detail", pk=same.pk)
    job = start_job(
        JobKind.REPORT_WORKBOOK,
        f"Nhập tệp Excel {upload.name} vào báo cáo {report.form.name} {report.period}",
        user=user,
        organization=report.organization,
        scope_path=report.organization.admin_unit.path,
        params={**kept, "report": report.pk},
    )
    return redirect("job-detail", pk=job.pk)

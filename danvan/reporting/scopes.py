"""The consolidation scope a page asks about: form, period, unit subtree, era, kind — read from
the query string, defaulting to what the user has data for. Shared by the consolidation pages
and the documents built from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import Http404, HttpRequest
from django.utils import timezone

from danvan.core.periods import Period
from danvan.geo.models import LEVEL_RANK, AdminUnit, Level, current_paths
from danvan.orgs import access as org_access
from danvan.orgs.models import OrgKind, User
from danvan.reporting import access, consolidation
from danvan.reporting.models import ReportForm


def last_period(form: ReportForm, until: dt.date) -> Period:
    """The latest period of the form's type that has ended by `until`."""
    current = Period.containing(form.type, until)
    return current if current.end <= until else current.previous()


def period_to_open(
    form: ReportForm, until: dt.date, received: set[str], *, live: bool
) -> Period | None:
    """The period an organization's "open a report" form falls back to when none is open for
    entry (`open_periods`), never one whose report is already sent or approved (`received`:
    the codes of those periods): its report is then locked, and the level above can let it in
    late. An organization at work: the latest ended period (by `until`, today), or once that is
    in, the period under way. An ended organization (`until`: its last day): its latest period
    not yet in, looking a year back; None when every one is in."""
    period = last_period(form, until)
    if live:
        return period if period.code not in received else Period.containing(form.type, until)
    for _ in range(12):
        if period.code not in received:
            return period
        period = period.previous()
    return None


@dataclass(frozen=True)
class OpenPeriod:
    period: Period
    # The last day its report can be entered and sent: the lock date, or the day until which
    # the level above let a locked draft in (`late`).
    until: dt.date
    # The day its report is due (`ReportForm.due_days` after the period), which the officer
    # works to: sent after it, the report counts as late, though it can still be entered.
    due: dt.date
    overdue: bool = False
    late: bool = False

    def text(self) -> str:
        """ "quý IV/2026 (hạn nộp 05/01/2027, nhập được đến 30/01/2027)", as the list of open
        periods says it; "đã quá hạn" once the due day is past."""
        label = self.period.label
        label = label[:1].lower() + label[1:]
        if self.late:
            return f"{label} (cấp trên cho nộp bổ sung đến {self.until:%d/%m/%Y})"
        until = f"nhập được đến {self.until:%d/%m/%Y}"
        if self.overdue:
            return f"{label} (hạn nộp {self.due:%d/%m/%Y}, đã quá hạn; {until})"
        return f"{label} (hạn nộp {self.due:%d/%m/%Y}, {until})"


def open_periods(
    form: ReportForm,
    today: dt.date,
    received: set[str],
    late: dict[str, dt.date],
    *,
    last_day: dt.date | None = None,
) -> list[OpenPeriod]:
    """The periods whose report an organization can enter and send today, the newest first:
    the period under way (a report is prepared while its period runs) and the ended ones not
    yet past their lock date, without those already sent or approved (`received`); and the
    locked drafts the level above let in late (`late`: period code → last day). An organization
    that ended (`last_day`) has no period after it."""
    found = []
    period = Period.containing(form.type, min(today, last_day or today))
    while period.end + dt.timedelta(days=form.lock_days) >= today:
        if period.code not in received:
            due = period.end + dt.timedelta(days=form.due_days)
            until = period.end + dt.timedelta(days=form.lock_days)
            found.append(OpenPeriod(period, until, due, overdue=due < today))
        period = period.previous()
    shown = {p.period.code for p in found}
    for code, until in late.items():
        if until >= today and code not in received and code not in shown:
            locked = Period.parse(code)
            due = locked.end + dt.timedelta(days=form.due_days)
            found.append(OpenPeriod(locked, until, due, overdue=True, late=True))
    return sorted(found, key=lambda p: p.period.start, reverse=True)


@dataclass
class Scope:
    form: ReportForm
    period: Period
    unit: AdminUnit
    paths: list[str]
    units: list[AdminUnit]
    current: bool
    approved_only: bool
    kind: str
    error: str = ""
    # With `current`, for a period before `unit` existed: the older units (of the period's own
    # time) that went into it, each shown with its figures; they add up to the total.
    parts: list[AdminUnit] = field(default_factory=list)
    # Whether `current` is what the page shows when the address does not say (see
    # `reads_through_today`); the address then says so when it is off.
    current_by_default: bool = False

    def query(self) -> str:
        return self.query_for(self.unit)

    def list_query(self) -> str:
        """The address of the field-work lists (incidents, recommendations, tasks) for the same
        units and period, so that each count links to the rows it counts."""
        params = {"period": self.period.code, "unit": self.unit.pk}
        if self.current:
            params["current"] = 1
        return urlencode(params)

    def query_for(self, unit: AdminUnit) -> str:
        """The address of this scope's choices for `unit` (this one, or one of its rows): one
        of the `parts` is read in its own time, any other unit as this scope is."""
        current = self.current and unit not in self.parts
        params = {"form": self.form.code, "period": self.period.code, "unit": unit.pk}
        if current:
            params["current"] = 1
        elif self.current_by_default:
            params["current"] = 0
        if self.approved_only:
            params["approved"] = 1
        if self.kind:
            params["kind"] = self.kind
        return urlencode(params)


def top_units(user: User, at: dt.date) -> list[AdminUnit]:
    """The highest units the user sees on a date, and those just below them."""
    units = org_access.units_for_user(user).at(at).order_by(LEVEL_RANK, "sort_name")
    first = units.first()
    if first is None:
        return []
    top = list(units.filter(level=first.level))
    children = units.filter(parent__in=top).order_by("parent__sort_name", "sort_name")
    return top + list(children)


def reads_through_today(user: User, period: Period) -> bool:
    """Whether the user's own units all came after the period and are communes: the officer of
    a ward made in the 2025 reorganization, asking about 2021. Such an officer sees the period
    only through the old wards that went into theirs, and by default sees them together, each
    with its figures, as their unit of today (not one old ward of the choice at a time). (A
    province's officer keeps choosing between the old provinces, each a whole of its own.)"""
    units = [role.organization.admin_unit for role in org_access.roles_of(user)]
    return bool(units) and all(
        unit.level == Level.COMMUNE and not unit.is_in_force(period.end) for unit in units
    )


def parts_of(user: User, unit: AdminUnit, paths: list[str], at: dt.date) -> list[AdminUnit]:
    """The units in force on `at` whose figures make up those of `unit` (a unit of today read
    with the older units that went into it, `paths`), when `unit` did not exist yet on `at`;
    only those the user sees."""
    if unit.is_in_force(at):
        return []
    return list(org_access.units_for_user(user).at(at).filter(path__in=paths).order_by("sort_name"))


def _not_shown(user: User, asked: str, shown: AdminUnit, period: Period, current: bool) -> str:
    """Why the unit asked for is not the one shown. A unit of the user's own that did not exist
    in the period (today's province, asked for 2021) is no stranger to them: name it, and the
    box that reads the period in today's units."""
    theirs = (
        org_access.units_for_user(user).filter(pk=int(asked)).first() if asked.isdigit() else None
    )
    if theirs is None:
        return (
            f"Đơn vị được chọn không thuộc phạm vi của bạn (hoặc không có trong kỳ này); "
            f"đang hiển thị {shown.name}."
        )
    label = period.label[0].lower() + period.label[1:]
    today = theirs.is_in_force(timezone.localdate())
    era, verb = ("đơn vị hiện nay", "chưa có") if today else ("đơn vị cũ", "không còn")
    hint = (
        ""
        if current or not today
        else " Đánh dấu «Quy về đơn vị hành chính hiện nay» để xem kỳ này theo đơn vị hiện nay."
    )
    return f"{theirs.name} ({era}) {verb} trong kỳ {label}; đang hiển thị {shown.name}.{hint}"


def scope_from(request: HttpRequest, user: User) -> Scope:
    """The consolidation scope from the query string, defaulting to what the user has data for."""
    error = ""
    params = request.GET
    period_code = params.get("period", "").strip()
    latest = (
        access.reports_for_user(user)
        .order_by("-period_end")
        .values_list("period", flat=True)
        .first()
    )
    try:
        period = Period.parse(period_code or latest or f"{timezone.localdate().year}Q1")
    except ValueError as err:
        error = str(err)
        period = Period.parse(latest or f"{timezone.localdate().year}Q1")
    form = ReportForm.objects.filter(code=params.get("form", "")).first()
    if form is None:
        try:
            form = consolidation.default_form(period)
        except ValueError as err:
            raise Http404(str(err)) from None
    if form.type.months > period.type.months:
        error = f"Mẫu «{form.name}» không tổng hợp được cho kỳ {period.label}."
        period = last_period(form, period.end)
    asked = params.get("unit", "")
    by_default = reads_through_today(user, period)
    if params.get("current") in {"0", "1"}:  # the box, ticked or not (its form sends 0 too)
        current = params.get("current") == "1"
    else:
        # By default, unless the address names a unit of the period's own time (a link from
        # the map or a table of units to one old ward).
        current = by_default and not (
            asked.isdigit()
            and org_access.units_for_user(user).at(period.end).filter(pk=int(asked)).exists()
        )
    at = timezone.localdate() if current else period.end
    units = top_units(user, at)
    if not units:
        raise Http404("Bạn không có đơn vị nào trong kỳ này.")
    unit = next((u for u in units if str(u.pk) == asked), None)
    if unit is None and asked.isdigit():
        # A unit deeper than the choice offers (a 2021 commune, opened from the map or a
        # table of the units below): any unit the access gate lets the user see on that day.
        unit = org_access.units_for_user(user).at(at).filter(pk=int(asked)).first()
        if unit is not None:
            units = [*units, unit]
    unit = unit or units[0]
    if asked and str(unit.pk) != asked:
        error = _not_shown(user, asked, unit, period, current)
    paths = current_paths(unit) if current else [unit.path]
    kind = params.get("kind", "")
    return Scope(
        form=form,
        period=period,
        unit=unit,
        paths=paths,
        units=units,
        current=current,
        approved_only=params.get("approved") == "1",
        kind=kind if kind in OrgKind.values else "",
        error=error,
        parts=parts_of(user, unit, paths, period.end) if current else [],
        current_by_default=by_default,
    )

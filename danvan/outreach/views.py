"""Pages for propaganda and drives. Lists filter by unit subtree and period, show only what the
user's scope holds, and export what they show to XLSX (`?format=xlsx`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from danvan.core.errors import ActionError
from danvan.core.http import date_param
from danvan.geo.models import AdminUnit
from danvan.orgs import access as org_access
from danvan.orgs.access import signed_in_user
from danvan.orgs.lists import Export, list_page, list_scope
from danvan.outreach import access, actions
from danvan.outreach.forms import SessionForm
from danvan.outreach.models import SessionFormat, Topic
from danvan.outreach.progress import progress_table
from danvan.situation.access import incidents_for_user
from danvan.situation.models import KeyArea

SESSION_COLUMNS = [
    "Ngày", "Tổ chức", "Xã", "Thôn, buôn", "Chủ đề", "Hình thức", "Số người", "Ngôn ngữ",
    "Trọng điểm",
]  # fmt: skip


def session_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = list_scope(request, user)
    sessions = access.sessions_for_user(user).filter(
        scope.within(user, "unit"), scope.dates("held_on")
    )
    if request.GET.get("topic", "").isdigit():
        sessions = sessions.filter(topics=int(request.GET["topic"]))
    rows = sessions.select_related("unit", "organization").prefetch_related("topics")

    def sheet() -> list[list[object]]:
        return [
            [
                s.held_on, s.organization.name, s.unit.name, s.village,
                "; ".join(t.name for t in s.topics.all()), s.get_format_display(), s.audience,
                s.get_language_display(), "Có" if s.in_key_area else "",
            ]
            for s in rows
        ]  # fmt: skip

    by_topic = (
        sessions.values("topics__name")
        .annotate(count=Count("id"), people=Sum("audience"))
        .order_by("-count")
    )
    context = {
        "scope": scope,
        "totals": sessions.aggregate(count=Count("id"), people=Sum("audience")),
        "by_topic": [r for r in by_topic if r["topics__name"]],
        "by_unit": sessions.values("unit__name")
        .annotate(count=Count("id"), people=Sum("audience"))
        .order_by("-count")[:30],
        "topics": Topic.objects.all(),
        "can_add": bool(org_access.writer_organizations(user)),
    }
    return list_page(
        request,
        "outreach/session_list.html",
        context,
        items=rows,
        export=Export("Buổi tuyên truyền", SESSION_COLUMNS, sheet),
    )


def session_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not org_access.writer_organizations(user):
        raise PermissionDenied("Bạn không có quyền ghi nhận công tác tuyên truyền.")
    form = SessionForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        actions.record_session(form, acting_user=user)
        messages.success(request, "Đã ghi nhận buổi tuyên truyền.")
        return redirect("session-list")
    return render(
        request, "record_form.html", {"form": form, "title": "Ghi nhận buổi tuyên truyền"}
    )


def drive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    drive = get_object_or_404(access.drives_for_user(user).prefetch_related("milestones"), pk=pk)
    on, date_error = date_param(request, min(timezone.localdate(), drive.ends_on))
    roots = [r.organization.admin_unit for r in org_access.roles_of(user)]
    unit = drive.unit
    if request.GET.get("unit", "").isdigit():
        unit = org_access.get_unit_for_user(user, int(request.GET["unit"]))
    elif (
        not user.is_superuser
        and roots
        and not any(drive.unit.path.startswith(r.path) for r in roots)
    ):
        unit = next((r for r in roots if r.path.startswith(drive.unit.path)), drive.unit)
    if request.method == "POST":
        milestone = get_object_or_404(drive.milestones, pk=request.POST.get("milestone"))
        target = org_access.get_unit_for_user(user, int(request.POST.get("unit", "0") or 0))
        try:
            percent = int(request.POST.get("percent", ""))
            actions.record_progress(
                milestone, target, percent, request.POST.get("note", ""), acting_user=user
            )
            messages.success(request, f"Đã ghi tiến độ “{milestone.title}” của {target.name}.")
        except ValueError as error:
            text = (
                str(error)
                if isinstance(error, ActionError)
                else "Tỉ lệ phải là số nguyên từ 0 đến 100."
            )
            messages.error(request, text)
        return redirect(f"{request.path}?unit={unit.pk}")
    table = progress_table(drive, unit, on)

    def sheet() -> list[list[object]]:
        return [
            [row.unit.name, "Có" if row.key_area else "", "Có" if row.behind else "", *row.percents]
            for row in table.rows
        ]

    context = {
        "drive": drive,
        "table": table,
        "unit": unit,
        "on": on,
        "date_error": date_error,
        "can_write": org_access.can_write_at(user, unit),
    }
    columns = ["Đơn vị", "Trọng điểm", "Chậm", *[m.title for m in table.milestones]]
    return list_page(
        request, "outreach/drive_detail.html", context, export=Export("Tiến độ", columns, sheet)
    )


def key_areas(request: HttpRequest) -> HttpResponse:
    """The key areas in force and how propaganda and incidents there compare with the rest."""
    user = signed_in_user(request)
    scope = list_scope(request, user)
    on = scope.period.end if scope.period else timezone.localdate()
    areas = (
        KeyArea.objects.valid_on(on)
        .filter(org_access.unit_filter(user, "unit"), scope.within(user, "unit"))
        .select_related("unit")
    )
    key_ids = set(areas.values_list("unit_id", flat=True))
    sessions = access.sessions_for_user(user).filter(
        scope.within(user, "unit"), scope.dates("held_on")
    )
    incidents = incidents_for_user(user).filter(
        scope.within(user, "unit"), scope.dates("reported_on")
    )

    def tally(in_key: bool) -> dict[str, int]:
        where = Q(unit_id__in=key_ids)
        chosen = sessions.filter(where) if in_key else sessions.exclude(where)
        found = chosen.aggregate(
            sessions=Count("id"),
            people=Sum("audience", default=0),
            visits=Count("id", filter=Q(format=SessionFormat.HOME_VISIT)),
        )
        found["incidents"] = (
            incidents.filter(where) if in_key else incidents.exclude(where)
        ).count()
        return found

    communes = AdminUnit.objects.filter(scope.within(user, ""), level="commune").at(on).count()
    context = {
        "scope": scope,
        "key": tally(True),
        "rest": tally(False),
        "key_count": len(key_ids),
        "rest_count": max(communes - len(key_ids), 0),
    }
    return list_page(
        request,
        "outreach/key_areas.html",
        context,
        items=areas,
        export=Export(
            "Địa bàn trọng điểm",
            ["Địa bàn", "Lý do", "Từ ngày", "Đến ngày"],
            lambda: [[a.unit.name, a.reason, a.valid_from, a.valid_to] for a in areas],
        ),
    )

"""Pages for grassroots work. Every list filters by unit subtree and period, shows only what
the user's scope holds, and exports what it shows to XLSX (`?format=xlsx`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from danvan.geo.models import AdminUnit, under_paths
from danvan.grassroots import access, actions
from danvan.grassroots.escalation import needing_attention, standing, standings, units_above
from danvan.grassroots.export import xlsx_response
from danvan.grassroots.forms import (
    IncidentForm,
    MeetingForm,
    RecommendationForm,
    SessionForm,
    SituationNoteForm,
    TaskForm,
    date_field,
)
from danvan.grassroots.models import (
    OPEN_STATUSES,
    TRANSITIONS,
    Incident,
    IncidentStatus,
    KeyArea,
    Notification,
    PropagandaSession,
    RecommendationStatus,
    SessionFormat,
    Topic,
)
from danvan.grassroots.progress import progress_table
from danvan.jobs.views import briefing_job
from danvan.orgs import access as org_access
from danvan.orgs.models import User
from danvan.orgs.views import signed_in_user
from danvan.reporting.periods import Period

SESSION_COLUMNS = [
    "Ngày", "Tổ chức", "Xã", "Thôn, buôn", "Chủ đề", "Hình thức", "Số người", "Ngôn ngữ",
    "Trọng điểm",
]  # fmt: skip
INCIDENT_COLUMNS = [
    "Tên vụ việc", "Loại", "Xã, phường", "Ngày nắm được", "Tính chất", "Tình trạng", "Hạn",
    "Đang ở cấp", "Lý do",
]  # fmt: skip


@dataclass
class ListScope:
    """The unit subtree and period a list shows, from the query string."""

    unit: AdminUnit | None
    period: Period | None
    units: list[AdminUnit]
    error: str = ""

    def paths(self, user: User) -> list[str] | None:
        if self.unit is not None:
            return [self.unit.path]
        return org_access.scope_paths(user)

    def within(self, user: User, field: str) -> Q:
        paths = self.paths(user)
        return Q() if paths is None else under_paths(paths, field)

    def dates(self, field: str) -> Q:
        if self.period is None:
            return Q()
        return Q(**{f"{field}__gte": self.period.start, f"{field}__lte": self.period.end})

    def query(self, **extra: str) -> str:
        params = {
            "unit": self.unit.pk if self.unit else "",
            "period": self.period.code if self.period else "",
        }
        return urlencode({**params, **extra})


def list_scope(request: HttpRequest, user: User) -> ListScope:
    error = ""
    period = None
    code = request.GET.get("period", "").strip()
    if code:
        try:
            period = Period.parse(code)
        except ValueError as err:
            error = str(err)
    on = period.end if period else timezone.localdate()
    visible = org_access.units_for_user(user).at(on).exclude(level="commune")
    units = list(visible.order_by("path")[:300])
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = org_access.get_unit_for_user(user, int(request.GET["unit"]))
    return ListScope(unit, period, units, error)


def _message(error: Exception) -> str:
    """The Vietnamese text of a form or action error."""
    return error.messages[0] if isinstance(error, ValidationError) else str(error)


def own_level_paths(user: User) -> set[str]:
    """The paths of the user's own units and of the older units merged into them: an incident
    escalated to one of these sits on the user's list."""
    return {path for role in org_access.roles_of(user) for path in org_access.role_paths(role)}


def _form_page(request: HttpRequest, form: Any, title: str) -> HttpResponse:
    return render(request, "grassroots/form.html", {"form": form, "title": title})


def _export_or_render(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    sheet: tuple[str, list[str], list[list[Any]]] | None,
) -> HttpResponse:
    if request.GET.get("format") == "xlsx" and sheet is not None:
        title, columns, rows = sheet
        return xlsx_response(title, columns, rows)
    return render(request, template, context)


def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = timezone.localdate()
    incidents = access.incidents_for_user(user)
    own_levels = own_level_paths(user)
    attention = needing_attention(incidents, today)
    context = {
        "escalated_here": [s for s in attention if s.level.path in own_levels and s.escalated],
        "attention": attention[:10],
        "overdue_tasks": access.tasks_for_user(user)
        .filter(done_on__isnull=True, deadline__lt=today)
        .select_related("meeting")[:10],
        "drives": access.drives_for_user(user).order_by("-starts_on"),
        "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
    }
    return render(request, "grassroots/home.html", context)


# --- propaganda -----------------------------------------------------------------------------


def session_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = list_scope(request, user)
    sessions = access.sessions_for_user(user).filter(
        scope.within(user, "unit"), scope.dates("held_on")
    )
    if request.GET.get("topic", "").isdigit():
        sessions = sessions.filter(topics=int(request.GET["topic"]))
    totals = sessions.aggregate(count=Count("id"), people=Sum("audience"))
    by_topic = (
        sessions.values("topics__name")
        .annotate(count=Count("id"), people=Sum("audience"))
        .order_by("-count")
    )
    by_unit = (
        sessions.values("unit__name")
        .annotate(count=Count("id"), people=Sum("audience"))
        .order_by("-count")[:30]
    )
    rows = sessions.select_related("unit", "organization").prefetch_related("topics")[:500]
    sheet = (
        "Buổi tuyên truyền",
        SESSION_COLUMNS,
        [
            [
                s.held_on, s.organization.name, s.unit.name, s.village,
                "; ".join(t.name for t in s.topics.all()), s.get_format_display(), s.audience,
                s.get_language_display(), "Có" if s.in_key_area else "",
            ]
            for s in (sessions.select_related("unit", "organization").prefetch_related("topics"))
        ],
    )  # fmt: skip
    context = {
        "scope": scope,
        "sessions": rows,
        "totals": totals,
        "by_topic": [r for r in by_topic if r["topics__name"]],
        "by_unit": by_unit,
        "topics": Topic.objects.all(),
        "can_add": bool(access.writer_organizations(user)),
    }
    return _export_or_render(request, "grassroots/session_list.html", context, sheet)


def session_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not access.writer_organizations(user):
        raise PermissionDenied("Bạn không có quyền ghi nhận công tác tuyên truyền.")
    form = SessionForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        session: PropagandaSession = form.save(commit=False)
        session.in_key_area = (
            session.in_key_area
            or KeyArea.objects.valid_on(session.held_on).filter(unit=session.unit).exists()
        )
        actions.record(user, form)
        messages.success(request, "Đã ghi nhận buổi tuyên truyền.")
        return redirect("session-list")
    return _form_page(request, form, "Ghi nhận buổi tuyên truyền")


# --- drives and key areas -------------------------------------------------------------------


def drive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    drive = get_object_or_404(
        access.drives_for_user(user).prefetch_related("milestones"),
        pk=pk,
    )
    on = min(timezone.localdate(), drive.ends_on)
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
            actions.record_progress(user, milestone, target, percent, request.POST.get("note", ""))
            messages.success(request, f"Đã ghi tiến độ “{milestone.title}” của {target.name}.")
        except ValueError as error:
            text = (
                str(error)
                if isinstance(error, actions.GrassrootsError)
                else "Tỉ lệ phải là số nguyên từ 0 đến 100."
            )
            messages.error(request, text)
        return redirect(f"{request.path}?unit={unit.pk}")
    table = progress_table(drive, unit, on)
    sheet = (
        "Tiến độ",
        ["Đơn vị", "Trọng điểm", "Chậm", *[m.title for m in table.milestones]],
        [
            [row.unit.name, "Có" if row.key_area else "", "Có" if row.behind else "", *row.percents]
            for row in table.rows
        ],
    )
    context = {
        "drive": drive,
        "table": table,
        "unit": unit,
        "on": on,
        "can_write": access.can_write_at(user, unit),
    }
    return _export_or_render(request, "grassroots/drive_detail.html", context, sheet)


def key_areas(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = list_scope(request, user)
    on = scope.period.end if scope.period else timezone.localdate()
    areas = (
        KeyArea.objects.valid_on(on)
        .filter(org_access.unit_filter(user, "unit"), scope.within(user, "unit"))
        .select_related("unit")
    )
    key_ids = {a.unit_id for a in areas}
    sessions = access.sessions_for_user(user).filter(
        scope.within(user, "unit"), scope.dates("held_on")
    )
    incidents = access.incidents_for_user(user).filter(
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
    sheet = (
        "Địa bàn trọng điểm",
        ["Địa bàn", "Lý do", "Từ ngày", "Đến ngày"],
        [[a.unit.name, a.reason, a.valid_from, a.valid_to] for a in areas],
    )
    context = {
        "scope": scope,
        "areas": areas,
        "key": tally(True),
        "rest": tally(False),
        "key_count": len(key_ids),
        "rest_count": max(communes - len(key_ids), 0),
    }
    return _export_or_render(request, "grassroots/key_areas.html", context, sheet)


# --- incidents ------------------------------------------------------------------------------


def incident_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = list_scope(request, user)
    incidents = access.incidents_for_user(user).filter(scope.within(user, "unit"))
    if scope.period:
        incidents = incidents.filter(
            Q(reported_on__lte=scope.period.end)
            & (Q(last_update_on__gte=scope.period.start) | Q(status__in=OPEN_STATUSES))
        )
    status = request.GET.get("status", "")
    if status in IncidentStatus.values:
        incidents = incidents.filter(status=status)
    today = timezone.localdate()
    found = standings(incidents.prefetch_related("organizations"), today)
    own_levels = own_level_paths(user)
    sheet = (
        "Vụ việc",
        INCIDENT_COLUMNS,
        [
            [
                s.incident.title, s.incident.category.name, s.incident.unit.name,
                s.incident.reported_on, s.incident.get_severity_display(),
                s.incident.get_status_display(), s.incident.deadline, s.level.name,
                "; ".join(s.reasons),
            ]
            for s in found
        ],
    )  # fmt: skip
    context = {
        "scope": scope,
        "standings": found,
        "escalated_here": [s for s in found if s.escalated and s.level.path in own_levels],
        "statuses": IncidentStatus.choices,
        "status": status,
        "can_add": bool(access.writer_organizations(user)),
    }
    return _export_or_render(request, "grassroots/incident_list.html", context, sheet)


def incident_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not access.writer_organizations(user):
        raise PermissionDenied("Bạn không có quyền ghi nhận vụ việc.")
    form = IncidentForm(request.POST or None, user=user)
    similar: list[Incident] = []
    if request.method == "POST" and form.is_valid():
        incident: Incident = form.save(commit=False)
        similar = list(
            access.incidents_for_user(user).filter(
                unit=incident.unit, category=incident.category, status__in=OPEN_STATUSES
            )
        )
        if similar and request.POST.get("confirm") != "1":
            messages.warning(
                request,
                "Ở địa bàn này đang có vụ việc cùng loại chưa giải quyết xong; xem có phải cùng "
                "một vụ không trước khi ghi vụ việc mới.",
            )
        else:
            incident.visible_to = (
                "," + ",".join(form.cleaned_data["visible_roles"]) + ","
                if incident.confidential
                else ""
            )
            actions.file_incident(user, form.cleaned_data["organization"], incident)
            messages.success(request, "Đã ghi nhận vụ việc.")
            return redirect("incident-detail", pk=incident.pk)
    return render(request, "grassroots/incident_form.html", {"form": form, "similar": similar})


def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    incident = access.get_incident_for_user(user, pk)
    can_write = access.can_write_at(user, incident.unit)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("Bạn không có quyền cập nhật vụ việc ở địa bàn này.")
        field = date_field("Ngày")
        try:
            on = field.clean(request.POST.get("on") or timezone.localdate().strftime("%d/%m/%Y"))
            organization = next(
                (
                    o
                    for o in access.writer_organizations(user)
                    if str(o.pk) == request.POST.get("organization")
                ),
                None,
            )
            actions.update_incident(
                user, incident, request.POST.get("text", ""), status=request.POST.get("status", ""),
                on=on, organization=organization,
            )  # fmt: skip
            messages.success(request, "Đã cập nhật vụ việc.")
            return redirect("incident-detail", pk=incident.pk)
        except (ValidationError, actions.GrassrootsError) as error:
            messages.error(request, f"Chưa cập nhật: {_message(error)}")
    return render(
        request,
        "grassroots/incident_detail.html",
        {
            "incident": incident,
            "standing": standing(incident, timezone.localdate(), units_above([incident])),
            "updates": incident.updates.select_related("user", "organization"),
            "organizations": incident.organizations.all(),
            "next_statuses": [
                (s.value, s.label) for s in TRANSITIONS[IncidentStatus(incident.status)]
            ],
            "can_write": can_write,
            "writers": access.writer_organizations(user),
            "posted": request.POST,
        },
    )


# --- situation notes, recommendations -------------------------------------------------------


def note_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = list_scope(request, user)
    notes = access.notes_for_user(user).filter(scope.within(user, "unit"))
    if scope.period:
        notes = notes.filter(period=scope.period.code)
    notes = notes.select_related("unit", "organization").prefetch_related("topics")
    by_topic: dict[str, list[Any]] = {}
    for note in notes:
        for topic in note.topics.all():
            by_topic.setdefault(topic.name, []).append(note)
    sheet = (
        "Tình hình tư tưởng",
        ["Kỳ", "Địa bàn", "Tổ chức", "Chủ đề", "Nội dung"],
        [
            [
                n.period,
                n.unit.name,
                n.organization.name,
                "; ".join(t.name for t in n.topics.all()),
                n.text,
            ]
            for n in notes
        ],
    )
    context = {
        "scope": scope,
        "by_topic": sorted(by_topic.items(), key=lambda kv: -len(kv[1])),
        "can_add": bool(access.writer_organizations(user)),
    }
    return _export_or_render(request, "grassroots/note_list.html", context, sheet)


def note_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not access.writer_organizations(user):
        raise PermissionDenied("Bạn không có quyền ghi nhận tình hình.")
    form = SituationNoteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        actions.record(user, form)
        messages.success(request, "Đã ghi nhận tình hình tư tưởng, dư luận.")
        return redirect("note-list")
    return _form_page(request, form, "Ghi nhận tình hình tư tưởng, dư luận xã hội")


def recommendation_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = list_scope(request, user)
    recs = access.recommendations_for_user(user).filter(
        scope.within(user, "unit"), scope.dates("sent_on")
    )
    recs = recs.select_related("organization", "unit")
    today = timezone.localdate()
    rows = [
        (r, (today - r.sent_on).days if r.status == RecommendationStatus.SENT else None)
        for r in recs
    ]
    sheet = (
        "Tham mưu, đề xuất",
        ["Ngày gửi", "Tổ chức", "Gửi", "Nội dung", "Tình trạng", "Số ngày chờ", "Trả lời"],
        [
            [
                r.sent_on,
                r.organization.name,
                r.addressee_name or r.get_addressee_display(),
                r.text,
                r.get_status_display(),
                age,
                r.answer,
            ]
            for r, age in rows
        ],
    )
    context = {
        "scope": scope,
        "rows": rows,
        "pending": sum(1 for _, age in rows if age is not None),
        "can_add": bool(access.writer_organizations(user)),
    }
    return _export_or_render(request, "grassroots/recommendation_list.html", context, sheet)


def recommendation_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not access.writer_organizations(user):
        raise PermissionDenied("Bạn không có quyền ghi tham mưu, đề xuất.")
    form = RecommendationForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        rec = actions.record(user, form)
        messages.success(request, "Đã ghi tham mưu, đề xuất.")
        return redirect("recommendation-detail", pk=rec.pk)
    return _form_page(request, form, "Ghi tham mưu, đề xuất")


def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    rec = get_object_or_404(
        access.recommendations_for_user(user).select_related("organization", "unit"), pk=pk
    )
    can_write = access.can_write_at(user, rec.unit)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("Bạn không có quyền ghi trả lời.")
        try:
            on = date_field("Ngày trả lời").clean(request.POST.get("answered_on", ""))
            actions.answer_recommendation(
                user, rec, request.POST.get("answer", ""), on, request.POST.get("status", "")
            )
            messages.success(request, "Đã ghi nội dung trả lời.")
            return redirect("recommendation-detail", pk=rec.pk)
        except (ValidationError, actions.GrassrootsError) as error:
            messages.error(request, f"Chưa lưu: {_message(error)}")
    visible = access.incidents_for_user(user)
    return render(
        request,
        "grassroots/recommendation_detail.html",
        {
            "rec": rec,
            "incidents": rec.incidents.filter(pk__in=visible.values("pk")),
            "notes": rec.notes.select_related("unit"),
            "age": (timezone.localdate() - rec.sent_on).days,
            "can_write": can_write,
            "statuses": [
                (s.value, s.label) for s in RecommendationStatus if s != RecommendationStatus.SENT
            ],
            "posted": request.POST,
        },
    )


# --- meetings and tasks ---------------------------------------------------------------------


def meeting_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = list_scope(request, user)
    meetings = access.meetings_for_user(user).filter(
        scope.within(user, "unit"), scope.dates("held_on")
    )
    meetings = meetings.select_related("unit", "organization").annotate(
        tasks_count=Count("tasks", distinct=True),
        open_count=Count("tasks", filter=Q(tasks__done_on__isnull=True), distinct=True),
    )
    sheet = (
        "Hội nghị",
        ["Ngày", "Hội nghị", "Cấp", "Chủ trì", "Kỳ", "Nhiệm vụ", "Chưa xong"],
        [
            [m.held_on, m.title, m.unit.name, m.chair, m.period, m.tasks_count, m.open_count]
            for m in meetings
        ],
    )
    context = {
        "scope": scope,
        "meetings": meetings,
        "can_add": bool(access.writer_organizations(user)),
    }
    return _export_or_render(request, "grassroots/meeting_list.html", context, sheet)


def meeting_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not access.writer_organizations(user):
        raise PermissionDenied("Bạn không có quyền ghi hội nghị.")
    form = MeetingForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        meeting = actions.record(user, form)
        messages.success(request, "Đã ghi hội nghị; thêm kết luận và nhiệm vụ ở dưới.")
        return redirect("meeting-detail", pk=meeting.pk)
    return _form_page(request, form, "Ghi hội nghị, giao ban")


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = get_object_or_404(
        access.meetings_for_user(user).select_related("unit", "organization"), pk=pk
    )
    if request.method == "POST" and request.POST.get("format") in {"docx", "pdf"}:
        return briefing_job(user, meeting, request.POST["format"])
    can_write = access.can_write_at(user, meeting.unit)
    form = TaskForm(meeting=meeting)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("Bạn không có quyền giao nhiệm vụ ở cấp này.")
        if request.POST.get("action") == "conclusions":
            meeting.conclusions = request.POST.get("conclusions", "").strip()
            meeting.save(update_fields=["conclusions"])
            messages.success(request, "Đã lưu kết luận của hội nghị.")
            return redirect("meeting-detail", pk=meeting.pk)
        form = TaskForm(request.POST, meeting=meeting)
        if form.is_valid():
            task = form.save(commit=False)
            task.meeting = meeting
            actions.add_task(user, task, list(form.cleaned_data["owners"]))
            messages.success(request, "Đã giao nhiệm vụ; các cơ quan thực hiện đã được thông báo.")
            return redirect("meeting-detail", pk=meeting.pk)
    earlier = meeting.open_earlier_tasks()
    return render(
        request,
        "grassroots/meeting_detail.html",
        {
            "meeting": meeting,
            "tasks": meeting.tasks.prefetch_related("owners", "updates"),
            "earlier": earlier,
            "form": form,
            "can_write": can_write,
            "today": timezone.localdate(),
        },
    )


def task_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = list_scope(request, user)
    tasks = (
        access.tasks_for_user(user)
        .filter(scope.within(user, "meeting__unit") | scope.within(user, "owners__admin_unit"))
        .filter(scope.dates("deadline"))
        .distinct()
    )
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    if state == "open":
        tasks = tasks.filter(done_on__isnull=True)
    elif state == "overdue":
        tasks = tasks.filter(done_on__isnull=True, deadline__lt=today)
    tasks = tasks.select_related("meeting").prefetch_related("owners").order_by("deadline", "pk")
    sheet = (
        "Nhiệm vụ",
        ["Nhiệm vụ", "Hội nghị", "Cơ quan thực hiện", "Hạn", "Hoàn thành"],
        [
            [
                t.title,
                t.meeting.title,
                "; ".join(o.name for o in t.owners.all()),
                t.deadline,
                t.done_on,
            ]
            for t in tasks
        ],
    )
    context = {"scope": scope, "tasks": tasks, "state": state, "today": today}
    return _export_or_render(request, "grassroots/task_list.html", context, sheet)


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    task = get_object_or_404(access.tasks_for_user(user).select_related("meeting"), pk=pk)
    owners = list(task.owners.all())
    mine = [o for o in access.writer_organizations(user) if o in owners]
    if request.method == "POST":
        organization = next(
            (o for o in mine if str(o.pk) == request.POST.get("organization")), None
        )
        if organization is None:
            raise PermissionDenied("Chỉ cơ quan được giao mới báo cáo tiến độ nhiệm vụ này.")
        try:
            percent = int(request.POST.get("percent", "") or -1)
            actions.post_task_progress(
                user, task, organization, percent, request.POST.get("text", "")
            )
            messages.success(request, "Đã báo cáo tiến độ.")
            return redirect("task-detail", pk=task.pk)
        except ValueError as error:
            text = (
                str(error)
                if isinstance(error, actions.GrassrootsError)
                else "Tỉ lệ phải là số nguyên từ 0 đến 100."
            )
            messages.error(request, f"Chưa lưu: {text}")
    return render(
        request,
        "grassroots/task_detail.html",
        {
            "task": task,
            "owners": owners,
            "mine": mine,
            "updates": task.updates.select_related("organization", "user"),
            "today": timezone.localdate(),
            "posted": request.POST,
        },
    )


def notification_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    notices = Notification.objects.filter(user=user)[:100]
    response = render(request, "grassroots/notifications.html", {"notices": notices})
    Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    return response

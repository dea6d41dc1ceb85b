"""Pages for the situation: incidents, situation notes and recommendations. Lists filter by
unit subtree and period, show only what the user's scope holds, and export what they show to
XLSX (`?format=xlsx`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from danvan.core import history
from danvan.core.errors import ActionError
from danvan.core.forms import date_field
from danvan.core.http import date_param
from danvan.orgs import access as org_access
from danvan.orgs.access import signed_in_user
from danvan.orgs.lists import Export, list_page, list_scope, paginate
from danvan.situation import access, actions
from danvan.situation.escalation import standing, standings, units_above
from danvan.situation.forms import IncidentForm, RecommendationForm, SituationNoteForm
from danvan.situation.models import (
    OPEN_STATUSES,
    TRANSITIONS,
    Incident,
    IncidentStatus,
    RecommendationStatus,
    followed_in,
)

INCIDENT_COLUMNS = [
    "Tên vụ việc", "Loại", "Xã, phường", "Ngày nắm được", "Tính chất", "Tình trạng", "Hạn",
    "Đang ở cấp", "Lý do",
]  # fmt: skip


def _message(error: Exception) -> str:
    """The Vietnamese text of a form or action error."""
    return error.messages[0] if isinstance(error, ValidationError) else str(error)


def _may_add(user: Any, what: str) -> None:
    if not org_access.writer_organizations(user):
        raise PermissionDenied(f"Bạn không có quyền ghi {what}.")


def incident_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = list_scope(request, user)
    incidents = access.incidents_for_user(user).filter(scope.within(user, "unit"))
    if scope.period:
        incidents = incidents.filter(followed_in(scope.period.start, scope.period.end))
    status = request.GET.get("status", "")
    if status in IncidentStatus.values:
        incidents = incidents.filter(status=status)
    found = standings(incidents.prefetch_related("organizations"), scope.on)
    own_levels = org_access.own_level_paths(user)

    def sheet() -> list[list[object]]:
        return [
            [
                s.incident.title, s.incident.category.name, s.incident.unit.name,
                s.incident.reported_on, s.incident.get_severity_display(),
                s.incident.get_status_display(), s.incident.deadline, s.level.name,
                "; ".join(s.reasons),
            ]
            for s in found
        ]  # fmt: skip

    context = {
        "scope": scope,
        "escalated_here": [s for s in found if s.escalated and s.level.path in own_levels],
        "statuses": IncidentStatus.choices,
        "status": status,
        "can_add": bool(org_access.writer_organizations(user)),
    }
    return list_page(
        request,
        "situation/incident_list.html",
        context,
        items=found,
        export=Export("Vụ việc", INCIDENT_COLUMNS, sheet),
    )


def incident_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    _may_add(user, "nhận vụ việc")
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
            actions.file_incident(
                incident,
                organization=form.cleaned_data["organization"],
                visible_roles=form.cleaned_data["visible_roles"],
                acting_user=user,
            )
            messages.success(request, "Đã ghi nhận vụ việc.")
            return redirect("incident-detail", pk=incident.pk)
    return render(request, "situation/incident_form.html", {"form": form, "similar": similar})


def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    incident = access.get_incident_for_user(user, pk)
    on, _ = date_param(request, timezone.localdate())
    can_write = org_access.can_write_at(user, incident.unit)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("Bạn không có quyền cập nhật vụ việc ở địa bàn này.")
        field = date_field("Ngày")
        try:
            on = field.clean(request.POST.get("on") or timezone.localdate().strftime("%d/%m/%Y"))
            organization = next(
                (
                    o
                    for o in org_access.writer_organizations(user)
                    if str(o.pk) == request.POST.get("organization")
                ),
                None,
            )
            actions.update_incident(
                incident, request.POST.get("text", ""), status=request.POST.get("status", ""),
                on=on, organization=organization, acting_user=user,
            )  # fmt: skip
            messages.success(request, "Đã cập nhật vụ việc.")
            return redirect("incident-detail", pk=incident.pk)
        except (ValidationError, ActionError) as error:
            messages.error(request, f"Chưa cập nhật: {_message(error)}")
    return render(
        request,
        "situation/incident_detail.html",
        {
            "incident": incident,
            "standing": standing(incident, on, units_above([incident])),
            "on": on,
            "updates": incident.updates.select_related("user", "organization"),
            "organizations": incident.organizations.all(),
            "next_statuses": [
                (s.value, s.label) for s in TRANSITIONS[IncidentStatus(incident.status)]
            ],
            "can_write": can_write,
            "writers": org_access.writer_organizations(user),
            "posted": request.POST,
            "history": history.entries(incident),
        },
    )


def note_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = list_scope(request, user)
    notes = access.notes_for_user(user).filter(scope.within(user, "unit"))
    if scope.period:
        notes = notes.filter(period=scope.period.code)
    notes = notes.select_related("unit", "organization").prefetch_related("topics")
    page = paginate(request, notes)
    by_topic: dict[str, list[Any]] = {}
    for note in page:
        for topic in note.topics.all():
            by_topic.setdefault(topic.name, []).append(note)

    def sheet() -> list[list[object]]:
        return [
            [n.period, n.unit.name, n.organization.name, "; ".join(t.name for t in n.topics.all()),
             n.text]
            for n in notes
        ]  # fmt: skip

    context = {
        "scope": scope,
        "page": page,
        "by_topic": sorted(by_topic.items(), key=lambda kv: -len(kv[1])),
        "can_add": bool(org_access.writer_organizations(user)),
    }
    columns = ["Kỳ", "Địa bàn", "Tổ chức", "Chủ đề", "Nội dung"]
    return list_page(
        request,
        "situation/note_list.html",
        context,
        export=Export("Tình hình tư tưởng", columns, sheet),
    )


def note_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    _may_add(user, "nhận tình hình")
    form = SituationNoteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        actions.record_note(form, acting_user=user)
        messages.success(request, "Đã ghi nhận tình hình tư tưởng, dư luận.")
        return redirect("note-list")
    title = "Ghi nhận tình hình tư tưởng, dư luận xã hội"
    return render(request, "record_form.html", {"form": form, "title": title})


def recommendation_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = list_scope(request, user)
    recs = access.recommendations_for_user(user).filter(
        scope.within(user, "unit"), scope.dates("sent_on")
    )
    state = request.GET.get("state", "")
    if state == "answered":
        recs = recs.exclude(status=RecommendationStatus.SENT)
    elif state == "waiting":
        recs = recs.filter(status=RecommendationStatus.SENT)
    recs = recs.select_related("organization", "unit")
    today = timezone.localdate()
    rows = [
        (r, (today - r.sent_on).days if r.status == RecommendationStatus.SENT else None)
        for r in recs
    ]

    def sheet() -> list[list[object]]:
        return [
            [r.sent_on, r.organization.name, r.addressee_name or r.get_addressee_display(),
             r.text, r.get_status_display(), age, r.answer]
            for r, age in rows
        ]  # fmt: skip

    context = {
        "scope": scope,
        "pending": sum(1 for _, age in rows if age is not None),
        "state": state,
        "can_add": bool(org_access.writer_organizations(user)),
    }
    columns = ["Ngày gửi", "Tổ chức", "Gửi", "Nội dung", "Tình trạng", "Số ngày chờ", "Trả lời"]
    return list_page(
        request,
        "situation/recommendation_list.html",
        context,
        items=rows,
        export=Export("Tham mưu, đề xuất", columns, sheet),
    )


def recommendation_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    _may_add(user, "tham mưu, đề xuất")
    form = RecommendationForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        rec = actions.record_recommendation(form, acting_user=user)
        messages.success(request, "Đã ghi tham mưu, đề xuất.")
        return redirect("recommendation-detail", pk=rec.pk)
    return render(request, "record_form.html", {"form": form, "title": "Ghi tham mưu, đề xuất"})


def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    rec = get_object_or_404(
        access.recommendations_for_user(user).select_related("organization", "unit"), pk=pk
    )
    can_write = org_access.can_write_at(user, rec.unit)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("Bạn không có quyền ghi trả lời.")
        try:
            on = date_field("Ngày trả lời").clean(request.POST.get("answered_on", ""))
            actions.answer_recommendation(
                rec, request.POST.get("answer", ""), on, request.POST.get("status", ""),
                acting_user=user,
            )  # fmt: skip
            messages.success(request, "Đã ghi nội dung trả lời.")
            return redirect("recommendation-detail", pk=rec.pk)
        except (ValidationError, ActionError) as error:
            messages.error(request, f"Chưa lưu: {_message(error)}")
    visible = access.incidents_for_user(user)
    versions = list(rec.history.all())  # newest first
    return render(
        request,
        "situation/recommendation_detail.html",
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
            "earlier_answers": earlier_answers(versions, rec.answer),
            "history": history.entries(rec),
        },
    )


def earlier_answers(versions: list[Any], current: str) -> list[Any]:
    """Each answer given before the current one, oldest first, from the record's versions."""
    found: list[Any] = []
    for entry in reversed(versions):  # newest first
        if (
            entry.answer
            and entry.answer != current
            and all(e.answer != entry.answer for e in found)
        ):
            found.append(entry)
    return found

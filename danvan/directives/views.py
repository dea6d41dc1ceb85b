"""Pages for meetings and tasks. Lists filter by unit subtree and period, show only what the
user's scope holds, and export what they show to XLSX (`?format=xlsx`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import rotate_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from danvan.core import history
from danvan.core.errors import ActionError
from danvan.directives import access, actions
from danvan.directives.forms import MeetingForm, OwnerChooser, TaskForm, owner_label
from danvan.directives.models import concerning
from danvan.orgs import access as org_access
from danvan.orgs.access import signed_in_user
from danvan.orgs.lists import Export, list_page, list_scope
from danvan.orgs.models import Organization

# A task's owners with what names them with their unit (`owner_label`), in the same query.
OWNERS = Prefetch("owners", queryset=Organization.objects.select_related("admin_unit__parent"))


def meeting_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = list_scope(request, user)
    meetings = access.meetings_for_user(user).filter(
        scope.within(user, "unit"), scope.dates("held_on")
    )
    meetings = (
        meetings.select_related("unit", "organization")
        .annotate(
            tasks_count=Count("tasks", distinct=True),
            open_count=Count("tasks", filter=Q(tasks__done_on__isnull=True), distinct=True),
        )
        .order_by("-held_on", "-pk")
    )
    columns = ["Ngày", "Hội nghị", "Cấp", "Chủ trì", "Kỳ", "Nhiệm vụ", "Chưa xong"]
    return list_page(
        request,
        "directives/meeting_list.html",
        {"scope": scope, "can_add": bool(org_access.writer_organizations(user))},
        items=meetings,
        export=Export(
            "Hội nghị",
            columns,
            lambda: [
                [m.held_on, m.title, m.unit.name, m.chair, m.period, m.tasks_count, m.open_count]
                for m in meetings
            ],
        ),
    )


def meeting_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not org_access.writer_organizations(user):
        raise PermissionDenied("Bạn không có quyền ghi hội nghị.")
    form = MeetingForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        meeting = actions.record_meeting(form, acting_user=user)
        messages.success(request, "Đã ghi hội nghị; thêm kết luận và nhiệm vụ ở dưới.")
        return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "record_form.html", {"form": form, "title": "Ghi hội nghị, giao ban"})


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = get_object_or_404(
        access.meetings_for_user(user).select_related("unit", "organization"), pk=pk
    )
    can_write = org_access.can_write_at(user, meeting.unit)
    # Narrowing the list of organizations is a GET of the filter's own form, which carries the
    # title and deadline as they were so that they come back with it, and no token. An address
    # saved from before it did still carries one: that token is replaced, so one read from a
    # log or a shared link is worth nothing.
    if "csrfmiddlewaretoken" in request.GET:
        rotate_token(request)
    typed = {name: request.GET.get(name) for name in ("title", "deadline") if name in request.GET}
    form = TaskForm(meeting=meeting, initial=typed)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("Bạn không có quyền giao nhiệm vụ ở cấp này.")
        if request.POST.get("action") == "conclusions":
            actions.save_conclusions(meeting, request.POST.get("conclusions", ""), acting_user=user)
            messages.success(request, "Đã lưu kết luận của hội nghị.")
            return redirect("meeting-detail", pk=meeting.pk)
        form = TaskForm(request.POST, meeting=meeting)
        if form.is_valid():
            task = form.save(commit=False)
            task.meeting = meeting
            try:
                told = actions.add_task(task, list(form.cleaned_data["owners"]), acting_user=user)
            except ActionError as error:
                messages.error(request, f"Chưa giao: {error}")
            else:
                messages.success(
                    request,
                    f"Đã giao nhiệm vụ; đã thông báo cho {told} người của các cơ quan thực hiện."
                    if told
                    else "Đã giao nhiệm vụ. Các cơ quan thực hiện chưa có tài khoản nào đang "
                    "hoạt động nên chưa ai nhận được thông báo.",
                )
                return redirect("meeting-detail", pk=meeting.pk)
    chooser = None
    if can_write:
        chooser = OwnerChooser.build(
            meeting, request.POST if request.method == "POST" else request.GET
        )
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "directives/_owner_choices.html", {"chooser": chooser})
    return render(
        request,
        "directives/meeting_detail.html",
        {
            "meeting": meeting,
            "tasks": meeting.tasks.prefetch_related(OWNERS, "updates"),
            "earlier": meeting.open_earlier_tasks(),
            "form": form,
            "chooser": chooser,
            "can_write": can_write,
            "today": timezone.localdate(),
            "history": history.entries(meeting),
        },
    )


def task_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    scope = list_scope(request, user)
    tasks = (
        access.tasks_for_user(user)
        .filter(concerning(scope.paths(user)), scope.dates("deadline"))
        .distinct()
    )
    today = scope.on
    state = request.GET.get("state", "open")
    if state == "open":
        tasks = tasks.filter(done_on__isnull=True)
    elif state == "overdue":
        tasks = tasks.filter(done_on__isnull=True, deadline__lt=today)
    elif state == "done":
        tasks = tasks.filter(done_on__isnull=False)
    tasks = tasks.select_related("meeting").prefetch_related(OWNERS).order_by("deadline", "pk")
    columns = ["Nhiệm vụ", "Hội nghị", "Cơ quan thực hiện", "Hạn", "Hoàn thành"]
    return list_page(
        request,
        "directives/task_list.html",
        {"scope": scope, "state": state, "today": today},
        items=tasks,
        export=Export(
            "Nhiệm vụ",
            columns,
            lambda: [
                [
                    t.title,
                    t.meeting.title,
                    "; ".join(owner_label(o) for o in t.owners.all()),
                    t.deadline,
                    t.done_on,
                ]
                for t in tasks
            ],
        ),
    )


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    task = get_object_or_404(access.tasks_for_user(user).select_related("meeting"), pk=pk)
    owners = list(task.owners.select_related("admin_unit__parent"))
    mine = actions.reporting_organizations(task, user)
    if request.method == "POST":
        organization = next(
            (o for o in mine if str(o.pk) == request.POST.get("organization")), None
        )
        if organization is None:
            raise PermissionDenied("Chỉ cơ quan được giao mới báo cáo tiến độ nhiệm vụ này.")
        try:
            percent = int(request.POST.get("percent", "") or -1)
            actions.post_task_progress(
                task, organization, percent, request.POST.get("text", ""), acting_user=user
            )
            messages.success(request, "Đã báo cáo tiến độ.")
            return redirect("task-detail", pk=task.pk)
        except ValueError as error:
            text = (
                str(error)
                if isinstance(error, ActionError)
                else "Tỉ lệ phải là số nguyên từ 0 đến 100."
            )
            messages.error(request, f"Chưa lưu: {text}")
    return render(
        request,
        "directives/task_detail.html",
        {
            "task": task,
            # A commune given a province meeting's task does not see that meeting's page.
            "meeting_visible": access.meetings_for_user(user).filter(pk=task.meeting_id).exists(),
            "owners": owners,
            "mine": mine,
            "updates": task.updates.select_related("organization", "user"),
            "today": timezone.localdate(),
            "posted": request.POST,
            "history": history.entries(task),
        },
    )

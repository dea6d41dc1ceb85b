import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone

from danvan.core.http import date_param
from danvan.core.registry import Queue, WorkItem, queue_sources, worklist_sources
from danvan.geo.models import LEVEL_RANK, AdminUnit, Level, in_force
from danvan.orgs import access, notices
from danvan.orgs.access import signed_in_user
from danvan.orgs.forms import LoginForm
from danvan.orgs.models import Notification, Organization, User
from danvan.vi import fold


def scope_date(request: HttpRequest, user: User) -> tuple[dt.date, str]:
    """The ?at= date; without one, today, or for an officer whose organizations have all ended
    (a 2021 commune), their last active day, so that they see their own units."""
    return date_param(request, access.default_date(user, timezone.localdate()))


class ThrottledLoginView(LoginView):
    """Django's login through the throttled backend; a locked name or address answers 429."""

    form_class = LoginForm

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "locked"):
            response.status_code = 429
        return response


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that link no icon (the admin's).

    Resolved per request: in production the static URL comes from the collectstatic manifest.
    """
    return HttpResponsePermanentRedirect(static("danvan/icon.svg"))


def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = access.default_date(user, timezone.localdate())
    units = access.units_for_user(user).at(today)
    return render(
        request,
        "orgs/home.html",
        {
            "roles": access.roles_of(user),
            "unit_count": units.count(),
            "commune_count": units.filter(level="commune").count(),
            "organization_count": access.organizations_for_user(user).count(),
            "today": today,
            "queues": queues(user),
            "worklist": worklist(user, timezone.localdate()),
        },
    )


def queues(user: User) -> list[Queue]:
    """What waits for the user's decision, from every app that has something
    (`core.registry`): shown before the worklist, each with how many wait in all."""
    return [queue for source in queue_sources if (queue := source(user)) is not None]


def worklist(user: User, today: dt.date) -> list[WorkItem]:
    """What is the user's to do, from every app that has something (`core.registry`): the urgent
    first, then by deadline."""
    items = [item for source in worklist_sources for item in source(user, today)]
    return sorted(items, key=lambda i: (not i.urgent, i.due or dt.date.max))


def organization_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    at, error = scope_date(request, user)
    organizations = (
        access.organizations_for_user(user)
        .filter(in_force(at))
        .select_related("admin_unit", "parent")
        .order_by("admin_unit__sort_name", "kind", "name")
    )
    kind = request.GET.get("kind", "")
    if kind:
        organizations = organizations.filter(kind=kind)
    page = Paginator(organizations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/organization_list.html",
        {
            "page": page,
            "at": at,
            "date_error": error,
            "kind": kind,
            "kinds": Organization._meta.get_field("kind").choices,
        },
    )


# --- administrative units in the user's scope ---------------------------------------------


def unit_list(request: HttpRequest) -> HttpResponse:
    """Units in the user's scope in force on ?at=, in tree order; ?q= searches without accents."""
    user = signed_in_user(request)
    at, error = scope_date(request, user)
    units = (
        access.units_for_user(user)
        .at(at)
        .select_related("parent")
        .annotate(rank=LEVEL_RANK)
        .order_by("rank", "sort_name")
    )
    query = request.GET.get("q", "").strip()
    if query:
        units = units.filter(name_folded__contains=fold(query))
    level = request.GET.get("level", "")
    if level in Level.values:
        units = units.filter(level=level)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    template = "geo/_unit_rows.html" if request.htmx else "geo/unit_list.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "page": page,
            "at": at,
            "date_error": error,
            "q": query,
            "level": level,
            "levels": Level.choices,
        },
    )


def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    unit = access.get_unit_for_user(user, pk)
    ancestor_ids = [int(part) for part in unit.path.strip("/").split("/")[:-1]]
    ancestors = sorted(AdminUnit.objects.filter(pk__in=ancestor_ids), key=lambda u: len(u.path))
    # A commune officer sees the district and province named, but their pages answer 404:
    # only the units the user may open are links.
    openable = set(
        access.units_for_user(user).filter(pk__in=ancestor_ids).values_list("pk", flat=True)
    )
    return render(
        request,
        "geo/unit_detail.html",
        {
            "unit": unit,
            "ancestors": [(a, a.pk in openable) for a in ancestors],
            "children": unit.children.order_by("sort_name"),
            "successors": AdminUnit.objects.filter(predecessions__old=unit).order_by("path"),
            "predecessors": AdminUnit.objects.filter(successions__new=unit)
            .select_related("parent")
            .order_by("path"),
            "organizations": access.organizations_for_user(user)
            .filter(admin_unit=unit)
            .order_by("kind"),
        },
    )


# --- notices --------------------------------------------------------------------------------


def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notices, newest first; a POST marks them all read (a GET changes nothing)."""
    user = signed_in_user(request)
    if request.method == "POST":
        notices.mark_read(user)
        return redirect("notifications")
    page = Paginator(Notification.objects.filter(user=user), 50).get_page(request.GET.get("page"))
    return render(request, "orgs/notifications.html", {"page": page})

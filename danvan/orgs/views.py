import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone

from danvan.geo.models import in_force
from danvan.orgs import access
from danvan.orgs.forms import LoginForm
from danvan.orgs.models import Organization, User
from danvan.vi.dates import parse_date


def signed_in_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMiddleware has let only signed-in users through
    return user


def date_param(request: HttpRequest) -> tuple[dt.date, str | None]:
    """The ?at= date (dd/mm/yyyy); an error message if it was malformed.

    Without one, today, or for an officer whose organizations have all ended (a 2021 commune),
    their last active day, so that they see their own units.
    """
    today = access.default_date(signed_in_user(request), timezone.localdate())
    raw = request.GET.get("at", "").strip()
    if not raw:
        return today, None
    try:
        return parse_date(raw), None
    except ValueError as error:
        return today, str(error)


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
        },
    )


def organization_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    at, error = date_param(request)
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

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danvan.geo.models import LEVEL_RANK, AdminUnit, Level
from danvan.orgs import access
from danvan.orgs.views import date_param, signed_in_user
from danvan.vi import fold


def unit_list(request: HttpRequest) -> HttpResponse:
    """Units in the user's scope in force on ?at=, in tree order; ?q= searches without accents."""
    user = signed_in_user(request)
    at, error = date_param(request)
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
    return render(
        request,
        "geo/unit_detail.html",
        {
            "unit": unit,
            "ancestors": ancestors,
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

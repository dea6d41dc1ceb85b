"""The map's pages (/ban-do/): the page with its legend and the table of its figures, and the
GeoJSON the page's script draws. Both read the same `mapview.map_view`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danvan.core.replica import reads_from_replica
from danvan.dashboard.mapview import geojson, map_view, totals
from danvan.geo.models import Boundary
from danvan.orgs.access import signed_in_user
from danvan.reporting.models import ReportForm
from danvan.reporting.scopes import scope_from


@reads_from_replica
def map_page(request: HttpRequest) -> HttpResponse:
    """The map of the units under the user's scope; the table under it holds every figure the
    map draws, and is what a browser without scripts shows."""
    user = signed_in_user(request)
    scope = scope_from(request, user)
    view = map_view(user, scope, request.GET.get("level", ""), request.GET.get("indicator", ""))
    context = {
        "view": view,
        "totals": totals(view),
        "scope": scope,
        "forms": ReportForm.objects.filter(active=True),
        "outlines": Boundary.objects.filter(unit__in=[row.unit for row in view.units]).exists(),
    }
    return render(request, "dashboard/map.html", context)


@reads_from_replica
def map_data(request: HttpRequest) -> HttpResponse:
    """The units, their figures, key areas and open incidents as GeoJSON."""
    user = signed_in_user(request)
    scope = scope_from(request, user)
    view = map_view(user, scope, request.GET.get("level", ""), request.GET.get("indicator", ""))
    return HttpResponse(geojson(view), content_type="application/geo+json; charset=utf-8")

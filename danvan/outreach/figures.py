"""What outreach tells other apps: the figures an organization's periodic report can take
from the propaganda sessions it recorded, and what the sessions and the drives' milestones
say for a whole scope, set beside the reports' consolidated figures."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum

from danvan.core.registry import Suggestions
from danvan.geo.models import AdminUnit, under_paths
from danvan.outreach.models import Drive, PropagandaSession
from danvan.outreach.progress import pooled_average, progress_table


def _session_figures(sessions: QuerySet[PropagandaSession]) -> Suggestions:
    """All sessions, their audience and the largest, those in key areas, those on the election."""
    totals = sessions.aggregate(
        count=Count("id"),
        people=Sum("audience"),
        most=Max("audience"),
        key=Count("id", filter=Q(in_key_area=True)),
    )
    found: Suggestions = {}
    if totals["count"]:
        found[("tt-buoi", None)] = Decimal(totals["count"])
        found[("tt-luot-nguoi", None)] = Decimal(totals["people"] or 0)
        found[("tt-dong-nhat", None)] = Decimal(totals["most"] or 0)
        found[("tt-trong-diem", None)] = Decimal(totals["key"])
        found[("tt-bau-cu", None)] = Decimal(
            sessions.filter(topics__code="bau-cu").distinct().count()
        )
    return found


def sessions_held(start: dt.date, end: dt.date) -> Q:
    return Q(held_on__gte=start, held_on__lte=end)


def report_suggestions(organization_id: int, start: dt.date, end: dt.date) -> Suggestions:
    """{(indicator code, None): figure} from the organization's propaganda sessions in the
    period: all, in key areas, on the election, and the largest audience."""
    return _session_figures(
        PropagandaSession.objects.filter(sessions_held(start, end), organization_id=organization_id)
    )


def scope_figures(paths: list[str], start: dt.date, end: dt.date) -> Suggestions:
    """{(indicator code, None): total} of the sessions recorded under `paths` in the period."""
    return _session_figures(
        PropagandaSession.objects.filter(sessions_held(start, end), under_paths(paths, "unit"))
    )


def drives_covering(unit: AdminUnit, start: dt.date, end: dt.date) -> QuerySet[Drive]:
    """The drives under way in the period that reach the unit: its own and its ancestors'."""
    ancestors = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    return Drive.objects.filter(starts_on__lte=end, ends_on__gte=start).filter(
        Q(unit__path__startswith=unit.path) | Q(unit_id__in=ancestors)
    )


def drive_figures(paths: list[str], start: dt.date, end: dt.date) -> Suggestions:
    """{("bc-tien-do", None): mean percent}: the milestones due by the period's end (all of
    them if none is due yet), over every commune under `paths`, of the drives under way."""
    tables = [
        progress_table(drive, unit, end)
        for unit in AdminUnit.objects.filter(path__in=paths)
        for drive in drives_covering(unit, start, end).prefetch_related("milestones")
    ]
    mean = pooled_average(tables)
    return {} if mean is None else {("bc-tien-do", None): mean}

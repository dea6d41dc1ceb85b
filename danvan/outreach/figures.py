"""What outreach tells other apps: the figures an organization's periodic report can take
from the propaganda sessions it recorded."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Max, Sum

from danvan.core.registry import Suggestions
from danvan.outreach.models import PropagandaSession


def report_suggestions(organization_id: int, start: dt.date, end: dt.date) -> Suggestions:
    """{(indicator code, None): figure} from the organization's propaganda sessions in the
    period: all, in key areas, on the election, and the largest audience."""
    sessions = PropagandaSession.objects.filter(
        organization_id=organization_id, held_on__gte=start, held_on__lte=end
    )
    totals = sessions.aggregate(count=Count("id"), people=Sum("audience"), most=Max("audience"))
    found: Suggestions = {}
    if totals["count"]:
        found[("tt-buoi", None)] = Decimal(totals["count"])
        found[("tt-luot-nguoi", None)] = Decimal(totals["people"] or 0)
        found[("tt-dong-nhat", None)] = Decimal(totals["most"] or 0)
        found[("tt-trong-diem", None)] = Decimal(sessions.filter(in_key_area=True).count())
        found[("tt-bau-cu", None)] = Decimal(
            sessions.filter(topics__code="bau-cu").distinct().count()
        )
    return found

"""What other apps may ask of grassroots records: the figures an organization's periodic
report can take from what it recorded (sessions, incidents, recommendations)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Max, Sum

from danvan.grassroots.models import (
    IncidentStatus,
    IncidentUpdate,
    PropagandaSession,
    Recommendation,
)

SOURCE = "Ghi nhận ở cơ sở"
CODES = {
    "tt-buoi",
    "tt-luot-nguoi",
    "tt-trong-diem",
    "tt-bau-cu",
    "tt-dong-nhat",
    "vv-tham-gia",
    "vv-giai-quyet",
    "tm-de-xuat",
}


def report_suggestions(
    organization_id: int, start: dt.date, end: dt.date
) -> dict[tuple[str, str | None], Decimal]:
    """{(indicator code, None): figure} from what the organization recorded in the period:
    its propaganda sessions (all, in key areas, on the election, the largest audience), the
    incidents it worked on and those resolved, and its recommendations."""
    sessions = PropagandaSession.objects.filter(
        organization_id=organization_id, held_on__gte=start, held_on__lte=end
    )
    totals = sessions.aggregate(count=Count("id"), people=Sum("audience"), most=Max("audience"))
    found: dict[tuple[str, str | None], Decimal] = {}
    if totals["count"]:
        found[("tt-buoi", None)] = Decimal(totals["count"])
        found[("tt-luot-nguoi", None)] = Decimal(totals["people"] or 0)
        found[("tt-dong-nhat", None)] = Decimal(totals["most"] or 0)
        found[("tt-trong-diem", None)] = Decimal(sessions.filter(in_key_area=True).count())
        found[("tt-bau-cu", None)] = Decimal(
            sessions.filter(topics__code="bau-cu").distinct().count()
        )
    updates = IncidentUpdate.objects.filter(
        organization_id=organization_id, on__gte=start, on__lte=end
    )
    worked = updates.values("incident").distinct().count()
    if worked:
        found[("vv-tham-gia", None)] = Decimal(worked)
        resolved = (
            updates.filter(status_to=IncidentStatus.RESOLVED).values("incident").distinct().count()
        )
        found[("vv-giai-quyet", None)] = Decimal(resolved)
    advised = Recommendation.objects.filter(
        organization_id=organization_id, sent_on__gte=start, sent_on__lte=end
    ).count()
    if advised:
        found[("tm-de-xuat", None)] = Decimal(advised)
    return found

"""What the situation tells other apps: the figures an organization's periodic report can
take from the incidents it worked on and the recommendations it sent."""

import datetime as dt
from decimal import Decimal

from danvan.core.registry import Suggestions
from danvan.situation.models import IncidentStatus, IncidentUpdate, Recommendation


def report_suggestions(organization_id: int, start: dt.date, end: dt.date) -> Suggestions:
    """{(indicator code, None): figure}: incidents the organization worked on in the period and
    those it resolved, and its recommendations sent."""
    found: Suggestions = {}
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

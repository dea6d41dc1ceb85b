"""What the situation tells other apps: the figures an organization's periodic report can
take from the incidents it worked on and the recommendations it sent, and the same for a
whole scope, set beside the reports' consolidated figures."""

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet

from danvan.core.registry import Suggestions
from danvan.geo.models import under_paths
from danvan.situation.models import IncidentStatus, IncidentUpdate, Recommendation


def _situation_figures(updates: QuerySet[IncidentUpdate], advised: int) -> Suggestions:
    """Incidents worked on (any update in the period), those resolved, recommendations sent."""
    found: Suggestions = {}
    worked = updates.values("incident").distinct().count()
    if worked:
        found[("vv-tham-gia", None)] = Decimal(worked)
        resolved = (
            updates.filter(status_to=IncidentStatus.RESOLVED).values("incident").distinct().count()
        )
        found[("vv-giai-quyet", None)] = Decimal(resolved)
    if advised:
        found[("tm-de-xuat", None)] = Decimal(advised)
    return found


def report_suggestions(organization_id: int, start: dt.date, end: dt.date) -> Suggestions:
    """{(indicator code, None): figure}: incidents the organization worked on in the period and
    those it resolved, and its recommendations sent."""
    updates = IncidentUpdate.objects.filter(
        organization_id=organization_id, on__gte=start, on__lte=end
    )
    advised = Recommendation.objects.filter(
        organization_id=organization_id, sent_on__gte=start, sent_on__lte=end
    ).count()
    return _situation_figures(updates, advised)


def scope_figures(paths: list[str], start: dt.date, end: dt.date) -> Suggestions:
    """{(indicator code, None): total} of the incidents under `paths` worked on in the period
    and the recommendations sent. Confidential incidents are left out: the figure is shown to
    everyone who sees the scope, and it is read beside the list of incidents followed."""
    updates = IncidentUpdate.objects.filter(
        under_paths(paths, "incident__unit"),
        on__gte=start,
        on__lte=end,
        incident__confidential=False,
    )
    advised = Recommendation.objects.filter(
        under_paths(paths, "unit"), sent_on__gte=start, sent_on__lte=end
    ).count()
    return _situation_figures(updates, advised)

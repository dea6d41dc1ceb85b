"""The notices a day brings about incidents: escalations, and deadlines within `SOON_DAYS`."""

import datetime as dt

from django.urls import reverse

from danvan.orgs.models import User
from danvan.orgs.notices import notify, users_at
from danvan.situation.access import incidents_for_user
from danvan.situation.escalation import standings
from danvan.situation.models import OPEN_STATUSES, Incident

SOON_DAYS = 3


def who_may_see(incident: Incident, users: list[User]) -> list[User]:
    """Of `users`, those the access gate lets see the incident: a confidential incident's
    title reaches only the roles named on it, as on its page."""
    if not incident.confidential:
        return users
    return [u for u in users if incidents_for_user(u).filter(pk=incident.pk).exists()]


def send_incident_notices(on: dt.date) -> int:
    sent = 0
    for s in standings(Incident.objects.filter(status__in=OPEN_STATUSES), on):
        url = reverse("incident-detail", args=[s.incident.pk])
        if s.escalated:
            sent += notify(
                who_may_see(s.incident, users_at(s.level)),
                f"Vụ việc “{s.incident.title}” chuyển lên {s.level.name}: {'; '.join(s.reasons)}",
                url,
                f"incident-{s.incident.pk}-level-{s.level.pk}",
            )
        deadline = s.incident.deadline
        if deadline is not None and on <= deadline <= on + dt.timedelta(days=SOON_DAYS):
            sent += notify(
                who_may_see(s.incident, users_at(s.incident.unit)),
                f"Vụ việc “{s.incident.title}” đến hạn giải quyết ngày {deadline:%d/%m/%Y}",
                url,
                f"incident-{s.incident.pk}-due-{deadline.isoformat()}",
            )
    return sent

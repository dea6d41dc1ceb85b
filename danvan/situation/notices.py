"""The notices a day brings about incidents: escalations, and deadlines within `SOON_DAYS`."""

import datetime as dt

from django.urls import reverse

from danvan.orgs.notices import notify, users_at
from danvan.situation.escalation import standings
from danvan.situation.models import OPEN_STATUSES, Incident

SOON_DAYS = 3


def send_incident_notices(on: dt.date) -> int:
    sent = 0
    for s in standings(Incident.objects.filter(status__in=OPEN_STATUSES), on):
        url = reverse("incident-detail", args=[s.incident.pk])
        if s.escalated:
            sent += notify(
                users_at(s.level),
                f"Vụ việc “{s.incident.title}” chuyển lên {s.level.name}: {'; '.join(s.reasons)}",
                url,
                f"incident-{s.incident.pk}-level-{s.level.pk}",
            )
        deadline = s.incident.deadline
        if deadline is not None and on <= deadline <= on + dt.timedelta(days=SOON_DAYS):
            sent += notify(
                users_at(s.incident.unit),
                f"Vụ việc “{s.incident.title}” đến hạn giải quyết ngày {deadline:%d/%m/%Y}",
                url,
                f"incident-{s.incident.pk}-due-{deadline.isoformat()}",
            )
    return sent

"""In-app notices (and e-mail when configured) to the people an event concerns.

A notice is written in the caller's transaction, so a write that rolls back leaves none; its
e-mail goes out only once that transaction has committed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from danvan.geo.models import AdminUnit
from danvan.orgs.models import Notification, Organization, Role, User
from danvan.orgs.succession import heirs

log = logging.getLogger(__name__)


def notify(users: Iterable[User], text: str, url: str, key: str) -> int:
    """One notice per user and event (`key`: a second call with the same key tells no one
    again); returns how many were told."""
    made = 0
    for user in {u.pk: u for u in users}.values():
        try:
            with transaction.atomic():
                Notification.objects.create(user=user, text=text, url=url, key=key)
        except IntegrityError:
            continue  # already told
        made += 1
        if settings.EMAIL_HOST and user.email:
            transaction.on_commit(partial(_mail, user.email, text, url))
    if made:
        log.info("notice %s to %d user(s)", key, made)
    return made


def _mail(address: str, text: str, url: str) -> None:
    try:
        send_mail("[danvan] " + text[:80], f"{text}\n\n{url}", None, [address])
    except OSError:
        log.exception("e-mail to %s failed", address)


def users_of(organizations: Iterable[Organization]) -> list[User]:
    """The active people of these organizations and of their successors (today's province
    follows what the 2021 one was given), through their active roles."""
    roles = Role.objects.filter(
        organization_id__in=heirs(organizations), active=True, user__is_active=True
    )
    return [role.user for role in roles.select_related("user")]


def users_at(unit: AdminUnit) -> list[User]:
    """The people who work at a unit (its organizations' active roles)."""
    return users_of(Organization.objects.filter(admin_unit=unit))


@transaction.atomic
def mark_read(user: User) -> int:
    """Mark all of the user's unread notices read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )

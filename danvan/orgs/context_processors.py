from django.http import HttpRequest

from danvan.orgs import access
from danvan.orgs.models import Notification, User


def current_roles(request: HttpRequest) -> dict[str, object]:
    """The signed-in user's roles for the page header; cached on the user for the request."""
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {}
    roles = access.roles_of(user)
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {
        "current_roles": roles,
        "is_administrator": access.is_administrator(user),
        "unread_notices": unread,
    }

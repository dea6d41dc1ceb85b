"""The one authentication backend: Django's, behind the login throttle.

Every way of signing in (the login page, the admin's login page, anything calling
django.contrib.auth.authenticate) ends here, so a locked account stays locked on all of them and
every attempt is counted under the account's normalized name.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from danvan.orgs import throttle
from danvan.orgs.models import normalize_username


class ThrottledModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None or password is None:
            return None
        name = normalize_username(username)
        ip = throttle.client_ip(request) if request is not None else None
        if throttle.is_locked(name, ip):
            # Not counted: a locked name stays locked for the window, not longer.
            return None
        user = super().authenticate(request, username=name, password=password, **kwargs)
        throttle.record(name, ip, user is not None)
        return user

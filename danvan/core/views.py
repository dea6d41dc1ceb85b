from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a stale or missing CSRF token: say so in Vietnamese (Django's page is
    English and speaks of tokens)."""
    return render(request, "403_csrf.html", status=403)

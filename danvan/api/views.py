"""The site's page where a user makes and revokes their personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from danvan.api import actions
from danvan.api.models import ApiToken
from danvan.core.errors import ActionError
from danvan.orgs.access import signed_in_user


def tokens(request: HttpRequest) -> HttpResponse:
    """List, create (the secret shown on this answer only) and revoke the user's tokens."""
    user = signed_in_user(request)
    secret = ""
    error = ""
    form = {"name": "", "days": "90", "read_only": False}
    if request.method == "POST" and request.POST.get("action") == "revoke":
        token = get_object_or_404(ApiToken, pk=request.POST.get("token", "0"), user=user)
        actions.revoke_token(token, acting_user=user)
        messages.success(request, f"Đã thu hồi mã «{token.name}».")
        return redirect("api-tokens")
    if request.method == "POST":
        form = {
            "name": request.POST.get("name", ""),
            "days": request.POST.get("days", ""),
            "read_only": request.POST.get("read_only") == "on",
        }
        days = str(form["days"]).strip()
        try:
            if not days.isdigit():
                raise ActionError("Thời hạn là số ngày, vd. 90.")
            _, secret = actions.create_token(
                user,
                str(form["name"]),
                days=int(days),
                read_only=bool(form["read_only"]),
                acting_user=user,
            )
            form = {"name": "", "days": "90", "read_only": False}
        except ActionError as err:
            error = str(err)
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=user),
            "secret": secret,
            "error": error,
            "form": form,
            "max_days": actions.MAX_DAYS,
        },
        status=400 if error else 200,
    )

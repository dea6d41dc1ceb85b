"""Administrators make and revoke the API tokens of the users they manage (their scope only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from danvan.api import actions
from danvan.api.models import ApiToken
from danvan.orgs.admin import DanvanAdmin, admin_site


class TokenForm(forms.ModelForm):
    days = forms.IntegerField(
        label="thời hạn (ngày)", min_value=1, max_value=actions.MAX_DAYS, initial=90
    )

    class Meta:
        model = ApiToken
        fields = ["user", "name", "read_only"]


@admin.register(ApiToken, site=admin_site)
class ApiTokenAdmin(DanvanAdmin):
    scope_field = "user__organization__admin_unit"
    list_display = ["name", "user", "hint", "read_only", "expires_at", "last_used_at", "state"]
    list_filter = ["read_only"]
    search_fields = ["name", "user__username"]
    actions = ["revoke"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = TokenForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["user", "name", "days", "read_only"]
        return ["user", "name", "hint", "read_only", "expires_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return []
        return ["user", "name", "hint", "read_only", "expires_at", "last_used_at", "revoked_at"]

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return  # a token is never edited: it is revoked and a new one made
        self.check_save(request, obj)
        token, secret = actions.create_token(
            form.cleaned_data["user"],
            form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            read_only=form.cleaned_data["read_only"],
            acting_user=request.user,  # type: ignore[arg-type]
        )
        obj.pk = token.pk
        obj.__dict__.update(token.__dict__)
        messages.warning(request, f"Mã truy cập mới (chỉ hiện một lần này): {secret}")

    @admin.action(description="Thu hồi các mã đã chọn")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            actions.revoke_token(token, acting_user=request.user)  # type: ignore[arg-type]
        self.message_user(request, "Đã thu hồi.", messages.SUCCESS)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def state(self, obj: ApiToken) -> str:
        return obj.state

    state.short_description = "tình trạng"  # type: ignore[attr-defined]

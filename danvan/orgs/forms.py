"""Forms of the orgs app: record forms whose choices are what the user may record for (in
both eras), and the sign-in forms, which say a lock in Vietnamese before a password is tried."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from danvan.core.forms import date_field, vietnamese_choices
from danvan.geo.models import AdminUnit, under_paths
from danvan.orgs import access, throttle
from danvan.orgs.models import Organization, User
from danvan.orgs.succession import lineage


def units_for(user: User, levels: tuple[str, ...] = ("commune",)) -> Any:
    """Units the user may record for (of the given levels), of both eras, by name: the record's
    date decides which are valid (`Scoped.clean`)."""
    if user.is_superuser:
        units = AdminUnit.objects.all()
    else:
        units = AdminUnit.objects.filter(under_paths(access.writer_paths(user)))
    return units.filter(level__in=levels).order_by("sort_name", "valid_from")


def choices(field: forms.Field) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, field)


def span(row: Any) -> str:
    """ "từ 01/07/2025", "đến 30/06/2025", "từ … đến …" or "" (always)."""
    start = f"từ {row.valid_from:%d/%m/%Y}" if row.valid_from else ""
    end = f"đến {row.valid_to:%d/%m/%Y}" if row.valid_to else ""
    return " ".join(part for part in (start, end) if part)


def valid_on(row: Any, day: dt.date) -> bool:
    return (row.valid_from is None or row.valid_from <= day) and (
        row.valid_to is None or row.valid_to >= day
    )


def organization_label(org: Organization) -> str:
    when = span(org)
    return f"{org.name} ({when})" if when else org.name


class Scoped(forms.ModelForm):
    """A form whose organization and unit choices are the user's, in both eras: the user's own
    organizations and those they succeeded (today's province records for the 2021 one), and
    the units under them. The record's date (`dated_by`) must fall within the validity of the
    unit and the organization chosen."""

    levels: tuple[str, ...] = ("commune",)
    dated_by = ""

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        if "organization" in self.fields:
            own = access.writer_organizations(user)
            organizations = choices(self.fields["organization"])
            organizations.queryset = Organization.objects.filter(pk__in=lineage(own)).order_by(
                "-valid_to", "name"
            )
            organizations.label_from_instance = organization_label  # type: ignore[assignment]
            current = [o for o in own if o.valid_to is None]
            if len(current or own) == 1:
                organizations.initial = (current or own)[0].pk
        if "unit" in self.fields:
            choices(self.fields["unit"]).queryset = units_for(user, self.levels)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                self.fields[name] = date_field(str(field.label), field.required)
        vietnamese_choices(self)

    def record_date(self, data: dict[str, Any]) -> dt.date | None:
        """The day the record is about (the form's `dated_by` field)."""
        value = data.get(self.dated_by) if self.dated_by else None
        return value if isinstance(value, dt.date) else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = self.record_date(data)
        if day is None:
            return data
        unit, org = data.get("unit"), data.get("organization")
        if unit is not None and not valid_on(unit, day):
            self.add_error(
                "unit",
                f"{unit.name} chỉ có hiệu lực {span(unit)}; ngày {day:%d/%m/%Y} nằm ngoài thời "
                "gian đó. Chọn đơn vị hành chính của thời điểm ấy.",
            )
        if org is not None and not valid_on(org, day):
            self.add_error(
                "organization",
                f"{org.name} chỉ hoạt động {span(org)}; ngày {day:%d/%m/%Y} nằm ngoài thời gian "
                "đó. Chọn tổ chức của thời điểm ấy.",
            )
        return data


class ThrottledFormMixin:
    """Refuses a locked name or address with the lock message (code "locked")."""

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = throttle.client_ip(self.request) if self.request is not None else None
        if username and throttle.is_locked(username, ip):
            raise forms.ValidationError(throttle.lock_message(), code="locked")
        return super().clean()  # type: ignore[misc]


class LoginForm(ThrottledFormMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledFormMixin, AdminAuthenticationForm):
    """The admin's login: open to whoever the admin site lets in (an administrator role), and a
    clear refusal, not "wrong password", for a right password without that right."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": (
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "not_administrator": (
            "Tài khoản %(username)s đăng nhập đúng nhưng không có vai trò quản trị, nên không vào "
            "được trang quản trị. Hãy dùng trang đăng nhập chính, hoặc nhờ quản trị viên cấp "
            "vai trò Quản trị."
        ),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        AuthenticationForm.confirm_login_allowed(self, user)  # inactive accounts
        if not access.is_administrator(user):
            raise forms.ValidationError(
                self.error_messages["not_administrator"],
                code="not_administrator",
                params={"username": user.get_username()},
            )

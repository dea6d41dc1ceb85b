"""Sign-in forms: the lock said in Vietnamese before a password is even tried."""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from danvan.orgs import access, throttle


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

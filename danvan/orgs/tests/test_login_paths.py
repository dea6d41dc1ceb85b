"""Every sign-in path shares one throttle and one spelling of account names."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from danvan.conftest import PASSWORD, World, make_user
from danvan.orgs.models import LoginAttempt, RoleKind, User

pytestmark = pytest.mark.django_db

MORNING = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)


def post_login(client: Client, url: str, username: str, password: str) -> int:
    return client.post(url, {"username": username, "password": password}).status_code


def test_a_fullwidth_or_capitalized_name_is_the_same_account(client: Client, world: World) -> None:
    assert post_login(client, reverse("login"), "ＸＡ_Ａ", PASSWORD) == 302
    assert LoginAttempt.objects.filter(username="xa_a", succeeded=True).count() == 1


def test_failures_under_variant_spellings_lock_the_real_account(
    client: Client, world: World
) -> None:
    with time_machine.travel(MORNING, tick=False):
        for name in ("ｘa_a", "XA_A", " xa_a ", "Ｘａ_ａ", "xa_A"):
            assert post_login(client, reverse("login"), name, "sai") == 200
        # Neither the real spelling nor yet another variant gets past the lock.
        assert post_login(client, reverse("login"), "xa_a", PASSWORD) == 429
        assert post_login(Client(), reverse("login"), "ｘａ＿ａ", PASSWORD) == 429
    assert set(LoginAttempt.objects.values_list("username", flat=True)) == {"xa_a"}


def test_the_admin_login_shares_the_lock(client: Client, world: World) -> None:
    admin = make_user("qt_tinh", world.province_org, RoleKind.ADMINISTRATOR)
    admin_login = reverse("admin:login")
    with time_machine.travel(MORNING, tick=False):
        # Failures on the admin's page count…
        for _ in range(3):
            assert post_login(client, admin_login, "qt_tinh", "sai") == 200
        for _ in range(2):
            assert post_login(client, reverse("login"), "qt_tinh", "sai") == 200
        # …and a locked account cannot sign in on either page, whatever the spelling.
        response = client.post(admin_login, {"username": "QT_TINH", "password": PASSWORD})
        assert "sai quá nhiều lần" in response.content.decode()
        assert "_auth_user_id" not in client.session
        assert post_login(client, reverse("login"), "qt_tinh", PASSWORD) == 429
    with time_machine.travel(MORNING + dt.timedelta(minutes=16), tick=False):
        response = client.post(admin_login, {"username": "qt_tinh", "password": PASSWORD})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(admin.pk)


def test_an_administrator_without_is_staff_signs_in_to_the_admin(
    client: Client, world: World
) -> None:
    admin = make_user("qt_xa_a", world.commune_a_org, RoleKind.ADMINISTRATOR)
    assert not admin.is_staff
    # The admin's login form carries next=/quan-tri/ as a hidden field.
    response = client.post(
        reverse("admin:login"),
        {"username": "qt_xa_a", "password": PASSWORD, "next": reverse("admin:index")},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert "Quản trị danvan" in response.content.decode()


def test_a_right_password_without_the_administrator_role_is_told_so(
    client: Client, world: World
) -> None:
    response = client.post(reverse("admin:login"), {"username": "xa_a", "password": PASSWORD})
    html = response.content.decode()
    assert "không có vai trò quản trị" in html
    assert "không đúng" not in html
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_on_the_admin_page_is_said_in_vietnamese(
    client: Client, world: World
) -> None:
    response = client.post(reverse("admin:login"), {"username": "xa_a", "password": "sai"})
    html = response.content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in html
    assert "Please" not in html


def test_accounts_are_created_under_the_normalized_name(world: World) -> None:
    user = User.objects.create_user("Ｔinh.KiemTra", password=PASSWORD)
    assert user.username == "tinh.kiemtra"
    call_command("createsuperuser", "--noinput", "--username", "QUAN.TRI", "--email", "a@b.vn")
    assert User.objects.filter(username="quan.tri", is_superuser=True).exists()


def test_the_admin_creates_users_under_the_normalized_name_and_refuses_a_variant(
    client: Client, world: World
) -> None:
    admin = make_user("qt_tinh", world.province_org, RoleKind.ADMINISTRATOR)
    client.force_login(admin)
    add = reverse("admin:orgs_user_add")
    form = {
        "full_name": "Nguyễn Văn Mới",
        "organization": world.province_org.pk,
        "password1": "Hoa-Phu-2026!x",
        "password2": "Hoa-Phu-2026!x",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "usable_password": "true",
    }
    response = client.post(add, {**form, "username": "Ｎguyen.Moi"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.filter(username="nguyen.moi").exists()
    again = client.post(add, {**form, "username": "NGUYEN.MOI"})
    assert again.status_code == 200
    assert User.objects.filter(username__iexact="nguyen.moi").count() == 1

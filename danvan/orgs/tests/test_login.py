import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from danvan.conftest import PASSWORD, World
from danvan.orgs.models import LoginAttempt, User

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str) -> int:
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code


def test_login_with_the_right_password_opens_the_home_page(client: Client, world: World) -> None:
    response = client.post(
        reverse("login"), {"username": "xa_a", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Ủy ban MTTQ phường Thành Công" in response.content.decode()
    assert LoginAttempt.objects.filter(username="xa_a", succeeded=True).count() == 1


def test_a_wrong_password_is_refused_in_vietnamese(client: Client, world: World) -> None:
    response = client.post(reverse("login"), {"username": "xa_a", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_for_a_while(client: Client, world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC), tick=False):
        for _ in range(5):
            assert login(client, "xa_a", "sai") == 200
        response = client.post(reverse("login"), {"username": "xa_a", "password": PASSWORD})
        assert response.status_code == 429
        assert "sai quá nhiều lần" in response.content.decode()
        assert "_auth_user_id" not in client.session
        # Someone else's account is not locked by it.
        assert login(Client(), "xa_b", PASSWORD) == 302
    with time_machine.travel(dt.datetime(2026, 11, 27, 8, 16, tzinfo=dt.UTC), tick=False):
        assert login(client, "xa_a", PASSWORD) == 302


def test_a_success_clears_earlier_failures(client: Client, world: World) -> None:
    for _ in range(4):
        login(client, "xa_a", "sai")
    assert login(client, "xa_a", PASSWORD) == 302
    client.logout()
    for _ in range(4):
        login(client, "xa_a", "sai")
    assert login(client, "xa_a", PASSWORD) == 302


def test_logout_needs_a_post_and_ends_the_session(client: Client, world: World) -> None:
    client.force_login(world.commune_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_checks_the_old_password(client: Client, world: World) -> None:
    client.force_login(world.commune_a)
    url = reverse("password_change")
    wrong = client.post(
        url,
        {"old_password": "sai", "new_password1": "Hoa-Phu-2026!", "new_password2": "Hoa-Phu-2026!"},
    )
    assert wrong.status_code == 200
    assert "Mật khẩu cũ không chính xác" in wrong.content.decode()
    right = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Hoa-Phu-2026!",
            "new_password2": "Hoa-Phu-2026!",
        },
    )
    assert right.status_code == 302
    user = User.objects.get(pk=world.commune_a.pk)
    assert user.check_password("Hoa-Phu-2026!")


def test_passwords_are_stored_with_argon2(world: World) -> None:
    assert world.commune_a.password.startswith("argon2")


def test_behind_the_proxy_one_address_is_locked_not_everyone(
    client: Client, world: World, settings: object
) -> None:
    settings.BEHIND_PROXY = True  # type: ignore[attr-defined]
    attacker = {"X-Forwarded-For": "203.0.113.9, 10.0.0.7"}
    with time_machine.travel(dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC), tick=False):
        for i in range(20):
            client.post(
                reverse("login"), {"username": f"doan{i}", "password": "sai"}, headers=attacker
            )
        # The attacker's address (right-most entry, appended by our proxy) is locked…
        locked = client.post(
            reverse("login"), {"username": "xa_a", "password": PASSWORD}, headers=attacker
        )
        assert locked.status_code == 429
        # …while an officer arriving through the same proxy still logs in.
        officer = Client().post(
            reverse("login"),
            {"username": "xa_a", "password": PASSWORD},
            headers={"X-Forwarded-For": "10.0.0.8"},
        )
        assert officer.status_code == 302
    assert LoginAttempt.objects.filter(ip="10.0.0.7", succeeded=False).count() == 20

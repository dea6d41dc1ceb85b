"""A database that stays locked past its wait ("database is locked" on a busy SQLite) is answered
"hệ thống đang bận, vui lòng thử lại" with 503 and Retry-After, never as a server error; other
database errors still are server errors."""

from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client

from danvan.conftest import PASSWORD, World


def locked(*args: Any, **kwargs: Any) -> Any:
    raise OperationalError("database is locked")


@pytest.mark.parametrize("debug", [False, True])
def test_a_page_whose_database_is_locked_says_busy_try_again(
    world: World, monkeypatch: pytest.MonkeyPatch, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    monkeypatch.setattr("danvan.reporting.views.bloc_figures", locked)
    client = Client()
    client.force_login(world.province)
    page = client.get("/tong-hop/?period=2021Q1")
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    text = page.content.decode()
    assert "Hệ thống đang bận, vui lòng thử lại" in text and "Lỗi máy chủ" not in text


def test_the_api_says_busy_in_its_json(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("danvan.api.resources.bloc_figures", locked)
    client = Client()
    client.force_login(world.province)
    answer = client.get("/api/v1/consolidation", {"under": "66", "period": "2021Q1"})
    assert answer.status_code == 503 and answer["Retry-After"] == "5"
    assert answer.json()["code"] == "busy"
    assert "thử lại" in answer.json()["message"]


def test_a_lock_met_outside_the_view_says_busy_too(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signing in saves the session after the view, in a middleware: still 503, not 500."""
    saving = SessionStore.save

    def save(self: SessionStore, must_create: bool = False) -> None:
        if not must_create:
            locked()
        saving(self, must_create)

    monkeypatch.setattr(SessionStore, "save", save)
    client = Client(raise_request_exception=False)
    page = client.post("/dang-nhap/", {"username": "tinh", "password": PASSWORD})
    assert page.status_code == 503 and page["Retry-After"] == "5"
    assert "Hệ thống đang bận" in page.content.decode()


def test_another_database_error_is_still_a_server_error(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("no such column: reporting_report.nothing")

    monkeypatch.setattr("danvan.reporting.views.bloc_figures", broken)
    client = Client(raise_request_exception=False)
    client.force_login(world.province)
    page = client.get("/tong-hop/?period=2021Q1")
    assert page.status_code == 500 and "Retry-After" not in page
    assert "Lỗi máy chủ" in page.content.decode()

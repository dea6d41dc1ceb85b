"""The pages people use, in a real headless Chromium on a phone-sized screen."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from danvan import browser
from danvan.conftest import PASSWORD, make_org, make_user
from danvan.geo.models import AdminUnit
from danvan.orgs.models import OrgKind

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"

pytestmark = browser.marks()


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with browser.chromium() as chromium:
        yield chromium


def unit(code: str, name: str, level: str, parent: AdminUnit | None = None) -> AdminUnit:
    made = AdminUnit.objects.create(
        code=code, name=name, kind=name.split()[0], level=level, parent=parent,
        name_folded=name.lower(), path="",
    )  # fmt: skip
    made.path = f"{parent.path if parent else '/'}{made.pk}/"
    made.save(update_fields=["path"])
    return made


@pytest.fixture
def commune_officer(transactional_db: None) -> None:
    # A live server needs committed data; these tests make their own small province.
    from danvan.vi import fold

    province = unit("T01", "Tỉnh Thử Nghiệm", "province")
    commune = unit("T0101", "Xã Hòa Phú", "commune", province)
    unit("T0102", "Xã Ea Kao", "commune", province)
    AdminUnit.objects.filter(pk=commune.pk).update(name_folded=fold(commune.name))
    make_user("xa_hoaphu", make_org(OrgKind.WOMEN, province, "Hội LHPN tỉnh Thử Nghiệm"))


def no_console_errors(driver: Any) -> None:
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors


def test_an_officer_logs_in_on_a_phone_and_searches_units(
    driver: Any, live_server: Any, commune_officer: None
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wait = browser.waiter(driver, 10)
    driver.get(live_server.url + "/")
    wait.until(ec.presence_of_element_located((By.ID, "id_username")))
    assert "Đăng nhập" in driver.title
    driver.find_element(By.ID, "id_username").send_keys("xa_hoaphu")
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.save_screenshot(str(SCREENSHOTS / "login.png"))
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".roles")))
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "Hội LHPN tỉnh Thử Nghiệm" in body
    driver.save_screenshot(str(SCREENSHOTS / "home.png"))
    # Nothing on the page is wider than the phone's screen.
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
    no_console_errors(driver)

    driver.get(live_server.url + "/don-vi/")
    wait.until(ec.presence_of_element_located((By.ID, "id_q")))
    assert driver.execute_script("return typeof window.htmx") == "object"  # served locally
    assert "3 đơn vị" in driver.find_element(By.ID, "unit-count").text
    driver.find_element(By.ID, "id_q").send_keys("hoa phu")
    wait.until(ec.text_to_be_present_in_element((By.ID, "unit-count"), "1 đơn vị"))
    rows = driver.find_elements(By.CSS_SELECTOR, "#unit-rows tbody tr")
    assert len(rows) == 1
    assert rows[0].text.startswith("Xã Hòa Phú")
    # The search can be bookmarked and shared.
    assert parse_qs(urlsplit(driver.current_url).query)["q"] == ["hoa phu"]
    driver.save_screenshot(str(SCREENSHOTS / "units.png"))
    # Every resource came from this server: the page works with the network cut.
    origins = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name).origin)"
    )
    assert set(origins) <= {live_server.url}
    no_console_errors(driver)

    driver.find_element(By.CSS_SELECTOR, ".account button").click()
    wait.until(ec.presence_of_element_located((By.ID, "id_username")))

"""The map in Chromium with every request to another host blocked, on a phone (390 px) and a
desktop (1366 px), as the province's officer, a commune's and an outsider: the units are drawn
(SVG circles in Leaflet's pane), a click opens the unit's popup with its name and the
consolidation's figure, and so does Enter or Space on the unit reached with Tab, the table of
the same figures is under the map, the page asked nothing of any host but the app's own and the
console stays clean."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from danvan import browser
from danvan.conftest import World, incident, restore_national_units
from danvan.core.periods import Period
from danvan.dashboard.tests.test_browser import consolidated, fits, sign_in
from danvan.geo.models import AdminUnit
from danvan.grassroots.loader import load_topics
from danvan.orgs.tests.test_browser import SCREENSHOTS, no_console_errors
from danvan.reporting.loader import load_forms
from danvan.reporting.tests.test_consolidation import file_report
from danvan.situation.models import KeyArea

pytestmark = [*browser.marks(), pytest.mark.django_db(transaction=True)]

Q1_CODE = Period.parse("2021Q1")
WIDTHS = [390, 1366]
MAP = "/ban-do/?form=bc-quy&period=2021Q1&indicator=qua-suat"


@pytest.fixture(scope="module", params=WIDTHS, ids=["phone", "desktop"])
def driver(request: pytest.FixtureRequest) -> Iterator[Any]:
    width = request.param
    with browser.chromium(
        width, 844 if width < 500 else 900, desktop=width > 500, offline=True
    ) as chromium:
        chromium.danvan_width = width
        yield chromium


@pytest.fixture
def filed(transactional_db: None, request: pytest.FixtureRequest) -> World:
    # A live server needs committed rows; the flush after an earlier such test empties the
    # unit list and the forms the data migration loaded.
    restore_national_units()
    load_forms(apps)
    load_topics(apps)  # the incident categories
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    w: World = request.getfixturevalue("world")
    file_report(w.commune_a_org, Q1_CODE, {"qua-suat/ho-ngheo": 611, "tt-buoi": 9})
    file_report(w.commune_b_org, Q1_CODE, {"qua-suat/ho-ngheo": 377, "tt-buoi": 4})
    KeyArea.objects.create(
        unit=w.commune_a_unit, reason="Giáp ranh", valid_from=dt.date(2021, 1, 1)
    )
    incident(w.commune_a_unit, title="Tranh chấp đất rẫy", severity="hot")
    return w


def open_map(driver: Any, wait: Any, url: str) -> int:
    """Open the map and wait until its script drew it; the number of units drawn."""
    driver.get(url)
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#map[data-drawn]"))
    return int(driver.find_element(By.ID, "map").get_attribute("data-drawn"))


def circles(driver: Any) -> list[Any]:
    found: list[Any] = driver.find_elements(By.CSS_SELECTOR, ".leaflet-overlay-pane svg path.unit")
    return found


def drawn_ids(driver: Any) -> set[int]:
    ids = set()
    for path in circles(driver):
        for name in (path.get_attribute("class") or "").split():
            if name.startswith("unit-"):
                ids.add(int(name.removeprefix("unit-")))
    return ids


def popup_of(driver: Any, wait: Any, unit: AdminUnit) -> str:
    """Click the unit's circle and return the popup's text."""
    driver.find_element(By.CSS_SELECTOR, f"path.unit-{unit.pk}").click()
    # The popup fades in: its text is there for the reader once it is visible.
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".leaflet-popup-content h3").text)
    text: str = driver.find_element(By.CSS_SELECTOR, ".leaflet-popup-content").text
    return text


def focused(driver: Any) -> Any:
    return driver.switch_to.active_element


def press(driver: Any, key: str) -> None:
    ActionChains(driver).send_keys(key).perform()


def tab_to(driver: Any, unit: AdminUnit) -> Any:
    """From the map itself, Tab until the unit's shape has the focus (the units come first
    after the map in the Tab order, the largest figure first); that shape."""
    driver.execute_script("document.getElementById('map').focus()")
    for _ in range(len(circles(driver))):
        press(driver, Keys.TAB)
        if f"unit-{unit.pk}" in (focused(driver).get_attribute("class") or "").split():
            return focused(driver)
    raise AssertionError(f"Tab never reached {unit.name}")


def popup_by_keyboard(driver: Any, wait: Any, unit: AdminUnit, key: str) -> str:
    """Tab to the unit's shape, press the key; the popup's text (the focus is in it)."""
    shape = tab_to(driver, unit)
    # It shows that it has the focus: a thicker edge than the one drawn for everyone.
    assert driver.execute_script("return getComputedStyle(arguments[0]).strokeWidth", shape) == (
        "4px"
    )
    press(driver, key)
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".leaflet-popup-content h3").text)
    popup = driver.find_element(By.CSS_SELECTOR, ".leaflet-popup-content")
    assert driver.execute_script("return arguments[0].contains(document.activeElement)", popup)
    text: str = popup.text
    return text


def table_ids(driver: Any) -> set[int]:
    rows = driver.find_elements(By.CSS_SELECTOR, "#map-table tbody tr[data-unit]")
    return {int(r.get_attribute("data-unit")) for r in rows}


def only_own_host(driver: Any, url: str) -> None:
    assert browser.requested_hosts(driver) == {urlsplit(url).netloc}


def test_the_map_draws_and_opens_each_units_figures_with_the_network_cut(
    driver: Any, live_server: Any, filed: World
) -> None:
    w, url, width = filed, live_server.url, driver.danvan_width
    old_province = AdminUnit.objects.by_code("66", Q1_CODE.end)
    communes = AdminUnit.objects.at(Q1_CODE.end).under(old_province).filter(level="commune")
    located = communes.filter(latitude__isnull=False, longitude__isnull=False)

    wait = sign_in(driver, url, w.province)
    drawn = open_map(driver, wait, url + MAP)
    # Every 2021 commune of Đắk Lắk with coordinates is a circle; all are in the table.
    assert drawn == len(circles(driver)) == located.count() > 150
    assert table_ids(driver) == set(communes.values_list("pk", flat=True))
    row = driver.find_element(By.CSS_SELECTOR, f'#map-table tr[data-unit="{w.commune_a_unit.pk}"]')
    assert row.find_element(By.CSS_SELECTOR, "td.value").text == consolidated(
        [w.commune_a_unit.path], "qua-suat"
    )
    # The key area has its dashed edge; the open hot incident its dot.
    edge = driver.find_element(By.CSS_SELECTOR, f"path.unit-{w.commune_a_unit.pk}")
    assert edge.get_attribute("stroke-dasharray")
    assert driver.find_elements(By.CSS_SELECTOR, ".leaflet-overlay-pane path.incident-hot")
    fits(driver)
    driver.find_element(By.ID, "map").screenshot(str(SCREENSHOTS / f"map-{width}.png"))
    only_own_host(driver, url)
    no_console_errors(driver)
    # The districts, far enough apart to click on a phone: the city's popup, its figure.
    open_map(driver, wait, url + MAP + "&level=district")
    city = w.commune_a_unit.parent
    assert city is not None
    text = popup_of(driver, wait, city)
    assert text.startswith("Thành phố Buôn Ma Thuột")
    assert consolidated([city.path], "qua-suat") == "988" and "988 suất" in text
    assert "Vụ việc đang mở 1 (nóng: 1)" in text and "Giáp ranh" in text
    link = driver.find_element(By.CSS_SELECTOR, ".leaflet-popup-content a")
    assert f"unit={city.pk}" in link.get_attribute("href")
    only_own_host(driver, url)
    no_console_errors(driver)

    wait = sign_in(driver, url, w.commune_a)
    assert open_map(driver, wait, url + MAP) == 1
    assert drawn_ids(driver) == table_ids(driver) == {w.commune_a_unit.pk}
    text = popup_of(driver, wait, w.commune_a_unit)
    assert text.startswith("Phường Thành Công") and "611 suất" in text
    assert "Hòa Phú" not in driver.find_element(By.TAG_NAME, "main").text
    # With the keyboard alone: Tab to the unit, which says its name and figure; Enter opens the
    # same figures, Escape closes them and gives the focus back to the unit; Space opens them.
    open_map(driver, wait, url + MAP)
    assert not driver.find_elements(By.CSS_SELECTOR, ".leaflet-popup-content")
    shape = tab_to(driver, w.commune_a_unit)
    assert shape.get_attribute("role") == "button"
    assert shape.get_attribute("aria-label") == "Phường Thành Công, Suất quà trao tặng: 611 suất"
    text = popup_by_keyboard(driver, wait, w.commune_a_unit, Keys.ENTER)
    assert text.startswith("Phường Thành Công") and "611 suất" in text
    press(driver, Keys.ESCAPE)
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".leaflet-popup-content"))
    assert f"unit-{w.commune_a_unit.pk}" in focused(driver).get_attribute("class")
    text = popup_by_keyboard(driver, wait, w.commune_a_unit, Keys.SPACE)
    assert text.startswith("Phường Thành Công") and "611 suất" in text
    fits(driver)
    only_own_host(driver, url)
    no_console_errors(driver)

    wait = sign_in(driver, url, w.outsider)
    open_map(driver, wait, f"{url}{MAP}&unit={old_province.pk}")
    assert "không thuộc phạm vi của bạn" in driver.find_element(By.TAG_NAME, "main").text
    dak_lak = set(
        AdminUnit.objects.filter(path__startswith=old_province.path).values_list("pk", flat=True)
    )
    assert circles(driver) and not drawn_ids(driver) & dak_lak
    assert table_ids(driver) and not table_ids(driver) & dak_lak
    fits(driver)
    only_own_host(driver, url)
    no_console_errors(driver)

    # The block itself: a request to any other host fails, by name or by address (asked from
    # a blank page, which has no content security policy of its own to stop it first).
    driver.get("about:blank")
    failed = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Promise.all(['http://tiles.example.org/1/1/1.png', 'http://192.0.2.7/x.png']"
        ".map(u => fetch(u, {mode: 'no-cors'}).then(() => 'ok', () => 'failed')))"
        ".then(done);"
    )
    assert failed == ["failed", "failed"]

"""The dashboard and the data explorer in Chromium, on a phone (390 px) and a desktop (1366 px),
as the province's officer, a commune's and an outsider: the figures shown are the
consolidation's, each chart is drawn (an image that loaded) above the table of its numbers,
nothing is wider than the screen and the console stays clean."""

import base64
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from selenium.webdriver.common.by import By

from danvan import browser
from danvan.conftest import PASSWORD, World, make_org, restore_national_units
from danvan.core.periods import Period
from danvan.geo.models import AdminUnit
from danvan.orgs.models import OrgKind, User
from danvan.orgs.tests.test_browser import SCREENSHOTS, no_console_errors
from danvan.reporting import consolidation
from danvan.reporting.loader import load_forms
from danvan.reporting.models import Indicator, ReportForm
from danvan.reporting.tests.test_consolidation import file_report
from danvan.vi.numbers import format_number

pytestmark = [*browser.marks(), pytest.mark.django_db(transaction=True)]

Q1 = Period.parse("2021Q1")
TODAY = Period.parse("2025Q4")
WIDTHS = [390, 1366]


@pytest.fixture(scope="module", params=WIDTHS, ids=["phone", "desktop"])
def driver(request: pytest.FixtureRequest) -> Iterator[Any]:
    width = request.param
    with browser.chromium(width, 844 if width < 500 else 900, desktop=width > 500) as chromium:
        chromium.danvan_width = width
        yield chromium


@pytest.fixture
def filed(transactional_db: None, request: pytest.FixtureRequest) -> World:
    # A live server needs committed rows; the flush after an earlier such test empties the
    # unit list and the forms the data migration loaded.
    restore_national_units()
    load_forms(apps)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    w: World = request.getfixturevalue("world")
    file_report(w.commune_a_org, Q1, {"qua-suat/ho-ngheo": 611, "tt-buoi": 9})
    file_report(w.commune_b_org, Q1, {"qua-suat/ho-ngheo": 377, "tt-buoi": 4})
    file_report(w.commune_a_org, Q1.previous(), {"qua-suat/ho-ngheo": 500})
    # Today's ward on the same code, and its report of a quarter after the reorganization.
    ward = AdminUnit.objects.by_code("24133", TODAY.end)
    file_report(make_org(OrgKind.FRONT, ward, "Ủy ban MTTQ phường Buôn Ma Thuột"), TODAY,
                {"qua-suat/ho-ngheo": 800})  # fmt: skip
    return w


def sign_in(driver: Any, url: str, user: User) -> Any:
    driver.delete_all_cookies()
    driver.get(url + "/dang-nhap/")
    wait = browser.waiter(driver, 20)
    wait.until(lambda d: d.find_element(By.ID, "id_username"))
    driver.find_element(By.ID, "id_username").send_keys(user.username)
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(lambda d: "/dang-nhap/" not in d.current_url)
    return wait


def open_page(driver: Any, wait: Any, url: str, ready: str) -> None:
    driver.get(url)
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ready))


def charts_drawn(driver: Any, section: str) -> int:
    """How many chart images in `section` loaded and have a size, each followed by a table."""
    images = driver.find_elements(By.CSS_SELECTOR, f"{section} img.chart")
    for image in images:
        assert driver.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0", image
        )
        assert image.get_attribute("alt").startswith("Biểu đồ")
    assert driver.find_elements(By.CSS_SELECTOR, f"{section} table.data")
    return len(images)


def fits(driver: Any) -> None:
    width = driver.danvan_width
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width


def cell(driver: Any, css: str) -> str:
    text: str = driver.find_element(By.CSS_SELECTOR, css).text
    return text


def consolidated(paths: list[str], code: str) -> str:
    return consolidated_in(Q1, paths, code)


def consolidated_in(period: Period, paths: list[str], code: str) -> str:
    whole = consolidation.consolidate(ReportForm.objects.get(code="bc-quy"), period, paths)
    value = whole.value(Indicator.objects.get(code=code))
    return "—" if value is None else format_number(int(value))


def test_province_commune_and_outsider_read_the_dashboard_and_the_explorer(
    driver: Any, live_server: Any, filed: World
) -> None:
    w, url, width = filed, live_server.url, driver.danvan_width
    old_province = AdminUnit.objects.by_code("66", Q1.end)
    dashboard = f"{url}/bang-dieu-khien/?form=bc-quy&period=2021Q1"
    explorer = f"{url}/kham-pha/?form=bc-quy&ind=qua-suat&ind=tt-buoi&period=2020Q4,2021Q1"

    wait = sign_in(driver, url, w.province)
    open_page(driver, wait, dashboard, "#key-figures")
    now = cell(driver, '#key-figures tr[data-indicator="qua-suat"] td.now')
    assert now.split()[0] == consolidated([old_province.path], "qua-suat") == "988"
    assert charts_drawn(driver, "#history") == 1 and charts_drawn(driver, "#units-below") == 1
    fits(driver)
    driver.save_screenshot(str(SCREENSHOTS / f"dashboard-{width}.png"))
    no_console_errors(driver)

    open_page(driver, wait, f"{explorer}&by=commune&chart=line", "#explorer-data")
    total = cell(driver, '#explorer-data tr.total[data-period="2021Q1"]')
    assert total.endswith("Toàn địa bàn 988 13")
    assert cell(driver, "#chart-table tbody").split("\n") == ["Quý IV/2020 500", "Quý I/2021 988"]
    assert charts_drawn(driver, "#explorer-chart") == 1
    fits(driver)
    driver.save_screenshot(str(SCREENSHOTS / f"explorer-{width}.png"))
    no_console_errors(driver)
    # Today's two tiers: the province of today by its communes, a 2025 quarter.
    today_unit = f"&unit={w.province_unit.pk}&period=2025Q4&by=commune&chart=bar"
    open_page(
        driver, wait, f"{url}/kham-pha/?form=bc-quy&ind=qua-suat{today_unit}", "#explorer-data"
    )
    rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#explorer-data tbody tr")]
    assert "Quý IV/2025 Phường Buôn Ma Thuột 800" in rows
    assert rows[-1] == "Quý IV/2025 Toàn địa bàn 800"
    assert consolidated_in(TODAY, [w.province_unit.path], "qua-suat") == "800"
    assert charts_drawn(driver, "#explorer-chart") == 1
    fits(driver)
    no_console_errors(driver)

    wait = sign_in(driver, url, w.commune_a)
    open_page(driver, wait, dashboard, "#key-figures")
    now = cell(driver, '#key-figures tr[data-indicator="qua-suat"] td.now')
    assert now.split()[0] == consolidated([w.commune_a_unit.path], "qua-suat") == "611"
    assert "377" not in driver.find_element(By.TAG_NAME, "main").text
    open_page(driver, wait, f"{explorer}&chart=bar", "#explorer-data")
    rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#explorer-data tbody tr")]
    assert "Quý I/2021 Phường Thành Công 611 9" in rows and not any("Hòa Phú" in r for r in rows)
    assert charts_drawn(driver, "#explorer-chart") == 1
    fits(driver)
    no_console_errors(driver)

    wait = sign_in(driver, url, w.outsider)
    open_page(driver, wait, f"{explorer}&unit={old_province.pk}", "#explorer-data")
    text = driver.find_element(By.TAG_NAME, "main").text
    assert "không thuộc phạm vi của bạn" in text
    assert "988" not in text and "611" not in text and "Thành Công" not in text
    open_page(driver, wait, f"{dashboard}&unit={old_province.pk}", "#key-figures")
    text = driver.find_element(By.TAG_NAME, "main").text
    assert "không thuộc phạm vi của bạn" in text and "988" not in text
    fits(driver)
    no_console_errors(driver)


def smallest_label_px(svg: str, shown_width: float) -> float:
    """The smallest text of a chart (its title and its axes' labels) in screen pixels: the
    SVG's font sizes scaled by how wide the image is shown against the width it was drawn."""
    drawn_width = float(re.search(r'viewBox="0 0 ([0-9.]+) ', svg).group(1))  # type: ignore[union-attr]
    sizes = [
        float(size)
        for rule, size in re.findall(r"([^{}]*)\{[^}]*?font-size:\s*([0-9.]+)px", svg)
        if rule.strip().endswith((".title", ".axis text", ".axis text.major"))
    ]
    assert sizes, "no label sizes found"
    return min(sizes) * shown_width / drawn_width


def test_on_a_phone_wide_tables_scroll_in_their_card_and_charts_are_readable(
    live_server: Any, filed: World
) -> None:
    """At 390 px the page itself never scrolls sideways: the units' table scrolls inside its
    card, its last column (the figure) and its total row come into view that way while the
    units' names stay put, and the charts' labels are at least 12 px on the screen."""
    w, url = filed, live_server.url
    with browser.chromium(390, 844) as phone:
        wait = sign_in(phone, url, w.province)
        open_page(phone, wait, f"{url}/bang-dieu-khien/?form=bc-quy&period=2021Q1", "#units-below")
        assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
        state = phone.execute_script(
            """
            const wrap = document.querySelector('#units-below .table-wrap');
            const at = (css) => wrap.querySelector(css).getBoundingClientRect();
            const last = () => at('tfoot tr.total > :last-child');
            const name = () => at('tbody tr > :first-child');
            const box = wrap.getBoundingClientRect();
            const before = {last: last().right, name: name().left};
            wrap.scrollLeft = wrap.scrollWidth;
            return {
              box: [box.left, box.right], scrolls: wrap.scrollWidth > wrap.clientWidth,
              before: before, after: {last: last().right, name: name().left},
              scrolled: wrap.scrollLeft, page: window.scrollX,
            };"""
        )
        left, right = state["box"]
        assert state["scrolls"] and state["before"]["last"] > right  # hidden at first
        assert state["scrolled"] > 0 and state["page"] == 0  # the card scrolled, not the page
        assert left <= state["after"]["last"] <= right + 1  # now in view
        assert abs(state["after"]["name"] - state["before"]["name"]) < 1  # names stay put
        total = cell(phone, "#units-below tfoot tr.total").split()
        assert total[-1] == consolidated([AdminUnit.objects.by_code("66", Q1.end).path], "qua-suat")
        for section in ("#history", "#units-below"):
            image = phone.find_element(By.CSS_SELECTOR, f"{section} img.chart")
            source, shown = phone.execute_script(
                "return [arguments[0].currentSrc, arguments[0].clientWidth]", image
            )
            svg = base64.b64decode(source.split(",", 1)[1]).decode()
            assert smallest_label_px(svg, shown) >= 12, section
        # The explorer's charts of each kind, in their phone's copy too.
        explorer = f"{url}/kham-pha/?form=bc-quy&ind=qua-suat&period=2020Q4,2021Q1&by=commune"
        for kind in ("line", "bar", "stack"):
            open_page(phone, wait, f"{explorer}&chart={kind}", "#explorer-chart img.chart")
            image = phone.find_element(By.CSS_SELECTOR, "#explorer-chart img.chart")
            source, shown = phone.execute_script(
                "return [arguments[0].currentSrc, arguments[0].clientWidth]", image
            )
            svg = base64.b64decode(source.split(",", 1)[1]).decode()
            assert smallest_label_px(svg, shown) >= 12, kind
            assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
        no_console_errors(phone)

"""The layout as people meet it in Chromium, on a 1366 px desktop and a 390 px phone: data
tables a province officer can read, a menu that folds away on a phone, and a long report form
whose buttons stay at hand. Measured in the page with JavaScript, as the eye would see it."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from danvan import browser
from danvan.conftest import PASSWORD, make_org, make_user
from danvan.core.periods import Period, PeriodType
from danvan.geo.models import AdminUnit
from danvan.orgs.models import OrgKind, RoleKind
from danvan.orgs.tests.test_browser import SCREENSHOTS, no_console_errors, unit
from danvan.reporting.loader import load_forms
from danvan.reporting.models import DataValue, Report, ReportForm, ReportStatus
from danvan.reporting.tests.test_consolidation import file_report

pytestmark = browser.marks()

Q1 = Period.parse("2021Q1")
COMMUNES = ["Xã Hòa Phú", "Xã Ea Kao", "Phường Thành Công", "Xã Cư Êbur", "Xã Hòa Thuận"]
KINDS = [OrgKind.FRONT, OrgKind.WOMEN, OrgKind.FARMERS, OrgKind.YOUTH, OrgKind.VETERANS]


@pytest.fixture(scope="module")
def desktop() -> Iterator[Any]:
    with browser.chromium(1366, 768) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def phone() -> Iterator[Any]:
    with browser.chromium(390, 844) as chromium:
        yield chromium


def waiter(driver: Any) -> WebDriverWait:
    # The page is replaced after each submit: an element found a moment before may be stale.
    return WebDriverWait(
        driver, 15, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
    )


def log_in(driver: Any, live_server: Any, username: str) -> None:
    driver.delete_all_cookies()
    driver.get(live_server.url + "/dang-nhap/")
    driver.find_element(By.ID, "id_username").send_keys(username)
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    waiter(driver).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".roles")))


@pytest.fixture
def province(transactional_db: None) -> AdminUnit:
    """A province of five communes whose bloc organizations all reported Q1 2021, and its
    officer (a viewer at the provincial commission)."""
    load_forms(apps)
    province = unit("T01", "Tỉnh Thử Nghiệm", "province")
    commission = make_org(OrgKind.COMMISSION, province, "Ban Dân vận Tỉnh ủy Thử Nghiệm")
    make_user("tinh_xem", commission)
    for n, name in enumerate(COMMUNES, start=1):
        commune = unit(f"T01{n:02}", name, "commune", province)
        for k, kind in enumerate(KINDS, start=1):
            file_report(
                make_org(kind, commune),
                Q1,
                {
                    "qua-suat/ho-ngheo": 1200 * n + 37 * k,
                    "qua-tri-gia/ho-ngheo": 480_000_000 * n + 1_250_000 * k,
                    "gao-cuu-doi/ho-ngheo": 12_500 * n,
                    "tt-buoi": 14 * n + k,
                    "tt-luot-nguoi": 1_430 * n + 11 * k,
                    "bc-tien-do": 60 + 5 * n,
                },
            )
    return province


NUMBER_LINES = """
    // How many lines each figure of the table takes: its text's boxes, by distinct top.
    return [...document.querySelectorAll(arguments[0] + ' td.num')]
      .filter(td => td.textContent.trim())
      .map(td => { const r = document.createRange(); r.selectNodeContents(td);
        return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; });
"""
FIRST_COLUMN = """
    const cell = document.querySelector(arguments[0] + ' tbody tr:not(.section) > :first-child');
    const box = cell.getBoundingClientRect();
    return {width: box.width, left: box.left, position: getComputedStyle(cell).position};
"""


def test_a_province_officer_reads_the_consolidation_on_a_desktop_and_a_phone(
    desktop: Any, phone: Any, live_server: Any, province: AdminUnit
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    log_in(desktop, live_server, "tinh_xem")
    desktop.get(live_server.url + "/tong-hop/?period=2021Q1")
    waiter(desktop).until(ec.presence_of_element_located((By.ID, "by-unit")))
    assert "Hòa Thuận" in desktop.find_element(By.ID, "by-unit").text
    for table in ("#figures", "#by-unit"):
        first = desktop.execute_script(FIRST_COLUMN, table)
        assert first["width"] >= 180, (table, first)  # "Suất quà trao tặng" reads on one line
        assert first["position"] == "sticky"
        lines = desktop.execute_script(NUMBER_LINES, table)
        assert lines and set(lines) == {1}, (table, lines)
        # Every column can be reached: the table fits its frame, or the frame scrolls to it.
        reach = desktop.execute_script(
            """const wrap = document.querySelector(arguments[0]).closest('.table-wrap');
            wrap.scrollLeft = wrap.scrollWidth;
            const last = document.querySelector(arguments[0] + ' thead th:last-child');
            const edge = last.getBoundingClientRect().right;
            const frame = wrap.getBoundingClientRect().right;
            wrap.scrollLeft = 0;
            return {edge: edge, frame: frame, overflow: getComputedStyle(wrap).overflowX};""",
            table,
        )
        assert reach["edge"] <= reach["frame"] + 1, (table, reach)
        assert reach["overflow"] == "auto"
    # The long table scrolls within a frame the screen's height, its header row held on top.
    held = desktop.execute_script(
        """const wrap = document.querySelector('#figures').closest('.table-wrap');
        const th = document.querySelector('#figures thead th:nth-child(3)');
        wrap.scrollTop = 400;
        const gap = th.getBoundingClientRect().top - wrap.getBoundingClientRect().top;
        const out = {scrolled: wrap.scrollTop, gap: gap,
                     fits: wrap.getBoundingClientRect().height <= innerHeight};
        wrap.scrollTop = 0;
        return out;""",
    )
    assert held["scrolled"] > 0 and abs(held["gap"]) < 2 and held["fits"], held
    # The main area takes the desktop's width, not a 1100 px column in its middle.
    main_width = desktop.execute_script("return document.querySelector('main').clientWidth")
    assert main_width > 1300
    # On a desktop the menu is open, with no toggle.
    assert desktop.find_element(By.ID, "main-menu").is_displayed()
    assert not desktop.find_element(By.ID, "menu-button").is_displayed()
    desktop.execute_script("document.getElementById('figures').scrollIntoView()")
    desktop.save_screenshot(str(SCREENSHOTS / "consolidation-1366.png"))
    no_console_errors(desktop)

    log_in(phone, live_server, "tinh_xem")
    phone.get(live_server.url + "/tong-hop/?period=2021Q1")
    waiter(phone).until(ec.presence_of_element_located((By.ID, "figures")))
    # On a phone the table is wider than the screen: its frame scrolls, not the page, and the
    # indicator's name stays where it was while the figures slide under it.
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
    scrolled = phone.execute_script(
        """const wrap = document.querySelector('#figures').closest('.table-wrap');
        const row = document.querySelector('#figures tbody tr[data-indicator="qua-suat"]');
        const first = row.children[0], total = row.querySelector('td.total');
        const at = () => ({first: first.getBoundingClientRect().left,
                           total: total.getBoundingClientRect().left});
        const before = at();
        wrap.scrollLeft = 300;
        const after = at();
        return {scrollable: wrap.scrollWidth > wrap.clientWidth, scrollLeft: wrap.scrollLeft,
                before: before, after: after, position: getComputedStyle(first).position};""",
    )
    assert scrolled["scrollable"] and scrolled["scrollLeft"] > 0, scrolled
    assert scrolled["position"] == "sticky"
    assert abs(scrolled["after"]["first"] - scrolled["before"]["first"]) < 1, scrolled
    assert scrolled["after"]["total"] < scrolled["before"]["total"] - 100, scrolled
    assert set(phone.execute_script(NUMBER_LINES, "#figures")) == {1}
    phone.execute_script("document.getElementById('figures').scrollIntoView()")
    phone.save_screenshot(str(SCREENSHOTS / "consolidation-390-scrolled.png"))
    no_console_errors(phone)


def test_the_phone_menu_folds_behind_its_toggle(
    phone: Any, live_server: Any, province: AdminUnit
) -> None:
    log_in(phone, live_server, "tinh_xem")
    header = "return document.querySelector('header.top').getBoundingClientRect().height"
    folded = phone.execute_script(header)
    menu = phone.find_element(By.ID, "main-menu")
    assert not menu.is_displayed()
    assert folded < 130, folded  # the brand, the toggle and one line of the account
    assert phone.find_element(By.CSS_SELECTOR, ".account button").is_displayed()  # log out
    phone.save_screenshot(str(SCREENSHOTS / "menu-390-folded.png"))

    phone.find_element(By.ID, "menu-button").click()
    waiter(phone).until(ec.visibility_of_element_located((By.ID, "main-menu")))
    assert phone.execute_script(header) > folded + 100
    links = [a.text for a in menu.find_elements(By.TAG_NAME, "a") if a.is_displayed()]
    assert {"Báo cáo", "Tổng hợp", "Chăm lo", "Cơ sở"} <= set(links), links
    phone.save_screenshot(str(SCREENSHOTS / "menu-390-open.png"))
    menu.find_element(By.LINK_TEXT, "Tổng hợp").click()
    waiter(phone).until(ec.presence_of_element_located((By.ID, "figures")))
    assert not phone.find_element(By.ID, "main-menu").is_displayed()  # folded again
    no_console_errors(phone)


@pytest.fixture
def report_people(transactional_db: None) -> Report:
    """A commune Women's Union's draft of this quarter's report, its entry officer and the
    province's approver."""
    load_forms(apps)
    province = unit("T01", "Tỉnh Thử Nghiệm", "province")
    commune = unit("T0101", "Xã Hòa Phú", "commune", province)
    women = make_org(OrgKind.WOMEN, commune, "Hội LHPN xã Hòa Phú")
    make_user("phunu_hoaphu", women, RoleKind.DATA_ENTRY)
    commission = make_org(OrgKind.COMMISSION, province, "Ban Dân vận Tỉnh ủy Thử Nghiệm")
    make_user("tinh_pheduyet", commission, RoleKind.APPROVER)
    quarter = Period.containing(PeriodType.QUARTER, timezone.localdate())
    report = Report.new(ReportForm.objects.get(code="bc-quy"), women, quarter)
    report.save()
    return report


BAR = """
    const bar = document.getElementById('report-actions').getBoundingClientRect();
    return {top: bar.top, bottom: bar.bottom, height: bar.height, viewport: innerHeight,
            page: document.documentElement.scrollHeight, y: scrollY};
"""


def test_the_report_form_keeps_its_buttons_at_hand_on_a_phone(
    phone: Any, live_server: Any, report_people: Report
) -> None:
    report = report_people
    log_in(phone, live_server, "phunu_hoaphu")
    phone.get(f"{live_server.url}/bao-cao/{report.pk}/")
    waiter(phone).until(ec.presence_of_element_located((By.ID, "entry-form")))
    bar = phone.execute_script(BAR)
    assert bar["page"] > 2 * bar["viewport"], bar  # a long form...
    assert bar["y"] == 0 and bar["top"] >= 0 and bar["bottom"] <= bar["viewport"], bar
    assert bar["height"] < 0.2 * bar["viewport"], bar  # ...whose buttons take little of it
    buttons = phone.find_elements(By.CSS_SELECTOR, "#report-actions button")
    assert {b.get_attribute("value") for b in buttons} == {"save", "submit"}
    assert all(b.is_displayed() for b in buttons)
    # The index at the top names every part of the form and leads to it.
    index = phone.find_elements(By.CSS_SELECTOR, "#section-index a[href^='#']")
    targets = [a.get_attribute("href").split("#", 1)[1] for a in index]
    assert len(targets) >= 8 and "section-1" in targets and "history" in targets
    assert all(phone.find_elements(By.ID, t) for t in targets), targets
    assert "II. Tuyên truyền" in phone.find_element(By.ID, "section-index").text
    phone.save_screenshot(str(SCREENSHOTS / "report-form-390-top.png"))

    # The index's links are a finger tall, so the fifth may sit under the bar: scroll to it first.
    link = phone.find_element(By.CSS_SELECTOR, "#section-index a[href='#section-5']")
    phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    waiter(phone).until(lambda d: d.execute_script("return scrollY") > 500)
    bar = phone.execute_script(BAR)
    assert bar["top"] >= 0 and bar["bottom"] <= bar["viewport"], bar  # still at hand
    section = phone.execute_script(
        "return document.getElementById('section-5').getBoundingClientRect().top"
    )
    assert 0 <= section < bar["top"], section  # the section shows above the bar
    phone.save_screenshot(str(SCREENSHOTS / "report-form-390-section.png"))
    phone.find_element(By.CSS_SELECTOR, "#section-5 input[inputmode]").send_keys("12")

    phone.find_element(By.CSS_SELECTOR, "#report-actions button[value=save]").click()
    waiter(phone).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".messages"), "Đã lưu nháp")
    )
    report.refresh_from_db()
    assert DataValue.objects.filter(report=report).exists()
    no_console_errors(phone)


def test_the_approver_decides_from_the_bar_on_a_phone(
    phone: Any, live_server: Any, report_people: Report
) -> None:
    report = report_people
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.SUBMITTED, first_submitted_at=dt.datetime.now(dt.UTC)
    )
    log_in(phone, live_server, "tinh_pheduyet")
    phone.get(f"{live_server.url}/bao-cao/{report.pk}/")
    waiter(phone).until(ec.presence_of_element_located((By.ID, "decide")))
    bar = phone.execute_script(BAR)
    assert bar["page"] > 2 * bar["viewport"] and 0 <= bar["top"] <= bar["bottom"] <= bar["viewport"]
    values = [
        b.get_attribute("value")
        for b in phone.find_elements(By.CSS_SELECTOR, "#report-actions button")
    ]
    assert values == ["return", "approve"]
    phone.save_screenshot(str(SCREENSHOTS / "report-review-390.png"))
    # Returning needs a reason: the bar leads to the comment box, the button sends it.
    phone.find_element(By.CSS_SELECTOR, "#report-actions a[href='#comment']").click()
    phone.find_element(By.ID, "comment").send_keys("Bổ sung số liệu tuyên truyền.")
    phone.find_element(By.CSS_SELECTOR, "#report-actions button[value=return]").click()
    waiter(phone).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".messages"), "Đã trả lại")
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    no_console_errors(phone)

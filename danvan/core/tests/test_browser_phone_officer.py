"""A commune officer's pages on a 390 px phone, measured in Chromium as a finger meets them:
the account's links, the tabs and the report's index are tall enough to tap; so are date and
file boxes and every checkbox's line; tables keyed by a checkbox or a line number give their
width to the names; a link-styled button can be seen; nothing scrolls the page sideways."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from danvan import browser
from danvan.conftest import PASSWORD, make_org, make_user
from danvan.core.periods import Period, PeriodType
from danvan.orgs.lists import PAGE_SIZE
from danvan.orgs.models import OrgKind, RoleKind
from danvan.orgs.tests.test_browser import SCREENSHOTS, no_console_errors, unit
from danvan.outreach.models import PropagandaSession, Topic
from danvan.reporting.loader import load_forms
from danvan.reporting.models import Report, ReportForm, ReportStatus
from danvan.welfare.models import Campaign, CampaignKind
from danvan.welfare.tests.test_ledger import ROWS, workbook

pytestmark = browser.marks()
TAP = 40  # px: the least height a finger hits without missing


@pytest.fixture(scope="module")
def phone() -> Iterator[Any]:
    with browser.chromium(390, 844) as chromium:
        yield chromium


@pytest.fixture
def officer(transactional_db: None) -> Campaign:
    """A ward's Women's Union with a long name, its data-entry officer, a sent report of this
    quarter, a campaign to give in and a topic to talk about."""
    load_forms(apps)
    province = unit("T01", "Tỉnh Thử Nghiệm", "province")
    ward = unit("T0101", "Phường Buôn Ma Thuột", "commune", province)
    women = make_org(OrgKind.WOMEN, ward, "Hội Liên hiệp Phụ nữ phường Buôn Ma Thuột")
    make_user("phunu_bmt", women, RoleKind.DATA_ENTRY)
    quarter = Period.containing(PeriodType.QUARTER, timezone.localdate())
    report = Report.new(ReportForm.objects.get(code="bc-quy"), women, quarter)
    report.status, report.first_submitted_at = ReportStatus.SUBMITTED, dt.datetime.now(dt.UTC)
    report.save()
    Topic.objects.get_or_create(code="bau-cu", defaults={"name": "Bầu cử", "active": True})
    return Campaign.objects.create(
        name="Chăm lo Tết", kind=CampaignKind.TET, starts=dt.date(2021, 1, 15),
        ends=dt.date(2021, 2, 11), organizer=women, unit=province, target_groups=["ho-ngheo"],
    )  # fmt: skip


HEIGHTS = """
    return [...document.querySelectorAll(arguments[0])]
      .filter(e => e.getBoundingClientRect().width > 0)
      .map(e => [e.textContent.trim().slice(0, 30) || e.name || e.type,
                 Math.round(e.getBoundingClientRect().height)]);
"""
LINES = """
    // How many lines an element's text takes: its boxes, by distinct top.
    const r = document.createRange(); r.selectNodeContents(arguments[0]);
    return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size;
"""


def short(driver: Any, selector: str) -> list[Any]:
    found = driver.execute_script(HEIGHTS, selector)
    assert found, selector
    return [f for f in found if f[1] < TAP]


def no_sideways_scroll(driver: Any) -> None:
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390


def test_a_commune_officer_taps_menus_tabs_and_boxes_on_a_phone(
    phone: Any, live_server: Any, officer: Campaign, tmp_path: Path
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wait = browser.waiter(phone, 15)
    phone.delete_all_cookies()
    phone.get(live_server.url + "/dang-nhap/")
    phone.find_element(By.ID, "id_username").send_keys("phunu_bmt")
    phone.find_element(By.ID, "id_password").send_keys(PASSWORD)
    phone.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".roles")))
    # The account's line (notices, log out) and, with the menu open, its other links.
    assert short(phone, ".account a, .account button") == []
    header = "return document.querySelector('header.top').getBoundingClientRect().height"
    assert phone.execute_script(header) < 190  # the toggle, a two-line name, one line of links
    phone.find_element(By.ID, "menu-button").click()
    wait.until(ec.visibility_of_element_located((By.ID, "main-menu")))
    assert short(phone, "#main-menu a, .account a, .account button") == []
    phone.save_screenshot(str(SCREENSHOTS / "phone-officer-menu.png"))

    # The campaign's tabs, and its link-styled button in the ink of a link, not white on white.
    phone.get(f"{live_server.url}/cham-lo/{officer.pk}/")
    assert short(phone, "main .tabs a") == []
    colours = phone.execute_script(
        """const b = document.querySelector('main button.link'); const s = getComputedStyle(b);
        return [s.color, getComputedStyle(document.body).backgroundColor,
                b.getBoundingClientRect().height];"""
    )
    assert colours[0] not in {"rgb(255, 255, 255)", colours[1]} and colours[2] >= TAP, colours
    no_sideways_scroll(phone)

    # The hand-typed line's date box; the list's file box; the preview keyed by line number.
    phone.get(f"{live_server.url}/cham-lo/{officer.pk}/them/")
    assert short(phone, "main form input, main form select, main form button") == []
    phone.get(f"{live_server.url}/cham-lo/{officer.pk}/nhap/")
    assert short(phone, "main input[type=file]") == []
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(workbook(ROWS))
    phone.find_element(By.ID, "file").send_keys(str(path))
    phone.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    wait.until(ec.presence_of_element_located((By.ID, "preview")))
    key = phone.execute_script(
        "return document.querySelector('#preview tbody td').getBoundingClientRect().width"
    )
    assert key < 80, key  # "3", not a 175 px column
    name = phone.find_element(By.XPATH, "//*[@id='preview']//td[text()='Nguyễn Văn Hùng']")
    assert phone.execute_script(LINES, name) == 1
    no_sideways_scroll(phone)
    phone.save_screenshot(str(SCREENSHOTS / "phone-officer-preview.png"))

    # The sent reports: a data-entry officer approves none, so no column of checkboxes takes
    # the room, and the organization's name reads on one line.
    phone.get(live_server.url + "/bao-cao/?status=submitted")
    link = phone.find_element(By.CSS_SELECTOR, "table.data tbody td a")
    assert phone.execute_script(LINES, link) == 1
    assert not phone.find_elements(By.CSS_SELECTOR, "table.data input[type=checkbox]")
    no_sideways_scroll(phone)

    # A session's form: the date, every topic's line and the lone checkbox's line are tappable,
    # the count box takes a "." and the village box writes from the left like any text.
    phone.get(live_server.url + "/co-so/tuyen-truyen/them/")
    assert short(phone, "main input[type=date], main label.check, fieldset.choices label") == []
    assert phone.find_element(By.ID, "id_audience").get_attribute("inputmode") == "decimal"
    align = "return getComputedStyle(document.getElementById('id_village')).textAlign"
    assert phone.execute_script(align) in {"start", "left"}
    box = phone.find_element(By.ID, "id_in_key_area")
    phone.find_element(By.CSS_SELECTOR, "label[for=id_in_key_area]").click()
    assert box.is_selected()  # tapping the line ticks the box
    no_sideways_scroll(phone)
    phone.save_screenshot(str(SCREENSHOTS / "phone-officer-session.png"))

    # A list longer than a page: "‹ Trước" and "Sau ›" are tapped too.
    women = officer.organizer
    PropagandaSession.objects.bulk_create(
        PropagandaSession(
            held_on=timezone.localdate(),
            organization=women,
            unit=women.admin_unit,
            format="meeting",
            audience=20 + i,
        )
        for i in range(PAGE_SIZE + 1)
    )
    phone.get(live_server.url + "/co-so/tuyen-truyen/?page=2")
    assert len(phone.find_elements(By.CSS_SELECTOR, ".pager a")) == 1
    assert short(phone, ".pager a") == []
    no_console_errors(phone)


def test_the_report_index_is_tappable_on_a_phone(
    phone: Any, live_server: Any, officer: Campaign
) -> None:
    report = Report.objects.get()
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT)
    phone.delete_all_cookies()
    phone.get(live_server.url + "/dang-nhap/")
    phone.find_element(By.ID, "id_username").send_keys("phunu_bmt")
    phone.find_element(By.ID, "id_password").send_keys(PASSWORD)
    phone.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    browser.waiter(phone).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".roles")))
    phone.get(f"{live_server.url}/bao-cao/{report.pk}/")
    browser.waiter(phone).until(ec.presence_of_element_located((By.ID, "entry-form")))
    assert short(phone, "#section-index a[href^='#']") == []
    assert short(phone, "main input[type=file]") == []
    no_sideways_scroll(phone)
    no_console_errors(phone)

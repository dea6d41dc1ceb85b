"""Report entry in a real headless Chromium, on a phone-sized screen."""

from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from danvan import browser
from danvan.conftest import PASSWORD, make_org, make_user
from danvan.core.periods import Period, PeriodType
from danvan.orgs.models import OrgKind, RoleKind
from danvan.orgs.tests.test_browser import SCREENSHOTS, driver, no_console_errors, unit
from danvan.reporting.loader import load_forms
from danvan.reporting.models import Report
from danvan.reporting.tests.helpers import field, stored

pytestmark = browser.marks()
__all__ = ["driver"]


@pytest.fixture
def entry_officer(transactional_db: None) -> None:
    # A live server needs committed data, and the flush between such tests removes the forms
    # the data migration loaded: load them again.
    load_forms(apps)
    province = unit("T01", "Tỉnh Thử Nghiệm", "province")
    commune = unit("T0101", "Xã Hòa Phú", "commune", province)
    make_user(
        "phunu_hoaphu", make_org(OrgKind.WOMEN, commune, "Hội LHPN xã Hòa Phú"), RoleKind.DATA_ENTRY
    )


def test_commune_officer_enters_the_quarterly_report_on_a_phone(
    driver: Any, live_server: Any, entry_officer: None
) -> None:
    wait = browser.waiter(driver, 10)
    driver.get(live_server.url + "/dang-nhap/")
    driver.find_element(By.ID, "id_username").send_keys("phunu_hoaphu")
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".roles")))

    driver.get(live_server.url + "/bao-cao/")
    quarter = Period.containing(PeriodType.QUARTER, timezone.localdate())
    form = driver.find_element(By.CSS_SELECTOR, "form.open-report")
    period_input = form.find_element(By.NAME, "period")
    period_input.clear()
    period_input.send_keys(quarter.code)
    form.find_element(By.CSS_SELECTOR, "button").click()
    wait.until(ec.presence_of_element_located((By.ID, "entry-form")))
    assert quarter.label in driver.find_element(By.TAG_NAME, "h1").text

    packages = field("qua-suat/ho-ngheo")
    value = field("qua-tri-gia/ho-ngheo")
    driver.find_element(By.ID, packages).send_keys("74,000")
    driver.find_element(By.ID, value).send_keys("30.000.000")
    driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
    # Polled by locator, not by a found element: the page may be swapped while it settles.
    error_box = (By.ID, f"{packages}-error")
    assert wait.until(ec.text_to_be_present_in_element(error_box, "không rõ nghĩa"))
    assert wait.until(ec.text_to_be_present_in_element(error_box, "74.000"))
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
    driver.save_screenshot(str(SCREENSHOTS / "report-entry-error.png"))
    report = Report.objects.get(organization__name="Hội LHPN xã Hòa Phú")
    assert stored(report, "qua-tri-gia/ho-ngheo") is None  # nothing saved from that post

    box = driver.find_element(By.ID, packages)
    box.clear()
    box.send_keys("74")
    driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".messages"), "Đã lưu nháp"))
    assert stored(report, "qua-suat/ho-ngheo") == 74
    assert stored(report, "qua-tri-gia/ho-ngheo") == 30_000_000
    assert driver.find_element(By.ID, value).get_attribute("value") == "30.000.000"
    driver.save_screenshot(str(SCREENSHOTS / "report-entry-saved.png"))
    no_console_errors(driver)

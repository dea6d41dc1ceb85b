"""A commune officer files a hot incident on a phone, in Chromium; a similar open one is
shown first; the timeline then takes an update."""

from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select

from danvan import browser
from danvan.conftest import PASSWORD, incident, make_org, make_user
from danvan.grassroots.loader import load_topics
from danvan.orgs.models import OrgKind, RoleKind
from danvan.orgs.tests.test_browser import SCREENSHOTS, driver, no_console_errors, unit
from danvan.situation.models import Incident, IncidentCategory

pytestmark = browser.marks()
__all__ = ["driver"]


@pytest.fixture
def commune(transactional_db: None) -> Any:
    load_topics(apps)
    province = unit("T01", "Tỉnh Thử Nghiệm", "province")
    commune = unit("T0101", "Xã Hòa Phú", "commune", province)
    front = make_org(OrgKind.FRONT, commune, "Ủy ban MTTQ xã Hòa Phú")
    make_user("mttq_hoaphu", front, RoleKind.DATA_ENTRY)
    incident(commune, title="Tranh chấp đất rẫy buôn Cuê", reported=timezone.localdate())
    return commune


def test_officer_files_an_incident_on_a_phone(driver: Any, live_server: Any, commune: Any) -> None:
    wait = browser.waiter(driver, 20)
    driver.set_window_size(390, 844)
    try:
        driver.get(live_server.url + "/dang-nhap/")
        driver.find_element(By.ID, "id_username").send_keys("mttq_hoaphu")
        driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".roles")))
        driver.get(live_server.url + "/co-so/vu-viec/them/")
        driver.find_element(By.ID, "id_title").send_keys("Tranh chấp ranh giới đất nương")
        Select(driver.find_element(By.ID, "id_category")).select_by_visible_text(
            "Tranh chấp đất đai"
        )
        Select(driver.find_element(By.ID, "id_unit")).select_by_visible_text("Xã Hòa Phú")
        # Typed in the order the browser shows the date's parts (month first in an en-US one).
        browser.type_date(driver.find_element(By.ID, "id_occurred_on"), timezone.localdate())
        browser.type_date(driver.find_element(By.ID, "id_reported_on"), timezone.localdate())
        Select(driver.find_element(By.ID, "id_severity")).select_by_visible_text("Nóng")
        driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
        wait.until(ec.presence_of_element_located((By.ID, "similar")))
        assert "Tranh chấp đất rẫy buôn Cuê" in driver.find_element(By.ID, "similar").text
        driver.save_screenshot(str(SCREENSHOTS / "grassroots-similar-phone.png"))
        driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
        wait.until(ec.presence_of_element_located((By.ID, "timeline")))
        Select(driver.find_element(By.NAME, "status")).select_by_visible_text("Đang giải quyết")
        driver.find_element(By.ID, "update-text").send_keys("Tổ hòa giải đến làm việc với hai hộ.")
        driver.find_element(By.CSS_SELECTOR, "section.card button[type=submit]").click()
        wait.until(lambda d: "Đang giải quyết" in d.find_element(By.ID, "status").text)
        assert "Tổ hòa giải đến làm việc" in driver.find_element(By.ID, "timeline").text
        driver.save_screenshot(str(SCREENSHOTS / "grassroots-incident-phone.png"))
        no_console_errors(driver)
    finally:
        driver.set_window_size(1280, 900)
    filed = Incident.objects.get(title="Tranh chấp ranh giới đất nương")
    assert filed.status == "handling" and filed.updates.count() == 2
    assert filed.occurred_on == filed.reported_on == timezone.localdate()
    assert filed.category == IncidentCategory.objects.get(code="dat-dai")

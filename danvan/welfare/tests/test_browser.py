"""Uploading a list on a phone, in a real headless Chromium."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from danvan import browser
from danvan.conftest import PASSWORD, make_org, make_user
from danvan.orgs.models import OrgKind, RoleKind
from danvan.orgs.tests.test_browser import SCREENSHOTS, driver, no_console_errors, unit
from danvan.welfare.models import Campaign, CampaignKind, Distribution
from danvan.welfare.tests.test_ledger import ROWS, workbook

pytestmark = browser.marks()
__all__ = ["driver"]


@pytest.fixture
def campaign(transactional_db: None) -> Campaign:
    province = unit("T01", "Tỉnh Thử Nghiệm", "province")
    commune = unit("T0101", "Xã Hòa Phú", "commune", province)
    women = make_org(OrgKind.WOMEN, commune, "Hội LHPN xã Hòa Phú")
    make_user("phunu_hoaphu", women, RoleKind.DATA_ENTRY)
    return Campaign.objects.create(
        name="Chăm lo Tết Tân Sửu 2021", kind=CampaignKind.TET, starts=dt.date(2021, 1, 15),
        ends=dt.date(2021, 2, 11), organizer=women, unit=province,
        target_groups=["ho-ngheo", "can-ngheo"],
    )  # fmt: skip


def test_commune_officer_uploads_a_list_previews_and_confirms_on_a_phone(
    driver: Any, live_server: Any, campaign: Campaign, tmp_path: Path, immediate_jobs: None
) -> None:
    wait = browser.waiter(driver, 10)
    driver.get(live_server.url + "/dang-nhap/")
    driver.find_element(By.ID, "id_username").send_keys("phunu_hoaphu")
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".roles")))

    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(workbook(ROWS))
    driver.get(f"{live_server.url}/cham-lo/{campaign.pk}/nhap/")
    driver.find_element(By.ID, "file").send_keys(str(path))
    driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    preview = wait.until(ec.presence_of_element_located((By.ID, "preview")))
    assert "3 dòng" in preview.text
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
    driver.save_screenshot(str(SCREENSHOTS / "welfare-preview.png"))
    assert not Distribution.objects.exists()
    preview.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # The job's page, on the phone: done, with what was recorded and a link to the campaign.
    wait.until(ec.text_to_be_present_in_element((By.ID, "job-status"), "Đã nhập 3 lượt trao"))
    assert Distribution.objects.count() == 3
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
    driver.save_screenshot(str(SCREENSHOTS / "welfare-job.png"))
    driver.find_element(By.LINK_TEXT, "Xem kết quả").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "h1")))
    driver.save_screenshot(str(SCREENSHOTS / "welfare-campaign.png"))
    no_console_errors(driver)

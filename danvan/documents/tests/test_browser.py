"""The province officer builds the quarterly report from the consolidation page, in Chromium,
and a commune officer reads a Word report into theirs."""

import io
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone
from docx import Document as new_docx
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from danvan import browser
from danvan.conftest import PASSWORD, make_org, make_user
from danvan.core.periods import Period, PeriodType
from danvan.orgs.models import OrgKind, RoleKind
from danvan.orgs.tests.test_browser import SCREENSHOTS, driver, no_console_errors, unit
from danvan.reporting.loader import load_forms
from danvan.reporting.models import Report, ReportForm, ReportStatus
from danvan.reporting.tests.test_consolidation import file_report

pytestmark = browser.marks()
__all__ = ["driver"]

Q1 = Period.parse("2021Q1")


@pytest.fixture
def province(transactional_db: None) -> Report:
    load_forms(apps)
    province = unit("T01", "Tỉnh Thử Nghiệm", "province")
    commune = unit("T0101", "Xã Hòa Phú", "commune", province)
    commission = make_org(OrgKind.COMMISSION, province, "Ban Dân vận Tỉnh ủy Thử Nghiệm")
    make_user("tinh_bdv", commission, RoleKind.VIEWER)
    women = make_org(OrgKind.WOMEN, commune, "Hội LHPN xã Hòa Phú")
    make_user("phunu_hoaphu", women, RoleKind.DATA_ENTRY)
    file_report(women, Q1, {"qua-suat/ho-ngheo": 73850, "tt-buoi": 12})
    month = Period.containing(PeriodType.MONTH, timezone.localdate())
    draft = Report.new(ReportForm.objects.get(code="bc-thang"), women, month)
    draft.status = ReportStatus.DRAFT
    draft.save()
    return draft


def sign_in(driver: Any, live_server: Any, username: str) -> WebDriverWait[Any]:
    wait = browser.waiter(driver, 15)
    driver.get(live_server.url + "/dang-nhap/")
    driver.find_element(By.ID, "id_username").send_keys(username)
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".roles")))
    return wait


def test_province_officer_builds_the_pdf_and_sees_progress(
    driver: Any, live_server: Any, province: Report, immediate_jobs: None
) -> None:
    wait = sign_in(driver, live_server, "tinh_bdv")
    driver.get(live_server.url + "/tong-hop/?period=2021Q1")
    buttons = driver.find_elements(By.CSS_SELECTOR, "#documents button[name=format]")
    assert [b.text for b in buttons] == [
        "Lập bản Word (DOCX)",
        "Lập bản PDF",
        "Lập phụ lục số liệu (XLSX)",
    ]
    buttons[1].click()
    status = wait.until(ec.presence_of_element_located((By.ID, "job-status")))
    wait.until(lambda d: "Đã lập xong" in status.text)
    assert "Tải bao-cao-T01-2021Q1.pdf" in status.text
    driver.save_screenshot(str(SCREENSHOTS / "documents-consolidation.png"))
    no_console_errors(driver)


def test_commune_officer_reads_a_word_report_on_a_phone(
    driver: Any, live_server: Any, province: Report, immediate_jobs: None, tmp_path: Any
) -> None:
    document = new_docx()
    document.add_paragraph("I. Kết quả đạt được")
    document.add_paragraph("Trong tháng, Hội đã tổ chức 6 buổi tuyên truyền với 240 lượt người.")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "bao-cao-thang.docx"
    path.write_bytes(buffer.getvalue())

    driver.set_window_size(390, 844)
    try:
        wait = sign_in(driver, live_server, "phunu_hoaphu")
        driver.get(f"{live_server.url}/bao-cao/{province.pk}/doc-van-ban/")
        driver.find_element(By.ID, "file").send_keys(str(path))
        driver.find_element(By.CSS_SELECTOR, "#read button").click()
        wait.until(ec.presence_of_element_located((By.ID, "job-status")))
        driver.find_element(By.LINK_TEXT, "Xem kết quả").click()
        wait.until(ec.presence_of_element_located((By.ID, "suggestions")))
        rows = driver.find_elements(By.CSS_SELECTOR, "#suggestions tbody tr")
        assert len(rows) == 2
        driver.save_screenshot(str(SCREENSHOTS / "documents-ingest-phone.png"))
        driver.find_element(By.CSS_SELECTOR, "#apply button[value=apply]").click()
        wait.until(ec.presence_of_element_located((By.ID, "entry-form")))
        assert "Đã đưa các số liệu" in driver.find_element(By.CSS_SELECTOR, ".messages").text
        no_console_errors(driver)
    finally:
        driver.set_window_size(1280, 900)
    province.refresh_from_db()
    values = {v.indicator.code: v.value for v in province.values.select_related("indicator")}
    assert values == {"tt-buoi": 6, "tt-luot-nguoi": 240}

"""In Chromium on a phone: the province's officer gives a briefing's task to one ward's Front
among hundreds of organizations, narrowing the list by kind and name as they type (htmx,
served with the page), without losing what was typed or ticked."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from danvan import browser
from danvan.conftest import make_org, make_user, restore_national_units
from danvan.core.tests.test_browser_quarter import shown, sign_in
from danvan.directives.models import Meeting, Task
from danvan.geo.loader import REFORM_DATE
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Notification, Organization, OrgKind, RoleKind
from danvan.orgs.tests.test_browser import no_console_errors

pytestmark = [*browser.marks(), pytest.mark.django_db(transaction=True)]
TASK = "Tổ chức đối thoại với Nhân dân ở các khu phố có dự án giải phóng mặt bằng"


def test_the_province_gives_a_task_to_a_ward_front_on_a_phone(live_server: Any) -> None:
    restore_national_units()
    province = AdminUnit.objects.by_code("66", REFORM_DATE)
    ward = AdminUnit.objects.by_code("24133", REFORM_DATE)  # Phường Buôn Ma Thuột
    commission = make_org(OrgKind.COMMISSION, province, "Ban Dân vận Tỉnh ủy Đắk Lắk")
    communes = list(
        AdminUnit.objects.under(province).at(timezone.localdate()).filter(level="commune")
    )
    Organization.objects.bulk_create(
        Organization(
            kind=kind, name=f"{OrgKind(kind).label} {c.name}", admin_unit=c, valid_from=c.valid_from
        )
        for c in communes
        for kind in (OrgKind.FRONT, OrgKind.WOMEN, OrgKind.FARMERS, OrgKind.YOUTH)
    )
    front = Organization.objects.get(admin_unit=ward, kind=OrgKind.FRONT)
    officer = make_user("tinh.nhaplieu", commission, RoleKind.DATA_ENTRY)
    ward_officer = make_user("bmt.mttq", front, RoleKind.DATA_ENTRY)
    today = timezone.localdate()
    meeting = Meeting.objects.create(
        title="Hội nghị giao ban khối dân vận tháng này", unit=province, organization=commission,
        held_on=today - dt.timedelta(days=2), chair="Trưởng ban Dân vận", period=f"{today:%Y%m}",
    )  # fmt: skip
    assert Organization.objects.count() > 400
    with browser.chromium() as driver:
        wait = sign_in(driver, live_server.url, officer)
        driver.get(f"{live_server.url}/co-so/hoi-nghi/{meeting.pk}/")
        shown(wait, "#owners-count", "tổ chức")
        assert driver.execute_script("return typeof window.htmx") == "object"
        boxes = driver.find_elements(By.CSS_SELECTOR, "#task-form input[name=owners]")
        assert len(boxes) == 1  # the host only, until the officer says where to look
        driver.find_element(By.ID, "id_title").send_keys(TASK)
        Select(driver.find_element(By.ID, "id_owner_kind")).select_by_visible_text(
            "Mặt trận Tổ quốc"
        )
        driver.find_element(By.ID, "id_owner_q").send_keys("buon ma thuot")
        label = f"{front.name} — Phường Buôn Ma Thuột"
        # The list of the kind chosen comes first, then that of the name typed.
        shown(wait, "#owners-count", "1 tổ chức phù hợp.")
        found = shown(wait, "#owners-found", label)
        assert "Hội Nông dân" not in found
        driver.find_element(By.XPATH, f"//label[normalize-space()='{label}']/input").click()
        # Looking elsewhere keeps the ward's Front ticked.
        driver.find_element(By.ID, "id_owner_q").clear()
        driver.find_element(By.ID, "id_owner_q").send_keys("ea kao")
        shown(wait, "#owners-count", "tổ chức phù hợp.")
        assert label in shown(wait, "#owners-chosen", label)
        assert "Ea Kao" in driver.find_element(By.ID, "owners-found").text
        assert driver.find_element(By.ID, "id_title").get_attribute("value") == TASK
        # "Lọc" pressed all the same swaps the list in place (the page is not left, a mark
        # set on it stays): nothing typed or ticked is lost, and no token goes anywhere.
        driver.execute_script(
            "window.stayed = true; document.body.addEventListener('htmx:afterSwap',"
            " () => { window.swapped = true; }, {once: true});"
        )
        driver.find_element(By.ID, "owner-narrow").click()
        wait.until(lambda d: d.execute_script("return window.swapped === true"))
        assert driver.execute_script("return window.stayed === true")
        assert driver.current_url == f"{live_server.url}/co-so/hoi-nghi/{meeting.pk}/"
        assert label in shown(wait, "#owners-chosen", label)
        assert driver.find_element(By.ID, "id_title").get_attribute("value") == TASK
        browser.type_date(driver.find_element(By.ID, "id_deadline"), today + dt.timedelta(days=10))
        driver.find_element(By.ID, "task-submit").click()
        shown(wait, ".messages", "Đã giao nhiệm vụ")
        assert front.name in driver.find_element(By.ID, "tasks").text
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
        no_console_errors(driver)
    task = Task.objects.get(title=TASK)
    assert list(task.owners.all()) == [front] and task.created_by == officer
    assert task.deadline == today + dt.timedelta(days=10)
    assert Notification.objects.filter(
        user=ward_officer, url=f"/co-so/nhiem-vu/{task.pk}/"
    ).exists()

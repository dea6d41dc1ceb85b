"""A whole quarter in Chromium, as the people who do it: a commune officer files an incident and
sends the period report; the province returns it with a reason; the commune finds it at the top
of its worklist, fixes it and sends it again; the province approves it, reads the commune's
figure on the consolidation, holds the briefing and gives a task to an organization, whose
people are told, find it on their worklist and post progress, which the province then reads.

Once in a 2021 quarter with the 2021 units and organizations (province → district → commune),
on a desktop screen, and once in today's quarter with today's two tiers, on a phone; and a
person of today's organization that took over an ended one follows the ended one's task.

The test moves between pages by the links and buttons in the pages' content (or a URL a person
would type), never through the site's menu. Data that is not what a step tests is made in the
database with the shared helpers."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select

from danvan import browser
from danvan.conftest import PASSWORD, Q1_2021, make_org, make_user, restore_national_units
from danvan.core.periods import Period, PeriodType
from danvan.directives.forms import owner_label
from danvan.directives.models import Meeting, Task, TaskUpdate
from danvan.directives.notices import send_task_notices
from danvan.geo.loader import REFORM_DATE
from danvan.geo.models import AdminUnit
from danvan.grassroots.loader import load_topics
from danvan.orgs.models import Notification, Organization, OrgKind, RoleKind, User
from danvan.orgs.succession import link_by_units
from danvan.orgs.tests.test_browser import SCREENSHOTS, no_console_errors
from danvan.reporting.loader import load_forms
from danvan.reporting.models import EventKind, Report, ReportStatus
from danvan.reporting.tests.helpers import field, stored
from danvan.situation.models import Incident

# A live server needs committed rows: each test commits and is flushed after (all apps, the
# unit list too, so that later tests that lay the database out again find it as they expect).
pytestmark = [*browser.marks(), pytest.mark.django_db(transaction=True)]

ICT = dt.timezone(dt.timedelta(hours=7))
PHONE, DESKTOP = 390, 1366


@pytest.fixture
def country(transactional_db: None) -> None:
    """The national unit list, report forms, topics and incident categories: a live server
    needs committed rows, and the flush after an earlier such test empties these tables."""
    restore_national_units()
    load_forms(apps)
    load_topics(apps)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


# --- the people and what they see -----------------------------------------------------------


@dataclass
class Quarter:
    """One quarter's cast: who reports, who decides, who is given the briefing's task."""

    name: str  # screenshot prefix
    width: int
    today: dt.date
    period: Period
    incident_on: dt.date
    deadline: dt.date
    province_unit: AdminUnit
    commune_unit: AdminUnit
    province_org: Organization
    commune_org: Organization
    owner_org: Organization
    province: User
    commune: User
    owner: User
    # The unit of the consolidation's table by unit that holds the commune's figure.
    row_unit: AdminUnit


def of(unit: AdminUnit) -> str:
    """ "Phường Thành Công" → "phường Thành Công", as it follows an organization's name."""
    return unit.name[0].lower() + unit.name[1:]


def cast(
    name: str,
    width: int,
    today: dt.date,
    province_unit: AdminUnit,
    commune_unit: AdminUnit,
    owner_unit: AdminUnit,
    row_unit: AdminUnit,
    incident_on: dt.date,
) -> Quarter:
    province_org = make_org(OrgKind.COMMISSION, province_unit, "Ban Dân vận Tỉnh ủy Đắk Lắk")
    commune_org = make_org(OrgKind.WOMEN, commune_unit, f"Hội Liên hiệp Phụ nữ {of(commune_unit)}")
    owner_org = make_org(OrgKind.FRONT, owner_unit, f"Ủy ban MTTQ Việt Nam {of(owner_unit)}")
    return Quarter(
        name=name,
        width=width,
        today=today,
        period=Period.containing(PeriodType.QUARTER, incident_on),
        incident_on=incident_on,
        deadline=today + dt.timedelta(days=25),
        province_unit=province_unit,
        commune_unit=commune_unit,
        province_org=province_org,
        commune_org=commune_org,
        owner_org=owner_org,
        province=make_user("tinh.pheduyet", province_org, RoleKind.APPROVER),
        commune=make_user("xa.nhaplieu", commune_org, RoleKind.DATA_ENTRY),
        owner=make_user("mttq.nhaplieu", owner_org, RoleKind.DATA_ENTRY),
        row_unit=row_unit,
    )


def sign_in(driver: Any, url: str, user: User) -> Any:
    """Another person at the same browser: a fresh session, signed in, on the home page."""
    driver.delete_all_cookies()
    driver.get(url + "/dang-nhap/")
    wait = browser.waiter(driver)
    wait.until(lambda d: d.find_element(By.ID, "id_username"))
    driver.find_element(By.ID, "id_username").send_keys(user.username)
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(lambda d: d.find_element(By.ID, "worklist"))
    return wait


def main(driver: Any) -> WebElement:
    element: WebElement = driver.find_element(By.TAG_NAME, "main")
    return element


def follow(driver: Any, text: str) -> None:
    """Click the link of the page's content (not of the menu) whose text holds `text`."""
    main(driver).find_element(By.PARTIAL_LINK_TEXT, text).click()


def shown(wait: Any, css: str, text: str) -> str:
    """Wait until the element at `css` shows `text`; its whole text."""

    def showing(driver: Any) -> str | bool:
        found: str = driver.find_element(By.CSS_SELECTOR, css).text
        return found if text in found else False

    result: str = wait.until(showing)
    return result


def worklist(driver: Any) -> list[str]:
    return [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#worklist li")]


def fits(driver: Any, width: int) -> None:
    """Nothing on the page is wider than the screen (tables scroll inside their frame)."""
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width


def snap(driver: Any, name: str, width: int, step: str, at: str = "") -> None:
    """Check the page fits the screen and save a screenshot, scrolled to `at` (a selector)."""
    fits(driver, width)
    if at:
        driver.execute_script(f"document.querySelector('{at}').scrollIntoView()")
    driver.save_screenshot(str(SCREENSHOTS / f"quarter-{name}-{step}.png"))


def type_into(driver: Any, element_id: str, text: str) -> None:
    box = driver.find_element(By.ID, element_id)
    box.clear()
    box.send_keys(text)


def option_text(unit: AdminUnit) -> str:
    """How a unit is named in a record form's list (an ended one says until when)."""
    return str(unit)


def d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- the quarter, step by step ---------------------------------------------------------------


def file_incident(driver: Any, url: str, q: Quarter) -> Incident:
    wait = sign_in(driver, url, q.commune)
    assert driver.execute_script("return window.innerWidth") == q.width
    driver.get(url + "/co-so/vu-viec/")
    follow(driver, "Ghi nhận vụ việc")
    wait.until(lambda d: d.find_element(By.ID, "id_title"))
    type_into(driver, "id_title", "Tranh chấp lối đi chung tổ dân phố 5")
    Select(driver.find_element(By.ID, "id_category")).select_by_visible_text("Tranh chấp đất đai")
    Select(driver.find_element(By.ID, "id_unit")).select_by_visible_text(
        option_text(q.commune_unit)
    )
    browser.type_date(driver.find_element(By.ID, "id_occurred_on"), q.incident_on)
    browser.type_date(driver.find_element(By.ID, "id_reported_on"), q.incident_on)
    Select(driver.find_element(By.ID, "id_severity")).select_by_visible_text("Phức tạp")
    driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    shown(wait, "#status", "Mới phát sinh")
    assert "Đã ghi nhận vụ việc." in driver.find_element(By.CSS_SELECTOR, ".messages").text
    assert q.commune_org.name in driver.find_element(By.ID, "timeline").text
    snap(driver, q.name, q.width, "1-incident", "#timeline")
    filed = Incident.objects.get(title="Tranh chấp lối đi chung tổ dân phố 5")
    assert (filed.unit, filed.status, filed.severity) == (q.commune_unit, "new", "complicated")
    assert filed.occurred_on == filed.reported_on == q.incident_on
    assert list(filed.organizations.all()) == [q.commune_org]
    assert [(h.history_type, h.history_user) for h in filed.history.all()] == [("+", q.commune)]
    return filed


def send_report(driver: Any, url: str, q: Quarter) -> Report:
    wait = browser.waiter(driver)
    driver.get(url + "/bao-cao/")
    opener = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "form.open-report"))
    period_box = opener.find_element(By.NAME, "period")
    if period_box.get_attribute("value") != q.period.code:  # the ended quarter is offered
        period_box.clear()
        period_box.send_keys(q.period.code)
    opener.find_element(By.CSS_SELECTOR, "button").click()
    shown(wait, "h1", q.period.label)
    # What the commune recorded this quarter is offered beside the field.
    incidents = field("vv-tham-gia")
    beside = driver.find_element(By.ID, incidents).find_element(By.XPATH, "..")
    assert beside.find_element(By.CSS_SELECTOR, ".field-suggestion").text == (
        "Sổ vụ việc, kiến nghị: 1"
    )
    type_into(driver, field("qua-suat/ho-ngheo"), "120")
    type_into(driver, field("qua-tri-gia/ho-ngheo"), "48.000.000")
    type_into(driver, field("tt-buoi"), "6")
    type_into(driver, field("tt-luot-nguoi"), "320")
    type_into(driver, "n-ket-qua", "Trao 120 suất quà Tết cho hộ nghèo; 6 buổi tuyên truyền.")
    driver.find_element(By.CSS_SELECTOR, "button[value=suggest]").click()
    wait.until(lambda d: d.find_element(By.ID, incidents).get_attribute("value") == "1")
    assert driver.find_element(By.ID, field("qua-suat/ho-ngheo")).get_attribute("value") == "120"
    driver.find_element(By.CSS_SELECTOR, "button[value=submit]").click()
    shown(wait, "#status", "Đã gửi")
    assert "Đã gửi báo cáo lên cấp trên." in driver.find_element(By.CSS_SELECTOR, ".messages").text
    snap(driver, q.name, q.width, "2-sent")
    report = Report.objects.get(organization=q.commune_org, period=q.period.code)
    assert report.status == ReportStatus.SUBMITTED
    assert stored(report, "qua-suat/ho-ngheo") == 120
    assert stored(report, "vv-tham-gia") == 1
    no_console_errors(driver)
    return report


REASON = "Số suất quà cho hộ nghèo chưa khớp danh sách đã duyệt (100 suất); sửa lại rồi gửi."


def return_report(driver: Any, url: str, q: Quarter, report: Report) -> None:
    wait = sign_in(driver, url, q.province)
    waiting = [t for t in worklist(driver) if "Báo cáo chờ phê duyệt" in t]
    assert waiting == [
        f"Báo cáo chờ phê duyệt {q.period.titled(report.form.name)} — {q.commune_org.name}"
    ]
    follow(driver, q.commune_org.name)
    shown(wait, "#status", "Đã gửi")
    driver.find_element(By.ID, "comment").send_keys(REASON)
    driver.find_element(By.CSS_SELECTOR, "#report-actions button[value=return]").click()
    shown(wait, "#status", "Bị trả lại")
    assert (
        "Đã trả lại báo cáo cho đơn vị." in driver.find_element(By.CSS_SELECTOR, ".messages").text
    )
    snap(driver, q.name, q.width, "3-returned")
    no_console_errors(driver)
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    returned = report.events.get(kind=EventKind.RETURNED)
    assert (returned.user, returned.comment) == (q.province, REASON)
    notice = Notification.objects.get(user=q.commune, url=f"/bao-cao/{report.pk}/")
    assert notice.text.endswith(f"của {q.commune_org.name} bị trả lại: {REASON}")


def fix_and_resend(driver: Any, url: str, q: Quarter, report: Report) -> None:
    wait = sign_in(driver, url, q.commune)
    first = worklist(driver)[0]
    assert first.startswith("Báo cáo bị trả lại, cần sửa")
    assert REASON in first and q.commune_org.name in first
    assert "urgent" in driver.find_element(By.CSS_SELECTOR, "#worklist li").get_attribute("class")
    snap(driver, q.name, q.width, "4-worklist")
    driver.get(url + "/thong-bao/")
    notice = shown(wait, "#notices li", "bị trả lại")
    assert REASON in notice
    follow(driver, "bị trả lại")
    reason = shown(wait, "#return-reason", REASON)
    assert reason.startswith("Trả lại ngày")
    # The reason sits at the top of the report, above every field.
    top = driver.execute_script(
        "return [document.getElementById('return-reason').getBoundingClientRect().top,"
        " document.getElementById('entry-form').getBoundingClientRect().top]"
    )
    assert top[0] < top[1]
    type_into(driver, field("qua-suat/ho-ngheo"), "100")
    type_into(driver, field("qua-tri-gia/ho-ngheo"), "40.000.000")
    driver.find_element(By.CSS_SELECTOR, "button[value=submit]").click()
    shown(wait, "#status", "Đã gửi")
    assert not driver.find_elements(By.ID, "return-reason")
    changes = driver.find_element(By.ID, "changes").text
    assert "120" in changes and "100" in changes
    snap(driver, q.name, q.width, "5-resent", "#changes")
    no_console_errors(driver)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert stored(report, "qua-suat/ho-ngheo") == 100
    assert [e.kind for e in report.events.exclude(kind=EventKind.SAVED)] == [
        EventKind.SUBMITTED,
        EventKind.RETURNED,
        EventKind.SUBMITTED,
    ]
    assert sorted(
        (c.indicator.code, c.old_value, c.new_value, c.user) for c in report.changes.all()
    ) == [
        ("qua-suat", 120, 100, q.commune),
        ("qua-tri-gia", 48_000_000, 40_000_000, q.commune),
    ]


def approve_and_consolidate(driver: Any, url: str, q: Quarter, report: Report) -> None:
    wait = sign_in(driver, url, q.province)
    follow(driver, q.commune_org.name)
    shown(wait, "#status", "Đã gửi")
    assert "120" in driver.find_element(By.ID, "changes").text  # what changed since it was sent
    driver.find_element(By.CSS_SELECTOR, "#report-actions button[value=approve]").click()
    shown(wait, "#status", "Đã phê duyệt")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.version > 1
    approved = report.events.get(kind=EventKind.APPROVED)
    assert approved.user == q.province
    assert Notification.objects.filter(
        user=q.commune, url=f"/bao-cao/{report.pk}/", text__contains="đã được phê duyệt"
    ).exists()
    assert not [t for t in worklist_after(driver, url) if "Báo cáo chờ" in t]

    driver.get(f"{url}/tong-hop/?period={q.period.code}")
    shown(wait, "h1", q.period.label)
    assert q.province_unit.name in driver.find_element(By.ID, "figures-source").text
    assert driver.find_element(By.ID, "received").text == "1"
    driver.find_element(By.CSS_SELECTOR, "input[name=approved]").click()
    driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    wait.until(lambda d: "approved=1" in d.current_url)
    row = driver.find_element(By.CSS_SELECTOR, "#figures tr[data-indicator=qua-suat]:not(.option)")
    assert row.find_element(By.CSS_SELECTOR, ".total").text == "100"
    incidents = driver.find_element(By.CSS_SELECTOR, "#figures tr[data-indicator=vv-tham-gia]")
    assert incidents.find_element(By.CSS_SELECTOR, ".total").text == "1"
    assert "Sổ vụ việc, kiến nghị: 1" in incidents.find_element(By.CSS_SELECTOR, ".recorded").text
    by_unit = next(
        r
        for r in driver.find_elements(By.CSS_SELECTOR, "#by-unit tbody tr")
        if r.find_element(By.TAG_NAME, "td").text == q.row_unit.name
    )
    cells = [td.text for td in by_unit.find_elements(By.TAG_NAME, "td")]
    assert cells[1].startswith("1/") and cells[2:4] == ["100", "40.000.000"]
    snap(driver, q.name, q.width, "6-consolidated", "#figures")
    no_console_errors(driver)


def worklist_after(driver: Any, url: str) -> list[str]:
    driver.get(url + "/")
    browser.waiter(driver).until(lambda d: d.find_element(By.ID, "worklist"))
    return worklist(driver)


TASK = "Vận động hội viên tham gia hòa giải ở cơ sở, giải quyết dứt điểm tranh chấp lối đi chung"


def hold_briefing(driver: Any, url: str, q: Quarter) -> Task:
    wait = browser.waiter(driver)
    title = f"Hội nghị giao ban khối dân vận {q.period.label}"
    driver.get(url + "/co-so/hoi-nghi/")
    follow(driver, "Ghi hội nghị")
    wait.until(lambda d: d.find_element(By.ID, "id_title"))
    type_into(driver, "id_title", title)
    organization = Select(driver.find_element(By.ID, "id_organization"))
    assert organization.first_selected_option.text.startswith(q.province_org.name)
    Select(driver.find_element(By.ID, "id_unit")).select_by_visible_text(
        option_text(q.province_unit)
    )
    browser.type_date(driver.find_element(By.ID, "id_held_on"), q.today)
    type_into(driver, "id_chair", "Phó Bí thư Thường trực Tỉnh ủy")
    main(driver).find_element(
        By.XPATH, f"//label[normalize-space()='{q.owner_org.name}']/input"
    ).click()
    type_into(driver, "id_period", q.period.code)
    driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    shown(wait, "h1", title)
    assert q.owner_org.name in main(driver).text  # among those attending
    driver.find_element(By.NAME, "conclusions").send_keys("Tập trung giải quyết dứt điểm vụ việc.")
    driver.find_element(By.CSS_SELECTOR, "textarea[name=conclusions] ~ div button").click()
    shown(wait, ".messages", "Đã lưu kết luận")
    type_into(driver, "id_title", TASK)
    # Each organization is offered with its unit after it ("… — Phường …").
    main(driver).find_element(
        By.XPATH,
        f"//input[@name='owners']/parent::label[starts-with(normalize-space(), "
        f"'{q.owner_org.name} — ')]",
    ).click()
    browser.type_date(driver.find_element(By.ID, "id_deadline"), q.deadline)
    driver.find_element(By.XPATH, "//button[normalize-space()='Giao nhiệm vụ']").click()
    told = shown(wait, ".messages", "Đã giao nhiệm vụ")
    assert "đã thông báo cho 1 người" in told
    assert "chưa báo cáo" in driver.find_element(By.ID, "tasks").text
    snap(driver, q.name, q.width, "7-briefing", "#tasks")
    no_console_errors(driver)
    meeting = Meeting.objects.get(title=title)
    assert (meeting.unit, meeting.organization, meeting.period) == (
        q.province_unit,
        q.province_org,
        q.period.code,
    )
    assert meeting.conclusions == "Tập trung giải quyết dứt điểm vụ việc."
    task = Task.objects.get(meeting=meeting)
    assert task.title == TASK and list(task.owners.all()) == [q.owner_org]
    assert (task.deadline, task.done_on, task.created_by) == (q.deadline, None, q.province)
    assert [h.history_type for h in task.history.all()] == ["+"]
    return task


def post_progress(driver: Any, url: str, q: Quarter, task: Task) -> None:
    wait = sign_in(driver, url, q.owner)
    item = next(t for t in worklist(driver) if TASK in t)
    assert item.startswith("Nhiệm vụ được giao") and f"hạn {d(q.deadline)}" in item
    driver.get(url + "/thong-bao/")
    notice = shown(wait, "#notices li", TASK)
    assert "Nhiệm vụ mới từ Hội nghị giao ban" in notice and f"(hạn {d(q.deadline)})" in notice
    driver.get(url + "/")
    follow(driver, TASK[:40])
    shown(wait, "h1", TASK)
    assert "Chưa có báo cáo tiến độ." in driver.find_element(By.ID, "updates").text
    organization = Select(driver.find_element(By.NAME, "organization"))
    assert [o.text for o in organization.options] == [q.owner_org.name]
    driver.find_element(By.NAME, "percent").send_keys("50")
    driver.find_element(By.ID, "progress-text").send_keys("Đã hòa giải 3/5 hộ; còn 2 hộ.")
    driver.find_element(By.CSS_SELECTOR, "#progress-text ~ div button").click()
    shown(wait, "#updates", "Đã hòa giải 3/5 hộ")
    assert f"{q.owner_org.name}: 50%" in driver.find_element(By.ID, "updates").text
    snap(driver, q.name, q.width, "8-progress", "#updates")
    no_console_errors(driver)
    update = TaskUpdate.objects.get(task=task)
    assert (update.organization, update.user, update.percent) == (q.owner_org, q.owner, 50)
    task.refresh_from_db()
    assert task.done_on is None


def read_progress(driver: Any, url: str, q: Quarter) -> None:
    wait = sign_in(driver, url, q.province)
    driver.get(url + "/co-so/hoi-nghi/")
    follow(driver, "Hội nghị giao ban khối dân vận")
    row = shown(wait, "#tasks tbody tr", TASK)
    assert row.endswith("50%")
    follow(driver, TASK[:40])
    progress = shown(wait, "#updates", "Đã hòa giải 3/5 hộ")
    assert f"{q.owner_org.name}: 50%" in progress
    snap(driver, q.name, q.width, "9-followed", "#updates")
    no_console_errors(driver)


def the_quarter(driver: Any, url: str, q: Quarter) -> None:
    incident = file_incident(driver, url, q)
    report = send_report(driver, url, q)
    return_report(driver, url, q, report)
    fix_and_resend(driver, url, q, report)
    approve_and_consolidate(driver, url, q, report)
    task = hold_briefing(driver, url, q)
    post_progress(driver, url, q, task)
    read_progress(driver, url, q)
    incident.refresh_from_db()
    assert incident.status == "new"  # the quarter's flow left it as filed


# --- (a) a 2021 quarter, 2021 units and organizations, on a desktop ------------------------

APRIL_2021 = dt.datetime(2021, 4, 5, 8, 30, tzinfo=ICT)


@pytest.fixture
def quarter_2021(country: None) -> Iterator[Quarter]:
    # The days after the quarter ended, before the report was due: for the server too.
    with time_machine.travel(APRIL_2021, tick=True):
        assert timezone.localdate() == APRIL_2021.date()
        yield cast(
            "2021",
            DESKTOP,
            APRIL_2021.date(),
            province_unit=AdminUnit.objects.by_code("66", Q1_2021),
            commune_unit=AdminUnit.objects.by_code("24133", Q1_2021),
            owner_unit=AdminUnit.objects.by_code("643", Q1_2021),
            row_unit=AdminUnit.objects.by_code("643", Q1_2021),
            incident_on=dt.date(2021, 3, 29),
        )


def test_a_2021_quarter_on_a_desktop(live_server: Any, quarter_2021: Quarter) -> None:
    q = quarter_2021
    assert q.commune_unit.parent and q.commune_unit.parent.level == "district"  # three tiers
    assert q.owner_org.admin_unit.level == "district"
    with browser.chromium(DESKTOP, 800, desktop=True) as driver:
        the_quarter(driver, live_server.url, q)


# --- (b) today's quarter, today's two tiers, on a phone ------------------------------------


@pytest.fixture
def quarter_today(country: None) -> Quarter:
    today = timezone.localdate()
    province = AdminUnit.objects.by_code("66", REFORM_DATE)
    commune = AdminUnit.objects.by_code("24133", REFORM_DATE)
    return cast(
        "today",
        PHONE,
        today,
        province_unit=province,
        commune_unit=commune,
        owner_unit=province,
        row_unit=commune,
        incident_on=today,
    )


def test_todays_quarter_on_a_phone(live_server: Any, quarter_today: Quarter) -> None:
    q = quarter_today
    assert q.commune_unit.parent == q.province_unit  # two tiers since 01/07/2025
    with browser.chromium(PHONE, 844) as driver:
        the_quarter(driver, live_server.url, q)


# --- (c) today's people follow the task of the organization they took over ---------------


@dataclass
class Merged:
    task: Task
    old_org: Organization
    heir: Organization
    officer: User
    province: User


@pytest.fixture
def merged(country: None) -> Merged:
    """The 2021 women's union of Phường Thành Công, given a task at the province's briefing of
    June 2025, ended at the reorganization; today's union of Phường Buôn Ma Thuột took over."""
    old_unit = AdminUnit.objects.by_code("24133", Q1_2021)
    old_province = AdminUnit.objects.by_code("66", Q1_2021)
    old_commission = make_org(OrgKind.COMMISSION, old_province, "Ban Dân vận Tỉnh ủy Đắk Lắk")
    old_org = make_org(OrgKind.WOMEN, old_unit, "Hội Liên hiệp Phụ nữ phường Thành Công")
    commission = make_org(
        OrgKind.COMMISSION, AdminUnit.objects.by_code("66", REFORM_DATE),
        "Ban Dân vận Tỉnh ủy Đắk Lắk",
    )  # fmt: skip
    heir = make_org(
        OrgKind.WOMEN, AdminUnit.objects.by_code("24133", REFORM_DATE),
        "Hội Liên hiệp Phụ nữ phường Buôn Ma Thuột",
    )  # fmt: skip
    assert link_by_units() == 2
    assert list(old_org.successors.all()) == [heir]
    meeting = Meeting.objects.create(
        title="Hội nghị giao ban khối dân vận quý II/2025", unit=old_province,
        organization=old_commission, held_on=dt.date(2025, 6, 20),
        chair="Phó Bí thư Thường trực Tỉnh ủy", period="2025Q2",
    )  # fmt: skip
    meeting.attending.add(old_org)
    task = Task.objects.create(
        meeting=meeting,
        title="Duy trì mô hình “Gia đình 5 không 3 sạch” ở các tổ dân phố",
        deadline=timezone.localdate() + dt.timedelta(days=2),
    )
    task.owners.add(old_org)
    officer = make_user("bmt.phunu", heir, RoleKind.DATA_ENTRY)
    province = make_user("tinh.pheduyet", commission, RoleKind.APPROVER)
    # The daily notices (`danvan notify`): the deadline is near, and the task's owner has ended.
    assert send_task_notices(timezone.localdate()) == 1
    return Merged(task, old_org, heir, officer, province)


def test_the_successors_people_follow_the_ended_organizations_task(
    live_server: Any, merged: Merged
) -> None:
    m, url, today = merged, live_server.url, timezone.localdate()
    with browser.chromium(PHONE, 844) as driver:
        wait = sign_in(driver, url, m.officer)
        item = next(t for t in worklist(driver) if m.task.title in t)
        assert item.startswith("Nhiệm vụ được giao") and m.task.meeting.title in item
        snap(driver, "merged", PHONE, "1-worklist")
        driver.get(url + "/thong-bao/")
        notice = shown(wait, "#notices li", m.task.title)
        assert f"đến hạn ngày {d(m.task.deadline)}" in notice
        follow(driver, m.task.title[:30])
        shown(wait, "h1", m.task.title)
        # named with its unit and the day that unit ended, as every owner of a task is
        assert f"Cơ quan thực hiện: {owner_label(m.old_org)}." in main(driver).text
        organization = Select(driver.find_element(By.NAME, "organization"))
        assert [o.text for o in organization.options] == [m.heir.name]
        driver.find_element(By.NAME, "percent").send_keys("100")
        driver.find_element(By.ID, "progress-text").send_keys(
            "Cả 12 tổ dân phố đã duy trì mô hình."
        )
        driver.find_element(By.CSS_SELECTOR, "#progress-text ~ div button").click()
        done = shown(wait, "main", f"hoàn thành {d(today)}")
        assert f"{m.heir.name}: 100%" in driver.find_element(By.ID, "updates").text
        assert "Cả 12 tổ dân phố" in done
        snap(driver, "merged", PHONE, "2-done", "#updates")
        assert not [t for t in worklist_after(driver, url) if m.task.title in t]
        no_console_errors(driver)

        # Today's province, which took over the 2021 one, reads who did it.
        wait = sign_in(driver, url, m.province)
        driver.get(url + "/co-so/nhiem-vu/?state=all")
        row = shown(wait, "#tasks tbody tr", m.task.title)
        assert f"(xong {d(today)})" in row and m.old_org.name in row
        follow(driver, m.task.title[:30])
        progress = shown(wait, "#updates", "Cả 12 tổ dân phố")
        assert f"{m.heir.name}: 100%" in progress
        follow(driver, m.task.meeting.title)
        assert shown(wait, "#tasks tbody tr", m.task.title).endswith(f"Xong {d(today)}")
        snap(driver, "merged", PHONE, "3-followed")
        no_console_errors(driver)

    update = TaskUpdate.objects.get(task=m.task)
    assert (update.organization, update.user, update.percent) == (m.heir, m.officer, 100)
    m.task.refresh_from_db()
    assert m.task.done_on == today
    latest = m.task.history.first()
    assert (latest.history_type, latest.history_user, latest.done_on) == ("~", m.officer, today)
    assert (
        Notification.objects.filter(user=m.officer, url=f"/co-so/nhiem-vu/{m.task.pk}/").count()
        == 1
    )

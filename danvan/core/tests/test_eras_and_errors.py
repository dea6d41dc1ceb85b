"""Across the reorganization: today's organizations follow what the 2021 ones owned, and the
forms judge a record's unit and organization on the record's date. And the error pages speak
Vietnamese, in the site's layout, with DEBUG on or off."""

import datetime as dt

import pytest
from django.test import Client, override_settings

from danvan.conftest import LAST_PRE_REFORM_DAY, People, make_org, make_user
from danvan.directives.models import Meeting, Task, TaskUpdate
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Notification, Organization, OrgKind, RoleKind
from danvan.orgs.succession import link_by_units
from danvan.reporting.tests.conftest import client_for
from danvan.situation.models import Incident, IncidentCategory

D = dt.date


@pytest.fixture
def province_2021(people: People) -> Organization:
    """The 2021 Ban Dân vận of Đắk Lắk, ended at the reform, succeeded by today's."""
    w = people.world
    unit = AdminUnit.objects.by_code("66", D(2021, 3, 31))
    org = make_org(OrgKind.COMMISSION, unit, "Ban Dân vận Tỉnh ủy Đắk Lắk (2021)")
    org.valid_to = LAST_PRE_REFORM_DAY
    org.save()
    w.province_org.valid_from = dt.date(2025, 7, 1)
    w.province_org.save()
    assert link_by_units() >= 1
    assert list(org.successors.all()) == [w.province_org]
    return org


def test_todays_province_follows_a_task_of_the_2021_province(
    people: People, province_2021: Organization
) -> None:
    w = people.world
    officer = make_user("bdv_nay", w.province_org, RoleKind.DATA_ENTRY)
    meeting = Meeting.objects.create(
        title="Giao ban quý I/2021", unit=AdminUnit.objects.by_code("66", D(2021, 3, 31)),
        organization=province_2021, held_on=D(2021, 3, 25), chair="Phó Bí thư", period="2021Q1",
    )  # fmt: skip
    maker = make_user("bdv_2021", province_2021, RoleKind.APPROVER)
    client_for(maker).post(
        f"/co-so/hoi-nghi/{meeting.pk}/",
        {"title": "Rà soát hộ thiếu đói", "owners": [province_2021.pk], "deadline": "30/04/2021"},
    )
    task = Task.objects.get(title="Rà soát hộ thiếu đói")
    assert Notification.objects.filter(user=officer, url=f"/co-so/nhiem-vu/{task.pk}/").exists()
    client = client_for(officer)
    page = client.get(f"/co-so/nhiem-vu/{task.pk}/").content.decode()
    assert 'name="percent"' in page  # today's officer may report on it
    response = client.post(
        f"/co-so/nhiem-vu/{task.pk}/",
        {"organization": w.province_org.pk, "percent": "100", "text": "Đã rà soát xong"},
    )
    assert response.status_code == 302
    update = TaskUpdate.objects.get(task=task)
    assert update.organization == w.province_org and update.user == officer  # who did it
    task.refresh_from_db()
    assert task.done_on is not None


def test_a_2021_commune_officer_records_an_incident_of_2021(people: People) -> None:
    w = people.world
    client = client_for(people.writer_a)
    form = client.get("/co-so/vu-viec/them/").content.decode()
    assert f'value="{w.commune_a_unit.pk}"' in form  # the 2021 commune is offered
    category = IncidentCategory.objects.get(code="dat-dai")
    data = {
        "title": "Tranh chấp đất rẫy", "category": category.pk, "unit": w.commune_a_unit.pk,
        "occurred_on": "09/03/2021", "reported_on": "10/03/2021", "severity": "hot",
        "organization": w.commune_a_org.pk, "confirm": "1",
    }  # fmt: skip
    assert client.post("/co-so/vu-viec/them/", data).status_code == 302
    assert Incident.objects.filter(title="Tranh chấp đất rẫy", unit=w.commune_a_unit).exists()


def test_a_date_outside_the_units_validity_is_refused_naming_both(
    people: People, province_2021: Organization
) -> None:
    w = people.world
    today_commune = AdminUnit.objects.by_code("24133", D(2021, 3, 31)).successions.get().new
    officer = make_user("tinh_ghi", w.province_org, RoleKind.DATA_ENTRY)
    category = IncidentCategory.objects.get(code="dat-dai")
    page = client_for(officer).post(
        "/co-so/vu-viec/them/",
        {
            "title": "Vụ ghi nhầm kỳ", "category": category.pk, "unit": today_commune.pk,
            "occurred_on": "09/03/2021", "reported_on": "10/03/2021", "severity": "hot",
            "organization": w.province_org.pk, "confirm": "1",
        },
    ).content.decode()  # fmt: skip
    assert f"{today_commune.name} chỉ có hiệu lực từ 01/07/2025; ngày 10/03/2021" in page
    assert "Ban Dân vận Tỉnh ủy Đắk Lắk chỉ hoạt động từ 01/07/2025" in page
    assert not Incident.objects.filter(title="Vụ ghi nhầm kỳ").exists()


@pytest.mark.parametrize("debug", [True, False])
def test_error_pages_are_vietnamese_in_the_layout(people: People, debug: bool) -> None:
    with override_settings(DEBUG=debug):
        client = client_for(people.world.commune_a)
        missing = client.get("/bao-cao/999999/")
        assert missing.status_code == 404
        text = missing.content.decode()
        assert "Không tìm thấy báo cáo trong phạm vi của bạn." in text
        assert 'class="top"' in text and "Về trang chủ" in text  # the site's layout
        drive = client.get("/co-so/van-dong/999999/").content.decode()
        assert (
            "Trang hoặc nội dung này không có" in drive and "matches the given query" not in drive
        )
        viewer = make_user("chi_xem", people.world.commune_a_org, RoleKind.VIEWER)
        denied = client_for(viewer).get("/co-so/vu-viec/them/")
        assert denied.status_code == 403
        assert "Bạn không có quyền ghi nhận vụ việc." in denied.content.decode()


@pytest.mark.django_db
def test_a_stale_form_gets_a_vietnamese_csrf_page() -> None:
    response = Client(enforce_csrf_checks=True).post(
        "/dang-nhap/", {"username": "a", "password": "b"}
    )
    assert response.status_code == 403
    assert "Tải lại trang rồi gửi lại" in response.content.decode()

"""Grassroots pages through HTTP, per persona: scoping of every list and export, the
confidential incident, each status change, sessions, notes, recommendations, meetings, tasks
and notifications."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from danvan.conftest import LISTS, People, make_user, recorded_more
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Notification, RoleKind
from danvan.reporting.tests.conftest import client_for

D = dt.date


@pytest.mark.parametrize("url", LISTS)
def test_lists_are_scoped_by_persona(recorded: People, march_2021: None, url: str) -> None:
    w = recorded.world
    province = client_for(w.province).get(url).content.decode()
    assert "Thành Công" in province and "Hòa Phú" in province
    commune_a = client_for(w.commune_a).get(url).content.decode()
    assert "Thành Công" in commune_a and "Hòa Phú" not in commune_a
    commune_b = client_for(w.commune_b).get(url).content.decode()
    assert "Hòa Phú" in commune_b and "Thành Công" not in commune_b
    outsider = client_for(w.outsider).get(url).content.decode()
    assert "Thành Công" not in outsider and "Hòa Phú" not in outsider
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]


@pytest.mark.parametrize("url", LISTS)
def test_exports_hold_what_the_list_holds(recorded: People, march_2021: None, url: str) -> None:
    w = recorded.world
    join = "&" if "?" in url else "?"
    response = client_for(w.commune_a).get(f"{url}{join}format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "Hòa Phú" not in cells
    assert sheet.max_row >= 2  # the header and commune A's row


def test_unit_filter_narrows_and_cannot_reach_outside(recorded: People, march_2021: None) -> None:
    w = recorded.world
    page = client_for(w.province).get(f"/co-so/vu-viec/?unit={w.commune_b_unit.parent_id}")
    assert "Hòa Phú" in page.content.decode() and "Thành Công" in page.content.decode()
    assert (
        client_for(w.commune_a).get(f"/co-so/vu-viec/?unit={w.commune_b_unit.pk}").status_code
        == 404
    )


def test_viewer_and_reviewer_cannot_record(recorded: People, march_2021: None) -> None:
    assert client_for(recorded.reviewer).get("/co-so/tuyen-truyen/them/").status_code == 403
    assert client_for(recorded.world.commune_a).get("/co-so/vu-viec/them/").status_code == 403


def test_notify_command_tells_once_about_escalations_and_deadlines(recorded: People) -> None:
    w = recorded.world
    province_user = make_user("bdv_tinh_2021", None, RoleKind.VIEWER)
    from danvan.conftest import make_org
    from danvan.orgs.models import OrgKind, Role

    old_province = AdminUnit.objects.by_code("66", D(2021, 3, 31))
    Role.objects.create(
        user=province_user,
        organization=make_org(OrgKind.COMMISSION, old_province),
        role=RoleKind.VIEWER,
    )
    out = io.StringIO()
    call_command("notify", "--at", "2021-03-29", stdout=out)  # the tasks are due on the 30th
    call_command("notify", "--at", "2021-03-29", stdout=out)  # a second run sends nothing new
    texts = list(Notification.objects.values_list("user__username", "text"))
    assert sum(1 for u, t in texts if u == "bdv_tinh_2021" and "chuyển lên Tỉnh Đắk Lắk" in t) == 2
    assert sum(1 for u, t in texts if u == "xa_a" and "Nhiệm vụ Thành Công" in t) == 1
    client = client_for(w.commune_a)
    page = client.get("/thong-bao/").content.decode()
    assert "Nhiệm vụ “Nhiệm vụ Thành Công” đến hạn ngày 30/03/2021" in page
    unread = Notification.objects.filter(user=w.commune_a, read_at__isnull=True)
    assert unread.count() == 1  # reading the page changes nothing
    assert "Đánh dấu đã đọc tất cả (1)" in page
    assert client.post("/thong-bao/").status_code == 302
    assert unread.count() == 0
    assert Notification.objects.filter(user=w.commune_b, read_at__isnull=True).exists()


@pytest.mark.parametrize("url", [*LISTS, "/co-so/", "/co-so/trong-diem/?period=2021Q1"])
def test_list_queries_do_not_grow_with_the_rows(
    recorded: People, march_2021: None, url: str
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = recorded.world
    client = client_for(w.province)
    client.get(url)  # warm the session and the role cache

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    recorded_more(recorded, copies=4)
    assert count() == before

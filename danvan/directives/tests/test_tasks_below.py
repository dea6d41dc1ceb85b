"""A meeting gives its tasks to any organization of its unit and the units below it, in the
meeting's era, and to none outside: a province's briefing tells a commune's Front what to do,
the commune's officers see it, are told, report progress, and the province follows it.
Through HTTP as each persona, asserting what was stored."""

import datetime as dt
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlencode

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from danvan.conftest import People, make_org, make_user
from danvan.directives.access import assignable_organizations
from danvan.directives.forms import CHOOSER_LIMIT
from danvan.directives.models import Meeting, Task, TaskUpdate
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Notification, Organization, OrgKind, RoleKind, User
from danvan.reporting.tests.conftest import client_for

D = dt.date
IN_2021 = dt.datetime(2021, 3, 12, 9, tzinfo=dt.UTC)
IN_2025 = dt.datetime(2025, 11, 12, 9, tzinfo=dt.UTC)


@dataclass
class Briefing:
    people: People
    officer: User  # records the province's meetings (today's Đắk Lắk, so the 2021 one's too)
    meeting: Meeting  # the 2021 province's briefing
    old_province: AdminUnit


@pytest.fixture
def briefing(recorded: People) -> Briefing:
    people = recorded
    w = people.world
    old_province = AdminUnit.objects.by_code("66", D(2021, 3, 1))
    host = make_org(OrgKind.COMMISSION, old_province, "Ban Dân vận Tỉnh ủy Đắk Lắk")
    host.successors.add(w.province_org)
    meeting = Meeting.objects.create(
        title="Giao ban khối dân vận quý I/2021", unit=old_province, organization=host,
        held_on=D(2021, 3, 10), chair="Phó Bí thư Tỉnh ủy", period="2021Q1",
        conclusions="Các xã rà soát hộ thiếu đói giáp hạt, báo cáo trước 31/3.",
    )  # fmt: skip
    officer = make_user("tinh_ghi", w.province_org, RoleKind.DATA_ENTRY)
    return Briefing(people, officer, meeting, old_province)


def page_of(client: object, url: str) -> BeautifulSoup:
    response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def offered(soup: BeautifulSoup) -> dict[int, str]:
    """The organizations the task form offers: {pk: label}."""
    return {
        int(str(box["value"])): box.find_parent("label").get_text(" ", strip=True)  # type: ignore[union-attr]
        for box in soup.select("#task-form input[name=owners]")
    }


def many_organizations(province: AdminUnit, on: dt.date) -> int:
    """Three unions in every commune of the province on `on`: some 550 organizations."""
    communes = AdminUnit.objects.under(province).at(on).filter(level="commune")
    made = Organization.objects.bulk_create(
        Organization(
            kind=kind,
            name=f"{OrgKind(kind).label} {c.name}",
            admin_unit=c,
            valid_to=c.valid_to,
        )
        for c in communes
        for kind in (OrgKind.FARMERS, OrgKind.WOMEN, OrgKind.YOUTH)
    )
    return len(made)


@time_machine.travel(IN_2021, tick=False)
def test_a_2021_province_meeting_gives_a_task_to_a_commune_front(briefing: Briefing) -> None:
    w, meeting = briefing.people.world, briefing.meeting
    url = f"/co-so/hoi-nghi/{meeting.pk}/"
    assert many_organizations(briefing.old_province, meeting.held_on) > 500
    province = client_for(briefing.officer)

    # Hundreds of organizations: none listed until the officer says where to look.
    soup = page_of(province, url)
    assert offered(soup) == {meeting.organization_id: offered(soup)[meeting.organization_id]}
    total = assignable_organizations(meeting).count()
    assert f"Có {total} tổ chức:" in soup.select_one("#owners-count").get_text()  # type: ignore[union-attr]
    # "Lọc" sends the filter's form as a GET: the title carried comes back, the Fronts of the
    # communes called Hòa Phú are listed, each named with its district and era.
    soup = page_of(
        province,
        f"{url}?title=Rà+soát+hộ+thiếu+đói&deadline=2021-03-31&q=hoa+phu&kind=front"
        f"&owners={meeting.organization_id}",
    )
    assert soup.select_one("#id_title").get_text().strip() == "Rà soát hộ thiếu đói"  # type: ignore[union-attr]
    assert soup.select_one("#id_deadline")["value"] == "2021-03-31"  # type: ignore[index]
    choices = offered(soup)
    assert choices[w.commune_b_org.pk] == (
        "Ủy ban MTTQ xã Hòa Phú — Xã Hòa Phú, Thành phố Buôn Ma Thuột (đến 30/06/2025)"
    )
    assert w.commune_a_org.pk not in choices and w.outside_org.pk not in choices
    ticked = [int(str(b["value"])) for b in soup.select("#owners-chosen input[checked]")]
    assert ticked == [meeting.organization_id]  # what was ticked stays ticked
    # The htmx request gets only the list, without the token in its address.
    fragment = province.get(f"{url}?q=hoa+phu&kind=front", headers={"HX-Request": "true"})
    assert fragment.content.decode().startswith('<div id="owner-choices"')
    assert str(w.commune_b_org.pk) in fragment.content.decode()

    response = province.post(
        url,
        {"title": "Rà soát hộ thiếu đói giáp hạt", "owners": [w.commune_b_org.pk],
         "deadline": "31/03/2021"},
    )  # fmt: skip
    assert response.status_code == 302
    task = Task.objects.get(title="Rà soát hộ thiếu đói giáp hạt")
    assert list(task.owners.all()) == [w.commune_b_org] and task.meeting == meeting
    assert task.created_by == briefing.officer
    notice = Notification.objects.get(user=briefing.people.writer_b)
    assert notice.url == f"/co-so/nhiem-vu/{task.pk}/"
    assert not Notification.objects.filter(user=briefing.people.writer_a).exists()

    # Commune B's officer: in the task list, the worklist and the dashboard; reports progress.
    commune_b = client_for(briefing.people.writer_b)
    detail = page_of(commune_b, f"/co-so/nhiem-vu/{task.pk}/")
    assert f"/co-so/hoi-nghi/{meeting.pk}/" not in str(detail)  # a page it may not open
    assert "Giao tại Giao ban khối dân vận quý I/2021" in detail.get_text()
    # It reads the conclusion its task came from, which the meeting's page would have shown.
    conclusion = detail.select_one("#conclusions")
    assert conclusion is not None
    assert "Kết luận của Phó Bí thư Tỉnh ủy" in conclusion.get_text()
    assert "báo cáo trước 31/3" in conclusion.get_text()
    assert page_of(province, f"/co-so/nhiem-vu/{task.pk}/").select_one("#conclusions") is None
    assert f"/co-so/hoi-nghi/{meeting.pk}/" in str(page_of(province, f"/co-so/nhiem-vu/{task.pk}/"))
    listed = page_of(commune_b, "/co-so/nhiem-vu/").get_text()
    assert "Rà soát hộ thiếu đói giáp hạt" in listed
    assert f"/co-so/nhiem-vu/{task.pk}/" in commune_b.get("/").content.decode()
    response = commune_b.post(
        f"/co-so/nhiem-vu/{task.pk}/",
        {"organization": w.commune_b_org.pk, "percent": "40", "text": "Đã rà soát 4/10 thôn."},
    )
    assert response.status_code == 302
    update = TaskUpdate.objects.get(task=task)
    assert (update.organization, update.user, update.percent) == (
        w.commune_b_org,
        briefing.people.writer_b,
        40,
    )
    # The province follows it: on the task's page and in the meeting's table.
    assert "Đã rà soát 4/10 thôn." in page_of(province, f"/co-so/nhiem-vu/{task.pk}/").get_text()
    row = page_of(province, url).select_one("#tasks tbody tr")
    assert row is not None and "40%" in row.get_text()
    with time_machine.travel(dt.datetime(2021, 4, 2, 9, tzinfo=dt.UTC), tick=False):
        later = client_for(briefing.people.writer_b)  # a session of its own day
        work = page_of(later, "/co-so/").get_text()
        counts = page_of(later, "/bang-dieu-khien/?period=2021Q1")
    assert "Rà soát hộ thiếu đói giáp hạt" in work
    assert counts.select_one("#tasks-overdue").get_text() == "1"  # type: ignore[union-attr]

    # Commune A's officer, the outsider, the anonymous: nothing to see, nothing to write.
    commune_a = client_for(briefing.people.writer_a)
    assert "Rà soát hộ thiếu đói giáp hạt" not in page_of(commune_a, "/co-so/nhiem-vu/").get_text()
    for client in (commune_a, client_for(w.outsider)):
        assert client.get(f"/co-so/nhiem-vu/{task.pk}/").status_code == 404
        assert client.post(
            f"/co-so/nhiem-vu/{task.pk}/",
            {"organization": w.commune_a_org.pk, "percent": "100", "text": "x"},
        ).status_code == 404  # fmt: skip
    anonymous = client_for(None)
    assert anonymous.post(
        url, {"title": "Ẩn danh", "owners": [w.commune_b_org.pk], "deadline": "31/03/2021"}
    ).status_code == 302  # fmt: skip
    assert client_for(w.outsider).post(
        url, {"title": "Ngoài tỉnh", "owners": [w.outside_org.pk], "deadline": "31/03/2021"}
    ).status_code == 404  # fmt: skip
    assert (
        client_for(briefing.people.writer_b)
        .post(
            url, {"title": "Xã tự giao", "owners": [w.commune_b_org.pk], "deadline": "31/03/2021"}
        )
        .status_code
        == 404
    )  # fmt: skip  (a commune does not see the province's meetings)
    assert TaskUpdate.objects.filter(task=task).count() == 1
    assert not Task.objects.filter(title__in=["Ẩn danh", "Ngoài tỉnh", "Xã tự giao"]).exists()


def filter_address(soup: BeautifulSoup, typed: dict[str, str]) -> str:
    """The address a browser without a script goes to on "Lọc": the filter's GET form with
    the controls it owns (inside it, or naming it in their `form`), `typed` into them."""
    form = soup.select_one("form#owner-filter-form")
    assert form is not None and form["method"] == "get"
    controls = [*form.select("input, select"), *soup.select('[form="owner-filter-form"]')]
    pairs: list[tuple[str, str]] = []
    for control in controls:
        name = str(control.get("name", ""))
        if not name:
            continue
        if name in typed:
            pairs.append((name, typed[name]))
        elif control.name == "select":
            selected = control.select_one("option[selected]") or control.select_one("option")
            pairs.append((name, str(selected["value"]) if selected else ""))
        else:
            pairs.append((name, str(control.get("value", ""))))
    return f"{str(form['action']).split('#')[0]}?{urlencode(pairs)}"


@time_machine.travel(IN_2021, tick=False)
def test_the_filter_goes_without_the_token_and_keeps_what_was_chosen(briefing: Briefing) -> None:
    w, meeting = briefing.people.world, briefing.meeting
    url = f"/co-so/hoi-nghi/{meeting.pk}/"
    province = client_for(briefing.officer)
    # A task sent without its deadline comes back with the title and the Front ticked.
    back = province.post(url, {"title": "Rà soát hộ nghèo", "owners": [w.commune_b_org.pk]})
    assert back.status_code == 200
    assert not Task.objects.filter(title="Rà soát hộ nghèo").exists()
    soup = BeautifulSoup(back.content, "html.parser")
    task_form = soup.select_one("form#task-form")
    assert task_form is not None and task_form.select_one("[name=csrfmiddlewaretoken]")
    district = w.commune_a_unit.parent
    assert district is not None
    address = filter_address(soup, {"q": "thanh cong", "unit": str(district.pk)})
    assert "csrfmiddlewaretoken" not in address
    response = province.get(address)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_title").get_text().strip() == "Rà soát hộ nghèo"  # type: ignore[union-attr]
    assert soup.select_one("#id_owner_q")["value"] == "thanh cong"  # type: ignore[index]
    chosen_unit = soup.select_one("#id_owner_unit option[selected]")
    assert chosen_unit is not None and chosen_unit["value"] == str(district.pk)
    ticked = [int(str(b["value"])) for b in soup.select("#owners-chosen input[checked]")]
    assert ticked == [w.commune_b_org.pk]  # the Front ticked before stays ticked
    choices = offered(soup)
    assert w.commune_a_org.pk in choices and w.outside_org.pk not in choices
    # Filtered again, by kind: the kind chosen, the name typed and the Front still there.
    again = BeautifulSoup(
        province.get(filter_address(soup, {"kind": "front"})).content, "html.parser"
    )
    kind = again.select_one("#id_owner_kind option[selected]")
    assert kind is not None and kind["value"] == "front"
    assert again.select_one("#id_owner_q")["value"] == "thanh cong"  # type: ignore[index]
    assert [int(str(b["value"])) for b in again.select("#owners-chosen input[checked]")] == [
        w.commune_b_org.pk
    ]
    # The task form still posts its token, and the task is given.
    assert again.select_one("form#task-form [name=csrfmiddlewaretoken]") is not None
    response = province.post(
        url, {"title": "Rà soát hộ nghèo", "owners": [w.commune_b_org.pk], "deadline": "2021-03-31"}
    )
    assert response.status_code == 302
    assert list(Task.objects.get(title="Rà soát hộ nghèo").owners.all()) == [w.commune_b_org]
    # Whoever may not give tasks here gets no filter form at all; the outsider not the page.
    viewer = client_for(make_user("tinh_xem", w.province_org))
    seen = viewer.get(url)
    assert seen.status_code == 200 and "owner-filter-form" not in seen.content.decode()
    assert client_for(w.outsider).get(url).status_code == 404
    assert client_for(None).get(address).status_code == 302


@time_machine.travel(IN_2021, tick=False)
def test_an_organization_outside_the_meetings_scope_posted_by_hand_is_refused(
    briefing: Briefing,
) -> None:
    w, meeting = briefing.people.world, briefing.meeting
    today_ward = AdminUnit.objects.by_code("24133", D(2025, 12, 31))
    today_front = make_org(OrgKind.FRONT, today_ward, "Ủy ban MTTQ phường Buôn Ma Thuột")
    commune_meeting = Meeting.objects.get(title="Giao ban Thành Công")
    for at, owner in [
        (meeting, w.outside_org),  # another province
        (meeting, today_front),  # today's ward: not at work on the 2021 meeting's day
        (meeting, w.province_org),  # today's province body: the same
        (commune_meeting, w.commune_b_org),  # a commune's meeting, the next commune's Front
        (commune_meeting, w.province_org),  # nor the province above it
    ]:
        writer = briefing.officer if at == meeting else briefing.people.writer_a
        response = client_for(writer).post(
            f"/co-so/hoi-nghi/{at.pk}/",
            {"title": "Giao ra ngoài", "owners": [owner.pk], "deadline": "31/03/2021"},
        )
        assert response.status_code == 200, owner
        assert "không giao nhiệm vụ cho tổ chức đó" in response.content.decode(), owner
    # One good owner does not carry a bad one through.
    response = client_for(briefing.officer).post(
        f"/co-so/hoi-nghi/{meeting.pk}/",
        {"title": "Giao ra ngoài", "owners": [w.commune_b_org.pk, w.outside_org.pk],
         "deadline": "31/03/2021"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Task.objects.filter(title="Giao ra ngoài").exists()
    assert not Notification.objects.exists()


def test_today_s_province_gives_a_task_to_today_s_ward_and_a_merged_front_follows_2021_tasks(
    briefing: Briefing,
) -> None:
    w = briefing.people.world
    today_ward = AdminUnit.objects.by_code("24133", D(2025, 12, 31))
    ward_front = make_org(OrgKind.FRONT, today_ward, "Ủy ban MTTQ phường Buôn Ma Thuột")
    w.commune_a_org.successors.add(ward_front)  # Thành Công's Front went into it
    ward_officer = make_user("phuong_bmt", ward_front, RoleKind.DATA_ENTRY)
    with time_machine.travel(IN_2021, tick=False):
        old = client_for(briefing.officer).post(
            f"/co-so/hoi-nghi/{briefing.meeting.pk}/",
            {"title": "Việc của Thành Công", "owners": [w.commune_a_org.pk],
             "deadline": "30/04/2021"},
        )  # fmt: skip
    assert old.status_code == 302
    old_task = Task.objects.get(title="Việc của Thành Công")
    with time_machine.travel(IN_2025, tick=False):
        meeting = Meeting.objects.create(
            title="Giao ban khối dân vận tháng 11/2025", unit=w.province_unit,
            organization=w.province_org, held_on=D(2025, 11, 10), chair="Trưởng ban",
            period="2025Q4",
        )  # fmt: skip
        url = f"/co-so/hoi-nghi/{meeting.pk}/"
        province = client_for(briefing.officer)
        choices = offered(page_of(province, f"{url}?q=buon+ma+thuot"))
        assert choices[ward_front.pk] == "Ủy ban MTTQ phường Buôn Ma Thuột — Phường Buôn Ma Thuột"
        assert w.commune_a_org.pk not in choices  # the 2021 Front ended before this meeting
        response = province.post(
            url,
            {"title": "Đối thoại với Nhân dân về giải phóng mặt bằng",
             "owners": [ward_front.pk], "deadline": "30/11/2025"},
        )  # fmt: skip
        assert response.status_code == 302
        task = Task.objects.get(title="Đối thoại với Nhân dân về giải phóng mặt bằng")
        assert list(task.owners.all()) == [ward_front]
        ward = client_for(ward_officer)
        listed = page_of(ward, "/co-so/nhiem-vu/").get_text()
        home = ward.get("/").content.decode()
        for given in (task, old_task):  # its own, and the one given to the Front it succeeded
            assert given.title in listed
            assert f"/co-so/nhiem-vu/{given.pk}/" in home
            response = ward.post(
                f"/co-so/nhiem-vu/{given.pk}/",
                {"organization": ward_front.pk, "percent": "100", "text": "Đã xong."},
            )
            assert response.status_code == 302
        # The old task's notice reached the Front's successor's people too.
        assert set(
            Notification.objects.filter(user=ward_officer).values_list("url", flat=True)
        ) == {
            f"/co-so/nhiem-vu/{task.pk}/",
            f"/co-so/nhiem-vu/{old_task.pk}/",
        }
    for given in (task, old_task):
        given.refresh_from_db()
        assert given.done_on is not None
        assert TaskUpdate.objects.get(task=given).organization == ward_front
    # 2021's commune B officer, whose Front ended, sees neither.
    other = page_of(client_for(briefing.people.writer_b), "/co-so/nhiem-vu/?state=all").get_text()
    assert task.title not in other and old_task.title not in other


@time_machine.travel(IN_2021, tick=False)
def test_the_task_form_s_query_count_does_not_grow_with_the_organizations(
    briefing: Briefing,
) -> None:
    meeting, client = briefing.meeting, client_for(briefing.officer)
    w = briefing.people.world
    pages = [
        f"/co-so/hoi-nghi/{meeting.pk}/",
        f"/co-so/hoi-nghi/{meeting.pk}/?kind=women&owners={w.commune_b_org.pk}",
    ]

    def counted() -> list[int]:
        found = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    client.get(pages[0])  # the session and the caches warm
    few = counted()
    assert many_organizations(briefing.old_province, meeting.held_on) > 500
    many = counted()
    # Pinned: the page asks the same with 550 organizations as with a handful (one fewer
    # unfiltered, where it stops listing them), whatever the page of results holds.
    assert many == [17, 19] and few == [18, 19], (few, many)
    soup = page_of(client, pages[1])
    assert len(offered(soup)) == CHOOSER_LIMIT + 2  # the one ticked, the host, a page of unions
    assert "hiện 60" in soup.select_one("#owners-count").get_text()  # type: ignore[union-attr]


def owners_shown(soup: BeautifulSoup, title: str) -> str:
    """The owners' cell of the task's row in the table of tasks."""
    for row in soup.select("#tasks tbody tr"):
        cells = row.select("td")
        if cells and cells[0].get_text(strip=True) == title:
            return cells[1].get_text(" ", strip=True)
    raise AssertionError(f"{title} not listed")


# The task list, for the province's officer: the session, the user, their roles and the units
# they took over, the scope's units, the count and the page of tasks with their meetings, their
# owners with their units (one query for all), the base page's notices.
TASK_LIST_QUERIES = 16


@time_machine.travel(IN_2025, tick=False)
def test_owners_are_named_with_their_units_in_both_eras(briefing: Briefing) -> None:
    w = briefing.people.world
    hoa_phu = make_org(OrgKind.FARMERS, w.commune_b_unit, "Hội Nông dân")
    thanh_cong = make_org(OrgKind.FARMERS, w.commune_a_unit, "Hội Nông dân")
    ward = make_org(
        OrgKind.FARMERS, AdminUnit.objects.by_code("24133", D(2025, 12, 31)), "Hội Nông dân"
    )
    old = Task.objects.create(
        meeting=briefing.meeting, title="Vận động nông dân 2021", deadline=D(2021, 3, 31)
    )
    old.owners.add(hoa_phu, thanh_cong)
    meeting = Meeting.objects.create(
        title="Giao ban tháng 11/2025", unit=w.province_unit, organization=w.province_org,
        held_on=D(2025, 11, 10), chair="Trưởng ban", period="2025Q4",
    )  # fmt: skip
    new = Task.objects.create(
        meeting=meeting, title="Vận động nông dân 2025", deadline=D(2025, 11, 30)
    )
    new.owners.add(ward)
    labels = {
        hoa_phu.pk: "Hội Nông dân — Xã Hòa Phú, Thành phố Buôn Ma Thuột (đến 30/06/2025)",
        thanh_cong.pk: "Hội Nông dân — Phường Thành Công, Thành phố Buôn Ma Thuột (đến 30/06/2025)",
        ward.pk: "Hội Nông dân — Phường Buôn Ma Thuột",
    }
    province = client_for(briefing.officer)
    listed = page_of(province, "/co-so/nhiem-vu/?state=all")
    # The two unions of the same name, each told apart by its commune and district.
    assert set(owners_shown(listed, old.title).split("; ")) == {
        labels[hoa_phu.pk],
        labels[thanh_cong.pk],
    }
    assert owners_shown(listed, new.title) == labels[ward.pk]
    detail = page_of(province, f"/co-so/nhiem-vu/{old.pk}/").get_text(" ", strip=True)
    assert labels[hoa_phu.pk] in detail and labels[thanh_cong.pk] in detail
    at_meeting = page_of(province, f"/co-so/hoi-nghi/{briefing.meeting.pk}/")
    assert labels[hoa_phu.pk] in owners_shown(at_meeting, old.title)
    sheet = province.get("/co-so/nhiem-vu/?state=all&format=xlsx")
    assert sheet.status_code == 200
    cells = [
        c.value for row in load_workbook(BytesIO(sheet.content)).active.iter_rows() for c in row
    ]
    assert any(isinstance(v, str) and labels[ward.pk] in v for v in cells)
    # Commune B's officer sees its own union's task named the same way, and not commune A's
    # task page; the outsider sees neither, the anonymous visitor goes to sign in.
    commune_b = client_for(briefing.people.writer_b)
    assert labels[hoa_phu.pk] in page_of(commune_b, f"/co-so/nhiem-vu/{old.pk}/").get_text(
        " ", strip=True
    )
    assert new.title not in page_of(commune_b, "/co-so/nhiem-vu/?state=all").get_text()
    outsider = client_for(w.outsider)
    assert outsider.get(f"/co-so/nhiem-vu/{old.pk}/").status_code == 404
    assert "Hội Nông dân" not in outsider.get("/co-so/nhiem-vu/?state=all").content.decode()
    assert client_for(None).get(f"/co-so/nhiem-vu/{old.pk}/").status_code == 302


@time_machine.travel(IN_2021, tick=False)
def test_the_task_list_asks_the_same_however_many_owners_and_tasks(briefing: Briefing) -> None:
    meeting, client = briefing.meeting, client_for(briefing.officer)
    communes = list(
        AdminUnit.objects.under(briefing.old_province)
        .at(meeting.held_on)
        .filter(level="commune")[:12]
    )
    unions = [make_org(OrgKind.FARMERS, c, "Hội Nông dân") for c in communes]

    def give(n: int) -> None:
        for i in range(n):
            task = Task.objects.create(
                meeting=meeting, title=f"Việc {n}-{i}", deadline=D(2021, 3, 31)
            )
            task.owners.add(*unions[i : i + 3])

    url = "/co-so/nhiem-vu/?state=all"
    give(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    give(8)
    with CaptureQueriesContext(connection) as many:
        page = page_of(client, url)
    assert owners_shown(page, "Việc 8-7").count("Hội Nông dân — ") == 3
    assert len(few) == len(many) == TASK_LIST_QUERIES, (len(few), len(many))


def all_box(soup: BeautifulSoup) -> str:
    box = soup.select_one("#owners-all")
    assert box is not None, "no 'all that match' box"
    return box.get_text(" ", strip=True)


@time_machine.travel(IN_2021, tick=False)
def test_a_task_goes_to_every_organization_that_matches_the_filter(briefing: Briefing) -> None:
    """The province gives one task to the farmers' unions of all the 2021 communes at once,
    the ones the list has not room to show included; the filter, not a stray tick, says who."""
    w, meeting = briefing.people.world, briefing.meeting
    url = f"/co-so/hoi-nghi/{meeting.pk}/"
    many_organizations(briefing.old_province, meeting.held_on)
    farmers = set(
        assignable_organizations(meeting).filter(kind=OrgKind.FARMERS).values_list("pk", flat=True)
    )
    assert len(farmers) > CHOOSER_LIMIT
    province = client_for(briefing.officer)
    soup = page_of(province, f"{url}?kind=farmers&title=Ra+soat")
    assert f"Giao cho cả {len(farmers)} tổ chức phù hợp" in all_box(soup)
    assert "chưa hiện" in all_box(soup)
    assert len(offered(soup)) < len(farmers)  # not all of them are listed
    hidden = {
        str(i["name"]): str(i["value"]) for i in soup.select("#owners-all input[type=hidden]")
    }
    assert hidden == {"match_unit": "", "match_kind": "farmers", "match_q": ""}
    # Sent without its deadline: it comes back with the filter and the box as they were.
    back = province.post(url, {"title": "Rà soát hộ nghèo ở các xã", "all_matching": "1", **hidden})
    assert back.status_code == 200
    assert not Task.objects.filter(title="Rà soát hộ nghèo ở các xã").exists()
    again = BeautifulSoup(back.content, "html.parser")
    assert again.select_one("#owners-all input[name=all_matching][checked]") is not None
    response = province.post(
        url,
        {"title": "Rà soát hộ nghèo ở các xã", "all_matching": "1", "deadline": "31/03/2021",
         "owners": [w.commune_b_org.pk], **hidden},
    )  # fmt: skip
    assert response.status_code == 302
    task = Task.objects.get(title="Rà soát hộ nghèo ở các xã")
    assert set(task.owners.values_list("pk", flat=True)) == farmers | {w.commune_b_org.pk}
    assert w.outside_org.pk not in set(task.owners.values_list("pk", flat=True))

    # Narrowed to one district: only that district's communes.
    district = w.commune_a_unit.parent
    assert district is not None
    soup = page_of(province, f"{url}?kind=farmers&unit={district.pk}")
    in_district = {
        o.pk
        for o in assignable_organizations(meeting).filter(
            kind=OrgKind.FARMERS, admin_unit__path__startswith=district.path
        )
    }
    assert f"Giao cho cả {len(in_district)} tổ chức phù hợp" in all_box(soup)
    response = province.post(
        url,
        {"title": "Việc của một huyện", "all_matching": "1", "deadline": "31/03/2021",
         "match_unit": str(district.pk), "match_kind": "farmers", "match_q": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert (
        set(Task.objects.get(title="Việc của một huyện").owners.values_list("pk", flat=True))
        == in_district
    )

    # Without a filter the box means nothing: a task needs its owners named.
    response = province.post(
        url, {"title": "Cả tỉnh", "all_matching": "1", "deadline": "31/03/2021",
              "match_unit": "", "match_kind": "", "match_q": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Cần chọn ít nhất một cơ quan thực hiện." in response.content.decode()
    assert not Task.objects.filter(title="Cả tỉnh").exists()
    # A filter naming a unit outside the meeting's is ignored, never widened.
    response = province.post(
        url, {"title": "Ngoài tỉnh", "all_matching": "1", "deadline": "31/03/2021",
              "match_unit": str(w.outside_org.admin_unit_id), "match_kind": "", "match_q": ""},
    )  # fmt: skip
    assert response.status_code == 200 and not Task.objects.filter(title="Ngoài tỉnh").exists()
    # A commune's officer, the outsider and the anonymous visitor give nothing.
    for client in (client_for(briefing.people.writer_b), client_for(w.outsider)):
        assert client.post(
            url, {"title": "Lạ", "all_matching": "1", "deadline": "31/03/2021", **hidden}
        ).status_code == 404  # fmt: skip
    assert (
        client_for(None).post(url, {"title": "Lạ", "all_matching": "1", **hidden}).status_code
        == 302
    )
    assert not Task.objects.filter(title="Lạ").exists()


def test_today_s_province_gives_a_task_to_every_ward_front_that_matches(briefing: Briefing) -> None:
    w = briefing.people.world
    wards = [
        make_org(OrgKind.FRONT, AdminUnit.objects.by_code(code, D(2025, 12, 31)), f"MTTQ {code}")
        for code in ("24133", "24121")
    ]
    ward_officer = make_user("mttq_phuong", wards[1], RoleKind.DATA_ENTRY)
    with time_machine.travel(IN_2025, tick=False):
        meeting = Meeting.objects.create(
            title="Giao ban tháng 11/2025", unit=w.province_unit, organization=w.province_org,
            held_on=D(2025, 11, 10), chair="Trưởng ban", period="2025Q4",
        )  # fmt: skip
        url = f"/co-so/hoi-nghi/{meeting.pk}/"
        province = client_for(briefing.officer)
        soup = page_of(province, f"{url}?kind=front&q=MTTQ+241")
        assert "Giao cho cả 2 tổ chức phù hợp" in all_box(soup)
        hidden = {
            str(i["name"]): str(i["value"]) for i in soup.select("#owners-all input[type=hidden]")
        }
        response = province.post(
            url, {"title": "Lấy ý kiến cử tri", "all_matching": "1", "deadline": "30/11/2025",
                  **hidden},
        )  # fmt: skip
    assert response.status_code == 302
    task = Task.objects.get(title="Lấy ý kiến cử tri")
    assert set(task.owners.all()) == set(wards)
    notice = Notification.objects.get(url=f"/co-so/nhiem-vu/{task.pk}/")
    assert notice.user == ward_officer  # the one of them with an account is told

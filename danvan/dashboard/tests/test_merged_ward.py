"""The officer of a ward made in the 2025 reorganization, asking about 2021 without ticking
anything: the dashboard, the consolidation and the map show the old wards that went into
theirs, each with its figures, adding up to the total; an outsider still sees none of them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from danvan.conftest import World, make_org, make_user
from danvan.core.periods import Period
from danvan.geo.models import AdminUnit
from danvan.orgs.models import OrgKind, User
from danvan.reporting.tests.conftest import client_for
from danvan.reporting.tests.test_consolidation import file_report

pytestmark = pytest.mark.django_db

Q1 = Period.parse("2021Q1")
Q4_2025 = Period.parse("2025Q4")
QUERY = "form=bc-quy&period=2021Q1"
# The 2021 units that went into today's Phường Buôn Ma Thuột (the national unit list).
OLD_WARDS = {
    "Phường Thành Công", "Phường Tân Lợi", "Phường Tân Thành", "Phường Tân Tiến",
    "Phường Tự An", "Xã Cư ÊBur",
}  # fmt: skip


@pytest.fixture(autouse=True)
def rollups_checked(rollups_verified: None) -> None:
    """Every test here ends with the roll-ups equal to the raw values."""


@pytest.fixture
def officer(world: World) -> User:
    """The Front's officer of today's ward that took over Phường Thành Công and five other
    2021 units; two of those wards reported for 2021, and so did Xã Hòa Phú (not one of them)."""
    w = world
    file_report(w.commune_a_org, Q1, {"qua-suat/ho-ngheo": 611})
    tan_loi = AdminUnit.objects.at(Q1.end).get(name="Phường Tân Lợi")
    file_report(make_org(OrgKind.WOMEN, tan_loi, "Hội LHPN phường Tân Lợi"), Q1, {"qua-suat": 89})
    file_report(w.commune_b_org, Q1, {"qua-suat/ho-ngheo": 377})
    ward = AdminUnit.objects.by_code("24133", Q4_2025.end)
    front = make_org(OrgKind.FRONT, ward, "Ủy ban MTTQ phường Buôn Ma Thuột")
    w.commune_a_org.successors.add(front)
    return make_user("phuong_moi", front)


def one(soup: BeautifulSoup, selector: str) -> Tag:
    found = soup.select_one(selector)
    assert found is not None, selector
    return found


def rows(html: bytes, selector: str) -> dict[str, list[str]]:
    """{first cell: the other cells} of a table's body rows."""
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for row in soup.select(f"{selector} tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        found[cells[0]] = cells[1:]
    return found


def drawn(response: Any) -> dict[str, Any]:
    assert response.status_code == 200
    return {
        f["properties"]["name"]: f["properties"] for f in json.loads(response.content)["features"]
    }


def test_the_old_wards_each_with_its_figures_and_their_total_without_ticking_anything(
    world: World, officer: User
) -> None:
    client = client_for(officer)
    # The consolidation: today's ward read as its old wards, one row each, adding up.
    page = client.get(f"/tong-hop/?{QUERY}")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert one(soup, 'input[type=checkbox][name="current"]').has_attr("checked")
    assert "gồm các đơn vị cũ đã sáp nhập vào" in one(soup, "#figures-source").get_text()
    by_unit = rows(page.content, "#by-unit")
    assert set(by_unit) == OLD_WARDS
    assert by_unit["Phường Thành Công"][1:2] == ["611"]
    assert by_unit["Phường Tân Lợi"][1:2] == ["89"]
    assert by_unit["Phường Tân Thành"][1:2] == [""]  # no report: no figure
    total = one(soup, "#by-unit tfoot tr").get_text(" ", strip=True)
    assert total.startswith("Cộng 700")
    assert 'data-indicator="qua-suat">' in page.content.decode()
    assert "Xã Hòa Phú" not in page.content.decode()
    assert "377" not in one(soup, "main").get_text()

    # The dashboard: the same total, the old wards as the units below it.
    page = client.get(f"/bang-dieu-khien/?{QUERY}")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    key = soup.select('#key-figures tr[data-indicator="qua-suat"] td')
    assert key[1].get_text(" ", strip=True) == "700 suất"
    below = rows(page.content, "#units-below")
    assert set(below) == OLD_WARDS
    assert below["Phường Thành Công"][-1] == "611" and below["Phường Tân Lợi"][-1] == "89"
    assert "Các đơn vị cũ đã sáp nhập vào" in one(soup, "#units-below h2").get_text()
    assert "Xã Hòa Phú" not in page.content.decode()

    # The map: the four old wards, each with its figure.
    units = drawn(client.get(f"/ban-do/du-lieu.geojson?{QUERY}&indicator=qua-suat"))
    assert set(units) == OLD_WARDS
    assert units["Phường Thành Công"]["value"] == 611 and units["Phường Tân Lợi"]["value"] == 89
    page = client.get(f"/ban-do/?{QUERY}&indicator=qua-suat")
    assert set(rows(page.content, "#map-table")) == OLD_WARDS

    # The box still turns it off (one old ward of the choice), and a link to one old ward
    # (from the map or a table of units) opens that ward alone.
    alone = client.get(f"/tong-hop/?{QUERY}&current=0")
    soup = BeautifulSoup(alone.content, "html.parser")
    assert not one(soup, 'input[type=checkbox][name="current"]').has_attr("checked")
    assert not soup.select("#by-unit")
    thanh_cong = world.commune_a_unit
    ward = client.get(f"/tong-hop/?{QUERY}&unit={thanh_cong.pk}")
    soup = BeautifulSoup(ward.content, "html.parser")
    assert one(soup, "#figures-source").get_text().startswith("Phường Thành Công.")
    assert not soup.select(".error")
    one_map = drawn(client.get(f"/ban-do/du-lieu.geojson?{QUERY}&unit={thanh_cong.pk}"))
    assert set(one_map) == {"Phường Thành Công"}


def test_an_outsider_and_another_communes_officer_still_see_none_of_them(
    world: World, officer: User
) -> None:
    for user in (world.outsider, world.commune_b):
        client = client_for(user)
        for url in (
            f"/tong-hop/?{QUERY}",
            f"/bang-dieu-khien/?{QUERY}",
            f"/ban-do/?{QUERY}",
            f"/ban-do/du-lieu.geojson?{QUERY}",
            f"/tong-hop/?{QUERY}&current=1",
            f"/kham-pha/?{QUERY}&ind=qua-suat",
        ):
            text = client.get(url).content.decode()
            assert not any(name in text for name in OLD_WARDS), (user, url)
            assert not any(f in text for f in (">611", ">89<", '"value": 611', '"value":611'))


def test_the_explorer_opens_on_todays_ward_with_its_old_wards_as_rows(
    world: World, officer: User
) -> None:
    """Without choosing a unit, the explorer's 2021 table is today's ward: a row per old ward
    that went into it, and a total equal to the dashboard's; one old ward can still be chosen."""
    client = client_for(officer)
    page = client.get(f"/kham-pha/?{QUERY}&ind=qua-suat")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert one(soup, "#explorer-table h2").get_text(strip=True) == "Phường Buôn Ma Thuột"
    by_label = {}  # the second cell names the row (the first is the period)
    for row in soup.select("#explorer-data tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
        by_label[cells[1]] = cells[2:]
    assert set(by_label) - {"Toàn địa bàn"} == OLD_WARDS
    assert by_label["Phường Thành Công"] == ["611"]
    assert by_label["Phường Tân Lợi"] == ["89"]
    assert by_label["Toàn địa bàn"] == ["700"]
    assert "Xã Hòa Phú" not in page.content.decode()

    thanh_cong = world.commune_a_unit
    alone = client.get(f"/kham-pha/?{QUERY}&ind=qua-suat&unit={thanh_cong.pk}")
    soup = BeautifulSoup(alone.content, "html.parser")
    assert one(soup, "#explorer-table h2").get_text(strip=True) == "Phường Thành Công"
    assert not soup.select(".error")

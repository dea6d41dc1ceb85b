"""The map (/ban-do/) and its GeoJSON, through HTTP: which units each persona gets, that a
unit's figure is the consolidation's, both eras, a merged organization's officer, key areas,
open incidents with the confidential ones kept to those allowed, the boundaries command, and
the queries of the GeoJSON pinned."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.conftest import World, incident, make_org, make_user
from danvan.core.periods import Period
from danvan.geo.models import AdminUnit, Boundary
from danvan.orgs.models import OrgKind, RoleKind
from danvan.reporting import consolidation
from danvan.reporting.models import Indicator, ReportForm, ReportStatus
from danvan.reporting.tests.conftest import client_for
from danvan.reporting.tests.test_consolidation import file_report
from danvan.situation.models import KeyArea

pytestmark = pytest.mark.django_db

Q1 = Period.parse("2021Q1")
Q4_2025 = Period.parse("2025Q4")
DATA = "/ban-do/du-lieu.geojson?form=bc-quy&indicator=qua-suat"
PAGE = "/ban-do/?form=bc-quy&indicator=qua-suat"


@pytest.fixture(autouse=True)
def rollups_checked(rollups_verified: None) -> None:
    """Every test here ends with the roll-ups equal to the raw values."""


def features(response: Any) -> dict[str, dict[str, Any]]:
    """{unit name: properties (with the geometry's type as "geometry")} of a GeoJSON answer."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    found = {}
    for feature in data["features"]:
        properties = dict(feature["properties"])
        properties["geometry"] = feature["geometry"]["type"] if feature["geometry"] else None
        properties["coordinates"] = (feature["geometry"] or {}).get("coordinates")
        found[properties["name"]] = properties
    return found


def consolidated(unit: AdminUnit, period: Period, code: str = "qua-suat") -> Any:
    form = ReportForm.objects.get(code="bc-quy")
    indicator = Indicator.objects.get(code=code)
    return consolidation.consolidate(form, period, [unit.path]).value(indicator)


@pytest.fixture
def filed(world: World) -> World:
    w = world
    file_report(w.commune_a_org, Q1, {"qua-suat/ho-ngheo": 611, "tt-buoi": 9})
    file_report(w.commune_b_org, Q1, {"qua-suat/ho-ngheo": 377, "tt-buoi": 4})
    women_a = make_org(OrgKind.WOMEN, w.commune_a_unit, "Hội LHPN phường Thành Công")
    file_report(women_a, Q1, {"qua-suat/can-ngheo": 89})
    # Submitted, not approved: counted unless "approved only" is asked.
    youth_b = make_org(OrgKind.YOUTH, w.commune_b_unit, "Đoàn TN xã Hòa Phú")
    file_report(youth_b, Q1, {"qua-suat/ho-ngheo": 23}, status=ReportStatus.SUBMITTED)
    return w


def test_province_sees_every_2021_commune_with_the_consolidations_figures(filed: World) -> None:
    w = filed
    province_2021 = AdminUnit.objects.by_code("66", Q1.end)
    drawn = features(client_for(w.province).get(f"{DATA}&period=2021Q1"))
    communes = AdminUnit.objects.at(Q1.end).under(province_2021).filter(level="commune")
    ids = {p["id"] for p in drawn.values()}
    assert ids == set(communes.values_list("pk", flat=True))
    assert len(drawn) == communes.count() > 150
    a, b = drawn["Phường Thành Công"], drawn["Xã Hòa Phú"]
    # The figure of each unit is the consolidation's for that unit, whatever the kinds of
    # organization that reported it: 611 + 89 in A, 377 + 23 (submitted) in B.
    assert a["value"] == consolidated(w.commune_a_unit, Q1) == 700
    assert b["value"] == consolidated(w.commune_b_unit, Q1) == 400
    assert a["value_text"] == "700" and a["shade"] == 5 and b["shade"] == 3
    # The popup's lines: the chosen figure first, then the others the unit has.
    assert a["figures"][:2] == [
        {"name": "Suất quà trao tặng", "unit": "suất", "value": "700"},
        {"name": "Buổi tuyên truyền", "unit": "buổi", "value": "9"},
    ]
    # A unit with nothing reported is there with no figure; every unit is a point at its
    # coordinates (no outlines loaded), in longitude, latitude order.
    quiet = next(p for name, p in drawn.items() if p["value"] is None)
    assert quiet["shade"] == 0 and quiet["value_text"] == "—"
    assert a["geometry"] == "Point"
    assert a["coordinates"] == [
        float(w.commune_a_unit.longitude),  # type: ignore[arg-type]
        float(w.commune_a_unit.latitude),  # type: ignore[arg-type]
    ]
    assert a["url"].startswith("/tong-hop/?") and f"unit={w.commune_a_unit.pk}" in a["url"]
    # The link opens the unit's consolidation, with the same figure.
    page = client_for(w.province).get(a["url"]).content.decode()
    assert 'data-indicator="qua-suat">' in page and ">700<" in page
    assert "không thuộc phạm vi" not in page
    # Approved reports only: B's youth union's submitted 23 leaves its figure.
    approved = features(client_for(w.province).get(f"{DATA}&period=2021Q1&approved=1"))
    assert approved["Xã Hòa Phú"]["value"] == 377


def test_districts_of_2021_add_up_their_communes(filed: World) -> None:
    w = filed
    drawn = features(client_for(w.province).get(f"{DATA}&period=2021Q1&level=district"))
    city = w.commune_a_unit.parent
    assert city is not None and city == w.commune_b_unit.parent
    assert drawn[city.name]["value"] == consolidated(city, Q1) == 1_100
    assert all(p["level"] == "district" for p in drawn.values())


def test_todays_era_draws_todays_communes(filed: World) -> None:
    w = filed
    ward = AdminUnit.objects.by_code("24133", Q4_2025.end)
    front = make_org(OrgKind.FRONT, ward, "Ủy ban MTTQ phường Buôn Ma Thuột")
    file_report(front, Q4_2025, {"qua-suat/ho-ngheo": 800})
    drawn = features(client_for(w.province).get(f"{DATA}&period=2025Q4&unit={w.province_unit.pk}"))
    assert len(drawn) == 102  # today's Đắk Lắk, no districts
    assert drawn["Phường Buôn Ma Thuột"]["value"] == consolidated(ward, Q4_2025) == 800
    assert drawn["Phường Buôn Ma Thuột"]["id"] == ward.pk != w.commune_a_unit.pk
    assert "Phường Thành Công" not in drawn  # a 2021 unit
    # No district level is offered after the reform; one asked for is not drawn.
    page = client_for(w.province).get(f"{PAGE}&period=2025Q4&level=district")
    soup = BeautifulSoup(page.content, "html.parser")
    levels = [o["value"] for o in soup.select("select[name=level] option")]
    assert levels == ["province", "commune"]
    assert len(soup.select("#map-table tbody tr[data-unit]")) == 102


def test_commune_officer_sees_only_their_commune(filed: World) -> None:
    w = filed
    own = client_for(w.commune_a)
    drawn = features(own.get(f"{DATA}&period=2021Q1"))
    assert list(drawn) == ["Phường Thành Công"]
    assert drawn["Phường Thành Công"]["value"] == 700
    # Asking for the neighbour's commune, or the province, changes nothing.
    for unit in (w.commune_b_unit, AdminUnit.objects.by_code("66", Q1.end)):
        response = own.get(f"{DATA}&period=2021Q1&unit={unit.pk}")
        assert list(features(response)) == ["Phường Thành Công"]
        assert "Hòa Phú" not in response.content.decode()
    page = own.get(f"{PAGE}&period=2021Q1&unit={w.commune_b_unit.pk}").content.decode()
    assert "không thuộc phạm vi của bạn" in page and "Hòa Phú" not in page


def test_outsider_gets_none_of_the_provinces_units(filed: World) -> None:
    w = filed
    province_2021 = AdminUnit.objects.by_code("66", Q1.end)
    outsider = client_for(w.outsider)
    for query in (
        f"&period=2021Q1&unit={province_2021.pk}",
        f"&period=2025Q4&unit={w.province_unit.pk}",
        f"&period=2021Q1&unit={w.commune_a_unit.pk}&level=commune",
    ):
        response = outsider.get(DATA + query)
        drawn = features(response)
        assert drawn, "the outsider's own province is drawn"
        ids = {p["id"] for p in drawn.values()}
        dak_lak = AdminUnit.objects.filter(path__startswith=province_2021.path) | (
            AdminUnit.objects.filter(path__startswith=w.province_unit.path)
        )
        assert not ids & set(dak_lak.values_list("pk", flat=True))
        # Nothing was reported in Lâm Đồng: no figure of Đắk Lắk's shows up on its map.
        assert all(p["value"] is None for p in drawn.values())
    page = outsider.get(f"{PAGE}&period=2021Q1&unit={province_2021.pk}")
    soup = BeautifulSoup(page.content, "html.parser")
    shown = {int(str(row["data-unit"])) for row in soup.select("#map-table tr[data-unit]")}
    assert shown and not shown & set(dak_lak.values_list("pk", flat=True))
    assert "không thuộc phạm vi của bạn" in page.content.decode()


def test_anonymous_is_sent_to_sign_in() -> None:
    for url in (f"{PAGE}&period=2021Q1", f"{DATA}&period=2021Q1"):
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_a_merged_organizations_officer_sees_the_old_wards_it_took_over(filed: World) -> None:
    """Today's ward took over Phường Thành Công and three other 2021 wards: its officer's map
    of 2021 draws those four, in their own units, and not Hòa Phú."""
    w = filed
    ward = AdminUnit.objects.by_code("24133", Q4_2025.end)
    front = make_org(OrgKind.FRONT, ward, "Ủy ban MTTQ phường Buôn Ma Thuột")
    w.commune_a_org.successors.add(front)
    officer = make_user("phuong_moi", front)
    client = client_for(officer)
    drawn = features(client.get(f"{DATA}&period=2021Q1&unit={ward.pk}&current=1"))
    assert {"Phường Thành Công", "Phường Tân Lợi", "Phường Tân Thành", "Phường Tân Tiến"} <= set(
        drawn
    )
    assert "Xã Hòa Phú" not in drawn
    assert drawn["Phường Thành Công"]["value"] == 700
    assert all(p["level"] == "commune" for p in drawn.values())
    # Without "today's units", the choice is one of the old wards it sees, never another's.
    plain = features(client.get(f"{DATA}&period=2021Q1"))
    assert plain and set(plain) <= set(drawn)


def test_key_areas_are_marked_for_those_who_see_them(filed: World) -> None:
    w = filed
    KeyArea.objects.create(
        unit=w.commune_a_unit, reason="Giáp ranh, tranh chấp đất", valid_from=dt.date(2021, 1, 1)
    )
    KeyArea.objects.create(  # ended before the quarter
        unit=w.commune_b_unit,
        reason="Cũ",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2020, 12, 31),
    )
    drawn = features(client_for(w.province).get(f"{DATA}&period=2021Q1"))
    assert drawn["Phường Thành Công"]["key_areas"] == ["Giáp ranh, tranh chấp đất"]
    assert drawn["Xã Hòa Phú"]["key_areas"] == []
    by_district = features(client_for(w.province).get(f"{DATA}&period=2021Q1&level=district"))
    assert by_district["Thành phố Buôn Ma Thuột"]["key_areas"] == ["Giáp ranh, tranh chấp đất"]
    other = client_for(w.commune_b).get(f"{DATA}&period=2021Q1").content.decode()
    assert "tranh chấp đất" not in other
    page = client_for(w.province).get(f"{PAGE}&period=2021Q1")
    row = BeautifulSoup(page.content, "html.parser").select_one(
        f'#map-table tr[data-unit="{w.commune_a_unit.pk}"]'
    )
    assert row is not None and "trọng điểm" in row.get_text()


def test_a_districts_key_communes_are_named_once_with_their_reason_once(filed: World) -> None:
    """Three communes of a district named key areas for one reason: the district's cell says
    "3 địa bàn: …" and the reason once, not the sentence three times; a commune's own cell
    keeps its reason."""
    w = filed
    district = w.commune_a_unit.parent
    assert district is not None
    reason = "Vùng đồng bào dân tộc thiểu số, tranh chấp đất đai kéo dài."
    communes = list(AdminUnit.objects.filter(parent=district).at(Q1.end).order_by("sort_name")[:3])
    for commune in communes:
        KeyArea.objects.create(unit=commune, reason=reason, valid_from=dt.date(2021, 1, 1))
    client = client_for(w.province)
    page = client.get(f"{PAGE}&period=2021Q1&level=district")
    row = BeautifulSoup(page.content, "html.parser").select_one(
        f'#map-table tr[data-unit="{district.pk}"] td.key'
    )
    assert row is not None
    text = row.get_text(" ", strip=True)
    names = ", ".join(c.name for c in communes)
    assert text == f"trọng điểm 3 địa bàn: {names} — {reason}"
    assert text.count(reason) == 1
    # The map's popup reads the same line.
    drawn = features(client.get(f"{DATA}&period=2021Q1&level=district"))
    assert drawn[district.name]["key_areas_text"] == f"3 địa bàn: {names} — {reason}"
    # Drawn by commune, each commune is the key area itself: its reason alone.
    commune_row = BeautifulSoup(
        client.get(f"{PAGE}&period=2021Q1").content, "html.parser"
    ).select_one(f'#map-table tr[data-unit="{communes[0].pk}"] td.key')
    assert commune_row is not None
    assert commune_row.get_text(" ", strip=True) == f"trọng điểm {reason}"


def test_the_table_adds_up_to_the_total_with_the_bodies_above_the_drawn_level(
    filed: World,
) -> None:
    """The province's and a district's own bodies filed too: under the communes (or the
    districts) a row for each level above says what they filed, and with it the rows add up
    to the province's total, the dashboard's figure. A commune's officer gets no such rows."""
    w = filed
    province_2021 = AdminUnit.objects.by_code("66", Q1.end)
    district = w.commune_a_unit.parent
    assert district is not None
    file_report(make_org(OrgKind.FRONT, province_2021, "MTTQ tỉnh"), Q1, {"qua-suat": 500})
    file_report(make_org(OrgKind.FRONT, district, "MTTQ thành phố"), Q1, {"qua-suat": 40})
    client = client_for(w.province)

    def table(url: str) -> tuple[int, list[tuple[str, str]], str]:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        rows = sum(
            int(cell.get_text().replace(".", "") or 0)
            for cell in soup.select("#map-table tbody td.value")
            if cell.get_text() != "—"
        )
        foot = [
            (
                str(row.select_one("th").get_text(" ", strip=True)),  # type: ignore[union-attr]
                str(row.select_one("td.value").get_text()),  # type: ignore[union-attr]
            )
            for row in soup.select("#map-table tfoot tr")
        ]
        dashboard = BeautifulSoup(
            client.get(url.replace("/ban-do/", "/bang-dieu-khien/")).content, "html.parser"
        ).select_one('#key-figures tr[data-indicator="qua-suat"] td.now')
        assert dashboard is not None
        return rows, foot, dashboard.get_text(" ", strip=True)

    rows, foot, dashboard = table(f"{PAGE}&period=2021Q1")
    assert [label.split(" (")[0] for label, _ in foot] == [
        "Các cơ quan, đoàn thể cấp tỉnh",
        "Các cơ quan, đoàn thể cấp huyện",
        "Tổng cộng Tỉnh Đắk Lắk",
    ]
    assert [value for _, value in foot] == ["500", "40", "1.640"]
    assert rows + 500 + 40 == 1_640 and dashboard == "1.640 suất"
    rows, foot, _ = table(f"{PAGE}&period=2021Q1&level=district")
    assert [value for _, value in foot] == ["500", "1.640"] and rows + 500 == 1_640
    # A commune's officer sees only their commune: nothing above it, no total row.
    own = client_for(w.commune_a).get(f"{PAGE}&period=2021Q1").content.decode()
    assert "<tfoot>" not in own and "500" not in own


def test_open_incidents_by_severity_and_confidential_ones_only_for_those_allowed(
    filed: World,
) -> None:
    w = filed
    incident(w.commune_a_unit, title="Vụ nóng công khai", severity="hot")
    incident(w.commune_a_unit, title="Vụ phức tạp", severity="complicated")
    incident(w.commune_a_unit, title="Vụ đã xong", severity="hot", status="resolved")
    incident(w.commune_a_unit, title="Vụ sau kỳ", reported=dt.date(2021, 5, 1))
    incident(
        w.commune_a_unit,
        title="Vụ mật 4417",
        severity="hot",
        confidential=True,
        visible_to=",approver,",
    )
    approver = make_user("duyet", w.province_org, RoleKind.APPROVER)
    seen_by = {
        "approver": features(client_for(approver).get(f"{DATA}&period=2021Q1")),
        "viewer": features(client_for(w.province).get(f"{DATA}&period=2021Q1")),
        "commune": features(client_for(w.commune_a).get(f"{DATA}&period=2021Q1")),
    }
    assert seen_by["approver"]["Phường Thành Công"]["incidents"] == {"hot": 2, "complicated": 1}
    assert seen_by["viewer"]["Phường Thành Công"]["incidents"] == {"hot": 1, "complicated": 1}
    assert seen_by["commune"]["Phường Thành Công"]["incidents"] == {"hot": 1, "complicated": 1}
    assert seen_by["viewer"]["Xã Hòa Phú"]["incidents"] == {}
    # The same counts as the incident list shows each of them, and no title is ever sent.
    for client in (client_for(approver), client_for(w.province)):
        response = client.get(f"{DATA}&period=2021Q1")
        assert "4417" not in response.content.decode()
    viewer_page = client_for(w.province).get(f"{PAGE}&period=2021Q1")
    row = BeautifulSoup(viewer_page.content, "html.parser").select_one(
        f'#map-table tr[data-unit="{w.commune_a_unit.pk}"]'
    )
    assert row is not None
    assert row.select_one("td.incidents").get_text() == "2"  # type: ignore[union-attr]
    assert "nóng: 1" in row.get_text()
    assert "Vụ mật" not in client_for(w.province).get("/co-so/vu-viec/").content.decode()


def test_an_open_incident_of_a_2021_commune_shows_on_todays_map_in_the_ward_it_went_into(
    filed: World,
) -> None:
    """Phường Thành Công went into today's Phường Buôn Ma Thuột: its case still being handled
    is that ward's on a map of today, its closed one is on none, and Hòa Phú's stays Hòa Phú's
    successor's, never Buôn Ma Thuột's; nobody outside the province sees them."""
    w = filed
    incident(w.commune_a_unit, title="Vụ cũ còn mở", severity="hot")
    incident(w.commune_a_unit, title="Vụ cũ đã xong", severity="hot", status="resolved")
    incident(w.commune_b_unit, title="Vụ Hòa Phú", severity="complicated")
    ward = AdminUnit.objects.by_code("24133", Q4_2025.end)
    drawn = features(client_for(w.province).get(f"{DATA}&period=2025Q4"))
    assert drawn["Phường Buôn Ma Thuột"]["id"] == ward.pk
    assert drawn["Phường Buôn Ma Thuột"]["incidents"] == {"hot": 1}
    others = {name: p["incidents"] for name, p in drawn.items() if p["incidents"]}
    assert sum(sum(c.values()) for c in others.values()) == 2
    assert {"complicated": 1} in others.values()
    # Someone of another province sees none of them.
    theirs = features(client_for(w.outsider).get(f"{DATA}&period=2025Q4"))
    assert not any(p["incidents"] for p in theirs.values())


def test_the_page_has_its_map_legend_and_table_and_is_linked(filed: World) -> None:
    w = filed
    client = client_for(w.province)
    page = client.get(f"{PAGE}&period=2021Q1")
    soup = BeautifulSoup(page.content, "html.parser")
    box = soup.select_one("#map")
    assert box is not None and box.has_attr("hidden")  # shown by the script once drawn
    assert str(box["data-geojson"]).startswith("/ban-do/du-lieu.geojson?")
    assert "period=2021Q1" in str(box["data-geojson"])
    assert [s["src"] for s in soup.select("script[src]") if "leaflet" in str(s["src"])] == [
        "/static/leaflet/leaflet.js"
    ]
    assert not soup.select('script[src^="http"], link[href^="http"]')
    legend = soup.select_one("#map-legend").get_text(" ", strip=True)  # type: ignore[union-attr]
    assert "0 – 140" in legend and "560 – 700" in legend and "Chưa có số liệu" in legend
    row = soup.select_one(f'#map-table tr[data-unit="{w.commune_a_unit.pk}"]')
    assert row is not None and row.select_one("td.value").get_text() == "700"  # type: ignore[union-attr]
    # Leaflet's files are the package's, served here.
    assert client.get("/static/leaflet/leaflet.js").status_code == 200
    assert client.get("/static/danvan/map.js").status_code == 200
    # The site's menu and the dashboard link to the map.
    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert home.select_one("#nav-map")["href"] == "/ban-do/"  # type: ignore[index]
    board = BeautifulSoup(client.get("/bang-dieu-khien/?period=2021Q1").content, "html.parser")
    assert str(board.select_one("#to-map")["href"]).startswith("/ban-do/?")  # type: ignore[index]
    # A user with no role has no map in the menu.
    assert 'id="nav-map"' not in client_for(w.no_role).get("/").content.decode()


# --- boundaries -------------------------------------------------------------------------------


def square(lon: float, lat: float, size: float = 0.01) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def write_geojson(folder: Path, features: list[dict[str, Any]]) -> Path:
    path = folder / "ranh-gioi.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def feature(properties: dict[str, Any], geometry: dict[str, Any] | None) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def run_boundaries(*args: str) -> str:
    out = io.StringIO()
    call_command("units", "boundaries", *args, stdout=out)
    return out.getvalue()


def test_boundaries_are_matched_by_code_and_date_and_the_rest_reported(
    filed: World, tmp_path: Path
) -> None:
    w = filed
    path = write_geojson(
        tmp_path,
        [
            # 24133 is Phường Thành Công in 2021 and Phường Buôn Ma Thuột today.
            feature({"code": "24133", "valid_on": "31/03/2021"}, square(108.03, 12.67)),
            feature({"code": 24133}, square(108.04, 12.68)),
            feature({"code": "99999"}, square(108.0, 12.0)),
            feature({"ten": "không mã"}, square(108.0, 12.0)),
            feature({"code": "24172"}, {"type": "Point", "coordinates": [108.0, 12.0]}),
            feature({"code": "24172", "valid_on": "ngày nào đó"}, square(108.0, 12.0)),
        ],
    )
    out = run_boundaries(str(path), "--date-property", "valid_on")
    ward = AdminUnit.objects.by_code("24133", Q4_2025.end)
    assert set(Boundary.objects.values_list("unit_id", flat=True)) == {
        w.commune_a_unit.pk,
        ward.pk,
    }
    assert "Đã nạp ranh giới của 2 đơn vị (0 thay ranh giới cũ); 4 vùng không khớp." in out
    assert "vùng thứ 3\tmã 99999\tkhông có đơn vị mang mã này vào ngày" in out
    assert "vùng thứ 4\tmã —\tkhông có thuộc tính «code»" in out
    assert "vùng thứ 5\tmã 24172\tkhông phải vùng (Polygon/MultiPolygon)" in out
    assert "vùng thứ 6\tmã 24172" in out
    # The 2021 map shades Thành Công's outline; the others stay circles.
    drawn = features(client_for(w.province).get(f"{DATA}&period=2021Q1"))
    a = drawn["Phường Thành Công"]
    assert a["geometry"] == "Polygon" and a["outline"] is True
    assert a["coordinates"] == square(108.03, 12.67)["coordinates"]
    assert drawn["Xã Hòa Phú"]["geometry"] == "Point"
    page = client_for(w.province).get(f"{PAGE}&period=2021Q1").content.decode()
    assert "màu của vùng" in page
    # Loading again replaces; a whole file dated 2021 matches the 2021 unit.
    again = write_geojson(
        tmp_path, [feature({"ma": "24172"}, square(108.1, 12.6)), feature({"ma": "24133"}, None)]
    )
    out = run_boundaries(str(again), "--code-property", "ma", "--date", "2021-03-31")
    assert "Đã nạp ranh giới của 1 đơn vị (0 thay ranh giới cũ); 1 vùng không khớp." in out
    assert Boundary.objects.get(unit=w.commune_b_unit).source == "ranh-gioi.geojson"
    replaced = write_geojson(tmp_path, [feature({"code": "24133"}, square(1, 1))])
    out = run_boundaries(str(replaced), "--date", "31/03/2021")
    assert "(1 thay ranh giới cũ)" in out
    assert json.loads(Boundary.objects.get(unit=w.commune_a_unit).geometry) == square(1, 1)
    # Every load leaves a history row naming the file, without copying the outline into it.
    history = Boundary.history.filter(unit_id=w.commune_a_unit.pk)
    assert history.count() == 2 and not hasattr(history.first(), "geometry")
    assert set(history.values_list("source", flat=True)) == {"ranh-gioi.geojson"}


def test_a_file_that_is_not_geojson_is_refused_whole(filed: World, tmp_path: Path) -> None:
    bad = tmp_path / "hong.geojson"
    bad.write_text("{không phải json", "utf-8")
    with pytest.raises(CommandError, match="không phải JSON"):
        run_boundaries(str(bad))
    bad.write_text(json.dumps({"type": "Feature"}), "utf-8")
    with pytest.raises(CommandError, match="FeatureCollection"):
        run_boundaries(str(bad))
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        run_boundaries(str(tmp_path / "khong-co.geojson"))
    assert not Boundary.objects.exists()
    # The listing the command always did still works beside the new action.
    out = io.StringIO()
    call_command("units", "--under", "66", "--level", "commune", stdout=out)
    assert len(out.getvalue().splitlines()) == 102


def test_the_geojson_queries_do_not_grow_with_the_data(filed: World, tmp_path: Path) -> None:
    w = filed
    client = client_for(w.province)
    url = f"{DATA}&period=2021Q1"
    client.get(url)  # the session and the roles, as on any later request
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    city = w.commune_a_unit.parent
    assert city is not None
    for unit in AdminUnit.objects.filter(parent=city)[:8]:
        org = make_org(OrgKind.VETERANS, unit)
        file_report(org, Q1, {"qua-suat/ho-ngheo": 5, "tt-buoi": 2})
        incident(unit, title=f"Vụ ở {unit.name}")
        KeyArea.objects.create(unit=unit, reason="Thêm", valid_from=dt.date(2021, 1, 1))
    path = write_geojson(
        tmp_path,
        [
            feature({"code": u.code}, square(108.0, 12.0))
            for u in AdminUnit.objects.filter(parent=city)[:8]
        ],
    )
    run_boundaries(str(path), "--date", "2021-03-31")
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    # The scope, the units, one grouped query of figures per district (and its indicators),
    # the key areas, the incidents and the outlines: whatever the number of reports.
    districts = AdminUnit.objects.filter(
        parent=AdminUnit.objects.by_code("66", Q1.end), level="district"
    ).count()
    assert len(second) == len(first) <= 24 + 2 * districts
    # Today's province has no districts: its 102 communes are one group, one query of figures.
    with CaptureQueriesContext(connection) as today:
        response = client.get(f"{DATA}&period=2025Q4&unit={w.province_unit.pk}")
        assert response.status_code == 200
    assert len(today) <= 26


def test_zero_is_a_figure_not_a_missing_one(world: World) -> None:
    file_report(world.commune_a_org, Q1, {"qua-suat/ho-ngheo": 0})
    drawn = features(client_for(world.commune_a).get(f"{DATA}&period=2021Q1"))
    assert drawn["Phường Thành Công"]["value"] == 0
    assert drawn["Phường Thành Công"]["shade"] == 1
    page = client_for(world.commune_a).get(f"{PAGE}&period=2021Q1")
    legend = BeautifulSoup(page.content, "html.parser").select_one("#map-legend")
    assert legend is not None and "Chưa có số liệu" in legend.get_text()

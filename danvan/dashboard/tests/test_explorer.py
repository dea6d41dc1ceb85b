"""The data explorer (/kham-pha/) through HTTP as the personas: the table is consolidation's
numbers, the XLSX is the table, the chart sits beside the table of what it draws, the area is
the user's own, saved views are private — in the 2021 units and in today's."""

import base64
import io
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from danvan.conftest import People, make_org, make_user
from danvan.core.periods import Period
from danvan.dashboard.models import SavedView
from danvan.geo.models import AdminUnit
from danvan.orgs.models import OrgKind
from danvan.reporting import consolidation
from danvan.reporting.models import Indicator, ReportForm, ReportStatus
from danvan.reporting.tests.conftest import client_for
from danvan.reporting.tests.test_consolidation import file_report
from danvan.vi.numbers import format_number

Q1 = Period.parse("2021Q1")
URL = "/kham-pha/?form=bc-quy&ind=qua-suat&ind=tt-buoi"


def table(html: bytes) -> dict[tuple[str, str], list[str]]:
    """{(period code, row label): [figures as shown]} of the explorer's table."""
    soup = BeautifulSoup(html, "html.parser")
    rows = {}
    for tr in soup.select("#explorer-data tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in tr.select("td")]
        rows[(str(tr["data-period"]), cells[1])] = cells[2:]
    return rows


def shown(value: Decimal | None) -> str:
    return "—" if value is None else format_number(int(value))


@pytest.fixture
def filed(recorded: People) -> People:
    w = recorded.world
    women_a = make_org(OrgKind.WOMEN, w.commune_a_unit, "Hội LHPN phường Thành Công")
    file_report(
        women_a, Q1, {"qua-suat/ho-ngheo": 600, "qua-suat/gia-dinh-chinh-sach": 40, "tt-buoi": 12}
    )
    file_report(w.commune_a_org, Q1, {"qua-suat/ho-ngheo": 11})
    file_report(w.commune_b_org, Q1, {"qua-suat/ho-ngheo": 377, "tt-buoi": 3})
    file_report(w.commune_b_org, Q1.previous(), {"qua-suat/ho-ngheo": 150})
    return recorded


def test_province_table_is_the_consolidation_by_commune_and_the_xlsx_is_the_table(
    filed: People,
) -> None:
    w = filed.world
    province = client_for(w.province)
    page = province.get(f"{URL}&period=2020Q4,2021Q1&by=commune")
    assert page.status_code == 200
    rows = table(page.content)
    form = ReportForm.objects.get(code="bc-quy")
    gifts, sessions = Indicator.objects.get(code="qua-suat"), Indicator.objects.get(code="tt-buoi")
    old_province = AdminUnit.objects.by_code("66", Q1.end)
    for period in (Q1.previous(), Q1):
        whole = consolidation.consolidate(form, period, [old_province.path])
        assert rows[(period.code, "Toàn địa bàn")] == [
            shown(whole.value(gifts)),
            shown(whole.value(sessions)),
        ]
        for unit in (w.commune_a_unit, w.commune_b_unit):
            siblings = list(AdminUnit.objects.filter(parent=unit.parent, valid_to=unit.valid_to))
            figures = consolidation.by_unit(form, period, siblings).get(unit.pk, {})
            label = next(k[1] for k in rows if k[0] == period.code and k[1].startswith(unit.name))
            assert rows[(period.code, label)] == [
                shown(figures.get(gifts.pk)),
                shown(figures.get(sessions.pk)),
            ]
    thanh_cong = next(v for k, v in rows.items() if k[0] == "2021Q1" and "Thành Công" in k[1])
    assert thanh_cong == ["651", "12"] and rows[("2021Q1", "Toàn địa bàn")] == ["1.028", "15"]
    # The 2021 units: communes under their districts, all 180 of 2021 Đắk Lắk.
    assert sum(1 for k in rows if k[0] == "2021Q1") == 181
    # The XLSX is the table: the same rows, numbers as numbers.
    xlsx = province.get(f"{URL}&period=2020Q4,2021Q1&by=commune&format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0] == ("Kỳ", "Đơn vị", "Suất quà trao tặng (suất)", "Buổi tuyên truyền (buổi)")
    assert len(lines) - 1 == len(rows)
    soup = BeautifulSoup(page.content, "html.parser")
    for tr, line in zip(soup.select("#explorer-data tbody tr"), lines[1:], strict=True):
        cells = [td.get_text(" ", strip=True) for td in tr.select("td")]
        assert [line[0], line[1]] == cells[:2]
        assert [shown(v) if v is not None else "—" for v in line[2:]] == cells[2:]


def test_the_chart_draws_the_table_beside_it(filed: People) -> None:
    province = client_for(filed.world.province)
    for chart in ("bar", "line", "stack"):
        page = province.get(f"{URL}&period=2020Q4,2021Q1&by=commune&chart={chart}")
        soup = BeautifulSoup(page.content, "html.parser")
        image = soup.select_one("#explorer-chart img.chart")
        assert image is not None and str(image["alt"]).startswith("Biểu đồ")
        svg = base64.b64decode(str(image["src"]).split(",", 1)[1]).decode()
        assert not re.search(r'(src|href)="https?://', svg)
        drawn = re.findall(r'<desc class="value">([^<]+)</desc>', svg)
        cells = [td.get_text() for td in soup.select("#chart-table td.num")]
        # pygal stacks an empty cell as 0; the table says "—".
        assert sorted(d for d in drawn if d != "0") == sorted(
            c for c in cells if c not in {"—", "0"}
        ), chart
        assert drawn, chart
    line = client_for(filed.world.province).get(f"{URL}&period=2020Q4,2021Q1&chart=line")
    soup = BeautifulSoup(line.content, "html.parser")
    assert [td.get_text() for td in soup.select("#chart-table td.num")] == ["150", "1.028"]
    stack = province.get(f"{URL}&period=2021Q1&chart=stack")
    soup = BeautifulSoup(stack.content, "html.parser")
    heads = [th.get_text() for th in soup.select("#chart-table th")]
    assert "Hộ nghèo" in heads
    assert "988" in [td.get_text() for td in soup.select("#chart-table td.num")]


def test_by_organization_kind(filed: People) -> None:
    page = client_for(filed.world.province).get(f"{URL}&period=2021Q1&by=kind")
    rows = table(page.content)
    assert rows[("2021Q1", OrgKind.WOMEN.label)] == ["640", "12"]
    assert rows[("2021Q1", OrgKind.FRONT.label)] == ["388", "3"]
    assert rows[("2021Q1", "Toàn địa bàn")] == ["1.028", "15"]


def test_communes_see_their_own_outsider_nothing_anonymous_signs_in(filed: People) -> None:
    w = filed.world
    own = client_for(w.commune_a).get(f"{URL}&period=2021Q1")
    rows = table(own.content)
    assert rows[("2021Q1", "Phường Thành Công")] == ["651", "12"]
    assert "Hòa Phú" not in own.content.decode() and "377" not in own.content.decode()
    other = client_for(w.commune_b).get(f"{URL}&period=2021Q1&unit={w.commune_a_unit.pk}")
    text = other.content.decode()
    assert "không thuộc phạm vi của bạn" in text
    assert "651" not in text and "Thành Công" not in text
    assert table(other.content)[("2021Q1", "Xã Hòa Phú")] == ["377", "3"]
    old_province = AdminUnit.objects.by_code("66", Q1.end)
    outside = client_for(w.outsider).get(f"{URL}&period=2021Q1&unit={old_province.pk}")
    text = outside.content.decode()
    assert outside.status_code == 200 and "không thuộc phạm vi của bạn" in text
    assert "1.028" not in text and "Thành Công" not in text
    xlsx = client_for(w.outsider).get(
        f"{URL}&period=2021Q1&unit={old_province.pk}&by=commune&format=xlsx"
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert not any("Thành Công" in str(c) for row in sheet.iter_rows(values_only=True) for c in row)
    bad = client_for(w.commune_a).get(f"{URL}&unit=12x")
    assert bad.status_code == 400
    anonymous = client_for(None).get(f"{URL}&period=2021Q1")
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]


def test_todays_units_and_2021_ones_side_by_side(filed: People) -> None:
    """2024Q4 in the 2021 communes that went into today's province, 2025Q4 in today's."""
    w = filed.world
    today = Period.parse("2025Q4")
    ward = AdminUnit.objects.by_code("24133", today.end)
    assert ward.pk != w.commune_a_unit.pk
    front = make_org(OrgKind.FRONT, ward, "Ủy ban MTTQ phường Buôn Ma Thuột")
    file_report(front, today, {"qua-suat/ho-ngheo": 800})
    file_report(w.commune_a_org, Period.parse("2024Q4"), {"qua-suat/ho-ngheo": 640})
    province = client_for(w.province)
    page = province.get(f"{URL}&period=2024Q4,2025Q4&unit={w.province_unit.pk}&by=commune")
    rows = table(page.content)
    assert rows[("2025Q4", "Phường Buôn Ma Thuột")][0] == "800"
    assert rows[("2025Q4", "Toàn địa bàn")][0] == "800"
    old = next(v for k, v in rows.items() if k[0] == "2024Q4" and "Thành Công" in k[1])
    assert old[0] == "640" and rows[("2024Q4", "Toàn địa bàn")][0] == "640"
    # Districts are offered only while a chosen period is before 01/07/2025.
    soup = BeautifulSoup(page.content, "html.parser")
    offered = [o["value"] for o in soup.select("select[name=by] option")]
    assert "district" in offered
    modern = province.get(f"{URL}&period=2025Q4&unit={w.province_unit.pk}")
    offered = [
        o["value"]
        for o in BeautifulSoup(modern.content, "html.parser").select("select[name=by] option")
    ]
    assert "district" not in offered and "commune" in offered
    own = client_for_ward(filed, ward).get(f"{URL}&period=2025Q4")
    assert table(own.content)[("2025Q4", "Phường Buôn Ma Thuột")][0] == "800"


def client_for_ward(people: People, ward: AdminUnit) -> Client:
    org = make_org(OrgKind.WOMEN, ward, "Hội LHPN phường Buôn Ma Thuột")
    return client_for(make_user("phunu_bmt", org))


def test_saved_views_are_private_to_their_user(filed: People) -> None:
    w = filed.world
    own = client_for(w.commune_a)
    saved = own.post(
        "/kham-pha/luu/", {"name": "Quà quý I", "query": "form=bc-quy&ind=qua-suat&period=2021Q1"}
    )
    assert saved.status_code == 302
    view = SavedView.objects.get(user=w.commune_a)
    assert "period=2021Q1" in view.query and "ind=qua-suat" in view.query
    history = [(h.history_type, h.history_user.username) for h in view.history.all()]
    assert history == [("+", "xa_a")]
    opened = own.get(saved["Location"])
    assert "Quà quý I" in opened.content.decode()
    assert table(opened.content)[("2021Q1", "Phường Thành Công")] == ["651"]
    other = client_for(w.commune_b)
    assert "Quà quý I" not in other.get("/kham-pha/").content.decode()
    refused = other.post(f"/kham-pha/{view.pk}/xoa/", follow=True)
    assert "Không có khung nhìn này" in refused.content.decode()
    assert SavedView.objects.filter(pk=view.pk).exists()
    # A foreign area saved in a view is checked again when it is saved and opened.
    other.post(
        "/kham-pha/luu/",
        {"name": "Của xã khác", "query": f"form=bc-quy&period=2021Q1&unit={w.commune_a_unit.pk}"},
    )
    theirs = SavedView.objects.get(user=w.commune_b)
    assert f"unit={w.commune_b_unit.pk}" in theirs.query
    assert own.post(f"/kham-pha/{view.pk}/xoa/").status_code == 302
    assert not SavedView.objects.filter(pk=view.pk).exists()
    gone = SavedView.history.filter(id=view.pk).order_by("-history_id").first()
    assert gone is not None and gone.history_type == "-" and gone.history_user == w.commune_a
    assert client_for(None).post("/kham-pha/luu/", {"name": "x", "query": ""}).status_code == 302
    assert SavedView.objects.count() == 1


def test_query_count_does_not_grow_with_the_reports(filed: People) -> None:
    w = filed.world
    province, commune = client_for(w.province), client_for(w.commune_a)
    address = f"{URL}&period=2020Q4,2021Q1&by=commune&chart=stack"
    with CaptureQueriesContext(connection) as first:
        assert province.get(address).status_code == 200
    with CaptureQueriesContext(connection) as own_first:
        assert commune.get(address).status_code == 200
    parent = w.commune_a_unit.parent
    assert parent is not None
    for unit in AdminUnit.objects.filter(parent=parent)[:8]:
        org = make_org(OrgKind.YOUTH, unit)
        file_report(org, Q1, {"tt-buoi": 3, "qua-suat/ho-ngheo": 5})
        file_report(org, Q1.previous(), {"tt-buoi": 2}, status=ReportStatus.SUBMITTED)
    with CaptureQueriesContext(connection) as second:
        assert province.get(address).status_code == 200
    # Per period: the area's consolidation, the level's units, one grouped query per
    # district (15 in 2021 Đắk Lắk) and its indicator lookup.
    with CaptureQueriesContext(connection) as own_second:
        assert commune.get(address).status_code == 200
    assert len(second) == len(first) <= 90
    assert len(own_second) == len(own_first) <= 40

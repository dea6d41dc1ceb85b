"""The leaders' dashboard (/bang-dieu-khien/): the key figures with the previous period and a
year earlier, the same figure the consolidation shows, reports received, the units below
ranked, the field work in the period — scoped, in both eras, with pinned queries."""

import base64
import datetime as dt
import re
from decimal import Decimal
from typing import Any

from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.conftest import People, incident, make_org
from danvan.core.periods import Period
from danvan.dashboard.overview import change
from danvan.directives.models import Meeting, Task
from danvan.geo.models import AdminUnit
from danvan.orgs.models import OrgKind
from danvan.reporting.models import ReportStatus
from danvan.reporting.tests.conftest import client_for
from danvan.reporting.tests.test_consolidation import file_report
from danvan.situation.models import Recommendation

Q1 = Period.parse("2021Q1")
URL = "/bang-dieu-khien/?form=bc-quy"


def figures(html: bytes) -> dict[str, list[str]]:
    """{indicator code: [now with its unit, before, change, year ago, change]} of the key
    figures table."""
    soup = BeautifulSoup(html, "html.parser")
    return {
        str(row["data-indicator"]): [td.get_text(" ", strip=True) for td in row.select("td")[1:]]
        for row in soup.select("#key-figures tr[data-indicator]")
    }


def test_change_is_written_the_vietnamese_way() -> None:
    assert change(Decimal(150), Decimal(100)) == "+50%"
    assert change(Decimal(90), Decimal(120)) == "−25%"
    assert change(Decimal(1), Decimal(3)) == "−66,7%"
    assert change(Decimal(5), None) == "" and change(Decimal(5), Decimal(0)) == ""


def test_province_sees_the_quarter_beside_the_last_one_and_a_year_before(
    recorded: People,
) -> None:
    w = recorded.world
    women_a = make_org(OrgKind.WOMEN, w.commune_a_unit, "Hội LHPN phường Thành Công")
    file_report(women_a, Q1, {"qua-suat/ho-ngheo": 600, "tt-buoi": 12})
    file_report(w.commune_b_org, Q1, {"qua-suat/ho-ngheo": 300})
    file_report(women_a, Q1.previous(), {"qua-suat/ho-ngheo": 450, "tt-buoi": 16})
    file_report(women_a, Period.parse("2020Q1"), {"qua-suat/ho-ngheo": 1_200})
    province = client_for(w.province)
    page = province.get(f"{URL}&period=2021Q1")
    assert page.status_code == 200
    shown = figures(page.content)
    assert shown["qua-suat"] == ["900 suất", "450", "+100%", "1.200", "−25%"]
    assert shown["tt-buoi"][:3] == ["12 buổi", "16", "−25%"]
    # The same figure as the consolidation page, and where it comes from.
    consolidated = province.get("/tong-hop/?form=bc-quy&period=2021Q1").content.decode()
    assert 'data-indicator="qua-suat">' in consolidated and ">900<" in consolidated
    soup = BeautifulSoup(page.content, "html.parser")
    assert "tổng hợp trực tiếp từ báo cáo" in soup.select_one("#figures-source").get_text()  # type: ignore[union-attr]
    # The registers beside the reports: 2 sessions recorded against 12 reported.
    sessions = soup.select_one('#key-figures tr[data-indicator="tt-buoi"] td')
    assert "Sổ tuyên truyền: 2" in sessions.get_text()  # type: ignore[union-attr]
    # Every figure links to what is behind it.
    link = soup.select_one('#key-figures tr[data-indicator="qua-suat"] a')
    assert link is not None and str(link["href"]).startswith("/tong-hop/?")
    # The districts below, those missing reports first and marked.
    rows = soup.select("#units-below tbody tr")
    assert rows and "chậm báo cáo" in rows[0].get_text()
    # Field work in the period: two incidents open, two recommendations waiting.
    assert soup.select_one("#open-incidents").get_text() == "2"  # type: ignore[union-attr]
    assert soup.select_one("#waiting").get_text() == "2"  # type: ignore[union-attr]


def test_commune_sees_its_own_outsider_nothing_anonymous_signs_in(recorded: People) -> None:
    w = recorded.world
    file_report(w.commune_a_org, Q1, {"qua-suat/ho-ngheo": 611})
    file_report(w.commune_b_org, Q1, {"qua-suat/ho-ngheo": 377})
    own = client_for(w.commune_a).get(f"{URL}&period=2021Q1")
    assert figures(own.content)["qua-suat"][0] == "611 suất"
    assert "377" not in own.content.decode() and "Hòa Phú" not in own.content.decode()
    province_2021 = AdminUnit.objects.by_code("66", Q1.end)
    outside = client_for(w.outsider).get(f"{URL}&period=2021Q1&unit={province_2021.pk}")
    text = outside.content.decode()
    assert outside.status_code == 200
    assert "không thuộc phạm vi của bạn" in text
    assert "611" not in text and "988" not in text and "Thành Công" not in text
    anonymous = client_for(None).get(f"{URL}&period=2021Q1")
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]


def test_todays_province_reads_a_year_earlier_in_the_2021_units(recorded: People) -> None:
    """2025Q4 in today's units beside 2024Q4, when the same communes were 2021's."""
    w = recorded.world
    today_commune = AdminUnit.objects.by_code("24133", Period.parse("2025Q4").end)
    assert today_commune.pk != w.commune_a_unit.pk  # the same code, another unit
    front_today = make_org(OrgKind.FRONT, today_commune, "Ủy ban MTTQ phường Buôn Ma Thuột")
    file_report(front_today, Period.parse("2025Q4"), {"qua-suat/ho-ngheo": 800})
    file_report(w.commune_a_org, Period.parse("2024Q4"), {"qua-suat/ho-ngheo": 640})
    page = client_for(w.province).get(f"{URL}&period=2025Q4&unit={w.province_unit.pk}")
    assert figures(page.content)["qua-suat"] == ["800 suất", "—", "", "640", "+25%"]
    # Today's province has a hundred communes: the first twenty are listed (the behind ones
    # first), the rest behind a link that lists them all.
    communes = AdminUnit.objects.filter(parent=w.province_unit).at(Period.parse("2025Q4").end)
    soup = BeautifulSoup(page.content, "html.parser")
    assert len(soup.select("#units-below tbody tr")) == 20 < communes.count()
    link = soup.select_one("#all-units a")
    assert link is not None and f"{communes.count()} đơn vị" in link.get_text()
    every = client_for(w.province).get(f"/bang-dieu-khien/{link['href']}")
    rows = BeautifulSoup(every.content, "html.parser").select("#units-below tbody tr")
    assert len(rows) == communes.count()
    assert any(r.get_text(" ", strip=True).startswith(today_commune.name) for r in rows)


def test_query_count_does_not_grow_with_the_reports(recorded: People) -> None:
    w = recorded.world
    file_report(w.commune_a_org, Q1, {"qua-suat/ho-ngheo": 10})
    province = client_for(w.province)
    province.get(f"{URL}&period=2021Q1")  # the form's items are read once per process
    with CaptureQueriesContext(connection) as first:
        assert province.get(f"{URL}&period=2021Q1").status_code == 200
    parent = w.commune_a_unit.parent
    assert parent is not None
    for unit in AdminUnit.objects.filter(parent=parent)[:10]:
        org = make_org(OrgKind.YOUTH, unit)
        file_report(org, Q1, {"tt-buoi": 3})
        file_report(org, Q1.previous(), {"tt-buoi": 2}, status=ReportStatus.SUBMITTED)
    with CaptureQueriesContext(connection) as second:
        assert province.get(f"{URL}&period=2021Q1").status_code == 200
    # The figures of six periods (the chart over time), each one grouped query and the
    # form's revision; reports received two grouped queries; whatever the number of reports.
    assert len(second) == len(first) <= 58


def test_charts_are_images_drawn_here_with_the_tables_numbers(recorded: People) -> None:
    """Both charts are SVG images inside the page (nothing fetched, no script runs), and the
    values they draw are the numbers of the tables beside them."""
    w = recorded.world
    file_report(w.commune_a_org, Q1, {"qua-suat/ho-ngheo": 1_250})
    file_report(w.commune_a_org, Q1.previous(), {"qua-suat/ho-ngheo": 900})
    page = client_for(w.province).get(f"{URL}&period=2021Q1&indicator=qua-suat")
    soup = BeautifulSoup(page.content, "html.parser")
    images = soup.select("img.chart")
    assert len(images) == 2 and all(str(i["alt"]).startswith("Biểu đồ") for i in images)
    svgs = [base64.b64decode(str(i["src"]).split(",", 1)[1]).decode() for i in images]
    assert not any(re.search(r'(src|href)="https?://', svg) for svg in svgs)
    drawn = re.findall(r'<desc class="value">([^<]+)</desc>', svgs[0])
    table = [td.get_text() for td in soup.select("#history-table td.num")]
    assert [d for d in drawn] == [t for t in table if t != "—"] == ["900", "1.250"]
    bars = re.findall(r'<desc class="value">([^<]+)</desc>', svgs[1])
    assert "1.250" in bars


def test_incidents_followed_add_up_to_their_breakdowns_and_the_list_behind_them(
    recorded: People,
) -> None:
    """The incidents of the quarter are those its list shows: still open, or with news in it.
    The count, its breakdown by severity and by status all count the same incidents; the
    open ones are a part of them, named as such."""
    w = recorded.world
    incident(
        w.commune_a_unit, title="Giải quyết xong trong kỳ", severity="ordinary",
        status="resolved", last=dt.date(2021, 3, 20),
    )  # fmt: skip
    incident(
        w.commune_b_unit, title="Đã chuyển trong kỳ", severity="complicated",
        status="referred", last=dt.date(2021, 2, 10),
    )  # fmt: skip
    incident(
        w.commune_a_unit, title="Xong từ năm trước", severity="hot", status="resolved",
        reported=dt.date(2020, 10, 1), last=dt.date(2020, 11, 1),
    )  # fmt: skip
    province = client_for(w.province)
    soup = BeautifulSoup(province.get(f"{URL}&period=2021Q1").content, "html.parser")

    def counts(section: str) -> dict[str, int]:
        return {
            row.select("td")[0].get_text(strip=True): int(row.select("td")[1].get_text())
            for row in soup.select(f"#{section} tr")
            if len(row.select("td")) == 2
        }

    followed = soup.select_one("#followed-incidents")
    assert followed is not None and followed.get_text() == "4"
    by_severity = counts("incidents-by-severity")
    by_status = counts("incidents-by-status")
    assert by_severity == {"Thông thường": 1, "Phức tạp": 1, "Nóng": 2}
    assert by_status["Đang giải quyết"] == 2 and by_status["Đã giải quyết xong"] == 1
    assert sum(by_severity.values()) == sum(by_status.values()) == 4
    # Each breakdown says what it counts.
    heading = soup.select_one("#incidents-by-severity th")
    assert heading is not None and heading.get_text(strip=True).startswith("4 vụ việc")
    # The open ones: a part of the four, the rows of the open statuses.
    assert soup.select_one("#open-incidents").get_text() == "2"  # type: ignore[union-attr]
    open_row = soup.select_one("#incidents tr.option")
    assert open_row is not None and "Trong đó đang mở" in open_row.get_text()
    # The count links to the list that shows those four, for the unit on the page.
    listed = province.get(str(followed["href"]))
    rows = BeautifulSoup(listed.content, "html.parser").select("#incidents tbody tr[data-id]")
    assert len(rows) == 4 and "Xong từ năm trước" not in listed.content.decode()


def test_links_to_a_unit_below_carry_its_id_without_a_thousands_dot(recorded: People) -> None:
    """Today's communes have ids in the thousands: a link must not read unit=13.153."""
    w = recorded.world
    page = client_for(w.province).get(f"{URL}&period=2025Q4&unit={w.province_unit.pk}")
    soup = BeautifulSoup(page.content, "html.parser")
    links = [str(a["href"]) for a in soup.select("#units-below tbody a")]
    assert links and all(re.search(r"unit=\d+$", link) for link in links)
    assert any(int(link.rsplit("=", 1)[1]) >= 1000 for link in links)


def test_a_unit_with_nothing_to_file_does_not_read_as_complete(recorded: People) -> None:
    """Today's province read for 2021 as the two old provinces: 2021 Phú Yên had no
    organization that had to file, so it has no rate (not 0/0 = 100 %), on the dashboard and
    on the page of who filed, both read from the one rate."""
    w = recorded.world
    file_report(w.commune_a_org, Q1, {"qua-suat/ho-ngheo": 611})
    province = client_for(w.province)
    page = province.get(f"{URL}&period=2021Q1&current=1&unit={w.province_unit.pk}")
    soup = BeautifulSoup(page.content, "html.parser")
    shown = {
        row.select("td")[0].get_text(" ", strip=True): [
            td.get_text(" ", strip=True) for td in row.select("td")[1:3]
        ]
        for row in soup.select("#units-below tbody tr")
    }
    assert shown["Tỉnh Phú Yên"] == ["—", "không có báo cáo phải nộp"]
    received, share = shown["Tỉnh Đắk Lắk chậm báo cáo"]
    expected = int(received.split("/")[1])
    assert share == f"{round(100 / expected)}%"
    # The old province on its own: nothing due, said so, no rate.
    phu_yen = AdminUnit.objects.by_code("54", Q1.end)
    for url in (
        f"{URL}&period=2021Q1&unit={phu_yen.pk}",
        f"/tong-hop/tien-do/?form=bc-quy&period=2021Q1&unit={phu_yen.pk}",
    ):
        alone = BeautifulSoup(province.get(url).content, "html.parser")
        assert alone.select_one("#share").get_text() == "—"  # type: ignore[union-attr]
        assert "Không có báo cáo phải nộp" in alone.select_one("#nothing-due").get_text()  # type: ignore[union-attr]
    # Where reports are due, the same rate on both pages.
    for url in (f"{URL}&period=2021Q1", "/tong-hop/tien-do/?form=bc-quy&period=2021Q1"):
        whole = BeautifulSoup(province.get(url).content, "html.parser")
        assert whole.select_one("#share").get_text() == share  # type: ignore[union-attr]
        assert whole.select_one("#nothing-due") is None


def test_the_units_below_and_the_provinces_own_bodies_add_up_to_the_total(
    recorded: People,
) -> None:
    """The province's own bodies report too: their row stands beside the districts', and the
    districts, that row and the total row agree with the key figure."""
    w = recorded.world
    province_2021 = AdminUnit.objects.by_code("66", Q1.end)
    front = make_org(OrgKind.FRONT, province_2021, "Ủy ban MTTQ tỉnh Đắk Lắk")
    file_report(front, Q1, {"qua-suat/ho-ngheo": 500})
    file_report(w.commune_a_org, Q1, {"qua-suat/ho-ngheo": 611})
    file_report(w.commune_b_org, Q1, {"qua-suat/ho-ngheo": 377})
    page = client_for(w.province).get(f"{URL}&period=2021Q1&unit={province_2021.pk}&units=all")
    soup = BeautifulSoup(page.content, "html.parser")

    def number(text: str) -> int:
        return int(text.replace(".", "")) if text not in {"—", ""} else 0

    def cells(row: Any) -> list[str]:
        return [c.get_text(" ", strip=True) for c in row.select("th, td")]

    units = [cells(r) for r in soup.select("#units-below tbody tr")]
    own = soup.select_one("#units-below tfoot tr.own-level")
    total = soup.select_one("#units-below tfoot tr.total")
    assert own is not None and total is not None
    assert cells(own)[0].startswith("Các cơ quan, đoàn thể cấp tỉnh")
    assert cells(own)[-1] == "500"
    assert cells(total)[0].startswith("Tổng cộng Tỉnh Đắk Lắk") and cells(total)[-1] == "1.488"
    assert sum(number(r[-1]) for r in units) + number(cells(own)[-1]) == 1_488
    assert figures(page.content)["qua-suat"][0] == "1.488 suất"
    # The reports received add up the same way.
    received = [r[1].split("/") for r in [*units, cells(own)] if "/" in r[1]]
    filed, expected = cells(total)[1].split("/")
    assert sum(number(r) for r, _ in received) == number(filed)
    assert sum(number(e) for _, e in received) == number(expected)


def _listed(client: Any, href: str, table: str) -> int:
    page = client.get(href)
    assert page.status_code == 200, href
    rows = BeautifulSoup(page.content, "html.parser").select(f"#{table} tbody tr")
    return len([r for r in rows if r.select_one("a")])  # not the "nothing here" row


FIELD_WORK_LINKS = {
    "followed-incidents": "incidents",
    "answered": "recommendations",
    "waiting": "recommendations",
    "tasks-done": "tasks",
    "tasks-overdue": "tasks",
}


def test_each_field_work_count_opens_the_list_of_exactly_what_it_counts(
    recorded: People,
) -> None:
    """In the units of 2021, in today's units read back to 2021, and for one of today's
    wards read through the old wards that went into it: a count and its list agree."""
    w = recorded.world
    Recommendation.objects.filter(text="Đề xuất của Hòa Phú").update(status="answered")
    Task.objects.filter(title="Nhiệm vụ Hòa Phú").update(done_on=dt.date(2021, 3, 28))
    meeting = Meeting.objects.get(title="Giao ban Thành Công")
    Task.objects.create(meeting=meeting, title="Hạn quý sau", deadline=dt.date(2021, 5, 1))
    # Decided at the province, given to commune B: a task of commune B too.
    held = Meeting.objects.create(
        title="Giao ban tỉnh", unit=w.province_unit, organization=w.province_org,
        held_on=dt.date(2021, 3, 2), chair="Trưởng ban", period="2021Q1",
    )  # fmt: skip
    Task.objects.create(
        meeting=held, title="Việc giao xã", deadline=dt.date(2021, 3, 15)
    ).owners.add(w.commune_b_org)
    ward_today = AdminUnit.objects.by_code("24133", dt.date(2025, 12, 31))
    old_province = AdminUnit.objects.by_code("66", Q1.end)
    province = client_for(w.province)
    for query, expected in [
        (f"unit={old_province.pk}", {"tasks-overdue": 2, "tasks-done": 1}),
        (f"unit={w.province_unit.pk}&current=1", {"tasks-overdue": 2, "tasks-done": 1}),
        (f"unit={w.commune_b_unit.pk}", {"tasks-overdue": 1, "tasks-done": 1}),
        (f"unit={ward_today.pk}&current=1", {"tasks-overdue": 1, "tasks-done": 0}),
    ]:
        soup = BeautifulSoup(province.get(f"{URL}&period=2021Q1&{query}").content, "html.parser")
        for key, table in FIELD_WORK_LINKS.items():
            link = soup.select_one(f"#{key}")
            assert link is not None, (query, key)
            shown = int(link.get_text())
            if key in expected:
                assert shown == expected[key], (query, key)
            assert _listed(province, str(link["href"]), table) == shown, (query, key)
    # Today's ward, read back to 2021, has its old ward's incident and recommendation.
    soup = BeautifulSoup(
        province.get(f"{URL}&period=2021Q1&unit={ward_today.pk}&current=1").content, "html.parser"
    )
    href = str(soup.select_one("#followed-incidents")["href"])  # type: ignore[index]
    listed = province.get(href).content.decode()
    assert "Vụ ở Thành Công" in listed and "Vụ ở Hòa Phú" not in listed
    assert "Gồm cả các đơn vị cũ đã sáp nhập" in listed


def test_a_unit_below_opens_with_the_pages_other_choices(recorded: People) -> None:
    """ "Approved reports only" and "today's units" stay chosen when a leader opens a unit."""
    w = recorded.world
    province = client_for(w.province)
    page = province.get(f"{URL}&period=2021Q1&unit={w.province_unit.pk}&current=1&approved=1")
    soup = BeautifulSoup(page.content, "html.parser")
    links = [str(a["href"]) for a in soup.select("#units-below tbody a")]
    assert links and all("approved=1" in link for link in links)
    # The rows are the old provinces that went into today's: each is read in its own time.
    assert all("current=1" not in link for link in links)
    opened = BeautifulSoup(province.get(links[0]).content, "html.parser")
    assert one_checked(opened, "approved") and not one_checked(opened, "current")
    # Today's province in 2025: its communes are today's, and stay so.
    page = province.get(f"{URL}&period=2025Q4&unit={w.province_unit.pk}&approved=1&current=1")
    soup = BeautifulSoup(page.content, "html.parser")
    links = [str(a["href"]) for a in soup.select("#units-below tbody a")]
    assert links and all("approved=1" in link and "current=1" in link for link in links)


def one_checked(soup: BeautifulSoup, name: str) -> bool:
    box = soup.select_one(f'input[type=checkbox][name="{name}"]')
    assert box is not None, name
    return box.has_attr("checked")

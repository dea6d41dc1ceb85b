"""One quarter, one truth: the consolidation page, the report, the briefing, the XLSX annex
and the API give the same figure for every indicator, every table's rows add up to its total
(the province-level bodies have a row), and where danvan's registers hold another figure for
the same scope and period, every one of them shows both and says where each comes from."""

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from django.test import Client
from openpyxl import load_workbook

from danvan.api.tests.conftest import Api, token_for
from danvan.conftest import D, People, make_org
from danvan.core.periods import Period
from danvan.directives.models import Meeting
from danvan.documents.report import Phrased
from danvan.documents.tests.test_report_documents import docx_text, get
from danvan.geo.models import AdminUnit
from danvan.jobs.testing import work_off
from danvan.orgs.models import OrgKind
from danvan.reporting.models import Indicator
from danvan.reporting.tests.conftest import client_for
from danvan.reporting.tests.test_consolidation import file_report
from danvan.vi.numbers import parse_number
from danvan.welfare.models import Campaign, Distribution

Q1 = Period.parse("2021Q1")


@pytest.fixture
def quarter(recorded: People) -> People:
    """Two communes' reports and the province-level bodies' own report; the registers hold the
    `recorded` sessions (120 and 45 people, 2 sessions) and one ledger line."""
    w = recorded.world
    women_a = make_org(OrgKind.WOMEN, w.commune_a_unit, "Hội LHPN phường Thành Công")
    file_report(
        women_a,
        Q1,
        {"qua-suat/ho-ngheo": 40_000, "qua-tri-gia/ho-ngheo": 18_000_000_000, "tt-buoi": 120},
    )
    file_report(
        w.commune_b_org,
        Q1,
        {"qua-suat/can-ngheo": 33_000, "qua-tri-gia/can-ngheo": 15_000_000_000, "tt-buoi": 45},
    )
    province_2021 = AdminUnit.objects.by_code("66", Q1.end)
    province_women = make_org(OrgKind.WOMEN, province_2021, "Hội LHPN tỉnh Đắk Lắk")
    file_report(
        province_women,
        Q1,
        {"qua-suat/ho-ngheo": 850, "qua-tri-gia/ho-ngheo": 214_000_000, "tt-buoi": 8},
    )
    campaign = Campaign.objects.create(
        name="Tết vì người nghèo", kind="tet", organizer=province_women, unit=province_2021,
        starts=D(2021, 1, 1),
        ends=D(2021, 3, 31),
    )  # fmt: skip
    Distribution.objects.create(
        campaign=campaign, commune=w.commune_a_unit, giver=women_a, date=D(2021, 1, 20),
        kind="qua", quantity=Decimal(500), unit="suất", value_vnd=250_000_000,
    )  # fmt: skip
    return recorded


REPORTED = {"qua-suat": 73_850, "qua-tri-gia": 33_214_000_000, "tt-buoi": 173}


def text(soup: BeautifulSoup | Tag, selector: str) -> str:
    """The text of the one element `selector` finds (failing the test when there is none)."""
    found = soup.select_one(selector)
    assert found is not None, selector
    return found.get_text(" ", strip=True)


def page_figures(client: Client) -> tuple[dict[str, int | Decimal], BeautifulSoup]:
    page = client.get("/tong-hop/?form=bc-quy&period=2021Q1")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    figures = {}
    for row in soup.select("#figures tr[data-indicator]:not([data-option])"):
        total = text(row, "td.total")
        if total:
            figures[str(row["data-indicator"])] = parse_number(total)
    return figures, soup


def test_every_place_gives_the_same_figure_and_says_where_it_comes_from(quarter: People) -> None:
    w = quarter.world
    province = client_for(w.province)
    figures, soup = page_figures(province)
    for code, value in REPORTED.items():
        assert figures[code] == value, code
    # The page says where the figures come from, and sets the registers beside the reports.
    source = text(soup, "#figures-source")
    assert "tổng hợp trực tiếp từ báo cáo đã gửi và đã phê duyệt" in source
    sessions = text(soup, '#figures tr[data-indicator="tt-buoi"]:not([data-option]) .differs')
    assert "Sổ tuyên truyền: 2" in sessions
    comparisons = [li.get_text(" ", strip=True) for li in soup.select("#sources li")]
    sessions_sentence = (
        "Buổi tuyên truyền: 173 buổi theo báo cáo của các đơn vị; 2 buổi theo sổ tuyên truyền."
    )
    ledger_sentence = (
        "Suất quà trao tặng: 73.850 suất theo báo cáo của các đơn vị; 500 suất theo sổ chăm lo."
    )
    assert sessions_sentence in comparisons and ledger_sentence in comparisons

    # The table by unit has a row for the province-level bodies; its rows add up to the total.
    by_unit = soup.select("#by-unit tbody tr")
    assert "Các cơ quan, đoàn thể cấp tỉnh" in by_unit[-1].get_text()
    heads = [th.get_text(strip=True) for th in soup.select("#by-unit thead th")]
    column = next(i for i, h in enumerate(heads) if h.startswith("Suất quà trao tặng"))
    cells = [row.select("td")[column].get_text(strip=True) for row in by_unit]
    assert sum(parse_number(c) for c in cells if c) == REPORTED["qua-suat"]
    total = soup.select("#by-unit tfoot td")[column - 1].get_text(strip=True)
    assert parse_number(total) == REPORTED["qua-suat"]

    # The report says the same figures the officialese way, and the same comparisons.
    report = docx_text(get(province, "docx").content)
    for code in REPORTED:
        unit = Indicator.objects.get(code=code).unit
        assert Phrased(Decimal(REPORTED[code]), unit).approx in report, code
    assert sessions_sentence in report and ledger_sentence in report

    # The briefing of the province's meeting: the reports' figures first, the registers' beside.
    province_2021 = AdminUnit.objects.by_code("66", Q1.end)
    commission_2021 = make_org(OrgKind.COMMISSION, province_2021, "Ban Dân vận Tỉnh ủy (2021)")
    meeting = Meeting.objects.create(
        title="Hội nghị giao ban công tác dân vận quý I năm 2021", unit=province_2021,
        organization=commission_2021, held_on=D(2021, 4, 10), chair="Trưởng ban",
        period="2021Q1",
    )  # fmt: skip
    job = province.post(f"/co-so/hoi-nghi/{meeting.pk}/van-ban/", {"format": "docx"})
    work_off()
    download = province.get(f"{job['Location']}tep/")
    briefing = docx_text(b"".join(download.streaming_content))  # type: ignore[attr-defined]
    assert Phrased(Decimal(73_850), "suất").approx + " quà" in briefing
    assert "Theo báo cáo của các đơn vị, cơ quan dân vận, mặt trận và các đoàn thể đã tổ " \
        "chức 173 buổi tuyên truyền" in briefing  # fmt: skip
    assert "trên hệ thống đã ghi chi tiết 2 buổi tuyên truyền với 165 lượt người" in briefing
    assert sessions_sentence in briefing and ledger_sentence in briefing

    # The XLSX annex: the same totals; by unit, with the province-level bodies, adds up.
    book = load_workbook(io.BytesIO(get(province, "xlsx").content))
    by_kind = book["Theo tổ chức"]
    annex = {row[0].value: row[2].value for row in by_kind.iter_rows(min_row=3) if row[0].value}
    for code, value in REPORTED.items():
        name = Indicator.objects.get(code=code).name
        assert annex[name] == value, code
    units = book["Theo đơn vị"]
    header = [c.value for c in units[2]]
    col = next(i for i, h in enumerate(header) if h and str(h).startswith("Suất quà trao tặng"))
    rows = [r for r in units.iter_rows(min_row=3, values_only=True) if r[0]]
    assert rows[-2][0] == "Các cơ quan, đoàn thể cấp tỉnh" and rows[-2][col] == 850
    assert rows[-1][0] == "Cộng" and rows[-1][col] == REPORTED["qua-suat"]
    assert sum(r[col] or 0 for r in rows[:-1]) == REPORTED["qua-suat"]

    # The API: the same values, the same source, the registers beside.
    api = Api(token_for(w.province))
    answer: Any = api.get("/consolidation?under=66&period=2021Q1&form=bc-quy").json()
    assert answer["values"]["tt-buoi"] == 173
    assert answer["values"]["qua-suat"]["total"] == 73_850
    assert answer["recorded"]["tt-buoi"] == {"Sổ tuyên truyền": 2}
    assert answer["source"].startswith("Số liệu tổng hợp trực tiếp từ báo cáo")


def test_the_drive_page_says_its_figure_is_the_milestones_not_the_reports(
    quarter: People,
) -> None:
    from danvan.outreach.models import Drive

    w = quarter.world
    drive = Drive.objects.create(
        name="Bầu cử 2021",
        unit=AdminUnit.objects.by_code("66", Q1.end),
        starts_on=D(2021, 1, 1),
        ends_on=D(2021, 5, 31),
    )
    drive.milestones.create(title="Lập danh sách cử tri", due_on=D(2021, 3, 1))
    page = client_for(w.province).get(f"/co-so/van-dong/{drive.pk}/?on=2021-03-31")
    source = text(BeautifulSoup(page.content, "html.parser"), "#progress-source")
    assert "các mốc tiến độ đã ghi" in source and "do các đơn vị tự báo cáo" in source
    # The consolidation sets the milestones' average (nothing recorded: 0%) beside the reports.
    _, soup = page_figures(client_for(w.province))
    progress = text(soup, '#figures tr[data-indicator="bc-tien-do"] .recorded')
    assert re.search(r"Các mốc tiến độ đã ghi: 0\b", progress)

"""The consolidated report as DOCX, PDF and XLSX: content, figures, scoping, the command."""

import io
import re
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from docx import Document as read_docx
from openpyxl import load_workbook
from pypdf import PdfReader

from danvan.conftest import World, make_org
from danvan.core.periods import Period
from danvan.documents.build import build_report
from danvan.documents.models import DocumentKind, DocumentTemplate
from danvan.documents.render import to_docx, to_pdf
from danvan.documents.report import consolidated_report
from danvan.geo.models import AdminUnit
from danvan.jobs.testing import work_off
from danvan.orgs.models import OrgKind
from danvan.reporting.models import ReportForm
from danvan.reporting.tests.conftest import client_for
from danvan.reporting.tests.test_consolidation import file_report

Q1 = Period.parse("2021Q1")


@pytest.fixture
def filed(world: World) -> World:
    """Two communes' reports whose totals are the seed's three figures, with narratives."""
    women_a = make_org(OrgKind.WOMEN, world.commune_a_unit, "Hội LHPN phường Thành Công")
    a = file_report(
        women_a,
        Q1,
        {
            "qua-suat/ho-ngheo": 40000,
            "qua-tri-gia/ho-ngheo": 18_000_000_000,
            "gao-cuu-doi/ho-ngheo": Decimal("300000"),
            "tt-buoi": 120,
            "vv-tham-gia": 3,
        },
    )
    a.narrative = {"ket-qua": "Trao quà Tết tận tay hội viên nghèo.", "ton-tai": "Còn chậm."}
    a.save()
    b = file_report(
        world.commune_b_org,
        Q1,
        {
            "qua-suat/can-ngheo": 33850,
            "qua-tri-gia/can-ngheo": 15_214_000_000,
            "gao-cuu-doi/can-ngheo": Decimal("197300"),
            "tt-buoi": 45,
        },
    )
    b.narrative = {"phuong-huong": "Đẩy mạnh tuyên truyền bầu cử ở buôn đồng bào Êđê."}
    b.save()
    return world


def province_2021() -> AdminUnit:
    return AdminUnit.objects.by_code("66", Q1.end)


def form() -> ReportForm:
    return ReportForm.objects.get(code="bc-quy")


def docx_text(content: bytes) -> str:
    document = read_docx(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_docx_holds_the_party_format_and_the_officialese_figures(filed: World) -> None:
    text = docx_text(to_docx(consolidated_report(form(), Q1, province_2021())))
    for expected in [
        "ĐẢNG BỘ TỈNH ĐẮK LẮK",
        "BAN DÂN VẬN TỈNH ỦY",
        "-BC/BDVTU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Đắk Lắk, ngày 05 tháng 4 năm 2021",  # due date of a period long past
        "BÁO CÁO",
        "kết quả công tác dân vận quý I năm 2021, phương hướng, nhiệm vụ quý II năm 2021",
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "gần 74.000 suất quà trị giá hơn 33 tỉ đồng, gần 500 tấn gạo hỗ trợ cứu đói",
        "165 buổi tuyên truyền",
        "II. TỒN TẠI, HẠN CHẾ",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II NĂM 2021",
        "Hội LHPN phường Thành Công: Trao quà Tết tận tay hội viên nghèo.",
        "Ủy ban MTTQ xã Hòa Phú: Đẩy mạnh tuyên truyền bầu cử ở buôn đồng bào Êđê.",
        "Nơi nhận:",
        "TRƯỞNG BAN",
    ]:
        assert expected in text, expected
    # Sections with no figure are left out and the rest renumbered.
    assert "3. Công tác chuẩn bị bầu cử" not in text
    assert "3. Tham gia giải quyết vụ việc nóng" in text
    assert "Tham gia giải quyết 3 vụ việc nóng, phát sinh" in text


VOWELS = "aăâeêioôơuưy"
TONES = ["\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
EVERY_LETTER = "đĐ " + " ".join(
    unicodedata.normalize("NFC", v + t) + unicodedata.normalize("NFC", (v + t).upper())
    for v in VOWELS
    for t in ["", *TONES]
)


def test_pdf_text_has_every_vietnamese_letter_the_document_uses(filed: World) -> None:
    report = filed.commune_b_org.reports.get()
    report.narrative["de-xuat"] = EVERY_LETTER
    report.save()
    document = consolidated_report(form(), Q1, province_2021())
    pdf = to_pdf(document)
    assert pdf.startswith(b"%PDF")
    extracted = unicodedata.normalize(
        "NFC", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    )
    used = {ch for ch in document.text() if ch.isalpha() and not ch.isascii()}
    assert len(used) >= 134  # all 67 Vietnamese letters with diacritics, in both cases
    missing = sorted(ch for ch in used if ch not in extracted)
    assert not missing, missing
    assert "gần 74.000 suất quà" in re.sub(r"\s+", " ", extracted)
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index]
    }
    assert fonts and all("Tinos" in name for name in fonts), fonts


def test_xlsx_annex_totals_equal_what_was_entered(filed: World) -> None:
    content = build_report(form(), Q1, province_2021(), "xlsx").content
    book = load_workbook(io.BytesIO(content))
    by_kind = book["Theo tổ chức"]
    rows = {row[0].value: [c.value for c in row] for row in by_kind.iter_rows(min_row=3)}
    assert rows["Suất quà trao tặng"][2] == 73850
    assert rows["Trị giá quà trao tặng"][2] == 33_214_000_000
    assert rows["Gạo hỗ trợ cứu đói"][2] == 497300
    header = [c.value for c in by_kind[2]]
    women = header.index("Hội Liên hiệp Phụ nữ")
    assert rows["Suất quà trao tặng"][women] == 40000
    units = book["Theo đơn vị"]
    names = [c.value for c in units["A"]]
    total_row = names.index("Cộng") + 1
    packages_column = [c.value for c in units[2]].index("Suất quà trao tặng (suất)") + 1
    column = [units.cell(row=r, column=packages_column).value for r in range(3, total_row)]
    assert sum(v for v in column if v) == units.cell(row=total_row, column=packages_column).value
    assert units.cell(row=total_row, column=packages_column).value == 73850


def test_administrators_template_changes_the_wording(filed: World) -> None:
    DocumentTemplate.objects.create(
        kind=DocumentKind.REPORT,
        unit=province_2021(),
        issuer="BAN DÂN VẬN",
        signer_capacity="K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
        signer_name="Nguyễn Văn A",
        results="1. Chăm lo\nĐã trao {{ f.qua_suat.exact }} quà ({{ f.qua_suat.approx }}).",
    )
    text = consolidated_report(form(), Q1, province_2021()).text()
    assert "BAN DÂN VẬN\n" in text
    assert "Đã trao 73.850 suất quà (gần 74.000 suất)." in text
    assert "Nguyễn Văn A" in text
    assert "ĐẢNG BỘ TỈNH ĐẮK LẮK" in text  # left blank: the built-in wording


def test_report_command_writes_docx_pdf_and_xlsx(filed: World, tmp_path: object) -> None:
    out = io.StringIO()
    for file_format in ("docx", "pdf", "xlsx"):
        target = f"{tmp_path}/bc.{file_format}"
        call_command(
            "report", "--under", "66", "--period", "2021Q1", "--format", file_format, "-o", target,
            stdout=out,
        )  # fmt: skip
        with open(target, "rb") as written:
            head = written.read(4)
        assert head == (b"%PDF" if file_format == "pdf" else b"PK\x03\x04")
    assert "Đã ghi" in out.getvalue()


def test_report_command_explains_an_unknown_unit(filed: World) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có đơn vị hành chính mã “999”"):
        call_command("report", "--under", "999", "--period", "2021Q1", "-o", "/dev/null")


# --- the download on the consolidation page, per persona ------------------------------------


def get(client: Client, format: str, **params: str) -> Any:
    """Ask for the document as the page's buttons do, let the worker build it, and download
    it from the job's page (or return the refusal)."""
    query = "&".join(f"{k}={v}" for k, v in {"period": "2021Q1", **params}.items())
    response = client.post(f"/tong-hop/van-ban/?{query}", {"format": format})
    if response.status_code != 302 or not response["Location"].startswith("/viec/"):
        return response
    work_off()
    page = client.get(response["Location"]).content.decode()
    assert "Đã lập xong" in page, page
    download = client.get(f"{response['Location']}tep/")
    body = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    read = HttpResponse(body, status=download.status_code)
    read["Content-Disposition"] = download["Content-Disposition"]
    return read


def test_province_officer_downloads_the_province_report(filed: World) -> None:
    response = get(client_for(filed.province), format="docx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = docx_text(response.content)
    assert "gần 74.000 suất quà" in text


def test_commune_officer_gets_only_their_own_commune(filed: World) -> None:
    province = province_2021()
    response = get(client_for(filed.commune_b), format="docx", unit=str(province.pk))
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "33.850 suất" in text or "34.000 suất" in text  # commune B's own packages
    assert "74.000" not in text
    assert "Thành Công" not in text


def test_outsider_sees_nothing_of_dak_lak(filed: World) -> None:
    response = get(client_for(filed.outsider), format="docx", unit=str(province_2021().pk))
    assert response.status_code == 200
    text = docx_text(response.content)
    # Their own province of 2021 (Lâm Đồng took in Bình Thuận), whatever unit was asked for.
    assert "ĐẢNG BỘ TỈNH BÌNH THUẬN" in text
    assert "(Chưa có số liệu trong các báo cáo.)" in text
    assert "ĐẮK LẮK" not in text and "suất quà" not in text


def test_anonymous_is_sent_to_sign_in(filed: World) -> None:
    response = get(Client(), format="pdf")
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]


def test_unknown_format_is_refused_in_vietnamese(filed: World) -> None:
    response = get(client_for(filed.province), "odt")
    assert response.status_code == 400
    assert "docx, pdf hoặc xlsx" in response.content.decode()


def test_consolidation_page_offers_the_three_documents(filed: World) -> None:
    page = client_for(filed.province).get("/tong-hop/?period=2021Q1").content.decode()
    assert page.count('name="format"') == 3
    assert 'value="pdf"' in page and "chạy nền" in page


def test_a_document_job_shows_its_steps_and_its_file_reaches_only_the_scope(
    filed: World,
) -> None:
    client = client_for(filed.commune_b)
    response = client.post("/tong-hop/van-ban/?period=2021Q1", {"format": "xlsx"})
    job_page = response["Location"]
    assert "Đang chờ" in client.get(job_page).content.decode()
    work_off()
    page = client.get(job_page).content.decode()
    assert "Đã lập xong phu-luc-" in page and "Tải phu-luc-" in page
    assert client.get(f"{job_page}tep/").status_code == 200
    assert client_for(filed.province).get(f"{job_page}tep/").status_code == 200  # above it
    assert client_for(filed.commune_a).get(f"{job_page}tep/").status_code == 404  # neighbour
    assert client_for(filed.outsider).get(f"{job_page}tep/").status_code == 404
    assert client_for(filed.outsider).get(job_page).status_code == 404

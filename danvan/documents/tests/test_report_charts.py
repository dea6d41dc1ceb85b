""" "Kèm biểu đồ" on the consolidation page: the report's DOCX carries the charts as pictures
and the PDF as drawings, each above the table of what it draws (the consolidation's numbers);
without the box, neither has any."""

import io
import re
import zipfile
from typing import Any

import pytest
from django.test import Client
from docx import Document as read_docx
from pypdf import PdfReader

from danvan.conftest import World
from danvan.dashboard.charts import png
from danvan.documents.render import pdf_problem
from danvan.documents.tests.test_report_documents import Q1, filed, form, province_2021
from danvan.jobs.models import Job
from danvan.jobs.testing import work_off
from danvan.reporting import consolidation
from danvan.reporting.models import Indicator
from danvan.reporting.tests.conftest import client_for
from danvan.vi.numbers import format_number

__all__ = ["filed"]
CAIRO = png('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>') is not None


def built(client: Client, file_format: str, charts: bool) -> bytes:
    data = {"format": file_format, **({"charts": "1"} if charts else {})}
    response = client.post("/tong-hop/van-ban/?period=2021Q1&form=bc-quy", data)
    assert response.status_code == 302 and response["Location"].startswith("/viec/")
    work_off()
    assert "Đã lập xong" in client.get(response["Location"]).content.decode()
    download = client.get(f"{response['Location']}tep/")
    assert download.status_code == 200
    return b"".join(download.streaming_content)  # type: ignore[attr-defined]


def pictures(docx: bytes) -> list[str]:
    return [n for n in zipfile.ZipFile(io.BytesIO(docx)).namelist() if n.startswith("word/media/")]


def tables_text(docx: bytes) -> str:
    document = read_docx(io.BytesIO(docx))
    return "\n".join(
        " | ".join(cell.text for cell in row.cells) for t in document.tables for row in t.rows
    )


def test_docx_with_the_box_has_the_charts_and_their_tables(filed: World) -> None:
    province = client_for(filed.province)
    plain = built(province, "docx", charts=False)
    assert pictures(plain) == []
    assert "Bảng số liệu của biểu đồ" not in tables_text(plain) + _paragraphs(plain)
    drawn = built(province, "docx", charts=True)
    media = pictures(drawn)
    if CAIRO:
        assert len(media) == 3 and all(name.endswith(".png") for name in media)
        picture = zipfile.ZipFile(io.BytesIO(drawn)).read(media[0])
        assert picture.startswith(b"\x89PNG")
    else:  # without the Cairo library the charts' tables stand alone
        assert media == []
    text = _paragraphs(drawn)
    assert "Bảng số liệu của biểu đồ: suất quà trao tặng theo nhóm đối tượng" in text
    assert "Bảng số liệu của biểu đồ: suất quà trao tặng theo đơn vị" in text
    # The tables behind the charts are the consolidation's numbers.
    whole = consolidation.consolidate(form(), Q1, [province_2021().path])
    gifts = Indicator.objects.get(code="qua-suat")
    cells = tables_text(drawn)
    for option in whole.options[gifts.pk]:
        value = whole.value(gifts, option)
        shown = "—" if value is None else format_number(int(value))
        assert f"{option.name} | {shown}" in cells
    assert "Hộ nghèo | 40.000" in cells and "Hộ cận nghèo | 33.850" in cells
    below = [u for u in province_2021().children.all() if "Buôn Ma Thuột" in u.name]
    assert below and f"{below[0].name} | 73.850" in cells


def _paragraphs(docx: bytes) -> str:
    return "\n".join(p.text for p in read_docx(io.BytesIO(docx)).paragraphs)


@pytest.mark.skipif(bool(pdf_problem()), reason="WeasyPrint or the Tinos font is missing")
def test_pdf_with_the_box_has_the_charts_drawn_and_their_tables(filed: World) -> None:
    province = client_for(filed.province)
    plain = PdfReader(io.BytesIO(built(province, "pdf", charts=False)))
    drawn = PdfReader(io.BytesIO(built(province, "pdf", charts=True)))
    plain_text = "\n".join(page.extract_text() for page in plain.pages)
    drawn_text = "\n".join(page.extract_text() for page in drawn.pages)
    assert "Bảng số liệu của biểu đồ" not in plain_text
    assert "Bảng số liệu của biểu đồ" in drawn_text and "33.850" in drawn_text
    # The SVG is drawn as vector paths: the charted pages carry more drawing than the plain.
    assert _drawing(drawn) > _drawing(plain)


def _drawing(reader: Any) -> int:
    """How many rectangles the PDF's pages fill (the bars of a chart are among them)."""
    total = 0
    for page in reader.pages:
        content = page.get_contents()
        data = content.get_data() if content is not None else b""
        total += len(re.findall(rb"\bre\b", data))
    return total


def test_the_box_is_on_the_page_and_the_job_keeps_it(filed: World) -> None:
    province = client_for(filed.province)
    page = province.get("/tong-hop/?period=2021Q1&form=bc-quy").content.decode()
    assert 'name="charts"' in page and "Kèm biểu đồ" in page
    province.post("/tong-hop/van-ban/?period=2021Q1", {"format": "docx", "charts": "1"})
    job = Job.objects.latest("pk")
    assert job.params["charts"] is True and "kèm biểu đồ" in job.title
    province.post("/tong-hop/van-ban/?period=2021Q1", {"format": "xlsx", "charts": "1"})
    assert Job.objects.latest("pk").params["charts"] is False  # the annex has no charts


def test_the_command_draws_them_when_asked(filed: World, tmp_path: Any) -> None:
    from django.core.management import call_command

    out = tmp_path / "bao-cao.docx"
    call_command("report", "--under", "66", "--period", "2021Q1", "--charts", "-o", str(out))
    assert len(pictures(out.read_bytes())) == (3 if CAIRO else 0)
    assert "Bảng số liệu của biểu đồ" in _paragraphs(out.read_bytes())
    call_command("report", "--under", "66", "--period", "2021Q1", "-o", str(out))
    assert pictures(out.read_bytes()) == []

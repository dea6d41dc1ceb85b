"""Upload limits: files that would unpack into gigabytes are refused before they are read, in
Vietnamese, at every entry point."""

import io
import re
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from danvan.core import uploads
from danvan.documents.reading import UnreadableDocument, text_of
from danvan.reporting import exchange, workbook
from danvan.reporting.models import Report
from danvan.welfare.importer import TEMPLATE_HEADERS, TableError, read_table


def xlsx(rows: int = 3) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["DANH SÁCH HỘ NHẬN QUÀ"])
    sheet.append(TEMPLATE_HEADERS)
    for i in range(rows):
        sheet.append([f"Nguyễn Văn {i}", 1960, "Nam"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_sheet(content: bytes, change: "re.Pattern[bytes] | None", new: bytes) -> bytes:
    """The same workbook with its first sheet's XML changed (or, change=None, new appended
    before </worksheet>)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                if change is None:
                    data = data.replace(b"</worksheet>", new + b"</worksheet>")
                else:
                    data, count = change.subn(new, data)
                    assert count == 1
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


DIMENSION = re.compile(rb'<dimension ref="[^"]+"/>')


def whole_sheet_declared() -> bytes:
    # A1:XFD1048576: openpyxl would pad each of a million rows to 16.384 cells.
    return rewrite_sheet(xlsx(), DIMENSION, b'<dimension ref="A1:XFD1048576"/>')


def huge_merge() -> bytes:
    # One cell merged over 2.000 rows × 16.384 columns: the importer would fill 32 million.
    return rewrite_sheet(
        xlsx(), None, b'<mergeCells count="1"><mergeCell ref="A3:XFD2002"/></mergeCells>'
    )


def far_row() -> bytes:
    # No dimension, one row numbered 1.048.576: a million empty rows in between.
    content = rewrite_sheet(xlsx(), DIMENSION, b"")
    row = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return rewrite_sheet(content, re.compile(rb"</sheetData>"), row + b"</sheetData>")


def bomb() -> bytes:
    # 40 MB of spaces in a 40 KB file (the limit is lowered for the test; the default is 300 MB).
    padding = b" " * (40 * 1024 * 1024)
    return rewrite_sheet(xlsx(), re.compile(rb"</sheetData>"), b"</sheetData>" + padding)


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (whole_sheet_declared, "Trang tính khai báo 1.048.576 dòng (tối đa 200.000)"),
        (huge_merge, "Một vùng ô gộp trải 16.384 cột"),
        (far_row, "Tệp có 1.048.576 dòng (tối đa 200.000)"),
        (bomb, "Tệp giải nén ra quá lớn (40 MB; tối đa 10 MB)"),
    ],
)
def test_hostile_workbooks_are_refused_before_reading(
    make: object, said: str, settings: object
) -> None:
    settings.UPLOAD_MAX_UNPACKED_MB = 10  # type: ignore[attr-defined]
    assert callable(make)
    content = make()
    assert len(content) < 200_000
    tracemalloc.start()
    with pytest.raises(TableError) as refused:
        read_table(content, "ds.xlsx")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert said in str(refused.value)
    assert peak < 20 * 1024 * 1024  # refused on a few MB, not gigabytes
    # The data-value workbook and the Word reader refuse the same way.
    with pytest.raises(uploads.UploadRefused, match=re.escape(said)):
        workbook.read(content, Report())


def test_a_word_file_that_unpacks_too_far_is_refused(settings: object) -> None:
    settings.DOCUMENT_MAX_UNPACKED_MB = 5  # type: ignore[attr-defined]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr("word/document.xml", b"<w:document>" + b" " * (8 * 1024 * 1024))
    with pytest.raises(UnreadableDocument, match=r"giải nén ra quá lớn \(8 MB; tối đa 5 MB\)"):
        text_of(out.getvalue(), "bao-cao.docx")


def test_an_ordinary_workbook_passes_every_check() -> None:
    content = xlsx(rows=500)
    uploads.check_xlsx(content)
    assert len(read_table(content, "ds.xlsx").rows) == 500


def test_the_limits_are_settings(settings: object) -> None:
    settings.UPLOAD_MAX_ROWS = 100  # type: ignore[attr-defined]
    with pytest.raises(TableError, match=r"khai báo 152 dòng \(tối đa 100\)"):
        read_table(xlsx(rows=150), "ds.xlsx")
    with pytest.raises(ValueError, match=r"dòng \(tối đa 100\)"):
        exchange.read_rows(b"indicator,period\n" + b"a,b\n" * 150, "so-lieu.csv")


def test_a_csv_with_too_many_cells_is_refused_before_parsing(settings: object) -> None:
    settings.UPLOAD_MAX_CELLS = 1000  # type: ignore[attr-defined]
    wide = b"," * 5000 + b"\n"
    with pytest.raises(TableError, match=r"5.001 ô \(tối đa 1.000\)"):
        read_table(wide, "ds.csv")
    with pytest.raises(ValueError, match=r"ô \(tối đa 1.000\)"):
        exchange.read_rows(wide, "so-lieu.csv")


def test_a_file_over_the_size_limit_is_refused(settings: object) -> None:
    settings.UPLOAD_MAX_MB = 1  # type: ignore[attr-defined]
    big = b"a,b\n" * 600_000
    with pytest.raises(TableError, match=r"Tệp quá lớn \(2 MB; tối đa 1 MB\)"):
        read_table(big, "ds.csv")


@pytest.mark.django_db
def test_the_import_page_says_why_in_vietnamese(client: object, world: object) -> None:
    from danvan.conftest import World, make_org, make_user
    from danvan.orgs.models import OrgKind, RoleKind
    from danvan.welfare.models import Campaign, CampaignKind

    assert isinstance(world, World)
    district = world.commune_a_unit.parent
    assert district is not None
    campaign = Campaign.objects.create(
        name="Tết 2021",
        kind=CampaignKind.TET,
        starts="2021-01-15",
        ends="2021-02-11",
        organizer=make_org(OrgKind.FRONT, district),
        unit=district,
        target_groups=["ho-ngheo"],
    )
    women = make_org(OrgKind.WOMEN, world.commune_a_unit)
    officer = make_user("phunu_a", women, RoleKind.DATA_ENTRY)
    from django.test import Client

    browser = Client()
    browser.force_login(officer)
    response = browser.post(
        f"/cham-lo/{campaign.pk}/nhap/",
        {"giver": women.pk, "file": SimpleUploadedFile("ds.xlsx", whole_sheet_declared())},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "khai báo 1.048.576 dòng (tối đa 200.000)" in html, re.sub(r"\s+", " ", html)[-3000:]
    assert not campaign.batches.exists()

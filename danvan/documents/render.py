"""Rendering a `Document` to DOCX (python-docx) and to PDF (WeasyPrint).

Both use Times New Roman 14 pt on A4 with the margins of Vietnamese administrative documents
(top and bottom 2 cm, left 3 cm, right 1,5 cm). The DOCX names Times New Roman, which Word has.
The PDF embeds Tinos, the metric-compatible Times New Roman of the Croscore fonts, from the npm
package @fontsource/tinos that setup installs (package.json; `make install` runs npm): it has
every Vietnamese letter, and so does not depend on what fonts a server happens to have (the
system's Times substitute may be the old `fonts-liberation`, which lacks Ơ, Ư and the whole
U+1EA0–1EF9 block, or none, and then ổ, ế, ề, ả came out in DejaVu). Without it the PDF is
refused with a message saying what to install (pdf_problem), and the DOCX still works.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from danvan.dashboard.charts import data_url
from danvan.documents.layout import Block, Chart, Document, Part, Table

FONT = "Times New Roman"
BODY_PT = 14
# The package's stylesheets for the faces the document uses; within them, the Latin and the
# Vietnamese subsets, which between them hold every Vietnamese letter. Each subset becomes a
# family of its own ("Tinos Vietnamese", "Tinos Latin", listed in that order in the document's
# font-family): under one shared name WeasyPrint mixed up the two files' glyphs.
_FONT_STYLESHEETS = ("400.css", "700.css", "400-italic.css", "700-italic.css")
_FONT_SUBSET = re.compile(
    r"/\* tinos-(latin|vietnamese)-\d+-\w+ \*/\s*(@font-face\s*\{[^}]*\})", re.S
)


def to_docx(document: Document) -> bytes:
    """The document as a .docx file that opens in Word and LibreOffice."""
    docx = new_docx()
    section = docx.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    _set_font(docx.styles["Normal"], BODY_PT)
    docx.styles["Normal"].paragraph_format.space_after = Pt(0)
    docx.core_properties.title = f"{document.title} {document.subtitle}"
    docx.core_properties.author = document.issuer.title()
    docx.core_properties.language = "vi-VN"

    header = docx.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    header.autofit = False
    left, right = header.rows[0].cells
    left.width, right.width = Cm(7), Cm(9.5)
    _line(left, document.party_committee, size=14, first=True)
    _line(left, document.issuer, size=14, bold=True)
    _line(left, "*", size=14)
    _line(left, document.number, size=14)
    _line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True, first=True)
    _line(right, "")
    _line(right, document.date_line, size=14, italic=True)

    _centered(docx, "", BODY_PT)
    title = _centered(docx, document.title, 15, bold=True)
    title.paragraph_format.space_before = Pt(12)
    _centered(docx, document.subtitle, BODY_PT, bold=True)
    _centered(docx, "-----", BODY_PT).paragraph_format.space_after = Pt(12)

    for block in document.body:
        if isinstance(block, Chart):
            _chart(docx, block)
        elif isinstance(block, Table):
            _table(docx, block)
        else:
            _block(docx, block)

    _closing(docx, document)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _set_font(style: object, size: float) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.name = FONT
    font.size = Pt(size)
    # Word picks the East Asian and complex-script fonts separately; set them all.
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _line(
    cell: _Cell,
    text: str,
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    first: bool = False,
) -> Paragraph:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline
    return paragraph


def _centered(docx: object, text: str, size: float, *, bold: bool = False) -> Paragraph:
    paragraph = docx.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size, run.bold = Pt(size), bold
    return paragraph


def _block(docx: object, block: Block) -> None:
    paragraph = docx.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Cm(1)
    fmt.space_before, fmt.space_after = Pt(3), Pt(3)
    fmt.line_spacing = 1.15
    text = block.text
    if block.style == "bullet":
        text = "- " + text
    run = paragraph.add_run(text)
    run.bold = block.style in {"heading", "subheading"}
    run.italic = block.style == "quote"
    if block.style == "heading":
        fmt.space_before = Pt(9)


def _table(docx: object, table: Table) -> None:
    caption = docx.add_paragraph()  # type: ignore[attr-defined]
    caption.paragraph_format.space_before = Pt(6)
    caption.add_run(table.caption).bold = True
    grid = docx.add_table(rows=1, cols=len(table.columns))  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    for i, name in enumerate(table.columns):
        cell = grid.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(name)
        run.bold, run.font.size = True, Pt(12)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in table.rows:
        cells = grid.add_row().cells
        for i, value in enumerate(values):
            run = cells[i].paragraphs[0].add_run(value)
            run.font.size = Pt(12)
            if i in table.numeric:
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if table.widths:
        usable = 16.5  # cm between the margins
        for i, share in enumerate(table.widths):
            for cell in grid.columns[i].cells:
                cell.width = Cm(usable * share / 100)


def _chart(docx: object, chart: Chart) -> None:
    """The chart's picture (16,5 cm, the width between the margins) above its table."""
    if chart.png is not None:
        picture = docx.add_paragraph()  # type: ignore[attr-defined]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.space_before = Pt(6)
        picture.add_run().add_picture(io.BytesIO(chart.png), width=Cm(16.5))
    _table(docx, chart.table)


def _closing(docx: object, document: Document) -> None:
    docx.add_paragraph()  # type: ignore[attr-defined]
    closing = docx.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    closing.autofit = False
    left, right = closing.rows[0].cells
    left.width, right.width = Cm(8), Cm(8.5)
    heading = left.paragraphs[0]
    run = heading.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for recipient in document.recipients:
        run = left.add_paragraph().add_run(recipient)
        run.font.size = Pt(11)
    _line(right, document.signer_capacity, bold=True, first=True)
    for _ in range(4):
        _line(right, "")
    _line(right, document.signer_name or "", bold=True)


def to_html(document: Document) -> str:
    """The document as print-ready HTML (what WeasyPrint lays out)."""
    return render_to_string(
        "documents/document.html",
        {
            "doc": document,
            "blocks": [_html_block(b) for b in document.body],
            "font_faces": font_faces(),
        },
    )


def font_dir() -> Path:
    return Path(settings.PDF_FONT_DIR)


def font_faces() -> str:
    """@font-face rules for Tinos from the installed package, pointing at its files; "" when
    the package is not installed."""
    root = font_dir()
    rules = []
    for name in _FONT_STYLESHEETS:
        path = root / name
        if not path.is_file():
            return ""
        css = path.read_text(encoding="utf-8")
        for subset, rule in _FONT_SUBSET.findall(css):
            family = f"'Tinos {subset.capitalize()}'"
            rule = rule.replace("'Tinos'", family).replace("url(./", f"url({root.as_uri()}/")
            rules.append(rule)
    return "\n".join(rules)


def pdf_problem() -> str:
    """Why this server cannot make a correct PDF, in Vietnamese; "" when it can."""
    try:
        import weasyprint  # noqa: F401  (loads Pango)
    except OSError:
        return (
            "Máy chủ chưa cài thư viện Pango nên chưa xuất được PDF; hãy tải bản DOCX, hoặc "
            "nhờ quản trị cài: apt install libpango-1.0-0 libpangoft2-1.0-0."
        )
    if not font_faces():
        return (
            "Máy chủ chưa cài phông Tinos (tương thích Times New Roman, đủ dấu tiếng Việt) nên "
            "chưa xuất được PDF; hãy tải bản DOCX, hoặc nhờ quản trị chạy make install (cần "
            "npm) trong thư mục danvan."
        )
    return ""


def _html_block(block: Part) -> dict[str, object]:
    if isinstance(block, Chart):
        return {"chart": block, "image": data_url(block.svg), "table": block.table}
    if isinstance(block, Table):
        return {"table": block}
    return {"block": block}


class PdfUnavailable(RuntimeError):
    """The PDF engine cannot run on this server; the message says what to install."""


def to_pdf(document: Document) -> bytes:
    """The document as a PDF with Tinos (a metric-compatible Times New Roman) embedded."""
    problem = pdf_problem()
    if problem:
        raise PdfUnavailable(problem)
    from weasyprint import HTML

    pdf = HTML(string=to_html(document)).write_pdf()
    assert pdf is not None
    return pdf

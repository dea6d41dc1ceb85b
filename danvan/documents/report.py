"""The consolidated periodic report of a unit's subtree, as a document and an XLSX annex.

Figures come from `reporting.consolidation` (live, from the entered values) and are written
the officialese way (`danvan.vi.phrasing`); the narrative comes from the consolidating
organization's own report when it has written one (the "Nội dung" page), otherwise from the
reports of the units below, each under its organization's name.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from danvan.core.periods import Period
from danvan.dashboard import charts as drawing
from danvan.documents.layout import Block, Chart, Document, Part, Table
from danvan.documents.models import DocumentKind, DocumentTemplate, render_text
from danvan.geo.models import AdminUnit, Level, in_force
from danvan.orgs.models import Organization, OrgKind
from danvan.reporting import consolidation
from danvan.reporting.figures import BlocFigures, Reading, bloc_figures
from danvan.reporting.models import Indicator, Report, ReportForm, ValueType
from danvan.reporting.validation import show
from danvan.vi.phrasing import approx_quantity

# The seed article's sentence; the briefing document writes it too.
WELFARE_SENTENCE = """\
{% if f.qua_suat %}Công tác chăm lo đời sống cho người nghèo, gia đình chính sách, người có công \
được quan tâm với {{ f.qua_suat.approx }} quà{% if f.qua_tri_gia %} trị giá \
{{ f.qua_tri_gia.approx }}{% endif %}{% if f.gao_cuu_doi %}, {{ f.gao_cuu_doi.approx }} gạo hỗ \
trợ cứu đói{% endif %} đã được trao tặng đến các đối tượng.{% endif %}"""

DEFAULT_RESULTS = (
    """\
1. Công tác chăm lo đời sống nhân dân
"""
    + WELFARE_SENTENCE
    + """\
{% if f.nha_dai_doan_ket %} Xây mới, sửa chữa {{ f.nha_dai_doan_ket.approx }} nhà Đại đoàn \
kết.{% endif %}{% if f.quy_vi_nguoi_ngheo %} Vận động Quỹ “Vì người nghèo” được \
{{ f.quy_vi_nguoi_ngheo.approx }}.{% endif %}

2. Công tác tuyên truyền
{% if f.tt_buoi %}Cơ quan dân vận, mặt trận và các đoàn thể đã tổ chức {{ f.tt_buoi.approx }} \
tuyên truyền{% if f.tt_luot_nguoi %} với {{ f.tt_luot_nguoi.approx }} tham dự{% endif %}\
{% if f.tt_trong_diem %}, trong đó {{ f.tt_trong_diem.approx }} tại các địa bàn trọng \
điểm{% endif %}{% if f.tt_bau_cu %}; {{ f.tt_bau_cu.approx }} tuyên truyền về bầu cử\
{% endif %}.{% endif %}

3. Công tác chuẩn bị bầu cử
{% if f.bc_tien_do %}Tiến độ chuẩn bị bầu cử bình quân đạt {{ f.bc_tien_do.exact }}.{% endif %}

4. Công tác tập hợp quần chúng, hội viên
{% if f.hv_ket_nap %}Kết nạp mới {{ f.hv_ket_nap.approx }} vào các tổ chức hội, đoàn thể\
{% if f.hv_tong_so %}, nâng tổng số hội viên, đoàn viên lên {{ f.hv_tong_so.approx }}{% endif %}.\
{% endif %}

5. Tham gia giải quyết vụ việc nóng, phát sinh; bảo đảm an ninh trật tự ở cơ sở
{% if f.vv_tham_gia %}Tham gia giải quyết {{ f.vv_tham_gia.exact }} việc nóng, phát sinh\
{% if f.vv_giai_quyet %}, trong đó {{ f.vv_giai_quyet.exact }} đã giải quyết xong{% endif %}\
{% if f.hoa_giai_thanh %}; hòa giải thành {{ f.hoa_giai_thanh.exact }} việc ở cơ sở{% endif %}.\
{% endif %}

6. Công tác tham mưu, phối hợp
{% if f.tm_de_xuat %}Tham mưu, đề xuất cấp ủy, chính quyền {{ f.tm_de_xuat.exact }}.{% endif %}
"""
)

DEFAULT_RECIPIENTS: dict[str, list[str]] = {
    Level.PROVINCE: [
        "- Ban Dân vận Trung ương (b/c),",
        "- Thường trực Tỉnh ủy (b/c),",
        "- Các cơ quan trong khối dân vận tỉnh,",
        "- Ban Dân vận các huyện, thị, thành ủy,",
        "- Lưu Văn phòng.",
    ],
    Level.DISTRICT: [
        "- Ban Dân vận Tỉnh ủy (b/c),",
        "- Thường trực Huyện ủy (b/c),",
        "- Các cơ quan trong khối dân vận huyện,",
        "- Lưu Văn phòng.",
    ],
    Level.COMMUNE: [
        "- Ban Dân vận cấp ủy cấp trên (b/c),",
        "- Thường trực Đảng ủy (b/c),",
        "- Các đoàn thể trong khối dân vận,",
        "- Lưu.",
    ],
}

NARRATIVE_HEADINGS = [
    ("ket-qua", None),
    ("ton-tai", "II. TỒN TẠI, HẠN CHẾ"),
    ("phuong-huong", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ {next_period}"),
    ("de-xuat", "IV. ĐỀ XUẤT, KIẾN NGHỊ"),
]


@dataclass
class Phrased:
    """One consolidated figure, for templates: `approx` the officialese way, `exact` in full."""

    value: Decimal
    unit: str

    @property
    def approx(self) -> str:
        if self.unit in {"%", "có/không"}:
            return self.exact
        return approx_quantity(_exact_number(self.value), self.unit)

    @property
    def exact(self) -> str:
        if self.unit == "%":
            return f"{show(self.value)}%"
        return f"{show(self.value)} {self.unit}"

    def __bool__(self) -> bool:
        return bool(self.value)

    def __str__(self) -> str:
        return self.approx


def _exact_number(value: Decimal) -> int | Decimal:
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return int(normalized)
    return normalized


def unit_short(unit: AdminUnit) -> str:
    """ "Tỉnh Đắk Lắk" → "Đắk Lắk"; the name without its kind."""
    if unit.kind and unit.name.startswith(unit.kind + " "):
        return unit.name[len(unit.kind) + 1 :]
    return unit.name


def defaults(kind: str, unit: AdminUnit) -> DocumentTemplate:
    """The built-in wording for a unit, used where no administrator has written one."""
    short = unit_short(unit)
    kind_word = (unit.kind or "").upper()
    if unit.level == Level.PROVINCE:
        issuer, suffix, party = "BAN DÂN VẬN TỈNH ỦY", "-BC/BDVTU", f"ĐẢNG BỘ {kind_word}"
    elif unit.level == Level.DISTRICT:
        issuer, suffix, party = "BAN DÂN VẬN HUYỆN ỦY", "-BC/BDVHU", f"ĐẢNG BỘ {kind_word}"
    else:
        issuer, suffix, party = "KHỐI DÂN VẬN", "-BC/KDV", f"ĐẢNG BỘ {kind_word}"
    template = DocumentTemplate(
        kind=kind,
        party_committee=f"{party} {short.upper()}",
        issuer=issuer,
        number_suffix=suffix,
        place=short,
        results=DEFAULT_RESULTS,
        recipients="\n".join(DEFAULT_RECIPIENTS.get(unit.level, DEFAULT_RECIPIENTS[Level.COMMUNE])),
    )
    return template


def template_for(kind: str, unit: AdminUnit) -> DocumentTemplate:
    """The administrator's template of the nearest unit at or above `unit`, else the general
    one, else the built-in wording; blank fields fall back to the built-in ones."""
    ancestors = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    candidates = DocumentTemplate.objects.filter(kind=kind).filter(
        unit_id__in=ancestors
    ) | DocumentTemplate.objects.filter(kind=kind, unit__isnull=True)
    chosen = max(
        candidates.select_related("unit"),
        key=lambda t: len(t.unit.path) if t.unit is not None else 0,
        default=None,
    )
    built_in = defaults(kind, unit)
    if chosen is None:
        return built_in
    for name in (
        "party_committee",
        "issuer",
        "number_suffix",
        "place",
        "results",
        "recipients",
    ):
        if not getattr(chosen, name).strip():
            setattr(chosen, name, getattr(built_in, name))
    return chosen


def document_date(period: Period, form: ReportForm, today: dt.date | None = None) -> dt.date:
    """Today, while the report is being written; for a period long past, the day it was due."""
    today = today or timezone.localdate()
    due = period.end + dt.timedelta(days=form.due_days)
    return today if period.end < today <= due + dt.timedelta(days=60) else due


NUMBER_GAP = "\u00a0" * 8  # the clerk writes the number in by hand or on registration
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
ISSUER_NAMES = {
    "BAN DÂN VẬN TỈNH ỦY": "Ban Dân vận Tỉnh ủy",
    "BAN DÂN VẬN HUYỆN ỦY": "Ban Dân vận Huyện ủy",
    "BAN DÂN VẬN THÀNH ỦY": "Ban Dân vận Thành ủy",
    "KHỐI DÂN VẬN": "Khối dân vận",
}


def prose_label(period: Period) -> str:
    """A period as a sentence names it: "quý I năm 2021", "6 tháng đầu năm 2021"."""
    kind = period.type.value
    if kind == "quarter":
        return f"quý {_ROMAN[period.index]} năm {period.year}"
    if kind == "month":
        return f"tháng {period.index} năm {period.year}"
    return period.label[0].lower() + period.label[1:]


def template_words(
    period: Period, unit: AdminUnit, template: DocumentTemplate
) -> dict[str, object]:
    """The variables an administrator's template may use besides the figures."""
    return {
        "period": prose_label(period),
        "next_period": prose_label(period.next()),
        "area": f"{(unit.kind or '').lower()} {unit_short(unit)}".strip(),
        "issuer_name": ISSUER_NAMES.get(template.issuer.upper(), template.issuer.capitalize()),
    }


def source_blocks(bloc: BlocFigures) -> list[Block]:
    """Where the figures come from, and the indicators whose registers say otherwise."""
    comparisons = bloc.comparisons()
    if not comparisons:
        return []
    return [
        Block(
            "Số liệu trên tổng hợp từ báo cáo của các đơn vị. Các chỉ tiêu sau khác với số liệu "
            "được ghi chi tiết từng việc trên hệ thống (các sổ chỉ gồm những việc đã được ghi):"
        ),
        *[Block(text, "bullet") for text in comparisons],
    ]


def figures_context(result: consolidation.Consolidation) -> dict[str, Phrased]:
    figures = {}
    for indicator in result.indicators:
        value = result.value(indicator)
        if value is not None:
            figures[indicator.code.replace("-", "_")] = Phrased(value, indicator.unit)
    return figures


def paragraphs(text: str) -> list[Block]:
    """Blocks from a rendered template: paragraphs split on blank lines; a numbered line with
    no full stop ("1. Công tác …") is a subheading; a heading with nothing after it is dropped."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        for line in lines:
            if re.match(r"^\d+\.\s", line) and not line.endswith("."):
                blocks.append(Block(line, "subheading"))
            else:
                blocks.append(Block(line))
    return [
        b
        for i, b in enumerate(blocks)
        if b.style != "subheading" or (i + 1 < len(blocks) and blocks[i + 1].style == "paragraph")
    ]


def _renumber(blocks: list[Block]) -> list[Block]:
    """Subheadings numbered 1, 2, 3… after empty ones were dropped."""
    number = 0
    for block in blocks:
        if block.style == "subheading":
            number += 1
            block.text = re.sub(r"^\d+\.", f"{number}.", block.text)
    return blocks


def consolidating_organization(unit: AdminUnit) -> Organization | None:
    """The unit's mass-mobilization commission (else its Front), whose report is the unit's own."""
    organizations = Organization.objects.filter(admin_unit=unit)
    for kind in (OrgKind.COMMISSION, OrgKind.FRONT):
        found = organizations.filter(kind=kind).first()
        if found is not None:
            return found
    return None


def consolidated_report(
    form: ReportForm,
    period: Period,
    unit: AdminUnit,
    paths: list[str] | None = None,
    *,
    approved_only: bool = False,
    today: dt.date | None = None,
    charts: bool = False,
) -> Document:
    """The province's (or any unit's) report for `period`, from the reports under `paths`;
    with `charts` ("kèm biểu đồ"), the key figures drawn after the figures of section I."""
    paths = paths or [unit.path]
    template = template_for(DocumentKind.REPORT, unit)
    bloc = bloc_figures(form, period, paths, approved_only=approved_only)
    result = bloc.consolidation
    own_org = consolidating_organization(unit)
    own = (
        Report.objects.filter(form=form, organization=own_org, period=period.code).first()
        if own_org
        else None
    )
    compiled = consolidation.compile_narratives(
        form, period, paths, approved_only=approved_only, exclude_organization=own_org
    )
    words = template_words(period, unit, template)
    body: list[Part] = []
    intro = render_text(template.intro, words)
    if intro:
        body.append(Block(intro))
    body.append(Block("I. KẾT QUẢ ĐẠT ĐƯỢC", "heading"))
    results = render_text(template.results, {**words, "f": figures_context(result)})
    figures = _renumber(paragraphs(results))
    # The consolidator's own summary opens section I, as a report's general assessment does;
    # the units' texts, when there is no such summary, follow the figures.
    overview = _narrative("ket-qua", own, compiled)
    own_overview = bool(own and (own.narrative.get("ket-qua") or "").strip())
    if own_overview:
        body.extend(overview)
    body.extend(figures or [Block("(Chưa có số liệu trong các báo cáo.)", "quote")])
    body.extend(source_blocks(bloc))
    if charts:
        body.extend(figure_charts(form, period, unit, result, approved_only=approved_only))
    upper_next = str(words["next_period"]).upper()
    for code, heading in NARRATIVE_HEADINGS:
        text = _narrative(code, own, compiled)
        if code == "ket-qua" and own_overview:
            continue
        if heading is not None and not text:
            if code in {"ton-tai", "phuong-huong"}:
                body.append(Block(heading.format(next_period=upper_next), "heading"))
                body.append(Block("(Chưa có nội dung trong các báo cáo.)", "quote"))
            continue
        if heading is not None:
            body.append(Block(heading.format(next_period=upper_next), "heading"))
        body.extend(text)
    return letterhead(
        template,
        date=document_date(period, form, today),
        subtitle=render_text(template.subtitle, words),
        body=body,
        file_stem=f"bao-cao-{unit.code}-{period.code}",
    )


def letterhead(
    template: DocumentTemplate,
    *,
    date: dt.date,
    subtitle: str,
    body: Sequence[Part],
    file_stem: str,
) -> Document:
    """A document with the template's header block, recipients and signature around `body`."""
    return Document(
        party_committee=template.party_committee,
        issuer=template.issuer,
        number=f"Số{NUMBER_GAP}{template.number_suffix}",
        place=template.place,
        date=date,
        title=template.title,
        subtitle=subtitle,
        body=body,
        recipients=[r.strip() for r in template.recipients.splitlines() if r.strip()],
        signer_capacity=template.signer_capacity,
        signer_name=template.signer_name,
        file_stem=file_stem,
    )


CHARTED_BY_UNIT = 2  # key figures drawn by unit below; more would crowd the report


def figure_charts(
    form: ReportForm,
    period: Period,
    unit: AdminUnit,
    result: consolidation.Consolidation,
    *,
    approved_only: bool,
) -> list[Part]:
    """The charts of "kèm biểu đồ": the first figure with a breakdown by its options, and the
    first key figures that add up by the units just below (with the unit's own bodies, so the
    bars add up to the total), each above the table of what it draws. The numbers are those
    of the consolidation (`result`, `by_unit`), as in the annex."""
    parts: list[Part] = [Block("Biểu đồ một số chỉ tiêu chủ yếu", "subheading")]
    split = next(
        (i for i in result.indicators if result.options.get(i.pk) and result.value(i)), None
    )
    if split is not None:
        options = result.options[split.pk]
        values = [result.value(split, option) for option in options]
        name = f"{split.name} ({split.unit})"
        parts.append(
            _chart(
                f"{split.name} theo nhóm đối tượng",
                name,
                ["Nhóm đối tượng", name],
                [o.name for o in options],
                values,
            )
        )
    below = list(
        AdminUnit.objects.filter(parent=unit).filter(in_force(period.end)).order_by("sort_name")
    )
    summed = [
        i
        for i in result.indicators
        if i.aggregation == "sum" and i.value_type != ValueType.BOOLEAN and result.value(i)
    ][:CHARTED_BY_UNIT]
    if below and summed:
        per_unit = consolidation.by_unit(form, period, below, approved_only=approved_only)
        rows = [(child.name, child.pk) for child in below] + [(unit.own_bodies, unit.pk)]
        for indicator in summed:
            name = f"{indicator.name} ({indicator.unit})"
            parts.append(
                _chart(
                    f"{indicator.name} theo đơn vị",
                    name,
                    ["Đơn vị", name],
                    [label for label, _ in rows],
                    [per_unit.get(pk, {}).get(indicator.pk) for _, pk in rows],
                )
            )
    return parts if len(parts) > 1 else []


def _chart(
    title: str, series: str, columns: list[str], labels: list[str], values: list[Decimal | None]
) -> Chart:
    svg = drawing.bars_svg(title, labels, values, series)
    table = Table(
        caption=f"Bảng số liệu của biểu đồ: {title[0].lower()}{title[1:]}",
        columns=columns,
        rows=[
            [label, "—" if v is None else show(v)] for label, v in zip(labels, values, strict=True)
        ],
        numeric={1},
        widths=[70, 30],
    )
    return Chart(svg=svg, png=drawing.png(svg), table=table)


def _narrative(
    code: str, own: Report | None, compiled: list[consolidation.Compiled]
) -> list[Block]:
    own_text = (own.narrative.get(code) or "").strip() if own else ""
    if own_text:
        return [Block(line.strip()) for line in own_text.splitlines() if line.strip()]
    section = next((c for c in compiled if c.code == code), None)
    if section is None:
        return []
    blocks = []
    for report, text in section.entries:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines:
            blocks.append(Block(f"{report.organization.name}: {lines[0]}", "bullet"))
            blocks.extend(Block(line) for line in lines[1:])
    return blocks


# --- the XLSX annex -------------------------------------------------------------------------


def consolidated_annex(
    form: ReportForm,
    period: Period,
    unit: AdminUnit,
    paths: list[str] | None = None,
    *,
    approved_only: bool = False,
) -> bytes:
    """Phụ lục: the figures by organization kind, and by unit just below, with exact totals."""
    paths = paths or [unit.path]
    bloc = bloc_figures(form, period, paths, approved_only=approved_only, by_kind=True)
    result = bloc.consolidation
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Theo tổ chức"
    kinds = list(form.org_kinds)
    title = f"PHỤ LỤC SỐ LIỆU {form.name.upper()} — {period.label.upper()} — {unit.name.upper()}"
    _title(sheet, title, 4 + len(kinds))
    sheet.append(
        [
            "Chỉ tiêu",
            "Đơn vị tính",
            "Tổng (theo báo cáo)",
            *[OrgKind(k).label for k in kinds],
            "Sổ ghi trên hệ thống",
        ]
    )
    _bold_row(sheet, 2)
    for item in form.items.select_related("section", "indicator__category"):
        indicator = next(i for i in result.indicators if i.pk == item.indicator_id)
        options = [None, *result.options.get(indicator.pk, [])]
        for option in options:
            key = option if option is not None else consolidation.ANY
            label = f"   {option.name}" if option is not None else indicator.name
            sheet.append(
                [
                    label,
                    indicator.unit,
                    _cell(indicator, result.value(indicator, key)),
                    *[_cell(indicator, result.value(indicator, key, k)) for k in kinds],
                    "" if option is not None else _recorded(bloc[indicator.code].recorded),
                ]
            )
    sheet.append([])
    sheet.append([bloc.source])
    _widths(sheet, [52, 14, 18, *[16] * len(kinds), 34])

    below = list(
        AdminUnit.objects.filter(parent=unit).filter(in_force(period.end)).order_by("sort_name")
    )
    indicators = [i for i in result.indicators if i.value_type != ValueType.BOOLEAN]
    per_unit = consolidation.by_unit(form, period, below, approved_only=approved_only)
    units_sheet = book.create_sheet("Theo đơn vị")
    _title(units_sheet, title, 1 + len(indicators))
    units_sheet.append(["Đơn vị", *[f"{i.name} ({i.unit})" for i in indicators]])
    _bold_row(units_sheet, 2)
    # The unit's own organizations get a row, so that the rows add up to the total.
    rows = [(child.name, child) for child in below] + ([(unit.own_bodies, unit)] if below else [])
    for name, child in rows:
        row = per_unit.get(child.pk, {})
        units_sheet.append([name, *[_cell(i, row.get(i.pk)) for i in indicators]])
    if below:
        total_row: list[object] = ["Cộng"]
        for indicator in indicators:
            values = [per_unit.get(c.pk, {}).get(indicator.pk) for _, c in rows]
            present = [v for v in values if v is not None]
            summed = indicator.aggregation == "sum"
            total_row.append(
                _cell(indicator, sum(present, Decimal(0))) if summed and present else None
            )
        units_sheet.append(total_row)
        _bold_row(units_sheet, units_sheet.max_row)
    _widths(units_sheet, [34, *[18] * len(indicators)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _recorded(readings: list[Reading]) -> str:
    return "; ".join(f"{r.source}: {show(r.value)}" for r in readings)


def _cell(indicator: Indicator, value: Decimal | None) -> int | Decimal | None:
    if value is None:
        return None
    return _exact_number(value)


def _title(sheet: object, text: str, width: int) -> None:
    sheet.append([text])  # type: ignore[attr-defined]
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 1))  # type: ignore[attr-defined]
    sheet["A1"].font = Font(bold=True, size=13)  # type: ignore[index]
    sheet["A1"].alignment = Alignment(horizontal="center")  # type: ignore[index]


def _bold_row(sheet: object, row: int) -> None:
    for cell in sheet[row]:  # type: ignore[index]
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _widths(sheet: object, widths: list[int]) -> None:
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width  # type: ignore[attr-defined]

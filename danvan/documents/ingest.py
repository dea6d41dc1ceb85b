"""Reading a report written in Word: figures matched to the form's fields, text split into the
form's narrative sections. Nothing here saves anything; the officer confirms first.

A figure is matched to an entry cell (an indicator, or one option of its breakdown) when its
unit fits the indicator's unit (tấn fits kg, times 1.000) and the words around it cover the
indicator's name best: "trong đó 120 buổi tại các địa bàn trọng điểm" goes to "Buổi tuyên
truyền tại địa bàn trọng điểm", not to "Buổi tuyên truyền". Each cell takes at most one figure
and each figure goes to at most one cell. A total that fits an indicator with a breakdown but
names none of its options is shown apart, for the officer to divide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from danvan.reporting.models import Indicator, NarrativeSection, ValueType
from danvan.reporting.validation import EntryCell
from danvan.vi.figures import Figure, extract_figures, reading_text
from danvan.vi.text import fold

# Indicator unit → (figure unit, factor to the indicator's unit).
UNIT_FITS: dict[str, dict[str, Decimal]] = {
    "kg": {"kg": Decimal(1), "tấn": Decimal(1000)},
    "tấn": {"tấn": Decimal(1), "kg": Decimal("0.001")},
    "lượt người": {"lượt": Decimal(1), "người": Decimal(1)},
    "lượt": {"lượt": Decimal(1)},
    "văn bản": {"văn bản": Decimal(1)},
}
# Words that say nothing about which field a figure belongs to.
_STOP = {
    "va", "cac", "cua", "cho", "voi", "da", "duoc", "trong", "do", "la", "co", "nhung", "mot",
    "tai", "ve", "o", "den", "tu",
}  # fmt: skip
_CLAUSE = re.compile(r"[;.!?\n]|, (?=trong đó|trong số|gồm)")


@dataclass
class Suggestion:
    cell: EntryCell
    value: Decimal
    figure: Figure
    sentence: str

    @property
    def hedged(self) -> bool:
        return self.figure.qualifier != "exact"


@dataclass
class Reading:
    suggestions: list[Suggestion] = field(default_factory=list)
    undivided: list[tuple[Indicator, Figure, str]] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    figures: int = 0


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(text)) if w not in _STOP and not w.isdigit()}


def _sentence(text: str, figure: Figure) -> str:
    starts = [m.end() for m in re.finditer(r"[.!?\n]\s", text[: figure.start])]
    start = starts[-1] if starts else 0
    end_match = re.search(r"[.!?\n](?:\s|$)", text[figure.end :])
    end = figure.end + end_match.end() if end_match else len(text)
    return text[start:end].strip()


def _clause(text: str, figure: Figure) -> str:
    bounds = [m.end() for m in _CLAUSE.finditer(text[: figure.start])]
    start = bounds[-1] if bounds else 0
    end_match = _CLAUSE.search(text, figure.end)
    end = end_match.start() if end_match else len(text)
    return text[start:end]


def _likeness(name: set[str], around: set[str]) -> float:
    """How well the words around a figure name a field: the F1 of the shared words."""
    shared = len(name & around)
    if not shared:
        return 0.0
    coverage, precision = shared / len(name), shared / len(around)
    return 2 * coverage * precision / (coverage + precision)


def fit(indicator: Indicator, figure: Figure) -> Decimal | None:
    """The figure in the indicator's unit, or None when the units do not fit."""
    if indicator.value_type == ValueType.BOOLEAN or figure.per is not None:
        return None
    factors = UNIT_FITS.get(indicator.unit, {indicator.unit: Decimal(1)})
    factor = factors.get(figure.unit)
    if factor is None:
        return None
    value = Decimal(figure.value) * factor
    if indicator.is_whole:
        if value != value.to_integral_value():
            return None
        value = value.quantize(Decimal(1))
    return value


def read_report_text(
    text: str, cells: list[EntryCell], narratives: list[NarrativeSection]
) -> Reading:
    """Suggestions for `cells` from the figures of `text`, and its narrative sections."""
    reading = Reading(sections=split_sections(text, narratives))
    figures = extract_figures(text)
    reading.figures = len(figures)
    # Offsets in figures refer to the text as extract_figures read it.
    plain = reading_text(text)
    scored: list[tuple[float, int, int, Decimal]] = []
    indicators = {c.indicator.pk: c.indicator for c in cells}
    for f_index, figure in enumerate(figures):
        around = _words(_clause(plain, figure))
        for c_index, cell in enumerate(cells):
            value = fit(cell.indicator, figure)
            if value is None:
                continue
            score = _likeness(_words(cell.indicator.name), around)
            if cell.option is not None:
                option = _words(cell.option.name)
                if not option or not option <= around:
                    continue
                score += 1
            if score > 0:
                scored.append((score, f_index, c_index, value))
    taken_figures: set[int] = set()
    taken_cells: set[int] = set()
    for _coverage, f_index, c_index, value in sorted(scored, key=lambda s: (-s[0], s[1])):
        if f_index in taken_figures or c_index in taken_cells:
            continue
        taken_figures.add(f_index)
        taken_cells.add(c_index)
        figure = figures[f_index]
        reading.suggestions.append(
            Suggestion(cells[c_index], value, figure, _sentence(plain, figure))
        )
    placed = {s.cell.indicator.pk for s in reading.suggestions}
    for f_index, figure in enumerate(figures):
        if f_index in taken_figures:
            continue
        for indicator in indicators.values():
            if indicator.category_id and indicator.pk not in placed:
                value = fit(indicator, figure)
                name = _words(indicator.name)
                if value is not None and name & _words(_clause(plain, figure)):
                    reading.undivided.append((indicator, figure, _sentence(plain, figure)))
                    placed.add(indicator.pk)
                    break
    order = {c.name: i for i, c in enumerate(cells)}
    reading.suggestions.sort(key=lambda s: order[s.cell.name])
    return reading


def split_sections(text: str, narratives: list[NarrativeSection]) -> dict[str, str]:
    """The text under each narrative section's heading. A heading is a short line naming the
    section ("II. TỒN TẠI, HẠN CHẾ"); text before the first heading is the document's own
    header and is dropped. With no heading at all, the whole text is the first section."""
    lines = [line.strip() for line in text.splitlines()]
    keys = [(section.code, _words(section.title)) for section in narratives]
    current: str | None = None
    found: dict[str, list[str]] = {}
    for line in lines:
        heading = _heading_of(line, keys)
        if heading is not None:
            current = heading
            found.setdefault(current, [])
            continue
        if current is not None and line:
            found[current].append(line)
    if not found and narratives:
        body = "\n".join(line for line in lines if line)
        return {narratives[0].code: body} if body else {}
    return {code: "\n".join(body) for code, body in found.items() if body}


def _heading_of(line: str, keys: list[tuple[str, set[str]]]) -> str | None:
    if not line or len(line) > 90 or line.endswith((".", ";", ",")):
        return None
    words = _words(re.sub(r"^[IVXLC\d]+[.)/]\s*", "", line))
    best, best_share = None, 0.0
    for code, title in keys:
        if not title:
            continue
        share = len(title & words) / len(title)
        if share > best_share:
            best, best_share = code, share
    return best if best_share >= 0.6 else None

"""Measuring `extract_figures` on labelled sentences.

Each set holds one sentence a line with its source, its date and the figures FIGURES.md says it
holds. A predicted figure is paired with the labelled figure whose span it overlaps; for each
field, precision is the share of predicted figures whose field is right, recall the share of
labelled figures found with that field right, and F1 their harmonic mean. Two summary checks
count a figure right only when several fields are: `value+max` (value and, for a range,
value_max) and `unit/item` (unit and item).

The sets: `figures-labelled.jsonl`, the first 80 sentences; `figures-dev.jsonl`, sentences the
reader is developed on; `figures-dev2.jsonl`, a second development set written kind by kind of
mistake (ranges, rates, N/M, units and items, money by context, lists, hedges, clock times and
names, and sentences with no figure), to show whether a change is general;
`figures-dev3.jsonl`, a third development set, labelled before the reader was run on it, on what
lowers recall (lists after a colon, abbreviations of persons, money named by the context, counters
and measures, figures in parentheses, ordinals, vague quantities); `figures-dev4.jsonl`, a
fourth, labelled before the reader was run on it, on the extent of items in text the lexicon
does not know (compound nouns after classifiers, containers and measures, a noun and its
describing word, coordinated nouns, bare counter nouns, persons, bases of rates that are
compounds); `figures-dev5.jsonl`, a fifth, labelled before the reader was run on it, in the style
of provincial mass-mobilization reports on what still sets units and items wrong (compounds
after containers, describing words, abbreviations of persons, rates and ranges, lists after
colons, and elections, ethnic affairs, trade unions, digital transformation, environment);
`figures-dev6.jsonl`, a sixth, labelled before the reader was run on it, on the breadth of the
vocabulary of items (crops, livestock, machines, materials, school, medical and household goods,
food, works, records, digital services, environment, groups of people); `figures-dev7.jsonl`, a
seventh, labelled before the reader was run on it, on item vocabulary none of the earlier sets
has (goods of daily life, farm inputs, building materials, school things, medical supplies,
fishing gear, machines, digital devices, records, public works, containers, groups of people);
`figures-dev8.jsonl` and `figures-dev8-check.jsonl`, an eighth, of sentences each modelled on
a real sentence of a provincial or mass-organization news page (reworded, names and numbers
changed), labelled before the reader was run on them and split two to one: the twelfth round
was developed on the first and read only the aggregate scores of the second, to see whether
its changes carried; `figures-dev9.jsonl` and `figures-dev9-check.jsonl`, a ninth, made the
same way on four themes (aid and welfare; movements, new rural areas and farming; politics,
elections and security; health, education, culture and jobs) by four writers, three times the
size of any earlier one, split two to one at random for the thirteenth round in the same way;
`figures-dev10.jsonl` and `figures-dev10-check.jsonl`, a tenth, made the same way for the
fourteenth round on four other themes (report-style summaries; supervision, land and
grassroots democracy; disasters, environment and ethnic and border areas; unions, workers and
the groups of people the mass organizations serve);
`figures-heldback.jsonl`, sentences labelled by hand before the reader was changed for them and
never used to tune it; `figures-heldback2.jsonl`, a second such set, labelled and committed
after the first one's mistakes had been read, and used for development since 12/2026, when
its mistakes were read (see the README for how the sets were kept apart);
`figures-heldback3.jsonl`, a third, labelled from FIGURES.md alone by someone who never read
or ran the reader, and used for development since the fifth round, when its mistakes were
read; `figures-heldback4.jsonl`, a fourth, labelled the same way and committed
before any further change to the reader, and used for development since the sixth round,
when its mistakes were read (its labels that broke `LABELLING.md` changed to it, as in the
other sets); `figures-heldback5.jsonl`, a fifth, labelled from FIGURES.md and `LABELLING.md`
alone by someone who never read or ran the reader, while the reader's sixth round was made by
someone who never saw it; `figures-heldback6.jsonl`, a sixth, labelled the same way from
`LABELLING.md` as corrected in the sixth round, while the seventh round was made;
`figures-heldback7.jsonl`, a seventh, labelled the same way and reviewed by a second labeller
(who also never ran the reader), while the eighth round was made by someone who never saw it;
`figures-heldback8.jsonl`, an eighth, labelled the same way (one labeller, no second reading)
while the eleventh round was made by someone who never saw it; `figures-heldback9.jsonl`, a
ninth, of sentences each modelled on a real sentence of a provincial or mass-organization news
page (reworded, names and numbers changed), labelled by two labellers independently (they
agreed on units and items at F1 0,995; the three figures they differed on settled by
LABELLING.md), neither of whom ever read or ran the reader; `figures-heldback10.jsonl`, a
tenth, made the same way by two other labellers (agreeing at 0,997), while the twelfth round
was made by people who never saw it or the ninth; `figures-heldback11.jsonl`, an eleventh, made
the same way by two more labellers (agreeing at 0,996) while the thirteenth round was made by
people who never saw it or any other held-back set (its first 191 sentences each follow one real
sentence, the rest the style of the sites read; 60 sentences close to a sentence of an earlier
set were taken out before it was first scored); `figures-heldback12.jsonl`, a twelfth, every
sentence of it following one real sentence, made the same way at the same time by two others
(agreeing at 0,969 on units and items; each of the eleven figures they read differently settled
by LABELLING.md; 93 sentences close to an earlier set's taken out before it was first scored).
Labels follow `FIGURES.md` and, where it leaves a choice, `data/LABELLING.md`: e.g. a rate's
`per` is the first base written after the number (`1,5 triệu đồng/người/tháng` is per
`người`), else the `mỗi X` of its clause.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from danvan.vi.figures import extract_figures

DATA = Path(__file__).with_name("data")
LABELLED = DATA / "figures-labelled.jsonl"
DEVELOPMENT = DATA / "figures-dev.jsonl"
DEVELOPMENT_2 = DATA / "figures-dev2.jsonl"
DEVELOPMENT_3 = DATA / "figures-dev3.jsonl"
DEVELOPMENT_4 = DATA / "figures-dev4.jsonl"
DEVELOPMENT_5 = DATA / "figures-dev5.jsonl"
DEVELOPMENT_6 = DATA / "figures-dev6.jsonl"
DEVELOPMENT_7 = DATA / "figures-dev7.jsonl"
DEVELOPMENT_8 = DATA / "figures-dev8.jsonl"
DEVELOPMENT_8_CHECK = DATA / "figures-dev8-check.jsonl"
DEVELOPMENT_9 = DATA / "figures-dev9.jsonl"
DEVELOPMENT_9_CHECK = DATA / "figures-dev9-check.jsonl"
DEVELOPMENT_10 = DATA / "figures-dev10.jsonl"
DEVELOPMENT_10_CHECK = DATA / "figures-dev10-check.jsonl"
HELD_BACK = DATA / "figures-heldback.jsonl"
HELD_BACK_2 = DATA / "figures-heldback2.jsonl"
HELD_BACK_3 = DATA / "figures-heldback3.jsonl"
HELD_BACK_4 = DATA / "figures-heldback4.jsonl"
HELD_BACK_5 = DATA / "figures-heldback5.jsonl"
HELD_BACK_6 = DATA / "figures-heldback6.jsonl"
HELD_BACK_7 = DATA / "figures-heldback7.jsonl"
HELD_BACK_8 = DATA / "figures-heldback8.jsonl"
HELD_BACK_9 = DATA / "figures-heldback9.jsonl"
HELD_BACK_10 = DATA / "figures-heldback10.jsonl"
HELD_BACK_11 = DATA / "figures-heldback11.jsonl"
HELD_BACK_12 = DATA / "figures-heldback12.jsonl"
FIELDS = ("surface", "value", "value_max", "unit", "item", "qualifier", "per")
# Checks that need several fields right at once.
COMBINED = {"value+max": ("value", "value_max"), "unit/item": ("unit", "item")}


def load_labelled(path: Path = LABELLED) -> list[dict[str, object]]:
    """The labelled sentences, each a dict with `source`, `date`, `text` and `figures`."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@dataclass
class Score:
    predicted: int = 0
    labelled: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    both: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COMBINED, 0))

    def _count(self, name: str) -> int:
        return self.both[name] if name in COMBINED else self.right[name]

    def precision(self, name: str) -> float:
        """Share of predicted figures with `name` right (a field, or a COMBINED check)."""
        return self._count(name) / self.predicted if self.predicted else 1.0

    def recall(self, name: str) -> float:
        """Share of labelled figures found with `name` right."""
        return self._count(name) / self.labelled if self.labelled else 1.0

    def f1(self, name: str) -> float:
        precision, recall = self.precision(name), self.recall(name)
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def as_json(self) -> dict[str, object]:
        def scores(name: str) -> dict[str, float]:
            return {
                "precision": round(self.precision(name), 4),
                "recall": round(self.recall(name), 4),
                "f1": round(self.f1(name), 4),
            }

        return {
            "sentences_figures_labelled": self.labelled,
            "figures_predicted": self.predicted,
            "summary": {name: scores(name) for name in COMBINED},
            "fields": {name: scores(name) for name in FIELDS},
        }


def _span(text: str, surface: str, after: int) -> tuple[int, int]:
    start = text.find(surface, after)
    if start < 0:
        start = text.find(surface)
    return start, start + len(surface)


def evaluate(rows: Iterable[dict[str, object]]) -> tuple[Score, list[str]]:
    """Per-field precision and recall over `rows`, and one line per mistake, for reading."""
    score, mistakes = Score(), list[str]()
    for row in rows:
        text = str(row["text"])
        predicted = [figure.as_json() for figure in extract_figures(text)]
        _score_sentence(score, mistakes, text, _figures(row), predicted)
    return score, mistakes


def agreement(
    rows: Iterable[dict[str, object]], others: Iterable[dict[str, object]]
) -> tuple[Score, list[str]]:
    """How a second labelling of the same sentences scores against `rows` taken as right: the
    same measure as `evaluate`, with the other labeller in the reader's place. It says how far
    two careful people following LABELLING.md agree, the ceiling a reader can be judged by."""
    score, mistakes = Score(), list[str]()
    for row, other in zip(rows, others, strict=True):
        text = str(row["text"])
        if str(other["text"]) != text:
            raise ValueError(f"Hai bộ nhãn không cùng câu: {text[:60]!r}")
        _score_sentence(score, mistakes, text, _figures(row), _figures(other))
    return score, mistakes


def _figures(row: dict[str, object]) -> list[dict[str, object]]:
    return list(row["figures"])  # type: ignore[call-overload]


def _score_sentence(
    score: Score,
    mistakes: list[str],
    text: str,
    gold: list[dict[str, object]],
    predicted: list[dict[str, object]],
) -> None:
    score.labelled += len(gold)
    score.predicted += len(predicted)
    spans, cursor = [], 0
    for figure in gold:
        spans.append(_span(text, str(figure["surface"]), cursor))
        cursor = spans[-1][1]
    used: set[int] = set()
    cursor = 0
    for figure in predicted:
        start, end = _span(text, str(figure["surface"]), cursor)
        cursor = end
        match = next(
            (i for i, (s, e) in enumerate(spans) if i not in used and s < end and start < e),
            None,
        )
        if match is None:
            mistakes.append(f"thừa: {figure['surface']!r} trong {text[:60]!r}")
            continue
        used.add(match)
        for name, fields in COMBINED.items():
            if all(figure.get(f) == gold[match].get(f) for f in fields):
                score.both[name] += 1
        for name in FIELDS:
            if figure.get(name) == gold[match].get(name):
                score.right[name] += 1
            else:
                mistakes.append(
                    f"{name}: {figure.get(name)!r} ≠ {gold[match].get(name)!r} "
                    f"({gold[match]['surface']!r})"
                )
    for i, figure in enumerate(gold):
        if i not in used:
            mistakes.append(f"sót: {figure['surface']!r} trong {text[:60]!r}")

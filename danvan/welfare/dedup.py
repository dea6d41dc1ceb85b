"""Finding the rows of a list, or of the registry, that are the same household.

It knows Vietnamese: names are compared after NFC, Đ/Ð, case and spacing are made one, and with
tone placement ("Hoá"/"Hóa") not mattering; a name typed without diacritics still agrees with
the accented one, but "Hoa" and "Hòa" written in full are different names. Name order does not
matter ("Hùng Nguyễn Văn"). Each name word weighs by how rare it is in the data (Nguyễn, Thị and
Văn say little; "Khuê" says a lot), the way Fellegi–Sunter term-frequency adjustments do.

Pairs are only compared inside blocks (same commune with the same given name and birth year,
or the same surname and given name, or the same words in any order, …, or the same CCCD or
phone anywhere), so a million rows take seconds, not a trillion comparisons.

The score of a pair is a sum of log2 likelihood ratios with its reasons in Vietnamese; pairs at
or above MATCH are the same household. Groups are formed by joining matched pairs, but never so
as to put two different valid CCCD numbers in one group.

No Django here: `danvan households dedup FILE` and the benchmark use it on plain rows.
"""

import gc
import math
import multiprocessing
import os
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from rapidfuzz.distance import OSA

from danvan.vi.text import fold, name_key

MATCH = 6.0  # score at which two rows are the same household
REVIEW = 3.0  # score from which a pair is shown to a person
PRIOR = -3.0  # log2 odds that two rows of one block are one household, before any evidence
PARALLEL_FROM = 50_000  # rows from which the work is shared over the cores
MAX_BLOCK = 300  # larger blocks (a very common key) add nothing the other keys do not
_NOT_DIGIT = re.compile(r"\D")


@dataclass(slots=True)
class Person:
    """One row of a list: what a household's head is recorded with."""

    id: int
    name: str
    birth_year: int | None = None
    sex: str = ""
    national_id: str = ""
    phone: str = ""
    commune: str = ""
    village: str = ""


@dataclass(slots=True)
class _Row:
    person: Person
    folded: list[str]  # name words, no diacritics
    ordered: tuple[str, ...]  # the same, sorted: name order does not matter
    keyed: list[str]  # name words with letters and tone, placement-free
    accented: bool  # whether the name was typed with diacritics at all
    commune: str
    village: str
    phone: str
    national_id: str


@dataclass
class Match:
    first: int
    second: int
    score: float
    reasons: list[str] = field(default_factory=list)


def _phone(raw: str) -> str:
    digits = raw if raw.isdigit() else _NOT_DIGIT.sub("", raw or "")
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if len(digits) >= 9 else ""


@lru_cache(maxsize=1 << 18)
def _name_parts(name: str) -> tuple[list[str], list[str], bool]:
    """Folded words, keyed words, and whether any diacritic was typed (names repeat a lot)."""
    folded = fold(name)
    return folded.split(), name_key(name).split(), folded != name.lower().strip()


_fold = lru_cache(maxsize=1 << 16)(fold)  # communes and villages repeat even more


def _prepare(person: Person) -> _Row:
    folded, keyed, accented = _name_parts(person.name)
    return _Row(
        person=person,
        folded=folded,
        ordered=tuple(sorted(folded)),
        keyed=keyed,
        accented=accented,
        commune=_fold(person.commune),
        village=_fold(person.village),
        phone=_phone(person.phone),
        national_id=person.national_id
        if person.national_id.isdigit() or not person.national_id
        else _NOT_DIGIT.sub("", person.national_id),
    )


def _split(x: tuple[str, ...], y: tuple[str, ...]) -> tuple[list[str], list[str], list[str]]:
    """Words only in x, only in y, and in both, of two sorted word tuples."""
    only_x: list[str] = []
    only_y: list[str] = []
    shared: list[str] = []
    i = j = 0
    while i < len(x) and j < len(y):
        if x[i] == y[j]:
            shared.append(x[i])
            i += 1
            j += 1
        elif x[i] < y[j]:
            only_x.append(x[i])
            i += 1
        else:
            only_y.append(y[j])
            j += 1
    only_x.extend(x[i:])
    only_y.extend(y[j:])
    return only_x, only_y, shared


def _one_typo(x: str, y: str) -> bool:
    """One letter dropped, added, changed or two swapped (two for long words)."""
    return OSA.distance(x, y) <= (2 if min(len(x), len(y)) >= 6 else 1)


def _tones_clash(a: _Row, b: _Row) -> int:
    """For two names equal without diacritics: 0 if they agree (or one was typed without any
    diacritics at all), 2 if a word carries different diacritics ("Hòa"/"Hóa"), 1 if a word is
    bare on one side only, in a name otherwise accented ("Hoa"/"Hòa": maybe a lost mark, maybe
    another name — for a person to look at)."""
    if not (a.accented and b.accented):
        return 0
    left = dict(zip(a.folded, a.keyed, strict=False))
    worst = 0
    for folded, keyed in zip(b.folded, b.keyed, strict=False):
        other = left.get(folded)
        if other is None or other == keyed:
            continue
        if other == folded + "0" or keyed == folded + "0":
            worst = max(worst, 1)
        else:
            return 2
    return worst


def _cards_clash(left: set[str], right: set[str]) -> bool:
    for x in left:
        for y in right:
            if len(x) != len(y) or sum(p != q for p, q in zip(x, y, strict=True)) > 1:
                return True
    return False


_SHARED: "Deduplicator | None" = None


def _run_part(threshold: float, part: int, parts: int) -> list[Match]:
    assert _SHARED is not None
    gc.disable()  # a short-lived worker: collection would only walk the shared rows
    return _SHARED._part_matches(threshold, part, parts)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Millions of small objects and no cycles: the cyclic collector would only slow it down."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _commune_blocks(row: _Row) -> Iterable[tuple[object, ...]]:
    words = row.folded
    if words:
        surname, given = words[0], words[-1]
        year = row.person.birth_year
        c = row.commune
        yield ("g", c, given, year)
        yield ("sg", c, surname, given)
        yield ("w", c, row.ordered)
        yield ("vy", c, row.village, year, surname)
        yield ("ym", c, year, tuple(sorted(words[:-1])))


class Deduplicator:
    """Scores and groups a set of rows. Build once, then ask for matches and groups."""

    def __init__(self, people: Iterable[Person]):
        with _no_gc():
            self.rows = [_prepare(p) for p in people]
        counts: Counter[str] = Counter()
        for row in self.rows:
            counts.update(row.folded)
        total = max(sum(counts.values()), 1)
        # log2 of how unlikely two random people share a name word: Nguyễn ≈ 1, a rare given
        # name ≈ 10.
        self.weights = {w: min(math.log2(total / n), 12.0) for w, n in counts.items()}

    def weight(self, word: str) -> float:
        return self.weights.get(word, 12.0)

    def candidate_pairs(self, part: int = 0, parts: int = 1) -> set[tuple[int, int]]:
        """Pairs of row indexes that share a block. With `parts` > 1, only the blocks of one
        part: those of a share of the communes, and (part 0) the CCCD and phone blocks."""
        blocks: dict[tuple[object, ...], list[int]] = defaultdict(list)
        part_of: dict[str, int] = {}
        for index, row in enumerate(self.rows):
            if parts > 1:
                mine = part_of.get(row.commune)
                if mine is None:
                    mine = part_of[row.commune] = zlib.crc32(row.commune.encode()) % parts
            if parts == 1 or mine == part:
                for key in _commune_blocks(row):
                    blocks[key].append(index)
            if part == 0:
                if row.national_id:
                    blocks[("id", row.national_id)].append(index)
                if row.phone:
                    blocks[("ph", row.phone)].append(index)
        pairs: set[tuple[int, int]] = set()
        for members in blocks.values():
            if 1 < len(members) <= MAX_BLOCK:
                pairs.update(combinations(members, 2))
        return pairs

    def score(self, i: int, j: int) -> tuple[float, list[str]]:
        a, b = self.rows[i], self.rows[j]
        score = PRIOR
        reasons: list[str] = []
        score += self._name(a, b, reasons)
        pa, pb = a.person, b.person
        if pa.birth_year and pb.birth_year:
            gap = abs(pa.birth_year - pb.birth_year)
            if gap == 0:
                score += 3.5
                reasons.append(f"cùng năm sinh {pa.birth_year}")
            elif gap == 1:
                score += 0.5
                reasons.append("năm sinh lệch 1 năm")
            else:
                score -= 6
                reasons.append(f"năm sinh khác ({pa.birth_year}, {pb.birth_year})")
        if pa.sex and pb.sex and pa.sex != pb.sex:
            score -= 5
            reasons.append("khác giới tính")
        if a.national_id and b.national_id:
            if a.national_id == b.national_id:
                score += 15
                reasons.append("trùng số CCCD")
            elif len(a.national_id) == len(b.national_id) and (
                sum(x != y for x, y in zip(a.national_id, b.national_id, strict=True)) == 1
            ):
                score += 5
                reasons.append("số CCCD chỉ khác 1 chữ số")
            else:
                score -= 12
                reasons.append("số CCCD khác nhau")
        if a.phone and b.phone:
            if a.phone == b.phone:
                score += 8
                reasons.append("trùng số điện thoại")
            else:
                score -= 1
        if a.commune != b.commune:
            score -= 2
            reasons.append("khác xã")
        elif a.village and b.village:
            if a.village == b.village:
                score += 1.5
                reasons.append("cùng thôn")
            else:
                score -= 2.5
                reasons.append("khác thôn")
        return score, reasons

    def _name(self, a: _Row, b: _Row, reasons: list[str]) -> float:
        if not a.folded or not b.folded:
            return 0.0
        if a.ordered == b.ordered:
            weight = min(sum(self.weight(w) for w in a.folded) * 0.6, 18.0)
            clash = _tones_clash(a, b)
            if clash == 2:
                reasons.append("tên giống khi bỏ dấu nhưng khác dấu")
                return weight * 0.3 - 4
            if clash == 1:
                reasons.append("một chữ trong tên thiếu dấu")
                return weight * 0.5 - 2
            order = "" if a.folded == b.folded else " (đảo thứ tự)"
            reasons.append(f"trùng họ tên{order}")
            return weight
        only_a, only_b, shared = _split(a.ordered, b.ordered)
        if len(only_a) == len(only_b) == 1 and _one_typo(only_a[0], only_b[0]):
            weight = sum(self.weight(w) for w in shared)
            reasons.append(f"họ tên chỉ khác một chữ ({only_a[0]} / {only_b[0]}), có thể gõ sai")
            return min(weight * 0.6, 12.0) + 1.0
        if a.folded[-1] == b.folded[-1]:
            reasons.append("trùng tên, khác họ hoặc tên đệm")
            return self.weight(a.folded[-1]) * 0.4 - 4
        reasons.append("họ tên khác")
        return -8.0

    def matches(self, threshold: float = MATCH, workers: int | None = None) -> list[Match]:
        """Every candidate pair scoring at least `threshold`, with its reasons. A large set is
        shared out over the machine's cores (forked processes that only read)."""
        if workers is None:
            workers = (os.cpu_count() or 1) if len(self.rows) >= PARALLEL_FROM else 1
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            with _no_gc():
                found = self._part_matches(threshold, 0, 1)
        else:
            global _SHARED
            _SHARED = self
            gc.freeze()  # the forked workers then leave the shared rows' pages alone
            try:
                with multiprocessing.get_context("fork").Pool(workers) as pool:
                    parts = pool.starmap(
                        _run_part, [(threshold, part, workers) for part in range(workers)]
                    )
            finally:
                _SHARED = None
                gc.unfreeze()
            unique = {(m.first, m.second): m for part in parts for m in part}
            found = list(unique.values())
        return found

    def _part_matches(self, threshold: float, part: int, parts: int) -> list[Match]:
        found = []
        for i, j in self.candidate_pairs(part, parts):
            score, reasons = self.score(i, j)
            if score >= threshold:
                first, second = self.rows[i].person.id, self.rows[j].person.id
                found.append(Match(first, second, round(score, 2), reasons))
        return found

    def clusters(self, matches: list[Match] | None = None) -> list[list[int]]:
        """Groups of two or more rows that are one household, by person id, strongest links
        first; a link that would join two clearly different CCCD numbers is left out (numbers
        one digit apart are taken for a typo)."""
        if matches is None:
            matches = self.matches()
        with _no_gc():
            return self._clusters(matches)

    def _clusters(self, matches: list[Match]) -> list[list[int]]:
        # Only rows in some match can be in a group.
        card_of = {row.person.id: row.national_id for row in self.rows}
        parent: dict[int, int] = {}
        cards: dict[int, set[str]] = {}
        for match in matches:
            for pid in (match.first, match.second):
                if pid not in parent:
                    parent[pid] = pid
                    cid = card_of[pid]
                    cards[pid] = {cid} if len(cid) in {9, 12} else set()

        def root(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for match in sorted(matches, key=lambda m: -m.score):  # strongest links first
            ra, rb = root(match.first), root(match.second)
            if ra == rb or _cards_clash(cards[ra], cards[rb]):
                continue
            parent[rb] = ra
            cards[ra] |= cards[rb]
        groups: dict[int, list[int]] = defaultdict(list)
        for pid in parent:
            groups[root(pid)].append(pid)
        return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])

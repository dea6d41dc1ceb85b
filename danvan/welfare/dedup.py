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

from danvan.vi.text import fold, name_key, village_key

MATCH = 6.0  # score at which two rows are the same household
REVIEW = 3.0  # score from which a pair is shown to a person
PRIOR = -3.0  # log2 odds that two rows of one block are one household, before any evidence
VILLAGE_DIFFERS = 2.5  # what a different village costs when the list cannot tell (see below)
_OTHER_NAME = -8.0  # what two different names add to a score
PARALLEL_FROM = 50_000  # rows from which the work is shared over the cores
MAX_BLOCK = 300  # larger blocks (a very common key) add nothing the other keys do not
_NOT_DIGIT = re.compile(r"\D")


def percent(score: float) -> float:
    """The score on the scale a reviewer reads: how likely, 0–100 %, two rows are one
    household. A score is log2 of the odds, so 0 is 50 %, MATCH (6) is 98,5 %, REVIEW (3) is
    88,9 %; one decimal, and never 100 % (nothing is certain) nor 0 %."""
    chance = 100 / (1 + 2 ** -max(min(score, 60.0), -60.0))
    return min(max(round(chance, 1), 0.1), 99.9)


def percent_text(score: float) -> str:
    """percent() written the Vietnamese way: "98,5%"."""
    return f"{percent(score):.1f}".replace(".", ",") + "%"


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


_INITIAL_DOT = re.compile(r"(?<=\w)\.(?=\s|\w|$)")


@lru_cache(maxsize=1 << 18)
def _name_parts(name: str) -> tuple[list[str], list[str], bool]:
    """Folded words, keyed words, and whether any diacritic was typed (names repeat a lot).
    A middle name cut to its initial ("Nguyễn T. Hoa") keeps the letter."""
    name = _INITIAL_DOT.sub(" ", name)
    folded = fold(name)
    return folded.split(), name_key(name).split(), folded != name.lower().strip()


_fold = lru_cache(maxsize=1 << 16)(fold)  # communes and villages repeat even more
_village = lru_cache(maxsize=1 << 16)(village_key)  # "TDP 3" and "Tổ dân phố 3" are one


def _prepare(person: Person) -> _Row:
    folded, keyed, accented = _name_parts(person.name)
    return _Row(
        person=person,
        folded=folded,
        ordered=tuple(sorted(folded)),
        keyed=keyed,
        accented=accented,
        commune=_fold(person.commune),
        village=_village(person.village),
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


def card_slip(x: str, y: str) -> str:
    """How two different ID numbers may be one typed twice: "digit" (one digit wrong), "swap"
    (two neighbouring digits swapped), "dropped" (one digit left out: an 11-digit CCCD), or ""
    when they are different numbers."""
    if len(x) == len(y):
        wrong = [i for i in range(len(x)) if x[i] != y[i]]
        if len(wrong) == 1:
            return "digit"
        if len(wrong) == 2 and len(x) == 12 and wrong[0] >= 6 and wrong[1] != wrong[0] + 1:
            return "two"  # two typed copies of one number, each with its own slip
        if (
            len(wrong) == 2
            and wrong[1] == wrong[0] + 1
            and x[wrong[0]] == y[wrong[1]]
            and (x[wrong[1]] == y[wrong[0]])
        ):
            return "swap"
        return ""
    short, long = (x, y) if len(x) < len(y) else (y, x)
    if len(long) - len(short) != 1:
        return ""
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return "dropped" if short[i:] == long[i + 1 :] else ""


_SLIP_REASONS = {
    "digit": "số CCCD chỉ khác 1 chữ số",
    "swap": "số CCCD có hai chữ số đảo chỗ",
    "dropped": "số CCCD thiếu một chữ số",
    "two": "số CCCD khác 2 chữ số",
}
_SLIP_WEIGHTS = {"digit": 5.0, "swap": 8.0, "dropped": 8.0, "two": -2.0}


def _cards_clash(left: set[str], right: set[str]) -> bool:
    return any(x != y and not card_slip(x, y) for x in left for y in right)


def _middle_only(x: list[str], y: list[str]) -> str:
    """Why two names with the same surname and given name may be one, though their middle
    names differ: one left it out ("Nguyễn Hoa"), or cut it to its initial ("Nguyễn T. Hoa");
    "" when neither."""
    if len(x) < 2 or len(y) < 2 or x[0] != y[0] or x[-1] != y[-1]:
        return ""
    mx, my = x[1:-1], y[1:-1]
    if not mx or not my:
        return "thiếu tên đệm" if mx or my else ""
    if len(mx) == len(my) and all(
        p == q or (len(p) == 1 and q[0] == p) or (len(q) == 1 and p[0] == q)
        for p, q in zip(mx, my, strict=True)
    ):
        return "tên đệm viết tắt"
    return ""


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
        # One village's households are few: its surnames and given names are blocks of a
        # handful, which find a typo and a birth year off by one together.
        yield ("vs", c, row.village, surname)
        yield ("vg", c, row.village, given)
        yield ("ym", c, year, tuple(sorted(words[:-1])))
        # Any two words of the name and the year: a typo and swapped parts at once.
        if len(words) >= 3:
            for pair in combinations(row.ordered, 2):
                yield ("p", c, year, pair)


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
        self.village_differs = self._village_penalty()

    def _village_penalty(self) -> float:
        """What a different village takes off a score, learnt from the list itself the way
        Fellegi–Sunter's m-probabilities are: rows with one 12-digit CCCD are one person, and
        how often their villages differ is how often one household's village is written
        differently (or it moved). Lists whose officers agree on villages make a different
        village strong evidence; lists where households move make it weak."""
        by_card: dict[str, list[str]] = defaultdict(list)
        for row in self.rows:
            if len(row.national_id) == 12 and row.village:
                by_card[row.national_id].append(row.village)
        same = differ = 0
        for villages in by_card.values():
            if 1 < len(villages) <= 5:
                for x, y in combinations(villages, 2):
                    same += x == y
                    differ += x != y
        if same + differ < 30:
            return VILLAGE_DIFFERS
        # Two households of one commune are in different villages about 14 times in 15.
        m = (differ + 0.5) / (same + differ + 1)
        return min(max(-math.log2(m / (14 / 15)), 1.5), 8.0)

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
                # A set: a name with a repeated word ("Nguyễn Văn Văn") gives one key twice,
                # and a row must not be paired with itself.
                for key in set(_commune_blocks(row)):
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
        name = self._name(a, b, reasons)
        pa, pb = a.person, b.person
        if name == _OTHER_NAME and self._spouse(a, b):
            return MATCH + 0.5, [
                "trùng số điện thoại",
                "cùng thôn",
                "khác họ tên và giới tính: có thể chủ hộ đã đổi sang vợ hoặc chồng",
            ]
        score += name
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
            slip = "" if a.national_id == b.national_id else card_slip(a.national_id, b.national_id)
            if a.national_id == b.national_id:
                score += 15
                reasons.append("trùng số CCCD")
            elif slip:
                score += _SLIP_WEIGHTS[slip]
                reasons.append(_SLIP_REASONS[slip])
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
                score -= self.village_differs
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
        middle = _middle_only(a.folded, b.folded)
        if middle:
            weight = self.weight(a.folded[0]) + self.weight(a.folded[-1])
            reasons.append(middle)
            return min(weight * 0.6, 12.0) - 0.5
        if a.folded[-1] == b.folded[-1]:
            reasons.append("trùng tên, khác họ hoặc tên đệm")
            return self.weight(a.folded[-1]) * 0.4 - 4
        reasons.append("họ tên khác")
        return _OTHER_NAME

    @staticmethod
    def _spouse(a: _Row, b: _Row) -> bool:
        """Two rows under different names that are one household whose head changed: husband
        and wife share the household's phone and village, and are of different sexes."""
        pa, pb = a.person, b.person
        return bool(
            a.phone
            and a.phone == b.phone
            and a.commune == b.commune
            and (a.village == b.village or not a.village or not b.village)
            and pa.sex
            and pb.sex
            and pa.sex != pb.sex
            and not (a.national_id and b.national_id)
            and not (pa.birth_year and pb.birth_year and abs(pa.birth_year - pb.birth_year) > 15)
        )

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
                    cards[pid] = {cid} if len(cid) in {9, 11, 12} else set()

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

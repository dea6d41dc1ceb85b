"""Vietnamese text: normalization, accent-insensitive folding and alphabetical sort keys."""

import functools
import re
import unicodedata

# "Ð" (U+00D0, Icelandic eth) and "Đ" (U+0110) look the same and both turn up in typed data.
_D_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ", "ɖ": "đ"})
_SPACES = re.compile(r"\s+")

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Combining marks that make a new letter (ă, â, ơ…) as opposed to tone marks.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tones in dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def normalize(text: str) -> str:
    """NFC, one kind of Đ, single spaces, no leading or trailing space."""
    text = unicodedata.normalize("NFC", text or "").translate(_D_LOOKALIKES)
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Accent- and case-insensitive key for search: "Đắk  Lắk" → "dak lak"."""
    text = normalize(text).replace("Đ", "D").replace("đ", "d")
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn"
    )
    return stripped.lower()


SortKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]


def sort_key(text: str) -> SortKey:
    """A key that sorts names in Vietnamese dictionary order.

    Letters compare first (a < ă < â < b … d < đ …), then tones letter by letter (ngang < huyền
    < hỏi < ngã < sắc < nặng), then case (lower before upper). Spaces and punctuation sort before
    digits, digits before letters, letters of other scripts last: "An Giang" < "Ăn Uống" <
    "Ân Thi"; "ca" < "cà" < "cả" < "cã" < "cá" < "cạ".
    """
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    cases: list[int] = []
    for ch in normalize(text):
        rank, tone, case = _char_key(ch)
        primary.append(rank)
        tones.append(tone)
        cases.append(case)
    return tuple(primary), tuple(tones), tuple(cases)


@functools.lru_cache(maxsize=4096)
def _char_key(ch: str) -> tuple[tuple[int, int], int, int]:
    """One character's letter rank, tone and case (remembered: a list of 100.000 names is
    written with a few hundred characters)."""
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0]
    letter_marks = "".join(m for m in decomposed[1:] if m in _LETTER_MARKS)
    tone = next((_TONE_RANK[m] for m in decomposed[1:] if m in _TONE_RANK), 0)
    letter = unicodedata.normalize("NFC", base + letter_marks)
    lower = letter.lower()
    if lower in _LETTER_RANK:
        rank = (3, _LETTER_RANK[lower])
    elif lower.isdigit():
        rank = (2, ord(lower))
    elif lower.isalpha():
        rank = (4, ord(lower))
    else:
        rank = (1, ord(lower))
    return rank, tone, 0 if letter == lower else 1


def collation_key(text: str) -> str:
    """sort_key as a string of hex digits, for ORDER BY in any database under any collation.

    Each character's letter takes five hex digits, then "0" ends the letters (so "ca" < "cab"),
    then one digit per tone, "0", and one digit per case. Strings compare as their sort_keys do.
    """
    primary, tones, cases = sort_key(text)
    letters = "".join(f"{group:x}{min(value, 0xFFFF):04x}" for group, value in primary)
    return f"{letters}0{''.join(map(str, tones))}0{''.join(map(str, cases))}"


def name_key(text: str) -> str:
    """A key under which spellings of one name agree: case, spacing, NFC/NFD, Ð for Đ, and old
    or new tone placement ("Hoá" and "Hóa", "Thuỷ" and "Thủy") do not matter; the letters and
    the tone of each word do. Each word becomes its toneless letters plus a tone digit:
    "Nguyễn  Thị Hoá" → "nguyen3 thi0 hoa4" (the letters keep ư, ơ, â…: "Đường" → "đương1").
    """
    words = []
    for word in normalize(text).lower().split(" "):
        tone = 0
        letters = []
        for ch in unicodedata.normalize("NFD", word):
            if ch in _TONE_RANK:
                tone = _TONE_RANK[ch]
            else:
                letters.append(ch)
        if letters:
            words.append(unicodedata.normalize("NFC", "".join(letters)) + str(tone))
    return " ".join(words)


_VILLAGE_PUNCT = re.compile(r"[^\w\s]")
_LETTERS_THEN_DIGITS = re.compile(r"(?<=[a-z])(?=\d)")
# Words that say what kind of place follows: thôn, buôn, bon, tổ dân phố, khối, ấp, xóm…
_VILLAGE_KINDS = {"thon", "th", "t", "buon", "b", "bon", "tdp", "to", "dp", "khoi", "ap", "xom",
                  "khu", "so", "lang", "plei", "pl"}  # fmt: skip
_NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6,
                 "bay": 7, "tam": 8, "chin": 9, "muoi": 10}  # fmt: skip


def village_key(text: str) -> str:
    """A key under which the ways officers write one village agree: "Tổ dân phố 3", "TDP 03",
    "Tổ 3" → "3"; "Thôn 3", "thôn Ba", "Th.3", "T3" → "3"; "Buôn Ea Kmát", "Ea Kmat",
    "B. EaKmát" → "eakmat". The kind of place is left out: one commune does not have a thôn 3
    and a tổ 3."""
    folded = _VILLAGE_PUNCT.sub(" ", fold(text).replace("to dan pho", "tdp"))
    words = _LETTERS_THEN_DIGITS.sub(" ", folded).split()
    while len(words) > 1 and words[0] in _VILLAGE_KINDS:
        words = words[1:]
    if words and all(w in _NUMBER_WORDS for w in words):
        number = 0
        for word in words:  # "muoi mot" = 11, "hai muoi" = 20, "ba" = 3
            value = _NUMBER_WORDS[word]
            number = number * 10 if value == 10 and number else number + value
        return str(number)
    return "".join(str(int(w)) if w.isdigit() else w for w in words)

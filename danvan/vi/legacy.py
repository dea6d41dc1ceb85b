"""Text typed in the legacy Vietnamese encodings TCVN3 (ABC, .VnTime fonts) and VNI (VNI-Times
fonts), as it turns up in old Excel files: read as Windows-1252 it looks like "NguyÔn" or
"Nguyeãn". `detect` tells which one a sample is in; `to_unicode` converts.

The tables below are written from the encodings' definitions (TCVN 5712:1993 for TCVN3; the
VNI-Windows layout for VNI).
"""

import re
import unicodedata

# TCVN3: one byte per letter; capitals with a tone have no code (the ".VnTimeH" fonts draw the
# lowercase codes as capitals), so those come out lowercase.
_TCVN3 = {
    "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
    "¨": "ă", "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
    "©": "â", "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
    "®": "đ",
    "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
    "ª": "ê", "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
    "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
    "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
    "«": "ô", "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
    "¬": "ơ", "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
    "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "\u00ad": "ư", "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
    "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
}  # fmt: skip

# VNI: a base letter followed by a mark byte. The marks differ by the vowel's own diacritic.
_PLAIN_TONES = {"ø": "\u0300", "ù": "\u0301", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_CIRCUMFLEX_TONES = {"à": "\u0300", "á": "\u0301", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_BREVE_TONES = {"è": "\u0300", "é": "\u0301", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# Single bytes that are whole letters in VNI.
_VNI_LETTERS = {
    "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ô": "ơ", "ö": "ư", "ñ": "đ",
    "Ì": "Ì", "Í": "Í", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ", "Ô": "Ơ", "Ö": "Ư", "Ñ": "Đ",
}  # fmt: skip
# Letter pairs that spell nothing in Vietnamese but are how VNI writes ê, ô, ă and their tones.
_VNI_PAIRS = re.compile("[aeAE][àáåãäâÀÁÅÃÄÂ]|[aA][êèéúüëÊÈÉÚÜË]|[oO][âÂ]")

# Bytes that never occur in Unicode Vietnamese text: seeing them tells the encoding.
_TCVN3_ONLY = set("µ¶·¸¹¨¼½¾©®ª¬§¡¢£¤¥¦×Þß÷þ\u00ad")  # not « », quotation marks
_VNI_ONLY = set("øûïöñåäëüæîØÛÏÖÑÅÄËÜÆÎ")


def detect(sample: str) -> str:
    """ "tcvn3", "vni" or "unicode" for a sample of text (the more text, the surer)."""
    tcvn3 = sum(1 for ch in sample if ch in _TCVN3_ONLY)
    vni = sum(1 for ch in sample if ch in _VNI_ONLY) + len(_VNI_PAIRS.findall(sample))
    if not tcvn3 and not vni:
        return "unicode"
    return "tcvn3" if tcvn3 >= vni else "vni"


def tcvn3_to_unicode(text: str) -> str:
    converted = "".join(_TCVN3.get(ch, ch) for ch in text)
    # Typed in capitals: TCVN3 has no code for a capital with a tone, so those letters came out
    # lowercase ("NGUYÔN" → "NGUYễN"). A text whose plain letters are all capitals is capitals;
    # otherwise each word whose plain letters are.
    if _mostly_upper(converted):
        return converted.upper()
    return " ".join(word.upper() if _mostly_upper(word) else word for word in converted.split(" "))


def _mostly_upper(word: str) -> bool:
    ascii_letters = [ch for ch in word if ch.isascii() and ch.isalpha()]
    return len(ascii_letters) >= 2 and all(ch.isupper() for ch in ascii_letters)


def vni_to_unicode(text: str) -> str:
    out: list[str] = []
    for ch in text:
        lower = ch.lower()
        previous = out[-1] if out else ""
        decomposed = unicodedata.normalize("NFD", previous)
        base, marks = decomposed[:1].lower(), decomposed[1:]
        if previous and base in "aeiouy" and not any(m in _TONES for m in marks):
            add = _vni_marks(lower, base, marks)
            if add is not None:
                out[-1] = unicodedata.normalize("NFC", previous + add)
                continue
        out.append(_VNI_LETTERS.get(ch, ch))
    return "".join(out)


_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}


def _vni_marks(mark: str, base: str, marks: str) -> str | None:
    """The combining marks a VNI mark byte adds to the vowel before it, None if it adds none."""
    bare = not marks
    if mark == "â" and bare and base in "aeo":
        return "\u0302"
    if mark == "ê" and bare and base == "a":
        return "\u0306"
    if mark in _CIRCUMFLEX_TONES and base in "aeo" and marks in {"", "\u0302"}:
        return "\u0302" * bare + _CIRCUMFLEX_TONES[mark]
    if mark in _BREVE_TONES and base == "a" and marks in {"", "\u0306"}:
        return "\u0306" * bare + _BREVE_TONES[mark]
    if mark in _PLAIN_TONES:
        return _PLAIN_TONES[mark]
    return None


def to_unicode(text: str, encoding: str) -> str:
    if encoding == "tcvn3":
        return unicodedata.normalize("NFC", tcvn3_to_unicode(text))
    if encoding == "vni":
        return unicodedata.normalize("NFC", vni_to_unicode(text))
    return text


# Reading one cell at a time. A template with Unicode headers, filled by copying from an old
# document, holds Unicode, TCVN3 and VNI side by side, even within one column, so a cell is
# read by itself: each reading is judged by whether it spells Vietnamese.

ENCODINGS = ("unicode", "tcvn3", "vni")
# TCVN3 and VNI are one-byte encodings read as Windows-1252: their text never holds a character
# outside Latin-1 except Windows-1252's own 0x80–0x9F ones. Unicode Vietnamese nearly always does
# (ă, đ, ơ, ư, ạ, ế…), and then the cell is Unicode for certain.
_BEYOND_LEGACY = re.compile("[^\u0000-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                            "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
                            "\u2039\u203a\u20ac\u2122]")  # fmt: skip
_BASE_VOWELS = "aăâeêioôơuưy"
_VIETNAMESE = set(
    unicodedata.normalize("NFC", base + tone).upper()
    if upper
    else unicodedata.normalize("NFC", base + tone)
    for base in _BASE_VOWELS
    for tone in ["", *sorted(_TONES)]
    for upper in (False, True)
) | set("đĐ")
# Vowel groups a Vietnamese syllable can have (tones left out); "gi" and "qu" count their i/u.
_NUCLEI = {
    *["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"],
    *[
        "ai",
        "ao",
        "au",
        "ay",
        "âu",
        "ây",
        "eo",
        "êu",
        "ia",
        "iê",
        "iu",
        "oa",
        "oă",
        "oe",
        "oi",
        "ôi",
        "ơi",
        "ua",
        "uâ",
        "uê",
        "ui",
        "uô",
        "uơ",
        "uy",
        "ưa",
        "ưi",
        "ươ",
        "ưu",
        "yê",
    ],
    *[
        "iêu",
        "yêu",
        "oai",
        "oao",
        "oay",
        "oeo",
        "uây",
        "uôi",
        "ươi",
        "ươu",
        "uya",
        "uyê",
        "uyu",
        "uơi",
        "uai",
        "uay",
        "uao",
        "ya",
    ],
}
_WORD = re.compile(r"[^\W\d_]+")
_VOWEL_RUN = re.compile(f"[{_BASE_VOWELS}]+")


def implausibility(text: str) -> int:
    """How far `text` is from spelling Vietnamese: characters that are not Vietnamese letters
    (nor ASCII), words with two tone marks, vowel groups no syllable has. 0 for good text."""
    bad = sum(1 for ch in text if not ch.isascii() and ch not in _VIETNAMESE and ch.isalpha())
    bad += sum(1 for ch in text if not ch.isascii() and not ch.isalpha())  # ©, ®, «, µ…
    for word in _WORD.findall(text.lower()):
        if word.isascii():
            continue
        decomposed = unicodedata.normalize("NFD", word)
        if sum(1 for ch in decomposed if ch in _TONES) > 1:
            bad += 1
        letters = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
        bad += sum(1 for run in _VOWEL_RUN.findall(letters) if run not in _NUCLEI)
        bad += _tone_misplaced(unicodedata.normalize("NFC", decomposed))
    return bad


_FALLING_PAIRS = {"ai", "ao", "au", "ay", "eo", "ia", "iu", "oi", "ua", "ui"}


def _tone_misplaced(word: str) -> int:
    """1 if a word ending in a pair such as "ai", "eo", "ua" carries its tone on the second
    vowel ("leõ", which is how TCVN3 reads VNI's "Lê"), where Vietnamese never puts it; "gi"
    and "qu" open a syllable ("giá", "quà")."""
    if word[:2] in {"gi", "qu"} and len(word) > 2:
        word = word[2:]
    tail = word[-2:]
    if len(tail) < 2:
        return 0
    first, second = (unicodedata.normalize("NFD", ch) for ch in tail)
    pair = first[:1] + second[:1]
    return int(pair in _FALLING_PAIRS and len(first) == 1 and second[1:2] in _TONES)


def read_cell(text: str, prior: str = "unicode") -> tuple[str, str]:
    """One cell's text in Unicode, and the encoding it was read in: "unicode", "tcvn3" or
    "vni", or "" when every reading spells Vietnamese equally well and they differ ("Tè" is
    Unicode "Tè" or TCVN3 "Tố"): then `prior` (the column's encoding) decides the text."""
    if text.isascii() or _BEYOND_LEGACY.search(text):
        return text, "unicode"
    readings = {"unicode": text, "tcvn3": to_unicode(text, "tcvn3"),
                "vni": to_unicode(text, "vni")}  # fmt: skip
    marks = {name: implausibility(reading) for name, reading in readings.items()}
    best = min(marks.values())
    winners = [name for name in ENCODINGS if marks[name] == best]
    if len({readings[name] for name in winners}) == 1:
        return readings[winners[0]], winners[0]
    return readings[prior if prior in winners else winners[0]], ""

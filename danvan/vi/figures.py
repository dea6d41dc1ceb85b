"""Reading figures out of Vietnamese prose, as `shared/FIGURES.md` specifies.

`extract_figures(text)` returns every figure of a text in order; `parse_figure(text)` the one
figure of a short phrase. A figure is a number that counts or measures something: a number
with a unit (a counter noun, a measure, `%`, money by context). Dates, years, ordinals,
document numbers, names with digits, the span of the reported period and ages are not
figures; a bare number with no unit is not one either, unless a list shares the unit of its
last member ("xã A: 120; xã B: 95 hội viên").

The reader works on words, not grammar: it knows the hedge words, scale words, units and
the common items of mass-mobilization reports, and reads the few words around a number to
decide what it is. It does not need Django.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import asdict, dataclass
from decimal import Decimal

from danvan.vi.text import normalize

Number = int | Decimal


@dataclass(frozen=True)
class Figure:
    """One figure, with the keys FIGURES.md defines; `start`/`end` locate `surface`."""

    surface: str
    value: Number
    unit: str
    item: str | None = None
    qualifier: str = "exact"
    per: str | None = None
    value_max: Number | None = None
    start: int = 0
    end: int = 0

    def as_json(self) -> dict[str, object]:
        """The figure as FIGURES.md prints it (value_max only for ranges, numbers exact)."""
        data = asdict(self)
        del data["start"], data["end"]
        if self.qualifier != "range":
            del data["value_max"]
        for key in ("value", "value_max"):
            if key in data:
                data[key] = json_number(data[key])
        return data


def json_number(value: Number | None) -> int | float | None:
    """An int stays an int; a Decimal becomes the shortest float that prints the same."""
    if value is None or isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# ---------------------------------------------------------------------------------------------
# Lexicon

_SCALES = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}

_SPELLED = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}

# (words as written, canonical unit, item implied by the unit words or None). Longest first.
_UNIT_PHRASES: list[tuple[str, str, str | None]] = [
    ("suất học bổng", "suất", "học bổng"),
    ("suất quà", "suất", "quà"),
    ("phần quà", "suất", "quà"),
    ("phần học bổng", "suất", "học bổng"),
    ("suất", "suất", None),
    ("phần", "suất", None),
    ("món quà", "suất", "quà"),
    ("đồng", "đồng", None),
    ("vnđ", "đồng", None),
    ("vnd", "đồng", None),
    ("đ", "đồng", None),
    ("tấn", "tấn", None),
    ("kg", "kg", None),
    ("ki-lô-gam", "kg", None),
    ("kilôgam", "kg", None),
    ("héc-ta", "ha", None),
    ("hécta", "ha", None),
    ("hecta", "ha", None),
    ("ha", "ha", None),
    ("m2", "m2", None),
    ("m²", "m2", None),
    ("lượt", "lượt", None),
    ("buổi", "buổi", None),
    ("cuộc", "cuộc", None),
    ("vụ việc", "vụ", "vụ việc"),
    ("vụ", "vụ", None),
    ("việc", "vụ", "việc"),
    ("căn hộ", "căn", "căn hộ"),
    ("căn", "căn", None),
    ("ngôi nhà", "căn", "nhà"),
    ("nhà đại đoàn kết", "căn", "nhà đại đoàn kết"),
    ("nhà tình nghĩa", "căn", "nhà tình nghĩa"),
    ("nhà tình thương", "căn", "nhà tình thương"),
    ("nhà ở", "căn", "nhà ở"),
    ("nhà", "căn", "nhà"),
    ("%", "%", None),
    ("ngày công", "ngày công", None),
    ("trường hợp", "trường hợp", None),
    ("văn bản", "văn bản", None),
    ("tổ chức", "tổ chức", None),
    ("đơn vị", "đơn vị", None),
    ("công trình", "công trình", None),
    ("mô hình", "mô hình", None),
    ("câu lạc bộ", "câu lạc bộ", None),
    ("tổ dân phố", "tổ dân phố", None),
    ("em học sinh", "người", "học sinh"),
    ("giờ", "giờ", None),
    ("phút", "phút", None),
    ("lít", "lít", None),
]

# Nouns that count persons: the unit is `người` and the item keeps the noun.
_PERSONS = [
    "người dân",
    "người nghèo",
    "người có công",
    "người cao tuổi",
    "người khuyết tật",
    "người lao động",
    "người",
    "hội viên",
    "đoàn viên",
    "cử tri",
    "nhân khẩu",
    "học sinh",
    "sinh viên",
    "em",
    "cháu",
    "đại biểu",
    "thanh niên",
    "tình nguyện viên",
    "công nhân",
    "lao động",
    "phụ nữ",
    "nông dân",
    "cựu chiến binh",
    "trẻ em",
    "trẻ",
    "đồng chí",
    "cán bộ",
    "đảng viên",
    "thí sinh",
    "bệnh nhân",
    "y bác sĩ",
    "chức sắc",
    "tín đồ",
    "già làng",
    "người uy tín",
    "người có uy tín",
]

_HOUSEHOLDS = [
    "hộ gia đình",
    "hộ nghèo",
    "hộ cận nghèo",
    "hộ dân",
    "hộ đồng bào",
    "hộ chính sách",
    "hộ",
]

# Counter nouns written as the unit: `xã`, `thôn`… (a number after a place noun is a name).
_COUNTERS = [
    "xã",
    "phường",
    "thị trấn",
    "thôn",
    "buôn",
    "bon",
    "tổ",
    "chi hội",
    "cơ sở",
    "huyện",
    "chiếc",
    "bộ",
    "con",
    "cây",
    "cái",
    "bao",
    "thùng",
    "tờ",
    "cuốn",
    "quyển",
    "lớp",
    "đợt",
    "hội nghị",
    "tin",
    "bài",
    "bài viết",
    "tin bài",
    "phóng sự",
    "khẩu hiệu",
    "băng rôn",
    "pa nô",
    "tờ rơi",
    "thẻ",
    "xe",
    "tuyến",
    "điểm",
    "gia đình",
    "đoàn",
    "lần",
    "tỉnh",
    "thành phố",
    "dân tộc",
    "tôn giáo",
    "cơ quan",
    "doanh nghiệp",
    "hợp tác xã",
    "trường",
    "cuộc họp",
    "địa phương",
    "khu vực",
    "khu dân cư",
    "quận",
    "km",
    "lá",
    "chuyến",
    "ngày",
    "tháng",
    "năm",
    "tuần",
    "kiến nghị",
    "ý kiến",
    "đơn",
    "gói",
    "chai",
    "hộp",
    "túi",
    "ô",
    "đầu",
]

# Items that follow a unit word (`tấn gạo`, `suất quà`, `lượt người`), longest first.
_ITEMS = [
    "quà tết",
    "quà",
    "gạo",
    "thóc",
    "lương thực",
    "học bổng",
    "tiền mặt",
    "nhà đại đoàn kết",
    "nhà tình nghĩa",
    "nhà tình thương",
    "nhà ở",
    "nhà",
    "tuyên truyền",
    "tham gia",
    "người tham gia",
    "người dự",
    "người",
    "cán bộ",
    "hội viên",
    "đoàn viên",
    "cử tri",
    "khẩu trang",
    "bò",
    "heo",
    "lợn",
    "gà",
    "dê",
    "phân bón",
    "cây giống",
    "cà phê",
    "giống",
    "mì",
    "đường",
    "sữa",
    "dầu ăn",
    "nước mắm",
    "bánh chưng",
    "áo ấm",
    "chăn",
    "xe đạp",
    "sách vở",
    "đất",
    "rừng",
    "lúa",
    "hộ nghèo",
    "hộ",
    "xã",
]

_PER_WORDS = [
    "suất",
    "phần",
    "hộ",
    "người",
    "năm",
    "tháng",
    "tuần",
    "ngày",
    "buổi",
    "xã",
    "thôn",
    "em",
    "căn",
    "nhà",
    "con",
    "kg",
    "tấn",
    "ha",
    "lượt",
    "hội viên",
    "học sinh",
    "gia đình",
    "địa phương",
    "tỉnh",
    "phường",
    "huyện",
]
_PER_CANON = {"phần": "suất", "nhà": "căn", "hội viên": "người", "học sinh": "người", "em": "người"}

_HEDGES: list[tuple[str, str]] = [
    ("trên dưới", "approx"),
    ("xấp xỉ", "approx"),
    ("ước tính", "approx"),
    ("ước đạt", "approx"),
    ("ít nhất", "at_least"),
    ("tối thiểu", "at_least"),
    ("khoảng", "approx"),
    ("chừng", "approx"),
    ("ước", "approx"),
    ("hơn", "more_than"),
    ("trên", "more_than"),
    ("gần", "less_than"),
    ("dưới", "less_than"),
]

_MONEY_CONTEXT = re.compile(
    r"(trị giá|giá trị|ủng hộ|hỗ trợ|kinh phí|số tiền|tiền|quyên góp|đóng góp|vận động được|"
    r"tài trợ|chi|thu|nguồn vốn|vốn|dư nợ|cho vay|tặng)\b[^.;:!?]{0,40}$",
    re.IGNORECASE,
)

# Words just before a number that make it a name, a date part, an ordinal or a document number.
_NOT_BEFORE = re.compile(
    r"(?:\b(?:ngày|tháng|năm|quý|lần thứ|thứ|khóa|khoá|thôn|buôn|bon|tổ|tổ dân phố|ấp|khối|"
    r"lớp|số|phường|quận|đường|nghị quyết|quyết định|chỉ thị|kết luận|kế hoạch|thông tư|"
    r"nghị định|công văn|thông báo|hướng dẫn|chương trình|đề án|luật|điều|khoản|mục|phần|"
    r"nhiệm kỳ|giai đoạn|niên khóa|kỳ họp|phiên|đợt|vòng|tập|trang|km|quốc lộ|tỉnh lộ|"
    r"hương lộ|tiểu khu|khoảnh|lô|thửa|tờ bản đồ|mã|hotline|đường dây nóng|tổng đài|"
    r"covid|sars-cov|tuổi|top|hạng|cấp độ|cấp|mức|nhóm|loại|số hiệu|phòng|căn hộ|nhà số|"
    r"mùa|vụ mùa|ngày thứ|tuần thứ|kỷ niệm|kỉ niệm)\s*[-–]?\s*|[-–]\s*)$",
    re.IGNORECASE,
)

# What follows a number that makes the whole phrase the span of the period or an age.
_NOT_AFTER = re.compile(
    r"^\s*(?:tuổi|năm qua|tháng qua|năm gần đây|tháng gần đây|tháng đầu năm|tháng cuối năm|"
    r"năm trở lại đây|năm (?:thực hiện|thi hành|triển khai|hoạt động|thành lập|xây dựng)|"
    r"ngày qua|tuần qua|quý đầu năm|"
    r"không\b|có\b|sạch\b|xây\b|chống\b|tốt\b|giảm\b|an\b|đủ\b|nhất\b|nhiều\b|cùng\b|"
    r"[-–]\s*(?:ĐH|ĐU|BC|KH|QĐ|NQ|CT|TB|UB|HD|TU|BDV|TTg|CP|NĐ|TT))",
    re.IGNORECASE,
)

_WORD = r"[^\W\d_][\w-]*"
_DIGITS = r"\d+(?:[.,]\d+)*"
_SPELLED_RE = "|".join(sorted(_SPELLED, key=len, reverse=True))
_SCALE_RE = "|".join(_SCALES)

_TOKEN = re.compile(
    rf"(?<![\w.,])(?<!\d/)(?:(?P<digits>{_DIGITS})(?![\d])|(?P<spelled>(?:{_SPELLED_RE})"
    rf"(?:\s+(?:mươi|mười)(?:\s+(?:{_SPELLED_RE}))?)?"
    rf"(?:\s+trăm(?:\s+(?:linh|lẻ)?\s*(?:{_SPELLED_RE}))?)?)(?![\w]))",
    re.IGNORECASE,
)
_DATE_LIKE = re.compile(r"\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?|\d{1,2}[hg]\d{0,2}|\d{1,2}:\d{2}")
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


def _phrase_pattern(phrases: list[str]) -> str:
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p) for p in ordered)


_UNIT_TABLE = {p: (u, i) for p, u, i in _UNIT_PHRASES}
for _p in _PERSONS:
    _UNIT_TABLE.setdefault(_p, ("người", None if _p == "người" else _p))
for _p in _HOUSEHOLDS:
    _UNIT_TABLE.setdefault(_p, ("hộ", None if _p == "hộ" else _p))
for _p in _COUNTERS:
    _UNIT_TABLE.setdefault(_p, (_p, None))
_UNIT_RE = re.compile(rf"\s*(?P<u>{_phrase_pattern(list(_UNIT_TABLE))})(?![\w²])", re.IGNORECASE)
_ITEM_RE = re.compile(rf"\s+(?P<i>{_phrase_pattern(_ITEMS)})(?![\w])", re.IGNORECASE)
_PER_RE = re.compile(
    r"(?P<lead>\s*/\s*|(?:\s+(?:tiền mặt|tiền|hỗ trợ|cho))?\s+mỗi\s+"
    r"|\s+trên\s+(?:một\s+|1\s+)?|\s+một\s+)"
    rf"(?P<p>{_phrase_pattern(_PER_WORDS)})(?![\w])",
    re.IGNORECASE,
)
_SCALE_AFTER = re.compile(rf"\s*(?P<s>(?:(?:{_SCALE_RE})(?![\w])\s*)+)", re.IGNORECASE)
_RANGE_SEP = re.compile(r"\s*(?:[-–—]|đến|tới)\s*", re.IGNORECASE)
_OUT_OF = re.compile(r"/(?P<m>\d+(?:\.\d{3})*)(?=\s)")
_AT_LEAST_AFTER = re.compile(r"\s+trở lên(?![\w])", re.IGNORECASE)
_HEDGE_BEFORE = re.compile(
    rf"(?:^|(?<=[\s(]))(?P<h>{_phrase_pattern([h for h, _ in _HEDGES])}|từ)\s+$", re.IGNORECASE
)
_PER_CONTEXT = re.compile(
    rf"(?:mỗi|trung bình (?:một|mỗi)|bình quân (?:một|mỗi))\s+(?P<p>{_phrase_pattern(_PER_WORDS)})"
    r"(?![\w])",
    re.IGNORECASE,
)
# Where a clause ends, and with it a package's composition ("mỗi suất gồm …").
_CLAUSE_END = re.compile(r"[.;!?\n]\s|như vậy|tổng số|tổng cộng|tổng kinh phí", re.IGNORECASE)
_TIME_OF_DAY = re.compile(r"(?:\blúc|\bvào|\btừ|\bđến|\d\s*giờ)\s*$", re.IGNORECASE)
_YEARLY_AFTER = re.compile(r"^[^.;!?]{0,30}\b(?:hằng năm|hàng năm|mỗi năm)\b", re.IGNORECASE)
_YEARLY_BEFORE = re.compile(r"\b(?:hằng năm|hàng năm|mỗi năm)\b[^.;!?]{0,30}$", re.IGNORECASE)
_NOT_A_BASE = re.compile(r"\b(?:mỗi|trong|trung bình|bình quân|cùng|như|thứ)\s+$", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Reading


def _read_digits(raw: str) -> Number | None:
    """'12.500' → 12500, '3,25' → Decimal('3.25'), '03' → 3; None if not a grouped number."""
    if not _GROUPED.fullmatch(raw):
        return None
    whole, _, frac = raw.partition(",")
    whole = whole.replace(".", "")
    if frac:
        return Decimal(f"{whole}.{frac}")
    return int(whole)


def _read_spelled(raw: str) -> int | None:
    words = raw.lower().split()
    total, current = 0, 0
    i = 0
    while i < len(words):
        word = words[i]
        if word == "trăm":
            total += (current or 1) * 100
            current = 0
        elif word in {"mươi", "mười"} and current:
            current *= 10
        elif word in {"linh", "lẻ"}:
            pass
        elif word in _SPELLED:
            current += _SPELLED[word] if not (word == "mười" and current) else 10
        else:
            return None
        i += 1
    return total + current or None


def _scaled(value: Number, scale_words: str) -> Number:
    factor = 1
    for word in scale_words.lower().split():
        factor *= _SCALES[word]
    result = value * factor
    if isinstance(result, Decimal) and result == result.to_integral_value():
        return int(result)
    return result


@dataclass
class _Candidate:
    start: int
    end: int
    value: Number
    value_max: Number | None = None
    unit: str | None = None
    item: str | None = None
    qualifier: str = "exact"
    per: str | None = None
    scaled: bool = False
    spelled: bool = False


def extract_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in the order they appear (see the module docstring)."""
    text = normalize(text)
    found: list[_Candidate] = []
    pending: list[_Candidate] = []
    position = 0
    while True:
        match = _TOKEN.search(text, position)
        if not match:
            break
        candidate = _read_at(text, match)
        if candidate is None:
            position = match.end()
            continue
        position = candidate.end
        if candidate.unit is None:
            pending.append(candidate)
            continue
        chain = [*pending, candidate]
        listed = all(_listed(text, a, b) for a, b in itertools.pairwise(chain))
        if pending and listed:
            for bare in pending:
                bare.unit, bare.item = candidate.unit, candidate.item
                found.append(bare)
        pending = []
        found.append(candidate)
    return [_finish(text, c) for c in sorted(found, key=lambda c: c.start)]


def parse_figure(text: str) -> Figure:
    """The one figure of a short phrase: `parse_figure("hơn 33 tỉ đồng").value == 33 * 10**9`.

    Raises ValueError (in Vietnamese) when the phrase holds no figure or more than one.
    """
    figures = extract_figures(text)
    if not figures:
        raise ValueError(f"Không tìm thấy số liệu nào trong “{text.strip()}”.")
    if len(figures) > 1:
        shown = "; ".join(f.surface for f in figures)
        raise ValueError(f"“{text.strip()}” có {len(figures)} số liệu ({shown}), cần đúng một.")
    return figures[0]


_LIST_GAP = re.compile(r"\s*(?:[;,]|,?\s*và)\s*(?:[^\d;,.!?:\n]{1,40}:\s*)?", re.IGNORECASE)


def _listed(text: str, first: _Candidate, then: _Candidate) -> bool:
    """Whether two numbers are neighbours in a list (`xã A: 120; xã B: 95 hội viên`)."""
    return bool(_LIST_GAP.fullmatch(text, first.end, then.start))


def _read_at(text: str, match: re.Match[str]) -> _Candidate | None:
    """The figure starting at a number token, or None when the number is not a figure."""
    before = text[max(0, match.start() - 40) : match.start()]
    if _NOT_BEFORE.search(before):
        return None
    if match["digits"]:
        raw = match["digits"]
        if _DATE_LIKE.fullmatch(raw) and not _GROUPED.fullmatch(raw):
            return None
        value = _read_digits(raw)
        if value is None:
            return None
        if re.match(r"[hg]\d", text[match.end() : match.end() + 2]):
            return None  # 8h30
        spelled = False
    else:
        value = _read_spelled(match["spelled"])
        if value is None or (value == 1 and _NOT_A_BASE.search(before)):
            return None
        if re.search(r"\d\s+$", before):
            return None  # "87 năm": the word is a noun after a number
        spelled = True
    c = _Candidate(match.start(), match.end(), value, spelled=spelled)
    rest = text[c.end :]
    if _NOT_AFTER.match(rest):
        return None
    _read_scale(text, c)
    _read_range(text, c)
    if c.qualifier != "range" and _read_out_of(text, c) is False:
        return None
    _read_unit(text, c)
    if c.spelled and c.unit is None:
        return None
    if c.unit in {"giờ", "phút"} and _TIME_OF_DAY.search(text[max(0, c.start - 12) : c.start]):
        return None  # "lúc 7 giờ", "7 giờ 30 phút": a time of day
    if c.unit == "giờ" and re.match(r"\s*(?:\d{1,2}\b|sáng|chiều|tối|trưa|đêm)", text[c.end :]):
        return None
    if c.unit in {"năm", "tháng", "ngày", "tuần"} and not c.scaled:
        after = text[c.end : c.end + 25].lower()
        if re.match(r"\s*(?:qua|gần đây|trở lại|đầu|cuối|liền|liên tiếp)\b", after):
            return None
    _read_hedge(text, c)
    _read_per(text, c)
    if c.unit is None and c.scaled and _MONEY_CONTEXT.search(text[max(0, c.start - 60) : c.start]):
        c.unit = "đồng"
    if c.unit is None and c.scaled and c.per is not None:
        c.unit = "đồng"
    if c.unit is None and not c.scaled and isinstance(c.value, int) and 1900 <= c.value <= 2100:
        return None  # a year standing alone
    return c


def _read_scale(text: str, c: _Candidate) -> None:
    scale = _SCALE_AFTER.match(text, c.end)
    if scale:
        c.value = _scaled(c.value, scale["s"])
        c.end = scale.end("s") - (len(scale["s"]) - len(scale["s"].rstrip()))
        c.scaled = True


def _read_range(text: str, c: _Candidate) -> None:
    sep = _RANGE_SEP.match(text, c.end)
    if not sep:
        return
    second = _TOKEN.match(text, sep.end())
    if not second:
        return
    upper = _read_digits(second["digits"]) if second["digits"] else _read_spelled(second["spelled"])
    if upper is None:
        return
    end = second.end()
    scale = _SCALE_AFTER.match(text, end)
    if scale:
        words = scale["s"]
        upper = _scaled(upper, words)
        if not c.scaled:
            c.value = _scaled(c.value, words)
            c.scaled = True
        end = scale.end("s") - (len(words) - len(words.rstrip()))
    if upper <= c.value:
        return  # "3-2" and the like are not ranges
    c.value_max, c.end, c.qualifier = upper, end, "range"


def _read_out_of(text: str, c: _Candidate) -> bool | None:
    """`12/12 xã`: the figure is 12, its surface includes `/12`. False for a document number."""
    slash = _OUT_OF.match(text, c.end)
    if slash:
        c.end = slash.end()
        return True
    if re.match(r"/\s*[A-ZĐa-zđ]{1,6}[-–]", text[c.end : c.end + 12]):
        return False
    return None


def _read_unit(text: str, c: _Candidate) -> None:
    unit = _UNIT_RE.match(text, c.end)
    if not unit:
        return
    words = unit["u"].lower()
    canonical, item = _UNIT_TABLE[words]
    if words == "%" and text[c.end : unit.start("u")].strip():
        return
    if item is not None and item == words:
        item = unit["u"]  # copied as written
    c.unit, c.item = canonical, item
    c.end = unit.end("u")
    if canonical == "đồng" and c.scaled is False:
        c.scaled = True
    takes_item = item is None and (
        canonical in {"tấn", "kg", "suất", "lượt", "ha", "m2", "căn", "lít"}
        or (
            canonical in _COUNTERS
            and canonical not in {"xã", "phường", "thôn", "buôn", "huyện", "năm", "tháng", "ngày"}
        )
    )
    if takes_item:
        following = _ITEM_RE.match(text, c.end)
        if following:
            c.item = following["i"]
            c.end = following.end("i")
    if canonical == "lượt" and c.item is None:
        following = re.match(r"\s+(" + _phrase_pattern(_PERSONS) + r")(?![\w])", text[c.end :])
        if following:
            c.item = following[1]
            c.end += following.end(1)


def _read_hedge(text: str, c: _Candidate) -> None:
    before = text[max(0, c.start - 15) : c.start]
    hedge = _HEDGE_BEFORE.search(before)
    after = _AT_LEAST_AFTER.match(text, c.end)
    if after:
        c.end = after.end()
        if c.qualifier != "range":
            c.qualifier = "at_least"
    if not hedge:
        return
    word = hedge["h"].lower()
    if word == "từ":
        if c.qualifier == "range" or after:
            c.start -= len(before) - hedge.start("h")
        return
    c.start -= len(before) - hedge.start("h")
    if c.qualifier != "range" and not after:
        c.qualifier = dict(_HEDGES)[word]


def _read_per(text: str, c: _Candidate) -> None:
    if c.unit == "%":
        return
    per = _PER_RE.match(text, c.end)
    if per:
        lead = per["lead"].strip().lower()
        word = per["p"].lower()
        if (
            lead == "một" and not re.search(r"trung bình|bình quân", text[c.start - 20 : c.start])
        ) or (lead.startswith("trên") and word in {"xã", "thôn", "hộ"} and c.unit == word):
            per = None
        if per:
            c.per = _PER_CANON.get(word, word)
            if lead.startswith("/"):
                c.end = per.end("p")  # a trailing "/X" belongs to the surface
            return
    clause_start = max([0, *(m.end() for m in _CLAUSE_END.finditer(text, 0, c.start))])
    contexts = list(_PER_CONTEXT.finditer(text, clause_start, c.start))
    if contexts:
        word = contexts[-1]["p"].lower()
        if _PER_CANON.get(word, word) != c.unit:
            c.per = _PER_CANON.get(word, word)
            return
    if c.unit not in {None, "năm"} and (
        _YEARLY_AFTER.match(text[c.end :]) or _YEARLY_BEFORE.search(text[: c.start])
    ):
        c.per = "năm"


def _finish(text: str, c: _Candidate) -> Figure:
    return Figure(
        surface=text[c.start : c.end],
        value=c.value,
        value_max=c.value_max,
        unit=c.unit or "",
        item=c.item,
        qualifier=c.qualifier,
        per=c.per,
        start=c.start,
        end=c.end,
    )

"""Reading figures out of Vietnamese prose, as `shared/FIGURES.md` specifies, with the choices
it leaves open settled by `data/LABELLING.md`.

`extract_figures(text)` returns every figure of a text in order; `parse_figure(text)` the one
figure of a short phrase. A figure is a number that counts or measures something: a number
with a unit (a counter noun, a measure, `%`, money by context). Dates, years, ordinals,
document numbers, names with digits, the span of the reported period and ages are not
figures; a bare number with no unit is not one either, unless a list shares the unit of its
last member ("xã A: 120; xã B: 95 hội viên").

The reader works on words and a small grammar around each number, not on a parser: it knows
the hedge words, scale words, units, counters and the common items of mass-mobilization
reports, and reads the words around a number to decide what it is:

- a range is `[từ] X (-|đến|tới) [dưới|trên] Y`; a scale word after Y alone applies to X too,
  a unit written after X (`%`, `đồng`) must be written after Y as well;
- a rate's base is the first `/X` after the figure (further `/Y` stay in the surface), else a
  `(cho) mỗi X` right after it, else the `mỗi X` of its clause, up to the words that name who
  received it (`cho`, `đã`) or a total after a comma (`, toàn chi hội …`, `, nâng tổng số
  …`; a total inside the clause is the rate's amount: `Mỗi hộ được chọn hàng với tổng giá
  trị 500 nghìn đồng`), else a `mỗi X`
  later in its own phrase that has no number of its own (`2 chiến sĩ tại mỗi điểm`); after
  `mỗi` any noun is a base; `hằng năm` makes counts and money yearly (the whole sentence when
  it opens it), except after a money noun (`thu nhập hằng năm`), where it makes only the
  money yearly; a base of two syllables is taken whole (`mỗi đoàn thể`, `/năm học`);
- `N/M X` and `N trên (tổng số) M X` are N out of M; two kinds of one thing (`tỉnh/thành
  phố`, `dự án/ý tưởng`) are not a rate;
- a bare number takes the unit of the list it sits in: the member after it (`xã A: 120; xã
  B: 95 hội viên`) or, after a labelled member (`tổ 1: 456 cử tri; tổ 2: 502`), the one before;
  in a list opened by a colon a member's label needs no colon (`loại tốt 18, loại khá 7,
  trung bình 2 chi hội`); a bare number after a colon whose label names what it counts is a
  figure of that unit (`số phiếu hợp lệ: 1.398`, `tổng số cử tri của xã là: 6.214`, `trong
  đó cử tri nữ: 1.050`, or the heading of the list: `Số hộ được hỗ trợ: thôn 1: 14; …`);
- a scaled amount without a unit is money when its context or its sentence speaks of money;
- a classifier or a measure takes the noun after it as its item: a known one (`tấn xi măng`),
  or any one lowercase word that ends the phrase (`420 lá cờ và …`, `6 chiếc xuồng hỗ trợ …`);
  a word followed by more words may begin a compound and is left out (`400 bộ tài liệu`),
  unless they are describing words (`vé xe miễn phí`, `cây đước phòng hộ`); a container takes
  its content (`bồn nước`: `bồn`, item `nước`); dictionary words are kept whole (`km đường
  điện`, `thẻ bảo hiểm y tế`, `trường mầm non`, `chợ phiên`);
- a spelled `một` is an article unless hedged or one member of a list of figures (`10 kg gạo
  và một thùng dầu ăn`);
- a number followed by a noun the lexicon lacks counts that noun (`3 chợ truyền thống`, `96
  tin báo của …`): the next lowercase word, with the one after it when that one ends the
  phrase; not a function word, a verb, an adjective, a word of time or of a document, and not
  after a code (`066090012321`, `0236`); `cấp` before a number of one or two digits is a
  level (`bão cấp 12`), before a larger one the verb "to grant" (`cấp 450 bao phân`);
- a word that names the number after it (`số 5`, `tuổi 60`, `trang 12`) does not when it ends
  a compound (`dân tộc thiểu số 37 đại biểu`, `trẻ tuổi`, `lực lượng vũ trang`);
- a number is not a figure inside a short quoted name, right after a capitalised word of a
  name when no unit follows, before a colon (a member's label), as a time of day (`21 giờ
  ngày 23-5`), a date, a road (`Đường tỉnh 686`, `QL 14`), an age, an anniversary or a span
  (`trong 2 ngày`, `cách đây 20 năm`, `trước 3 tháng`), a lunar date (`27 tháng Chạp`), `năm`
  meaning the year (`năm đầu`, `năm thứ hai`), a comparison (`gấp 3 lần`); a `mỗi X` inside a
  quoted name (“Mỗi xã một sản phẩm”) is no base; `kéo dài N tháng` is a span except for a
  case or dispute (`vụ khiếu kiện đã kéo dài hơn 2 năm`); bare numbers after
  `tròn`/`tuổi`/`cụ` and the bare numbers listed after them are ages (`các cụ tròn 70, 75 và
  trên 100`); after `mỗi X` a number is an amount even where X usually names (`mỗi lớp 2
  ngày`, `mỗi tổ 12 hộ`);
- `con` with no animal named just before it, or followed by `nhỏ`, `đi học`…, counts a
  family's children (`nuôi 4 con nhỏ`: `người`, item `con`); `vị` counts the persons after
  it (`64 vị chức sắc`).

It does not need Django.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from decimal import Decimal

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

# `vạn` (ten thousand) is older usage that reports still write ("gần 2 vạn hội viên").
_SCALES = {"nghìn": 10**3, "ngàn": 10**3, "vạn": 10**4, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}

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
    ("xuất quà", "suất", "quà"),
    ("phần trăm", "%", None),
    ("phần việc", "phần việc", None),
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
    ("m3", "m3", None),
    ("khối", "khối", None),  # a cubic metre as reports say it ("2 khối cát")
    ("usd", "USD", None),
    ("m²", "m2", None),
    ("km2", "km2", None),
    ("km²", "km2", None),
    # square and cubic metres spelled out ("310 mét vuông")
    ("mét vuông", "m2", None),
    ("mét khối", "m3", None),
    ("m", "m", None),
    ("mét", "m", None),
    ("tạ", "tạ", None),
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
    # the trade unions' programme of homes, often quoted: "bàn giao 4 “Mái ấm Công đoàn”"
    ("mái ấm công đoàn", "căn", None),
    ("nhà tình nghĩa", "căn", "nhà tình nghĩa"),
    ("nhà tình thương", "căn", "nhà tình thương"),
    ("nhà ở", "căn", "nhà ở"),
    ("nhà", "căn", "nhà"),
    ("xe đạp", "xe đạp", None),
    ("xe lăn", "xe lăn", None),
    ("xe lắc", "xe lắc", None),
    ("xe máy", "xe máy", None),
    ("xe tải", "xe tải", None),
    ("xe ô tô", "xe ô tô", None),
    ("ô tô", "ô tô", None),
    ("xe cứu thương", "xe cứu thương", None),
    ("xe cứu hỏa", "xe cứu hỏa", None),
    ("xe chữa cháy", "xe chữa cháy", None),
    ("bình chữa cháy", "bình chữa cháy", None),
    ("điểm trường", "điểm", "trường"),
    ("điểm giao dịch", "điểm", "giao dịch"),
    ("ba lô", "ba lô", None),
    ("%", "%", None),
    ("ngày công", "ngày công", None),
    ("trường hợp", "trường hợp", None),
    ("văn bản", "văn bản", None),
    ("tổ chức", "tổ chức", None),
    ("công trình", "công trình", None),
    ("mô hình", "mô hình", None),
    ("câu lạc bộ", "câu lạc bộ", None),
    ("tổ dân phố", "tổ dân phố", None),
    ("khu phố", "khu phố", None),
    ("em học sinh", "người", "học sinh"),
    ("giờ", "giờ", None),
    ("phút", "phút", None),
    ("lít", "lít", None),
    # the power of an engine or a plant
    ("cv", "CV", None),
    ("kw", "kW", None),
    ("kva", "kVA", None),
    ("mm", "mm", None),
    ("cm", "cm", None),
    ("°c", "°C", None),
    ("ml", "ml", None),
    # gold is weighed in `chỉ`, which alone is "only": the unit is read with its metal
    ("chỉ vàng", "chỉ", "vàng"),
    # storms and floods are counted by their classifier (rule 2.4: "ba cơn bão")
    ("cơn bão", "cơn", "bão"),
    ("cơn lũ", "cơn", "lũ"),
    ("cơn mưa", "cơn", "mưa"),
    ("cơn lốc", "cơn", "lốc"),
    ("cơn giông", "cơn", "giông"),
    # doses by their classifier, the vaccine as the item ("2 mũi vaccine")
    ("mũi vaccine", "mũi", "vaccine"),
    ("mũi vắc xin", "mũi", "vắc xin"),
    ("mũi vắc-xin", "mũi", "vắc-xin"),
    # a line of products (rule 2.6: "6 dòng sản phẩm")
    ("dòng sản phẩm", "dòng", "sản phẩm"),
    # the southern measure of land, a thousand square metres ("6 công đất lúa")
    ("công đất", "công", "đất"),
    ("công ruộng", "công", "ruộng"),
    # classifiers of land, islands and buildings followed by what they count (2.4: "214 lô
    # đất", "2.000 hòn đảo", "5 ngôi trường")
    ("lô đất", "lô", "đất"),
    ("hòn đảo", "hòn", "đảo"),
    ("ngôi trường", "ngôi", "trường"),
    ("ngôi chùa", "ngôi", "chùa"),
    ("ngôi đình", "ngôi", "đình"),
    ("ngôi mộ", "ngôi", "mộ"),
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
    "cụ",
    "cá nhân",
    "thành viên",
    "xã viên",
    "đồng bào",
    "nhà hảo tâm",
    "nhà tài trợ",
    "hộ viên",
    "vận động viên",
    "chức việc",
    "khách",
    "giáo viên",
    "học viên",
    "nhân viên",
    "công chức",
    "viên chức",
    "chiến sĩ",
    "thiếu nhi",
    "người bệnh",
    "cao niên",
    "người cao niên",
    "khách mời",
    "tu sĩ",
    "nhà tu hành",
    "linh mục",
    "mục sư",
    "nhà sư",
    "tuyên truyền viên",
    "báo cáo viên",
    "cộng tác viên",
    "hòa giải viên",
    "hướng dẫn viên",
    "ủy viên",
    "dân",
    "ngư dân",
    "khán giả",
    "du khách",
    "bà con",
    "giáo dân",
    "phật tử",
    "nghệ nhân",
    "diễn viên",
    "bác sĩ",
    "y sĩ",
    "y tá",
    "điều dưỡng",
    "dân quân",
    "bộ đội",
    "quân nhân",
    "tân binh",
    "đội viên",
    "tổ viên",
    "giảng viên",
    "ứng cử viên",
    "người mẫu",
    "chiến sỹ",
    "bác sỹ",
    "y sỹ",
    "nghệ sỹ",
    "thiếu niên",
    "thanh thiếu niên",
    "nhi đồng",
    "học trò",
    "doanh nhân",
    "tiểu thương",
    "nạn nhân",
    "chủ hộ",
    # owners, counted as persons
    "chủ trang trại",
    "chủ doanh nghiệp",
    "chủ cơ sở",
    "chủ nhà trọ",
    "chủ tàu",
    "cô đỡ",
    "cựu thanh niên xung phong",
    "bệnh nhi",
    "sản phụ",
    # persons named by a trade or a state that the suffixes below do not reach
    "chuyên gia",
    "nhà báo",
    "nhà đầu tư",
    "nhà khoa học",
    "nhà giáo",
    "nhà văn",
    "nhà nghiên cứu",
    "thầy thuốc",
    "lương y",
    "hộ lý",
    "tăng ni",
    "khách hàng",
    "bạn trẻ",
    "bé",
    "thai phụ",
    "phụ huynh",
    "thầy cô giáo",
    "thầy giáo",
    "cô giáo",
    "thầy cô",
    "trí thức",
    "luật sư",
    "tài xế",
    "thương binh",
    "bệnh binh",
    "thân nhân",
    "chị",
    "bà mẹ",
    # titles of the state's honours that name a kind of person
    "bà mẹ Việt Nam anh hùng",
    "mẹ Việt Nam anh hùng",
    "chị em",
    # persons named by their calling, their rank in an exam or their work
    "sư sãi",
    "thủ khoa",
    "tác giả",
    # the children of a group (`con em CCB`), one noun of persons
    "con em",
    # the respectful classifier alone: "đoàn gồm 45 vị" (rule 2.11)
    "vị",
    # the plain classifier of persons, alone or before the noun ("nuôi 3 đứa con")
    "đứa",
    # persons as the party, the state, the Church and the police count them: those admitted
    # to the party, its secretaries, staff, members of a parish, suspects and the accused;
    # the members of a household as a poor family counts them ("nuôi 5 miệng ăn")
    "quần chúng",
    "bí thư",
    "phó bí thư",
    "chủ tịch",
    "phó chủ tịch",
    "giám đốc",
    "phó giám đốc",
    "hiệu trưởng",
    "tổ trưởng",
    "nhân sự",
    "nhân danh",
    "nghi phạm",
    "nghi can",
    "bị can",
    "bị cáo",
    "miệng ăn",
    # the disabled by the older name of the category
    "người tàn tật",
    "đối tượng",
    # abbreviations of persons in reports: người cao tuổi, đoàn viên thanh niên, hội viên,
    # học sinh (sinh viên), giáo viên, cán bộ công chức viên chức, người khuyết tật…
    "HS",
    "SV",
    "HSSV",
    "GV",
    "CBCCVC",
    "CBCC",
    "CBCNV",
    "CNVC",
    "TNXP",
    "CBCNVC",
    "CNVCLĐ",
    "ĐVCĐ",
    "NKT",
    "NCT",
    "ĐVTN",
    "ĐVHV",
    "HV",
    "ĐV",
    "CCB",
    "NLĐ",
    "CNLĐ",
    "TNV",
]

_HOUSEHOLDS = [
    "hộ gia đình",
    "hộ nghèo",
    "hộ cận nghèo",
    "hộ dân",
    "hộ chính sách",
    # the poverty list's other official categories
    "hộ thoát nghèo",
    "hộ mới thoát nghèo",
    "hộ tái nghèo",
    "hộ nghèo đa chiều",
    "hộ",
]

# Counter nouns written as the unit: `xã`, `thôn`… (a number after a place noun is a name).
_COUNTERS = [
    # documents a council passes or a body issues are counted by their own noun ("thông qua
    # 13 nghị quyết"); a number after them names one (`Nghị quyết 25`)
    "nghị quyết",
    "nghị định",
    "quyết định",
    "chỉ thị",
    "thông tư",
    "công văn",
    "văn bản",
    "dự thảo",
    "tờ trình",
    # lines kept open to the public
    "đường dây nóng",
    "số điện thoại",
    # `gốc` counts trees as `cây` does ("120 gốc sầu riêng")
    "gốc",
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
    "tờ gấp",
    "tờ bướm",
    # a span of the day counted as such ("4 khung giờ phát cơm")
    "khung giờ",
    # provinces and cities together, one word in reports ("63 tỉnh thành")
    "tỉnh thành",
    # the party's grassroots organizations, counted by their whole name
    "tổ chức cơ sở đảng",
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
    "công ty",
    "hợp tác xã",
    # a school is counted by its whole name, the kind of school included
    "trường mầm non",
    "trường mẫu giáo",
    "trường tiểu học",
    "trường trung học cơ sở",
    "trường trung học phổ thông",
    "trường THCS",
    "trường THPT",
    "trường học",
    "trường đại học",
    "trường cao đẳng",
    "trường trung cấp",
    "trường phổ thông dân tộc nội trú",
    "trường phổ thông dân tộc bán trú",
    "trường",
    "địa chỉ",
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
    "đơn thư",
    "đơn",
    "gói",
    "chai",
    "hộp",
    "túi",
    "ô",
    "đầu",
    "đầu mối",
    "đơn vị",
    "đội",
    "đội hình",
    "ban",
    "nhóm",
    "cặp",
    "thảm",
    "áo ấm",
    "chăn bông",
    "chăn ấm",
    "tủ lạnh",
    "nồi cơm điện",
    "ti vi",
    "tivi",
    "quạt",
    "bò",
    "bê",
    "trâu",
    "lợn",
    "heo",
    "dê",
    "ý tưởng",
    "sáng kiến",
    "bản",
    "làng",
    "xóm",
    "ấp",
    "gian hàng",
    # whole words whose first syllable alone is a counter of the lexicon or of events (`điểm
    # cầu` is no `điểm` of bridges, `phần thi` no gift, `nhà tiêu` no home)
    "điểm cầu",
    "phần thi",
    "lực lượng",
    "bậc học",
    "nhà tiêu",
    "dân tộc thiểu số",
    # jobs, which `việc` (a case, `vụ`) would cut (`giới thiệu 1.200 việc làm`)
    "việc làm",
    # doses of a vaccine (`2 mũi vaccine`), lines of products (`6 dòng sản phẩm`)
    "mũi",
    "dòng",
    # machines named by what they do, whole words that the verb inside would cut
    "máy phát điện",
    "máy lọc nước",
    # machines of the fields named by their work, the work's object included
    "máy gặt đập liên hợp",
    "máy gặt đập",
    "máy phun thuốc",
    # machines of health care, counted by their whole name (`30 máy trợ thính`)
    "máy trợ thính",
    "máy đo huyết áp",
    "máy đo đường huyết",
    "máy lọc không khí",
    "máy chạy thận",
    "máy tạo oxy",
    "máy thở",
    "máy siêu âm",
    "máy điện tim",
    "máy xét nghiệm",
    "máy nội soi",
    # rooms of a school, a station or a home, counted by their whole name (`phòng thí nghiệm`)
    "phòng thí nghiệm",
    "phòng tin học",
    "phòng đọc",
    "phòng khám",
    "phòng họp",
    "phòng truyền thống",
    "phòng chức năng",
    "phòng ngủ",
    "phòng khách",
    "phòng bếp",
    "phòng trọ",
    "phòng vệ sinh",
    # stations, establishments, units and bodies named by their whole word (rule 2.5), whose
    # first word alone is a counter of the lexicon (`trạm`, `cơ sở`, `dự án`, `ban`)
    "trạm thu phí",
    "trạm biến áp",
    "trạm quan trắc",
    "trạm kiểm lâm",
    "cơ sở giáo dục",
    "dự án luật",
    "ban thanh tra nhân dân",
    "ban giám sát đầu tư cộng đồng",
    "máy xới đất",
    "máy",
    "phiếu",
    "món",
    "điển hình",
    "chương trình",
    "tiêu chí",
    "chỉ tiêu",
    "chùa",
    "đình",
    "tiết mục",
    "trận",
    "đề tài",
    "hạng mục",
    "hồ sơ",
    "tài liệu",
    "ấn phẩm",
    "bản tin",
    "video",
    "cửa hàng",
    "ki ốt",
    "bể nước",
    "bồn",
    "cống",
    "lồng",
    "sào",
    "yến",
    "cây số",
    "dòng họ",
    "cụm dân cư",
    "phương tiện",
    "tàu",
    "vé",
    "giấy khen",
    "bằng khen",
    "giấy chứng nhận",
    "hội thi",
    "hội diễn",
    "hội thảo",
    "tọa đàm",
    "diễn đàn",
    "chuyên đề",
    "hoạt động",
    "phiên",
    "đêm",
    "xuồng máy",
    "xuồng",
    "khu công nghiệp",
    "cụm công nghiệp",
    "khu tái định cư",
    "quỹ khuyến học",
    "lò đốt rác",
    "chợ phiên",
    "chợ đầu mối",
    "chợ",
    "siêu thị",
    "biển báo",
    "vị trí",
    "ngày lương",
    "sổ tiết kiệm",
    "tàu cá",
    "lứa",
    "liều",
    "tập thể",
    "dự án",
    "đề án",
    "sản phẩm",
    "tác phẩm",
    "giải",
    "phòng học",
    "trang trại",
    "gia trại",
    "tổ hợp tác",
    "loại hình",
    "HTX",
    "CLB",
    "chi bộ",
    "đảng bộ",
    "chi đoàn",
    # trade unions are counted by their whole name, as chi hội and chi đoàn are
    "công đoàn cơ sở",
    "CĐCS",
    "công đoàn",
    "nghiệp đoàn",
    "giếng",
    "cầu",
    "đoạn",
    "bình",
    "chăn",
    "áo",
    "suất ăn",
    "camera",
    "chữ ký số",
    "tài khoản",
    "bóng đèn",
    "cột đèn",
    "ấm đun",
    "sân chơi",
    "sân thể thao",
    "làng nghề",
    "trạm y tế",
    "trạm",
    "viên",
    "tấm",
    "quả",
    "bức",
    "đôi",
    "khẩu",
    "can",
    "tin báo",
    "hồ chứa",
    # buildings that are not homes, so that `nhà` (a house, `căn`) does not take them
    "nhà máy",
    "nhà xưởng",
    "nhà kho",
    "nhà thờ",
    "nhà hàng",
    "nhà trường",
    "nhà chờ",
    "nhà văn hóa",
    "nhà văn hoá",
    "nhà sinh hoạt cộng đồng",
    "nhà vệ sinh",
    "nhà bán trú",
    "nhà công vụ",
    "nhà bia",
    # classifiers and containers of goods, plants and animals (rule 2.4): what follows them is
    # their item (`cuộn dây thép gai`, `chậu cây cảnh`, `đàn ong mật`); not `trang`, which
    # begins `trang trại`, `trang phục`, `trang thông tin`
    "lọ",
    "hũ",
    "chậu",
    "xô",
    "cuộn",
    "bó",
    "đàn",
    "tuýp",
    "két",
    "bịch",
    "lon",
    "tô",
    "ram",
    "vỉ",
    "giỏ",
    "xấp",
    "thúng",
    "lốc",
    "khay",
    "nải",
    # works counted by their whole word, whose second syllable is a verb of what they do
    "trạm bơm",
    "trạm cấp nước",
    "bãi đỗ xe",
    # counters whose second syllable is also a function word (`bị`, `chỉ`) or a third
    # syllable completes (`sân bóng đá`, `giấy chứng tử`)
    "thiết bị",
    "chứng chỉ",
    "sân bóng đá",
    "giấy chứng tử",
    "giấy khai sinh",
    # counters of schooling, contests and forces, whole words whose second syllable alone
    # would be read as another unit or item (`phần` a package, `cầu` a bridge)
    "bậc học",
    "môn học",
    "phần thi",
    "vòng thi",
    "lực lượng",
    "điểm cầu",
    "dân tộc thiểu số",
    "bình xịt",
    "nhà tiêu",
    # counters of one syllable that name a thing the reports count (a pond, a garden, a
    # step, a subject, a stick, a dose); a second word after them only describes it
    "ao",
    "vườn",
    "bước",
    "môn",
    "gậy",
    "mũi",
    # rooms, counted by their whole word ("2 phòng ngủ, một phòng khách"), and storms and
    # floods by their classifier ("ba cơn bão")
    "phòng",
    "cơn",
    # loaves of bread ("700 ổ bánh mì")
    "ổ",
    # courses, a counter of events (rule 2.7: "3 khóa tập huấn")
    "khóa",
    "khoá",
    # ethnic minorities in their abbreviation, and the youth union's days of volunteering
    "DTTS",
    "ngày tình nguyện",
]

# Items that follow a unit word (`tấn gạo`, `suất quà`, `lượt người`), longest first.
_ITEMS = [
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
    "bánh trung thu",
    "bánh tét",
    "mật ong",
    "rác thải",
    "rác",
    "bánh kẹo",
    "áo ấm",
    "chăn",
    "xe đạp",
    "xe lăn",
    "xe lắc",
    "xe máy",
    "mũ bảo hiểm",
    "áo phao",
    "đồng phục",
    "cặp sách",
    "máy tính",
    "điện thoại",
    "sách vở",
    "đất",
    "rừng",
    "lúa",
    "hộ nghèo",
    "hộ",
    "xã",
    "thực phẩm",
    "nhu yếu phẩm",
    "quần áo",
    "vải",
    "giò",
    "bê",
    "trâu",
    "cá",
    "vịt",
    "ngan",
    "thông",
    "keo",
    "sách",
    "vở",
    "thuốc",
    "nước",
    "cơm",
    "kênh",
    "mương",
    "máu",
    "đơn vị",
    "xi măng",
    "sắt thép",
    "vật liệu",
    "vôi bột",
    "hóa chất",
    "cát",
    "gạch",
    "tôn",
    "bút màu",
    "bút",
    "đèn pin",
    "biển báo",
    "biển hiệu",
    "sổ tay",
    "cờ",
    "máy bơm",
    "máy tính bảng",
    "ti vi",
    "tivi",
    "bàn ghế",
    "ghế đá",
    "chăn màn",
    "màn",
    "mền",
    "áo mưa",
    "áo dài",
    "xuồng",
    "ca nô",
    "xuồng máy",
    "thuyền",
    "ghe",
    "lưới",
    "mì tôm",
    "trứng",
    "thịt",
    "muối",
    "rau",
    "hoa",
    "truy cập",
    "lượt xem",
    "người xem",
    "thùng rác",
    "phế liệu",
    "dụng cụ",
    "thức ăn",
    "cầu",
    "cám",
    "ngô",
    "khoai",
    "sắn",
    "tre",
    "gỗ",
    "ruộng",
    "mía",
    "chè",
    "cao su",
    "bưởi",
    "thuốc men",
    "vật tư",
    "thiết bị",
    "trang thiết bị",
    "đồ dùng",
    "bột giặt",
    "xà phòng",
    "lương khô",
    "bánh mì",
    "áo khoác",
    "áo len",
    "áo rét",
    "mũ len",
    "quế",
    "sâm",
    "mắc ca",
    "sầu riêng",
    "thanh long",
    "xoài",
    "vải thiều",
    "bạch đàn",
    "dừa",
    "hồ tiêu",
    "cây ăn quả",
    "dược liệu",
    # whole dictionary words that a shorter item would cut (`đường điện` is no road)
    # kinds and varieties named by two syllables whose first alone is an item above, the second
    # naming no state, breed or purpose of its own (`khoai lang` is no kind of `khoai` made
    # `lang`): crops, animals and goods
    "khoai lang",
    "khoai tây",
    "khoai môn",
    "khoai mì",
    "lợn nái",
    "heo nái",
    "tôm sú",
    "tôm hùm",
    "tôm thẻ",
    "đường kính",
    "đường phèn",
    "bằng lăng",
    "vắc xin",
    "vắc-xin",
    "đường điện",
    "đường dây điện",
    "bảo hiểm y tế",
    "BHYT",
    "bảo hiểm xã hội",
    "BHXH",
    "căn cước công dân",
    "căn cước",
    "hàng hóa",
    "hàng hoá",
    "bùn đất",
    "bê tông",
    "nước uống",
    "kênh mương",
    "chăn ấm",
    "phân vi sinh",
    "hoa giấy",
    "sao đen",
    "phi lao",
    "rừng ngập mặn",
    "đước",
    "bần",
    "gia súc",
    "gia cầm",
    "xe khách",
    "xe buýt",
    "tàu hỏa",
    "măng",
    # goods named by a general word (`nước`, `thuốc`) and their use, which is then part of
    # their name (`nước rửa tay`), unlike the use of a thing named by its own noun (`cồn sát
    # trùng` → `cồn`)
    "nước sát khuẩn",
    "nước sát trùng",
    "thuốc sát trùng",
    "thuốc khử trùng",
    "nước rửa tay",
    "nước tương",
    "nước chấm",
    # compounds whose second syllable the lists read as a function or describing word
    # (`từ` from, `đầu` first, `xanh` green, `giống` breed)
    "từ điển",
    "hàng rào",
    "đầu thu",
    "đầu đọc",
    "đậu xanh",
    "đậu đen",
    "đậu tương",
    "hạt giống",
    # kinds of food, crops and works named by two syllables whose first alone is an item
    "nước lọc",
    "nước ngọt",
    "gà ri",
    "dừa xiêm",
    "kính lão",
    "máy xay xát",
    "gạo nếp",
    "gạo tẻ",
    "rau củ",
    "hoa màu",
    "măng cụt",
    "bao bì",
    # kinds of goods whose first syllable alone is an item of the lexicon
    "bút bi",
    "bút chì",
    "gạch men",
    "đường ống",
    "xe đạp điện",
    "xe máy điện",
    "màn chiếu",
    "bê tông cốt thép",
    # fish by their species, which the labels keep (as `tôm sú`)
    "cá ngừ",
    "cá tra",
    "cá basa",
    "cá rô phi",
    "cá chép",
    "cá trắm",
    "cá lóc",
    "cá diêu hồng",
    # vaccines and devices whose name a counter before them would cut (`máy bộ đàm`)
    "vaccine",
    "vắcxin",
    "bộ đàm",
    # crops, trees and flowers named by two syllables, whose first alone is another item or
    # whose second the lists read as a colour, a breed or a function word (`hồng ngâm` is no
    # pink thing, `hoa ban` no flower in general): the farming reports' plantings
    "cây trồng",
    "cây công nghiệp",
    "cây dược liệu",
    "cây lâm nghiệp",
    "cây cảnh",
    "hoa ban",
    "hoa đào",
    "hoa mai",
    "hoa sen",
    "hoa sữa",
    "hoa hồng",
    "hoa cúc",
    "hoa lan",
    "hoa anh đào",
    "anh đào",
    "phượng vĩ",
    "hồng ngâm",
    "hồng xiêm",
    "hồng giòn",
    "cam sành",
    "cam canh",
    "chanh leo",
    "chanh dây",
    "sơn tra",
    "ca cao",
    "hạt điều",
    "vú sữa",
    "mãng cầu",
    "chôm chôm",
    "thanh trà",
    "nhãn lồng",
    "trầm hương",
    "dó bầu",
    "lát hoa",
    "giổi xanh",
    "sưa đỏ",
    "rau màu",
    "măng tây",
    "đinh lăng",
    "sa nhân",
    "thảo quả",
    # mushrooms by their kind, and the farm's covered houses and power lines, whose first
    # syllable alone is another item (`nấm linh chi`, `m2 nhà lưới`, `km đường dây`)
    "nấm rơm",
    "nấm sò",
    "nấm linh chi",
    "nấm hương",
    "nấm mỡ",
    "nấm bào ngư",
    "nấm đùi gà",
    "mộc nhĩ",
    "nhà lưới",
    "nhà màng",
    "nhà kính",
    "đường dây",
    "ghe máy",
    "thuyền máy",
    # the dairy cow, a word of its own (`bò sữa` is no milk); a breed or a use otherwise
    # describes (`bò thịt`, `lợn thịt`, `vịt bầu` → `bò`, `lợn`, `vịt`)
    "bò sữa",
    # the border line, a whole word whose first syllable alone is an item (`km đường biên
    # giới`, `đường` a road)
    "đường biên giới",
    "đường biên",
    # water filters, whole words that the purpose verb `lọc` would otherwise end
    # (`chiếc bình lọc nước`; after a container, `hộp lọc nước` has no item)
    "máy lọc nước",
    "bình lọc nước",
]

_PER_WORDS = [
    "quý",
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
    "đoàn thể",
    "cấp ủy",
    "cấp uỷ",
    "năm học",
    "học kỳ",
    "cánh đồng",
    "tỉnh",
    "phường",
    "huyện",
]
_PER_CANON = {
    "phần": "suất", "nhà": "căn", "hội viên": "người", "học sinh": "người", "em": "người",
    # measures spelled out ("mỗi ki-lô-mét đường") are written as their symbols
    "ki-lô-mét": "km", "cây số": "km", "ki-lô-gam": "kg", "ki-lô": "kg", "héc-ta": "ha",
    "mét vuông": "m2", "mét khối": "m3",
}  # fmt: skip

_HEDGES: list[tuple[str, str]] = [
    # an estimate that rounds ("ước tính gần 160 tỷ đồng") is approximate as a whole
    ("ước tính gần", "approx"),
    ("ước tính khoảng", "approx"),
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

_MONEY_WORDS = (
    r"(?:trị giá|giá trị|ủng hộ|hỗ trợ|kinh phí|số tiền|tiền|quyên góp|đóng góp|vận động được|"
    r"tài trợ|chi|thu|thu nhập|doanh thu|lãi|lương|nguồn vốn|vốn|dư nợ|cho vay|tặng|tiếp nhận|"
    r"nhà hảo tâm)\b"
)
_MONEY_CONTEXT = re.compile(rf"{_MONEY_WORDS}[^.;:!?]{{0,40}}$", re.IGNORECASE)
# A scaled number alone in brackets or a list after a donor ("Công ty A (500 triệu)") is money
# when its sentence speaks of money anywhere before it.
_MONEY_IN_SENTENCE = re.compile(rf"{_MONEY_WORDS}[^.!?]*$", re.IGNORECASE)

# Words just before a number that make it a name, a date part, an ordinal or a document number.
_NOT_BEFORE = re.compile(
    r"(?:\b(?:ngày|tháng|năm|quý|lần thứ|thứ|khóa|khoá|thôn|buôn|bon|"
    # the tail of a longer word names nothing ("hòa giải 684 vụ", "lập biên bản 18 vụ")
    r"(?<!biên )(?<!văn )bản|làng|xóm|khu phố|"
    r"tổ|tổ dân phố|ấp|khối|tầng|lần|(?<!định )kỳ|tuần|đội|cụm|"
    r"tiểu đoàn|trung đoàn|sư đoàn|đồn|"
    # "Trong số 52 đại biểu": among, not a number's name
    # "dân số 17.432 nghìn người" is the population, "quãng đường 15 m" a distance
    r"lớp|(?<!trong )(?<!tổng )(?<!thiểu )(?<!đa )(?<!dân )số|phường|quận|(?<!quãng )đường|"
    r"nghị quyết|quyết định|chỉ thị|"
    r"kết luận|kế hoạch|thông tư|"
    r"nghị định|công văn|thông báo|hướng dẫn|chương trình|đề án|(?<!pháp )luật|"
    r"điều|khoản|(?<!danh )mục|phần|"
    r"nhiệm kỳ|giai đoạn|niên khóa|kỳ họp|phiên|đợt|vòng|(?<!vũ )trang|km|quốc lộ|vành đai|tỉnh lộ|"
    # `tập` is a volume as a title ("Tập 2") or after a book, lowercase alone it is "to practise"
    r"(?-i:Tập)|(?:sách|truyện|phim|tài liệu)\s+tập|"
    r"hương lộ|huyện lộ|đường (?:tỉnh|huyện|xã|liên xã|liên huyện|liên thôn)|cao tốc|"
    r"(?-i:ĐT|ĐH|QL|TL|HL)|tiểu khu|khoảnh|lô|thửa|tờ bản đồ|mã|hotline|đường dây nóng|tổng đài|"
    r"covid|sars-cov|(?<!trẻ )(?<!cao )(?<!lớn )tuổi|top|hạng|cấp độ|"
    r"nhóm|loại|"
    # a prize's rank names it ("đạt giải Ba môn kéo co", "giải 3"), and so does the number of
    # a quarter of a town ("khu 4 tập thể dục")
    r"(?<!hòa )(?<!hoà )giải|(?<![\w-])khu|"
    r"số hiệu|phòng|căn hộ|nhà số|"
    r"mùa|vụ mùa|ngày thứ|tuần thứ|kỷ niệm|kỉ niệm|huy hiệu|"
    # "tăng gấp 3 lần": a comparison, not a count
    r"gấp)\s*[-–]?\s*|[-–]\s*)$",
    re.IGNORECASE,
)

# The period a report or a running total covers is its span, no figure (rule 5.1).
_REVIEWED_PERIOD = re.compile(r"\b(?:lũy kế|luỹ kế|sơ kết|tổng kết)\s+$", re.IGNORECASE)
_PERIOD_UNIT = re.compile(r"\s*(?:tháng|năm|quý)(?![\w])", re.IGNORECASE)
# What follows a number that makes the whole phrase the span of the period or an age.
_NOT_AFTER = re.compile(
    r"^\s*(?:tuổi|năm qua|tháng qua|năm gần đây|tháng gần đây|tháng đầu năm|tháng cuối năm|"
    r"năm gắn bó|năm công tác|năm cống hiến|"
    r"năm trở lại đây|năm (?:thực hiện|thi hành|triển khai|hoạt động|thành lập|xây dựng)|"
    r"năm (?:ngày|truyền thống|chiến thắng|giải phóng|kỷ niệm|lịch sử)\b|"
    # "95 năm Mặt trận", "50 năm Ngày giải phóng": N years of a named body or day
    r"năm\s+(?-i:[A-ZĐ])|"
    r"ngày qua|tuần qua|quý đầu năm|"
    # "OCOP 5 sao", "đạt 4 sao": a grade of stars, not a count
    r"sao\b|"
    r"không\b|có\b|sạch\b|xây\b|chống\b|tốt\b|giảm\b|an\b|đủ\b|nhất\b|nhiều\b|cùng\b|"
    r"[-–]\s*(?:ĐH|ĐU|BC|KH|QĐ|NQ|CT|TB|UB|HD|TU|BDV|TTg|CP|NĐ|TT))",
    re.IGNORECASE,
)

_WORD = r"[^\W\d_][\w-]*"
_WORD_LOWER = r"(?-i:[a-zà-ỹđ][\w]*)"
_DIGITS = r"\d+(?:[.,]\d+)*"
_SPELLED_RE = "|".join(sorted(_SPELLED, key=len, reverse=True))
_SCALE_RE = "|".join(_SCALES)

_TOKEN = re.compile(
    rf"(?<![\w.,])(?<!\d/)(?:(?P<digits>{_DIGITS})(?![\d])|(?P<spelled>(?:mười(?:\s+(?!năm\b)(?:{_SPELLED_RE}))?|{_SPELLED_RE})"
    rf"(?:\s+(?:mươi|mười)(?:\s+(?:{_SPELLED_RE}))?)?"
    rf"(?:\s+trăm(?:\s+(?:linh|lẻ)?\s*(?:{_SPELLED_RE}))?)?)(?![\w]))",
    re.IGNORECASE,
)
_DATE_LIKE = re.compile(r"\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?|\d{1,2}[hg]\d{0,2}|\d{1,2}:\d{2}")
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


def _phrase_pattern(phrases: list[str]) -> str:
    """Alternatives longest first; a space in a phrase matches any run of spaces."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


def _key(words: str) -> str:
    """A phrase as the lexicon spells it: lower case, single spaces."""
    return " ".join(words.lower().split())


_NOT_AFTER_VI = {"người", "dân", "em", "cháu", "trẻ", "trẻ em", "thiếu nhi", "lao động", "cá nhân"}
_UNIT_TABLE = {p: (u, i) for p, u, i in _UNIT_PHRASES}
for _p in _PERSONS:
    _UNIT_TABLE.setdefault(_p.lower(), ("người", None if _p == "người" else _p))
# "64 vị chức sắc", "2 vị khách": the respectful classifier `vị` counts the persons after it.
for _p in _PERSONS:
    if _p.islower() and _p not in _NOT_AFTER_VI:
        _UNIT_TABLE.setdefault(f"vị {_p}", ("người", _p))
        # "70 nữ đại biểu", "15 nam thanh niên": a sex before the person noun only describes
        _UNIT_TABLE.setdefault(f"nữ {_p}", ("người", _p))
        _UNIT_TABLE.setdefault(f"nam {_p}", ("người", _p))
# "140 em thiếu nhi", "30 cháu học sinh": the classifier of children before the noun is
# dropped and the noun is the item (rule 2.11)
for _p in ["học sinh", "sinh viên", "thiếu nhi", "thiếu niên", "nhi đồng", "học viên", "đội viên"]:
    _UNIT_TABLE.setdefault(f"em {_p}", ("người", _p))
    _UNIT_TABLE.setdefault(f"cháu {_p}", ("người", _p))
for _p in ["con", "cháu", "trẻ", "em", "bé"]:
    _UNIT_TABLE.setdefault(f"đứa {_p}", ("người", _p))
for _p in _HOUSEHOLDS:
    _UNIT_TABLE.setdefault(_p, ("hộ", None if _p == "hộ" else _p))
for _p in _COUNTERS:
    _UNIT_TABLE.setdefault(_p.lower(), (_p, None))
_COUNTER_KEYS = {_p.lower() for _p in _COUNTERS}
_ITEM_KEYS = {_key(_p) for _p in _ITEMS}
_UNIT_RE = re.compile(rf"\s*(?P<u>{_phrase_pattern(list(_UNIT_TABLE))})(?![\w²])", re.IGNORECASE)
_QUOTED_UNIT = re.compile(
    rf"\s*[“\"](?P<u>{_phrase_pattern(list(_UNIT_TABLE))})(?![\w²])", re.IGNORECASE
)
_ITEM_RE = re.compile(rf"\s+(?P<i>{_phrase_pattern(_ITEMS)})(?![\w])", re.IGNORECASE)
# The base of a rate: a known per-unit word, any unit word of the lexicon, or (after "/") any
# one word ("10.000 đồng/phiếu").
_BASE = rf"{_phrase_pattern([*_PER_WORDS, *_UNIT_TABLE])}"
# After `mỗi` ("each") comes a noun, known or not: "mỗi trạm", "mỗi điểm bỏ phiếu" (its first
# word is the base).
_EACH_NOUN = r"(?!khi\b|lúc\b|người\b)(?-i:[a-zà-ỹđ]+(?:-[a-zà-ỹđ]+)*)"
# `ngôi` before the noun is only its classifier: "mỗi ngôi trường" is per school.
_EACH_CLASSIFIER = r"(?:ngôi\s+(?=[^\W\d_]))?"
_PER_RE = re.compile(
    # "22 triệu đồng/1km": a base may be written with its `1`
    r"(?P<lead>\s*/\s*(?:1\s*(?=[^\W\d_]))?|(?:\s+(?:tiền mặt|tiền|hỗ trợ|cho))?\s+mỗi\s+"
    r"|\s+trên\s+(?:một\s+|1\s+)?|\s+một\s+)"
    rf"(?:(?<=mỗi ){_EACH_CLASSIFIER})?"
    rf"(?P<p>{_BASE}|(?<=/){_WORD_LOWER}|(?<=mỗi ){_EACH_NOUN})(?![\w])",
    re.IGNORECASE,
)
# Words that end a package's composition and name who received it: `cho`, `tới` right before
# the figure (the figure counts the recipients), or `đã` (a new predicate). A `dành cho X`
# inside the package's phrase ("Mỗi suất dành cho sinh viên trị giá 2 triệu đồng") does not
# end it, nor does a participle before a figure joined by `và` ("80 con gà đã tiêm phòng và 3
# bao thức ăn").
_RECIPIENT = re.compile(r"\b(?:cho|tới|đến tay)\s+(?:[^\W\d_]+\s+){0,2}$", re.IGNORECASE)
_PAST = re.compile(r"\bđã\b", re.IGNORECASE)
_JOINED_BY_VA = re.compile(r"\bvà\s+$", re.IGNORECASE)
# A `mỗi X` later in the figure's own phrase (no comma, no other number between) is its base:
# "2 chiến sĩ tại mỗi điểm bỏ phiếu", "2 cán bộ bám nắm mỗi thôn". A `mỗi X` followed by a
# number in its clause opens a rate of its own ("200 triệu đồng thì mỗi hộ được vay 20…"), and
# so does a connective (`thì`, `nhưng`, `còn`, `nên`) before it.
_PER_AFTER = re.compile(
    r"(?:(?!\b(?:thì|nhưng|còn|nên)\b)[^.;,:!?\d()]){0,40}?"
    rf"\bmỗi\s+{_EACH_CLASSIFIER}(?P<p>{_BASE}|{_EACH_NOUN})(?![\w])"
    r"(?![^.;,:!?]*?(?:\d|\bmột\b))",
    re.IGNORECASE,
)
# Further bases of the same rate ("/người/tháng") belong to the surface; the first is `per`.
_MORE_BASES = re.compile(rf"(?:\s*/\s*(?:{_BASE}|{_WORD_LOWER})(?![\w]))+", re.IGNORECASE)
_SCALE_AFTER = re.compile(rf"\s*(?P<s>(?:(?:{_SCALE_RE})(?![\w])\s*)+)", re.IGNORECASE)
_RANGE_SEP = re.compile(
    r"\s*(?:[-–—]|đến|tới)(?:\s*(?:dưới|gần|hơn|trên)(?=\s))?\s*", re.IGNORECASE
)
_OUT_OF = re.compile(r"/(?P<m>\d+(?:\.\d{3})*)(?=\s)")
_AT_LEAST_AFTER = re.compile(r"\s+trở lên(?![\w])", re.IGNORECASE)
_HEDGE_WORDS = {word for phrase, _ in _HEDGES for word in phrase.split()} | {"từ", "có", "đạt"}
_HEDGE_BEFORE = re.compile(
    rf"(?:^|(?<=[\s(]))(?P<h>{_phrase_pattern([h for h, _ in _HEDGES])}|từ)\s+$", re.IGNORECASE
)
_PER_CONTEXT = re.compile(
    rf"(?:mỗi|trung bình (?:một|mỗi)|bình quân (?:một|mỗi))\s+{_EACH_CLASSIFIER}"
    rf"(?P<p>{_BASE}|{_EACH_NOUN})"
    r"(?![\w])",
    re.IGNORECASE,
)
# Where a clause ends, and with it a package's composition ("mỗi suất gồm …").
# A total after a comma ("…, toàn chi hội thu được 4,5 triệu", "…, nâng tổng số lên …") ends
# one too; a total inside the clause ("Mỗi hộ được chọn hàng với tổng giá trị 500 nghìn
# đồng") is the amount of its rate.
# So does a comma before `và` ("36 đội, mỗi đội 5 ĐVTN, và 1.200 lượt khán giả"): a package's
# parts are joined by a comma or by `và`, not both.
_CLAUSE_END = re.compile(
    r"[.;!?\n]\s|như vậy|,\s*(?:toàn|cả|và)\s|,\s*(?:[^\W\d_]+\s+){0,2}?tổng\b", re.IGNORECASE
)
_TIME_OF_DAY = re.compile(
    r"(?:\blúc|\bvào|\bhồi|\btừ|\bđến|\btrước|\d\s*(?:giờ|h))\s*(?:khoảng\s+|gần\s+)?$",
    re.IGNORECASE,
)
# (not across a comma: "1.240 đảng viên, tỷ lệ kết nạp hằng năm đạt 8,1%" is a new clause)
_YEARLY_AFTER = re.compile(r"^[^.;!?,]{0,30}\b(?:hằng năm|hàng năm|mỗi năm)\b", re.IGNORECASE)
# "Hằng năm, …" opening a sentence makes the whole sentence yearly.
# So does "Hằng năm hợp tác xã chế biến …" or "Bình quân hằng năm, …" without its comma
# (rule 3.2: a frequency opening a sentence is the base of its counts). A yearly word right
# after another figure ("thu 900 triệu đồng mỗi năm từ trang trại rộng 4 ha") is that
# figure's base only.
_YEARLY_BEFORE = re.compile(
    r"(?<!\d\s)(?<!đồng\s)\b(?:hằng năm|hàng năm|mỗi năm)\b[^.;!?]{0,30}$"
    r"|(?:^|[.!?;]\s+)(?:bình quân\s+|trung bình\s+)?(?:hằng năm|hàng năm|mỗi năm)\b"
    r"(?:[^.;!?]|\.(?=\d))*$",
    re.IGNORECASE,
)
# "thu nhập hằng năm": the yearly word qualifies the money noun before it, not the counts.
_YEARLY_MONEY = re.compile(
    r"\b(?:thu nhập|doanh thu|lãi|lợi nhuận|lương)\s+(?:hằng|hàng|mỗi) năm\b", re.IGNORECASE
)
# How long an event lasted or since when ("trong 2 ngày", "sau 2 ngày triển khai") is a span.
# A hedge may come between ("Sau gần 3 tháng vận động"); "kéo dài hơn 3 tháng" (a dispute
# that lasted) is labelled a figure.
# "trong thời gian 5 ngày", "sau thời gian 3 giờ lao động", "từ trước đó hai tháng": the
# same spans with their noun of time or their `đó`.
_SPAN_WORD = re.compile(
    r"\b(?:trong|sau|suốt|qua|cách đây|trước|kéo dài|chậm nhất(?: là)?)\s+"
    r"(?:(?:khoảng\s+)?thời gian\s+|đó\s+)?(?:(?:gần|hơn|khoảng|chừng|trên)\s+)?$",
    re.IGNORECASE,
)
# "mở cửa hàng được 2 năm", "chỉ dùng được 1-2 năm": how long something has gone on.
_GONE_ON = re.compile(r"\bđược\s+(?:(?:gần|hơn|khoảng|chừng|trên)\s+)?$", re.IGNORECASE)
# What follows a span that makes it an offset, a period or a length of service, not a count:
# "hai giờ trước khi đóng hòm phiếu", "5 ngày làm việc sau khi nhận", "5 năm một lần",
# "hơn 12 năm kinh nghiệm".
# So is "2 năm trước", "hơn 20 năm về trước", "3 ngày sau,": an offset (rule 5.1).
_SPAN_AFTER = re.compile(
    r"\s*(?:làm việc\s+)?(?:trước|sau)\s+khi\b|\s*(?:một lần|/\s*lần)\b"
    r"|\s*(?:về\s+)?(?:trước|sau)\s*(?:[,.;:!?)]|$)"
    r"|\s*(?:kinh nghiệm|tuổi nghề|tuổi đảng|tuổi đời|tuổi quân)\b",
    re.IGNORECASE,
)
# A list of clock times ("5 giờ, 7 giờ 30, 13 giờ và 16 giờ"): one member with its minutes
# makes every member a time of day, and so do three members or more ("phát cơm lúc 5 giờ,
# 10 giờ và 17 giờ"), which no count of hours is written as.
_CLOCK_LIST = re.compile(
    r"\d{1,2}\s*giờ(?:\s+\d{1,2}\b)?(?:\s*(?:,|và)\s*\d{1,2}\s*giờ(?:\s+\d{1,2}\b)?)+",
    re.IGNORECASE,
)
_CLOCK_MEMBER = re.compile(r"\d{1,2}\s*giờ", re.IGNORECASE)
# The term of a loan, a project or a contract is a figure even after `trong` ("cho 9 hộ vay
# trong 24 tháng", "Dự án thực hiện trong thời gian 36 tháng", rule 5.1).
_LOAN_TERM = re.compile(
    r"\b(?:vay(?:\s+vốn)?|(?:dự án|hợp đồng)\b[^.;!?,]{0,20}?)\s+trong\s+"
    r"(?:(?:khoảng\s+)?thời gian\s+)?$",
    re.IGNORECASE,
)
# "bóng đá nam 7 người": the size of a team names the kind of game, no one is counted.
_GAME_FORMAT = re.compile(r"\bbóng đá(?:\s+(?:nam|nữ|mini))?\s+$", re.IGNORECASE)
# How long an event lasted is a span, but how long a case or a dispute has gone on is what a
# report counts ("Vụ khiếu kiện đã kéo dài hơn 2 năm").
_LASTED = re.compile(r"\bkéo dài\s+(?:(?:gần|hơn|khoảng|chừng|trên)\s+)?$", re.IGNORECASE)
_DISPUTE_BEFORE = re.compile(
    r"\b(?:vụ|khiếu nại|khiếu kiện|tố cáo|tranh chấp|đơn thư|kiến nghị)\b[^.!?;]*$",
    re.IGNORECASE,
)
# A number inside a quoted name ("Phiên chợ 0 đồng", “Tổ liên kết 3 nhà”) is part of the name.
_OPEN_QUOTE = re.compile(r"[“\"][^”\"\n]{0,60}$")
_CLOSE_QUOTE = re.compile(r"^[^“”\"\n]{0,60}[”\"]")
# "trên" before a route or stretch means "on" ("trồng cây trên 3 tuyến đường").
_LOCATIVE_UNITS = {"tuyến", "đoạn", "tuyến đường", "địa bàn"}
_SENTENCE_START = re.compile(r"(?:^|[.!?:;…]\s+|\n|[-–•*]\s+|\(\s*)$")
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
        elif word == "mười":
            current += 10  # "mười hai" = 12: ten, then the units after it
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
    """Every figure in `text`, in the order they appear (see the module docstring).

    Offsets refer to `reading_text(text)`, the text in NFC with its spaces kept; surfaces and
    items are copied from the text as written (double spaces, an Icelandic "Ð" for "Đ"), so a
    surface is an exact substring of the NFC text.
    """
    written = unicodedata.normalize("NFC", text or "")
    text = reading_text(text)
    found: list[_Candidate] = []
    pending: list[_Candidate] = []
    ages_end = -1  # where the last bare number read as an age ends
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
        if candidate.unit is None and (
            _AGE_BEFORE.search(text, max(0, candidate.start - 12), candidate.start)
            or (ages_end >= 0 and _AGE_LIST_GAP.fullmatch(text, ages_end, candidate.start))
        ):
            # "các cụ tròn 70, 75, 80 và trên 100, 2 cụ …": a list of ages, not of counts.
            ages_end = candidate.end
            continue
        if candidate.unit is None:
            last = found[-1] if found else None
            if last is not None and not pending and _shares_unit_after(text, last, candidate):
                # "khu vực 1: 812 cử tri; khu vực 2: 765": the list's first unit goes on.
                candidate.unit, candidate.item = last.unit, last.item
                if candidate.unit == "người" and candidate.item is None:
                    candidate.item = _persons_of_label(text, candidate)
                found.append(candidate)
            elif counted := _counted_by_label(text, candidate):
                # "Số phiếu hợp lệ: 1.398", "tổng số cử tri của xã là: 6.214": the label
                # before the colon names what the bare number counts.
                candidate.unit, candidate.item = counted
                found.append(candidate)
            elif parent := _broken_down(text, found, candidate):
                # "238 cuộc giám sát (37 cấp huyện, 201 cấp xã)": the parts of a total by
                # level, in a bracket after it, are counted in its unit (rule 2.14)
                candidate.unit, candidate.item = parent.unit, parent.item
                found.append(candidate)
            elif _persons_of_label(text, candidate, in_list=True):
                # "Danh sách cử tri các ấp: ấp A: 864; ấp B: 1.203": the label or the heading
                # of a list names the persons its bare numbers count.
                candidate.unit = "người"
                candidate.item = _persons_of_label(text, candidate, in_list=True)
                found.append(candidate)
            else:
                pending.append(candidate)
            continue
        # "xã A: 120; xã B: 95 hội viên": the bare numbers listed just before share the unit.
        chain = [candidate]
        for bare in reversed(pending):
            if not _listed(text, bare, chain[0]):
                break
            chain.insert(0, bare)
        for bare in chain[:-1]:
            bare.unit, bare.item = candidate.unit, candidate.item
            if _CHANGE_GAP.fullmatch(text, bare.end, candidate.start):
                bare.per = candidate.per  # "từ 25.000 lên 30.000 đồng/suất": the same rate
            found.append(bare)
        pending = []
        found.append(candidate)
    return [_finish(written, text, c) for c in sorted(found, key=lambda c: c.start)]


# A bracket right after a figure and the words of its activity, listing parts by level.
_BRACKET_AFTER_FIGURE = re.compile(r"(?:\s+(?-i:[a-zà-ỹđ]+)){0,4}\s*\(\s*(?:[^()]*[,;]\s*)?$")
_LEVEL_AFTER = re.compile(r"\s+(?:ở\s+)?cấp\s+(?-i:[a-zà-ỹđ]+)")


def _broken_down(text: str, found: list[_Candidate], bare: _Candidate) -> _Candidate | None:
    """The figure whose parts by level a bare number gives in a bracket after it, or None."""
    if not found or bare.scaled or not _LEVEL_AFTER.match(text, bare.end):
        return None
    for parent in reversed(found):
        if parent.unit in {None, "đồng", "%"} or parent.end > bare.start:
            continue
        if bare.start - parent.end > 200:
            return None
        if text.rfind("(", parent.end, bare.start) < 0:
            continue  # an earlier part of the same bracket ("(37 cấp huyện, 201 …")
        if _BRACKET_AFTER_FIGURE.fullmatch(text, parent.end, bare.start):
            return parent
        return None
    return None


def reading_text(text: str) -> str:
    """The text as `extract_figures` reads it and as its offsets count: NFC, one kind of Đ."""
    return unicodedata.normalize("NFC", text or "").translate(_D_LOOKALIKES)


_D_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ", "ɖ": "đ"})


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


# A bare number after these words is an age ("các cụ tròn 70, 75", "độ tuổi 60"), and so are
# the bare numbers listed after it.
_AGE_BEFORE = re.compile(r"\b(?:tròn|tuổi|thọ|cụ|cụ ông|cụ bà)\s+$", re.IGNORECASE)
_AGE_LIST_GAP = re.compile(r"\s*(?:,|và|,\s*và|hoặc)\s*", re.IGNORECASE)


# Between two members of a list: a separator, then perhaps the next member's label ("tổ 2: ").
_LIST_GAP = re.compile(r"\s*(?:[;,]|,?\s*và)\s*(?:[^;,.!?:\n]{1,40}:\s*)?", re.IGNORECASE)


def _listed(text: str, first: _Candidate, then: _Candidate) -> bool:
    """Whether two numbers are neighbours in a list (`xã A: 120; xã B: 95 hội viên`); in a
    list opened by a colon a member's label needs no colon of its own (`phân loại: loại tốt
    18, loại khá 7, trung bình 2 chi hội`)."""
    return bool(
        _LIST_GAP.fullmatch(text, first.end, then.start)
        or _OUT_OF_GAP.fullmatch(text, first.end, then.start)
        or (
            _CHANGE_GAP.fullmatch(text, first.end, then.start)
            and re.search(r"\btừ\s+$", text[max(0, first.start - 5) : first.start], re.I)
        )
        or (
            _LABEL_GAP.fullmatch(text, first.end, then.start)
            and _LIST_OPENED.search(text, max(0, first.start - 120), first.start)
        )
    )


# A separator, then a short label of lowercase words (no number, no verb of its own needed).
_LABEL_GAP = re.compile(r"\s*[;,]\s*(?-i:[a-zà-ỹđ]+)(?:\s+(?-i:[a-zà-ỹđ]+)){0,3}\s+")
# A colon earlier in the same sentence opens the list.
_LIST_OPENED = re.compile(r":[^.!?:\n]*$")


# "từ 25.000 lên 30.000 đồng", "từ 12 xuống còn 3 hộ": a change, two figures; the first takes
# the unit (and the rate) written after the second.
_CHANGE_GAP = re.compile(r"\s+(?:lên|tăng lên|xuống|giảm xuống|xuống còn|còn)\s+", re.IGNORECASE)
# "15 trên tổng số 18 thôn": the part takes the unit of the whole.
_OUT_OF_GAP = re.compile(
    r"\s+(?:trên\s+(?:tổng\s+số\s+)?|trong\s+(?:tổng\s+)?số\s+)", re.IGNORECASE
)  # "2 trong số 5 xã" too


_LIST_END = re.compile(r"\s*(?:[;,.)]|$|\s+và\b)")


_SENTENCE_MARK = re.compile(r"[!?\n]|\.(?!\d)")


def _sentence_start(text: str, end: int) -> int:
    """Where the sentence holding `end` begins: after the last `.`, `!`, `?` or line break
    before it, a dot that groups thousands ("12.450") being none."""
    start = 0
    for mark in _SENTENCE_MARK.finditer(text, 0, end):
        start = mark.end()
    return start


def _persons_of_label(text: str, bare: _Candidate, *, in_list: bool = False) -> str | None:
    """The noun of persons that a bare number after a colon counts, from its own label
    (`trong đó cử tri lần đầu đi bầu: 736`) or, for a member of a list, from the heading
    before the list's first colon (`Danh sách cử tri …: ấp A: 864; ấp B: 1.203`)."""
    if bare.scaled or not isinstance(bare.value, int) or not _LIST_END.match(text, bare.end):
        return None
    sentence = _sentence_start(text, bare.start)
    before = text[sentence : bare.start]
    if not re.search(r":\s*$", before) or (in_list and before.count(":") < 2):
        return None  # in_list: a member of a list opened by a colon, with a label of its own
    label = re.split(r"[,;:(]", before.rstrip()[:-1])[-1]
    for words in (label, before.split(":", 1)[0] if before.count(":") > 1 else ""):
        noun = _PERSON_IN_LABEL.search(words)
        if noun:
            return noun["i"]
    return None


_PERSON_IN_LABEL = re.compile(
    r"(?<![\w])(?P<i>"
    + _phrase_pattern(
        [p for p in _PERSONS if p.islower() and " " in p]
        + ["cử tri", "hội viên", "đoàn viên", "đảng viên"]
    )
    + r")(?![\w])"
)


# A member of a list whose heading names what it counts, the member named by a place or a
# unit written with capitals ("Số nhà bị sập theo xã: Vĩnh Hảo 2, Đồng Yên 4, Hùng An 12").
_HEADED_MEMBER = re.compile(
    rf"(?:^|[.;!?]\s*)(?:tổng\s+)?số\s+(?P<u>{_phrase_pattern(list(_UNIT_TABLE))})(?![\w])"
    r"[^:.;!?\d]{0,40}:(?:[^.;!?:]*,)?\s*(?:(?-i:[A-ZĐÀ-Ỹ])[^\W\d_]*\s+){1,4}$",
    re.IGNORECASE,
)
# A label that names what it counts: "(tổng) số X …" where X is a unit word of the lexicon.
_NUMBER_OF = re.compile(r"\s*(?:tổng\s+)?số\s+", re.IGNORECASE)
_AFTER_LABELLED_COUNT = re.compile(r"\s*(?:[;,.)(]|$|\s+và\b)")


def _counted_by_label(text: str, bare: _Candidate) -> tuple[str, str | None] | None:
    """The unit and item of a bare number after a colon whose own label says what it counts
    (`số phiếu thu về: 1.402`, `tổng số cử tri của xã là: 6.214`), or None."""
    if bare.scaled or not isinstance(bare.value, int):
        return None
    if not _AFTER_LABELLED_COUNT.match(text, bare.end):
        return None
    sentence = _sentence_start(text, bare.start)
    headed = _HEADED_MEMBER.search(text, sentence, bare.start)
    if headed and _UNIT_TABLE[_key(headed["u"])][0] not in {"đồng", "%"}:
        # "Số nhà bị sập theo xã: Vĩnh Hảo 2, Đồng Yên 4": the heading names what the
        # members, each after its place's name, count (rule 2.14)
        return _UNIT_TABLE[_key(headed["u"])]
    before = text[sentence : bare.start]
    if not re.search(r":\s*$", before):
        return _counted_by_label_without_colon(text, sentence, bare)
    label_start = sentence + max(before.rstrip()[:-1].rfind(mark) for mark in ",;:(") + 1
    # the member's own label, then (for a member of a list) the heading before the first colon
    for start in (label_start, sentence) if before.count(":") > 1 else (label_start,):
        number_of = _NUMBER_OF.match(text, start)
        unit = _UNIT_RE.match(text, number_of.end()) if number_of else None
        if number_of and unit and unit.start("u") == number_of.end():
            canonical, item = _UNIT_TABLE[_key(unit["u"])]
            if canonical not in {"đồng", "%"}:
                return canonical, item
    persons = _PERSON_IN_LABEL.search(text, label_start, bare.start)
    if persons:
        return "người", persons["i"]  # "trong đó cử tri nữ: 1.050"
    return None


# "số phiếu phát ra 412, số phiếu hợp lệ 401": a member's label written without its colon,
# `số` and a unit word, then at most three words (what happened to them) before the number.
_LABEL_WITHOUT_COLON = re.compile(
    rf"\s*(?:tổng\s+)?số\s+(?P<u>{_phrase_pattern(list(_UNIT_TABLE))})(?![\w])"
    r"(?P<w>(?:\s+(?-i:[a-zà-ỹđ]+)){0,3})\s+$",
    re.IGNORECASE,
)


_LABEL_SAID = re.compile(
    rf"(?:^|[,;:(]|\bvà)\s*(?:(?:tổng\s+)?số|trong đó)\s+"
    rf"(?P<u>{_phrase_pattern(list(_UNIT_TABLE))})(?![\w])"
    r"(?:\s+[^\W\d_]+){0,6}\s+là\s+$",
    re.IGNORECASE,
)


def _counted_by_label_without_colon(
    text: str, sentence: int, bare: _Candidate
) -> tuple[str, str | None] | None:
    """The unit of a bare number that a label of its own ("số phiếu thu về 409") opens, in a
    list whose members are separated by commas or semicolons after a colon."""
    before = text[sentence : bare.start]
    said = _LABEL_SAID.search(text, sentence, bare.start)
    if said:
        # "số đại biểu được bầu là 32", "và số người đạt yêu cầu là 380": a label of its own
        # that `là` ends names what the number counts (rule 2.14)
        canonical, item = _UNIT_TABLE[_key(said["u"])]
        if canonical not in {"đồng", "%"}:
            return canonical, item
    label_start = sentence + max(before.rfind(mark) for mark in ",;:(") + 1
    if ":" not in before and not _NUMBER_OF.match(text, sentence):
        return None  # in a list opened by a colon or by a label ("Số phiếu hợp lệ 401; …")
    label = _LABEL_WITHOUT_COLON.fullmatch(text, label_start, bare.start)
    if not label:
        return None
    canonical, item = _UNIT_TABLE[_key(label["u"])]
    if canonical in {"đồng", "%"} or (canonical != "người" and not label["w"]):
        return None  # "Số nhà 12", "số thẻ 0345": a number that names, no count
    return canonical, item


def _shares_unit_after(text: str, first: _Candidate, bare: _Candidate) -> bool:
    """A bare number right after a labelled member of a list, itself ending a member."""
    if first.unit in {None, "%", "đồng"} or first.qualifier == "range":
        return False
    gap = text[first.end : bare.start]
    labelled = _LIST_GAP.fullmatch(text, first.end, bare.start) and ":" in gap
    return bool(labelled and _LIST_END.match(text, bare.end))


def _read_at(text: str, match: re.Match[str]) -> _Candidate | None:
    """The figure starting at a number token, or None when the number is not a figure."""
    before = text[max(0, match.start() - 40) : match.start()]
    if _in_quoted_name(text, match.start()):
        return None
    if (
        _NOT_BEFORE.search(before)
        and not _EVERY_PERIOD.search(before)
        # "quỹ đồng đội 40 triệu đồng": a name's number takes no scale word of money
        and not _MONEY_SCALE_AFTER.match(text, match.end())
        and not (_SIZE_BEFORE.search(before) and _SIZE_AFTER.match(text, match.end()))
        and not (_VERB_OF_PERSONS.search(before) and _counts_persons(text, match.end()))
    ):
        return None
    if (
        _LEVEL_BEFORE.search(before)
        and re.fullmatch(r"\d{1,2}", match.group())
        and not _CLASSIFIER_AFTER.match(text, match.end())
    ):
        return None  # "bão cấp 12", "cấp 3": a level; "cấp 450 bao phân" is the verb to grant
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
        if re.search(r"\b(?:hàng|hằng|mỗi|cả|quanh|những|các|nhiều|vài|năm)\s+$", before, re.I):
            return None  # "hàng năm", "mỗi năm", "cả năm": the year, not five
        if re.search(r"\d\s+$", before):
            return None  # "87 năm": the word is a noun after a number
        if _key(match["spelled"]) == "năm" and _YEAR_NOUN_AFTER.match(text, match.end()):
            return None  # "năm đầu", "năm thứ hai", "năm nay": the year, not five
        if _key(match["spelled"]) == "tư" and re.search(r"\b(?:đầu|riêng)\s+$", before, re.I):
            return None  # "đầu tư cống thoát nước", "riêng tư": a word, not four
        spelled = True
    c = _Candidate(match.start(), match.end(), value, spelled=spelled)
    rest = text[c.end :]
    if _NOT_AFTER.match(rest):
        return None
    if _REVIEWED_PERIOD.search(before) and _PERIOD_UNIT.match(rest):
        return None  # "Lũy kế 10 tháng", "sơ kết 2 năm vận động": the period a report covers
    _read_scale(text, c)
    _read_range(text, c)
    if c.qualifier != "range" and _read_out_of(text, c) is False:
        return None
    _read_unit(text, c)
    small = not c.scaled and c.qualifier != "range" and c.value < 100 and c.unit is None
    if (
        small
        and _after_name(text, c.start)
        and not _HEADED_MEMBER.search(text, _sentence_start(text, c.start), c.start)
    ):
        return None  # "Hải Châu 1", "Phú Nhuận 3", "P.2": a small number ending a name
    if c.spelled and c.unit is None:
        return None
    if c.unit == "tổ chức" and not _ORGANIZATIONS_AFTER.match(text, c.end):
        c.unit, c.end = None, match.end()  # "10/10 tổ dân phố tổ chức phần lễ": the verb
        _read_out_of(text, c)
    if c.unit is None and not c.scaled and re.match(r"\s*:", text[c.end : c.end + 3]):
        return None  # "khu vực 2: 588": the number before a colon names the member

    if not _is_quantity(text, c):
        return None
    _read_hedge(text, c)
    if (
        c.spelled
        and c.value == 1
        and c.qualifier == "exact"
        and c.start == match.start()
        and not _AFTER_A_LISTED_FIGURE.search(text, max(0, c.start - 60), c.start)
        and not _PACKAGE_OPENED.search(text, _sentence_start(text, c.start), c.start)
    ):
        # "một nhà tài trợ": một without a hedge is an article, not a count, unless it is one
        # member of a list of figures ("10 kg gạo và một thùng dầu ăn").
        return None
    if c.unit is None and c.scaled and _MONEY_CONTEXT.search(text[max(0, c.start - 60) : c.start]):
        c.unit = "đồng"
    if (
        c.unit is None
        and c.scaled
        and _SCALE_WORD_MONEY.search(text[c.start : c.end])
        and _MONEY_IN_SENTENCE.search(text[max(0, c.start - 300) : c.start])
    ):
        c.unit = "đồng"
    _read_per(text, c)
    if c.unit is None and c.scaled and c.per is not None:
        c.unit = "đồng"
    if c.unit is None and not c.scaled and "." in match.group() and _PRICE_BEFORE.search(before):
        c.unit = "đồng"  # "trị giá 7.000.000": money with the word left out
    if (
        c.unit is None
        and not c.scaled
        and isinstance(c.value, int)
        and 1900 <= c.value <= 2100
        and "." not in match.group()
    ):
        return None  # a year standing alone ("2.093", grouped, is a count)
    if c.unit is None and OPEN_COUNTERS and not c.spelled and not c.scaled:
        _read_open_counter(text, c)
    if c.unit == "đồng" and c.value == 0:
        return None  # "Phiên chợ 0 đồng", "Tết 0 đồng": the name of a free market
    return c


# "N tổ chức" counts organizations only when nothing or a kind of organization follows; before
# an object it is the verb "to organize".
_ORGANIZATIONS_AFTER = re.compile(
    r"(?:\s*(?:[,.;:)]|$|và\b|\s+(?:tôn giáo|cơ sở|chính trị|thành viên|xã hội|đoàn thể|đảng|"
    r"quốc tế|phi chính phủ|kinh tế|cá nhân|hội|nhân đạo|từ thiện|công đoàn)\b))",
    re.IGNORECASE,
)
# The end of a figure's list member just before: a number, a few words, then `,` or `và`.
# A package's composition ("Mỗi suất gồm xôi, chả và một hộp sữa", "Mỗi suất học bổng gồm:
# 8 triệu đồng; một khóa học …"): each thing in it is counted, `một` too (rule 4.1); a colon
# after `gồm` opens a list whose members a semicolon separates.
_PACKAGE_OPENED = re.compile(
    r"\bmỗi\s+(?:[^\W\d_]+\s+){1,3}?gồm\b(?:\s*:[^.!?]*|[^.;!?]*)$", re.IGNORECASE
)
_PACKAGE_COLON = re.compile(r"\bmỗi\s+(?:[^\W\d_]+\s+){1,3}?gồm\s*:[^.!?]*$", re.IGNORECASE)
_AFTER_A_LISTED_FIGURE = re.compile(r"\d[^.;:!?\d()]{1,40}?(?:,|\bvà)\s*$")
_YEAR_NOUN_AFTER = re.compile(
    r"\s+(?:đầu|cuối|thứ|nay|qua|tới|sau|trước|ngoái|đó|này|học|mới)\b", re.IGNORECASE
)
# "can dầu ăn loại 5 lít": a size, not the name of a grade (`loại 1`)
_SIZE_BEFORE = re.compile(r"\bloại\s+$", re.IGNORECASE)
_SIZE_AFTER = re.compile(r"\s*(?:lít|ml|kg|m|cm|mm|m2|m3|tấn|tạ|inch)(?![\w])", re.IGNORECASE)
_MONEY_SCALE_AFTER = re.compile(r"\s*(?:nghìn|ngàn|triệu|tỷ|tỉ)\s+đồng\b", re.IGNORECASE)
_PRICE_BEFORE = re.compile(r"\b(?:trị giá|giá trị|số tiền|kinh phí|tổng cộng)\s*(?:là\s*)?$")
# "mỗi tháng 300.000 đồng": after a time frame of a rate the number is an amount, not a date.
# A document's name is capitalised and numbered ("Hướng dẫn 12-HD/BDV"); written in lower case
# before a count of persons or households it is the verb ("đã hướng dẫn 1.200 người dân").
_VERB_OF_PERSONS = re.compile(r"(?-i:hướng dẫn|thông báo)\s+$")


def _counts_persons(text: str, end: int) -> bool:
    """Whether the number ending at `end` is followed by a unit of persons or households."""
    unit = _UNIT_RE.match(text, end)
    return bool(unit and _UNIT_TABLE[_key(unit["u"])][0] in {"người", "hộ"})


_EVERY_PERIOD = re.compile(
    r"\b(?:(?:mỗi|hằng|hàng|(?:trung bình|bình quân)\s+(?:một|mỗi))\s+(?:ngày|tuần|tháng|quý|năm)"
    r"|mỗi(?:\s+[^\W\d_]+){1,3}),?\s*$",
    re.IGNORECASE,
)
_LEVEL_BEFORE = re.compile(
    r"(?<!được )(?<!đã )(?<!sẽ )(?<!khẩn )(?<!nâng )\bcấp\s*$", re.IGNORECASE
)
_SCALE_WORD_MONEY = re.compile(r"(?:triệu|tỷ|tỉ)\s*$", re.IGNORECASE)


def _in_quoted_name(text: str, start: int) -> bool:
    """Whether the number at `start` is inside a short quoted title (“Tổ liên kết 3 nhà”,
    "Phiên chợ 0 đồng"): part of a name, not a figure."""
    opening = _OPEN_QUOTE.search(text, max(0, start - 60), start)
    if not opening or not _CLOSE_QUOTE.match(text[start : start + 62]):
        return False
    return opening.group()[0] == "“" or text.count('"', 0, start) % 2 == 1


_NAME_BEFORE = re.compile(r"(?P<w>[^\W\d_][^\W\d_]*)(?P<dot>\.?) ?$")


def _after_name(text: str, start: int) -> bool:
    """Whether the number at `start` follows a capitalised word of a name ("Hải Châu 1",
    "Bản Duồng 1", "P.2") rather than the first word of a sentence or a hedge ("Có 85")."""
    word = _NAME_BEFORE.search(text, max(0, start - 30), start)
    if not word or not word["w"][0].isupper():
        return False
    if word["dot"]:
        return True  # "P.2", "H.3"
    if word["w"].isupper() and len(word["w"]) > 1:
        return False  # an acronym of a body: "Hội CTĐ 9 huyện"
    if _SENTENCE_START.search(text, 0, word.start("w")):
        return False
    return word["w"].lower() not in _HEDGE_WORDS


_CLOCK_AFTER = re.compile(
    r"\s*(?:\d{1,2}\b|sáng|chiều|tối|trưa|đêm|khuya|,?\s*(?:ngày|hôm|cùng ngày|mùng)\b)",
    re.IGNORECASE,
)


_LUNAR_MONTH = re.compile(r"\s+(?-i:Giêng|Chạp|Một|Hai|Ba|Tư|Năm|Sáu|Bảy|Tám|Chín|Mười)\b")


def _is_quantity(text: str, c: _Candidate) -> bool:
    """False for a time of day or a span of time ("lúc 7 giờ 30 phút", "trong 2 ngày")."""
    before = text[max(0, c.start - 20) : c.start]
    if c.unit in {"giờ", "phút", "giây"} and _TIME_OF_DAY.search(before):
        return False  # "lúc 7 giờ", "7 giờ 30 phút", "10h 30 phút": a time of day
    if c.unit == "giờ" and _CLOCK_AFTER.match(text, c.end) and c.value <= 24:
        return False  # "21 giờ ngày 23-5", "15 giờ 30", "8 giờ sáng": a time of day
    if c.unit in {"tháng", "ngày"} and re.match(r"\s*\d{1,2}\b", text[c.end :]):
        return False  # "Quảng trường 2 tháng 9", "19 tháng 5": a date
    if c.unit == "tháng" and _LUNAR_MONTH.match(text, c.end):
        return False  # "25 tháng Chạp", "mùng 8 tháng Giêng": a date of the lunar calendar
    if c.unit == "giờ" and any(
        m.start() <= c.start < m.end()
        and (re.search(r"giờ\s+\d", m.group()) or len(_CLOCK_MEMBER.findall(m.group())) >= 3)
        for m in _CLOCK_LIST.finditer(text, max(0, c.start - 60), c.end + 60)
    ):
        return False  # "là 5 giờ, 7 giờ 30 và 13 giờ": a list of clock times
    if c.unit == "người" and _GAME_FORMAT.search(before):
        return False
    if c.unit == "giờ" and re.match(r"24\s*/\s*24\b", text[c.start : c.end]):
        return False  # "trực 24/24 giờ": round the clock, no count of hours
    if c.unit in {"năm", "tháng", "ngày", "tuần", "đêm", "giờ"} and not c.scaled:
        after = text[c.end : c.end + 25].lower()
        if re.match(r"\s*tuổi\b", after):
            return False  # "08 tháng tuổi": an age
        if re.match(r"\s*(?:qua|gần đây|trở lại|đầu|cuối|liền|liên tiếp|nay)\b", after):
            return False
        # ("phát thanh được 230 giờ": hours done are work measured in time, rule 2.1)
        if _SPAN_AFTER.match(text, c.end) or (c.unit != "giờ" and _GONE_ON.search(before)):
            return False
        if (
            c.qualifier != "range"
            and _SPAN_WORD.search(before)
            and not _LOAN_TERM.search(text, max(0, c.start - 60), c.start)
        ):
            sentence = max(text.rfind(mark, 0, c.start) for mark in ".!?;\n") + 1
            if not (_LASTED.search(before) and _DISPUTE_BEFORE.search(text, sentence, c.start)):
                return False
    return True


def _read_scale(text: str, c: _Candidate) -> None:
    """Scale words after a number, and the smaller parts written after them: "1 tỷ 618 triệu
    đồng", "3 tỷ 952 triệu 919 ngàn 223 đồng"."""
    scale = _SCALE_AFTER.match(text, c.end)
    if not scale:
        return
    c.value = _scaled(c.value, scale["s"])
    c.end = scale.end("s") - (len(scale["s"]) - len(scale["s"].rstrip()))
    c.scaled = True
    factor = _factor(scale["s"])
    while factor > 1 and isinstance(c.value, int):
        part = _SCALE_PART.match(text, c.end)
        if part and _factor(part["s"]) < factor and int(part["n"]) < 1000:
            factor = _factor(part["s"])
            c.value += int(part["n"]) * factor
            c.end = part.end("s")
            continue
        tail = _TAIL_PART.match(text, c.end)
        if tail and factor == 1000:
            c.value += int(tail["n"])
            c.end = tail.end("n")
        break


def _factor(scale_words: str) -> int:
    factor = 1
    for word in scale_words.lower().split():
        factor *= _SCALES[word]
    return factor


_SCALE_PART = re.compile(rf"\s+(?P<n>\d{{1,3}})\s*(?P<s>{_SCALE_RE})(?![\w])", re.IGNORECASE)
_TAIL_PART = re.compile(r"\s+(?P<n>\d{1,3})(?=\s*(?:đồng|đ)(?![\w]))", re.IGNORECASE)


def _read_range(text: str, c: _Candidate) -> None:
    """`2-3 triệu đồng`, `từ 50 đến dưới 100 triệu`, `từ 3% đến 5%`, `từ 500 triệu đồng đến 2
    tỷ đồng`: a scale word written once applies to both bounds; a unit written after the first
    bound must be written after the second too."""
    position, first_unit = c.end, None
    if not c.spelled:
        unit = _UNIT_RE.match(text, c.end)
        if unit and (unit["u"] == "%" or _key(unit["u"]) == "đồng"):
            position, first_unit = unit.end("u"), _key(unit["u"])
    sep = _RANGE_SEP.match(text, position)
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
        if not c.scaled and first_unit is None and _scaled(c.value, words) < upper:
            # A range rises: "từ 500.000 đến 1 triệu đồng" keeps its first bound as written.
            c.value = _scaled(c.value, words)
            c.scaled = True
        end = scale.end("s") - (len(words) - len(words.rstrip()))
    if first_unit is not None:
        unit = _UNIT_RE.match(text, end)
        if not unit or _key(unit["u"]) != first_unit:
            return
    if upper <= c.value:
        return  # "3-2" and the like are not ranges
    c.value_max, c.end, c.qualifier = upper, end, "range"


def _read_out_of(text: str, c: _Candidate) -> bool | None:
    """`12/12 xã`: the figure is 12, its surface includes `/12`. False for a document number."""
    slash = _OUT_OF.match(text, c.end)
    if slash:
        c.end = slash.end()
        scale = _SCALE_AFTER.match(text, c.end)
        if scale and not c.scaled:
            # "386/350 triệu đồng": the scale word written once applies to both numbers.
            c.value = _scaled(c.value, scale["s"])
            c.end = scale.end("s") - (len(scale["s"]) - len(scale["s"].rstrip()))
            c.scaled = True
        return True
    if re.match(r"/\s*[A-ZĐa-zđ]{1,6}[-–]", text[c.end : c.end + 12]):
        return False
    return None


_PLACES = {
    "xã", "phường", "thị trấn", "thôn", "buôn", "bon", "bản", "làng", "xóm", "ấp", "huyện", "tỉnh",
    "thành phố", "quận", "thị xã", "khu phố", "tổ dân phố", "khu dân cư", "địa phương",
}  # fmt: skip
# Units of the lexicon's first table that measure goods and take an item after them; counter
# nouns take one too, except places and spans of time (the `_NO_ITEM` set).
_MEASURES = {
    "tấn", "kg", "suất", "lượt", "ha", "m2", "m3", "khối", "m", "tạ", "căn", "lít", "ml", "xe đạp",
    "ba lô",
}  # fmt: skip
_NO_ITEM = {
    "đồng", "%", "người", "hộ", "xã", "phường", "thị trấn", "thôn", "buôn", "bon", "bản", "làng",
    "xóm", "ấp", "huyện", "tỉnh", "thành phố", "quận", "năm", "tháng", "ngày", "tuần", "giờ",
    "phút", "ngày công", "khu phố", "tổ dân phố", "khu dân cư", "km2", "địa phương",
    "hồ chứa",  # "hồ chứa nước": the water is part of the name
}  # fmt: skip


def _read_unit(text: str, c: _Candidate) -> None:
    unit = _UNIT_RE.match(text, c.end)
    quoted = None if unit else _QUOTED_UNIT.match(text, c.end)
    if quoted and text[quoted.end() : quoted.end() + 1] in {"”", '"'}:
        # "4 “Mái ấm Công đoàn”": the unit is the quoted name of what is counted
        c.unit, c.item = _UNIT_TABLE[_key(quoted["u"])]
        c.end = quoted.end() + 1
        return
    if quoted and _key(quoted["u"]) in _COUNTER_KEYS and quoted["u"][:1].isupper():
        # "604 “Chi hội 5 không, 3 sạch”", "7.200 “Đoạn đường hoa”": a movement's named model,
        # counted by the counter noun its name begins with, whose capital is the name's
        unit = quoted
    if not unit:
        person = _PERSON_BY_SUFFIX.match(text, c.end) or _PERSON_BY_PREFIX.match(text, c.end)
        if person and not c.scaled and not (isinstance(c.value, int) and 1900 <= c.value <= 2100):
            # "15 công an viên", "8 cư dân": a noun of persons the lexicon does not list
            c.unit, c.item, c.end = "người", person["i"], person.end("i")
        return
    words = _key(unit["u"])
    canonical, item = _UNIT_TABLE[words]
    if words == "%" and text[c.end : unit.start("u")].strip():
        return
    if words == "dân" and _DAN_COMPOUND.match(text, unit.end("u")):
        return  # "Năm dân vận", "5 dân tộc": dân begins another word, it counts no one
    if words == "người dân" and re.match(r"\s+tộc\b", text[unit.end("u") :]):
        # "15 người dân tộc Mông": a person of an ethnic group, not `người dân` (2.11)
        unit = _UNIT_RE.match(text, c.end, unit.start("u") + len("người"))
        if not unit:
            return
        words = _key(unit["u"])
        canonical, item = _UNIT_TABLE[words]
    if words == "tỉnh thành" and re.match(r"\s+phố\b", text[unit.end("u") :]):
        # "63 tỉnh thành phố": the province and the city, not `tỉnh thành`
        unit = _UNIT_RE.match(text, c.end, unit.start("u") + len("tỉnh"))
        if not unit:
            return
        words = _key(unit["u"])
        canonical, item = _UNIT_TABLE[words]
    if words == "tuần" and re.match(r"\s+tra\b", text[unit.end("u") :]):
        return  # "Tổ công tác 141 tuần tra": the verb "to patrol", not weeks
    if item is not None and item.lower() == words:
        item = unit["u"]  # copied as written
    end = unit.end("u")
    if item == "nhà" and words != "nhà":
        # "8 ngôi nhà tình nghĩa": the classifier's house keeps the programme's name (2.8)
        named = _ITEM_RE.match(text, end - len("nhà") - 1)
        if named and _key(named["i"]).startswith("nhà "):
            item, end = named["i"], named.end("i")
    c.unit, c.item = canonical, item
    if canonical == words and words in _COUNTER_KEYS and unit["u"] != words and not quoted:
        c.unit = " ".join(unit["u"].split())  # "196 Ban bầu cử": a counter noun as written
    c.end = end
    if canonical == "đồng" and c.scaled is False:
        c.scaled = True
    # A counter or a measure is followed by what it counts: "tấn gạo", "con bò", "bộ sách".
    measure = canonical in _MEASURES or (words in _COUNTER_KEYS and canonical not in _NO_ITEM)
    if words.startswith("nhà "):
        measure = False  # "12 nhà chờ xe buýt": a building is counted by its word (2.5, 2.8)
    if words in _LENGTHS and _DIMENSION_BEFORE.search(text, max(0, c.start - 30), c.start):
        measure = False  # "rộng 1,5m đất": a dimension of a thing named before, no item
    if words == "bản" and (record := _RECORD_AFTER.match(text, c.end)):
        # "135 bản trích lục", "786 bản cam kết": `bản` counts copies of a record, not villages
        c.item, c.end = record["i"], record.end("i")
    if (
        item is None
        and words in _OPEN_ITEM_UNITS
        and (whole := _BEGUN_BY_CLASSIFIER.match(text, c.end))
    ):
        # "5.000 khẩu trang", "30 bộ phận": a word that a classifier's syllable only begins is
        # counted by itself (rule 2.5), not as that classifier and a noun
        c.unit, c.end = text[unit.start("u") : whole.end()], whole.end()
        return
    if item is None and measure:
        start = c.end
        if words in _CONTAINERS and (material := _CONTAINER_MATERIAL.match(text, c.end)):
            start = material.end()  # "20 thùng carton mì tôm": what it holds follows its material
        following = _ITEM_RE.match(text, start)
        if following and (
            _STOP_PHRASE_AT.match(text, following.start("i"))
            or (
                _key(following["i"]) in _DESCRIBING
                and words not in _MEASURES_OF_STUFF | _CONTAINERS | _OPEN_ITEM_UNITS
            )
        ):
            # "61 địa phương thông qua …": `thông` (pine) begins `thông qua`; "02 heo giống":
            # after an animal, `giống` is its breed, not seeds
            following = None
        if canonical == "lượt":
            # "120 lượt người dân": the persons counted, by their whole noun (2.12)
            following = _PERSONS_AFTER.match(text, start) or following
        elif following and _key(following["i"]) in _OWNERS:
            following = None  # "hồ sơ hộ tịch", "12 hồ sơ hộ nghèo": whose they are, no item
        if not following and words in _MEASURES_OF_STUFF | _CONTAINERS:
            # "22 tấn hàng", "300 túi hàng": goods in general by their weight or container,
            # `hàng` not opening a span of time or a count ("hàng năm", "hàng trăm")
            following = _GOODS_AFTER.match(text, start)
        if not following and words in _GROUPING_COUNTERS:
            # "76 đơn vị trường học", "14 đầu mối đơn vị": the counted thing is a counter noun
            # of the lexicon (rule 2.6), a whole word (one syllable may begin a longer one)
            grouped = _UNIT_RE.match(text, start)
            if (
                grouped
                and grouped.start("u") > start
                and " " in grouped["u"]
                and _key(grouped["u"]) in _COUNTER_KEYS
                and _key(grouped["u"]) not in _NO_ITEM | _PLACES | _GROUPING_COUNTERS
            ):
                c.item, c.end = grouped["u"], grouped.end("u")
        if (
            not following
            and words in _OPEN_ITEM_UNITS
            and canonical != "lượt"
            and not _PURPOSE_AT.match(text, start)  # "120 hộp lọc nước": what it is for
        ):
            if words in _PAIR_ITEM_UNITS:
                following = _OPEN_PAIR_RE.match(text, start)
                if following and _DESCRIBING_AT.match(
                    text, following["i"].find(" ") + following.start("i")
                ):
                    following = None  # "5 tấn rơm khô": the second word describes (2.2)
            following = following or _OPEN_ITEM_RE.match(text, start)
            if following and (
                _key(following["i"]) in _NOT_AN_ITEM | _DESCRIBING
                or _STOP_PHRASE_AT.match(text, following.start("i"))
            ):
                following = None  # "400 cây xanh", "25 cây lâu năm": it only describes
            following = following or _COMPOUND_ITEM.match(text, start)
            if (
                following
                and words not in _MEASURES_OF_STUFF
                and any(_key(following["i"]).startswith(m) for m in _MATERIALS)
            ):
                following = None  # "300 chai nhựa": the bottles' material, no item
        if (
            following
            and words not in _OPEN_ITEM_UNITS | _MEASURES_OF_STUFF
            and _key(following["i"]) in _MATERIALS | _MATERIALS_AFTER
        ):
            following = None  # "3 cầu bê tông": a counted work's material only describes it
        if following and _key(following["i"]) in _PLACES:
            following = None  # "7 trạm y tế xã": where they stand, not what they count
        if following and _begins_a_compound(text, following):
            following = None  # "6 cơ sở tôn giáo": tôn (sheet iron) begins `tôn giáo`
        if following and following.re is _ITEM_RE and words in _CONTAINERS:
            following = _content_of(text, start, following)
        if following:
            item_text, item_end = following["i"], following.end("i")
            if following.re is _COMPOUND_ITEM:
                item_text, item_end = _head_noun(following)
                if " " in item_text and _HYPHEN_PAIR.match(text, item_end):
                    # "cuốn tài liệu hỏi - đáp": the last word begins a pair of its own
                    item_text = item_text.rsplit(" ", 1)[0]
                    item_end = following.start("i") + len(item_text)
            if _key(item_text) in _GRADED and (code := _GRADE_AFTER.match(text, item_end)):
                # "40 tấn phân NPK", "viên vitamin A": the grade's code names the product
                item_text, item_end = text[following.start("i") : code.end()], code.end()
            c.item = item_text
            c.end = item_end
    if canonical == "con" and c.item is None and (animal := _ANIMAL_AFTER.match(text, c.end)):
        # "300 con ong mật", "12 con thỏ": an animal the lexicon of items lacks (rule 2.13)
        longer = _COMPOUND_ITEM.match(text, c.end)
        if longer and longer.start("i") == animal.start("i") and len(longer["i"].split()) <= 2:
            animal = longer
        c.item, c.end = animal["i"], animal.end("i")
    if canonical == "con" and c.item is None and (thing := _THING_OF_CON.match(text, c.end)):
        # "312 con hẻm", "4 con kênh": `con` is also the classifier of ways, waters and boats
        c.item, c.end = thing["i"], thing.end("i")
    if words == "nhà" and (building := _BUILDING.match(text, c.end)):
        # Rule 2.8: a `nhà` named by words that are no state of a home is a building, counted
        # as its whole word (`nhà thi đấu`, `nhà bia`); `nhà tạm`, `nhà cho hộ …` stay homes.
        c.unit, c.item, c.end = text[unit.start("u") : building.end("w")], None, building.end("w")
    if c.item is None and canonical == words and words in _COUNTER_KEYS:
        longer = _COUNTER_SECOND.match(text, c.end)
        known = _ITEM_RE.match(text, unit.start("u") - 1) if " " not in words else None
        if known and _key(known["i"]).startswith(words + " ") and words not in _OPEN_ITEM_UNITS:
            # "35 máy tính xách tay", "12 máy bơm nước": a compound of the lexicon that the
            # counter begins is counted whole, whatever follows it (rule 2.5)
            c.unit, c.end = known["i"], known.end("i")
        elif (
            " " not in words
            and words not in _OPEN_ITEM_UNITS | _NO_ITEM | _EVENT_COUNTERS
            and longer
            and _key(longer["w"])
            not in _NOT_A_COUNTER | _DESCRIBING | _MATERIALS | _MATERIALS_AFTER | _RANKS
            and not _DESCRIBING_AT.match(text, c.end)
        ):
            # A counter of one syllable is most often the head of a longer noun the lexicon
            # lacks (`giếng khoan`, `cầu treo`, `máy gặt`): the next word is taken with it
            # when the phrase ends after it, as rule 2.5 writes the whole word.
            c.unit = text[unit.start("u") : longer.end("w")]
            c.end = longer.end("w")
    if (
        canonical == "con"
        and c.item is None
        and (
            _CHILDREN_AFTER.match(text, c.end)
            or not (
                _ANIMALS_BEFORE.search(text, max(0, c.start - 300), c.start)
                or _ANIMALS_LATER.match(text, c.end)
            )
        )
    ):
        # "nuôi 4 con nhỏ", "có 3 con": `con` with no animal named is the children of a family.
        c.unit, c.item = "người", unit["u"]
    if (
        words == "khẩu"
        and c.item is None
        and not _WEAPONS_BEFORE.search(text, max(0, c.start - 90), c.start)
    ):
        # "Gia đình có 7 khẩu", "98.415 khẩu/23.870 hộ": with no gun named, `khẩu` counts the
        # members of households, persons (rule 2.11)
        c.unit, c.item = "người", unit["u"]
    if canonical == "lượt" and c.item is None:
        following = re.match(r"\s+(" + _phrase_pattern(_PERSONS) + r")(?![\w])", text[c.end :])
        following = following or _PERSON_BY_SUFFIX.match(text[c.end :])
        if following:
            c.item = following[1]
            c.end += following.end(1)
        else:
            # "lượt truy cập", "lượt khám", "lượt phản ánh/năm"
            other = (
                _ACT_AFTER.match(text, c.end)
                or _OPEN_PAIR_RE.match(text, c.end)
                or _OPEN_ITEM_RE.match(text, c.end)
            )
            if other and _key(other["i"]) not in _NOT_AN_ITEM:
                c.item, c.end = other["i"], other.end("i")
            elif not other and (vehicle := _VEHICLE_AFTER.match(text, c.end)):
                # "12 lượt xe tuyên truyền", "900 lượt tàu cá xuất bến": the vehicles counted,
                # whatever they did (rule 2.12)
                c.item, c.end = vehicle["i"], vehicle.end("i")


# Goods in general after a measure or a counter ("22 tấn hàng cứu trợ"); `hàng` before a
# word of time or a number word is "every" or "by the" ("hàng năm", "hàng trăm").
_GOODS_AFTER = re.compile(
    r"\s+(?P<i>(?-i:hàng))(?![\w])(?!\s+(?:năm|tháng|ngày|tuần|quý|giờ|đêm|tuần|chục|trăm|nghìn|"
    r"ngàn|vạn|triệu|tỷ|tỉ|loạt|đầu|rào|xóm|quán|không|đầu tiên)(?![\w]))"
)
# Products named by a code of their kind after their noun (`phân NPK` as `phân đạm`, `vitamin
# A`, `xăng A95`), which is part of their name; after `phân bón` (fertilizer) it only grades it.
_GRADED = {"phân", "vitamin", "xăng"}
_GRADE_AFTER = re.compile(r" (?-i:[A-Z][A-Z0-9]{0,4})(?![\w-])")
# Measures of length, and the words of a dimension before them (`dài 80 m`, `rộng 1,5m`; not
# the verb `mở rộng`, to widen).
_LENGTHS = {"m", "km", "cm", "mm"}
_DIMENSION_BEFORE = re.compile(
    r"(?<!mở )\b(?:dài|rộng|cao|sâu)\s+(?:(?:hơn|gần|khoảng|trên|từ|chừng)\s+)?$", re.IGNORECASE
)
# Whole nouns whose first syllable is also a classifier or a container (`khẩu` of guns, `bộ`
# of sets, `bao` of sacks, `túi` of bags): after that syllable, the rest of the word.
_BEGUN_BY_CLASSIFIER = re.compile(
    r"(?:(?<=khẩu) trang|(?<=bao) bì|(?<=bộ) (?:phận|đàm)|(?<=túi) xách|(?<=bình) xịt)(?![\w])"
)
# Counters that group other things, followed by the counter noun of the things (rule 2.6).
_GROUPING_COUNTERS = {"đơn vị", "đầu mối", "dòng", "vị trí"}
# Acts that `lượt` counts on pages, in services and in consultations (rule 2.12), whole even
# when what they were about follows ("lượt tiếp cận thông tin", "lượt ý kiến đóng góp").
_ACTS = [
    "tiếp cận", "tương tác", "ý kiến", "góp ý", "thích", "yêu thích", "chia sẻ", "bình luận",
    "xem", "theo dõi", "truy cập", "tải", "tải về", "giới thiệu", "chuyển khoản", "khám",
    "khám bệnh", "khám chữa bệnh", "tư vấn", "phản ánh", "kiến nghị", "đóng góp", "dự thi",
    "hiến máu", "tiếp dân", "tiếp công dân", "tra cứu", "đăng ký", "nghe", "đọc",
]  # fmt: skip
_ACT_AFTER = re.compile(rf"\s+(?P<i>(?-i:{_phrase_pattern(_ACTS)}))(?![\w])")


# Vehicles that `lượt` counts, most often followed by what they did.
_VEHICLE_AFTER = re.compile(
    r"\s+(?P<i>(?-i:tàu cá|tàu thuyền|tàu|thuyền|phương tiện|xe máy|xe khách|xe buýt|xe tải|"
    r"xe|ô tô))(?![\w])"
)


# Containers (rule 2.4): what they hold is a substance or a food, most often named by a
# compound whose first syllable alone is also a word of the lexicon (`nước suối`, `nước rửa
# tay`, `sữa bột`, `mì ăn liền`): after a container the lexicon's one-word item takes the words
# after it that form one noun phrase with it, up to a describing or function word.
_CONTAINERS = {
    "thùng", "hộp", "chai", "can", "bình", "bồn", "túi", "gói", "bao", "lọ", "hũ", "két",
    "chậu", "xô", "tuýp", "bịch", "lon", "tô", "giỏ", "thúng", "lốc", "khay",
}  # fmt: skip


def _content_of(text: str, end: int, item: re.Match[str]) -> re.Match[str]:
    """The item after a container: the lexicon's word, or the compound it begins."""
    if " " in item["i"].strip():
        return item
    longer = _COMPOUND_ITEM.match(text, end)
    if not longer or len(longer["i"].split()) not in (2, 3) or text[longer.end("i") :][:1] == "-":
        return item  # "gói muối i-ốt": a word of a loan word's spelling, no compound
    first, *rest = _key(longer["i"]).split()
    if first != _key(item["i"]) or _VERB_AFTER.match(rest[0]):
        return item  # "800 thùng mì gửi …": what was done with them
    return longer


_PERSONS_AFTER = re.compile(rf"\s+(?P<i>{_phrase_pattern(_PERSONS)})(?![\w])")
# Records that `bản` counts as copies (`bản cam kết`); before anything else `bản` is a village.
_RECORD_AFTER = re.compile(
    r"\s+(?P<i>(?-i:cam kết|trích lục|sao|hợp đồng|thỏa thuận|thoả thuận|đăng ký|tường trình|"
    r"kiến nghị|báo cáo|tin|kế hoạch|quy ước|hương ước|nội quy|đơn|đồ))(?![\w])"
)
# Persons and households after a counter that is not `lượt` are whose the things are.
_OWNERS = {_key(p) for p in [*_PERSONS, *_HOUSEHOLDS]}


def _begins_a_compound(text: str, item: re.Match[str]) -> bool:
    """Whether the item found after a counter is only the first word of a longer phrase of the
    lexicon (`tôn` of `tôn giáo`), which is then no item of it."""
    longer = _UNIT_RE.match(text, item.start("i"))
    return bool(longer and longer.end("u") > item.end("i") and _key(longer["u"]) in _NOT_GOODS)


# Counters that are not goods, so that no item of goods begins them.
_NOT_GOODS = {"tôn giáo", "dân tộc", "tổ chức", "cơ quan", "đơn vị", "địa phương"}


# Classifiers and measures are followed by the noun of what they count, whatever it is: after
# them one lowercase word that ends the phrase (punctuation, or a function word or verb after
# it) is the item ("420 lá cờ và…", "6 chiếc xuồng hỗ trợ…"); a word followed by more words
# begins a compound, read up to a describing word by `_COMPOUND_ITEM` ("400 bộ tài liệu
# tuyên truyền"); known compounds are in `_ITEMS` ("tấn xi măng"). Not after `con`, whose
# children and animals are told apart below.
_OPEN_ITEM_UNITS = {
    "chiếc", "cái", "lá", "cuốn", "quyển", "viên", "tấm", "bộ", "hộp", "thùng", "bao", "túi",
    "gói", "chai", "cây", "tờ", "bình", "quả", "bức", "đôi", "tấn", "kg", "tạ", "lít", "lượt",
    "liều", "lứa", "suất", "vé", "can", "khẩu", "m3", "khối", "m2", "ha", "km", "m",
    "lọ", "hũ", "chậu", "xô", "cuộn", "bó", "đàn", "tuýp", "két", "bịch", "lon", "tô", "ram",
    "vỉ", "giỏ", "xấp", "thúng", "lốc", "khay", "nải", "gốc", "cặp",
}  # fmt: skip
# A level (`cấp 3`) is never followed by a classifier or a container: "cấp 12 chiếc máy bơm" is
# the verb to grant, and so is "cấp 15 con bò".
_CLASSIFIER_AFTER = re.compile(
    r"\s+(?:" + "|".join(sorted(_OPEN_ITEM_UNITS | {"con"}, key=len, reverse=True)) + r")(?![\w])"
)
# Measures of weight or volume, and `lượt`, name a substance or an act, often by a word of
# two syllables (`tấn nông sản`, `can nước mắm`, `lượt phản ánh`); classifiers of things
# (`cây sao đen`, `túi an sinh`, `cây phân tán`) take one word only, a second being as often a
# kind or a quality that the labels leave out.
_PAIR_ITEM_UNITS = {
    "tấn", "kg", "tạ", "lít", "can", "thùng", "bao", "hộp", "gói", "chai", "lượt", "bộ",
    "lọ", "hũ", "chậu", "cuộn", "tuýp", "két", "bịch", "lon", "lốc",
}  # fmt: skip
_NOT_AN_ITEM = {
    "cho", "của", "và", "với", "tại", "ở", "trong", "từ", "đến", "tới", "mỗi", "gồm", "để",
    "nhằm", "được", "đã", "sẽ", "đang", "là", "có", "không", "cũng", "thì", "mà", "này", "đó",
    "kia", "trên", "dưới", "khác", "các", "những", "mới", "nữa", "thêm", "còn", "đều", "hơn",
    "lên", "xuống", "ra", "vào", "về", "qua", "bị", "do", "bằng", "theo", "như", "nhưng", "hay",
    "hoặc", "tương", "trị", "giá", "loại", "xanh", "lớn", "nhỏ", "to", "đẹp", "tốt",
    "chết", "hỏng", "bán", "mua", "trao", "tặng", "phát", "hỗ", "xây", "sửa", "làm", "trồng",
    "nuôi", "đạt", "tăng", "giảm", "vượt", "thu", "chi", "góp", "nhận", "dành", "tiếp",
    "năm", "tháng", "ngày", "tuần", "quý", "trở", "đi", "người", "hằng", "hàng", "cả",
    "toàn", "tổng", "trước", "sau", "nay", "rồi", "vẫn", "chưa", "gần", "khoảng", "đầu", "cuối",
    "giống", "dọc", "ven", "quanh", "giữa", "suốt", "tự", "so", "thuộc",
    "miễn phí", "phòng hộ", "sinh sản", "thông qua", "chay", "tạm",
    # conjunctions and adverbs that begin the next clause ("nặng 30kg nên dễ mang theo")
    "nên", "vì", "nếu", "khi", "rằng", "cùng", "luôn", "ngay", "nhờ", "tuy", "dù", "bởi",
}  # fmt: skip
_ITEM_STOP = "|".join(sorted(_NOT_AN_ITEM, key=len, reverse=True))
# One word, or two, that end the phrase ("lít nước", "tấn nông sản được…", "cây phi lao dọc…",
# "lượt phản ánh/năm"); a verb of giving (`ủng hộ`, `hỗ trợ`) or a price is no item.
_ITEM_END = r"(?=\s*(?:[,.;:!?)/\n]|$)|\s+(?:" + _ITEM_STOP + r")(?![\w]))"
_OPEN_ITEM_RE = re.compile(
    r"\s+(?!(?:ủng hộ|hỗ trợ|trị giá|giá trị)\b)(?P<i>(?-i:[a-zà-ỹđ]+))" + _ITEM_END
)
_OPEN_PAIR_RE = re.compile(
    rf"\s+(?!(?:ủng hộ|hỗ trợ|trị giá|giá trị|{_ITEM_STOP})(?![\w]))"
    rf"(?P<i>(?-i:[a-zà-ỹđ]+)\s(?!(?:{_ITEM_STOP})(?![\w]))(?-i:[a-zà-ỹđ]+))" + _ITEM_END
)

# Words that only describe the thing before them: its state, size, colour, breed, diet, price,
# purpose, quality or material (rule 2.2 of LABELLING.md). A noun phrase after a classifier
# ends where one of them begins: "máy cày mini", "sách giáo khoa cũ", "camera an ninh".
_DESCRIBING = {
    # state and age
    "mới", "cũ", "tạm", "cái", "đực", "hỏng", "khô", "tươi", "sống", "chín", "non", "con",
    "già", "sạch",
    "dột nát", "kiên cố", "xuống cấp", "hư hỏng", "đông lạnh", "nguyên chất", "gãy đổ", "gãy",
    # size
    "mini", "lớn", "nhỏ", "to", "cỡ", "loại",
    # colour
    "xanh", "đỏ", "vàng", "trắng", "đen", "tím", "hồng", "nâu", "ruột",
    # breed and origin
    "giống", "lai", "ngoại", "nội", "bản địa", "thuần chủng", "địa phương", "nhập khẩu",
    # diet, way of raising, price
    "chay", "hữu cơ", "thả vườn", "miễn phí", "giá rẻ",
    # purpose, field or owner
    "an ninh", "chăn nuôi", "sinh hoạt", "tuyên truyền", "dân sinh", "học sinh", "gia đình",
    "cứu trợ", "phòng chống", "pháp luật", "sinh sản", "phòng hộ", "an sinh", "bóng mát",
    "y tế", "công cộng", "thiếu nhi", "thể thao", "sát trùng", "sát khuẩn", "khử trùng",
    "khử khuẩn",
    # what it guards against (`sơn chống thấm`, `kè chống sạt lở`, `bảng chống lóa`)
    "chống",
    # the meal (`hộp cơm trưa`)
    "trưa",
    # the occasion ("túi quà Tết": rule 2.9 counts the gifts as `quà`)
    "tết",
    # what powers it
    "năng lượng mặt trời", "năng lượng", "mặt trời", "tích điện",
    # where it stands, or how it is built (`ao nổi`: a pond above ground)
    "phân tán", "nổi",
    # a model to copy (`vườn mẫu`, `khu dân cư kiểu mẫu`)
    "mẫu", "kiểu mẫu",
    # quality and kind
    "led", "truyền thống", "hiện đại", "thông minh", "đa năng", "kháng khuẩn", "chất lượng",
    "các loại", "cao cấp", "bằng", "dinh dưỡng", "phân loại",
    # a grade, a market or a need that goods are sold or given for (`5 tấn rau an toàn`,
    # `cá thương phẩm`, `hàng thiết yếu`, `giống lúa cao sản`, `bơm chuyên dụng`)
    "an toàn", "xuất khẩu", "thương phẩm", "đặc sản", "thiết yếu", "khẩn cấp", "chuyên dụng",
    "chuyên dùng", "công nghệ cao", "cao sản", "năng suất cao", "cải tiến", "cầm tay",
    # how a food is packed (`trà túi lọc` → `trà`)
    "túi lọc",
    # whether a ballot or a record counts (`1.500 lá phiếu hợp lệ`)
    "hợp lệ", "không hợp lệ",
    # the use a book or a record is put to (`sách giáo khoa` → `sách`, rule 2.2)
    "giáo khoa", "tham khảo", "lưu trữ",
    # a dimension, which a measure follows (`2 cầu treo dài 80 m`), or the area a measure
    # of area already is (`310ha diện tích nuôi tôm`)
    "dài", "rộng", "diện tích", "chiều dài", "chiều rộng",
    # age of a plant (`25 cây lâu năm`), use of a weapon (`khẩu súng quân dụng`)
    "lâu năm", "quân dụng", "tự chế",
    # the field or the programme a thing belongs to (`5 lỗi kỹ thuật`, `1 nền tái định cư`),
    # whose first syllable would otherwise be taken as the second of the counter (2.5)
    "kỹ thuật", "tái định cư",
}  # fmt: skip
# What a thing is made of describes it after the thing ("chai nhựa", "bồn nước inox"), but is
# what a measure measures ("120 m3 bê tông", "5 tấn nhựa").
_MATERIALS = {
    "inox", "nhựa", "nhôm", "composite", "bê tông", "nilon", "ni lông", "sinh học", "xốp", "cói",
    "thủy tinh", "thuỷ tinh", "kim loại", "sành", "gốm",
}  # fmt: skip
# Materials that are also goods of their own (`12 khối gỗ`, `60 cây tre`): they describe only
# after the first word of an item (`đôi nạng gỗ`, `bàn ghế gỗ`, `cửa sắt`); so does a uniform,
# goods of its own (`bộ đồng phục`) that only says which a garment is (`chiếc áo đồng phục`).
_MATERIALS_AFTER = {"gỗ", "tre", "sắt", "len", "đồng phục"}
# Materials of a container, after which comes what it holds ("thùng carton mì tôm").
_CONTAINER_MATERIAL = re.compile(
    r"\s+(?:carton|nhựa|inox|xốp|nhôm|sắt|thiếc|composite)(?=\s+(?-i:[a-zà-ỹđ]))"
)
_MEASURES_OF_STUFF = {"tấn", "kg", "tạ", "yến", "lít", "ml", "m3", "khối", "m2", "m", "km", "ha"}
_STARTS_NO_ITEM = "|".join(sorted(_DESCRIBING | _NOT_AN_ITEM, key=len, reverse=True))
_DESCRIBING_STOP = "|".join(
    sorted(_DESCRIBING | _NOT_AN_ITEM | _MATERIALS | _MATERIALS_AFTER, key=len, reverse=True)
)
# The lowercase words after a classifier, container or measure, up to the first function word,
# verb of the lists or describing word: the candidate noun phrase of the item.
# First syllables of the verbs that most often follow a count in reports ("huy động 12 chiếc
# tham gia cứu hộ", "2 tấn giúp vùng lũ"): a phrase they open is what the things did, no item.
_VERB_START = (
    "tham|thực|triển|tiến|hoàn|phối|kết|diễn|giúp|phục|thử|mang|chở|chuyển|đưa|gửi|cứu|cung|"
    "khắc|kịp|dùng|sử|tạo|đảm|hướng|nối|vận|tiếp|đón|mở|lập|đóng|bàn giao|góp"
)
# Verbs of what a thing is for, after its noun: "tấm bạt che mưa", "túi đựng rác", "bồn chứa
# nước". They end the item as describing words do (rule 2.2: purposes are left out).
_PURPOSE_VERBS = "che|đựng|chứa|lọc"
# Verbs that are never the second syllable of a thing's name, so that they end it wherever
# they stand: what the things did or were given for ("2 chiếc xe tải chở hàng").
_DOING_VERBS = "chở|mang|gửi|đưa|giúp|tham|kịp|góp|tặng|trao|đảm"
_PURPOSE_AT = re.compile(rf"\s+(?:{_PURPOSE_VERBS})(?![\w])")
_VERB_AFTER = re.compile(rf"(?:{_VERB_START})$")
_DESCRIBING_AT = re.compile(rf" (?:{_DESCRIBING_STOP})(?![\w])")
# A describing or function phrase of more than one word ("thông qua", "lâu năm").
_STOP_PHRASE_AT = re.compile(
    "(?:"
    + "|".join(sorted((w for w in _DESCRIBING | _NOT_AN_ITEM if " " in w), key=len, reverse=True))
    + r")(?![\w])"
)
_COMPOUND_ITEM = re.compile(
    rf"\s+(?!(?:ủng hộ|hỗ trợ|trị giá|giá trị|{_VERB_START}|{_PURPOSE_VERBS}|{_STARTS_NO_ITEM})"
    r"(?![\w]))"
    rf"(?P<i>(?-i:[a-zà-ỹđ]+)(?:\s(?!(?:{_PURPOSE_VERBS}|{_DOING_VERBS}|{_DESCRIBING_STOP})(?![\w]))"
    r"(?-i:[a-zà-ỹđ]+)){0,4})"
    r"(?![\w])"
)


# Counters of events and trips, whose activity is no part of them (rule 2.7: "3 chuyến xe",
# "5 đợt ra quân"), of the things they group (2.6: "điểm trường"), and of groups of people,
# whose purpose or members only describe them (3.1: "tổ tiết kiệm", "nhóm thanh niên").
_EVENT_COUNTERS = {
    "buổi", "cuộc", "lớp", "đợt", "lần", "phiên", "khóa", "chuyến", "ca", "điểm", "tuyến",
    "đoạn", "đêm", "tổ", "nhóm", "đội", "hội", "ban", "đoàn",
}  # fmt: skip
_COUNTER_SECOND = re.compile(
    rf" (?!(?:{_DESCRIBING_STOP})(?![\w]))(?P<w>(?-i:[a-zà-ỹđ]{{2,}}))"
    rf"(?=\s*(?:[,.;:!?)/\n]|$)|\s+(?:{_DESCRIBING_STOP}|"
    r"(?-i:[A-ZĐÀ-Ỹ]))(?![\w]))"
)


# Ranks and describing words after a counter of one syllable: "2 giải nhì" is counted in
# `giải`, "8 vườn mẫu" in `vườn`, "7 ao nổi" in `ao`, "1 gậy kim loại" in `gậy` (`kim`
# begins the material, rules 2.2 and 2.5).
_RANKS = {"nhất", "nhì", "ba", "tư", "mẫu", "nổi", "kim"}
# Words after `nhà` that keep it a home: its parts, its owner, and the names that charity
# programmes give the homes they build (`nhà nhân ái`, `nhà mái ấm`, `nhà chữ thập đỏ`).
_HOME_WORDS = (
    "bị|mái|dân|của|tường|cửa|nhân|chữ|khăn|đồng|công|tình|đại|ở|bán|người|ông|bà|anh|chị|em|lắp|"
    # what a flood or a storm did to a home (`2.300 nhà ngập`, `nhà sập`, `nhà tốc mái`)
    "ngập|sập|tốc|trôi|cháy|hư|nứt|đổ|sạt|sụp|xiêu"
)
_BUILDING = re.compile(
    rf" (?P<w>(?!(?:{_DESCRIBING_STOP}|{_HOME_WORDS})(?![\w]))(?-i:[a-zà-ỹđ]{{2,}})"
    rf"(?: (?!(?:{_DESCRIBING_STOP})(?![\w]))(?-i:[a-zà-ỹđ]{{2,}}))?)"
    rf"(?=\s*(?:[,.;:!?)/\n]|$)|\s+(?:{_DESCRIBING_STOP}|(?-i:[A-ZĐÀ-Ỹ]))(?![\w]))"
)


# What a machine named by its verb works on: the verb's object is no part of the machine's
# name (`máy sấy lúa` → `máy sấy`, as `máy bơm nước` → `máy bơm`).
_WORKED_ON = {
    "lúa", "thóc", "ngô", "cỏ", "đất", "nước", "chè", "cà", "gỗ", "rác", "cám", "sắn", "mã", "gạo",
}  # fmt: skip


_HYPHEN_PAIR = re.compile(r"\s*-\s*(?-i:[a-zà-ỹđ])")


def _head_noun(found: re.Match[str]) -> tuple[str, int]:
    """The item of a noun phrase after a classifier: the whole phrase when it has up to three
    syllables (`máy cày`, `khoai lang`, `máy vi tính`, `xe cứu thương`), which is how long a
    Vietnamese compound noun is; a longer one is a noun and its topic or place (`cẩm nang
    pháp luật …`), whose first two syllables are the noun."""
    words = found["i"].split()
    if len(words) >= 4 and _key(" ".join(words[:4])) in _COUNTER_KEYS | _ITEM_KEYS:
        words = words[:4]  # "chiếc máy đo huyết áp": a whole word of the lexicon
    elif len(words) > 3 or (len(words) == 3 and words[0] == "máy" and words[2] in _WORKED_ON):
        words = words[:2]
    start = found.start("i")
    return " ".join(words), start + len(" ".join(words))


OPEN_COUNTERS = True


# Nouns that begin with a counter of events but name something else: a case of a disease, a
# song, a boat, a team's line-up.
_NOUNS_OF_EVENT_WORDS = {
    "ca bệnh", "ca nhiễm", "ca mắc", "ca khúc", "ca nô", "ca dao", "ca sĩ", "ca từ", "đội ngũ",
    "đội hình", "nhóm máu", "hội quán", "hội trường", "đoàn thể", "ban công",
}  # fmt: skip


def _read_open_counter(text: str, c: _Candidate) -> None:
    """A number followed by a noun the lexicon lacks counts that noun (`3 chợ`, `96 tin báo
    của …`): the next lowercase word, with the one after it when that one ends the phrase,
    unless the word is a function word, a verb, an adjective or a word of time, and not in a
    sentence opened by the name the number ends ("Xe 3 chở …")."""
    digits = text[c.start : c.end]
    if re.fullmatch(r"\d{5,}|0\d{2,}", digits):
        return  # "CCCD 066090012321", "0236": a code, not a count
    if _NAMING_BEFORE.search(text, max(0, c.start - 20), c.start):
        return  # "Chi đoàn 3 trực", "Trận 2 vòng loại", "Phụ lục 2 kèm theo": names
    opening = _NAME_OPENING.search(text, 0, c.start)
    if opening and _key(opening["w"]) not in _HEDGE_WORDS | _COUNT_VERBS | _OPENING_VERBS:
        return  # "Trận 2 vòng loại …", "Phụ lục 2 kèm theo …": a sentence opened by a name
    noun = _OPEN_COUNTER.match(text, c.end)
    if not noun or _key(noun["w"]) in _NOT_A_COUNTER or not _VOWEL.search(noun["w"]):
        return
    end = noun.end("w")
    known = _ITEM_RE.match(text, end)
    group = "i"
    if not known:
        known, group = _UNIT_RE.match(text, end), "u"
    if (
        known
        and known.start(group) > end
        and "-" not in noun["w"]
        and _key(noun["w"]) not in _EVENT_COUNTERS
        and " " in (found := _key(known[group]))
        and (found in _COUNTER_KEYS or found in _ITEM_KEYS)
        and found not in _OWNERS | _PLACES | _NO_ITEM
    ):
        # "150 bánh xà phòng", "21 gương điển hình", "12.000 trang tài liệu": a classifier
        # the lexicon lacks, followed by a whole word of the lexicon, which is its item (2.4)
        c.unit, c.item, c.end = noun["w"], known[group], known.end(group)
        return
    second = _OPEN_SECOND.match(text, end) or _OPEN_COMPOUND.match(text, end)
    if "-" in noun["w"]:
        second = None  # "18 ki-ốt tra cứu …": a loan word's spelling is the whole word
    if (
        second
        and _key(noun["w"]) in _EVENT_COUNTERS
        and f"{_key(noun['w'])} {_key(second['w'])}" not in _NOUNS_OF_EVENT_WORDS
    ):
        second = None  # "3 ca trực": a shift or a trip is counted apart from its work (2.7)
    if second and _DESCRIBING_AT.match(text, end):
        second = None  # "40 đèn năng lượng mặt trời": a describing phrase begins there
    if second and _key(second["w"]) not in _NOT_A_COUNTER:
        end = second.end("w")
    c.unit, c.end = text[noun.start("w") : end], end


# Nouns that name the number after them, for a noun the lexicon lacks (the lexicon's units
# after them are still read: "chi hội 45 hội viên").
_NAMING_BEFORE = re.compile(
    r"\b(?:chi đoàn|chi hội|chi bộ|khu|hẻm|ngõ|ngách|kiệt|phụ lục|biểu mẫu|mẫu số|trận|ca|"
    r"bảng)\s+$",
    re.IGNORECASE,
)
# A sentence that opens with one capitalised word before its number ("Xe 3 chở …").
_NAME_OPENING = re.compile(r"(?:^|[.!?;:…]\s+|\n|[-–•*(]\s*)(?P<w>(?-i:[A-ZĐÀ-Ỹ][^\W\d_]*))\s+$")
_COUNT_VERBS = {"có", "đạt", "gồm", "còn", "thêm", "được", "đã", "với", "tổng", "trong", "cả"}
# Verbs that open the lines of a report's list, its subject left out ("Xây 5 lò đốt rác.",
# "Lắp 36 cụm loa."): what follows their number is what was built or given, not a name.
_OPENING_VERBS = {
    "xây", "lắp", "trồng", "tặng", "trao", "cấp", "phát", "sửa", "làm", "mở", "lập", "nhận",
    "giúp", "nuôi", "thả", "đào", "khoan", "mua", "xóa", "dựng", "hiến", "góp", "thăm", "in",
    "đăng", "treo", "đón", "tiếp", "khám",
}  # fmt: skip
_VOWEL = re.compile(r"[aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")
_ITEM_KEYS = {_key(i) for i in _ITEMS}
_OPEN_COUNTER = re.compile(r" (?P<w>(?-i:[a-zà-ỹđ]{2,}(?:-[a-zà-ỹđ]+)*))(?![\w-])")
_OPEN_SECOND = re.compile(
    r" (?P<w>(?-i:[a-zà-ỹđ]{2,}))(?=\s*(?:[,.;:!?)\n]|$)|\s+(?:cho|của|và|với|tại|ở|được|đã|"
    r"trong|từ|để|nhằm|là|có)\b)"
)
# A counter noun the lexicon lacks is most often a word of two syllables (`di tích`, `hồ
# chứa`, `quy chế`, `bến đò`): the next lowercase syllable is taken with it when it is no
# function word, verb or adjective of the lists, even when more words follow.
_OPEN_COMPOUND = re.compile(r" (?P<w>(?-i:[a-zà-ỹđ]{2,}))(?![\w])")
_NOT_A_COUNTER = _NOT_AN_ITEM | {
    "ủng", "chứa",
    "tuổi", "giây", "sáng", "chiều", "tối", "trưa", "khuya", "thứ", "tham", "thực", "diễn",
    "kết", "phối", "hoàn", "phản", "nối", "hành", "cũ", "cao", "chiến", "mùa", "tết", "hộ",
    "người", "em", "tổ", "xã", "phường", "thôn", "đường", "cùng", "hội", "đại", "mô",
    "ngày", "giờ", "phút", "lần", "đợt", "năm", "tháng", "quý", "tuần", "kỳ", "khóa", "phiên",
    "sạch", "không", "an", "đủ", "nhất", "nhiều", "xây", "chống", "tốt", "giảm", "bị",
    "gặp", "bầu", "lên", "sinh", "đánh", "chào", "mừng", "kỷ", "kỉ", "ủy", "ban", "xếp",
    "đứng", "triển", "tiến", "thăm", "tặng", "trao", "giúp", "vận", "tuyên", "tập", "học",
    "dự", "đón", "gửi", "đưa", "mở", "lập", "chuyển", "tiếp", "khám", "chữa", "cấp", "phục",
    "hướng", "tạo", "nâng", "đảm", "bảo", "quản", "sử", "dùng", "bàn", "họp", "ký", "đăng",
    "thuộc", "gồm", "chiếm", "bằng", "tương", "đương", "lượng", "số", "trường", "thị",
    # a number next to the words of a document names it (`Nghị quyết 25`, `6 nghị quyết`)
    "nghị", "quyết", "chỉ", "thông", "công", "điều", "khoản", "mục", "chương",
    "nếu", "khi", "vì", "nên", "rằng", "lúc", "ứng", "sau", "khác",
    # verbs after a counter of steps, places or sports (`6 bước bỏ phiếu`, `300 hố xử lý`,
    # `9 môn thi đấu`)
    "bỏ", "xử", "thi",
}  # fmt: skip


_DAN_COMPOUND = re.compile(
    # "dân sinh" (livelihood), but "10 triệu dân sinh sống" counts the people who live there
    r"\s+(?:vận|tộc|cư|chủ|số|sự|quân|sinh(?!\s+sống)|dụng|gian|tình|ý|phòng|trí|quyền)\b",
    re.IGNORECASE,
)

# Sino-Vietnamese nouns of persons end in `viên`, `sĩ`, `dân`, `sư` or `nhân` (công an viên,
# nghệ sĩ, cư dân, kỹ sư, thương nhân), and those of three syllables in `sinh` too (thực tập
# sinh): a number followed by one the lexicon lacks counts persons. `công viên` is a park, a
# cause, a marriage, a private firm or a core (`nguyên nhân`, `hôn nhân`, `tư nhân`, `hạt
# nhân`) is no person, nor is hygiene or welfare (`khu vệ sinh`, `quỹ an sinh`).
_PERSON_BY_SUFFIX = re.compile(
    r"\s+(?P<i>(?!(?:công viên|nguyên nhân|hôn nhân|tư nhân|hạt nhân)\b)"
    r"(?-i:[a-zà-ỹđ]+\s(?:viên|sĩ|sỹ|dân|sư|nhân)|"
    r"[a-zà-ỹđ]+\s[a-zà-ỹđ]+\s(?:viên|sư|(?<!vệ )(?<!an )(?<!phát )(?<!hy )sinh)))"
    r"(?![\w])"
)

# ... and heads of something begin with `trưởng` (trưởng dòng họ, trưởng ban, trưởng bản): one
# word after it, or two that end the phrase; a trade begins with `thợ` (thợ xây, thợ may).
_PERSON_BY_PREFIX = re.compile(
    r"\s+(?P<i>(?-i:thợ\s(?!(?:và|của|cho|với|tại|ở|được|đã|có|là|các)\b)[a-zà-ỹđ]+|"
    r"trưởng\s(?!thành\b)(?:[a-zà-ỹđ]+\s"
    + rf"(?!(?:{_DESCRIBING_STOP})(?![\w]))[a-zà-ỹđ]+"  # "14 trưởng thôn mới": `mới` describes
    + _ITEM_END
    + r"|[a-zà-ỹđ]+)))(?![\w])"
)

# Animals `con` counts; one of them named shortly before ("đàn trâu … có 12 con", "10 con bê …
# mỗi hộ 1 con") keeps a bare `con` the counter.
_ANIMALS = (
    r"bò|bê|trâu|nghé|lợn|heo|gà|vịt|ngan|ngỗng|dê|cừu|thỏ|cá|chó|mèo|ngựa|chim|ong|gia súc|"
    r"gia cầm|vật nuôi|con giống|đàn|tôm|cua|ốc|ếch|lươn|ba ba|hàu|ngao|nghêu"
)
_ANIMAL_AFTER = re.compile(rf"\s+(?P<i>(?-i:{_ANIMALS}))(?![\w])")
# A herd's count runs on through a list ("tổng đàn trâu, bò hơn 340 nghìn con, trong đó …
# Cao Bằng gần 60 nghìn con"), and the animal may be named after its first count ("mua được
# 7 con, đến nay đàn dê …"): an animal anywhere in the sentence keeps `con` the counter
# (`cá nhân` and `đàn ông` are persons).
_AN_ANIMAL = rf"\b(?:{_ANIMALS})\b(?!\s+(?:nhân|ông)\b)"
_ANIMALS_BEFORE = re.compile(rf"{_AN_ANIMAL}[^.!?]*$", re.IGNORECASE)
_ANIMALS_LATER = re.compile(rf"[^.!?]{{0,300}}?{_AN_ANIMAL}", re.IGNORECASE)
# Weapons, which `khẩu` counts; with none named before it, `khẩu` counts persons.
_WEAPONS_BEFORE = re.compile(r"\b(?:súng|pháo|đại bác|vũ khí)\b[^.!?]{0,70}$", re.IGNORECASE)
# Ways, waters and boats, which `con` counts as it counts animals (rule 2.4).
_THING_OF_CON = re.compile(
    r"\s+(?P<i>(?-i:hẻm|ngõ|đường|kênh|mương|sông|suối|rạch|đê|đập|tàu|thuyền|đò|xuồng|dốc|đèo))"
    r"(?![\w])"
)
# ... unless what follows says they are children: "3 con nhỏ", "2 con đang đi học".
_CHILDREN_AFTER = re.compile(r"\s+(?:nhỏ|dại|thơ|ăn học|đi học|đang|còn nhỏ|mồ côi)\b")


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
    word = _key(hedge["h"])
    if word == "từ":
        if c.qualifier == "range" or after:
            c.start -= len(before) - hedge.start("h")
            window = max(0, c.start - 15)
            outer = _HEDGE_BEFORE.search(text[window : c.start])
            if outer and _key(outer["h"]) != "từ":
                c.start = window + outer.start("h")  # "khoảng từ 5 đến 7 hộ": hedge included
        return
    if word == "trên" and _ABOVE_BEFORE.search(text, max(0, c.start - 30), c.start):
        return  # "các kết quả nêu trên 42 hộ…": trên is "above", ending the clause before
    if word == "trên" and c.unit in _LOCATIVE_UNITS:
        return  # "trên 3 tuyến đường": on three roads
    if word == "trên" and re.search(r"\d\s+trên\s+$", text[max(0, c.start - 20) : c.start]):
        return  # "41 trên 45 chi hội": out of, not more than
    if (
        word == "trên"
        and c.unit is not None
        and c.unit not in _MEASURES | {"đồng", "%"}
        and _COUNT_THEN_ON.search(text, max(0, c.start - 50), c.start)
    ):
        return  # "16 ngư dân trên 2 tàu cá": a count, then where they are, "on"
    c.start -= len(before) - hedge.start("h")
    if c.qualifier != "range" and not after:
        c.qualifier = dict(_HEDGES)[word]


# A number and its noun (one to three lowercase words) right before `trên`.
_COUNT_THEN_ON = re.compile(
    r"\d\s+(?!(?:đạt|có|được|là|gồm|với|chiếm)\b)(?-i:[a-zà-ỹđ]+)"
    r"(?:\s+(?!(?:đạt|có|được|là|gồm|với|chiếm)\b)(?-i:[a-zà-ỹđ]+)){0,2}\s+trên\s+$"
)
_ABOVE_BEFORE = re.compile(r"\b(?:nêu|kể|nói|đề cập|ở|như)\s+trên\s+$", re.IGNORECASE)


# (`lứa`, a batch raised at once, is a period too: "4.000 con/lứa" is a rate)
_TIMES = {"năm", "tháng", "tuần", "ngày", "quý", "giờ", "buổi", "lần", "đợt", "lứa"}


def _alternatives(unit: str | None, base: str) -> bool:
    """Whether "N X/Y" names two kinds of the same thing rather than a rate: places
    ("tỉnh/thành phố") or two counter nouns of things ("dự án/ý tưởng")."""
    if {unit, base} <= _PLACES:
        return True
    things = _COUNTER_KEYS - _PLACES - _TIMES
    return unit in things and base in things


def _canonical_base(word: str) -> str:
    """The per-unit word of a rate's base: `phần` → `suất`, `cụ`/`hội viên` → `người`."""
    word = _key(word)
    if word in _PER_CANON:
        return _PER_CANON[word]
    if word in _UNIT_TABLE:
        return _UNIT_TABLE[word][0]
    return word


def _read_per(text: str, c: _Candidate) -> None:
    per = _PER_RE.match(text, c.end)
    if c.unit == "%":
        # Percentages never get a per, but a trailing "/tháng" is still part of the surface.
        if per and per["lead"].strip() == "/":
            c.end = per.end("p")
            more = _MORE_BASES.match(text, c.end)
            c.end = more.end() if more else c.end
        return
    if per and per["lead"].strip() == "/" and _alternatives(c.unit, _canonical_base(per["p"])):
        return  # "34 tỉnh/thành phố", "429 dự án/ý tưởng": alternatives, not a rate
    if per:
        lead = per["lead"].strip().lower()
        word = _key(per["p"])
        if (
            lead == "một" and not re.search(r"trung bình|bình quân", text[c.start - 20 : c.start])
        ) or (lead.startswith("trên") and word in {"xã", "thôn", "hộ"} and c.unit == word):
            per = None
        elif lead.startswith("mỗi") and _canonical_base(word) == c.unit:
            per = None  # "hỗ trợ 15 hộ mỗi hộ 1 con bò": the base of what follows (rule 3.3)
        if per:
            c.per = _canonical_base(word)
            if lead.startswith("/") or lead.startswith("trên"):
                # a trailing "/X" belongs to the surface, "/X/Y" too, and so does "trên X"
                # when it means "per" ("2 buổi trên tuần")
                c.end = per.end("p")
                more = _MORE_BASES.match(text, c.end)
                c.end = more.end() if more else c.end
            return
    composed = "(" in text[max(0, c.start - 150) : c.start] and _RATE_COMPOSED.search(
        text, max(0, c.start - 150), c.start
    )
    if composed and _canonical_base(composed["p"]) != c.unit:
        # "3,5 triệu đồng/người (gồm 3 triệu đồng tiền mặt và quà 500 nghìn đồng)": what a
        # rate is made of is per its base (rule 3.2)
        c.per = _canonical_base(composed["p"])
        return
    clause_start = max([0, *(m.end() for m in _CLAUSE_END.finditer(text, 0, c.start))])
    if "gồm" in text[clause_start - 200 if clause_start > 200 else 0 : c.start] and (
        package := _PACKAGE_COLON.search(text, _sentence_start(text, c.start), c.start)
    ):
        clause_start = min(clause_start, package.start())  # "gồm: 8 triệu đồng; một khóa …"
    contexts = [
        m
        for m in _PER_CONTEXT.finditer(text, clause_start, c.start)
        if not _in_quoted_name(text, m.start())  # “Mỗi xã một sản phẩm”: a name, no base
    ]
    if contexts and (
        _RECIPIENT.search(text, contexts[-1].end(), c.start)
        or (
            _PAST.search(text, contexts[-1].end(), c.start)
            and not _JOINED_BY_VA.search(text, contexts[-1].end(), c.start)
        )
    ):
        contexts = []  # "mỗi suất 1 triệu đồng … đã được trao cho 75 học sinh": not a rate
    frequency = contexts and _FREQUENCY.match(text, contexts[-1].end())
    if frequency and c.unit != "đồng" and frequency.end() <= c.start:
        contexts = []  # "Mỗi tháng một lần, tổ họp với 9 trưởng dòng họ": how often, no rate
    if (
        contexts
        and _TRAILING_PERIOD.search(text, max(0, contexts[-1].start() - 40), contexts[-1].start())
        and _canonical_base(contexts[-1]["p"]) in _TIMES
    ):
        contexts = []  # "900 triệu đồng mỗi năm từ trang trại rộng 4 ha": the money's base only
    if contexts and _in_closed_bracket(text, clause_start, contexts[-1], c.start):
        contexts = []  # "(mỗi suất 700.000 đồng) và 3 chuyến xe": a bracket's base stays in it
    if contexts:
        base = _canonical_base(contexts[-1]["p"])
        if base != c.unit:
            c.per = base
            return
    after = _PER_AFTER.match(text, c.end)
    if after and _canonical_base(after["p"]) != c.unit:
        c.per = _canonical_base(after["p"])  # "2 - 3 con bê giống cho mỗi hộ"
        return
    if c.unit in {None, "năm"}:
        return
    if _YEARLY_MONEY.search(text, clause_start, c.start):
        # "thu nhập hằng năm có 368 hộ đạt trên 50 triệu": only the money is yearly.
        c.per = "năm" if c.unit == "đồng" else None
        return
    if _YEARLY_AFTER.match(text[c.end :]) or _YEARLY_BEFORE.search(text[: c.start]):
        c.per = "năm"


_TRAILING_PERIOD = re.compile(r"\d[^\W\d]*(?:\s+[^\W\d_]+){0,2}\s+$")
_RATE_COMPOSED = re.compile(
    rf"\d[^\W\d]*(?:\s+[^\W\d_]+){{0,2}}\s*/\s*(?P<p>{_BASE})(?![\w])\s*\(\s*(?:bao\s+)?gồm\b"
    r"[^()]*$",
    re.IGNORECASE,
)
_FREQUENCY = re.compile(r"\s+(?:một|hai|ba|\d+)\s+lần\b", re.IGNORECASE)


def _in_closed_bracket(text: str, clause_start: int, context: re.Match[str], end: int) -> bool:
    """Whether a `mỗi X` sits in brackets closed before the figure at `end`."""
    opening = text.rfind("(", clause_start, context.start())
    if opening < 0 or ")" in text[opening : context.start()]:
        return False
    return ")" in text[context.end() : end]


def _finish(written: str, text: str, c: _Candidate) -> Figure:
    """The figure, its surface and item copied from the text as written (same offsets)."""
    item = c.item
    if item is not None:
        at = text.rfind(item, c.start, c.end)
        item = written[at : at + len(item)] if at >= 0 else item
    return Figure(
        surface=written[c.start : c.end],
        value=c.value,
        value_max=c.value_max,
        unit=c.unit or "",
        item=item,
        qualifier=c.qualifier,
        per=c.per,
        start=c.start,
        end=c.end,
    )

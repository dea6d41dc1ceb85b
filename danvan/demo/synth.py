"""A labelled synthetic list of Vietnamese household heads, for measuring de-duplication.

Surnames follow their real shares (Nguyễn ≈ 38 %); middle names carry sex (Văn, Thị); a fifth
of the households appear again, as another organization would have typed them: without
diacritics, in NFD, with a typo, with the name's parts swapped, with old tone placement, with a
wrong CCCD digit, moved to another village, with or without CCCD and phone. Hard negatives come
by themselves: namesakes born the same year in the same commune.

Two kinds of list (`PROFILES`): "easy" is the above; "hard" is how commune officers really type:
CCCD on a third of the rows and phones on a fifth, birth years off by one or missing, villages
written as each officer writes them ("TDP 3", "Tổ dân phố 3", "Tổ 03"; "Thôn 3", "thôn Ba",
"Th.3"; "Buôn Ea Kmát", "Ea Kmat"), CCCD digits swapped or one dropped, a middle name dropped
or cut to its initial, a household listed under the spouse after the head changed, and more
namesakes. "hard-heldback" is a hard list made by other rates and another seed: the matcher is
never tuned on it, only measured.
"""

import random
import unicodedata
from dataclasses import dataclass, replace

from danvan.vi.text import fold

SURNAMES = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 30), ("Huỳnh", 21),
    ("Phan", 45), ("Vũ", 20), ("Võ", 19), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
    ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 6), ("Trương", 6), ("Lâm", 4), ("Mai", 4),
    ("Cao", 4), ("Lương", 3), ("Tô", 3), ("Hà", 4), ("Châu", 2), ("Đoàn", 4), ("Phùng", 2),
    ("Tạ", 2), ("Kiều", 1), ("Triệu", 2), ("Y", 8), ("H'", 6),
]  # fmt: skip
MALE_MIDDLE = ["Văn", "Văn", "Văn", "Đức", "Hữu", "Minh", "Quang", "Xuân", "Công", "Thanh"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Thu", "Mỹ", "Hồng"]
MALE_GIVEN = [
    "Hùng",
    "Dũng",
    "Hưng",
    "Hải",
    "Nam",
    "Long",
    "Sơn",
    "Tuấn",
    "Minh",
    "Quang",
    "Thắng",
    "Thành",
    "Trung",
    "Bình",
    "Phúc",
    "Lộc",
    "Tài",
    "Đức",
    "Hòa",
    "Hoàng",
    "Khoa",
    "Khánh",
    "Kiên",
    "Lâm",
    "Lợi",
    "Mạnh",
    "Nghĩa",
    "Nhân",
    "Phong",
    "Quý",
    "Sang",
    "Tâm",
    "Thái",
    "Thiện",
    "Thịnh",
    "Thuận",
    "Tiến",
    "Toàn",
    "Trí",
    "Trọng",
    "Tú",
    "Tùng",
    "Vinh",
    "Việt",
    "Vũ",
    "Bảo",
    "Cường",
    "Định",
    "Đông",
    "Giang",
    "Hiếu",
    "Hoà",
    "Huy",
    "Kha",
    "Luân",
    "Ngọc",
    "Phát",
    "Quyết",
    "Sáu",
    "Bảy",
    "Tám",
    "Chín",
    "Mười",
    "Tư",
    "Năm",
    "Hai",
    "Ba",
    "Út",
    "Bih",
    "Y'Ngông",
    "Krông",
    "Niê",
    "Mlô",
]
FEMALE_GIVEN = [
    "Hoa",
    "Lan",
    "Hương",
    "Mai",
    "Hạnh",
    "Hằng",
    "Hà",
    "Huệ",
    "Hồng",
    "Liên",
    "Linh",
    "Loan",
    "Lý",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Thảo",
    "Thủy",
    "Thúy",
    "Trang",
    "Tuyết",
    "Vân",
    "Xuân",
    "Yến",
    "Anh",
    "Bích",
    "Châu",
    "Dung",
    "Giang",
    "Hiền",
    "Hòa",
    "Khuê",
    "Lệ",
    "Loan",
    "Lụa",
    "Mơ",
    "Mận",
    "Nguyệt",
    "Nhàn",
    "Nương",
    "Phượng",
    "Sương",
    "Tâm",
    "Thanh",
    "Thơm",
    "Thu",
    "Thương",
    "Tình",
    "Trinh",
    "Uyên",
    "Vy",
    "Đào",
    "Cúc",
    "Hoá",
    "Thuỷ",
    "Sen",
    "Tư",
    "Năm",
    "Út",
    "H'Hen",
    "H'Loan",
]


@dataclass
class Record:
    entity: int
    name: str
    birth_year: int
    sex: str
    national_id: str
    phone: str
    commune: str
    village: str


def _cccd(rng: random.Random, sex: str, year: int) -> str:
    code = (0 if year < 2000 else 2) + (1 if sex == "nữ" else 0)
    return f"066{code}{year % 100:02d}{rng.randrange(10**6):06d}"


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    choice = rng.random()
    if choice < 0.4:
        return word[:i] + word[i + 1 :]  # a letter dropped
    if choice < 0.7:
        return word[:i] + rng.choice("anhtiuoc") + word[i + 1 :]  # a letter mistyped
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]  # two letters swapped


_OLD_TONES = {"oá": "óa", "oà": "òa", "uỷ": "ủy", "oạ": "ọa", "uý": "úy", "oả": "ỏa"}


def variant(rng: random.Random, base: Record) -> Record:
    """The same household as another organization typed it."""
    words = base.name.split()
    changes = rng.sample(
        ["fold", "nfd", "typo", "swap", "tones", "cccd", "village", "drop_id", "phone", "case"],
        k=rng.randint(1, 3),
    )
    name = base.name
    if "typo" in changes:
        index = rng.randrange(len(words))
        words[index] = _typo(rng, words[index])
        name = " ".join(words)
    if "swap" in changes and len(words) >= 3:
        name = " ".join(words[-1:] + words[:-1])  # given name written first
    if "tones" in changes:
        for new, old in _OLD_TONES.items():
            name = name.replace(new, old)
    if "case" in changes:
        name = name.upper()
    if "fold" in changes:
        name = fold(name).title()
    if "nfd" in changes:
        name = unicodedata.normalize("NFD", name)
    national_id = base.national_id
    if "cccd" in changes and national_id:
        i = rng.randrange(6, 12)
        national_id = national_id[:i] + str((int(national_id[i]) + 1) % 10) + national_id[i + 1 :]
    if "drop_id" in changes:
        national_id = ""
    phone = base.phone if "phone" not in changes else ""
    village = base.village
    if "village" in changes:
        village = f"Thôn {rng.randint(1, 14)}"
    return Record(base.entity, name, base.birth_year, base.sex, national_id, phone,
                  base.commune, village)  # fmt: skip


_SURNAMES = [s for s, _ in SURNAMES]
_WEIGHTS = [w for _, w in SURNAMES]


def person(rng: random.Random, entity: int, commune: str) -> Record:
    """A household head of `commune`, as its own organization recorded them."""
    sex = "nam" if rng.random() < 0.55 else "nữ"
    middle = rng.choice(MALE_MIDDLE if sex == "nam" else FEMALE_MIDDLE)
    given = rng.choice(MALE_GIVEN if sex == "nam" else FEMALE_GIVEN)
    name = f"{rng.choices(_SURNAMES, _WEIGHTS)[0]} {middle} {given}".replace("H' ", "H'")
    year = rng.randint(1935, 2002)
    return Record(
        entity=entity,
        name=name,
        birth_year=year,
        sex=sex,
        national_id=_cccd(rng, sex, year) if rng.random() < 0.7 else "",
        phone=f"09{rng.randrange(10**8):08d}" if rng.random() < 0.5 else "",
        commune=commune,
        village=f"Thôn {rng.randint(1, 14)}",
    )


def generate(
    records: int, *, seed: int = 2021, duplicate_share: float = 0.2, profile: str = "easy"
) -> list[Record]:
    """About `records` rows; rows of one household share `entity`. `profile` is "easy",
    "hard" or "hard-heldback" (see PROFILES)."""
    if profile != "easy":
        return _generate_hard(records, seed, PROFILES[profile])
    rng = random.Random(seed)
    communes = max(1, records // 250)
    out: list[Record] = []
    entity = 0
    while len(out) < records:
        entity += 1
        base = person(rng, entity, f"Xã {rng.randrange(communes):05d}")
        out.append(base)
        if rng.random() < duplicate_share:
            for _ in range(1 if rng.random() < 0.8 else 2):
                out.append(variant(rng, base))
    rng.shuffle(out)
    return out[:records]


@dataclass(frozen=True)
class Profile:
    """Rates of a hard list. Each variant change is drawn with its own probability."""

    duplicate_share: float = 0.2
    cccd: float = 0.35  # rows with a CCCD
    phone: float = 0.2  # households with a phone
    namesakes: float = 0.04  # new households whose head has the name of one already listed
    wards: float = 0.3  # communes that are wards (tổ dân phố) rather than villages (thôn, buôn)
    year_off: float = 0.25
    year_missing: float = 0.05
    village_alias: float = 0.5
    spouse: float = 0.04  # the household listed again under the spouse (the head changed)
    cccd_swap: float = 0.1
    cccd_missing_digit: float = 0.06
    middle: float = 0.1  # middle name dropped or cut to its initial
    name_typo: float = 0.15
    fold: float = 0.25
    seed_offset: int = 0


PROFILES = {
    "hard": Profile(),
    # Never used while writing the matcher: other rates, other seeds.
    "hard-heldback": Profile(
        duplicate_share=0.25, cccd=0.3, phone=0.25, namesakes=0.05, wards=0.4, year_off=0.3,
        year_missing=0.08, village_alias=0.6, spouse=0.05, cccd_swap=0.12,
        cccd_missing_digit=0.08, middle=0.12, name_typo=0.18, fold=0.3, seed_offset=7_919_000,
    ),
}  # fmt: skip

_NUMBER_WORDS = ["", "Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười",
                 "Mười Một", "Mười Hai", "Mười Ba", "Mười Bốn", "Mười Lăm"]  # fmt: skip
BUON_NAMES = ["Ea Kmát", "Kô Siêr", "Tơng Jú", "Ak Đhông", "Ea Bông", "Cuôr Đăng", "Kmrơng Prông",
              "Êa Tam", "Drai Si", "Mlai", "Kdun", "Ea Sut", "Jang Pông", "Ko Tam"]  # fmt: skip


def _village(rng: random.Random, ward: bool) -> tuple[str, str]:
    """(kind, name) of a village: ("tdp", "3"), ("thon", "3") or ("buon", "Ea Kmát")."""
    if ward:
        return "tdp", str(rng.randint(1, 15))
    if rng.random() < 0.3:
        return "buon", rng.choice(BUON_NAMES)
    return "thon", str(rng.randint(1, 15))


def village_text(rng: random.Random, kind: str, name: str, alias: bool) -> str:
    """A village as the household's own organization (alias False) or another officer writes it."""
    if not alias:
        return {"tdp": "Tổ dân phố", "thon": "Thôn", "buon": "Buôn"}[kind] + " " + name
    if kind == "buon":
        return rng.choice([name, f"buôn {name}", f"B. {name}", f"Buôn {fold(name).title()}",
                           f"Buôn {name.replace(' ', '')}", f"bon {name}"])  # fmt: skip
    number = int(name)
    if kind == "tdp":
        return rng.choice([f"TDP {number}", f"TDP{number:02d}", f"Tổ {number}",
                           f"tổ dân phố số {number}", f"TDP số {number:02d}",
                           f"Tổ DP {number}"])  # fmt: skip
    return rng.choice([f"thôn {_NUMBER_WORDS[number]}", f"Th.{number}", f"Thôn {number:02d}",
                       f"T{number}", f"thôn {_NUMBER_WORDS[number].lower()}", f"Thon {number}",
                       f"Thôn số {number}"])  # fmt: skip


def _digit_dropped(rng: random.Random, number: str) -> str:
    i = rng.randrange(len(number))
    return number[:i] + number[i + 1 :]


def _digits_swapped(rng: random.Random, number: str) -> str:
    for _ in range(10):
        i = rng.randrange(len(number) - 1)
        if number[i] != number[i + 1]:
            return number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    return number


def _middle_changed(rng: random.Random, name: str) -> str:
    words = name.split()
    if len(words) < 3:
        return name
    if rng.random() < 0.5:
        return " ".join([words[0], *words[2:]])  # "Nguyễn Hoa"
    return " ".join([words[0], words[1][0] + ".", *words[2:]])  # "Nguyễn T. Hoa"


def _spouse(rng: random.Random, head: Record, profile: Profile) -> Record:
    """The same household recorded under the head's husband or wife."""
    sex = "nữ" if head.sex == "nam" else "nam"
    other = person(rng, head.entity, head.commune)
    while other.sex != sex:
        other = person(rng, head.entity, head.commune)
    year = head.birth_year + rng.randint(-8, 4) * (1 if sex == "nữ" else -1)
    card = _cccd(rng, sex, year) if rng.random() < profile.cccd * 0.5 else ""
    return replace(other, birth_year=year, national_id=card, phone=head.phone,
                   village=head.village)  # fmt: skip


def _hard_variant(
    rng: random.Random, base: Record, village: tuple[str, str], profile: Profile
) -> Record:
    # Only a shared phone ties a spouse's row to the head's: without one, nobody could tell it
    # from a neighbour's household, so such a row is not made.
    if base.phone and rng.random() < profile.spouse:
        return _spouse(rng, base, profile)
    name = base.name
    if rng.random() < profile.middle:
        name = _middle_changed(rng, name)
    if rng.random() < profile.name_typo:
        words = name.split()
        index = rng.randrange(len(words))
        words[index] = _typo(rng, words[index])
        name = " ".join(words)
    if rng.random() < 0.08 and len(name.split()) >= 3:
        name = " ".join(name.split()[-1:] + name.split()[:-1])
    if rng.random() < 0.1:
        for new, old in _OLD_TONES.items():
            name = name.replace(new, old)
    if rng.random() < 0.1:
        name = name.upper()
    if rng.random() < profile.fold:
        name = fold(name).title()
    if rng.random() < 0.05:
        name = unicodedata.normalize("NFD", name)
    year: int | None = base.birth_year
    if rng.random() < profile.year_off:
        year = base.birth_year + rng.choice([-1, 1])
    elif rng.random() < profile.year_missing:
        year = None
    card = base.national_id if rng.random() < 0.6 else ""
    if card and rng.random() < profile.cccd_swap:
        card = _digits_swapped(rng, card)
    elif card and rng.random() < profile.cccd_missing_digit:
        card = _digit_dropped(rng, card)
    if not card and not base.national_id and rng.random() < profile.cccd * 0.3:
        card = _cccd(rng, base.sex, base.birth_year)  # the other list has it, this one not
    phone = base.phone if rng.random() < 0.6 else ""
    place = base.village
    if rng.random() < profile.village_alias:
        place = village_text(rng, *village, alias=True)
    elif rng.random() < 0.03:
        place = ""
    return Record(base.entity, name, year or 0, base.sex, card, phone, base.commune, place)


def _generate_hard(records: int, seed: int, profile: Profile) -> list[Record]:
    rng = random.Random(seed + profile.seed_offset)
    communes = max(1, records // 250)
    wards = {c for c in range(communes) if rng.random() < profile.wards}
    out: list[Record] = []
    listed: dict[int, list[Record]] = {}
    entity = 0
    while len(out) < records:
        entity += 1
        number = rng.randrange(communes)
        commune = f"{'Phường' if number in wards else 'Xã'} {number:05d}"
        base = person(rng, entity, commune)
        known = listed.setdefault(number, [])
        if known and rng.random() < profile.namesakes:
            # Another person of the commune with the same name, born a few years apart.
            other = rng.choice(known)
            year = other.birth_year + rng.randint(-3, 3)
            card = _cccd(rng, other.sex, year) if rng.random() < profile.cccd else ""
            base = replace(base, name=other.name, sex=other.sex, birth_year=year, national_id=card)
        village = _village(rng, number in wards)
        card = base.national_id if rng.random() < profile.cccd / 0.7 else ""
        base = replace(
            base,
            national_id=card if base.national_id else "",
            phone=base.phone if rng.random() < profile.phone / 0.5 else "",
            village=village_text(rng, *village, alias=False),
        )
        known.append(base)
        out.append(base)
        if rng.random() < profile.duplicate_share:
            for _ in range(1 if rng.random() < 0.8 else 2):
                out.append(_hard_variant(rng, base, village, profile))
    rng.shuffle(out)
    return out[:records]


def pair_counts(truth: list[int], predicted: list[int]) -> tuple[int, int, int]:
    """(true positives, predicted pairs, true pairs) over all pairs of rows, from each row's
    true entity and predicted group (rows in no group get their own number)."""

    def pairs(counts: dict[object, int]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both: dict[tuple[int, int], int] = {}
    by_truth: dict[int, int] = {}
    by_pred: dict[int, int] = {}
    for t, p in zip(truth, predicted, strict=True):
        both[(t, p)] = both.get((t, p), 0) + 1
        by_truth[t] = by_truth.get(t, 0) + 1
        by_pred[p] = by_pred.get(p, 0) + 1
    return pairs(both), pairs(by_pred), pairs(by_truth)  # type: ignore[arg-type]


def scores(truth: list[int], predicted: list[int]) -> dict[str, float]:
    tp, predicted_pairs, true_pairs = pair_counts(truth, predicted)
    precision = tp / predicted_pairs if predicted_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}

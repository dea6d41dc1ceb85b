"""A labelled synthetic list of Vietnamese household heads, for measuring de-duplication.

Surnames follow their real shares (Nguyễn ≈ 38 %); middle names carry sex (Văn, Thị); a fifth
of the households appear again, as another organization would have typed them: without
diacritics, in NFD, with a typo, with the name's parts swapped, with old tone placement, with a
wrong CCCD digit, moved to another village, with or without CCCD and phone. Hard negatives come
by themselves: namesakes born the same year in the same commune.
"""

import random
import unicodedata
from dataclasses import dataclass

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


def generate(records: int, *, seed: int = 2021, duplicate_share: float = 0.2) -> list[Record]:
    """About `records` rows; rows of one household share `entity`."""
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

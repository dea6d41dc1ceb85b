"""Vietnamese-aware de-duplication, on hand-made cases and on a fixed labelled sample."""

import unicodedata

from danvan.demo.synth import generate, scores
from danvan.welfare.dedup import Deduplicator, Person

BACKGROUND = [  # other households of the commune, so that word weights are realistic
    Person(100 + i, f"Nguyễn {middle} {given}", 1950 + i % 40, "", "", "", "Hòa Phú", "Thôn 1")
    for i, (middle, given) in enumerate(
        (m, g) for m in ["Văn", "Thị", "Hữu", "Ngọc"] for g in ["An", "Bình", "Cường", "Dũng",
                                                             "Hà", "Lan", "Mai", "Nam"]
    )
]  # fmt: skip


def groups(*people: Person) -> list[list[int]]:
    return Deduplicator([*people, *BACKGROUND]).clusters()


def p(pid: int, name: str, year: int = 1960, **kw: str) -> Person:
    return Person(pid, name, year, kw.get("sex", ""), kw.get("card", ""), kw.get("phone", ""),
                  kw.get("commune", "Hòa Phú"), kw.get("village", "Thôn 3"))  # fmt: skip


def test_the_same_name_written_differently_is_one_household() -> None:
    nfd = unicodedata.normalize("NFD", "Đặng Thị Thuỷ")
    assert groups(p(1, "Đặng Thị Thủy"), p(2, nfd)) == [[1, 2]]  # NFD, new tone placement
    assert groups(p(1, "Đặng Thị Thủy"), p(2, "Ðặng thị  thủy")) == [[1, 2]]  # Ð, case, spaces
    assert groups(p(1, "Đặng Thị Thủy"), p(2, "Dang Thi Thuy")) == [[1, 2]]  # lost diacritics
    assert groups(p(1, "Đặng Thị Thủy"), p(2, "Thủy Đặng Thị")) == [[1, 2]]  # name order
    assert groups(p(1, "Đặng Thị Thủy"), p(2, "Đặng Thị Thuỷy")) == [[1, 2]]  # a typo


def test_different_people_stay_apart() -> None:
    # Nguyễn and Văn say little: a different given name is a different person.
    assert groups(p(1, "Nguyễn Văn Hùng"), p(2, "Nguyễn Văn Hưng")) == []
    # Written in full, Hoa and Hòa are different names (at most a pair for a person to see).
    assert groups(p(1, "Lê Thị Hoa"), p(2, "Lê Thị Hòa")) == []
    assert groups(p(1, "Lê Thị Hoà"), p(2, "Lê Thị Hóa")) == []
    # Namesakes with different CCCDs are different people.
    assert groups(p(1, "Trần Văn Bảy", card="066060012345"),
                  p(2, "Trần Văn Bảy", card="066060987654")) == []  # fmt: skip
    # Same name, twenty years apart.
    assert groups(p(1, "Phạm Thị Khuê", 1950), p(2, "Phạm Thị Khuê", 1970)) == []


def test_cccd_and_phone_are_strong_evidence() -> None:
    card = "066060012345"
    assert groups(p(1, "Trần Văn Bảy", card=card),
                  p(2, "Trần Bảy", 1961, card=card, village="Thôn 9")) == [[1, 2]]  # fmt: skip
    # One wrong digit in the CCCD is taken for a typo.
    assert groups(p(1, "Trần Văn Bảy", card=card),
                  p(2, "Tran Van Bay", card="066060012346")) == [[1, 2]]  # fmt: skip
    assert groups(p(1, "Võ Thị Sen", phone="0905123456"),
                  p(2, "Vo Thi Sen", phone="+84905123456", village="Thôn 4"),
                  ) == [[1, 2]]  # fmt: skip


def test_reasons_are_given_in_vietnamese() -> None:
    finder = Deduplicator([p(1, "Đặng Thị Thủy"), p(2, "Dang Thi Thuy"), *BACKGROUND])
    (match,) = [m for m in finder.matches() if {m.first, m.second} == {1, 2}]
    assert "trùng họ tên" in match.reasons and "cùng năm sinh 1960" in match.reasons


def test_precision_and_recall_floor_on_a_fixed_labelled_sample() -> None:
    records = generate(4000, seed=11)
    finder = Deduplicator(
        Person(i, r.name, r.birth_year, r.sex, r.national_id, r.phone, r.commune, r.village)
        for i, r in enumerate(records)
    )
    labels = list(range(len(records), 2 * len(records)))
    for number, group in enumerate(finder.clusters()):
        for index in group:
            labels[index] = number
    result = scores([r.entity for r in records], labels)
    assert result["precision"] >= 0.98, result
    assert result["recall"] >= 0.95, result

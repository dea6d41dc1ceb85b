"""The third held-back set is labelled data only; these checks keep it well formed without
running the reader on it (its scores are for `danvan extract --evaluate`, not for tuning)."""

from danvan.vi.evaluation import FIELDS, HELD_BACK_3, load_labelled

QUALIFIERS = {"exact", "approx", "more_than", "less_than", "at_least", "range"}


def test_third_held_back_set_is_well_formed() -> None:
    rows = load_labelled(HELD_BACK_3)
    assert len(rows) >= 250
    assert sum(1 for r in rows if not r["figures"]) * 3 >= len(rows)  # a third without a figure
    texts = [str(r["text"]) for r in rows]
    assert len(set(texts)) == len(texts)
    for row in rows:
        text = str(row["text"])
        after = 0
        for figure in row["figures"]:  # type: ignore[attr-defined]
            assert set(figure) <= set(FIELDS), figure
            assert figure["qualifier"] in QUALIFIERS, figure
            assert ("value_max" in figure) == (figure["qualifier"] == "range"), figure
            if figure["qualifier"] == "range":
                assert figure["value_max"] > figure["value"], figure
            if figure["unit"] == "%":
                assert figure["per"] is None, figure  # percentages never get a per
            found = text.find(figure["surface"], after)
            assert found >= 0, (figure["surface"], text)  # in the order they appear
            after = found + 1


def test_third_held_back_set_is_not_taken_from_the_other_sets() -> None:
    from danvan.vi.evaluation import (
        DEVELOPMENT,
        DEVELOPMENT_2,
        DEVELOPMENT_3,
        HELD_BACK,
        HELD_BACK_2,
        LABELLED,
    )

    sets = (LABELLED, DEVELOPMENT, DEVELOPMENT_2, DEVELOPMENT_3, HELD_BACK, HELD_BACK_2)
    others = {str(r["text"]) for path in sets for r in load_labelled(path)}
    assert not {str(r["text"]) for r in load_labelled(HELD_BACK_3)} & others

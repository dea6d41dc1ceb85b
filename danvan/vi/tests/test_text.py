import subprocess
import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from danvan.vi import collation_key, fold, normalize, sort_key


def test_fold_removes_accents_and_case_and_turns_every_d_into_d() -> None:
    assert fold("Đắk Lắk") == "dak lak"
    assert fold("ÐẮK  LẮK") == "dak lak"  # Icelandic eth look-alike and double space
    assert fold(unicodedata.normalize("NFD", "Đắk Lắk")) == "dak lak"
    assert fold("  Hòa Phú ") == "hoa phu"


def test_normalize_composes_and_unifies_lookalikes() -> None:
    assert normalize(unicodedata.normalize("NFD", "Ðắk  Lắk ")) == "Đắk Lắk"


def test_sort_key_follows_the_vietnamese_alphabet() -> None:
    expected = [
        "An Giang", "Ăn Uống", "Ân Thi", "Dak Nong", "Đắk Lắk", "Điện Biên",
        "Ô Môn", "Ơn", "Uông Bí", "Ư", "Zeta",
    ]  # fmt: skip
    assert sorted(reversed(expected), key=sort_key) == expected
    assert sorted(["b", "â", "ă", "a"], key=sort_key) == ["a", "ă", "â", "b"]
    assert sorted(["đa", "dz"], key=sort_key) == ["dz", "đa"]


def test_sort_key_orders_tones_ngang_huyen_hoi_nga_sac_nang() -> None:
    tones = ["ca", "cà", "cả", "cã", "cá", "cạ"]
    assert sorted(reversed(tones), key=sort_key) == tones
    # Letters decide before tones: "cạ" still comes before "cb".
    assert sorted(["cb", "cạ"], key=sort_key) == ["cạ", "cb"]


def test_sort_key_sees_the_same_name_in_nfc_and_nfd_as_equal() -> None:
    assert sort_key(unicodedata.normalize("NFD", "Hòa Phú")) == sort_key("Hòa Phú")


def test_vi_imports_without_django() -> None:
    code = (
        "import sys; from danvan.vi import parse_number, fold; "
        "assert parse_number('74.000') == 74000 and fold('Đ') == 'd'; "
        "assert 'django' not in sys.modules"
    )
    env = {"PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ 0-9'"
    "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọờởỡớợùủũúụừửữứựỳỷỹýỵ"
)


@given(st.text(alphabet=VIETNAMESE, max_size=12), st.text(alphabet=VIETNAMESE, max_size=12))
def test_collation_key_orders_strings_as_sort_key_does(a: str, b: str) -> None:
    assert (collation_key(a) < collation_key(b)) == (sort_key(a) < sort_key(b))
    assert (collation_key(a) == collation_key(b)) == (sort_key(a) == sort_key(b))

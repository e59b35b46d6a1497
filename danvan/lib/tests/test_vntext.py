import datetime as dt
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from danvan.lib.vntext import fold, official_date


def test_fold_removes_diacritics_and_case():
    assert fold("Dân vận KHÉO") == "dan van kheo"


def test_fold_turns_d_with_stroke_into_d():
    assert fold("Đảng bộ tỉnh") == "dang bo tinh"


def test_fold_is_the_same_for_nfc_and_nfd_input():
    text = "Ủy ban nhân dân tỉnh"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text) == "uy ban nhan dan tinh"


def test_fold_collapses_whitespace():
    assert fold("  Sở \t Nội\nvụ ") == "so noi vu"


def test_official_date_pads_days_below_ten_and_january_february():
    assert (
        official_date(dt.date(2024, 3, 6), "Kiên Giang") == "Kiên Giang, ngày 06 tháng 3 năm 2024"
    )
    assert official_date(dt.date(2024, 2, 15)) == "ngày 15 tháng 02 năm 2024"
    assert official_date(dt.date(2024, 12, 25)) == "ngày 25 tháng 12 năm 2024"


VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ "
)


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper(), max_size=60))
def test_fold_of_vietnamese_text_is_plain_ascii_and_idempotent(text):
    folded = fold(text)
    assert folded.isascii()
    assert fold(folded) == folded


@given(st.text(max_size=60))
def test_fold_ignores_unicode_normalisation(text):
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_official_date_always_has_a_two_digit_day(day):
    text = official_date(day)
    assert text.startswith(f"ngày {day.day:02d} tháng ")
    assert text.endswith(f"năm {day.year}")


def test_person_name_puts_the_family_name_first():
    from danvan.lib.vntext import person_name

    assert person_name("Trần Thị Ngọc", "Hân") == "Trần Thị Ngọc Hân"
    assert person_name("", "Hân") == "Hân"


def test_fold_drops_control_characters_but_keeps_spaces():
    assert fold("Dân\x00 vận\tkhéo\x07") == "dan van kheo"

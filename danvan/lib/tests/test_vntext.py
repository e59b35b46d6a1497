import datetime as dt
import unicodedata

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

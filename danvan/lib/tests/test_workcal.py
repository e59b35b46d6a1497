"""The working-day calendar: Vietnamese holidays from `holidays`, weekends and overrides."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.lib.workcal import (
    NATIONAL,
    CalendarRangeError,
    Override,
    WorkCalendar,
    holiday_reason,
    vn_public_holidays,
)

D = dt.date
PLAIN = WorkCalendar()


def span(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def off(calendar: WorkCalendar, first: dt.date, last: dt.date) -> list[dt.date]:
    return [d for d in span(first, last) if not calendar.is_working_day(d)]


def test_tet_2024_is_thursday_8_to_wednesday_14_february():
    assert off(PLAIN, D(2024, 2, 5), D(2024, 2, 16)) == span(D(2024, 2, 8), D(2024, 2, 14))
    assert PLAIN.is_working_day(D(2024, 2, 7)) and PLAIN.is_working_day(D(2024, 2, 15))


def test_tet_2025_is_nine_days_from_saturday_25_january_to_sunday_2_february():
    # Thông báo 6150/TB-BLĐTBXH: 29 Tết (Mon 27/1) to mùng 4 (Sat 1/2), with both weekends.
    assert off(PLAIN, D(2025, 1, 24), D(2025, 2, 3)) == span(D(2025, 1, 25), D(2025, 2, 2))


def test_tet_2026_is_nine_days_from_saturday_14_to_sunday_22_february():
    assert off(PLAIN, D(2026, 2, 13), D(2026, 2, 23)) == span(D(2026, 2, 14), D(2026, 2, 22))


def test_tet_2027_follows_the_same_rule_before_any_announcement():
    assert off(PLAIN, D(2027, 2, 3), D(2027, 2, 11)) == span(D(2027, 2, 4), D(2027, 2, 10))


def test_30_april_and_1_may_with_the_swapped_day_off():
    # 2024: Mon 29/4 off in exchange for Sat 4/5; 2025: Fri 2/5 off for Sat 26/4.
    assert off(PLAIN, D(2024, 4, 26), D(2024, 5, 3)) == span(D(2024, 4, 27), D(2024, 5, 1))
    assert off(PLAIN, D(2025, 4, 29), D(2025, 5, 5)) == span(D(2025, 4, 30), D(2025, 5, 4))
    assert off(PLAIN, D(2026, 4, 29), D(2026, 5, 4)) == span(D(2026, 4, 30), D(2026, 5, 3))


def test_national_day_2_september_plus_the_adjacent_day():
    assert off(PLAIN, D(2024, 9, 2), D(2024, 9, 4)) == [D(2024, 9, 2), D(2024, 9, 3)]
    assert off(PLAIN, D(2025, 8, 29), D(2025, 9, 3)) == span(D(2025, 8, 30), D(2025, 9, 2))
    # 2026: Tue 1/9 and Wed 2/9, plus Mon 31/8 swapped with Sat 22/8.
    assert off(PLAIN, D(2026, 8, 28), D(2026, 9, 3)) == span(D(2026, 8, 29), D(2026, 9, 2))


def test_hung_kings_day_and_its_compensatory_monday():
    assert not PLAIN.is_working_day(D(2024, 4, 18))
    assert not PLAIN.is_working_day(D(2025, 4, 7))
    # 2026: 10/3 lunar is Sunday 26/4, so Monday 27/4 is the compensatory day off.
    assert PLAIN.reason_off(D(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"
    assert PLAIN.reason_off(D(2026, 4, 27)) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"


def test_vietnamese_culture_day_24_november_is_a_day_off_from_2026():
    assert PLAIN.is_working_day(D(2025, 11, 24))
    assert PLAIN.reason_off(D(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert not PLAIN.is_working_day(D(2027, 11, 24))


def test_new_year_day():
    assert PLAIN.reason_off(D(2026, 1, 1)) == "Tết Dương lịch"


def test_a_make_up_saturday_override_is_a_working_day():
    saturday = D(2024, 5, 4)
    assert PLAIN.reason_off(saturday) == "Thứ Bảy"
    calendar = WorkCalendar([Override(saturday, "workday", "Công văn 2450/VPCP-KGVX")])
    assert calendar.is_working_day(saturday)
    assert calendar.add_working_days(D(2024, 5, 3), 1) == saturday


def test_an_extra_day_off_override_is_skipped_with_its_basis_as_reason():
    basis = "Công văn 12729/VPCP-KGVX: nghỉ thứ Sáu 02/01/2026"
    calendar = WorkCalendar([Override(D(2026, 1, 2), "day_off", basis)])
    assert PLAIN.is_working_day(D(2026, 1, 2))
    assert calendar.reason_off(D(2026, 1, 2)) == basis
    assert calendar.next_working_day(D(2026, 1, 1)) == D(2026, 1, 5)


def test_days_off_give_reasons_in_vietnamese():
    assert PLAIN.days_off(D(2025, 1, 24), D(2025, 2, 3)) == [
        (D(2025, 1, 25), "Thứ Bảy"),
        (D(2025, 1, 26), "Chủ nhật"),
        (D(2025, 1, 27), "Tết Nguyên đán (29 Tết)"),
        (D(2025, 1, 28), "Tết Nguyên đán (giao thừa)"),
        (D(2025, 1, 29), "Tết Nguyên đán (mùng một)"),
        (D(2025, 1, 30), "Tết Nguyên đán (mùng hai)"),
        (D(2025, 1, 31), "Tết Nguyên đán (mùng ba)"),
        (D(2025, 2, 1), "Tết Nguyên đán (mùng bốn)"),
        (D(2025, 2, 2), "Chủ nhật"),
    ]
    assert PLAIN.days_off(D(2024, 4, 29), D(2024, 5, 1)) == [
        (D(2024, 4, 29), "Ngày nghỉ (thay cho ngày 04/05/2024)"),
        (D(2024, 4, 30), "Ngày Chiến thắng"),
        (D(2024, 5, 1), "Ngày Quốc tế Lao động"),
    ]
    assert PLAIN.days_off(D(2024, 2, 14), D(2024, 2, 14))[0].reason == "Tết Nguyên đán (mùng năm)"
    assert PLAIN.days_off(D(2024, 3, 4), D(2024, 3, 8)) == []


def test_holiday_names_are_normalised_to_official_spelling():
    assert holiday_reason("Mùng hai Tết Nguyên Đán") == "Tết Nguyên đán (mùng hai)"
    assert holiday_reason("Quốc khánh; Quốc khánh") == "Quốc khánh"
    assert holiday_reason("Ngày Chiến thắng") == "Ngày Chiến thắng"


def test_add_working_days_counts_from_the_day_after_start():
    # Fri 1/3/2024 + 1 working day is Mon 4/3; + 5 is Fri 8/3.
    assert PLAIN.add_working_days(D(2024, 3, 1), 1) == D(2024, 3, 4)
    assert PLAIN.add_working_days(D(2024, 3, 1), 5) == D(2024, 3, 8)
    assert PLAIN.add_working_days(D(2024, 3, 1), 0) == D(2024, 3, 1)
    # Backwards: 3 working days before Thu 15/2/2024 skips the whole of Tết.
    assert PLAIN.add_working_days(D(2024, 2, 15), -3) == D(2024, 2, 5)


def test_add_calendar_days_rolls_forward_only_when_asked():
    # 10/1/2024 + 30 days = Fri 9/2/2024, Tết eve: the next working day is Thu 15/2.
    assert PLAIN.add_calendar_days(D(2024, 1, 10), 30) == D(2024, 2, 15)
    assert PLAIN.add_calendar_days(D(2024, 1, 10), 30, roll_forward=False) == D(2024, 2, 9)
    assert PLAIN.add_calendar_days(D(2024, 1, 10), 29) == D(2024, 2, 15)
    assert PLAIN.add_calendar_days(D(2024, 1, 10), 28) == D(2024, 2, 7)


def test_next_previous_and_roll_forward():
    assert PLAIN.next_working_day(D(2024, 2, 7)) == D(2024, 2, 15)
    assert PLAIN.previous_working_day(D(2024, 2, 15)) == D(2024, 2, 7)
    assert PLAIN.roll_forward(D(2024, 2, 7)) == D(2024, 2, 7)
    assert PLAIN.roll_forward(D(2024, 2, 10)) == D(2024, 2, 15)


def test_working_days_between_is_the_inverse_of_add_working_days():
    assert PLAIN.working_days_between(D(2024, 2, 5), D(2024, 2, 26)) == 10
    assert PLAIN.working_days_between(D(2024, 2, 26), D(2024, 2, 5)) == -10
    assert PLAIN.working_days_between(D(2024, 2, 7), D(2024, 2, 14)) == 0


def test_a_province_override_applies_only_in_its_province_and_wins_there():
    national = Override(D(2026, 1, 10), "workday", "Làm bù cả nước", NATIONAL)
    local_off = Override(D(2026, 1, 10), "day_off", "Tỉnh cho nghỉ", "89")
    other_province = Override(D(2026, 1, 12), "day_off", "Tỉnh khác", "91")
    rows = [national, local_off, other_province]
    assert WorkCalendar(rows).is_working_day(D(2026, 1, 10))
    assert WorkCalendar(rows).is_working_day(D(2026, 1, 12))
    assert WorkCalendar(rows, scope="89").reason_off(D(2026, 1, 10)) == "Tỉnh cho nghỉ"
    assert WorkCalendar(rows, scope="89").is_working_day(D(2026, 1, 12))


def test_two_overrides_for_one_day_and_scope_are_refused():
    with pytest.raises(ValueError):
        WorkCalendar(
            [Override(D(2026, 1, 2), "day_off", "a"), Override(D(2026, 1, 2), "day_off", "b")]
        )


def test_with_overrides_returns_a_new_calendar():
    extra = PLAIN.with_overrides([Override(D(2024, 3, 4), "day_off", "Nghỉ thêm")])
    assert not extra.is_working_day(D(2024, 3, 4))
    assert PLAIN.is_working_day(D(2024, 3, 4))
    assert extra.overrides[0].basis == "Nghỉ thêm"


def test_dates_outside_the_holiday_data_are_refused_not_guessed():
    with pytest.raises(CalendarRangeError):
        PLAIN.is_working_day(D(2101, 1, 3))
    with pytest.raises(CalendarRangeError):
        vn_public_holidays(1900)


def test_a_holiday_source_can_be_given_for_other_data():
    calendar = WorkCalendar(holiday_source=lambda year: {D(year, 3, 4): "Ngày thử"})
    assert calendar.reason_off(D(2024, 3, 4)) == "Ngày thử"
    assert calendar.is_working_day(D(2024, 2, 12))

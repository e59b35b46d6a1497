"""Statutory deadlines: a table worked out by hand from the laws and a calendar, and properties.

The calendar used is the `holidays` package plus the three make-up Saturdays seeded in the
database (04/5/2024, 26/4/2025, 22/8/2026). Days off relied on below:
2024: 1/1; Tết Thu 8/2 - Wed 14/2; Giỗ Tổ Thu 18/4; Mon 29/4 (swap), 30/4, 1/5; 2/9, 3/9.
2025: 1/1; Tết Sat 25/1 - Sun 2/2; Giỗ Tổ Mon 7/4; 30/4, 1/5, Fri 2/5 (swap); 1/9, 2/9.
2026: 1/1; Tết Sat 14/2 - Sun 22/2; Giỗ Tổ Sun 26/4 + Mon 27/4; 30/4, 1/5; Mon 31/8 (swap),
1/9, 2/9; Tue 24/11.  2027: 1/1; Tết Thu 4/2 - Wed 10/2; Sat 1/5 + Mon 3/5.
Each comment counts from the day after the trigger: "(1)" is the first day counted.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from danvan.lib.deadlines import (
    DEFAULT_RULES,
    LAW_CHANGE_2026,
    DeadlineError,
    DeadlineRule,
    compute_due,
    rule_for,
    versions_overlap,
)
from danvan.lib.workcal import Override, WorkCalendar

D = dt.date
MAKE_UP_SATURDAYS = [
    Override(D(2024, 5, 4), "workday", "Công văn 2450/VPCP-KGVX"),
    Override(D(2025, 4, 26), "workday", "Thông báo 6150/TB-BLĐTBXH"),
    Override(D(2026, 8, 22), "workday", "Lịch nghỉ Quốc khánh 2026"),
]
SEEDED = WorkCalendar(MAKE_UP_SATURDAYS)
BARE = WorkCalendar()
# The 2026 New Year swap (Fri 2/1 off, Sat 10/1 worked), as an administrator would enter it.
NEW_YEAR_2026 = SEEDED.with_overrides(
    [
        Override(D(2026, 1, 2), "day_off", "Nghỉ thứ Sáu 02/01/2026 (hoán đổi)"),
        Override(D(2026, 1, 10), "workday", "Làm bù thứ Bảy 10/01/2026"),
    ]
)

C, R, CR, EC = "complex", "remote", "complex+remote", "especially"

# (rule, trigger, flags, extensions, calendar, expected due, how it was counted)
# fmt: off
CASES = [
    # --- working days across Tết 2024 ---
    ("petition-classify", D(2024, 2, 5), "", 0, SEEDED, D(2024, 2, 26),
     "6(1) 7(2) [8-14 Tết] 15(3) 16(4) 19(5) 20(6) 21(7) 22(8) 23(9) 26(10)"),
    ("complaint-accept", D(2024, 2, 7), "", 0, SEEDED, D(2024, 2, 28),
     "[8-14 Tết] 15(1) 16(2) 19(3) 20(4) 21(5) 22(6) 23(7) 26(8) 27(9) 28(10)"),
    ("complaint-accept", D(2024, 2, 5), CR, 0, SEEDED, D(2024, 2, 26),
     "no variants for acceptance: same 10 working days as petition-classify from 5/2"),
    ("denunciation-process", D(2024, 2, 1), "", 0, SEEDED, D(2024, 2, 19),
     "2/2(1) 5(2) 6(3) 7(4) [8-14 Tết] 15(5) 16(6) 19(7)"),
    ("info-request-simple", D(2024, 2, 8), "", 0, SEEDED, D(2024, 2, 21),
     "received on 29 Tết: [9-14] 15(1) 16(2) 19(3) 20(4) 21(5)"),
    # --- 30/4-1/5/2024 and the make-up Saturday 4/5/2024 ---
    ("petition-classify", D(2024, 4, 26), "", 0, SEEDED, D(2024, 5, 14),
     "[27/4-1/5] 2/5(1) 3(2) Sat 4 make-up(3) 6(4) 7(5) 8(6) 9(7) 10(8) 13(9) 14(10)"),
    ("petition-classify", D(2024, 4, 26), "", 0, BARE, D(2024, 5, 15),
     "without the make-up Saturday: 2/5(1) 3(2) 6(3) ... 14(9) 15(10)"),
    ("info-request-simple", D(2024, 5, 2), "", 0, SEEDED, D(2024, 5, 8),
     "3/5(1) Sat 4 make-up(2) [Sun 5] 6(3) 7(4) 8(5)"),
    ("denunciation-process", D(2024, 4, 17), "", 0, SEEDED, D(2024, 5, 2),
     "[18/4 Giỗ Tổ] 19(1) 22(2) 23(3) 24(4) 25(5) 26(6) [27/4-1/5] 2/5(7)"),
    # --- 2/9/2024 ---
    ("complaint-accept", D(2024, 8, 29), "", 0, SEEDED, D(2024, 9, 16),
     "30/8(1) [31/8-3/9] 4(2) 5(3) 6(4) 9(5) 10(6) 11(7) 12(8) 13(9) 16(10)"),
    ("petition-classify", D(2024, 6, 1), "", 0, SEEDED, D(2024, 6, 14),
     "received on a Saturday: 3/6(1) ... 7(5) 10(6) ... 14(10)"),
    # --- Tết 2025, Giỗ Tổ and 30/4-1/5/2025 with make-up Sat 26/4 ---
    ("petition-classify", D(2025, 1, 20), "", 0, SEEDED, D(2025, 2, 10),
     "21(1) 22(2) 23(3) 24(4) [25/1-2/2 Tết] 3/2(5) 4(6) 5(7) 6(8) 7(9) 10(10)"),
    ("info-request-complex", D(2025, 1, 15), "", 0, SEEDED, D(2025, 2, 12),
     "16(1) 17(2) 20(3)..24(7) [Tết] 3/2(8) 4(9) 5(10) 6(11) 7(12) 10(13) 11(14) 12(15)"),
    ("info-request-complex", D(2025, 1, 15), "", 1, SEEDED, D(2025, 3, 5),
     "30 working days: after 12/2(15): 13(16) 14(17) 17-21(22) 24-28(27) 3/3(28) 4(29) 5(30)"),
    ("denunciation-process", D(2025, 4, 24), "", 0, SEEDED, D(2025, 5, 7),
     "25/4(1) Sat 26 make-up(2) 28(3) 29(4) [30/4-4/5] 5/5(5) 6(6) 7(7)"),
    ("complaint-accept", D(2025, 4, 3), "", 0, SEEDED, D(2025, 4, 18),
     "4/4(1) [7/4 Giỗ Tổ] 8(2) 9(3) 10(4) 11(5) 14(6) 15(7) 16(8) 17(9) 18(10)"),
    ("info-request-simple", D(2025, 8, 28), "", 0, SEEDED, D(2025, 9, 8),
     "29/8(1) [30/8-2/9] 3/9(2) 4(3) 5(4) 8(5)"),
    ("info-request-simple", D(2025, 11, 21), "", 0, SEEDED, D(2025, 11, 28),
     "24/11 is not yet a holiday in 2025: 24(1) 25(2) 26(3) 27(4) 28(5)"),
    # --- Tết 2026, Giỗ Tổ on a Sunday, 22/8 make-up Saturday, 24/11 ---
    ("petition-classify", D(2026, 2, 10), "", 0, SEEDED, D(2026, 3, 3),
     "11(1) 12(2) 13(3) [14-22 Tết] 23(4) 24(5) 25(6) 26(7) 27(8) 2/3(9) 3(10)"),
    ("denunciation-process", D(2026, 2, 12), "", 0, SEEDED, D(2026, 3, 2),
     "13(1) [14-22 Tết] 23(2) 24(3) 25(4) 26(5) 27(6) 2/3(7)"),
    ("denunciation-process", D(2026, 2, 12), C, 0, SEEDED, D(2026, 3, 5),
     "several places to verify, 10 working days: ... 2/3(7) 3(8) 4(9) 5(10)"),
    ("complaint-accept", D(2026, 4, 22), "", 0, SEEDED, D(2026, 5, 11),
     "23(1) 24(2) [25-27: Sun 26 Giỗ Tổ, Mon 27 bù] 28(3) 29(4) [30/4-3/5] 4(5)..8(9) 11(10)"),
    ("info-request-simple", D(2026, 8, 20), "", 0, SEEDED, D(2026, 8, 26),
     "21(1) Sat 22 make-up(2) [Sun 23] 24(3) 25(4) 26(5)"),
    ("petition-classify", D(2026, 8, 27), "", 0, SEEDED, D(2026, 9, 15),
     "28(1) [29/8-2/9] 3/9(2) 4(3) 7(4) 8(5) 9(6) 10(7) 11(8) 14(9) 15(10)"),
    ("info-request-simple", D(2026, 11, 20), "", 0, SEEDED, D(2026, 11, 30),
     "[21-22] 23(1) [24/11 Ngày Văn hóa] 25(2) 26(3) 27(4) 30(5)"),
    ("denunciation-process", D(2026, 12, 29), "", 0, SEEDED, D(2027, 1, 8),
     "30(1) 31(2) [1/1/2027, 2-3] 4(3) 5(4) 6(5) 7(6) 8(7)"),
    ("info-request-complex", D(2027, 1, 27), "", 0, SEEDED, D(2027, 2, 24),
     "28(1) 29(2) 1/2(3) 2(4) 3(5) [4-10 Tết 2027] 11(6) 12(7) 15-19(12) 22(13) 23(14) 24(15)"),
    # --- 2026 New Year swap entered as overrides ---
    ("info-request-simple", D(2025, 12, 31), "", 0, NEW_YEAR_2026, D(2026, 1, 9),
     "[1/1, Fri 2/1 swapped, 3-4] 5(1) 6(2) 7(3) 8(4) 9(5)"),
    ("info-request-simple", D(2025, 12, 31), "", 0, SEEDED, D(2026, 1, 8),
     "without the swap: [1/1] 2(1) [3-4] 5(2) 6(3) 7(4) 8(5)"),
    ("petition-classify", D(2026, 1, 7), "", 0, NEW_YEAR_2026, D(2026, 1, 20),
     "8(1) 9(2) Sat 10 make-up(3) [11] 12(4) 13(5) 14(6) 15(7) 16(8) 19(9) 20(10)"),
    # --- calendar days, rolled forward off weekends and holidays ---
    ("complaint-first", D(2024, 1, 10), "", 0, SEEDED, D(2024, 2, 15),
     "10/1+21=31/1, +9=9/2 (30 days): Tết eve, rolled to Thu 15/2"),
    ("complaint-first", D(2024, 1, 10), C, 0, SEEDED, D(2024, 2, 26),
     "45 days: 31/1 is +21, 24/2 is +45, a Saturday: Mon 26/2"),
    ("complaint-first", D(2024, 1, 10), R, 0, SEEDED, D(2024, 2, 26),
     "remote area, 45 days: same as complex"),
    ("complaint-first", D(2024, 1, 10), CR, 0, SEEDED, D(2024, 3, 11),
     "60 days: 29/2 is +50, 10/3 is +60, a Sunday: Mon 11/3"),
    ("complaint-first", D(2024, 4, 1), "", 0, SEEDED, D(2024, 5, 2),
     "30/4 is +29, 1/5 is +30, Labour Day: Thu 2/5"),
    ("complaint-second", D(2024, 3, 20), "", 0, SEEDED, D(2024, 5, 4),
     "31/3 is +11, 30/4 is +41, 4/5 is +45: the make-up Saturday is a working day, no roll"),
    ("complaint-second", D(2024, 3, 20), "", 0, BARE, D(2024, 5, 6),
     "same without the make-up Saturday: Sat 4/5 rolls to Mon 6/5"),
    ("complaint-second", D(2024, 3, 20), C, 0, SEEDED, D(2024, 5, 20),
     "60 days: 4/5 is +45, 19/5 is +60, a Sunday: Mon 20/5"),
    ("complaint-second", D(2024, 3, 20), R, 0, SEEDED, D(2024, 5, 20),
     "remote, 60 days: same as complex"),
    ("complaint-second", D(2024, 3, 20), CR, 0, SEEDED, D(2024, 5, 29),
     "70 days: 19/5 is +60, 29/5 is +70, a Wednesday"),
    ("complaint-first", D(2024, 12, 28), "", 0, SEEDED, D(2025, 2, 3),
     "31/12 is +3, 27/1/2025 is +30: 29 Tết, rolled past Tết to Mon 3/2"),
    ("complaint-first", D(2025, 3, 8), "", 0, SEEDED, D(2025, 4, 8),
     "31/3 is +23, 7/4 is +30: Giỗ Tổ, Tue 8/4"),
    ("complaint-first", D(2025, 3, 20), R, 0, SEEDED, D(2025, 5, 5),
     "45 days: 31/3 +11, 30/4 +41, 4/5 +45 (Sunday, in the 30/4-4/5 break): Mon 5/5"),
    ("complaint-first", D(2025, 3, 27), "", 0, SEEDED, D(2025, 4, 26),
     "31/3 +4, 26/4 +30: make-up Saturday, a working day"),
    ("complaint-first", D(2026, 1, 2), C, 0, SEEDED, D(2026, 2, 23),
     "45 days: 31/1 +29, 16/2 +45: Tết eve, rolled past Tết to Mon 23/2"),
    ("complaint-second", D(2026, 1, 2), "", 0, SEEDED, D(2026, 2, 23),
     "45 days, as above"),
    ("complaint-first", D(2025, 12, 28), "", 0, SEEDED, D(2026, 1, 27),
     "31/12 +3, 27/1/2026 +30, a Tuesday"),
    ("complaint-first", D(2027, 4, 1), "", 0, SEEDED, D(2027, 5, 4),
     "30/4 +29, Sat 1/5 +30: Labour Day on a Saturday, Sun 2/5, Mon 3/5 nghỉ bù: Tue 4/5"),
    ("complaint-second", D(2026, 9, 25), C, 0, SEEDED, D(2026, 11, 25),
     "60 days: 30/9 +5, 31/10 +36, 24/11 +60: Ngày Văn hóa Việt Nam, Wed 25/11"),
    ("complaint-first", D(2026, 7, 23), "", 0, SEEDED, D(2026, 8, 22),
     "31/7 +8, 22/8 +30: make-up Saturday, a working day"),
    # --- denunciations: 30 days, extensions of 30 ---
    ("denunciation-resolve", D(2024, 8, 2), "", 0, SEEDED, D(2024, 9, 4),
     "31/8 +29, Sun 1/9 +30, then 2/9 and 3/9: Wed 4/9"),
    ("denunciation-resolve", D(2024, 8, 2), C, 1, SEEDED, D(2024, 10, 1),
     "complex, one extension: 60 days: 1/9 +30, 1/10 +60, a Tuesday"),
    ("denunciation-resolve", D(2024, 8, 2), EC, 2, SEEDED, D(2024, 10, 31),
     "especially complex, two extensions: 90 days: 1/10 +60, 31/10 +90, a Thursday"),
    ("denunciation-resolve", D(2025, 12, 1), EC, 1, SEEDED, D(2026, 1, 30),
     "especially complex but one extension so far: 60 days: 31/12 +30, 30/1/2026 +60"),
    ("denunciation-resolve", D(2026, 12, 7), C, 1, SEEDED, D(2027, 2, 11),
     "60 days: 31/12 +24, 31/1 +55, 5/2/2027 +60: Tết 2027 (4-10/2), Thu 11/2"),
    # --- periods spanning 01/7/2026 (the version is chosen by the trigger date) ---
    ("denunciation-resolve", D(2026, 6, 30), "", 0, SEEDED, D(2026, 7, 30),
     "old version (accepted 30/6): 30/7 is +30, a Thursday"),
    ("denunciation-resolve", D(2026, 7, 1), "", 0, SEEDED, D(2026, 7, 31),
     "new version (accepted 1/7): 31/7 is +30, a Friday"),
    ("complaint-accept", D(2026, 6, 25), "", 0, SEEDED, D(2026, 7, 9),
     "old version: 26/6(1) 29(2) 30(3) 1/7(4) 2(5) 3(6) 6(7) 7(8) 8(9) 9(10)"),
    ("complaint-first", D(2026, 6, 30), CR, 0, SEEDED, D(2026, 9, 3),
     "old version, 60 days: 31/7 +31, 29/8 +60 (Sat, not a make-up day), 30/8-2/9 off: Thu 3/9"),
    ("complaint-second", D(2026, 7, 2), R, 0, SEEDED, D(2026, 9, 3),
     "new version, 60 days: 31/7 +29, 31/8 +60 (swapped day off), 1/9, 2/9: Thu 3/9"),
    ("info-request-complex", D(2026, 6, 22), "", 1, SEEDED, D(2026, 8, 3),
     "30 working days: 23-26/6(4) 29,30(6) 1-3/7(9) 6-10(14) 13-17(19) 20-24(24) 27-31(29) 3/8"),
]
# fmt: on


def _flags(flags: str) -> dict[str, bool]:
    return {
        "complex": flags in (C, CR, EC),
        "remote": flags in (R, CR),
        "especially_complex": flags == EC,
    }


def test_the_table_has_at_least_40_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    "code,start,flags,extensions,calendar,expected,counted",
    CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2] or 'base'}-x{c[3]}" for c in CASES],
)
def test_due_dates_worked_out_by_hand(code, start, flags, extensions, calendar, expected, counted):
    rule = rule_for(code, start)
    due = compute_due(rule, start, calendar, extensions=extensions, **_flags(flags))
    assert due.due == expected, counted
    assert due.start == start and due.basis == rule.basis
    assert calendar.is_working_day(due.due)


def test_working_day_deadline_lists_the_days_it_skipped():
    due = compute_due(rule_for("petition-classify", D(2024, 2, 5)), D(2024, 2, 5), SEEDED)
    skipped = [d for d, _ in due.skipped]
    assert skipped == [
        *[D(2024, 2, d) for d in range(8, 15)],
        D(2024, 2, 17),
        D(2024, 2, 18),
        D(2024, 2, 24),
        D(2024, 2, 25),
    ]
    assert due.skipped[0].reason == "Tết Nguyên đán (29 Tết)"
    assert "10 ngày làm việc" in due.explanation
    assert "Tết Nguyên đán" in due.explanation and "26/02/2024" in due.explanation


def test_calendar_day_deadline_lists_only_the_days_it_rolled_over():
    due = compute_due(rule_for("complaint-first", D(2024, 1, 10)), D(2024, 1, 10), SEEDED)
    assert [d for d, _ in due.skipped] == [D(2024, 2, d) for d in range(9, 15)]
    assert "09/02/2024" in due.explanation and "Điều 28 Luật Khiếu nại 2011" in due.explanation
    plain = compute_due(rule_for("complaint-first", D(2024, 1, 9)), D(2024, 1, 9), SEEDED)
    assert plain.due == D(2024, 2, 15) and plain.skipped  # +30 is 8/2, 29 Tết
    no_roll = compute_due(rule_for("complaint-first", D(2024, 3, 4)), D(2024, 3, 4), SEEDED)
    assert no_roll.due == D(2024, 4, 3) and no_roll.skipped == []  # Wed 3/4: +30


def test_as_dict_is_the_json_shape_of_the_command():
    due = compute_due(rule_for("denunciation-resolve", D(2024, 8, 2)), D(2024, 8, 2), SEEDED)
    data = due.as_dict()
    assert data["due"] == "2024-09-04" and data["rule"] == "denunciation-resolve"
    assert data["basis"] == "Điều 30 Luật Tố cáo 2018"
    assert data["skipped"] == [
        {"date": "2024-09-01", "reason": "Chủ nhật"},
        {"date": "2024-09-02", "reason": "Quốc khánh"},
        {"date": "2024-09-03", "reason": "Quốc khánh"},
    ]


def test_a_rule_version_from_1_july_2026_is_picked_by_the_trigger_date():
    old = rule_for("complaint-first", D(2026, 6, 30))
    new = rule_for("complaint-first", LAW_CHANGE_2026)
    assert old.valid_to == D(2026, 6, 30) and new.valid_from == D(2026, 7, 1)
    assert "136/2025/QH15" in new.basis and "136/2025/QH15" not in old.basis
    assert (old.days, dict(old.variants)) == (new.days, dict(new.variants))
    assert "cần xác nhận" in new.note


def test_a_rule_version_is_refused_outside_its_validity():
    old = rule_for("denunciation-resolve", D(2026, 6, 30))
    with pytest.raises(DeadlineError):
        compute_due(old, D(2026, 7, 1), SEEDED)


def test_the_default_table_has_every_rule_of_the_issue_and_no_overlapping_versions():
    codes = {r.code for r in DEFAULT_RULES}
    assert codes == {
        "complaint-accept",
        "complaint-first",
        "complaint-second",
        "denunciation-process",
        "denunciation-resolve",
        "petition-classify",
        "info-request-simple",
        "info-request-complex",
    }
    assert versions_overlap(DEFAULT_RULES) == []
    assert all(r.basis for r in DEFAULT_RULES)


def test_unknown_rule_and_missing_version_are_clear_errors():
    with pytest.raises(DeadlineError, match="complaint-first") as info:
        rule_for("complaint-thrid", D(2024, 1, 1))
    assert info.value.code == "unknown_rule"
    only_new = [r for r in DEFAULT_RULES if r.valid_from == LAW_CHANGE_2026]
    with pytest.raises(DeadlineError) as info:
        rule_for("complaint-first", D(2026, 6, 30), only_new)
    assert info.value.code == "no_version"


@pytest.mark.parametrize(
    "code,flags,extensions",
    [
        ("denunciation-resolve", "", 1),  # only complex cases may be extended
        ("denunciation-resolve", C, 2),  # complex: one extension
        ("denunciation-resolve", EC, 3),  # especially complex: two
        ("complaint-first", C, 1),  # complaints have no extension
        ("info-request-complex", "", 2),  # one extension of 15 days
        ("info-request-simple", "", 1),
        ("denunciation-resolve", EC, -1),
    ],
)
def test_too_many_extensions_are_refused(code, flags, extensions):
    start = D(2025, 3, 3)
    with pytest.raises(DeadlineError) as info:
        compute_due(rule_for(code, start), start, SEEDED, extensions=extensions, **_flags(flags))
    assert info.value.code == "extensions"
    assert "gia hạn" in info.value.message


def test_the_refusal_says_what_the_law_allows():
    start = D(2025, 3, 3)
    with pytest.raises(DeadlineError, match="1 lần với vụ việc phức tạp và 2 lần"):
        compute_due(
            rule_for("denunciation-resolve", start), start, SEEDED, complex=True, extensions=2
        )


def test_invalid_rule_data_is_refused():
    with pytest.raises(DeadlineError, match="lớn hơn 0"):
        DeadlineRule(code="x", step="x", days=0, unit="working", trigger="x", basis="x")
    with pytest.raises(DeadlineError, match="số ngày mỗi lần gia hạn"):
        DeadlineRule(
            code="x", step="x", days=5, unit="working", trigger="x", basis="x", max_extensions=1
        )
    with pytest.raises(DeadlineError):
        DeadlineRule(
            code="x",
            step="x",
            days=5,
            unit="calendar",
            trigger="x",
            basis="x",
            variants={"urgent": 3},
        )


# --- properties ---------------------------------------------------------------------------

RULES = st.sampled_from(DEFAULT_RULES)
STARTS = st.dates(min_value=D(2000, 1, 1), max_value=D(2098, 12, 31))


@st.composite
def requests(draw):
    rule = draw(RULES)
    if rule.valid_from or rule.valid_to:
        low = rule.valid_from or D(2000, 1, 1)
        high = rule.valid_to or D(2098, 12, 31)
        start = draw(st.dates(min_value=low, max_value=high))
    else:
        start = draw(STARTS)
    complex_ = draw(st.booleans())
    especially = complex_ and draw(st.booleans())
    remote = draw(st.booleans())
    allowed = rule.allowed_extensions(complex=complex_, especially_complex=especially)
    extensions = draw(st.integers(min_value=0, max_value=allowed))
    return (
        rule,
        start,
        {
            "complex": complex_,
            "especially_complex": especially,
            "remote": remote,
            "extensions": extensions,
        },
    )


@settings(max_examples=150, deadline=None)
@given(requests())
def test_due_is_after_start_and_on_a_working_day(req):
    rule, start, options = req
    due = compute_due(rule, start, SEEDED, **options)
    assert due.due > start
    assert SEEDED.is_working_day(due.due)
    if rule.unit == "working":
        assert SEEDED.working_days_between(start, due.due) == due.days
        assert all(not SEEDED.is_working_day(d) for d, _ in due.skipped)


@settings(max_examples=150, deadline=None)
@given(requests(), st.integers(min_value=-5, max_value=200))
def test_adding_a_day_off_never_makes_a_deadline_earlier(req, offset):
    rule, start, options = req
    extra_day = start + dt.timedelta(days=offset)
    assume(all(o.date != extra_day for o in SEEDED.overrides))
    before = compute_due(rule, start, SEEDED, **options)
    stricter = SEEDED.with_overrides([Override(extra_day, "day_off", "Nghỉ thêm")])
    after = compute_due(rule, start, stricter, **options)
    assert after.due >= before.due
    assert stricter.is_working_day(after.due)

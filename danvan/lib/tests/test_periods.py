"""Data windows of reporting periods, checked by hand against Nghị định 09/2019, Art. 12."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.lib import periods
from danvan.lib.periods import PeriodError, data_window, period_label

D = dt.date


def test_annual_2024_runs_from_15_december_2023_to_14_december_2024():
    assert data_window("annual", 2024) == (D(2023, 12, 15), D(2024, 12, 14))


def test_first_half_runs_from_15_december_to_14_june():
    assert data_window("semiannual", 2024, 1) == (D(2023, 12, 15), D(2024, 6, 14))


def test_second_half_runs_from_15_june_to_14_december():
    assert data_window("semiannual", 2024, 2) == (D(2024, 6, 15), D(2024, 12, 14))


@pytest.mark.parametrize(
    ("quarter", "window"),
    [
        (1, (D(2023, 12, 15), D(2024, 3, 14))),
        (2, (D(2024, 3, 15), D(2024, 6, 14))),
        (3, (D(2024, 6, 15), D(2024, 9, 14))),
        (4, (D(2024, 9, 15), D(2024, 12, 14))),
    ],
)
def test_quarter_runs_from_15th_of_month_before_to_14th_of_its_last_month(quarter, window):
    assert data_window("quarterly", 2024, quarter) == window


def test_january_report_starts_on_15_december_of_previous_year():
    assert data_window("monthly", 2024, 1) == (D(2023, 12, 15), D(2024, 1, 14))


def test_march_report_in_a_leap_year_covers_15_february_to_14_march():
    assert data_window("monthly", 2024, 3) == (D(2024, 2, 15), D(2024, 3, 14))


def test_december_report_covers_15_november_to_14_december():
    assert data_window("monthly", 2025, 12) == (D(2025, 11, 15), D(2025, 12, 14))


def test_consecutive_months_leave_no_gap_and_no_overlap():
    previous_end = data_window("monthly", 2023, 12)[1]
    for month in range(1, 13):
        start, end = data_window("monthly", 2024, month)
        assert start == previous_end + dt.timedelta(days=1)
        previous_end = end
    assert previous_end == data_window("annual", 2024)[1]


def test_quarters_tile_the_annual_window():
    quarters = [data_window("quarterly", 2024, q) for q in range(1, 5)]
    assert quarters[0][0] == data_window("annual", 2024)[0]
    assert quarters[-1][1] == data_window("annual", 2024)[1]
    for (_, end), (start, _) in zip(quarters, quarters[1:], strict=False):
        assert start == end + dt.timedelta(days=1)


def test_thematic_report_takes_its_own_window():
    window = data_window("thematic", 2024, starts_on=D(2024, 1, 1), ends_on=D(2024, 9, 30))
    assert window == (D(2024, 1, 1), D(2024, 9, 30))


def test_adhoc_report_without_a_window_is_refused():
    with pytest.raises(PeriodError):
        data_window("adhoc", 2024)


def test_window_ending_before_it_starts_is_refused():
    with pytest.raises(PeriodError):
        data_window("adhoc", 2024, starts_on=D(2024, 5, 2), ends_on=D(2024, 5, 1))


def test_periodic_window_cannot_be_overridden():
    with pytest.raises(PeriodError):
        data_window("annual", 2024, starts_on=D(2024, 1, 1), ends_on=D(2024, 12, 31))


@pytest.mark.parametrize(
    ("kind", "index"),
    [
        ("annual", 1),
        ("semiannual", None),
        ("semiannual", 3),
        ("quarterly", 0),
        ("quarterly", 5),
        ("monthly", 13),
        ("monthly", True),
        ("weekly", None),
    ],
)
def test_index_must_fit_the_kind(kind, index):
    with pytest.raises(PeriodError):
        data_window(kind, 2024, index)


def test_labels_read_as_in_official_titles():
    assert period_label("annual", 2024) == "năm 2024"
    assert period_label("semiannual", 2024, 1) == "6 tháng đầu năm 2024"
    assert period_label("semiannual", 2024, 2) == "6 tháng cuối năm 2024"
    assert period_label("quarterly", 2024, 3) == "quý III năm 2024"
    assert period_label("monthly", 2024, 7) == "tháng 7 năm 2024"


def test_previous_quarter_of_the_first_is_the_last_of_the_year_before():
    assert periods.previous_index("quarterly", 2024, 1) == (2023, 4)
    assert periods.previous_index("quarterly", 2024, 3) == (2024, 2)
    assert periods.previous_index("monthly", 2024, 1) == (2023, 12)
    assert periods.previous_index("annual", 2024) == (2023, None)


def test_same_period_last_year_keeps_the_index():
    assert periods.same_period_last_year("semiannual", 2024, 2) == (2023, 2)

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from danvan.lib.receptionrules import (
    Session,
    counts,
    is_group_visit,
    mode_allowed,
    shortfalls,
    weeks_of_month,
)

D = dt.date


def test_department_head_with_one_day_in_the_month_meets_article_18():
    assert shortfalls("department", 2026, 3, [Session(D(2026, 3, 17), by_head=True)]) == []


def test_department_head_without_a_day_falls_short_for_the_whole_month():
    (gap,) = shortfalls("department", 2026, 3, [Session(D(2026, 4, 1), by_head=True)])
    assert (gap.starts_on, gap.ends_on, gap.required, gap.counted) == (
        D(2026, 3, 1),
        D(2026, 3, 31),
        1,
        0,
    )
    assert "Điều 18" in gap.basis


def test_commune_chair_must_receive_every_week():
    # March 2026: the weeks whose Thursday is in March start on 2, 9, 16 and 23 March.
    assert [w[0] for w in weeks_of_month(2026, 3)] == [
        D(2026, 3, 2),
        D(2026, 3, 9),
        D(2026, 3, 16),
        D(2026, 3, 23),
    ]
    sessions = [Session(D(2026, 3, d), by_head=True) for d in (3, 10, 24)]
    gaps = shortfalls("commune", 2026, 3, sessions)
    assert [(g.starts_on, g.ends_on) for g in gaps] == [(D(2026, 3, 16), D(2026, 3, 22))]
    assert all("Điều 15" in g.basis for g in gaps)


def test_a_week_straddling_two_months_is_judged_once_in_the_month_of_its_thursday():
    # 30/3/2026 (Mon) – 5/4/2026 (Sun): Thursday 2/4 is in April, so it is April's first week.
    assert weeks_of_month(2026, 4)[0] == (D(2026, 3, 30), D(2026, 4, 5))
    assert (D(2026, 3, 30), D(2026, 4, 5)) not in weeks_of_month(2026, 3)
    session_on_31_march = [Session(D(2026, 3, 31), by_head=True)]
    assert not any(
        g.starts_on == D(2026, 3, 30) for g in shortfalls("commune", 2026, 4, session_on_31_march)
    )


def test_until_ignores_weeks_that_have_not_started():
    sessions = [Session(D(2026, 3, 3), by_head=True)]
    assert shortfalls("commune", 2026, 3, sessions, until=D(2026, 3, 8)) == []


def test_deputy_counts_before_but_not_after_1_july_2026():
    assert counts(Session(D(2026, 6, 30), by_head=False))
    assert not counts(Session(D(2026, 7, 1), by_head=False))
    assert counts(Session(D(2026, 7, 1), by_head=True))


def test_online_reception_counts_only_from_1_july_2026():
    assert not mode_allowed(D(2026, 6, 30), online=True)
    assert mode_allowed(D(2026, 7, 1), online=True)
    assert not counts(Session(D(2026, 6, 30), by_head=True, online=True))
    assert counts(Session(D(2026, 7, 1), by_head=True, online=True))


def test_cancelled_sessions_do_not_count():
    assert shortfalls("department", 2026, 5, [Session(D(2026, 5, 5), True, cancelled=True)])


def test_units_without_a_statutory_minimum_never_fall_short():
    assert shortfalls("public_service", 2026, 5, []) == []
    assert shortfalls("front", 2026, 5, []) == []


def test_five_people_make_a_group_visit():
    assert not is_group_visit(4)
    assert is_group_visit(5)


@given(
    st.integers(2024, 2028),
    st.integers(1, 12),
    st.lists(st.dates(D(2023, 12, 1), D(2029, 1, 31)), max_size=12),
    st.dates(D(2023, 12, 1), D(2029, 1, 31)),
)
def test_adding_a_head_day_never_adds_a_shortfall(year, month, days, extra):
    before = shortfalls("commune", year, month, [Session(d, True) for d in days])
    after = shortfalls("commune", year, month, [Session(d, True) for d in [*days, extra]])
    assert len(after) <= len(before)


@given(st.integers(2024, 2028), st.integers(1, 12))
def test_the_weeks_of_a_month_tile_without_gaps(year, month):
    weeks = weeks_of_month(year, month)
    assert 4 <= len(weeks) <= 5
    for (a, b), (c, _d) in zip(weeks, weeks[1:], strict=False):
        assert b + dt.timedelta(days=1) == c
    assert all(a.weekday() == 0 and (b - a).days == 6 for a, b in weeks)

"""Reporting periods and their data windows per Nghị định 09/2019/NĐ-CP, Article 12.

Periodic reports close their figures on the 14th and open the next period on the 15th, so a
window always runs from the 15th of one month to the 14th of another: the annual report of
2024 covers 15/12/2023 to 14/12/2024, its first quarter 15/12/2023 to 14/03/2024.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

ANNUAL: Final = "annual"
SEMIANNUAL: Final = "semiannual"
QUARTERLY: Final = "quarterly"
MONTHLY: Final = "monthly"
THEMATIC: Final = "thematic"
ADHOC: Final = "adhoc"

PERIODIC: Final = (ANNUAL, SEMIANNUAL, QUARTERLY, MONTHLY)
KINDS: Final = (*PERIODIC, THEMATIC, ADHOC)

# How many periods of each periodic kind fall in a year (None: the kind takes no index).
INDEX_COUNT: Final[dict[str, int | None]] = {
    ANNUAL: None,
    SEMIANNUAL: 2,
    QUARTERLY: 4,
    MONTHLY: 12,
    THEMATIC: None,
    ADHOC: None,
}

CUTOFF_DAY: Final = 14  # figures are taken up to the 14th; the next window opens on the 15th

_ROMAN: Final = ("I", "II", "III", "IV")


class PeriodError(ValueError):
    """The kind, year, index or explicit window do not describe a valid period."""


def check_index(kind: str, index: int | None) -> None:
    """Raise PeriodError unless `index` fits `kind` (1-2 halves, 1-4 quarters, 1-12 months)."""
    if kind not in INDEX_COUNT:
        raise PeriodError(f"unknown period kind {kind!r}")
    count = INDEX_COUNT[kind]
    if count is None:
        if index is not None:
            raise PeriodError(f"a {kind} period takes no index")
        return
    if index is None or isinstance(index, bool) or not 1 <= index <= count:
        raise PeriodError(f"a {kind} period needs an index from 1 to {count}")


def _window_start(year: int, last_month: int, months: int) -> dt.date:
    """Return the 15th of the month before the window's first month."""
    first_month = last_month - months + 1  # may be <= 0: months of the previous year
    before = first_month - 1
    y, m = (year, before) if before >= 1 else (year - 1, before + 12)
    return dt.date(y, m, CUTOFF_DAY + 1)


def data_window(
    kind: str,
    year: int,
    index: int | None = None,
    *,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> tuple[dt.date, dt.date]:
    """Return (first day, last day) of the figures a period's report covers.

    Periodic kinds follow Article 12; thematic and ad hoc reports need `starts_on` and
    `ends_on`, which must be given in order.
    """
    check_index(kind, index)
    if kind in (THEMATIC, ADHOC):
        if starts_on is None or ends_on is None:
            raise PeriodError(f"a {kind} period needs an explicit window")
        if ends_on < starts_on:
            raise PeriodError("the window ends before it starts")
        return starts_on, ends_on
    if starts_on is not None or ends_on is not None:
        raise PeriodError(f"the window of a {kind} period is fixed by law")
    if not 1 <= year <= 9998:
        raise PeriodError(f"year {year} out of range")
    if kind == ANNUAL:
        last_month, months = 12, 12
    elif kind == SEMIANNUAL:
        assert index is not None
        last_month, months = 6 * index, 6
    elif kind == QUARTERLY:
        assert index is not None
        last_month, months = 3 * index, 3
    else:
        assert index is not None
        last_month, months = index, 1
    return _window_start(year, last_month, months), dt.date(year, last_month, CUTOFF_DAY)


def period_label(kind: str, year: int, index: int | None = None) -> str:
    """Return the period in words: "năm 2024", "6 tháng đầu năm 2024", "quý II năm 2024"."""
    check_index(kind, index)
    if kind == SEMIANNUAL:
        return f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {year}"
    if kind == QUARTERLY:
        assert index is not None
        return f"quý {_ROMAN[index - 1]} năm {year}"
    if kind == MONTHLY:
        return f"tháng {index} năm {year}"
    return f"năm {year}"


def previous_index(kind: str, year: int, index: int | None = None) -> tuple[int, int | None]:
    """Return (year, index) of the period just before: the previous quarter, month, half or year."""
    check_index(kind, index)
    count = INDEX_COUNT[kind]
    if count is None or index is None:
        return year - 1, index
    if index > 1:
        return year, index - 1
    return year - 1, count


def same_period_last_year(kind: str, year: int, index: int | None = None) -> tuple[int, int | None]:
    """Return (year, index) of the same period one year earlier."""
    check_index(kind, index)
    return year - 1, index

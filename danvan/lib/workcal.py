"""Working days in Vietnam: public holidays from `holidays` (VN) plus government overrides.

A day is a working day unless it is a Saturday, a Sunday, a public holiday or a
government-declared day off; an override can also turn a day into a working day (a make-up
Saturday, "ngày làm bù"). Counting always starts the day after the triggering event.

Holidays come from `holidays.country_holidays("VN", categories=("public",), language="vi")`.
VN has only the "public" category: it holds the Labour Code holidays (Bộ luật Lao động 2019,
Art. 112), their compensatory days ("nghỉ bù"), the Tết days announced for civil servants and
the days off swapped with a make-up Saturday. It does not list the make-up Saturdays
themselves, so those must be overrides of kind "workday".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Literal, NamedTuple

import holidays

OverrideKind = Literal["day_off", "workday"]
DAY_OFF: OverrideKind = "day_off"
WORKDAY: OverrideKind = "workday"
NATIONAL = "national"

SATURDAY = "Thứ Bảy"
SUNDAY = "Chủ nhật"
TET = "Tết Nguyên đán"
DAY_OFF_WITHOUT_BASIS = "Ngày nghỉ theo thông báo của cơ quan có thẩm quyền"

HOLIDAY_CATEGORIES = ("public",)
# The lunar tables of `holidays` cover these years; outside them it silently returns nothing.
FIRST_YEAR = 1901
LAST_YEAR = 2100
# No stretch of days off is this long; hitting it means the data is wrong.
_MAX_RUN_OF_DAYS_OFF = 60

HolidaySource = Callable[[int], Mapping[dt.date, str]]


class CalendarRangeError(ValueError):
    """A date is outside the years the holiday data covers."""


class SkippedDay(NamedTuple):
    """A day that is not a working day, with the reason in Vietnamese."""

    date: dt.date
    reason: str


@dataclass(frozen=True)
class Override:
    """A government decision for one day: an extra day off or a make-up working day."""

    date: dt.date
    kind: OverrideKind
    basis: str
    scope: str = NATIONAL


_TET_DAY_NAMES = {
    "29 Tết": "29 Tết",
    "Giao thừa": "giao thừa",
    "": "mùng một",
    "Mùng hai": "mùng hai",
    "Mùng ba": "mùng ba",
    "Mùng bốn": "mùng bốn",
    "Mùng năm": "mùng năm",
    "Mùng sáu": "mùng sáu",
}


def _one_reason(name: str) -> str:
    name = name.strip().replace("Tết Nguyên Đán", TET)
    if name == "29 Tết":
        return f"{TET} (29 Tết)"
    if name.endswith(TET):
        prefix = name[: -len(TET)].strip()
        if prefix in _TET_DAY_NAMES:
            return f"{TET} ({_TET_DAY_NAMES[prefix]})"
    return name


def holiday_reason(name: str) -> str:
    """Return the reason shown for a holiday named by `holidays` ("Tết Nguyên đán (mùng hai)")."""
    parts = [_one_reason(part) for part in name.split(";") if part.strip()]
    return "; ".join(dict.fromkeys(parts))


@lru_cache(maxsize=256)
def vn_public_holidays(year: int) -> Mapping[dt.date, str]:
    """Return Vietnam's public holidays and official days off of one year, with reasons."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarRangeError(
            f"Chỉ tính được ngày làm việc trong các năm {FIRST_YEAR}-{LAST_YEAR} (năm {year})."
        )
    table = holidays.country_holidays(
        "VN", years=year, categories=HOLIDAY_CATEGORIES, language="vi"
    )
    return MappingProxyType({day: holiday_reason(name) for day, name in sorted(table.items())})


class WorkCalendar:
    """Working days for the whole country or one province: holidays, weekends, overrides."""

    def __init__(
        self,
        overrides: Iterable[Override] = (),
        *,
        scope: str | None = None,
        holiday_source: HolidaySource = vn_public_holidays,
    ) -> None:
        self.scope = scope
        self._holiday_source = holiday_source
        self._given = tuple(overrides)
        national: dict[dt.date, Override] = {}
        local: dict[dt.date, Override] = {}
        for item in self._given:
            if item.kind not in (DAY_OFF, WORKDAY):
                raise ValueError(f"Unknown override kind {item.kind!r}")
            if item.scope == NATIONAL:
                target = national
            elif scope is not None and item.scope == scope:
                target = local
            else:
                continue
            if item.date in target:
                raise ValueError(f"Two overrides for {item.date} in scope {item.scope}")
            target[item.date] = item
        # A province's own decision for a day wins over the national one.
        self._overrides = {**national, **local}

    def with_overrides(self, extra: Iterable[Override]) -> WorkCalendar:
        """Return a copy of this calendar with more overrides on top."""
        return WorkCalendar(
            [*self._given, *extra], scope=self.scope, holiday_source=self._holiday_source
        )

    @property
    def overrides(self) -> tuple[Override, ...]:
        """Return the overrides that apply to this calendar's scope, by date."""
        return tuple(self._overrides[d] for d in sorted(self._overrides))

    def holiday(self, day: dt.date) -> str | None:
        """Return the public holiday on `day` from the holiday data, or None."""
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise CalendarRangeError(
                f"Chỉ tính được ngày làm việc trong các năm {FIRST_YEAR}-{LAST_YEAR} ({day})."
            )
        return self._holiday_source(day.year).get(day)

    def reason_off(self, day: dt.date) -> str | None:
        """Return why `day` is not a working day, or None when it is one."""
        override = self._overrides.get(day)
        holiday = self.holiday(day)
        if override is not None:
            if override.kind == WORKDAY:
                return None
            return override.basis.strip() or DAY_OFF_WITHOUT_BASIS
        if holiday is not None:
            return holiday
        weekday = day.weekday()
        if weekday == 5:
            return SATURDAY
        if weekday == 6:
            return SUNDAY
        return None

    def is_working_day(self, day: dt.date) -> bool:
        """Return whether civil servants work on `day`."""
        return self.reason_off(day) is None

    def _step(self, day: dt.date, direction: int) -> dt.date:
        current = day
        for _ in range(_MAX_RUN_OF_DAYS_OFF + 1):
            current += dt.timedelta(days=direction)
            if self.is_working_day(current):
                return current
        raise ValueError(f"No working day within {_MAX_RUN_OF_DAYS_OFF} days of {day}")

    def next_working_day(self, day: dt.date) -> dt.date:
        """Return the first working day strictly after `day`."""
        return self._step(day, 1)

    def previous_working_day(self, day: dt.date) -> dt.date:
        """Return the last working day strictly before `day`."""
        return self._step(day, -1)

    def roll_forward(self, day: dt.date) -> dt.date:
        """Return `day` if it is a working day, else the next working day."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """Return the n-th working day after `start` (counting starts the day after).

        `n = 0` returns `start`; a negative `n` counts back from the day before `start`
        (a reminder "3 working days before the due date").
        """
        day = start
        for _ in range(abs(n)):
            day = self._step(day, 1 if n > 0 else -1)
        return day

    def add_calendar_days(self, start: dt.date, n: int, roll_forward: bool = True) -> dt.date:
        """Return `start` + n days; with `roll_forward`, a day off moves to the next working day."""
        end = start + dt.timedelta(days=n)
        return self.roll_forward(end) if roll_forward else end

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Return the number of working days after `a` up to and including `b`.

        It is the n for which `add_working_days(a, n) == b` when `b` is a working day;
        negative when `b` is before `a`.
        """
        if b < a:
            return -self.working_days_between(b, a)
        return sum(
            1 for i in range(1, (b - a).days + 1) if self.is_working_day(a + dt.timedelta(days=i))
        )

    def days_off(self, a: dt.date, b: dt.date) -> list[SkippedDay]:
        """Return the days from `a` to `b` (both included) that are not working days."""
        found: list[SkippedDay] = []
        for i in range((b - a).days + 1):
            day = a + dt.timedelta(days=i)
            reason = self.reason_off(day)
            if reason is not None:
                found.append(SkippedDay(day, reason))
        return found

"""The legal minimum of days a head must receive citizens, and where a schedule falls short.

Luật Tiếp công dân 2013: the chair of the provincial People's Committee at least one day a
month (Art. 12), heads of provincial departments at least one day a month (Art. 18), the
commune chair at least one day a week (Art. 15). From 01/7/2026 (Luật 136/2025) a reception
may be held in person or online, and the head may no longer delegate it to a deputy: a session
hosted by a deputy from that date does not count towards the minimum.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

ONLINE_ALLOWED_FROM = dt.date(2026, 7, 1)
NO_DELEGATION_FROM = dt.date(2026, 7, 1)


@dataclass(frozen=True)
class Requirement:
    """How often the head of a kind of unit must receive citizens."""

    per: str  # "month" or "week"
    days: int
    basis: str


REQUIREMENTS: dict[str, Requirement] = {
    "provincial_committee": Requirement(
        "month", 1, "Điều 12 Luật Tiếp công dân năm 2013: ít nhất 01 ngày trong 01 tháng"
    ),
    "department": Requirement(
        "month", 1, "Điều 18 Luật Tiếp công dân năm 2013: ít nhất 01 ngày trong 01 tháng"
    ),
    "commune": Requirement(
        "week", 1, "Điều 15 Luật Tiếp công dân năm 2013: ít nhất 01 ngày trong 01 tuần"
    ),
}


@dataclass(frozen=True)
class Session:
    """One scheduled reception day, as far as the minimum is concerned."""

    day: dt.date
    by_head: bool  # hosted by the head in person (not a deputy)
    online: bool = False
    cancelled: bool = False


@dataclass(frozen=True)
class Shortfall:
    """A stretch of the calendar (a month or a week) with fewer head days than the law asks."""

    starts_on: dt.date
    ends_on: dt.date
    required: int
    counted: int
    basis: str


def counts(session: Session) -> bool:
    """Return whether a session counts towards the head's legal minimum."""
    if session.cancelled:
        return False
    if session.online and session.day < ONLINE_ALLOWED_FROM:
        return False
    return session.by_head or session.day < NO_DELEGATION_FROM


def mode_allowed(day: dt.date, online: bool) -> bool:
    """Return whether a reception on `day` may be held in that mode (online from 01/7/2026)."""
    return not online or day >= ONLINE_ALLOWED_FROM


def weeks_of_month(year: int, month: int) -> list[tuple[dt.date, dt.date]]:
    """Return the Monday–Sunday weeks belonging to the month (ISO rule: its Thursday is in it).

    A week straddling two months is judged once, as a whole, in the month of its Thursday.
    """
    first_day = dt.date(year, month, 1)
    thursday = first_day + dt.timedelta(days=(3 - first_day.weekday()) % 7)
    weeks = []
    while thursday.month == month:
        monday = thursday - dt.timedelta(days=3)
        weeks.append((monday, monday + dt.timedelta(days=6)))
        thursday += dt.timedelta(days=7)
    return weeks


def shortfalls(
    kind: str, year: int, month: int, sessions: Iterable[Session], *, until: dt.date | None = None
) -> list[Shortfall]:
    """Return the stretches of that month where the head's schedule is below the legal minimum.

    Units whose kind has no statutory minimum get none. `until` (default: no limit) ignores
    stretches that start after it, so a month in progress is not judged on weeks to come.
    """
    rule = REQUIREMENTS.get(kind)
    if rule is None:
        return []
    days = {s.day for s in sessions if counts(s)}
    if rule.per == "month":
        last = calendar.monthrange(year, month)[1]
        stretches = [(dt.date(year, month, 1), dt.date(year, month, last))]
    else:
        stretches = weeks_of_month(year, month)
    found = []
    for start, end in stretches:
        if until is not None and start > until:
            continue
        counted = sum(1 for d in days if start <= d <= end)
        if counted < rule.days:
            found.append(Shortfall(start, end, rule.days, counted, rule.basis))
    return found


def is_group_visit(people: int) -> bool:
    """Return whether a visit counts as a group (đoàn đông người: five people or more)."""
    return people >= 5

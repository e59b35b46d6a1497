"""Reads: the working-day calendar with the recorded overrides, and the deadline rules.

Both are cached in the process. Every call first reads a one-row fingerprint of the table
(count, last change), so a change made by another process or worker is seen on the next call;
the services also clear the cache when their transaction commits. Callers that compute many
due dates should fetch the calendar once and pass it on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q

from danvan.lib import deadlines, workcal

from .models import DayOverride, DeadlineRuleVersion

_calendars: dict[str | None, tuple[tuple[Any, ...], workcal.WorkCalendar]] = {}
_rules: dict[str, tuple[tuple[Any, ...], tuple[deadlines.DeadlineRule, ...]]] = {}


def caches_clear() -> None:
    """Forget the cached calendars and rules (called after an override or rule changes)."""
    _calendars.clear()
    _rules.clear()


def _fingerprint(model: Any) -> tuple[Any, ...]:
    row = model.objects.aggregate(n=Count("id"), top=Max("id"), last=Max("updated_at"))
    return (row["n"], row["top"], row["last"])


def calendar_for(scope: str | None = None) -> workcal.WorkCalendar:
    """Return the working-day calendar of the whole country, or of one province (its code)."""
    stamp = _fingerprint(DayOverride)
    cached = _calendars.get(scope)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    where = Q(scope=workcal.NATIONAL)
    if scope is not None:
        where |= Q(scope=scope)
    rows = DayOverride.objects.filter(where, archived_at__isnull=True).order_by("date")
    calendar = workcal.WorkCalendar([row.as_override() for row in rows], scope=scope)
    _calendars[scope] = (stamp, calendar)
    return calendar


def deadline_rules() -> tuple[deadlines.DeadlineRule, ...]:
    """Return every active version of every deadline rule."""
    stamp = _fingerprint(DeadlineRuleVersion)
    cached = _rules.get("all")
    if cached is not None and cached[0] == stamp:
        return cached[1]
    rows = DeadlineRuleVersion.objects.filter(archived_at__isnull=True).order_by(
        "code", "valid_from"
    )
    table = tuple(row.to_rule() for row in rows)
    _rules["all"] = (stamp, table)
    return table


def deadline_rule_for(*, code: str, on: dt.date) -> deadlines.DeadlineRule:
    """Return the version of a rule in force for a trigger on `on` (DeadlineError if none)."""
    return deadlines.rule_for(code, on, deadline_rules())


def due_for(
    *,
    code: str,
    start: dt.date,
    scope: str | None = None,
    complex: bool = False,
    remote: bool = False,
    extensions: int = 0,
    especially_complex: bool = False,
) -> deadlines.Due:
    """Return the due date of step `code` triggered on `start`, with the recorded rules."""
    return deadlines.compute_due(
        deadline_rule_for(code=code, on=start),
        start,
        calendar_for(scope),
        complex=complex,
        remote=remote,
        extensions=extensions,
        especially_complex=especially_complex,
    )

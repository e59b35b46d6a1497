"""Reads on the reception register and schedule: lists, warnings, statistics, report figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from danvan.core.access import Actor
from danvan.lib import receptionrules
from danvan.lib.vntext import fold
from danvan.orgs.models import Unit

from . import policies
from .models import Reception, ReceptionSession, SessionStatus


def units_for(actor: Actor) -> QuerySet[Unit]:
    """Return the units whose register the actor may read."""
    units = Unit.objects.filter(archived_at__isnull=True)
    if actor.sees_province:
        return units
    return units.filter(pk__in=actor.unit_ids(*policies.KEEPERS))


def receptions_visible(
    *,
    actor: Actor,
    unit_id: int | None = None,
    month: dt.date | None = None,
    classification: str = "",
    handling: str = "",
    query: str = "",
    groups_only: bool = False,
) -> QuerySet[Reception]:
    """Return the register entries the actor may read, filtered, newest first."""
    rows = Reception.objects.filter(archived_at__isnull=True).select_related("unit")
    if not actor.sees_province:
        rows = rows.filter(unit_id__in=actor.unit_ids(*policies.KEEPERS))
    if unit_id:
        rows = rows.filter(unit_id=unit_id)
    if month is not None:
        start = timezone.make_aware(dt.datetime(month.year, month.month, 1))
        nxt = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        rows = rows.filter(
            received_at__gte=start,
            received_at__lt=timezone.make_aware(dt.datetime(nxt.year, nxt.month, 1)),
        )
    if classification:
        rows = rows.filter(classification=classification)
    if handling:
        rows = rows.filter(handling=handling)
    if groups_only:
        rows = rows.filter(people_count__gte=5)
    for word in fold(query).split()[:8]:
        rows = rows.filter(search_text__contains=word)
    return rows.order_by("-received_at", "-id")


@dataclass(frozen=True)
class Warning:
    unit: Unit
    shortfall: receptionrules.Shortfall


def schedule_warnings(
    *, units: QuerySet[Unit] | list[Unit], year: int, month: int, today: dt.date | None = None
) -> list[Warning]:
    """Return, for each unit with a statutory minimum, the stretches of the month it falls short.

    Two queries whatever the number of units. A month in progress is judged only on the
    weeks (or the month) already started, counting what is scheduled for the rest.
    """
    today = today or timezone.localdate()
    units = [u for u in units if u.kind in receptionrules.REQUIREMENTS]
    if not units:
        return []
    first = dt.date(year, month, 1) - dt.timedelta(days=7)
    last = dt.date(year + month // 12, month % 12 + 1, 1) + dt.timedelta(days=7)
    by_unit: dict[int, list[receptionrules.Session]] = {u.pk: [] for u in units}
    for session in ReceptionSession.objects.filter(
        unit_id__in=by_unit, day__gte=first, day__lt=last
    ):
        by_unit[session.unit_id].append(session.as_rule_session())
    until = today + dt.timedelta(days=6) if (year, month) == (today.year, today.month) else None
    if (year, month) > (today.year, today.month):
        until = None
    found = []
    for unit in units:
        for gap in receptionrules.shortfalls(unit.kind, year, month, by_unit[unit.pk], until=until):
            found.append(Warning(unit, gap))
    return found


def sessions_public(*, since: dt.date, until: dt.date | None = None) -> QuerySet[ReceptionSession]:
    """Return the published upcoming reception days of every unit."""
    rows = ReceptionSession.objects.filter(
        public=True, archived_at__isnull=True, day__gte=since
    ).exclude(status=SessionStatus.CANCELLED)
    if until is not None:
        rows = rows.filter(day__lte=until)
    return rows.select_related("unit").order_by("day", "starts_at", "unit__name")


def sessions_of(
    *, unit_ids: list[int] | set[int], year: int, month: int
) -> QuerySet[ReceptionSession]:
    """Return a month of the schedule of some units."""
    return (
        ReceptionSession.objects.filter(
            unit_id__in=unit_ids, day__year=year, day__month=month, archived_at__isnull=True
        )
        .select_related("unit")
        .order_by("day", "starts_at")
    )


def statistics(*, unit_ids: list[int] | None, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Return the totals of the register between two dates (inclusive), by classification."""
    rows = Reception.objects.filter(
        archived_at__isnull=True,
        received_at__date__gte=start,
        received_at__date__lte=end,
    )
    sessions = ReceptionSession.objects.filter(
        archived_at__isnull=True, status=SessionStatus.HELD, day__gte=start, day__lte=end
    )
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
        sessions = sessions.filter(unit_id__in=unit_ids)
    totals = rows.aggregate(
        visits=Count("id"),
        people=Sum("people_count"),
        groups=Count("id", filter=Q(people_count__gte=5)),
    )
    by_kind = dict(rows.values_list("classification").annotate(n=Count("id")).order_by())
    return {
        "visits": totals["visits"] or 0,
        "people": totals["people"] or 0,
        "groups": totals["groups"] or 0,
        "by_classification": by_kind,
        "head_sessions": sessions.filter(host_is_head=True).count(),
        "scheduled_sessions": ReceptionSession.objects.filter(
            archived_at__isnull=True,
            day__gte=start,
            day__lte=end,
            **({"unit_id__in": unit_ids} if unit_ids is not None else {}),
        ).count(),
    }

"""Reads of units and groups."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from danvan.lib.vntext import fold

from .models import Unit, UnitGroup


def group_members_on(*, group: UnitGroup, on: dt.date) -> QuerySet[Unit]:
    """Return the members of a group that exist on `on`."""
    return Unit.objects.active_on(on).filter(groups=group).order_by("name")


def units_search(*, query: str, on: dt.date | None = None) -> QuerySet[Unit]:
    """Return units whose name, short name, code or aliases match, ignoring diacritics."""
    qs = Unit.objects.filter(archived_at__isnull=True)
    if on is not None:
        qs = qs.active_on(on)
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("kind", "name")


def unit_successors(*, unit: Unit) -> list[Unit]:
    """Return the units that took over from `unit`, following chains (A → B → C gives B, C)."""
    seen: list[Unit] = []
    frontier = [unit]
    while frontier:
        current = frontier.pop()
        for succ in current.successions.select_related("successor"):
            if succ.successor not in seen and succ.successor != unit:
                seen.append(succ.successor)
                frontier.append(succ.successor)
    return seen


def province_committee(*, on: dt.date) -> Unit | None:
    """Return the provincial People's Committee that exists on `on` (the default plan issuer)."""
    qs = Unit.objects.filter(kind="provincial_committee", archived_at__isnull=True)
    return qs.active_on(on).first() or qs.order_by("-valid_from").first()

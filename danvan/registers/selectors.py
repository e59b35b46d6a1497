"""Reads on the registers: visible, filtered lists; cases with personal data only where allowed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from danvan.core.access import Actor
from danvan.lib.vntext import fold
from danvan.orgs.models import Unit

from . import policies
from .models import DisciplineCase, Inspection, PropagandaActivity


def _unit_filter(actor: Actor, *fields: str) -> Q | None:
    """Return a filter to the records of the actor's units, or None for province-wide readers."""
    if actor.sees_province:
        return None
    units = actor.unit_ids(*policies.UNIT_READERS)
    q = Q(pk__in=[])
    for name in fields:
        q |= Q(**{f"{name}__in": units})
    return q


@dataclass
class Filters:
    q: str = ""
    unit_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: str = ""  # format, violation kind
    group: str = ""  # target group


def propaganda_visible(
    actor: Actor, filters: Filters | None = None
) -> QuerySet[PropagandaActivity]:
    """Return the activities the actor may read, filtered."""
    qs = PropagandaActivity.objects.filter(archived_at__isnull=True).select_related("unit")
    scope = _unit_filter(actor, "unit_id")
    if scope is not None:
        qs = qs.filter(scope)
    f = filters or Filters()
    if f.q:
        qs = qs.filter(search_text__contains=fold(f.q))
    if f.unit_id:
        qs = qs.filter(unit_id=f.unit_id)
    if f.date_from:
        qs = qs.filter(held_on__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(held_on__lte=f.date_to)
    if f.kind:
        qs = qs.filter(format=f.kind)
    if f.group:
        qs = qs.filter(target_groups_key__contains=f",{f.group},")
    return qs


def propaganda_totals(qs: QuerySet[PropagandaActivity]) -> dict[str, int]:
    """Return how many activities and participants a list holds."""
    row = qs.aggregate(events=Count("id"), participants=Sum("participants"))
    return {"events": row["events"] or 0, "participants": row["participants"] or 0}


def propaganda_by_unit(qs: QuerySet[PropagandaActivity]) -> list[dict[str, Any]]:
    """Return the totals per unit of a list, largest first."""
    return list(
        qs.values("unit_id", "unit__name")
        .annotate(events=Count("id"), participants=Sum("participants"))
        .order_by("-events", "unit__name")
    )


def inspections_visible(actor: Actor, filters: Filters | None = None) -> QuerySet[Inspection]:
    """Return the inspections the actor may read, filtered."""
    qs = Inspection.objects.filter(archived_at__isnull=True).select_related(
        "inspecting_unit", "inspected_unit"
    )
    scope = _unit_filter(actor, "inspecting_unit_id", "inspected_unit_id")
    if scope is not None:
        qs = qs.filter(scope)
    f = filters or Filters()
    if f.q:
        qs = qs.filter(search_text__contains=fold(f.q))
    if f.unit_id:
        qs = qs.filter(Q(inspecting_unit_id=f.unit_id) | Q(inspected_unit_id=f.unit_id))
    if f.date_from:
        qs = qs.filter(held_on__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(held_on__lte=f.date_to)
    return qs.annotate(case_count=Count("cases", filter=Q(cases__archived_at__isnull=True)))


def cases_visible(actor: Actor, filters: Filters | None = None) -> QuerySet[DisciplineCase]:
    """Return the discipline cases the actor may know of (with or without personal data)."""
    qs = DisciplineCase.objects.filter(archived_at__isnull=True).select_related("unit")
    scope = _unit_filter(actor, "unit_id")
    if scope is not None:
        qs = qs.filter(scope)
    f = filters or Filters()
    if f.q:
        qs = qs.filter(search_text__contains=fold(f.q))
    if f.unit_id:
        qs = qs.filter(unit_id=f.unit_id)
    if f.date_from:
        qs = qs.filter(decision_date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(decision_date__lte=f.date_to)
    if f.kind:
        qs = qs.filter(violation_kind=f.kind)
    return qs


HIDDEN = "(ẩn – dữ liệu cá nhân)"


@dataclass
class CaseView:
    """A discipline case as one reader may see it: personal data or None."""

    case: DisciplineCase
    personal: bool
    official_name: str | None
    official_position: str | None
    decision_number: str | None


def case_view(actor: Actor, case: DisciplineCase) -> CaseView:
    """Return the case with its personal data only for the coordinator and the unit head."""
    personal = policies.can_see_personal_data(actor, case.unit_id)
    return CaseView(
        case=case,
        personal=personal,
        official_name=case.official_name if personal else None,
        official_position=case.official_position if personal else None,
        decision_number=case.decision_number if personal else None,
    )


def writable_units(actor: Actor, *, for_cases: bool = False) -> QuerySet[Unit]:
    """Return the units the actor records for (every active unit for the coordinator)."""
    qs = Unit.objects.filter(archived_at__isnull=True).order_by("kind", "name")
    if actor.is_coordinator:
        return qs
    from danvan.core.access import UNIT_HEAD

    roles = (UNIT_HEAD,) if for_cases else policies.UNIT_WRITERS
    return qs.filter(pk__in=actor.unit_ids(*roles))


def visible_units(actor: Actor) -> QuerySet[Unit]:
    """Return the units offered in list filters."""
    qs = Unit.objects.filter(archived_at__isnull=True).order_by("kind", "name")
    if actor.sees_province:
        return qs
    return qs.filter(pk__in=actor.unit_ids(*policies.UNIT_READERS))


# Figures for the reports ---------------------------------------------------------------------


def unit_totals(unit_id: int, start: dt.date, end: dt.date) -> dict[str, int]:
    """Return a unit's propaganda events and participants between two dates (inclusive)."""
    qs = PropagandaActivity.objects.filter(
        unit_id=unit_id, archived_at__isnull=True, held_on__gte=start, held_on__lte=end
    )
    return propaganda_totals(qs)


def unit_cases(unit_id: int, start: dt.date, end: dt.date, kind: str | None = None) -> int:
    """Return how many officials of a unit were disciplined between two dates (inclusive)."""
    qs = DisciplineCase.objects.filter(
        unit_id=unit_id,
        archived_at__isnull=True,
        decision_date__gte=start,
        decision_date__lte=end,
    )
    if kind:
        qs = qs.filter(violation_kind=kind)
    return qs.count()


def unit_has_discipline_records(unit_id: int, start: dt.date, end: dt.date) -> bool:
    """Return whether the register holds a case of, or an inspection at, the unit in the window."""
    if unit_cases(unit_id, start, end):
        return True
    return Inspection.objects.filter(
        inspected_unit_id=unit_id, archived_at__isnull=True, held_on__gte=start, held_on__lte=end
    ).exists()

"""Reads of the imports app: import jobs, the legal-document registry, unit aliases."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, Q, QuerySet, Value, When

from danvan.core.access import Actor
from danvan.lib.planparse import Alias
from danvan.lib.vntext import fold
from danvan.orgs.models import Unit, UnitGroup

from .models import Citation, ImportJob, LegalDocument


def unit_aliases(*, on: dt.date | None = None) -> list[Alias]:
    """Return (phrase, key, label) for every unit and group name and alias, for actor matching."""
    units = Unit.objects.filter(archived_at__isnull=True)
    if on is not None:
        units = units.active_on(on)
    out: list[Alias] = []
    for unit in units.only("pk", "name", "short_name", "aliases"):
        key = f"unit:{unit.pk}"
        for phrase in [unit.name, unit.short_name, *(unit.aliases or [])]:
            if isinstance(phrase, str) and phrase.strip():
                out.append((phrase, key, unit.name))
    for group in UnitGroup.objects.filter(archived_at__isnull=True).only("pk", "name", "aliases"):
        key = f"group:{group.pk}"
        for phrase in [group.name, *(group.aliases or [])]:
            if isinstance(phrase, str) and phrase.strip():
                out.append((phrase, key, group.name))
    return out


def jobs_visible(*, actor: Actor) -> QuerySet[ImportJob]:
    """Return the import jobs a user may see: all for the coordinator, own ones otherwise."""
    jobs = ImportJob.objects.select_related("created_by", "plan").order_by("-created_at")
    if actor.is_coordinator or actor.is_admin:
        return jobs
    return jobs.filter(created_by=actor.user)


def legal_documents_search(*, query: str = "", doc_type: str = "") -> QuerySet[LegalDocument]:
    """Return registry entries matching a query typed with or without diacritics."""
    rows = LegalDocument.objects.filter(archived_at__isnull=True).annotate(
        plan_count=Count("citations__plan", distinct=True)
    )
    words = fold(query).split()[:8]
    for word in words:
        rows = rows.filter(search_text__contains=word)
    if doc_type:
        rows = rows.filter(doc_type=doc_type)
    # A document whose own number was typed comes before those whose subject cites it.
    numbers = [w for w in words if w.isdigit()]
    own = Case(When(number__in=numbers, then=Value(0)), default=Value(1)) if numbers else Value(1)
    return rows.annotate(own_number=own).order_by("own_number", "-issued_on", "full_ref")


def citations_of_plan(*, plan_id: int) -> QuerySet[Citation]:
    """Return the citations of one plan with their documents, in reading order."""
    return (
        Citation.objects.filter(plan_id=plan_id)
        .select_related("document")
        .order_by("position", "id")
    )


def citing_plans(*, document: LegalDocument) -> QuerySet[Citation]:
    """Return where a registry document is cited."""
    return (
        Citation.objects.filter(document=document)
        .select_related("plan")
        .filter(Q(plan__archived_at__isnull=True))
        .order_by("-plan__year", "plan_id", "position")
    )

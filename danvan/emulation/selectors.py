"""Reads on the "Dân vận khéo" registry: visible lists, the public showcase, statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet

from danvan.core.access import Actor
from danvan.lib.vntext import fold

from .models import (
    REGISTERED_OR_LATER,
    EmulationField,
    EmulationModel,
    Exemplar,
    ExemplarStatus,
    ModelStatus,
    Photo,
    RecognitionLevel,
    Replication,
)
from .policies import ALL_UNIT_ROLES

ACTIVE_PHOTOS = Photo.objects.filter(archived_at__isnull=True).order_by("created_at", "id")
ACTIVE_REPLICATIONS = Replication.objects.filter(archived_at__isnull=True).select_related("unit")


def _search(qs: QuerySet[Any], query: str) -> QuerySet[Any]:
    for word in fold(query).split()[:8]:
        qs = qs.filter(search_text__contains=word)
    return qs


def models_visible(*, actor: Actor, include_archived: bool = False) -> QuerySet[EmulationModel]:
    """Return the models the actor may see (policies.can_view_model as a query)."""
    qs = (
        EmulationModel.objects.select_related("unit")
        .annotate(
            replication_count=Count(
                "replications", filter=Q(replications__archived_at__isnull=True), distinct=True
            ),
            average=Avg("evaluations__score"),
        )
        .order_by("-year", "unit__name", "title", "id")
    )
    if not include_archived:
        qs = qs.exclude(status=ModelStatus.ARCHIVED)
    own = Q(unit_id__in=actor.unit_ids(*ALL_UNIT_ROLES))
    if actor.sees_province:
        return qs.filter(own | ~Q(status=ModelStatus.DRAFT))
    return qs.filter(own | Q(status=ModelStatus.RECOGNISED))


def models_filtered(
    qs: QuerySet[EmulationModel],
    *,
    year: int | None = None,
    field_value: str = "",
    status: str = "",
    level: str = "",
    unit_id: int | None = None,
    query: str = "",
) -> QuerySet[EmulationModel]:
    """Return `qs` narrowed by the list filters (unknown choice values are ignored)."""
    if year:
        qs = qs.filter(year=year)
    if field_value in EmulationField.values:
        qs = qs.filter(field=field_value)
    if status in ModelStatus.values:
        qs = qs.filter(status=status)
    if level in RecognitionLevel.values:
        qs = qs.filter(level=level)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if query.strip():
        qs = _search(qs, query)
    return qs


def showcase(
    *, year: int | None = None, field_value: str = "", level: str = "", query: str = ""
) -> QuerySet[EmulationModel]:
    """Return the recognised, published models for the public page, with photos."""
    qs = (
        EmulationModel.objects.filter(status=ModelStatus.RECOGNISED, public=True)
        .select_related("unit")
        .annotate(
            replication_count=Count(
                "replications", filter=Q(replications__archived_at__isnull=True)
            )
        )
        .prefetch_related(Prefetch("photos", queryset=ACTIVE_PHOTOS, to_attr="active_photos"))
        .order_by("-year", "-decision_date", "title", "id")
    )
    return models_filtered(qs, year=year, field_value=field_value, level=level, query=query)


def showcase_years() -> list[int]:
    """Return the years that have published models, newest first."""
    return list(
        EmulationModel.objects.filter(status=ModelStatus.RECOGNISED, public=True)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def showcase_exemplars(*, year: int | None = None, query: str = "") -> QuerySet[Exemplar]:
    """Return the recognised, published exemplars (no personal data is read by the page)."""
    qs = Exemplar.objects.filter(status=ExemplarStatus.RECOGNISED, public=True).select_related(
        "unit"
    )
    if year:
        qs = qs.filter(year=year)
    if query.strip():
        qs = _search(qs, query)
    return qs.order_by("-year", "name")


def model_photos(*, model: EmulationModel) -> list[Photo]:
    """Return the model's current photos in upload order."""
    return list(model.photos.filter(archived_at__isnull=True).order_by("created_at", "id"))


def model_replications(*, model: EmulationModel) -> list[Replication]:
    """Return where the model has spread: the active replications with their units."""
    return list(
        model.replications.filter(archived_at__isnull=True)
        .select_related("unit")
        .order_by("applied_on", "id")
    )


def exemplars_visible(*, actor: Actor, include_archived: bool = False) -> QuerySet[Exemplar]:
    """Return the nominations the actor may see (policies.can_view_exemplar as a query)."""
    qs = (
        Exemplar.objects.select_related("unit")
        .annotate(average=Avg("evaluations__score"))
        .order_by("-year", "name", "id")
    )
    if not include_archived:
        qs = qs.exclude(status=ExemplarStatus.ARCHIVED)
    own = Q(unit_id__in=actor.unit_ids(*ALL_UNIT_ROLES))
    if actor.sees_province:
        return qs.filter(own | ~Q(status=ExemplarStatus.DRAFT))
    return qs.filter(own | Q(status=ExemplarStatus.RECOGNISED))


def exemplars_filtered(
    qs: QuerySet[Exemplar], *, year: int | None = None, status: str = "", query: str = ""
) -> QuerySet[Exemplar]:
    """Return `qs` narrowed by the list filters."""
    if year:
        qs = qs.filter(year=year)
    if status in ExemplarStatus.values:
        qs = qs.filter(status=status)
    if query.strip():
        qs = _search(qs, query)
    return qs


@dataclass
class Statistics:
    year: int | None
    registered: int = 0
    recognised: int = 0
    replications: int = 0
    by_field: list[dict[str, Any]] = field(default_factory=list)
    by_level: list[dict[str, Any]] = field(default_factory=list)
    by_unit: list[dict[str, Any]] = field(default_factory=list)


def statistics(*, actor: Actor, year: int | None) -> Statistics:
    """Return counts of registered and recognised models by field, level and unit."""
    qs = models_visible(actor=actor).filter(status__in=REGISTERED_OR_LATER)
    if year:
        qs = qs.filter(year=year)
    base = qs.order_by()
    recognised = Q(status=ModelStatus.RECOGNISED)
    stats = Statistics(year=year)
    totals = base.aggregate(registered=Count("id"), recognised=Count("id", filter=recognised))
    stats.registered, stats.recognised = totals["registered"], totals["recognised"]
    stats.replications = Replication.objects.filter(
        archived_at__isnull=True, emulation_model__in=base.values("id")
    ).count()
    by_field = {
        r["field"]: r
        for r in base.values("field").annotate(
            registered=Count("id"), recognised=Count("id", filter=recognised)
        )
    }
    stats.by_field = [
        {
            "value": value,
            "label": label,
            "registered": by_field.get(value, {}).get("registered", 0),
            "recognised": by_field.get(value, {}).get("recognised", 0),
        }
        for value, label in EmulationField.choices
    ]
    by_level = {
        r["level"]: r["n"] for r in base.filter(recognised).values("level").annotate(n=Count("id"))
    }
    stats.by_level = [
        {"value": value, "label": label, "recognised": by_level.get(value, 0)}
        for value, label in RecognitionLevel.choices
    ]
    stats.by_unit = list(
        base.values("unit_id", "unit__name")
        .annotate(registered=Count("id"), recognised=Count("id", filter=recognised))
        .order_by("-registered", "unit__name")
    )
    return stats


def unit_year_counts(*, unit_id: int, year: int) -> dict[str, int]:
    """Return a unit's models of a year: any (drafts too), registered, and recognised."""
    row = (
        EmulationModel.objects.filter(unit_id=unit_id, year=year)
        .exclude(status=ModelStatus.ARCHIVED)
        .order_by()
        .aggregate(
            any=Count("id"),
            registered=Count("id", filter=Q(status__in=REGISTERED_OR_LATER)),
            recognised=Count("id", filter=Q(status=ModelStatus.RECOGNISED)),
        )
    )
    return {"any": row["any"], "registered": row["registered"], "recognised": row["recognised"]}

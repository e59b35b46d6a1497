"""Reads on reform indices: the provinces, trends by year, weak components, remedial tasks."""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from danvan.orgs.models import Unit, UnitKind
from danvan.plans.models import Assignment, ProgressStatus

from .models import IndexKind, IndexScore, IndexTarget, RemedialLink, ScoreImport, SubIndex

WEAK_SHARE = decimal.Decimal("0.5")  # below half of the component's maximum counts as weak
WEAKEST = 2  # and so do the two lowest components of the latest year


def province_units() -> QuerySet[Unit]:
    """Return the province-level units (UBND tỉnh) whose indices are followed."""
    return Unit.objects.filter(
        kind=UnitKind.PROVINCIAL_COMMITTEE, archived_at__isnull=True
    ).order_by("-valid_from", "name")


def default_province() -> Unit | None:
    """Return the province shown first: the one with the latest scores, else the current one."""
    latest = (
        IndexScore.objects.filter(archived_at__isnull=True, unit__archived_at__isnull=True)
        .order_by("-year", "-updated_at")
        .select_related("unit")
        .first()
    )
    if latest is not None:
        return latest.unit
    today = timezone.localdate()
    units = province_units()
    return units.active_on(today).first() or units.first()


@dataclass
class YearRow:
    year: int
    score: decimal.Decimal | None = None
    rank: int | None = None
    target_score: decimal.Decimal | None = None
    target_rank: int | None = None
    result: IndexScore | None = None
    target: IndexTarget | None = None
    sub: dict[int, Any] = field(default_factory=dict)  # sub_index id -> SubIndexScore

    def gap(self) -> decimal.Decimal | None:
        """Return score minus target, when both exist."""
        if self.score is None or self.target_score is None:
            return None
        return self.score - self.target_score

    def met(self) -> bool | None:
        """Return whether the target score was reached (None without both figures)."""
        gap = self.gap()
        return None if gap is None else gap >= 0


def trend(kind: IndexKind, unit: Unit) -> list[YearRow]:
    """Return one row per year that has a result or a target, oldest first."""
    rows: dict[int, YearRow] = {}
    results = IndexScore.objects.filter(
        kind=kind, unit=unit, archived_at__isnull=True
    ).prefetch_related("sub_scores__sub_index")
    for result in results:
        row = rows.setdefault(result.year, YearRow(result.year))
        row.result, row.score, row.rank = result, result.score, result.national_rank
        row.sub = {s.sub_index_id: s for s in result.sub_scores.all()}
    for target in IndexTarget.objects.filter(kind=kind, unit=unit):
        row = rows.setdefault(target.year, YearRow(target.year))
        row.target, row.target_score, row.target_rank = (
            target,
            target.target_score,
            target.target_rank,
        )
    return [rows[y] for y in sorted(rows)]


def _num(value: decimal.Decimal | None) -> float | None:
    return None if value is None else float(value)


def chart_data(kind: IndexKind, rows: list[YearRow]) -> dict[str, Any]:
    """Return the score-vs-target and rank series for Chart.js (the same numbers as the table)."""
    labels = [str(r.year) for r in rows]
    return {
        "score": {
            "labels": labels,
            "datasets": [
                {
                    "label": f"{kind.short_name}: điểm đạt được",
                    "data": [_num(r.score) for r in rows],
                },
                {"label": "Mục tiêu", "data": [_num(r.target_score) for r in rows], "dashed": True},
            ],
            "max": float(kind.scale_max),
        },
        "rank": {
            "labels": labels,
            "datasets": [
                {"label": "Xếp hạng toàn quốc", "data": [r.rank for r in rows]},
                {
                    "label": "Thứ hạng mục tiêu",
                    "data": [r.target_rank for r in rows],
                    "dashed": True,
                },
            ],
        },
    }


def sub_index_rows(kind: IndexKind, rows: list[YearRow]) -> list[dict[str, Any]]:
    """Return each component with its score per year, the latest change and a weak flag."""
    years = [r for r in rows if r.sub]
    latest_year = years[-1].sub if years else {}
    lowest = {
        s.sub_index_id for s in sorted(latest_year.values(), key=lambda s: s.share())[:WEAKEST]
    }
    table = []
    for sub in SubIndex.objects.filter(kind=kind).order_by("position"):
        cells = [r.sub.get(sub.pk) for r in years]
        present = [c for c in cells if c is not None]
        latest = present[-1] if present else None
        previous = present[-2] if len(present) > 1 else None
        table.append(
            {
                "sub": sub,
                "cells": cells,
                "latest": latest,
                "change": (latest.score - previous.score) if latest and previous else None,
                "weak": latest is not None and (latest.share() < WEAK_SHARE or sub.pk in lowest),
            }
        )
    return table


def sub_years(rows: list[YearRow]) -> list[int]:
    """Return the years that have component scores."""
    return [r.year for r in rows if r.sub]


def remedial_links(kind: IndexKind, unit: Unit) -> list[dict[str, Any]]:
    """Return the active remedial tasks of the index's components with their progress."""
    links = list(
        RemedialLink.objects.filter(sub_index__kind=kind, unit=unit, archived_at__isnull=True)
        .select_related("sub_index", "task__plan")
        .order_by("sub_index__position", "id")
    )
    progress = {
        row["task_id"]: row
        for row in Assignment.objects.filter(
            task_id__in=[link.task_id for link in links], archived_at__isnull=True
        )
        .values("task_id")
        .annotate(
            units=Count("id"),
            done=Count("id", filter=Q(status=ProgressStatus.DONE)),
            percent=Avg("percent"),
        )
    }
    out = []
    for link in links:
        p = progress.get(link.task_id, {"units": 0, "done": 0, "percent": None})
        out.append(
            {
                "link": link,
                "task": link.task,
                "units": p["units"],
                "done": p["done"],
                "percent": round(p["percent"]) if p["percent"] is not None else None,
            }
        )
    return out


def recent_imports(limit: int = 10) -> QuerySet[ScoreImport]:
    """Return the latest uploads, newest first."""
    return ScoreImport.objects.select_related("by", "unit").order_by("-created_at", "-id")[:limit]


def kinds() -> QuerySet[IndexKind]:
    """Return the four indices with their components."""
    return IndexKind.objects.prefetch_related("sub_indices").order_by("position")


def overview(unit: Unit) -> list[dict[str, Any]]:
    """Return, per index, the latest result and the target of that year."""
    out = []
    for kind in kinds():
        rows = [r for r in trend(kind, unit) if r.score is not None or r.rank is not None]
        latest = rows[-1] if rows else None
        previous = rows[-2] if len(rows) > 1 else None
        out.append(
            {
                "kind": kind,
                "latest": latest,
                "change": (latest.score - previous.score)
                if latest and previous and latest.score is not None and previous.score is not None
                else None,
            }
        )
    return out

"""Reads on the Front's recommendations: what each person sees, filters, statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from danvan.core.access import FRONT_LIAISON, UNIT_HEAD, Actor
from danvan.lib.vntext import fold

from .models import (
    Recommendation,
    RecommendationAnswer,
    RecommendationFile,
    RecommendationStatus,
)
from .policies import UNIT_READERS

S = RecommendationStatus


def recommendations_visible(*, actor: Actor) -> QuerySet[Recommendation]:
    """Return the recommendations the actor may see (none for an anonymous visitor)."""
    qs = Recommendation.objects.select_related("organisation", "assigned_unit")
    if not actor.is_authenticated:
        return qs.none()
    if actor.sees_province:
        return qs
    front = actor.unit_ids(FRONT_LIAISON)
    units = actor.unit_ids(*UNIT_READERS)
    return qs.filter(
        Q(organisation_id__in=front)
        | Q(organisation__parent_id__in=front)
        | Q(assigned_unit_id__in=units)
    )


@dataclass
class Todo:
    rec: Recommendation
    action: str


def recommendations_todo(*, actor: Actor, limit: int = 20) -> list[Todo]:
    """Return what waits for the actor: to assign, to answer, to assess, to agree to publish."""
    visible = recommendations_visible(actor=actor).order_by("due_on", "filed_on", "id")
    todo: list[Todo] = []
    if actor.is_coordinator:
        todo += [Todo(r, _("Cần giao đơn vị trả lời")) for r in visible.filter(status=S.FILED)]
    units = actor.unit_ids(*UNIT_READERS)
    if units:
        mine = visible.filter(assigned_unit_id__in=units)
        todo += [
            Todo(r, _("Đơn vị cần trả lời") if r.status == S.ASSIGNED else _("Cần trả lời lại"))
            for r in mine.filter(status__in=[S.ASSIGNED, S.NOT_SATISFIED])
        ]
        heads = actor.unit_ids(UNIT_HEAD)
        todo += [
            Todo(r, _("Chờ lãnh đạo đơn vị đồng ý công khai"))
            for r in mine.filter(
                assigned_unit_id__in=heads,
                status__in=[S.SATISFIED, S.NOT_SATISFIED],
                unit_consent_at__isnull=True,
            )
        ]
    front = actor.unit_ids(FRONT_LIAISON)
    if front:
        ours = visible.filter(Q(organisation_id__in=front) | Q(organisation__parent_id__in=front))
        todo += [Todo(r, _("Cần đánh giá trả lời")) for r in ours.filter(status=S.ANSWERED)]
        todo += [
            Todo(r, _("Chờ Mặt trận đồng ý công khai"))
            for r in ours.filter(
                status__in=[S.SATISFIED, S.NOT_SATISFIED], front_consent_at__isnull=True
            )
        ]
    return todo[:limit]


def recommendations_published() -> QuerySet[Recommendation]:
    """Return the recommendations on the public page, newest publication first."""
    return (
        Recommendation.objects.filter(status=S.PUBLISHED)
        .select_related("organisation", "assigned_unit")
        .order_by("-published_at", "-id")
    )


@dataclass
class Filters:
    status: str = ""
    unit_id: int | None = None
    year: int | None = None
    overdue: bool = False
    q: str = ""


def recommendations_filtered(
    qs: QuerySet[Recommendation], *, filters: Filters, today: dt.date
) -> QuerySet[Recommendation]:
    """Apply the list filters: status, assigned unit, year filed, overdue, folded search."""
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.unit_id:
        qs = qs.filter(assigned_unit_id=filters.unit_id)
    if filters.year:
        qs = qs.filter(filed_on__year=filters.year)
    if filters.overdue:
        qs = qs.filter(overdue_q(today))
    folded = fold(filters.q)
    for word in folded.split()[:10]:
        qs = qs.filter(search_text__contains=word)
    return qs


def overdue_q(today: dt.date) -> Q:
    """Return the condition of is_overdue as a query."""
    return Q(status=S.ASSIGNED, due_on__lt=today)


def recommendation_detail(*, pk: int) -> Recommendation | None:
    """Return one recommendation with its answers, files and events loaded."""
    files = RecommendationFile.objects.order_by("created_at", "id")
    answers = RecommendationAnswer.objects.select_related(
        "answered_by", "assessed_by", "unit"
    ).prefetch_related(Prefetch("files", queryset=files))
    return (
        Recommendation.objects.select_related(
            "organisation", "assigned_unit", "filed_by", "front_consent_by", "unit_consent_by"
        )
        .prefetch_related(
            Prefetch("answers", queryset=answers),
            Prefetch(
                "files",
                queryset=files.filter(answer__isnull=True),
                to_attr="recommendation_files",
            ),
            "events__by",
        )
        .filter(pk=pk)
        .first()
    )


def years_filed() -> list[int]:
    """Return the years in which recommendations were filed, newest first."""
    rows = (
        Recommendation.objects.annotate(y=ExtractYear("filed_on"))
        .values_list("y", flat=True)
        .distinct()
    )
    return sorted({y for y in rows if y}, reverse=True)


# Statistics --------------------------------------------------------------------------------


@dataclass
class StatsRow:
    key: str
    label: str
    received: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    not_due: int = 0
    unit_id: int | None = None
    year: int | None = None

    @property
    def answered(self) -> int:
        """Return how many were answered, on time or late."""
        return self.on_time + self.late

    @property
    def unanswered(self) -> int:
        """Return how many still wait for a first answer."""
        return self.overdue + self.not_due

    @property
    def on_time_share(self) -> int:
        """Return the share answered on time among those answered, in percent."""
        return round(100 * self.on_time / self.answered) if self.answered else 0


@dataclass
class Stats:
    total: StatsRow
    by_unit: list[StatsRow] = field(default_factory=list)
    by_year: list[StatsRow] = field(default_factory=list)


def _counts(today: dt.date) -> dict[str, Count]:
    answered = Q(first_answered_on__isnull=False)
    unanswered = Q(first_answered_on__isnull=True)
    return {
        "received": Count("id"),
        "on_time": Count(
            "id", filter=answered & (Q(due_on__isnull=True) | Q(first_answered_on__lte=F("due_on")))
        ),
        "late": Count("id", filter=answered & Q(first_answered_on__gt=F("due_on"))),
        "overdue": Count("id", filter=unanswered & Q(due_on__lt=today)),
        "not_due": Count("id", filter=unanswered & (Q(due_on__isnull=True) | Q(due_on__gte=today))),
    }


def recommendation_stats(*, qs: QuerySet[Recommendation], today: dt.date) -> Stats:
    """Count received, answered on time, late, and unanswered (overdue or not yet due).

    Withdrawn recommendations are not counted; "answered" is judged on the first answer.
    """
    base = qs.exclude(status=S.WITHDRAWN).order_by()
    counts = _counts(today)
    total = StatsRow(key="total", label="", **base.aggregate(**counts))
    by_unit = []
    for row in (
        base.values("assigned_unit_id", "assigned_unit__name")
        .annotate(**counts)
        # Unassigned first on every database (PostgreSQL sorts NULL last by default).
        .order_by(F("assigned_unit__name").asc(nulls_first=True))
    ):
        unit_id = row.pop("assigned_unit_id")
        name = row.pop("assigned_unit__name")
        by_unit.append(
            StatsRow(key=f"unit-{unit_id or 0}", label=name or "", unit_id=unit_id, **row)
        )
    by_year = []
    for row in (
        base.annotate(y=ExtractYear("filed_on")).values("y").annotate(**counts).order_by("-y")
    ):
        year = row.pop("y")
        by_year.append(StatsRow(key=f"year-{year}", label=str(year), year=year, **row))
    return Stats(total=total, by_unit=by_unit, by_year=by_year)


def unit_period_counts(*, unit_id: int, starts_on: dt.date, ends_on: dt.date) -> dict[str, int]:
    """Return received and answered counts of one unit for recommendations filed in a period."""
    qs = Recommendation.objects.filter(
        assigned_unit_id=unit_id, filed_on__gte=starts_on, filed_on__lte=ends_on
    ).exclude(status=S.WITHDRAWN)
    return qs.aggregate(
        received=Count("id"), answered=Count("id", filter=Q(first_answered_on__isnull=False))
    )

"""Reads on plans: outlines, dashboards, progress roll-ups and search."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet

from danvan.core.access import Actor
from danvan.lib.vntext import fold
from danvan.orgs.models import Unit

from .models import (
    Activity,
    Assignment,
    Difficulty,
    DifficultyStatus,
    Evidence,
    Item,
    Plan,
    PlanStatus,
    ProgressStatus,
    ProgressUpdate,
    Section,
    Task,
    UnitPlan,
    UnitPlanStatus,
)
from .policies import ALL_UNIT_ROLES

ACTIVE_ASSIGNMENTS = Q(archived_at__isnull=True)


def plans_visible(*, actor: Actor) -> QuerySet[Plan]:
    """Return the plans the actor may see: issued and closed ones, drafts for the coordinator."""
    qs = Plan.objects.filter(archived_at__isnull=True).select_related("issuer")
    if actor.is_coordinator or actor.is_admin:
        return qs
    return qs.exclude(status=PlanStatus.DRAFT)


def plan_outline(*, plan: Plan) -> QuerySet[Section]:
    """Return the sections of a plan with their items, tasks and active assignments."""
    active = Assignment.objects.filter(ACTIVE_ASSIGNMENTS).select_related("unit")
    tasks = Task.objects.filter(archived_at__isnull=True).prefetch_related(
        Prefetch("assignments", queryset=active)
    )
    items = Item.objects.prefetch_related(Prefetch("tasks", queryset=tasks))
    return plan.sections.prefetch_related(
        Prefetch("items", queryset=items), "plan__responsibilities__units"
    )


def assignments_for_units(*, unit_ids: set[int]) -> QuerySet[Assignment]:
    """Return active assignments of open plans for the given units."""
    return (
        Assignment.objects.filter(
            ACTIVE_ASSIGNMENTS, unit_id__in=unit_ids, task__plan__status=PlanStatus.ISSUED
        )
        .select_related("task", "task__plan", "unit")
        .order_by(F("task__due_date").asc(nulls_last=True), "task__position")
    )


def assignments_due_soon(*, unit_ids: set[int], on: dt.date, days: int = 30) -> list[Assignment]:
    """Return unfinished assignments whose task falls due within `days` days of `on`."""
    return list(
        assignments_for_units(unit_ids=unit_ids)
        .filter(task__due_date__gte=on, task__due_date__lte=on + dt.timedelta(days=days))
        .exclude(status=ProgressStatus.DONE)
    )


def assignments_overdue(*, unit_ids: set[int] | None, on: dt.date) -> QuerySet[Assignment]:
    """Return unfinished assignments past their task's due date (all units if None)."""
    qs = Assignment.objects.filter(
        ACTIVE_ASSIGNMENTS, task__plan__status=PlanStatus.ISSUED, task__due_date__lt=on
    ).exclude(status=ProgressStatus.DONE)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return qs.select_related("task", "unit").order_by("task__due_date", "unit__name")


@dataclass
class ProgressRow:
    key: str
    label: str
    assignments: int
    done: int
    avg_percent: float
    overdue: int

    @property
    def done_share(self) -> int:
        """Return the share of finished assignments, in whole percent."""
        return round(100 * self.done / self.assignments) if self.assignments else 0


def progress_by_group(*, plan: Plan, on: dt.date) -> list[ProgressRow]:
    """Return progress per task group (items of the plan that hold tasks)."""
    rows = (
        Assignment.objects.filter(ACTIVE_ASSIGNMENTS, task__plan=plan)
        .values("task__item_id", "task__item__number", "task__item__title")
        .annotate(
            n=Count("id"),
            done=Count("id", filter=Q(status=ProgressStatus.DONE)),
            avg=Avg("percent"),
            overdue=Count("id", filter=Q(task__due_date__lt=on) & ~Q(status=ProgressStatus.DONE)),
        )
        .order_by("task__item__position")
    )
    return [
        ProgressRow(
            key=str(r["task__item_id"]),
            label=f"{r['task__item__number']}. {r['task__item__title']}",
            assignments=r["n"],
            done=r["done"],
            avg_percent=round(float(r["avg"] or 0), 1),
            overdue=r["overdue"],
        )
        for r in rows
    ]


def progress_by_unit(*, plan: Plan | None, on: dt.date) -> list[ProgressRow]:
    """Return progress per assigned unit, for one plan or every open plan."""
    qs = Assignment.objects.filter(ACTIVE_ASSIGNMENTS)
    qs = qs.filter(task__plan=plan) if plan else qs.filter(task__plan__status=PlanStatus.ISSUED)
    rows = (
        qs.values("unit_id", "unit__name")
        .annotate(
            n=Count("id"),
            done=Count("id", filter=Q(status=ProgressStatus.DONE)),
            avg=Avg("percent"),
            overdue=Count("id", filter=Q(task__due_date__lt=on) & ~Q(status=ProgressStatus.DONE)),
        )
        .order_by("unit__name")
    )
    return [
        ProgressRow(
            key=str(r["unit_id"]),
            label=r["unit__name"],
            assignments=r["n"],
            done=r["done"],
            avg_percent=round(float(r["avg"] or 0), 1),
            overdue=r["overdue"],
        )
        for r in rows
    ]


def unit_plans_awaiting_review() -> QuerySet[UnitPlan]:
    """Return submitted unit plans, oldest first."""
    return (
        UnitPlan.objects.filter(status=UnitPlanStatus.SUBMITTED, archived_at__isnull=True)
        .select_related("unit", "plan")
        .order_by("submitted_at")
    )


def unit_plans_for_units(*, unit_ids: set[int]) -> QuerySet[UnitPlan]:
    """Return the unit plans of the given units."""
    return (
        UnitPlan.objects.filter(unit_id__in=unit_ids, archived_at__isnull=True)
        .select_related("unit", "plan")
        .order_by("-updated_at")
    )


def unit_plans_visible(*, actor: Actor, plan: Plan | None = None) -> QuerySet[UnitPlan]:
    """Return the unit plans the actor may see."""
    qs = UnitPlan.objects.filter(archived_at__isnull=True).select_related("unit", "plan")
    if plan is not None:
        qs = qs.filter(plan=plan)
    own = Q(unit_id__in=actor.unit_ids(*ALL_UNIT_ROLES))
    if actor.sees_province:
        return qs.filter(own | ~Q(status=UnitPlanStatus.DRAFT))
    return qs.filter(own)


def unit_plan_detail(*, unit_plan: UnitPlan) -> QuerySet[Activity]:
    """Return a unit plan's current activities with their parent tasks."""
    return unit_plan.activities.filter(archived_at__isnull=True).select_related("task")


def difficulties_open(*, unit_ids: set[int] | None = None) -> QuerySet[Difficulty]:
    """Return unanswered difficulties, for some units or all of them."""
    qs = Difficulty.objects.filter(status=DifficultyStatus.OPEN, archived_at__isnull=True)
    if unit_ids is not None:
        qs = qs.filter(assignment__unit_id__in=unit_ids)
    return qs.select_related("assignment__task", "assignment__unit", "raised_by").order_by(
        "created_at"
    )


def task_assignments_visible(*, task: Task, actor: Actor) -> list[Assignment]:
    """Return a task's assignments the actor may see, each with its updates and evidence."""
    qs = task.assignments.filter(ACTIVE_ASSIGNMENTS).select_related(
        "unit", "carried_from__unit", "via_group"
    )
    if not actor.sees_province:
        qs = qs.filter(unit_id__in=actor.unit_ids(*ALL_UNIT_ROLES))
    updates = ProgressUpdate.objects.select_related("by").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.filter(archived_at__isnull=True))
    )
    return list(
        qs.prefetch_related(
            Prefetch("updates", queryset=updates),
            Prefetch(
                "difficulties",
                queryset=Difficulty.objects.filter(archived_at__isnull=True).select_related(
                    "raised_by", "answered_by"
                ),
            ),
        )
    )


@dataclass
class SearchResults:
    plans: list[Plan]
    tasks: list[Task]
    units: list[Unit]

    @property
    def total(self) -> int:
        """Return the number of hits of every kind."""
        return len(self.plans) + len(self.tasks) + len(self.units)


def search(*, query: str, actor: Actor, limit: int = 50) -> SearchResults:
    """Search plans, tasks and units ignoring diacritics and case; same on SQLite and PostgreSQL.

    Every record stores its folded text in `search_text`; the query is folded the same way and
    each word must appear, so no database-specific collation or extension is involved.
    """
    words = fold(query).split()
    if not words:
        return SearchResults([], [], [])
    plans = plans_visible(actor=actor)
    tasks = Task.objects.filter(archived_at__isnull=True, plan__in=plans).select_related("plan")
    units = Unit.objects.filter(archived_at__isnull=True)
    for word in words:
        plans = plans.filter(search_text__contains=word)
        tasks = tasks.filter(search_text__contains=word)
        units = units.filter(search_text__contains=word)
    return SearchResults(
        plans=list(plans[:limit]),
        tasks=list(tasks.order_by("plan_id", "position")[:limit]),
        units=list(units.order_by("name")[:limit]),
    )


def progress_recent(*, unit_ids: set[int] | None = None, limit: int = 10) -> list[ProgressUpdate]:
    """Return the latest progress updates on open plans, for some units or all of them."""
    qs = ProgressUpdate.objects.filter(
        assignment__archived_at__isnull=True, assignment__task__plan__status=PlanStatus.ISSUED
    )
    if unit_ids is not None:
        qs = qs.filter(assignment__unit_id__in=unit_ids)
    return list(
        qs.select_related("assignment__unit", "assignment__task", "by")
        .prefetch_related("evidence")
        .order_by("-created_at", "-id")[:limit]
    )


def assignments_table(*, plan: Plan, actor: Actor) -> QuerySet[Assignment]:
    """Return the plan's active assignments the actor may see, ordered by task then unit."""
    qs = Assignment.objects.filter(ACTIVE_ASSIGNMENTS, task__plan=plan)
    if not actor.sees_province:
        qs = qs.filter(unit_id__in=actor.unit_ids(*ALL_UNIT_ROLES))
    return qs.select_related("task", "unit").order_by("task__position", "unit__name")

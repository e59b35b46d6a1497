"""Who may do what on plans, tasks, assignments, unit plans and difficulties."""

from __future__ import annotations

from danvan.core.access import (
    ADMIN,
    COORDINATOR,
    FRONT_LIAISON,
    UNIT_HEAD,
    UNIT_OFFICER,
    VIEWER,
    Actor,
)

from .models import Assignment, Difficulty, Plan, PlanStatus, UnitPlan, UnitPlanStatus

ALL_UNIT_ROLES = (UNIT_OFFICER, UNIT_HEAD, VIEWER, FRONT_LIAISON, COORDINATOR, ADMIN)
UNIT_WRITERS = (UNIT_OFFICER, UNIT_HEAD)


def can_view_plan(actor: Actor, plan: Plan) -> bool:
    """Issued and closed plans are visible to every user; drafts to the coordinator only."""
    if not actor.is_authenticated:
        return False
    if plan.status == PlanStatus.DRAFT:
        return actor.is_coordinator or actor.is_admin
    return True


def can_edit_plan(actor: Actor, plan: Plan) -> bool:
    """The coordinator edits plans that are not closed."""
    return actor.is_coordinator and plan.status != PlanStatus.CLOSED and not plan.is_archived


def can_create_plan(actor: Actor) -> bool:
    """Only the coordinator creates plans."""
    return actor.is_coordinator


def can_issue_plan(actor: Actor, plan: Plan) -> bool:
    """The coordinator issues a draft plan."""
    return actor.is_coordinator and plan.status == PlanStatus.DRAFT


def can_assign(actor: Actor, plan: Plan) -> bool:
    """The coordinator assigns tasks of an issued plan (or a draft being prepared)."""
    return actor.is_coordinator and plan.status != PlanStatus.CLOSED


def can_view_assignment(actor: Actor, assignment: Assignment) -> bool:
    """Province-wide readers see every assignment; a unit sees its own."""
    return actor.sees_province or actor.in_unit(assignment.unit_id, *ALL_UNIT_ROLES)


def can_report_progress(actor: Actor, assignment: Assignment) -> bool:
    """Officers and heads of the assigned unit report progress on an open plan."""
    return (
        actor.in_unit(assignment.unit_id, *UNIT_WRITERS)
        and not assignment.is_archived
        and assignment.task.plan.status == PlanStatus.ISSUED
    )


def can_raise_difficulty(actor: Actor, assignment: Assignment) -> bool:
    """Whoever reports progress may raise a difficulty on it."""
    return can_report_progress(actor, assignment)


def can_answer_difficulty(actor: Actor, difficulty: Difficulty) -> bool:
    """The coordinator answers difficulties."""
    return actor.is_coordinator


def can_view_unit_plan(actor: Actor, unit_plan: UnitPlan) -> bool:
    """The coordinator and leadership see every unit plan; a unit sees its own.

    Drafts stay inside the unit until submitted: the coordinator sees them only once submitted.
    """
    if actor.in_unit(unit_plan.unit_id, *ALL_UNIT_ROLES):
        return True
    if actor.sees_province:
        return unit_plan.status != UnitPlanStatus.DRAFT
    return False


def can_create_unit_plan(actor: Actor, unit_id: int) -> bool:
    """Officers and heads write their own unit's plan."""
    return actor.in_unit(unit_id, *UNIT_WRITERS)


def can_edit_unit_plan(actor: Actor, unit_plan: UnitPlan) -> bool:
    """Officers and heads edit their unit's plan while it is a draft or returned."""
    return actor.in_unit(unit_plan.unit_id, *UNIT_WRITERS) and unit_plan.is_editable()


def can_submit_unit_plan(actor: Actor, unit_plan: UnitPlan) -> bool:
    """Only the unit head submits the unit's plan."""
    return actor.in_unit(unit_plan.unit_id, UNIT_HEAD) and unit_plan.is_editable()


def can_review_unit_plan(actor: Actor, unit_plan: UnitPlan) -> bool:
    """The coordinator accepts or returns a submitted plan."""
    return actor.is_coordinator and unit_plan.status == UnitPlanStatus.SUBMITTED

"""Who may import plan files, review them, make draft plans, and edit the legal registry."""

from __future__ import annotations

from danvan.core.access import UNIT_OFFICER, Actor
from danvan.plans import policies as plan_policies
from danvan.plans.models import Plan, PlanStatus

from .models import ImportJob, ImportStatus


def can_upload(actor: Actor) -> bool:
    """The coordinator and unit officers upload plan files."""
    return actor.is_authenticated and (actor.is_coordinator or actor.has_role(UNIT_OFFICER))


def can_view_job(actor: Actor, job: ImportJob) -> bool:
    """The coordinator and administrators see every import; others see their own."""
    if not actor.is_authenticated:
        return False
    return actor.is_coordinator or actor.is_admin or job.created_by_id == actor.user.pk


def can_review_job(actor: Actor, job: ImportJob) -> bool:
    """Whoever uploaded (and may still upload), or the coordinator, corrects the reading."""
    if job.is_archived or job.status not in {ImportStatus.READY, ImportStatus.DRAFTED}:
        return False
    if job.plan_id is not None and job.plan.status != PlanStatus.DRAFT:
        return False
    return actor.is_coordinator or (job.created_by_id == actor.user.pk and can_upload(actor))


def can_make_plan(actor: Actor, job: ImportJob) -> bool:
    """The coordinator turns a reviewed import into a draft plan, or updates that draft."""
    if not can_review_job(actor, job) or not plan_policies.can_create_plan(actor):
        return False
    return job.plan_id is None or plan_policies.can_edit_plan(actor, job.plan)


def can_view_registry(actor: Actor) -> bool:
    """Every signed-in user reads the legal-document registry."""
    return actor.is_authenticated


def can_edit_legal_document(actor: Actor) -> bool:
    """The coordinator corrects registry entries (title, link to the official text)."""
    return actor.is_coordinator


def can_view_plan_citations(actor: Actor, plan: Plan) -> bool:
    """A plan's citations are visible to whoever may see the plan."""
    return plan_policies.can_view_plan(actor, plan)

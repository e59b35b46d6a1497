"""Who may do what on report periods, forms, unit reports and the provincial report."""

from __future__ import annotations

from danvan.core.access import UNIT_HEAD, Actor
from danvan.plans.policies import ALL_UNIT_ROLES, UNIT_WRITERS

from .models import PeriodStatus, ReportEvidence, ReportPeriod, ReportStatus, UnitReport


def can_manage_periods(actor: Actor) -> bool:
    """Only the coordinator creates, opens and closes periods and defines forms."""
    return actor.is_coordinator


def can_view_period(actor: Actor, period: ReportPeriod) -> bool:
    """Open and closed periods are visible to every user; drafts to the coordinator only."""
    if not actor.is_authenticated or period.is_archived:
        return False
    if period.status == PeriodStatus.DRAFT:
        return actor.is_coordinator or actor.is_admin
    return True


def can_edit_period(actor: Actor, period: ReportPeriod) -> bool:
    """The coordinator edits a period until it is closed."""
    return actor.is_coordinator and period.status != PeriodStatus.CLOSED and not period.is_archived


def can_open_report(actor: Actor, period: ReportPeriod, unit_id: int) -> bool:
    """Officers and heads start their own unit's report while the period is open."""
    return period.is_open() and actor.in_unit(unit_id, *UNIT_WRITERS)


def can_view_report(actor: Actor, report: UnitReport) -> bool:
    """A unit sees its own report; province-wide readers see it once submitted.

    A draft never leaves the unit: the coordinator first sees a report when it is submitted
    (and keeps seeing it when it is returned for revision).
    """
    if actor.in_unit(report.unit_id, *ALL_UNIT_ROLES):
        return True
    if actor.sees_province:
        return report.status != ReportStatus.DRAFT
    return False


def can_edit_report(actor: Actor, report: UnitReport) -> bool:
    """Officers and heads edit their unit's draft or returned report while the period is open."""
    return (
        actor.in_unit(report.unit_id, *UNIT_WRITERS)
        and report.is_editable()
        and report.period.is_open()
    )


def can_submit_report(actor: Actor, report: UnitReport) -> bool:
    """Only the unit head submits the unit's report, while it is editable and the period open."""
    return (
        actor.in_unit(report.unit_id, UNIT_HEAD)
        and report.is_editable()
        and report.period.is_open()
    )


def can_review_report(actor: Actor, report: UnitReport) -> bool:
    """The coordinator accepts or returns a submitted report."""
    return actor.is_coordinator and report.status == ReportStatus.SUBMITTED


def can_view_evidence(actor: Actor, evidence: ReportEvidence) -> bool:
    """Whoever may read the report may download its evidence."""
    return can_view_report(actor, evidence.report)


def can_view_consolidation(actor: Actor, period: ReportPeriod) -> bool:
    """Province-wide readers see completeness, totals and the provincial report."""
    return actor.sees_province and can_view_period(actor, period)


def can_edit_provincial_report(actor: Actor, period: ReportPeriod) -> bool:
    """The coordinator writes the provincial report of a period that is not archived."""
    return actor.is_coordinator and not period.is_archived

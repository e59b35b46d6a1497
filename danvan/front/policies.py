"""Who may do what on the Front's recommendations.

- The Front liaison acts for the Front organisations where they hold the role and for the
  socio-political organisations under them (child units of kind "front"): files, sees,
  assesses, consents to publication and withdraws those organisations' recommendations.
- The coordinator (Sở Nội vụ) reads every recommendation, assigns it and sets its due date.
- Officers and heads of the assigned unit read and answer it; only the head consents to
  publication on behalf of the unit.
- Leadership (viewer) and the administrator read every recommendation.
- Everyone else, other units included, does not know it exists (404).
- Anonymous visitors see published recommendations only, on the public pages.
"""

from __future__ import annotations

from danvan.core.access import FRONT_LIAISON, UNIT_HEAD, UNIT_OFFICER, Actor
from danvan.orgs.models import Unit, UnitKind

from .models import ASSESSED, AWAITING_ANSWER, Recommendation, RecommendationStatus

UNIT_WRITERS = (UNIT_OFFICER, UNIT_HEAD)
UNIT_READERS = (UNIT_OFFICER, UNIT_HEAD)


def acts_for_organisation(actor: Actor, organisation: Unit) -> bool:
    """Return whether the liaison acts for this Front organisation (itself or its parent)."""
    if organisation.kind != UnitKind.FRONT:
        return False
    return actor.in_unit(organisation.pk, FRONT_LIAISON) or actor.in_unit(
        organisation.parent_id, FRONT_LIAISON
    )


def can_file(actor: Actor) -> bool:
    """Front liaisons file recommendations."""
    return actor.has_role(FRONT_LIAISON)


def can_file_for(actor: Actor, organisation: Unit) -> bool:
    """A liaison files for the organisations they act for."""
    return acts_for_organisation(actor, organisation)


def is_front_side(actor: Actor, rec: Recommendation) -> bool:
    """Return whether the actor is the liaison of the recommendation's organisation."""
    return acts_for_organisation(actor, rec.organisation)


def is_unit_side(actor: Actor, rec: Recommendation) -> bool:
    """Return whether the actor works in the unit the recommendation is assigned to."""
    return actor.in_unit(rec.assigned_unit_id, *UNIT_READERS)


def can_view(actor: Actor, rec: Recommendation) -> bool:
    """Province-wide readers, the Front that filed it, and the assigned unit see it."""
    if not actor.is_authenticated:
        return False
    return actor.sees_province or is_front_side(actor, rec) or is_unit_side(actor, rec)


def can_view_public(rec: Recommendation) -> bool:
    """Anyone sees a published recommendation."""
    return rec.status == RecommendationStatus.PUBLISHED


def can_assign(actor: Actor, rec: Recommendation) -> bool:
    """The coordinator assigns a filed one, or reassigns it until the unit has answered."""
    return actor.is_coordinator and rec.status in (
        RecommendationStatus.FILED,
        RecommendationStatus.ASSIGNED,
    )


def can_answer(actor: Actor, rec: Recommendation) -> bool:
    """Officers and heads of the assigned unit answer, again after a "not satisfied"."""
    return actor.in_unit(rec.assigned_unit_id, *UNIT_WRITERS) and rec.status in AWAITING_ANSWER


def can_assess(actor: Actor, rec: Recommendation) -> bool:
    """The Front's liaison assesses the latest answer."""
    return is_front_side(actor, rec) and rec.status == RecommendationStatus.ANSWERED


def can_consent_front(actor: Actor, rec: Recommendation) -> bool:
    """The Front's liaison agrees (or stops agreeing) to publish an assessed answer."""
    return is_front_side(actor, rec) and rec.status in ASSESSED


def can_consent_unit(actor: Actor, rec: Recommendation) -> bool:
    """The head of the assigned unit agrees (or stops agreeing) to publish an assessed answer."""
    return actor.in_unit(rec.assigned_unit_id, UNIT_HEAD) and rec.status in ASSESSED


def can_consent(actor: Actor, rec: Recommendation) -> bool:
    """Either side may give its consent."""
    return can_consent_front(actor, rec) or can_consent_unit(actor, rec)


def can_withdraw(actor: Actor, rec: Recommendation) -> bool:
    """The Front withdraws a recommendation before the unit has answered it."""
    return is_front_side(actor, rec) and rec.status in (
        RecommendationStatus.FILED,
        RecommendationStatus.ASSIGNED,
    )


def can_view_stats(actor: Actor) -> bool:
    """Statistics are shown to everyone who has a list of recommendations."""
    return actor.is_authenticated

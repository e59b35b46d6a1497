"""Who may do what on consultations, their comments and the summary report."""

from __future__ import annotations

from danvan.core.access import UNIT_HEAD, Actor
from danvan.plans.policies import ALL_UNIT_ROLES, UNIT_WRITERS

from .models import Comment, Consultation, ConsultationStatus

MODERATED_STATUSES = (ConsultationStatus.OPEN, ConsultationStatus.CLOSED)
ANSWERED_STATUSES = (ConsultationStatus.CLOSED, ConsultationStatus.SUMMARISED)


def can_create(actor: Actor) -> bool:
    """Officers and heads of a unit, and the coordinator, start consultations."""
    return actor.is_coordinator or bool(actor.unit_ids(*UNIT_WRITERS))


def can_create_for(actor: Actor, unit_id: int) -> bool:
    """The coordinator may start one for any unit; others only for their own."""
    return actor.is_coordinator or actor.in_unit(unit_id, *UNIT_WRITERS)


def can_manage(actor: Actor, consultation: Consultation) -> bool:
    """The owning unit's officers and heads, and the coordinator, run a consultation."""
    if consultation.is_archived:
        return False
    return actor.is_coordinator or actor.in_unit(consultation.unit_id, *UNIT_WRITERS)


def can_view_staff(actor: Actor, consultation: Consultation) -> bool:
    """Managers and the owning unit see everything; province-wide readers once it is public.

    Other units read only what the public reads (the public pages).
    """
    if not actor.is_authenticated or consultation.is_archived:
        return False
    if can_manage(actor, consultation) or actor.in_unit(consultation.unit_id, *ALL_UNIT_ROLES):
        return True
    return actor.sees_province and consultation.status != ConsultationStatus.DRAFT


def can_see_contacts(actor: Actor, consultation: Consultation) -> bool:
    """Only those who run the consultation see commenters' e-mail and phone."""
    return can_manage(actor, consultation)


def can_edit(actor: Actor, consultation: Consultation) -> bool:
    """Managers edit the text and sections while it is still a draft."""
    return can_manage(actor, consultation) and consultation.is_editable()


def can_open(actor: Actor, consultation: Consultation) -> bool:
    """Managers put a draft to public comment."""
    return can_manage(actor, consultation) and consultation.status == ConsultationStatus.DRAFT


def can_close(actor: Actor, consultation: Consultation) -> bool:
    """Managers close an open consultation (early only with a reason)."""
    return can_manage(actor, consultation) and consultation.status == ConsultationStatus.OPEN


def can_moderate(actor: Actor, consultation: Consultation) -> bool:
    """Managers moderate comments until the summary is finished."""
    return can_manage(actor, consultation) and consultation.status in MODERATED_STATUSES


def can_answer(actor: Actor, consultation: Consultation) -> bool:
    """Managers answer approved comments once comments are closed, until publication."""
    return can_manage(actor, consultation) and consultation.status in ANSWERED_STATUSES


def can_summarise(actor: Actor, consultation: Consultation) -> bool:
    """Managers declare the summary complete after closing."""
    return can_manage(actor, consultation) and consultation.status == ConsultationStatus.CLOSED


def can_reopen_summary(actor: Actor, consultation: Consultation) -> bool:
    """Managers take a finished, unpublished summary back for more work."""
    return can_manage(actor, consultation) and consultation.status == ConsultationStatus.SUMMARISED


def can_publish(actor: Actor, consultation: Consultation) -> bool:
    """The owning unit's head or the coordinator publishes the finished summary."""
    if consultation.is_archived or consultation.status != ConsultationStatus.SUMMARISED:
        return False
    return actor.is_coordinator or actor.in_unit(consultation.unit_id, UNIT_HEAD)


def can_download_report(actor: Actor, consultation: Consultation) -> bool:
    """Staff readers download the summary DOCX once comments are closed."""
    return can_view_staff(actor, consultation) and consultation.status != (ConsultationStatus.DRAFT)


def can_view_comment(actor: Actor, comment: Comment) -> bool:
    """Staff readers of the consultation see its comments; others only approved ones."""
    if can_view_staff(actor, comment.consultation):
        return True
    return comment.status == "approved" and comment.consultation.is_public()

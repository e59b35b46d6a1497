"""Who may do what on petition cases, and who may see a denouncer's identity."""

from __future__ import annotations

from typing import Any

from danvan.core.access import UNIT_HEAD, UNIT_OFFICER, Actor

from .models import Case

UNIT_WORKERS = (UNIT_OFFICER, UNIT_HEAD)


def can_list_cases(actor: Actor) -> bool:
    """Province-wide readers and officers or heads of any unit open the case list."""
    return actor.sees_province or bool(actor.unit_ids(*UNIT_WORKERS))


def can_view_case(actor: Actor, case: Case) -> bool:
    """The handling unit's officers and head, and province-wide readers, see a case."""
    return actor.sees_province or actor.in_unit(case.unit_id, *UNIT_WORKERS)


def can_receive(actor: Actor, unit_id: int) -> bool:
    """Officers and heads register petitions received by their own unit."""
    return actor.in_unit(unit_id, *UNIT_WORKERS)


def can_work_case(actor: Actor, case: Case) -> bool:
    """Officers and the head of the handling unit move the case along."""
    return actor.in_unit(case.unit_id, *UNIT_WORKERS)


def can_assign_handler(actor: Actor, case: Case, handler: Any) -> bool:
    """The unit head assigns anyone of the unit; an officer may only take the case himself."""
    if actor.in_unit(case.unit_id, UNIT_HEAD):
        return True
    return actor.in_unit(case.unit_id, UNIT_OFFICER) and handler.pk == actor.user.pk


def can_view_identity(actor: Actor, case: Case) -> bool:
    """Only the assigned handler (still in the unit) and the head of the handling unit.

    Nobody else, whatever their role: not the coordinator, not leadership, not the unit's
    other officers, not administrators (Luật Tố cáo 2018, Art. 47).
    """
    if not actor.is_authenticated:
        return False
    if actor.in_unit(case.unit_id, UNIT_HEAD):
        return True
    return (
        case.handler_id is not None
        and case.handler_id == actor.user.pk
        and actor.in_unit(case.unit_id, *UNIT_WORKERS)
    )


def can_export(actor: Actor) -> bool:
    """Whoever can list cases can download the list (never with identities)."""
    return can_list_cases(actor)


def can_view_statistics(actor: Actor) -> bool:
    """Statistics are for everyone who can list cases."""
    return can_list_cases(actor)

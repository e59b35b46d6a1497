"""Who may read and write the reception register and the heads' schedule."""

from __future__ import annotations

from danvan.core.access import UNIT_HEAD, UNIT_OFFICER, Actor

from .models import Reception

KEEPERS = (UNIT_OFFICER, UNIT_HEAD)


def can_view_register(actor: Actor, unit_id: int) -> bool:
    """Return whether the actor may read a unit's register (without personal data)."""
    return actor.sees_province or actor.in_unit(unit_id, *KEEPERS)


def can_record(actor: Actor, unit_id: int) -> bool:
    """Return whether the actor may add to or correct a unit's register."""
    return actor.in_unit(unit_id, *KEEPERS)


def can_see_citizens(actor: Actor, reception: Reception) -> bool:
    """Return whether the actor may see who came.

    Only the unit that keeps the register sees personal data; when the visit is about a
    denunciation the visitors' identities are protected (Luật Tố cáo, Art. 47): only the unit
    head and the official who recorded the visit see them, and each view is logged.
    """
    if not actor.in_unit(reception.unit_id, *KEEPERS):
        return False
    if not reception.is_confidential():
        return True
    return actor.in_unit(reception.unit_id, UNIT_HEAD) or reception.recorded_by_id == getattr(
        actor.user, "pk", None
    )


def can_manage_schedule(actor: Actor, unit_id: int) -> bool:
    """Return whether the actor may publish or change a unit's reception schedule."""
    return actor.in_unit(unit_id, *KEEPERS)


def can_view_schedule(actor: Actor, unit_id: int) -> bool:
    """Return whether the actor may read a unit's whole schedule, warnings included."""
    return actor.sees_province or actor.in_unit(unit_id, *KEEPERS)

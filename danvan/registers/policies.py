"""Who may read and record propaganda activities, inspections and discipline cases.

Units record their own activities, the coordinator records for every unit. Province-wide
readers (coordinator, admin, leadership) read everything; a unit's people read their unit's
records. The name, position and decision number of a disciplined official are personal data:
only the coordinator and the head of the official's unit see them; everyone else sees the case
counted and described without them.
"""

from __future__ import annotations

from danvan.core.access import FRONT_LIAISON, UNIT_HEAD, UNIT_OFFICER, Actor

from .models import DisciplineCase, Inspection, PropagandaActivity

UNIT_WRITERS = (UNIT_OFFICER, UNIT_HEAD)
UNIT_READERS = (UNIT_OFFICER, UNIT_HEAD, FRONT_LIAISON)


def can_use_registers(actor: Actor) -> bool:
    """Every signed-in user opens the registers (and sees what the rules below allow)."""
    return actor.is_authenticated


def writable_unit_ids(actor: Actor) -> set[int] | None:
    """Return the units the user records for; None means every unit (the coordinator)."""
    if actor.is_coordinator:
        return None
    return actor.unit_ids(*UNIT_WRITERS)


def can_record_for(actor: Actor, unit_id: int) -> bool:
    """Officers and heads record their own unit's activities; the coordinator any unit's."""
    return actor.is_coordinator or actor.in_unit(unit_id, *UNIT_WRITERS)


def can_view_propaganda(actor: Actor, activity: PropagandaActivity) -> bool:
    """Province-wide readers and the unit's own people."""
    return actor.sees_province or actor.in_unit(activity.unit_id, *UNIT_READERS)


def can_edit_propaganda(actor: Actor, activity: PropagandaActivity) -> bool:
    """Whoever may record for the unit edits the unit's activities."""
    return not activity.is_archived and can_record_for(actor, activity.unit_id)


def can_view_inspection(actor: Actor, inspection: Inspection) -> bool:
    """Province-wide readers and the people of the inspecting and the inspected unit."""
    return (
        actor.sees_province
        or actor.in_unit(inspection.inspecting_unit_id, *UNIT_READERS)
        or actor.in_unit(inspection.inspected_unit_id, *UNIT_READERS)
    )


def can_record_inspection(actor: Actor, inspecting_unit_id: int) -> bool:
    """The inspecting unit's officers and heads, or the coordinator."""
    return can_record_for(actor, inspecting_unit_id)


def can_edit_inspection(actor: Actor, inspection: Inspection) -> bool:
    """Whoever may record for the inspecting unit."""
    return not inspection.is_archived and can_record_inspection(
        actor, inspection.inspecting_unit_id
    )


def can_view_case(actor: Actor, case: DisciplineCase) -> bool:
    """Province-wide readers and the unit's people see that the case exists (without name)."""
    return actor.sees_province or actor.in_unit(case.unit_id, *UNIT_READERS)


def can_see_personal_data(actor: Actor, case_unit_id: int) -> bool:
    """Only the coordinator and the head of the official's unit see who was disciplined."""
    return actor.is_coordinator or actor.in_unit(case_unit_id, UNIT_HEAD)


def can_record_case(actor: Actor, unit_id: int) -> bool:
    """Discipline cases carry personal data: recorded by the coordinator or the unit head."""
    return can_see_personal_data(actor, unit_id)


def can_edit_case(actor: Actor, case: DisciplineCase) -> bool:
    """The same people who record cases for the unit."""
    return not case.is_archived and can_record_case(actor, case.unit_id)

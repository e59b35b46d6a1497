"""Who may do what on "Dân vận khéo" models, exemplars, evaluations and replications."""

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

from .models import EmulationModel, Exemplar, ExemplarStatus, ModelStatus

ALL_UNIT_ROLES = (UNIT_OFFICER, UNIT_HEAD, VIEWER, FRONT_LIAISON, COORDINATOR, ADMIN)
UNIT_WRITERS = (UNIT_OFFICER, UNIT_HEAD)


# Models --------------------------------------------------------------------------------------


def can_view_model(actor: Actor, model: EmulationModel) -> bool:
    """The unit sees its own models; province-wide readers once registered; others if recognised.

    Drafts stay inside the unit until the head registers them.
    """
    if actor.in_unit(model.unit_id, *ALL_UNIT_ROLES):
        return True
    if not actor.is_authenticated:
        return False
    if actor.sees_province:
        return model.status != ModelStatus.DRAFT
    return model.status == ModelStatus.RECOGNISED


def can_view_evaluations(actor: Actor, model: EmulationModel | Exemplar) -> bool:
    """Council scores are read by the coordinator, leadership and the unit concerned."""
    return actor.sees_province or actor.in_unit(model.unit_id, *UNIT_WRITERS)


def can_create_model(actor: Actor, unit_id: int) -> bool:
    """Officers and heads register models for their own unit."""
    return actor.in_unit(unit_id, *UNIT_WRITERS)


def can_edit_model(actor: Actor, model: EmulationModel) -> bool:
    """Officers and heads of the unit edit its models while they are drafts."""
    return actor.in_unit(model.unit_id, *UNIT_WRITERS) and model.is_editable()


def can_submit_model(actor: Actor, model: EmulationModel) -> bool:
    """Only the unit head registers a draft model with the coordinator."""
    return actor.in_unit(model.unit_id, UNIT_HEAD) and model.status == ModelStatus.DRAFT


def can_return_model(actor: Actor, model: EmulationModel) -> bool:
    """The coordinator returns a registered model (before evaluation) for completion."""
    return actor.is_coordinator and model.status == ModelStatus.REGISTERED


def can_evaluate_model(actor: Actor, model: EmulationModel) -> bool:
    """The coordinator records the council's scores on a registered model."""
    return actor.is_coordinator and model.status in (
        ModelStatus.REGISTERED,
        ModelStatus.UNDER_EVALUATION,
    )


def can_decide_model(actor: Actor, model: EmulationModel) -> bool:
    """The coordinator records the council's decision once evaluation has started."""
    return actor.is_coordinator and model.status == ModelStatus.UNDER_EVALUATION


def can_archive_model(actor: Actor, model: EmulationModel) -> bool:
    """The unit archives its drafts; the coordinator archives any model not yet archived."""
    if model.status == ModelStatus.ARCHIVED:
        return False
    if actor.is_coordinator:
        return True
    return actor.in_unit(model.unit_id, *UNIT_WRITERS) and model.status == ModelStatus.DRAFT


def can_replicate(actor: Actor, model: EmulationModel, unit_id: int) -> bool:
    """Officers and heads of another unit declare they apply a recognised model."""
    return (
        model.status == ModelStatus.RECOGNISED
        and unit_id != model.unit_id
        and actor.in_unit(unit_id, *UNIT_WRITERS)
    )


def replicating_units(actor: Actor, model: EmulationModel) -> set[int]:
    """Return the units for which the actor may declare a replication of the model."""
    if model.status != ModelStatus.RECOGNISED:
        return set()
    return {u for u in actor.unit_ids(*UNIT_WRITERS) if u != model.unit_id}


# Exemplars -----------------------------------------------------------------------------------


def can_view_exemplar(actor: Actor, exemplar: Exemplar) -> bool:
    """As for models: the unit always, province-wide readers once proposed, others if recognised."""
    if actor.in_unit(exemplar.unit_id, *ALL_UNIT_ROLES):
        return True
    if not actor.is_authenticated:
        return False
    if actor.sees_province:
        return exemplar.status != ExemplarStatus.DRAFT
    return exemplar.status == ExemplarStatus.RECOGNISED


def can_view_personal_data(actor: Actor, exemplar: Exemplar) -> bool:
    """Date of birth, ID number and phone: only the proposing unit and the coordinator."""
    return actor.is_coordinator or actor.in_unit(exemplar.unit_id, UNIT_OFFICER, UNIT_HEAD)


def can_create_exemplar(actor: Actor, unit_id: int) -> bool:
    """Officers and heads propose exemplars of their own unit."""
    return actor.in_unit(unit_id, *UNIT_WRITERS)


def can_edit_exemplar(actor: Actor, exemplar: Exemplar) -> bool:
    """Officers and heads of the unit edit a nomination while it is a draft."""
    return actor.in_unit(exemplar.unit_id, *UNIT_WRITERS) and exemplar.is_editable()


def can_submit_exemplar(actor: Actor, exemplar: Exemplar) -> bool:
    """Only the unit head sends a nomination to the coordinator."""
    return actor.in_unit(exemplar.unit_id, UNIT_HEAD) and exemplar.status == ExemplarStatus.DRAFT


def can_evaluate_exemplar(actor: Actor, exemplar: Exemplar) -> bool:
    """The coordinator records the council's scores on a proposed exemplar."""
    return actor.is_coordinator and exemplar.status in (
        ExemplarStatus.PROPOSED,
        ExemplarStatus.UNDER_EVALUATION,
    )


def can_decide_exemplar(actor: Actor, exemplar: Exemplar) -> bool:
    """The coordinator records the council's decision once evaluation has started."""
    return actor.is_coordinator and exemplar.status == ExemplarStatus.UNDER_EVALUATION


def can_archive_exemplar(actor: Actor, exemplar: Exemplar) -> bool:
    """The unit archives its drafts; the coordinator any nomination not yet archived."""
    if exemplar.status == ExemplarStatus.ARCHIVED:
        return False
    if actor.is_coordinator:
        return True
    return actor.in_unit(exemplar.unit_id, *UNIT_WRITERS) and exemplar.is_editable()

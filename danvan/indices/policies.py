"""Who may read and write reform index results: the coordinator writes, every user reads."""

from __future__ import annotations

from danvan.core.access import Actor


def can_view_indices(actor: Actor) -> bool:
    """Every signed-in user reads index results (they are published figures)."""
    return actor.is_authenticated


def can_edit_scores(actor: Actor) -> bool:
    """The coordinator (Sở Nội vụ) enters and imports scores and targets."""
    return actor.is_authenticated and actor.is_coordinator


def can_import(actor: Actor) -> bool:
    """The coordinator uploads spreadsheets of scores."""
    return can_edit_scores(actor)


def can_view_import(actor: Actor, score_import: object) -> bool:
    """Uploaded files and their previews stay with the coordinator."""
    return can_edit_scores(actor)


def can_link_tasks(actor: Actor) -> bool:
    """The coordinator links weak components to remedial plan tasks."""
    return can_edit_scores(actor)

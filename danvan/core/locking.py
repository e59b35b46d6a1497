"""Optimistic locking: a save is refused when the record changed since the user loaded it."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

from .errors import ConflictError

M = TypeVar("M", bound=models.Model)


def lock_for_edit(obj: M, expected_version: int | None) -> M:
    """Return the row locked for update, raising ConflictError if its version moved on.

    Must be called inside a transaction. `expected_version=None` skips the check (used by
    system jobs, never by people editing text).
    """
    fresh = type(obj).objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise ConflictError()
    fresh.version += 1
    return fresh

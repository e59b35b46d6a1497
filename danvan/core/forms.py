"""Helpers that connect forms to services: a refused action becomes a form error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms

from .errors import ApplicationError, PermissionDeniedError

T = TypeVar("T")


def run_service(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Call a service; on a business error attach its message to the form and return None.

    The form keeps what the user typed, so nothing is lost when a save is refused.
    """
    try:
        return call()
    except PermissionDeniedError:
        raise
    except ApplicationError as exc:
        field = exc.field if exc.field in form.fields else None
        if not hasattr(form, "cleaned_data"):
            # An unbound form (a bare button) has not been cleaned; add_error needs the dict.
            form.cleaned_data = {}
        form.add_error(field, exc.message)
        return None


def form_values(form: forms.Form) -> dict[str, Any]:
    """Return the cleaned data without the hidden version field."""
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}

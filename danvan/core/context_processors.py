"""Template context shared by every page: the current user's roles for the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .access import actor_for


def nav(request: HttpRequest) -> dict[str, Any]:
    """Return the actor and unread notification count for the page header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from danvan.notifications.selectors import unread_count

    return {"actor": actor_for(user), "unread_notifications": unread_count(user=user)}

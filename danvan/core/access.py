"""Who the current user is in the organisation: roles held in units, cached per request."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from .errors import PermissionDeniedError

ADMIN = "admin"
COORDINATOR = "coordinator"
UNIT_OFFICER = "unit_officer"
UNIT_HEAD = "unit_head"
VIEWER = "viewer"
FRONT_LIAISON = "front_liaison"


@dataclass(frozen=True)
class Actor:
    """The roles one user holds, as (role, unit_id) pairs."""

    user: Any
    grants: frozenset[tuple[str, int]] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        """Return whether a real user is logged in."""
        return bool(getattr(self.user, "is_authenticated", False))

    def has_role(self, *roles: str) -> bool:
        """Return whether the user holds any of `roles` in any unit."""
        return any(r in roles for r, _ in self.grants)

    def unit_ids(self, *roles: str) -> set[int]:
        """Return the units in which the user holds any of `roles`."""
        return {u for r, u in self.grants if r in roles}

    def in_unit(self, unit_id: int | None, *roles: str) -> bool:
        """Return whether the user holds any of `roles` in that unit."""
        return unit_id is not None and any(r in roles and u == unit_id for r, u in self.grants)

    @property
    def is_admin(self) -> bool:
        """Return whether the user administers the platform."""
        return self.has_role(ADMIN) or bool(getattr(self.user, "is_superuser", False))

    @property
    def is_coordinator(self) -> bool:
        """Return whether the user coordinates province-wide (Sở Nội vụ)."""
        return self.has_role(COORDINATOR)

    @property
    def sees_province(self) -> bool:
        """Return whether the user may read province-wide progress."""
        return self.is_coordinator or self.is_admin or self.has_role(VIEWER)


def actor_for(user: Any) -> Actor:
    """Return the Actor of a user, cached on the user object for the request."""
    cached = getattr(user, "_danvan_actor", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False):
        actor = Actor(user=user)
    else:
        from danvan.orgs.models import RoleAssignment

        rows = RoleAssignment.objects.filter(
            user=user, archived_at__isnull=True, unit__archived_at__isnull=True
        ).values_list("role", "unit_id")
        actor = Actor(user=user, grants=frozenset(rows))
    with contextlib.suppress(AttributeError):
        user._danvan_actor = actor
    return actor


def require(allowed: bool, *, visible: bool = True) -> None:
    """Raise 404 when the object must stay invisible, PermissionDeniedError when it is refused."""
    if allowed:
        return
    if not visible:
        raise Http404
    raise PermissionDeniedError()

"""Reads of notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notification


def unread_count(*, user: Any) -> int:
    """Return how many notifications the user has not read."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(*, user: Any) -> QuerySet[Notification]:
    """Return a user's notifications, newest first."""
    return Notification.objects.filter(user=user)

"""Writes of notifications: create them, mark them read, and send e-mail."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification


def _wants(user: Any) -> str:
    profile = getattr(user, "profile", None)
    return profile.email_digest if profile else "daily"


def notify(
    *, users: Iterable[Any], kind: str, text: str, url: str = "", dedupe_key: str = ""
) -> int:
    """Create one notification per user (skipping duplicates by key); e-mail immediate ones."""
    created = []
    for user in {u.pk: u for u in users if u is not None}.values():
        if dedupe_key and Notification.objects.filter(user=user, dedupe_key=dedupe_key).exists():
            continue
        created.append(
            Notification.objects.create(
                user=user, kind=kind, text=text[:500], url=url, dedupe_key=dedupe_key
            )
        )
    immediate = [n for n in created if _wants(n.user) == "immediate" and n.user.email]
    if immediate:
        ids = [n.pk for n in immediate]
        transaction.on_commit(lambda: _send_immediate(ids))
    return len(created)


def _send_immediate(ids: list[int]) -> None:
    for n in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related(
        "user"
    ):
        send_mail(
            subject=_("[Dân Vận] %(text)s") % {"text": n.text[:80]},
            message=f"{n.text}\n\n{settings.DANVAN_SITE_URL}{n.url}",
            from_email=None,
            recipient_list=[n.user.email],
        )
        n.emailed_at = timezone.now()
        n.save(update_fields=["emailed_at"])


def notification_mark_read(*, notification: Notification, by: Any) -> None:
    """Mark one of the user's own notifications as read."""
    if notification.user_id != by.pk:
        raise PermissionError
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, by: Any) -> int:
    """Mark every notification of the user as read; return how many changed."""
    return Notification.objects.filter(user=by, read_at__isnull=True).update(read_at=timezone.now())


def digest_send() -> int:
    """E-mail each daily-digest user the notifications not yet e-mailed; safe to run twice."""
    pending: dict[Any, list[Notification]] = defaultdict(list)
    rows = Notification.objects.filter(emailed_at__isnull=True).select_related("user__profile")
    for n in rows:
        if _wants(n.user) == "daily" and n.user.email:
            pending[n.user].append(n)
    sent = 0
    for user, items in pending.items():
        with transaction.atomic():
            # Claim the rows first so a concurrent run cannot send them again.
            claimed = Notification.objects.filter(
                pk__in=[n.pk for n in items], emailed_at__isnull=True
            ).update(emailed_at=timezone.now())
            if not claimed:
                continue
            lines = [f"- {n.text}\n  {settings.DANVAN_SITE_URL}{n.url}" for n in items]
            send_mail(
                subject=_("[Dân Vận] Tổng hợp %(n)d thông báo") % {"n": len(items)},
                message="\n".join(lines),
                from_email=None,
                recipient_list=[user.email],
            )
            sent += 1
    return sent

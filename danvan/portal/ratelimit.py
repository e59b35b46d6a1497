"""Per-address rate limits kept in the database, so every gunicorn worker sees the same counts."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.errors import ApplicationError
from danvan.core.net import rate_subject

from .models import RateCounter

# scope -> (allowed hits, window in seconds); settings.DANVAN_PORTAL_RATE_LIMITS overrides.
DEFAULT_LIMITS = {
    "submit": (5, 3600),
    "submit_noscript": (2, 3600),  # answered the no-script question instead of the work
    "submit_noscript_all": (60, 3600),  # the same, all addresses together
    "lookup": (30, 600),
}


def limits() -> dict[str, tuple[int, int]]:
    """Return the limit of each scope."""
    return {**DEFAULT_LIMITS, **getattr(settings, "DANVAN_PORTAL_RATE_LIMITS", {})}


def client_key(ip: str) -> str:
    """Return a keyed hash of the address (an IPv6 client by its /64): never the address."""
    key = hashlib.sha256(b"danvan.portal.rate:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, rate_subject(ip).encode(), hashlib.sha256).hexdigest()


def _window(scope: str, now: dt.datetime | None) -> tuple[int, int, dt.datetime, dt.datetime]:
    allowed, seconds = limits()[scope]
    now = now or timezone.now()
    start = dt.datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=dt.UTC)
    return allowed, seconds, start, now


def _refusal(start: dt.datetime, seconds: int, now: dt.datetime) -> ApplicationError:
    minutes = max(1, int((start + dt.timedelta(seconds=seconds) - now).total_seconds()) // 60)
    return ApplicationError(
        _(
            "Bạn đã thực hiện quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau "
            "khoảng %(minutes)d phút. Nội dung bạn nhập vẫn được giữ lại."
        )
        % {"minutes": minutes},
        code="rate_limited",
    )


def check(*, scope: str, ip: str, now: dt.datetime | None = None) -> None:
    """Raise (code rate_limited) if the address has used up its hits; count nothing.

    The status lookup counts only failed attempts (`hit` after a miss): guessing secrets is
    what must be slow, and a citizen reading a case with the right codes costs no write.
    """
    allowed, seconds, start, now = _window(scope, now)
    # Every public status lookup runs this read: plain SQL skips the ORM's query building,
    # which costs more than the indexed read itself (bench/petitions.py).
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT hits FROM {RateCounter._meta.db_table} "  # noqa: S608 - table name, no input
            "WHERE scope = %s AND client = %s AND window_start = %s",
            [scope, client_key(ip), connection.ops.adapt_datetimefield_value(start)],
        )
        row = cursor.fetchone()
    hits = row[0] if row else None
    if hits is not None and hits >= allowed:
        raise _refusal(start, seconds, now)


def hit(*, scope: str, ip: str, now: dt.datetime | None = None) -> None:
    """Count one hit; raise ApplicationError (code rate_limited) once the limit is passed."""
    allowed, seconds, start, now = _window(scope, now)
    client = client_key(ip)
    with transaction.atomic():
        updated = RateCounter.objects.filter(scope=scope, client=client, window_start=start).update(
            hits=F("hits") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(
                        scope=scope, client=client, window_start=start, hits=1
                    )
            except IntegrityError:
                RateCounter.objects.filter(scope=scope, client=client, window_start=start).update(
                    hits=F("hits") + 1
                )
        hits = (
            RateCounter.objects.filter(scope=scope, client=client, window_start=start)
            .values_list("hits", flat=True)
            .first()
        )
    if hits is not None and hits > allowed:
        raise _refusal(start, seconds, now)


def cleanup(*, now: dt.datetime | None = None) -> int:
    """Delete counters of windows that ended more than a day ago; return how many."""
    now = now or timezone.now()
    longest = max(seconds for _allowed, seconds in limits().values())
    cutoff = now - dt.timedelta(seconds=longest) - dt.timedelta(days=1)
    deleted, _detail = RateCounter.objects.filter(window_start__lt=cutoff).delete()
    return deleted

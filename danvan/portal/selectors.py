"""Reads of the public portal: the status of a case for its code and secret."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from . import ratelimit

NOT_FOUND_MESSAGE = _(
    "Không tìm thấy hồ sơ với mã hồ sơ và mã bí mật này. Vui lòng kiểm tra lại cả hai mã "
    "(không phân biệt chữ hoa, chữ thường)."
)


def public_status(*, tracking_code: str, secret: str, client_ip: str) -> dict[str, Any] | None:
    """Return the public status of a case, or None for an unknown code or a wrong secret.

    Refuses an address that used up its failed attempts (raises), and counts each miss, so
    that guessing secrets is slow. The petitions selector compares the secret's hash in constant
    time and does the same work for an unknown code.
    """
    from danvan.petitions import selectors as petition_selectors

    ratelimit.check(scope="lookup", ip=client_ip)
    status = petition_selectors.case_public_status(tracking_code=tracking_code, secret=secret)
    if status is None:
        # Only misses count: an unknown code and a wrong secret count the same.
        ratelimit.hit(scope="lookup", ip=client_ip)
        return None
    # Dates arrive as ISO strings (JSON-ready); the page formats them the Vietnamese way.
    return {
        **status,
        "received_on": _day(status.get("received_on")),
        "steps": [{**s, "on": _day(s.get("date"))} for s in status.get("steps", [])],
        "answers": [{**a, "on": _day(a.get("date"))} for a in status.get("answers", [])],
    }


def public_status_json(*, tracking_code: str, secret: str, client_ip: str) -> dict[str, Any] | None:
    """Return the public status as plain JSON values (ISO dates), with the same limits."""
    from danvan.petitions import selectors as petition_selectors

    ratelimit.check(scope="lookup", ip=client_ip)
    status = petition_selectors.case_public_status(tracking_code=tracking_code, secret=secret)
    if status is None:
        ratelimit.hit(scope="lookup", ip=client_ip)
    return status


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None

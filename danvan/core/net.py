"""The client's address, trusting X-Forwarded-For only from a configured number of proxies."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """Return the client IP: REMOTE_ADDR, or the address the last trusted proxy saw."""
    count = settings.DANVAN_TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    chain = [
        p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()
    ]
    # Each trusted proxy appends the address it received the request from.
    return chain[-count] if len(chain) >= count else remote

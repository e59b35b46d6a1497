"""The client's address, trusting X-Forwarded-For only from a configured number of proxies."""

from __future__ import annotations

import ipaddress

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


def rate_subject(ip: str) -> str:
    """Return what a per-address limit counts: an IPv4 address, or an IPv6 /64 network.

    One IPv6 subscriber usually holds a whole /64, so counting single IPv6 addresses would give
    one client 2^64 separate allowances. An IPv4-mapped IPv6 address counts as its IPv4.
    """
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ip.strip()
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)

"""Reads of the public portal: the status of a case for its code and secret."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from . import ratelimit

NOT_FOUND_MESSAGE = _(
    "Không tìm thấy hồ sơ với mã hồ sơ và mã bí mật này. Vui lòng kiểm tra lại cả hai mã "
    "(phân biệt chữ hoa, chữ thường ở mã bí mật)."
)


def public_status(*, tracking_code: str, secret: str, client_ip: str) -> dict[str, Any] | None:
    """Return the public status of a case, or None for an unknown code or a wrong secret.

    Counts one lookup against the address's limit first (raises when it is passed), so that
    guessing secrets is slow. The petitions selector compares the secret's hash in constant
    time and does the same work for an unknown code.
    """
    from danvan.petitions import selectors as petition_selectors

    ratelimit.hit(scope="lookup", ip=client_ip)
    return petition_selectors.case_public_status(tracking_code=tracking_code, secret=secret)

"""Encryption of denouncers' identities and hashing of tracking secrets.

Keys come from settings.DANVAN_IDENTITY_KEYS (Fernet keys; the first encrypts, every key
decrypts, so a new key is put first and old tokens are re-encrypted with
`danvan rotate_identity_keys`). A key is never written to the database: rows only store a
short key id (a hash of the key) to tell which one encrypted them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from danvan.lib.vntext import fold

# Letters and digits that cannot be confused when read aloud or typed (no 0/O, 1/I/L).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _keys() -> list[bytes]:
    raw = [k.strip() for k in settings.DANVAN_IDENTITY_KEYS if k and k.strip()]
    if not raw:
        raise ImproperlyConfigured("DANVAN_IDENTITY_KEYS is empty")
    return [k.encode() for k in raw]


def key_id(key: bytes) -> str:
    """Return the short public id of a key (never the key itself)."""
    return hashlib.sha256(b"danvan-identity-key:" + key).hexdigest()[:12]


def current_key_id() -> str:
    """Return the id of the key that encrypts new identities."""
    return key_id(_keys()[0])


def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(k) for k in _keys()])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "DANVAN_IDENTITY_KEYS holds a value that is not a Fernet key"
        ) from exc


def encrypt_identity(data: dict[str, Any]) -> tuple[str, str]:
    """Return (token, key id) for an identity dict."""
    plain = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    return _fernet().encrypt(plain).decode(), current_key_id()


def decrypt_identity(token: str) -> dict[str, Any]:
    """Return the identity dict of a token (ImproperlyConfigured if no key opens it)."""
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "No key in DANVAN_IDENTITY_KEYS decrypts this identity; was a key removed too early?"
        ) from exc


def rotate_token(token: str) -> str:
    """Return the token re-encrypted with the first key."""
    return _fernet().rotate(token.encode()).decode()


def _mac(purpose: str, value: str) -> str:
    key = (settings.SECRET_KEY + ":" + purpose).encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def person_fingerprint(*, name: str, id_number: str) -> str:
    """Return a keyed hash of a person's folded name and ID number ("" when both are empty)."""
    name_f, id_f = fold(name or ""), "".join(ch for ch in (id_number or "") if ch.isalnum())
    if not id_f and not name_f:
        return ""
    return _mac("person", id_f or name_f)


def new_tracking_code() -> str:
    """Return a fresh public tracking code such as "DV-7KQ4-M2XP"."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"DV-{body[:4]}-{body[4:]}"


def new_secret() -> str:
    """Return a fresh tracking secret (about 60 bits), grouped for reading."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{body[:4]}-{body[4:8]}-{body[8:]}"


def normalise_code(text: str) -> str:
    """Return a typed code or secret upper-cased, without spaces, with the usual dashes."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum() or ch == "-").strip("-")


def secret_hash(secret: str) -> str:
    """Return the stored hash of a tracking secret."""
    plain = normalise_code(secret).replace("-", "")
    return _mac("tracking-secret", plain)


def secret_matches(secret: str, stored: str) -> bool:
    """Return whether a typed secret matches the stored hash (constant time)."""
    return hmac.compare_digest(secret_hash(secret), stored)

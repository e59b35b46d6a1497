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


def _secret_keys() -> list[str]:
    # The current SECRET_KEY first, then DANVAN_OLD_SECRET_KEYS: after a rotation, hashes
    # stored under an old key still match while that key is listed.
    return [settings.SECRET_KEY, *getattr(settings, "DANVAN_OLD_SECRET_KEYS", [])]


def _macs(purpose: str, value: str) -> list[str]:
    return [
        hmac.new((key + ":" + purpose).encode(), value.encode(), hashlib.sha256).hexdigest()
        for key in _secret_keys()
    ]


def person_fingerprints(*, name: str, id_number: str) -> list[str]:
    """Return a person's keyed hashes under the current key and each fallback ([] if no data)."""
    name_f, id_f = fold(name or ""), "".join(ch for ch in (id_number or "") if ch.isalnum())
    if not id_f and not name_f:
        return []
    return _macs("person", id_f or name_f)


def person_fingerprint(*, name: str, id_number: str) -> str:
    """Return a keyed hash of a person's folded name and ID number ("" when both are empty)."""
    keys = person_fingerprints(name=name, id_number=id_number)
    return keys[0] if keys else ""


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


def secret_hashes(secret: str) -> list[str]:
    """Return a tracking secret's hash under the current key, then under each fallback."""
    return _macs("tracking-secret", normalise_code(secret).replace("-", ""))


def secret_hash(secret: str) -> str:
    """Return the stored hash of a tracking secret."""
    return secret_hashes(secret)[0]


def secret_match(secret: str, stored: str) -> int | None:
    """Return which key's hash matches the stored one (0 = current), or None.

    Every candidate is compared, in constant time, so the answer takes as long either way.
    """
    found = None
    for index, candidate in enumerate(secret_hashes(secret)):
        if hmac.compare_digest(candidate, stored) and found is None:
            found = index
    return found

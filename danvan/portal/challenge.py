"""Self-hosted bot challenge: an HMAC-signed, time-limited, single-use proof of work.

The server signs a token (nonce, issue time, difficulty, two small numbers). A browser with
JavaScript (static/js/portal-challenge.js) finds a counter such that SHA-256("token:counter")
starts with `bits` zero bits; without JavaScript the person answers the sum of the two
numbers instead. Either answer is accepted once: the nonce is recorded in `ChallengeUse`,
whose unique constraint refuses a second use even from two workers at the same moment.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.errors import ApplicationError

from .models import ChallengeUse

TTL = dt.timedelta(hours=2)  # a citizen may take a long time to write a petition


def pow_bits() -> int:
    """Return the proof-of-work difficulty in leading zero bits."""
    return int(getattr(settings, "DANVAN_PORTAL_POW_BITS", 16))


def _key() -> bytes:
    return hashlib.sha256(b"danvan.portal.challenge:" + settings.SECRET_KEY.encode()).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Challenge:
    token: str
    a: int
    b: int
    bits: int


@dataclass(frozen=True)
class Verified:
    nonce: str
    expires_at: dt.datetime
    worked: bool = True  # False when only the no-script question was answered


def issue(*, now: dt.datetime | None = None, bits: int | None = None) -> Challenge:
    """Return a fresh signed challenge."""
    now = now or timezone.now()
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    body = {
        "n": secrets.token_hex(16),
        "t": int(now.timestamp()),
        "d": pow_bits() if bits is None else bits,
        "a": a,
        "b": b,
    }
    payload = _b64(json.dumps(body, separators=(",", ":")).encode())
    sig = _b64(hmac.new(_key(), payload.encode(), hashlib.sha256).digest())
    return Challenge(token=f"{payload}.{sig}", a=a, b=b, bits=body["d"])


def leading_zero_bits(digest: bytes) -> int:
    """Return how many zero bits start `digest`."""
    count = 0
    for byte in digest:
        if byte == 0:
            count += 8
            continue
        return count + 8 - byte.bit_length()
    return count


def solve(token: str, bits: int) -> int:
    """Return a counter solving the proof of work (used by tests and the benchmark)."""
    counter = 0
    while leading_zero_bits(hashlib.sha256(f"{token}:{counter}".encode()).digest()) < bits:
        counter += 1
    return counter


def _refuse(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, field="challenge_answer", code=code)


def verify(*, token: str, counter: str, answer: str, now: dt.datetime | None = None) -> Verified:
    """Check a solved challenge (signature, age, work or sum); raise when it does not hold."""
    now = now or timezone.now()
    wrong = _refuse(
        _("Kết quả xác minh chống gửi tự động không đúng. Vui lòng trả lời lại câu hỏi."),
        "challenge_wrong",
    )
    try:
        payload, sig = token.split(".", 1)
        expected = _b64(hmac.new(_key(), payload.encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(sig, expected):
            raise ValueError("bad signature")
        body = json.loads(_unb64(payload))
        nonce, issued, bits = str(body["n"]), int(body["t"]), int(body["d"])
        a, b = int(body["a"]), int(body["b"])
    except (ValueError, KeyError, TypeError, json.JSONDecodeError) as exc:
        raise _refuse(
            _("Phiếu xác minh chống gửi tự động không hợp lệ. Vui lòng gửi lại."),
            "challenge_invalid",
        ) from exc
    issued_at = dt.datetime.fromtimestamp(issued, tz=dt.UTC)
    if now > issued_at + TTL or issued_at > now + dt.timedelta(minutes=5):
        raise _refuse(
            _(
                "Phiếu xác minh chống gửi tự động đã hết hạn (quá 2 giờ kể từ khi mở trang). "
                "Nội dung bạn nhập vẫn được giữ; vui lòng xác minh lại rồi gửi."
            ),
            "challenge_expired",
        )
    solved = False
    counter = (counter or "").strip()
    if counter.isdigit() and len(counter) <= 12:
        digest = hashlib.sha256(f"{token}:{counter}".encode()).digest()
        solved = leading_zero_bits(digest) >= bits
    answer = (answer or "").strip()
    if not solved and not (answer.isdigit() and len(answer) <= 3 and int(answer) == a + b):
        raise wrong
    return Verified(nonce=nonce, expires_at=issued_at + TTL, worked=solved)


def consume(verified: Verified) -> None:
    """Spend a verified challenge; raise if it was already used. Call inside a transaction."""
    try:
        with transaction.atomic():
            ChallengeUse.objects.create(nonce=verified.nonce, expires_at=verified.expires_at)
    except IntegrityError as exc:
        raise _refuse(
            _("Phiếu xác minh này đã được dùng. Vui lòng xác minh lại rồi gửi."),
            "challenge_reused",
        ) from exc

"""The bot challenge: signed, time-limited, single-use; proof of work or the sum."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danvan.core.errors import ApplicationError
from danvan.portal import challenge, ratelimit
from danvan.portal.models import ChallengeUse, RateCounter
from danvan.portal.services import portal_cleanup


def _codes(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as info:
        call()
    return info.value.code


def test_solved_proof_of_work_verifies_and_is_single_use(db):
    fresh = challenge.issue(bits=8)
    counter = str(challenge.solve(fresh.token, 8))
    verified = challenge.verify(token=fresh.token, counter=counter, answer="")
    challenge.consume(verified)
    again = challenge.verify(token=fresh.token, counter=counter, answer="")
    assert _codes(lambda: challenge.consume(again)) == "challenge_reused"


def test_sum_is_the_fallback_without_javascript(db):
    fresh = challenge.issue(bits=30)
    challenge.verify(token=fresh.token, counter="", answer=str(fresh.a + fresh.b))
    wrong = str(fresh.a + fresh.b + 1)
    assert (
        _codes(lambda: challenge.verify(token=fresh.token, counter="", answer=wrong))
        == "challenge_wrong"
    )


def test_insufficient_work_is_wrong(db):
    fresh = challenge.issue(bits=20)
    bad = next(
        c
        for c in range(10_000)
        if challenge.leading_zero_bits(
            __import__("hashlib").sha256(f"{fresh.token}:{c}".encode()).digest()
        )
        < 20
    )
    call = lambda: challenge.verify(token=fresh.token, counter=str(bad), answer="")  # noqa: E731
    assert _codes(call) == "challenge_wrong"


def test_expired_challenge_is_refused(db):
    issued = timezone.now() - challenge.TTL - dt.timedelta(seconds=1)
    fresh = challenge.issue(now=issued, bits=4)
    counter = str(challenge.solve(fresh.token, 4))
    call = lambda: challenge.verify(token=fresh.token, counter=counter, answer="")  # noqa: E731
    assert _codes(call) == "challenge_expired"


def test_tampered_token_is_invalid(db):
    fresh = challenge.issue(bits=4)
    payload, sig = fresh.token.split(".")
    # Lower the difficulty inside the token: the signature no longer matches.
    forged = challenge._b64(challenge._unb64(payload).replace(b'"d":4', b'"d":0')) + "." + sig
    for token in (forged, "garbage", "", fresh.token + "x"):
        call = lambda t=token: challenge.verify(token=t, counter="0", answer="")  # noqa: E731
        assert _codes(call) == "challenge_invalid"


def test_rate_limit_counts_per_address_across_requests(db, settings):
    settings.DANVAN_PORTAL_RATE_LIMITS = {"lookup": (3, 600)}
    for _ in range(3):
        ratelimit.hit(scope="lookup", ip="203.0.113.5")
    assert _codes(lambda: ratelimit.hit(scope="lookup", ip="203.0.113.5")) == "rate_limited"
    ratelimit.hit(scope="lookup", ip="203.0.113.6")  # another address is not affected
    assert not RateCounter.objects.filter(client__contains="203.0.113").exists()


def test_rate_limit_window_resets(db, settings):
    settings.DANVAN_PORTAL_RATE_LIMITS = {"lookup": (1, 600)}
    now = timezone.now()
    ratelimit.hit(scope="lookup", ip="198.51.100.1", now=now)
    with pytest.raises(ApplicationError):
        ratelimit.hit(scope="lookup", ip="198.51.100.1", now=now)
    ratelimit.hit(scope="lookup", ip="198.51.100.1", now=now + dt.timedelta(seconds=601))


def test_cleanup_removes_expired_challenges_and_old_counters(db):
    old = timezone.now() - dt.timedelta(days=3)
    ChallengeUse.objects.create(nonce="old", expires_at=old)
    ChallengeUse.objects.create(nonce="live", expires_at=timezone.now() + dt.timedelta(hours=1))
    ratelimit.hit(scope="submit", ip="192.0.2.1", now=old)
    ratelimit.hit(scope="submit", ip="192.0.2.1")
    counts = portal_cleanup()
    assert counts["challenges"] == 1 and counts["counters"] == 1
    assert list(ChallengeUse.objects.values_list("nonce", flat=True)) == ["live"]
    assert RateCounter.objects.count() == 1

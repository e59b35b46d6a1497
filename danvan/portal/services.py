"""Writes of the public portal: receive a submission (idempotent), retry a failed one, clean up.

A submission is committed as a `PortalSubmission` row (payload and checked files) before the
petitions app is asked to create the case, so nothing typed is lost if that step fails. The
idempotency key from the form is unique: a retried or double-clicked submission finds the row
of the first one and gets the same case and tracking code.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from danvan.core.audit import audit_record
from danvan.core.errors import ApplicationError
from danvan.orgs.models import Unit

from . import challenge, ratelimit
from .files import check_files
from .models import PortalAttachment, PortalSubmission, SubmissionStatus

log = logging.getLogger(__name__)

# A retried submission (same key, same content) can show the secret again for this long: enough
# for a lost connection, short enough that a shared computer does not show it to the next one.
SECRET_WINDOW = dt.timedelta(minutes=15)
STALE_PENDING = dt.timedelta(minutes=10)  # a pending row this old was abandoned by a crash
WAIT_FOR_OTHER = 8.0  # seconds a duplicate request waits for the first one to finish
PAYLOAD_FIELDS = (
    "kind_hint",
    "name",
    "id_number",
    "address",
    "phone",
    "email",
    "anonymous",
    "content",
    "notify",
)


@dataclass(frozen=True)
class Receipt:
    """What the citizen is shown after submitting."""

    submission: PortalSubmission
    secret: str | None  # None when the case is not created yet or the window has passed
    replayed: bool = False

    @property
    def done(self) -> bool:
        """Return whether the case exists."""
        return self.submission.is_done()


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"danvan.portal.secret:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def _unseal(submission: PortalSubmission, now: dt.datetime) -> str | None:
    if not submission.secret_sealed or not submission.secret_until:
        return None
    if submission.secret_until < now:
        return None
    try:
        return _fernet().decrypt(submission.secret_sealed.encode()).decode()
    except InvalidToken:
        return None


def _audit_after(submission: PortalSubmission) -> dict[str, Any]:
    # Never the payload: it holds the citizen's personal data.
    return {
        "status": submission.status,
        "unit_id": submission.unit_id,
        "case_id": getattr(submission, "case_id", None),
        "tracking_code": submission.tracking_code,
        "attempts": submission.attempts,
    }


def _payload_digest(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return salted_hmac("danvan.portal.payload", canonical, algorithm="sha256").hexdigest()


def _replay(key: str, payload: dict[str, Any], now: dt.datetime) -> Receipt | None:
    """Return the receipt of an earlier submission with this key, retrying a failed one.

    Only the same content replays: a key sent with other content (a form reused for another
    petition, or a key that leaked) is refused, and shows no code or secret.
    """
    submission = PortalSubmission.objects.filter(idempotency_key=key).first()
    if submission is None:
        return None
    stored = submission.payload_digest
    if stored and not hmac.compare_digest(stored, _payload_digest(payload)):
        raise ApplicationError(
            _(
                "Biểu mẫu này đã được dùng để gửi một đơn khác. Nội dung bạn nhập vẫn được giữ; "
                "hãy xác minh rồi bấm gửi lại để gửi thành một đơn mới."
            ),
            code="key_reused",
        )
    deadline = time.monotonic() + WAIT_FOR_OTHER
    while submission.status == SubmissionStatus.PENDING and time.monotonic() < deadline:
        # The first request is still creating the case (a double click): wait for it.
        time.sleep(0.1)
        submission.refresh_from_db()
    if submission.status == SubmissionStatus.FAILED:
        return _process(submission, now=now, replayed=True)
    return Receipt(submission=submission, secret=_unseal(submission, now), replayed=True)


def submission_receive(
    *,
    key: str,
    unit: Unit,
    values: dict[str, Any],
    files: list[UploadedFile],
    challenge_token: str,
    challenge_counter: str,
    challenge_answer: str,
    honeypot: str,
    client_ip: str,
    now: dt.datetime | None = None,
) -> Receipt:
    """Receive one portal submission and turn it into a case; idempotent on `key`."""
    now = now or timezone.now()
    payload = {k: values.get(k) for k in PAYLOAD_FIELDS}
    replay = _replay(key, payload, now)
    if replay is not None:
        return replay
    if honeypot.strip():
        # Only robots fill the hidden field; say nothing that helps them adapt.
        raise ApplicationError(
            _("Không thể tiếp nhận đơn. Vui lòng tải lại trang và gửi lại."), code="refused"
        )
    ratelimit.hit(scope="submit", ip=client_ip, now=now)
    verified = challenge.verify(
        token=challenge_token, counter=challenge_counter, answer=challenge_answer, now=now
    )
    if not verified.worked:
        # The no-script question is there for people, but a script answers it for free: such
        # submissions get a tighter allowance per address and a ceiling across all addresses.
        ratelimit.hit(scope="submit_noscript", ip=client_ip, now=now)
        ratelimit.hit(scope="submit_noscript_all", ip="*", now=now)
    checked = check_files(files)
    try:
        with transaction.atomic():
            submission = PortalSubmission.objects.create(
                idempotency_key=key,
                unit=unit,
                payload=payload,
                payload_digest=_payload_digest(payload),
                received_at=now,
            )
            challenge.consume(verified)
            for item in checked:
                row = PortalAttachment(
                    submission=submission,
                    token=secrets.token_hex(16),
                    original_name=item.name,
                    extension=item.extension,
                    content_type=item.content_type,
                    size=len(item.data),
                )
                row.file.save(f"{row.token}{item.extension}", ContentFile(item.data), save=False)
                row.save()
            audit_record(
                action="portal_submission.receive",
                obj=submission,
                by=None,
                after=_audit_after(submission),
            )
    except IntegrityError:
        # Another request with the same key committed first (the unique constraint decided).
        replay = _replay(key, payload, now)
        if replay is None:
            raise
        return replay
    return _process(submission, now=now)


def _submitter(payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": payload.get("name") or "",
        "id_number": payload.get("id_number") or "",
        "address": payload.get("address") or "",
        "phone": payload.get("phone") or "",
        "email": payload.get("email") or "",
        "anonymous": bool(payload.get("anonymous")),
    }


def _uploads(submission: PortalSubmission) -> list[UploadedFile]:
    uploads: list[UploadedFile] = []
    for row in submission.attachments.all():
        with row.file.open("rb") as handle:
            uploads.append(SimpleUploadedFile(row.original_name, handle.read(), row.content_type))
    return uploads


def _process(
    submission: PortalSubmission, *, now: dt.datetime, replayed: bool = False, by: Any = None
) -> Receipt:
    """Create the case of a submission this caller owns; a failure keeps the row as failed."""
    from danvan.petitions import services as petition_services

    if submission.status != SubmissionStatus.PENDING:
        # Claim a failed row: only one caller turns it back to pending.
        claimed = PortalSubmission.objects.filter(
            pk=submission.pk, status=submission.status
        ).update(status=SubmissionStatus.PENDING, updated_at=timezone.now())
        if not claimed:
            submission.refresh_from_db()
            return Receipt(submission=submission, secret=_unseal(submission, now), replayed=True)
        submission.status = SubmissionStatus.PENDING
    payload = submission.payload
    try:
        with transaction.atomic():
            case, secret = petition_services.case_receive(
                unit=submission.unit,
                channel="portal",
                content=payload.get("content") or "",
                submitter=_submitter(payload),
                kind_hint=payload.get("kind_hint") or "",
                notify_email=(payload.get("email") or "") if payload.get("notify") else "",
                attachments=_uploads(submission),
                received_at=submission.received_at,
                by=by,
            )
            submission.case = case
            submission.tracking_code = case.tracking_code
            submission.status = SubmissionStatus.DONE
            submission.attempts += 1
            submission.error = ""
            submission.payload = {}
            submission.secret_sealed = _seal(secret)
            submission.secret_until = timezone.now() + SECRET_WINDOW
            submission.save()
            attachments = list(submission.attachments.all())
            for row in attachments:
                # The case has its own copies now.
                name = row.file.name
                storage = row.file.storage
                transaction.on_commit(lambda s=storage, n=name: s.delete(n))
                row.delete()
            audit_record(
                action="portal_submission.case_created",
                obj=submission,
                by=by,
                after=_audit_after(submission),
            )
    except ApplicationError:
        # The petitions app refused what was typed: nothing was created, the form shows why.
        if not replayed and by is None:
            _discard(submission)
        else:
            _mark_failed(submission, "refused")
        raise
    except Exception as exc:  # noqa: BLE001 - any failure must keep the submission for staff
        log.exception("portal submission %s failed", submission.pk)
        _mark_failed(submission, f"{type(exc).__name__}: {exc}"[:2000])
        return Receipt(submission=submission, secret=None, replayed=replayed)
    return Receipt(submission=submission, secret=secret, replayed=replayed)


def _discard(submission: PortalSubmission) -> None:
    with transaction.atomic():
        for row in submission.attachments.all():
            name, storage = row.file.name, row.file.storage
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        audit_record(
            action="portal_submission.discard",
            obj=submission,
            by=None,
            after=_audit_after(submission),
        )
        submission.delete()


def _mark_failed(submission: PortalSubmission, error: str) -> None:
    with transaction.atomic():
        submission.status = SubmissionStatus.FAILED
        submission.error = error
        submission.attempts += 1
        PortalSubmission.objects.filter(pk=submission.pk).update(
            status=submission.status,
            error=error,
            attempts=submission.attempts,
            updated_at=timezone.now(),
        )
        audit_record(
            action="portal_submission.fail",
            obj=submission,
            by=None,
            after=_audit_after(submission),
        )


def submission_retry(*, submission: PortalSubmission, by: Any = None) -> Receipt:
    """Try again to create the case of a failed (or abandoned pending) submission."""
    now = timezone.now()
    if submission.is_done():
        return Receipt(submission=submission, secret=None, replayed=True)
    if submission.status == SubmissionStatus.PENDING:
        if submission.updated_at > now - STALE_PENDING:
            raise ApplicationError(_("Đơn đang được xử lý, vui lòng thử lại sau."))
        claimed = PortalSubmission.objects.filter(
            pk=submission.pk, status=SubmissionStatus.PENDING, updated_at=submission.updated_at
        ).update(status=SubmissionStatus.FAILED)
        if not claimed:
            raise ApplicationError(_("Đơn đang được xử lý, vui lòng thử lại sau."))
        submission.status = SubmissionStatus.FAILED
    audit_record(
        action="portal_submission.retry", obj=submission, by=by, after=_audit_after(submission)
    )
    try:
        return _process(submission, now=now, replayed=True, by=by)
    except ApplicationError:
        submission.refresh_from_db()
        return Receipt(submission=submission, secret=None, replayed=True)


def portal_cleanup(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete spent challenges past their expiry, old rate counters and expired secrets."""
    now = now or timezone.now()
    from .models import ChallengeUse

    challenges, _detail = ChallengeUse.objects.filter(expires_at__lt=now).delete()
    counters = ratelimit.cleanup(now=now)
    secrets_wiped = PortalSubmission.objects.filter(secret_until__lt=now).update(
        secret_sealed="", secret_until=None
    )
    return {"challenges": challenges, "counters": counters, "secrets": secrets_wiped}

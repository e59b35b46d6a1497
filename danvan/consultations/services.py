"""Writes on consultations: drafts and sections, opening and closing, comments, the summary."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.access import actor_for, require
from danvan.core.audit import audit_record, snapshot
from danvan.core.errors import ApplicationError, ConflictError
from danvan.core.locking import lock_for_edit
from danvan.core.net import rate_subject
from danvan.core.uploads import store_uploads
from danvan.lib.vntext import fold, nfc, person_name
from danvan.notifications.models import NotificationKind
from danvan.notifications.services import notify
from danvan.orgs.models import Role, RoleAssignment, Unit
from danvan.plans.policies import ALL_UNIT_ROLES

from . import challenge, policies, senders
from .models import (
    AnswerKind,
    Comment,
    CommentStatus,
    Consultation,
    ConsultationEvent,
    ConsultationFile,
    ConsultationStatus,
    ContactKind,
    DraftSection,
    FileKind,
    RejectReason,
)

HEADER_FIELDS = ("kind", "title", "summary", "opens_at", "closes_at")
SUMMARY_FIELDS = ("summary_intro", "report_symbol", "place", "signer_authority", "signer_name")
CODE_LIFETIME = dt.timedelta(minutes=30)
MAX_CODE_ATTEMPTS = 5
MAX_CODES_SENT = 3
# Per client address: at most this many comments in this window.
RATE_LIMIT = (5, dt.timedelta(minutes=10))
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MAX_BODY = 10_000


def _clean(value: Any) -> Any:
    return nfc(value).strip() if isinstance(value, str) else value


def _search_text(consultation: Consultation) -> str:
    return fold(f"{consultation.title} {consultation.summary} {consultation.unit.name}")


def _event(
    consultation: Consultation,
    *,
    to: str,
    frm: str = "",
    by: Any,
    note: str = "",
    comment: Comment | None = None,
) -> None:
    ConsultationEvent.objects.create(
        consultation=consultation,
        comment=comment,
        from_status=frm,
        to_status=to,
        note=note,
        by=by if getattr(by, "is_authenticated", False) else None,
    )


def _unit_writers(unit_id: int) -> list[Any]:
    rows = RoleAssignment.objects.filter(
        unit_id=unit_id, role__in=[Role.UNIT_OFFICER, Role.UNIT_HEAD], archived_at__isnull=True
    ).select_related("user")
    return [r.user for r in rows if r.user.is_active]


def _notify_unit(consultation: Consultation, text: str, *, dedupe_key: str = "") -> None:
    """Tell the owning unit's officers and heads, once the transaction has committed."""
    unit_id = consultation.unit_id
    url = reverse("consultations:manage_detail", args=[consultation.pk])
    transaction.on_commit(
        lambda: notify(
            users=_unit_writers(unit_id),
            kind=NotificationKind.DEADLINE,
            text=text,
            url=url,
            dedupe_key=dedupe_key,
        )
    )


def _check_window(opens_at: dt.datetime | None, closes_at: dt.datetime | None) -> None:
    if opens_at is None:
        raise ApplicationError(_("Hãy nhập thời điểm bắt đầu nhận ý kiến."), field="opens_at")
    if closes_at is None:
        raise ApplicationError(_("Hãy nhập thời điểm kết thúc nhận ý kiến."), field="closes_at")
    if closes_at <= opens_at:
        raise ApplicationError(
            _("Thời điểm kết thúc phải sau thời điểm bắt đầu nhận ý kiến."), field="closes_at"
        )


# Drafts and sections ---------------------------------------------------------------------


@transaction.atomic
def consultation_create(
    *,
    unit: Unit,
    kind: str,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    by: Any,
    summary: str = "",
) -> Consultation:
    """Create a draft consultation for `unit`."""
    require(policies.can_create_for(actor_for(by), unit.pk))
    title = _clean(title)
    if not title:
        raise ApplicationError(_("Hãy nhập tên dự thảo."), field="title")
    _check_window(opens_at, closes_at)
    consultation = Consultation(
        unit=unit,
        kind=kind,
        title=title,
        summary=_clean(summary),
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=by,
        place=_default_place(unit),
    )
    consultation.search_text = _search_text(consultation)
    consultation.save()
    _event(consultation, to=ConsultationStatus.DRAFT, by=by)
    audit_record(action="consultation.create", obj=consultation, by=by)
    return consultation


def _default_place(unit: Unit) -> str:
    name = unit.name
    for prefix in ("Ủy ban nhân dân thành phố ", "Ủy ban nhân dân tỉnh ", "Ủy ban nhân dân "):
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return ""


@transaction.atomic
def consultation_update(
    *, consultation: Consultation, expected_version: int | None, by: Any, **fields: Any
) -> Consultation:
    """Change a draft's header (kind, title, summary, window); only while it is a draft."""
    require(policies.can_edit(actor_for(by), consultation))
    unknown = set(fields) - set(HEADER_FIELDS)
    if unknown:
        raise ApplicationError(f"unknown fields {sorted(unknown)}")
    fresh = lock_for_edit(consultation, expected_version)
    before = snapshot(fresh)
    for name, value in fields.items():
        if value is not None:
            setattr(fresh, name, _clean(value))
    if not fresh.title:
        raise ApplicationError(_("Hãy nhập tên dự thảo."), field="title")
    _check_window(fresh.opens_at, fresh.closes_at)
    fresh.search_text = _search_text(fresh)
    fresh.save()
    audit_record(action="consultation.update", obj=fresh, by=by, before=before)
    return fresh


def _next_position(consultation: Consultation) -> int:
    last = (
        consultation.sections.filter(archived_at__isnull=True)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return (last or 0) + 1


@transaction.atomic
def section_add(
    *, consultation: Consultation, heading: str, text: str = "", by: Any
) -> DraftSection:
    """Append a section to a draft."""
    require(policies.can_edit(actor_for(by), consultation))
    heading = _clean(heading)
    if not heading:
        raise ApplicationError(_("Hãy nhập tiêu đề phần."), field="heading")
    section = DraftSection.objects.create(
        consultation=consultation,
        heading=heading,
        text=_clean(text),
        position=_next_position(consultation),
    )
    audit_record(action="draft_section.add", obj=section, by=by)
    return section


@transaction.atomic
def section_update(
    *,
    section: DraftSection,
    expected_version: int | None,
    by: Any,
    heading: str | None = None,
    text: str | None = None,
    position: int | None = None,
) -> DraftSection:
    """Edit a section of a draft."""
    require(policies.can_edit(actor_for(by), section.consultation))
    fresh = lock_for_edit(section, expected_version)
    before = snapshot(fresh)
    if heading is not None:
        fresh.heading = _clean(heading)
        if not fresh.heading:
            raise ApplicationError(_("Hãy nhập tiêu đề phần."), field="heading")
    if text is not None:
        fresh.text = _clean(text)
    if position is not None:
        fresh.position = position
    fresh.save()
    audit_record(action="draft_section.update", obj=fresh, by=by, before=before)
    return fresh


@transaction.atomic
def section_archive(*, section: DraftSection, by: Any) -> DraftSection:
    """Take a section out of a draft (kept in the database)."""
    require(policies.can_edit(actor_for(by), section.consultation))
    before = snapshot(section)
    section.archived_at = timezone.now()
    section.save(update_fields=["archived_at", "updated_at"])
    audit_record(action="draft_section.archive", obj=section, by=by, before=before)
    return section


def _attach(
    *, consultation: Consultation, upload: UploadedFile, kind: str, by: Any
) -> ConsultationFile:
    previous = list(consultation.files.filter(kind=kind, archived_at__isnull=True))
    [stored] = store_uploads(
        ConsultationFile,
        [upload],
        by=by,
        action="consultation_file.add",
        consultation=consultation,
        kind=kind,
    )
    for old in previous:
        old.archived_at = timezone.now()
        old.save(update_fields=["archived_at", "updated_at"])
        audit_record(action="consultation_file.replace", obj=old, by=by)
    return stored


@transaction.atomic
def draft_file_attach(
    *, consultation: Consultation, upload: UploadedFile, by: Any
) -> ConsultationFile:
    """Attach (or replace) the draft's full text while it is a draft."""
    require(policies.can_edit(actor_for(by), consultation))
    return _attach(consultation=consultation, upload=upload, kind=FileKind.DRAFT, by=by)


# Opening and closing ---------------------------------------------------------------------


@transaction.atomic
def consultation_open(*, consultation: Consultation, by: Any) -> Consultation:
    """Put a draft to public comment; it takes comments between its opening and closing."""
    require(policies.can_open(actor_for(by), consultation))
    fresh = lock_for_edit(consultation, None)
    if not fresh.sections.filter(archived_at__isnull=True).exists():
        raise ApplicationError(
            _("Dự thảo cần ít nhất một phần để người dân góp ý."), code="no_sections"
        )
    if fresh.window_over(timezone.now()):
        raise ApplicationError(
            _("Thời điểm kết thúc nhận ý kiến đã qua; hãy sửa lại thời gian trước khi công bố."),
            field="closes_at",
            code="window_over",
        )
    before = snapshot(fresh)
    fresh.status = ConsultationStatus.OPEN
    fresh.save()
    _event(fresh, frm=ConsultationStatus.DRAFT, to=fresh.status, by=by)
    audit_record(action="consultation.open", obj=fresh, by=by, before=before)
    return fresh


@transaction.atomic
def consultation_close(*, consultation: Consultation, by: Any, reason: str = "") -> Consultation:
    """End the comment window; before its planned end a reason is required."""
    require(policies.can_close(actor_for(by), consultation))
    return _close(consultation, by=by, reason=_clean(reason))


def _close(consultation: Consultation, *, by: Any, reason: str) -> Consultation:
    fresh = lock_for_edit(consultation, None)
    if fresh.status != ConsultationStatus.OPEN:
        raise ApplicationError(_("Dự thảo này không đang lấy ý kiến."), code="not_open")
    now = timezone.now()
    early = not fresh.window_over(now)
    if early and not reason:
        raise ApplicationError(
            _("Chưa hết thời hạn lấy ý kiến: hãy nêu lý do kết thúc sớm."), field="reason"
        )
    before = snapshot(fresh)
    fresh.status = ConsultationStatus.CLOSED
    fresh.closed_at = now
    fresh.early_close_reason = reason if early else ""
    fresh.save()
    _event(fresh, frm=ConsultationStatus.OPEN, to=fresh.status, by=by, note=reason)
    audit_record(action="consultation.close", obj=fresh, by=by, before=before)
    pending = fresh.comments.filter(status=CommentStatus.PENDING).count()
    approved = fresh.comments.filter(status=CommentStatus.APPROVED).count()
    _notify_unit(
        fresh,
        _(
            "Đã kết thúc lấy ý kiến dự thảo “%(title)s”: %(pending)d ý kiến chờ kiểm duyệt, "
            "%(approved)d ý kiến đã duyệt cần tiếp thu, giải trình."
        )
        % {"title": fresh.title[:150], "pending": pending, "approved": approved},
    )
    return fresh


@transaction.atomic
def consultation_extend(
    *, consultation: Consultation, closes_at: dt.datetime, reason: str, by: Any
) -> Consultation:
    """Give people more time: move the closing of an open consultation later, with a reason."""
    require(policies.can_close(actor_for(by), consultation))
    fresh = lock_for_edit(consultation, None)
    reason = _clean(reason)
    if not reason:
        raise ApplicationError(_("Hãy nêu lý do gia hạn."), field="reason")
    if closes_at <= fresh.closes_at or closes_at <= timezone.now():
        raise ApplicationError(
            _("Thời điểm kết thúc mới phải sau thời điểm kết thúc hiện tại và sau lúc này."),
            field="closes_at",
        )
    before = snapshot(fresh)
    fresh.closes_at = closes_at
    fresh.save()
    _event(fresh, frm=fresh.status, to=fresh.status, by=by, note=reason)
    audit_record(action="consultation.extend", obj=fresh, by=by, before=before)
    return fresh


def consultations_close_expired(*, now: dt.datetime | None = None) -> int:
    """Close every open consultation whose window has passed (idempotent); return how many."""
    now = now or timezone.now()
    closed = 0
    for consultation in Consultation.objects.filter(
        status=ConsultationStatus.OPEN, closes_at__lte=now, archived_at__isnull=True
    ):
        with transaction.atomic():
            try:
                _close(consultation, by=None, reason="")
            except ApplicationError:
                continue  # someone closed it meanwhile
            closed += 1
    return closed


# Comments --------------------------------------------------------------------------------


def _ip_hash(ip: str) -> str:
    # An IPv6 client counts by its /64, as on the portal.
    return hmac.new(
        settings.SECRET_KEY.encode(), rate_subject(ip).encode(), hashlib.sha256
    ).hexdigest()


def _code_hash(token: str, code: str) -> str:
    message = f"{token}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _new_comment_code() -> str:
    while True:
        code = "YK-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if not Comment.objects.filter(code=code).exists():
            return code


def _check_open(consultation: Consultation, now: dt.datetime) -> None:
    if consultation.accepts_comments(now):
        return
    if consultation.is_upcoming(now):
        raise ApplicationError(_("Dự thảo chưa đến thời gian nhận ý kiến."), code="not_yet_open")
    raise ApplicationError(
        _("Dự thảo đã hết thời gian nhận ý kiến hoặc không nhận ý kiến."), code="closed"
    )


def _check_body(consultation: Consultation, section: DraftSection | None, body: str) -> str:
    body = _clean(body)
    if not body:
        raise ApplicationError(_("Hãy nhập nội dung góp ý."), field="body")
    if len(body) > MAX_BODY:
        raise ApplicationError(
            _("Nội dung góp ý dài quá %(n)d ký tự.") % {"n": MAX_BODY}, field="body"
        )
    if section is not None and (
        section.consultation_id != consultation.pk or section.archived_at is not None
    ):
        raise ApplicationError(_("Phần dự thảo không thuộc dự thảo này."), field="section")
    return body


def _check_rate(ip_hash: str, now: dt.datetime, *, email: str = "", phone: str = "") -> None:
    """Refuse a flood from one client address, or to one e-mail address or phone."""
    limit, window = RATE_LIMIT
    recent = Comment.objects.filter(created_at__gte=now - window, author_user__isnull=True)
    same_contact = recent.filter(email=email) if email else recent.filter(phone=phone)
    if recent.filter(ip_hash=ip_hash).count() >= limit or same_contact.count() >= limit:
        raise ApplicationError(
            _(
                "Bạn đã gửi nhiều ý kiến trong thời gian ngắn. Hãy thử lại sau "
                "%(minutes)d phút; nội dung bạn nhập vẫn được giữ."
            )
            % {"minutes": int(window.total_seconds() // 60)},
            code="rate_limited",
        )


def _normalise_phone(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if not (digits.isdigit() and len(digits) == 10 and digits.startswith("0")):
        raise ApplicationError(
            _("Số điện thoại không hợp lệ (10 chữ số, ví dụ 0912345678)."), field="phone"
        )
    return digits


def _issue_code(comment: Comment, now: dt.datetime) -> str:
    code = f"{secrets.randbelow(10**6):06d}"
    comment.code_hash = _code_hash(comment.token, code)
    comment.code_expires_at = now + CODE_LIFETIME
    comment.code_attempts = 0
    comment.codes_sent += 1
    return code


def _queue_code(comment: Comment, code: str) -> None:
    args = {
        "contact_kind": comment.contact_kind,
        "email": comment.email,
        "phone": comment.phone,
        "code": code,
        "title": comment.consultation.title,
    }
    transaction.on_commit(lambda: senders.send_code(**args))


@transaction.atomic
def comment_submit_public(
    *,
    consultation: Consultation,
    section: DraftSection | None,
    body: str,
    author_name: str,
    contact_kind: str,
    email: str = "",
    phone: str = "",
    show_name: bool = True,
    ip: str,
    stamp: str,
    honeypot: str = "",
) -> Comment:
    """Take a comment from the public; it waits, unverified, for the code sent to the contact."""
    now = timezone.now()
    challenge.check(stamp=stamp, honeypot=honeypot, now=now)
    _check_open(consultation, now)
    body = _check_body(consultation, section, body)
    author_name = _clean(author_name)
    if not author_name:
        raise ApplicationError(_("Hãy nhập họ và tên."), field="author_name")
    email, phone = _clean(email), _clean(phone)
    if contact_kind == ContactKind.EMAIL:
        try:
            validate_email(email)
        except Exception as exc:
            raise ApplicationError(_("Địa chỉ thư điện tử không hợp lệ."), field="email") from exc
        phone = ""
    elif contact_kind == ContactKind.PHONE:
        if not senders.phone_available():
            raise ApplicationError(
                _("Hệ thống chưa gửi được tin nhắn; hãy xác thực bằng thư điện tử."),
                field="contact_kind",
            )
        phone, email = _normalise_phone(phone), ""
    else:
        raise ApplicationError(_("Hãy chọn cách nhận mã xác thực."), field="contact_kind")
    ip_hash = _ip_hash(ip)
    _check_rate(ip_hash, now, email=email, phone=phone)
    comment = Comment(
        consultation=consultation,
        section=section,
        code=_new_comment_code(),
        body=body,
        status=CommentStatus.UNVERIFIED,
        author_name=author_name,
        show_name=show_name,
        contact_kind=contact_kind,
        email=email,
        phone=phone,
        token=secrets.token_urlsafe(32),
        ip_hash=ip_hash,
    )
    code = _issue_code(comment, now)
    comment.save()
    _event(consultation, comment=comment, to=comment.status, by=None)
    audit_record(action="comment.submit", obj=comment, by=None, after=_public_snapshot(comment))
    _queue_code(comment, code)
    return comment


def _public_snapshot(comment: Comment) -> dict[str, Any]:
    """Return the audited fields of a comment, without the code's hash or contacts."""
    data = snapshot(comment, ["consultation", "section", "code", "body", "status", "show_name"])
    data["contact_kind"] = comment.contact_kind
    return data


@transaction.atomic
def comment_submit_user(
    *,
    consultation: Consultation,
    section: DraftSection | None,
    body: str,
    by: Any,
    organisation: Unit | None = None,
    show_name: bool = True,
) -> Comment:
    """Take a comment from a signed-in user, for themself or for one of their units."""
    now = timezone.now()
    _check_open(consultation, now)
    body = _check_body(consultation, section, body)
    actor = actor_for(by)
    if organisation is not None and not actor.in_unit(organisation.pk, *ALL_UNIT_ROLES):
        raise ApplicationError(
            _("Bạn chỉ góp ý thay mặt đơn vị mình công tác."), field="organisation"
        )
    name = person_name(by.last_name or "", by.first_name or "") or by.get_username()
    comment = Comment.objects.create(
        consultation=consultation,
        section=section,
        code=_new_comment_code(),
        body=body,
        status=CommentStatus.PENDING,
        author_user=by,
        author_name=name,
        as_organisation=organisation is not None,
        organisation=organisation,
        organisation_name=organisation.name if organisation is not None else "",
        show_name=show_name or organisation is not None,
        email=by.email or "",
        token=secrets.token_urlsafe(32),
        verified_at=now,
    )
    _event(consultation, comment=comment, to=comment.status, by=by)
    audit_record(action="comment.submit", obj=comment, by=by, after=_public_snapshot(comment))
    return comment


@transaction.atomic
def comment_record_received(
    *,
    consultation: Consultation,
    section: DraftSection | None,
    body: str,
    author_name: str,
    by: Any,
    organisation_name: str = "",
    show_name: bool = True,
    channel: str = "",
) -> Comment:
    """Record a comment the unit received outside the portal (by letter, at a meeting).

    The unit's officer vouches for the sender, so it goes straight to moderation; the channel
    is kept in the moderation note.
    """
    require(policies.can_moderate(actor_for(by), consultation))
    body = _check_body(consultation, section, body)
    author_name = _clean(author_name)
    organisation_name = _clean(organisation_name)
    if not author_name and not organisation_name:
        raise ApplicationError(_("Hãy nhập người hoặc tổ chức góp ý."), field="author_name")
    comment = Comment.objects.create(
        consultation=consultation,
        section=section,
        code=_new_comment_code(),
        body=body,
        status=CommentStatus.PENDING,
        author_name=author_name or organisation_name,
        as_organisation=bool(organisation_name),
        organisation_name=organisation_name,
        show_name=show_name or bool(organisation_name),
        token=secrets.token_urlsafe(32),
        verified_at=timezone.now(),
        moderation_note=_clean(channel),
    )
    _event(consultation, comment=comment, to=comment.status, by=by, note=_clean(channel))
    audit_record(action="comment.record", obj=comment, by=by, after=_public_snapshot(comment))
    return comment


def comment_verify(*, comment: Comment, code: str) -> Comment:
    """Check the one-time code; a correct one sends the comment to moderation.

    A wrong code is counted (and committed) before the refusal is raised.
    """
    with transaction.atomic():
        fresh = (
            Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
        )
        if fresh.status != CommentStatus.UNVERIFIED:
            raise ApplicationError(_("Ý kiến này đã được xác thực."), code="already_verified")
        now = timezone.now()
        if fresh.code_expires_at is None or now >= fresh.code_expires_at:
            raise ApplicationError(
                _("Mã xác thực đã hết hạn. Hãy bấm “Gửi lại mã”."),
                field="code",
                code="code_expired",
            )
        if fresh.code_attempts >= MAX_CODE_ATTEMPTS:
            raise ApplicationError(
                _("Bạn đã nhập sai quá số lần cho phép. Hãy bấm “Gửi lại mã”."),
                field="code",
                code="too_many_attempts",
            )
        digits = "".join(ch for ch in (code or "") if ch.isdigit())
        if hmac.compare_digest(fresh.code_hash, _code_hash(fresh.token, digits)):
            fresh.status = CommentStatus.PENDING
            fresh.verified_at = now
            fresh.code_hash = ""
            fresh.save()
            _event(
                fresh.consultation,
                comment=fresh,
                frm=CommentStatus.UNVERIFIED,
                to=fresh.status,
                by=None,
            )
            audit_record(action="comment.verify", obj=fresh, by=None, after=_public_snapshot(fresh))
            _notify_unit(
                fresh.consultation,
                _("Có ý kiến mới chờ kiểm duyệt về dự thảo “%(title)s”.")
                % {"title": fresh.consultation.title[:150]},
                dedupe_key=f"consultation-{fresh.consultation_id}-pending-{now.date()}",
            )
            return fresh
        fresh.code_attempts += 1
        fresh.save(update_fields=["code_attempts", "updated_at"])
        left = MAX_CODE_ATTEMPTS - fresh.code_attempts
    raise ApplicationError(
        _("Mã xác thực không đúng. Bạn còn %(n)d lần nhập.") % {"n": max(left, 0)},
        field="code",
        code="wrong_code",
    )


@transaction.atomic
def comment_resend_code(*, comment: Comment) -> Comment:
    """Send a fresh code (a limited number of times)."""
    fresh = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    if fresh.status != CommentStatus.UNVERIFIED:
        raise ApplicationError(_("Ý kiến này đã được xác thực."), code="already_verified")
    if fresh.codes_sent >= MAX_CODES_SENT:
        raise ApplicationError(
            _("Đã gửi mã quá số lần cho phép. Hãy gửi lại ý kiến sau."), code="too_many_codes"
        )
    if not fresh.consultation.accepts_comments(timezone.now()):
        raise ApplicationError(_("Dự thảo đã hết thời gian nhận ý kiến."), code="closed")
    code = _issue_code(fresh, timezone.now())
    fresh.save()
    audit_record(action="comment.resend_code", obj=fresh, by=None, after=_public_snapshot(fresh))
    _queue_code(fresh, code)
    return fresh


# Moderation and answers ------------------------------------------------------------------


@transaction.atomic
def comment_moderate(
    *, comment: Comment, decision: str, by: Any, reason: str = "", note: str = ""
) -> Comment:
    """Approve or reject a verified comment; a rejection needs a reason and is kept."""
    fresh = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    require(policies.can_moderate(actor_for(by), fresh.consultation))
    if fresh.status == CommentStatus.UNVERIFIED:
        raise ApplicationError(
            _("Ý kiến chưa được người gửi xác thực, chưa thể kiểm duyệt."), code="unverified"
        )
    note = _clean(note)
    if decision == "approve":
        target, reason = CommentStatus.APPROVED, ""
    elif decision == "reject":
        target = CommentStatus.REJECTED
        if reason not in RejectReason.values:
            raise ApplicationError(_("Hãy chọn lý do không duyệt."), field="reason")
        if reason == RejectReason.OTHER and not note:
            raise ApplicationError(_("Hãy ghi rõ lý do khác."), field="note")
    else:
        raise ApplicationError(_("Quyết định kiểm duyệt không hợp lệ."), field="decision")
    if fresh.status == target and fresh.reject_reason == reason:
        raise ApplicationError(_("Ý kiến đã ở trạng thái này."), code="unchanged")
    before = _public_snapshot(fresh) | {"reject_reason": fresh.reject_reason}
    previous = fresh.status
    fresh.status = target
    fresh.reject_reason = reason
    fresh.moderation_note = note
    fresh.moderated_by = by
    fresh.moderated_at = timezone.now()
    fresh.version += 1
    fresh.save()
    _event(fresh.consultation, comment=fresh, frm=previous, to=target, by=by, note=note)
    after = _public_snapshot(fresh) | {"reject_reason": reason, "moderation_note": note}
    audit_record(action=f"comment.{decision}", obj=fresh, by=by, before=before, after=after)
    return fresh


@transaction.atomic
def comment_answer(
    *, comment: Comment, kind: str, text: str, expected_version: int | None, by: Any
) -> Comment:
    """Record the unit's answer to an approved comment (tiếp thu / giải trình)."""
    fresh = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    require(policies.can_answer(actor_for(by), fresh.consultation))
    if expected_version is not None and fresh.version != expected_version:
        raise ConflictError()
    if fresh.status != CommentStatus.APPROVED:
        raise ApplicationError(_("Chỉ trả lời ý kiến đã được duyệt."), code="not_approved")
    if kind not in AnswerKind.values:
        raise ApplicationError(_("Hãy chọn tiếp thu hay giải trình."), field="answer_kind")
    text = _clean(text)
    if not text:
        raise ApplicationError(_("Hãy nhập nội dung tiếp thu, giải trình."), field="answer_text")
    before = snapshot(fresh, ["answer_kind", "answer_text"])
    fresh.answer_kind = kind
    fresh.answer_text = text
    fresh.answered_by = by
    fresh.answered_at = timezone.now()
    fresh.version += 1
    fresh.save()
    audit_record(
        action="comment.answer",
        obj=fresh,
        by=by,
        before=before,
        after=snapshot(fresh, ["answer_kind", "answer_text"]),
    )
    return fresh


@transaction.atomic
def summary_update(
    *, consultation: Consultation, expected_version: int | None, by: Any, **fields: Any
) -> Consultation:
    """Edit the summary report's general part and its signature block."""
    require(policies.can_answer(actor_for(by), consultation))
    unknown = set(fields) - set(SUMMARY_FIELDS)
    if unknown:
        raise ApplicationError(f"unknown fields {sorted(unknown)}")
    fresh = lock_for_edit(consultation, expected_version)
    before = snapshot(fresh, list(SUMMARY_FIELDS))
    for name, value in fields.items():
        if value is not None:
            setattr(fresh, name, _clean(value))
    fresh.save()
    audit_record(
        action="consultation.summary_update",
        obj=fresh,
        by=by,
        before=before,
        after=snapshot(fresh, list(SUMMARY_FIELDS)),
    )
    return fresh


def _incomplete(consultation: Consultation) -> tuple[list[Comment], list[Comment]]:
    """Return (comments awaiting moderation, approved comments without an answer)."""
    comments = list(consultation.comments.filter(status__in=["pending", "approved"]))
    pending = [c for c in comments if c.status == CommentStatus.PENDING]
    unanswered = [c for c in comments if c.status == CommentStatus.APPROVED and not c.is_answered()]
    return pending, unanswered


def _refuse_incomplete(consultation: Consultation) -> None:
    pending, unanswered = _incomplete(consultation)
    problems = []
    if pending:
        problems.append(
            _("%(n)d ý kiến chưa được kiểm duyệt: %(codes)s.")
            % {"n": len(pending), "codes": ", ".join(c.code for c in pending)}
        )
    if unanswered:
        problems.append(
            _("%(n)d ý kiến đã duyệt chưa có nội dung tiếp thu, giải trình: %(codes)s.")
            % {"n": len(unanswered), "codes": ", ".join(c.code for c in unanswered)}
        )
    if problems:
        raise ApplicationError(
            _("Chưa thể hoàn thành báo cáo tiếp thu, giải trình. ") + " ".join(problems),
            code="summary_incomplete",
        )


@transaction.atomic
def consultation_summarise(*, consultation: Consultation, by: Any) -> Consultation:
    """Declare the summary complete: every comment moderated, every approved one answered."""
    require(policies.can_summarise(actor_for(by), consultation))
    fresh = lock_for_edit(consultation, None)
    _refuse_incomplete(fresh)
    before = snapshot(fresh)
    fresh.status = ConsultationStatus.SUMMARISED
    fresh.summarised_at = timezone.now()
    fresh.save()
    _event(fresh, frm=ConsultationStatus.CLOSED, to=fresh.status, by=by)
    audit_record(action="consultation.summarise", obj=fresh, by=by, before=before)
    return fresh


@transaction.atomic
def consultation_reopen_summary(*, consultation: Consultation, by: Any) -> Consultation:
    """Take a finished but unpublished summary back to work on it."""
    require(policies.can_reopen_summary(actor_for(by), consultation))
    fresh = lock_for_edit(consultation, None)
    before = snapshot(fresh)
    fresh.status = ConsultationStatus.CLOSED
    fresh.summarised_at = None
    fresh.save()
    _event(fresh, frm=ConsultationStatus.SUMMARISED, to=fresh.status, by=by)
    audit_record(action="consultation.reopen_summary", obj=fresh, by=by, before=before)
    return fresh


@transaction.atomic
def final_text_attach(
    *, consultation: Consultation, upload: UploadedFile, by: Any
) -> ConsultationFile:
    """Attach (or replace) the final text, after closing and before publication."""
    require(policies.can_answer(actor_for(by), consultation))
    return _attach(consultation=consultation, upload=upload, kind=FileKind.FINAL, by=by)


@transaction.atomic
def consultation_publish(
    *, consultation: Consultation, by: Any, final_text: UploadedFile | None = None
) -> Consultation:
    """Publish the summary beside the final text (uploaded now or before)."""
    require(policies.can_publish(actor_for(by), consultation))
    fresh = lock_for_edit(consultation, None)
    _refuse_incomplete(fresh)
    if final_text is not None:
        _attach(consultation=fresh, upload=final_text, kind=FileKind.FINAL, by=by)
    if not fresh.files.filter(kind=FileKind.FINAL, archived_at__isnull=True).exists():
        raise ApplicationError(
            _("Hãy đính kèm văn bản hoàn chỉnh (đã tiếp thu ý kiến) để công bố cùng báo cáo."),
            field="final_text",
            code="no_final_text",
        )
    before = snapshot(fresh)
    fresh.status = ConsultationStatus.PUBLISHED
    fresh.published_at = timezone.now()
    fresh.save()
    _event(fresh, frm=ConsultationStatus.SUMMARISED, to=fresh.status, by=by)
    audit_record(action="consultation.publish", obj=fresh, by=by, before=before)
    return fresh

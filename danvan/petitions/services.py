"""Writes on petition cases: intake, classification, every transition with its deadline.

Each transition checks the allowed source statuses, records a CaseEvent and an audit row,
marks the finished step's deadline met, stores the next step's due date computed by the
deadline engine, and queues the citizen's status e-mail (status only, never content).
Audit rows of a case never hold the submitter's identity: it is not a field of Case.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.access import actor_for, require
from danvan.core.audit import audit_record, snapshot
from danvan.core.errors import ApplicationError, PermissionDeniedError
from danvan.core.locking import lock_for_edit
from danvan.core.uploads import store_uploads
from danvan.lib import deadlines as engine
from danvan.lib.vntext import fold, nfc, short_date
from danvan.notifications.models import NotificationKind
from danvan.notifications.services import notify
from danvan.orgs.models import Unit
from danvan.workcal import selectors as workcal

from . import crypto, policies
from .models import (
    CONFIDENTIAL_KINDS,
    OPEN_STATUSES,
    AnonymousHandling,
    Case,
    CaseAttachment,
    CaseDeadline,
    CaseDocument,
    CaseEvent,
    Channel,
    Competence,
    DenouncerIdentity,
    DocumentKind,
    DuplicateLink,
    IdentityAccessLog,
    Kind,
    LinkStatus,
    NonAcceptanceGround,
    Petitioner,
    Status,
    Step,
)

DUPLICATE_THRESHOLD = 0.6
_ID_NUMBER = re.compile(r"\d{9}|\d{12}")
IDENTITY_FIELDS = ("name", "id_number", "address", "phone", "email")


def _clean(value: Any) -> Any:
    return nfc(value).strip() if isinstance(value, str) else value


def _today() -> dt.date:
    return timezone.localdate()


def _check_open(case: Case, allowed: Sequence[str], action: str) -> None:
    if case.status not in allowed:
        raise ApplicationError(
            _("Không thể %(action)s khi hồ sơ đang ở trạng thái «%(status)s».")
            % {"action": action, "status": case.get_status_display()},
            code="invalid_transition",
        )


def _require_worker(case: Case, by: Any) -> None:
    actor = actor_for(by)
    require(policies.can_work_case(actor, case), visible=policies.can_view_case(actor, case))


def _search_text(case: Case, petitioner_name: str = "") -> str:
    # A denouncer's name never enters the search column (it would leak through search).
    name = "" if case.is_confidential() else petitioner_name
    return fold(f"{case.tracking_code} {case.subject} {case.content} {name} {case.source_body}")


def _refresh_search(case: Case) -> None:
    petitioner = Petitioner.objects.filter(case=case).first()
    case.search_text = _search_text(case, petitioner.name if petitioner else "")


def _event(
    case: Case,
    *,
    action: str,
    from_status: str,
    by: Any,
    note: str = "",
    document: CaseDocument | None = None,
    public: bool = True,
    at: dt.datetime | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        at=at or timezone.now(),
        action=action,
        from_status=from_status,
        to_status=case.status,
        actor=by if getattr(by, "is_authenticated", False) else None,
        note=note,
        document=document,
        public=public,
    )


def _status_mail(case: Case) -> None:
    if not case.notify_email:
        return
    code, label, email = case.tracking_code, case.get_status_display(), case.notify_email

    def send() -> None:
        send_mail(
            subject=_("[Dân Vận] Hồ sơ %(code)s: %(status)s") % {"code": code, "status": label},
            message=_(
                "Hồ sơ %(code)s của ông/bà đã chuyển sang trạng thái: %(status)s.\n"
                "Tra cứu bằng mã hồ sơ và mã bí mật tại %(site)s."
            )
            % {"code": code, "status": label, "site": settings.DANVAN_SITE_URL},
            from_email=None,
            recipient_list=[email],
        )

    transaction.on_commit(send)


def _save_transition(
    case: Case, *, action: str, before: dict[str, Any], from_status: str, by: Any, **event: Any
) -> CaseEvent:
    _refresh_due(case)
    case.save()
    row = _event(case, action=action, from_status=from_status, by=by, **event)
    audit_record(action=action, obj=case, by=by, before=before)
    if case.status != from_status:
        _status_mail(case)
    return row


# Deadlines -----------------------------------------------------------------------------------


def _rules_table() -> Sequence[engine.DeadlineRule]:
    """Return the recorded rules, or the statutory defaults if none are recorded at all.

    The table is seeded by a migration; a database flushed after migrating (tests on a live
    server) or emptied by mistake must not stop petitions from being registered.
    """
    return workcal.deadline_rules() or engine.DEFAULT_RULES


def _compute(
    *,
    code: str,
    start: dt.date,
    complex: bool,
    especially_complex: bool,
    remote: bool,
    extensions: int,
    paused_days: int,
    calendar: Any = None,
    rules: Sequence[engine.DeadlineRule] | None = None,
) -> tuple[engine.Due, dt.date, int]:
    """Return (due, latest due with every allowed extension, allowed extensions)."""
    calendar = calendar or workcal.calendar_for()
    table = _rules_table() if rules is None else rules
    try:
        rule = engine.rule_for(code, start, table)
        flags = {"complex": complex, "remote": remote, "especially_complex": especially_complex}
        due = engine.compute_due(rule, start, calendar, extensions=extensions, **flags)
        allowed = rule.allowed_extensions(
            complex=complex or especially_complex, especially_complex=especially_complex
        )
        latest = engine.compute_due(
            rule, start, calendar, extensions=max(allowed, extensions), **flags
        ).due
    except engine.DeadlineError as exc:
        raise ApplicationError(exc.message, code="deadline") from exc
    if paused_days:
        # Time under suspension does not count (Luật Khiếu nại 2011, Art. 35).
        shifted = calendar.roll_forward(due.due + dt.timedelta(days=paused_days))
        latest = calendar.roll_forward(latest + dt.timedelta(days=paused_days))
        text = due.explanation + _(
            " Cộng %(n)d ngày tạm đình chỉ không tính vào thời hạn: hạn mới %(day)s."
        ) % {"n": paused_days, "day": short_date(shifted)}
        due = dataclasses.replace(due, due=shifted, explanation=text)
    return due, latest, allowed


def _deadline_fields(due: engine.Due, latest: dt.date, allowed: int) -> dict[str, Any]:
    return {
        "rule_code": due.rule.code,
        "rule_step": due.rule.step,
        "start": due.start,
        "due": due.due,
        "latest_due": latest,
        "days": due.days,
        "unit": due.rule.unit,
        "basis": due.basis,
        "explanation": due.explanation,
        "skipped": [{"date": d.isoformat(), "reason": r} for d, r in due.skipped],
        "variant": due.variant,
        "max_extensions": allowed,
    }


def _start_deadline(case: Case, *, step: str, code: str, start: dt.date, reason: str) -> None:
    due, latest, allowed = _compute(
        code=code,
        start=start,
        complex=case.complex,
        especially_complex=case.especially_complex,
        remote=case.remote,
        extensions=0,
        paused_days=0,
    )
    previous = list(
        CaseDeadline.objects.filter(case=case, step=step, superseded_by__isnull=True).values_list(
            "pk", flat=True
        )
    )
    # Free the "one current row per step" slot (self-link), then point the old rows at the new.
    for pk in previous:
        CaseDeadline.objects.filter(pk=pk).update(superseded_by=pk, cancelled=True)
    row = CaseDeadline.objects.create(
        case=case,
        step=step,
        complex=case.complex,
        especially_complex=case.especially_complex,
        remote=case.remote,
        reason=reason[:300],
        **_deadline_fields(due, latest, allowed),
    )
    CaseDeadline.objects.filter(pk__in=previous).update(superseded_by=row.pk)


def _replace_deadline(old: CaseDeadline, *, reason: str, **changes: Any) -> CaseDeadline:
    """Store a new version of a pending deadline (with `changes`) and supersede the old one."""
    inputs = {
        "complex": old.complex,
        "especially_complex": old.especially_complex,
        "remote": old.remote,
        "extensions": old.extensions,
        "paused_days": old.paused_days,
    }
    inputs.update({k: v for k, v in changes.items() if k in inputs})
    due, latest, allowed = _compute(code=old.rule_code, start=old.start, **inputs)
    decisions = changes.get("extension_decisions", old.extension_decisions)
    # Free the "one current row per step" slot, then link the old row to the new one.
    CaseDeadline.objects.filter(pk=old.pk).update(superseded_by=old.pk)
    new = CaseDeadline.objects.create(
        case_id=old.case_id,
        step=old.step,
        reason=reason[:300],
        extension_decisions=decisions,
        **inputs,
        **_deadline_fields(due, latest, allowed),
    )
    CaseDeadline.objects.filter(pk=old.pk).update(superseded_by=new.pk)
    return new


def _finish_deadlines(case: Case, *, on: dt.date, steps: Iterable[str] = (), cancel=False) -> None:
    pending = CaseDeadline.objects.filter(
        case=case, superseded_by__isnull=True, met_at__isnull=True, cancelled=False
    )
    if steps:
        pending = pending.filter(step__in=list(steps))
    if cancel:
        pending.update(cancelled=True, updated_at=timezone.now())
    else:
        pending.update(met_at=on, updated_at=timezone.now())


def _refresh_due(case: Case) -> None:
    if case.status not in OPEN_STATUSES or case.status == Status.SUSPENDED:
        case.current_due = None
        case.latest_due = None
        return
    pending = CaseDeadline.objects.filter(
        case=case, superseded_by__isnull=True, met_at__isnull=True, cancelled=False
    ).order_by("due")
    first = pending.first()
    case.current_due = first.due if first else None
    case.latest_due = max((d.latest_due for d in pending), default=None)


def _resolve_rule(case: Case) -> str:
    if case.kind == Kind.DENUNCIATION:
        return "denunciation-resolve"
    return "complaint-second" if case.is_second() else "complaint-first"


# Intake --------------------------------------------------------------------------------------


def _check_submitter(submitter: dict[str, Any], *, anonymous: bool) -> dict[str, str]:
    unknown = set(submitter) - set(IDENTITY_FIELDS) - {"anonymous", "group_size"}
    if unknown:
        raise ApplicationError(f"Unknown submitter fields: {sorted(unknown)}")
    data = {k: _clean(str(submitter.get(k) or "")) for k in IDENTITY_FIELDS}
    if anonymous:
        return dict.fromkeys(IDENTITY_FIELDS, "")
    if not data["name"]:
        raise ApplicationError(
            _("Hãy nhập họ và tên người gửi đơn, hoặc đánh dấu đơn không rõ danh tính."),
            field="name",
        )
    if len(data["name"]) > 200:
        raise ApplicationError(_("Họ và tên quá dài."), field="name")
    digits = data["id_number"].replace(" ", "")
    if digits and not _ID_NUMBER.fullmatch(digits):
        raise ApplicationError(
            _("Số định danh cá nhân (CCCD) gồm 12 chữ số, hoặc 9 chữ số với CMND cũ."),
            field="id_number",
        )
    data["id_number"] = digits
    if data["email"]:
        try:
            validate_email(data["email"])
        except ValidationError as exc:
            raise ApplicationError(_("Địa chỉ thư điện tử không hợp lệ."), field="email") from exc
    for key, limit in (("address", 300), ("phone", 30)):
        if len(data[key]) > limit:
            raise ApplicationError(_("Nội dung quá dài."), field=key)
    return data


def _store_identity(case: Case, data: dict[str, str]) -> None:
    token, key = crypto.encrypt_identity(data)
    DenouncerIdentity.objects.update_or_create(case=case, defaults={"token": token, "key_id": key})


def _new_code() -> str:
    for _attempt in range(20):
        code = crypto.new_tracking_code()
        if not Case.objects.filter(tracking_code=code).exists():
            return code
    raise ApplicationError("Could not allocate a tracking code")  # pragma: no cover


@transaction.atomic
def case_receive(
    *,
    unit: Unit,
    channel: str,
    content: str,
    submitter: dict[str, Any],
    kind_hint: str = "",
    notify_email: str = "",
    attachments: Sequence[Any] = (),
    received_at: dt.datetime | None = None,
    by: Any = None,
    subject: str = "",
    source_body: str = "",
    source_reference: str = "",
) -> tuple[Case, str]:
    """Register a petition received through `channel`; return the case and its raw secret.

    Without a signed-in user (`by=None`) only the public portal may submit. The secret is
    returned once and only its hash is kept.
    """
    authenticated = getattr(by, "is_authenticated", False)
    if authenticated:
        require(policies.can_receive(actor_for(by), unit.pk))
    elif channel != Channel.PORTAL:
        raise PermissionDeniedError()
    if channel not in Channel.values:
        raise ApplicationError(_("Nguồn đơn không hợp lệ."), field="channel")
    if kind_hint and kind_hint not in Kind.values:
        raise ApplicationError(_("Loại đơn không hợp lệ."), field="kind_hint")
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + dt.timedelta(minutes=5):
        raise ApplicationError(
            _("Thời điểm tiếp nhận không được ở tương lai."), field="received_at"
        )
    # Only archived units are refused: a unit reorganised away (valid_to in the past) still
    # holds its open cases and registers what reaches it until they are handed over.
    if unit.is_archived:
        raise ApplicationError(_("Cơ quan này đã được lưu trữ."), field="unit")
    content = _clean(content or "")
    if not content:
        raise ApplicationError(_("Hãy nhập nội dung đơn."), field="content")
    if len(content) > 20000:
        raise ApplicationError(_("Nội dung đơn quá dài (tối đa 20.000 ký tự)."), field="content")
    subject = _clean(subject) or content.splitlines()[0][:200]
    if len(subject) > 300:
        raise ApplicationError(_("Tóm tắt quá dài (tối đa 300 ký tự)."), field="subject")
    anonymous = bool(submitter.get("anonymous"))
    data = _check_submitter(submitter, anonymous=anonymous)
    try:
        group_size = max(1, int(submitter.get("group_size") or 1))
    except (TypeError, ValueError) as exc:
        raise ApplicationError(_("Số người phải là số nguyên."), field="group_size") from exc
    notify_email = _clean(notify_email or "")
    if notify_email:
        try:
            validate_email(notify_email)
        except ValidationError as exc:
            raise ApplicationError(
                _("Địa chỉ thư điện tử nhận thông báo không hợp lệ."), field="notify_email"
            ) from exc
    secret = crypto.new_secret()
    case = Case(
        unit=unit,
        channel=channel,
        kind_hint=kind_hint,
        kind=kind_hint if kind_hint else Kind.UNCLASSIFIED,
        anonymous=anonymous,
        received_at=received_at,
        received_on=timezone.localdate(received_at),
        subject=subject,
        content=content,
        source_body=_clean(source_body or "")[:300],
        source_reference=_clean(source_reference or "")[:100],
        tracking_code=_new_code(),
        secret_hash=crypto.secret_hash(secret),
        notify_email=notify_email,
        created_by=by if authenticated else None,
        person_key=crypto.person_fingerprint(name=data["name"], id_number=data["id_number"]),
    )
    if kind_hint:
        # What the submitter chose is a hint; an officer still classifies the case.
        case.kind = Kind.UNCLASSIFIED
    case.search_text = _search_text(case, data["name"])
    case.save()
    if not anonymous:
        if case.is_confidential():
            _store_identity(case, data)
        else:
            Petitioner.objects.create(case=case, group_size=group_size, **data)
    _start_deadline(
        case,
        step=Step.CLASSIFY,
        code="petition-classify",
        start=case.received_on,
        reason=_("Tiếp nhận đơn"),
    )
    _refresh_due(case)
    case.save()
    _event(case, action="case.receive", from_status="", by=by, at=received_at)
    audit_record(action="case.receive", obj=case, by=by)
    if attachments:
        store_uploads(
            CaseAttachment,
            attachments,
            by=by if authenticated else None,
            action="case.attachment_add",
            case=case,
        )
    duplicates_propose(
        case=case,
        person_keys=crypto.person_fingerprints(name=data["name"], id_number=data["id_number"]),
    )
    _status_mail(case)
    return case, secret


@transaction.atomic
def case_attach(*, case: Case, files: Sequence[Any], by: Any) -> list[CaseAttachment]:
    """Add files received with the petition (checked by type and size)."""
    _require_worker(case, by)
    return store_uploads(CaseAttachment, files, by=by, action="case.attachment_add", case=case)


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, fold(a)[:3000], fold(b)[:3000]).ratio()


def duplicates_propose(*, case: Case, person_keys: list[str] | None = None) -> list[DuplicateLink]:
    """Propose links to earlier cases of the same person with similar content; never merge.

    `person_keys` are the person's hashes under the current key and the fallbacks, so cases
    received before a SECRET_KEY rotation are still found.
    """
    keys = [k for k in (person_keys or [case.person_key]) if k]
    if not keys:
        return []
    made = []
    others = (
        Case.objects.filter(person_key__in=keys)
        .exclude(pk=case.pk)
        .exclude(status=Status.MERGED)
        .order_by("-received_at")[:50]
    )
    for other in others:
        score = _similarity(case.content, other.content)
        if score < DUPLICATE_THRESHOLD:
            continue
        link, created = DuplicateLink.objects.get_or_create(
            case=case, other=other, defaults={"score": round(score, 3)}
        )
        if created:
            audit_record(action="case.duplicate_propose", obj=link, by=None)
            made.append(link)
    return made


@transaction.atomic
def case_merge(*, case: Case, into: Case, confirm: bool, by: Any) -> Case:
    """Merge `case` into `into` after an officer confirmed they are the same petition."""
    _require_worker(case, by)
    _require_worker(into, by)
    if not confirm:
        raise ApplicationError(
            _("Hãy xác nhận hai hồ sơ là cùng một đơn trước khi gộp."), field="confirm"
        )
    if case.pk == into.pk:
        raise ApplicationError(_("Không thể gộp hồ sơ vào chính nó."))
    fresh = lock_for_edit(case, None)
    _check_open(fresh, (Status.RECEIVED, Status.CLASSIFIED), _("gộp hồ sơ"))
    if into.status == Status.MERGED:
        raise ApplicationError(_("Hồ sơ đích đã được gộp vào hồ sơ khác."))
    before, old = snapshot(fresh), fresh.status
    fresh.status = Status.MERGED
    fresh.merged_into = into
    _finish_deadlines(fresh, on=_today(), cancel=True)
    DuplicateLink.objects.filter(case=fresh, other=into).update(
        status=LinkStatus.CONFIRMED, decided_by=by
    )
    _save_transition(
        fresh,
        action="case.merge",
        before=before,
        from_status=old,
        by=by,
        note=_("Gộp vào hồ sơ %(code)s") % {"code": into.tracking_code},
    )
    return fresh


@transaction.atomic
def duplicate_dismiss(*, link: DuplicateLink, by: Any) -> DuplicateLink:
    """Record that a proposed duplicate is a different petition."""
    _require_worker(link.case, by)
    link.status = LinkStatus.DISMISSED
    link.decided_by = by
    link.save()
    audit_record(action="case.duplicate_dismiss", obj=link, by=by)
    return link


# Classification and the first decision --------------------------------------------------------


@transaction.atomic
def case_classify(
    *,
    case: Case,
    kind: str,
    competence: str,
    by: Any,
    expected_version: int | None = None,
    complex: bool = False,
    especially_complex: bool = False,
    remote: bool = False,
    backlogged: bool = False,
    anonymous_handling: str = "",
    note: str = "",
) -> Case:
    """Classify a case by content, competence and flags; start the next step's deadline."""
    _require_worker(case, by)
    if kind not in Kind.values or kind == Kind.UNCLASSIFIED:
        raise ApplicationError(_("Hãy chọn loại đơn."), field="kind")
    if competence not in Competence.values:
        raise ApplicationError(_("Thẩm quyền không hợp lệ."), field="competence")
    if not competence:
        raise ApplicationError(_("Hãy xác định thẩm quyền giải quyết."), field="competence")
    if anonymous_handling not in AnonymousHandling.values:
        raise ApplicationError(_("Cách xử lý không hợp lệ."), field="anonymous_handling")
    fresh = lock_for_edit(case, expected_version)
    _check_open(fresh, (Status.RECEIVED, Status.CLASSIFIED), _("phân loại đơn"))
    if fresh.parent_id and kind != Kind.COMPLAINT:
        raise ApplicationError(
            _("Khiếu nại lần hai phải được phân loại là khiếu nại."), field="kind"
        )
    if kind == Kind.DENUNCIATION and fresh.anonymous and not anonymous_handling:
        raise ApplicationError(
            _(
                "Tố cáo không rõ danh tính không được xử lý như tố cáo (Điều 25 Luật Tố cáo); "
                "hãy chọn cách xử lý thông tin."
            ),
            field="anonymous_handling",
        )
    before, old = snapshot(fresh), fresh.status
    fresh.kind = kind
    fresh.competence = competence
    fresh.complex = bool(complex or especially_complex)
    fresh.especially_complex = bool(especially_complex)
    fresh.remote = bool(remote)
    fresh.backlogged = bool(backlogged)
    fresh.anonymous_handling = anonymous_handling if kind == Kind.DENUNCIATION else ""
    fresh.status = Status.CLASSIFIED
    # A complaint or feedback that turns out to be a denunciation: move the identity into
    # the encrypted store and wipe the plain copy.
    if fresh.is_confidential():
        petitioner = Petitioner.objects.filter(case=fresh).first()
        if petitioner is not None:
            _store_identity(fresh, {k: getattr(petitioner, k) for k in IDENTITY_FIELDS})
            petitioner.delete()
    _refresh_search(fresh)
    today = _today()
    _finish_deadlines(fresh, on=today, steps=[Step.CLASSIFY])
    if old == Status.CLASSIFIED:
        _finish_deadlines(fresh, on=today, steps=[Step.ACCEPT, Step.PROCESS], cancel=True)
    if competence == Competence.OWN:
        if kind == Kind.COMPLAINT:
            _start_deadline(
                fresh,
                step=Step.ACCEPT,
                code="complaint-accept",
                start=fresh.received_on,
                reason=_("Phân loại: khiếu nại thuộc thẩm quyền"),
            )
        elif kind in CONFIDENTIAL_KINDS and fresh.anonymous_handling != "not_processed":
            _start_deadline(
                fresh,
                step=Step.PROCESS,
                code="denunciation-process",
                start=fresh.received_on,
                reason=_("Phân loại: tố cáo thuộc thẩm quyền"),
            )
    _save_transition(
        fresh, action="case.classify", before=before, from_status=old, by=by, note=note
    )
    return fresh


def _document(case: Case, *, kind: str, number: str, issued_on: dt.date | None, by: Any, **details):
    number = _clean(number or "")
    if len(number) > 60:
        raise ApplicationError(_("Số, ký hiệu quá dài."), field="number")
    doc = CaseDocument.objects.create(
        case=case,
        kind=kind,
        number=number,
        issued_on=issued_on or _today(),
        details={k: _clean(v) for k, v in details.items()},
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_record(action="case.document_issue", obj=doc, by=by)
    return doc


@transaction.atomic
def case_accept(
    *,
    case: Case,
    by: Any,
    accepted_on: dt.date | None = None,
    number: str = "",
    expected_version: int | None = None,
    note: str = "",
) -> Case:
    """Accept (thụ lý) a classified case within competence; start the resolution deadline."""
    _require_worker(case, by)
    fresh = lock_for_edit(case, expected_version)
    _check_open(fresh, (Status.CLASSIFIED,), _("thụ lý"))
    if fresh.competence != Competence.OWN:
        raise ApplicationError(_("Chỉ thụ lý đơn thuộc thẩm quyền của cơ quan mình."))
    if fresh.kind == Kind.DENUNCIATION and fresh.anonymous:
        raise ApplicationError(
            _("Tố cáo không rõ danh tính không được thụ lý như tố cáo (Điều 25 Luật Tố cáo).")
        )
    day = accepted_on or _today()
    if day < fresh.received_on or day > _today():
        raise ApplicationError(
            _("Ngày thụ lý phải từ ngày nhận đơn đến hôm nay."), field="accepted_on"
        )
    before, old = snapshot(fresh), fresh.status
    fresh.status = Status.ACCEPTED
    _finish_deadlines(fresh, on=day, steps=[Step.ACCEPT, Step.PROCESS])
    if fresh.kind in (Kind.COMPLAINT, Kind.DENUNCIATION, Kind.MIXED):
        _start_deadline(
            fresh,
            step=Step.RESOLVE,
            code=_resolve_rule(fresh),
            start=day,
            reason=_("Thụ lý ngày %(day)s") % {"day": short_date(day)},
        )
    doc = _document(fresh, kind=DocumentKind.ACCEPTANCE, number=number, issued_on=day, by=by)
    _save_transition(
        fresh, action="case.accept", before=before, from_status=old, by=by, note=note, document=doc
    )
    return fresh


@transaction.atomic
def case_reject(
    *,
    case: Case,
    grounds: Sequence[str],
    by: Any,
    number: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Case:
    """Refuse to accept a complaint, with grounds from Art. 11 of Luật Khiếu nại 2011."""
    _require_worker(case, by)
    grounds = list(dict.fromkeys(grounds))
    if not grounds:
        raise ApplicationError(
            _("Hãy chọn ít nhất một lý do không thụ lý (Điều 11 Luật Khiếu nại)."), field="grounds"
        )
    bad = [g for g in grounds if g not in NonAcceptanceGround.values]
    if bad:
        raise ApplicationError(_("Lý do không thụ lý không hợp lệ."), field="grounds")
    fresh = lock_for_edit(case, expected_version)
    _check_open(fresh, (Status.CLASSIFIED,), _("ra thông báo không thụ lý"))
    before, old = snapshot(fresh), fresh.status
    fresh.status = Status.NOT_ACCEPTED
    fresh.non_acceptance_grounds = grounds
    today = _today()
    _finish_deadlines(fresh, on=today)
    doc = _document(
        fresh, kind=DocumentKind.NON_ACCEPTANCE, number=number, issued_on=today, by=by, note=note
    )
    _save_transition(
        fresh, action="case.reject", before=before, from_status=old, by=by, note=note, document=doc
    )
    return fresh


@transaction.atomic
def case_transfer(
    *,
    case: Case,
    to_body: str,
    by: Any,
    number: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Case:
    """Transfer a petition outside competence to the competent body, with a transfer letter."""
    _require_worker(case, by)
    to_body = _clean(to_body or "")
    if not to_body:
        raise ApplicationError(_("Hãy ghi cơ quan nhận đơn chuyển."), field="to_body")
    if len(to_body) > 300:
        raise ApplicationError(_("Tên cơ quan quá dài."), field="to_body")
    fresh = lock_for_edit(case, expected_version)
    _check_open(fresh, (Status.RECEIVED, Status.CLASSIFIED), _("chuyển đơn"))
    before, old = snapshot(fresh), fresh.status
    fresh.status = Status.TRANSFERRED
    fresh.transfer_to = to_body
    today = _today()
    _finish_deadlines(fresh, on=today)
    doc = _document(
        fresh, kind=DocumentKind.TRANSFER, number=number, issued_on=today, by=by, to_body=to_body
    )
    _save_transition(
        fresh,
        action="case.transfer",
        before=before,
        from_status=old,
        by=by,
        note=note or to_body,
        document=doc,
    )
    return fresh


@transaction.atomic
def case_guide(*, case: Case, guidance: str, by: Any, expected_version: int | None = None) -> Case:
    """Guide the petitioner to the competent body (a complaint outside competence)."""
    _require_worker(case, by)
    guidance = _clean(guidance or "")
    if not guidance:
        raise ApplicationError(_("Hãy ghi nội dung hướng dẫn."), field="guidance")
    fresh = lock_for_edit(case, expected_version)
    _check_open(fresh, (Status.RECEIVED, Status.CLASSIFIED), _("hướng dẫn người gửi đơn"))
    before, old = snapshot(fresh), fresh.status
    fresh.status = Status.GUIDED
    fresh.guide_note = guidance
    _finish_deadlines(fresh, on=_today())
    _save_transition(fresh, action="case.guide", before=before, from_status=old, by=by)
    return fresh


# Verification, extension, conclusion -----------------------------------------------------------


@transaction.atomic
def case_assign_handler(
    *, case: Case, handler: Any, by: Any, expected_version: int | None = None
) -> Case:
    """Give the case to an officer of the unit; an accepted case moves to verification."""
    actor = actor_for(by)
    require(policies.can_view_case(actor, case), visible=False)
    require(policies.can_assign_handler(actor, case, handler))
    if not policies.can_work_case(actor_for(handler), case):
        raise ApplicationError(
            _("Người được giao phải là cán bộ hoặc lãnh đạo của cơ quan xử lý."), field="handler"
        )
    fresh = lock_for_edit(case, expected_version)
    _check_open(fresh, OPEN_STATUSES, _("giao người xử lý"))
    before, old = snapshot(fresh), fresh.status
    fresh.handler = handler
    if fresh.status == Status.ACCEPTED:
        fresh.status = Status.VERIFYING
    _save_transition(
        fresh, action="case.assign_handler", before=before, from_status=old, by=by, public=False
    )
    notify(
        users=[handler],
        kind=NotificationKind.ASSIGNMENT,
        text=_("Hồ sơ %(code)s được giao cho đồng chí xử lý.") % {"code": fresh.tracking_code},
        url=reverse("petitions:detail", args=[fresh.pk]),
    )
    return fresh


@transaction.atomic
def case_extend(
    *,
    case: Case,
    decision_number: str,
    decision_date: dt.date,
    by: Any,
    reason: str = "",
    complexity: str = "",
    expected_version: int | None = None,
) -> Case:
    """Extend the resolution deadline by a written decision, within the rule's maximum.

    `complexity` ("complex" or "especially_complex") records what the decision found, which
    sets how many extensions the law allows (Luật Tố cáo 2018, Art. 30).
    """
    if complexity not in ("", "complex", "especially_complex"):
        raise ApplicationError(_("Mức độ phức tạp không hợp lệ."), field="complexity")
    _require_worker(case, by)
    decision_number = _clean(decision_number or "")
    if not decision_number:
        raise ApplicationError(_("Hãy ghi số quyết định gia hạn."), field="decision_number")
    if not isinstance(decision_date, dt.date):
        raise ApplicationError(_("Hãy nhập ngày quyết định gia hạn."), field="decision_date")
    fresh = lock_for_edit(case, expected_version)
    _check_open(fresh, (Status.ACCEPTED, Status.VERIFYING), _("gia hạn"))
    current = CaseDeadline.objects.filter(
        case=fresh, step=Step.RESOLVE, superseded_by__isnull=True, met_at__isnull=True
    ).first()
    if current is None:
        raise ApplicationError(_("Hồ sơ không có thời hạn giải quyết để gia hạn."))
    if decision_date > _today() or decision_date < current.start:
        raise ApplicationError(
            _("Ngày quyết định gia hạn phải từ ngày thụ lý đến hôm nay."), field="decision_date"
        )
    if decision_date > current.due:
        raise ApplicationError(
            _("Quyết định gia hạn phải ban hành trước khi hết hạn (%(day)s).")
            % {"day": short_date(current.due)},
            field="decision_date",
        )
    before, old = snapshot(fresh), fresh.status
    flags = {}
    if complexity:
        fresh.complex = True
        fresh.especially_complex = fresh.especially_complex or complexity == "especially_complex"
        flags = {"complex": True, "especially_complex": fresh.especially_complex}
    decisions = [
        *current.extension_decisions,
        {"number": decision_number, "date": decision_date.isoformat(), "reason": _clean(reason)},
    ]
    new = _replace_deadline(
        current,
        reason=_("Gia hạn theo quyết định số %(n)s ngày %(d)s")
        % {"n": decision_number, "d": short_date(decision_date)},
        extensions=current.extensions + 1,
        extension_decisions=decisions,
        **flags,
    )
    doc = _document(
        fresh,
        kind=DocumentKind.EXTENSION,
        number=decision_number,
        issued_on=decision_date,
        by=by,
        reason=reason,
        new_due=new.due.isoformat(),
        old_due=current.due.isoformat(),
    )
    _save_transition(
        fresh,
        action="case.extend",
        before=before,
        from_status=old,
        by=by,
        note=_("Hạn mới: %(day)s") % {"day": short_date(new.due)},
        document=doc,
    )
    return fresh


@transaction.atomic
def case_conclude(
    *,
    case: Case,
    decision_number: str,
    decision_date: dt.date,
    conclusion: str,
    by: Any,
    expected_version: int | None = None,
) -> Case:
    """Record the decision (khiếu nại) or conclusion (tố cáo) that resolves the case."""
    _require_worker(case, by)
    decision_number, conclusion = _clean(decision_number or ""), _clean(conclusion or "")
    if not decision_number:
        raise ApplicationError(_("Hãy ghi số quyết định, kết luận."), field="decision_number")
    if not conclusion:
        raise ApplicationError(_("Hãy ghi nội dung quyết định, kết luận."), field="conclusion")
    fresh = lock_for_edit(case, expected_version)
    _check_open(fresh, (Status.ACCEPTED, Status.VERIFYING), _("ra quyết định, kết luận"))
    if not isinstance(decision_date, dt.date) or not (
        fresh.received_on <= decision_date <= _today()
    ):
        raise ApplicationError(
            _("Ngày quyết định, kết luận phải từ ngày nhận đơn đến hôm nay."),
            field="decision_date",
        )
    before, old = snapshot(fresh), fresh.status
    fresh.status = Status.CONCLUDED
    fresh.decision_number = decision_number
    fresh.decision_date = decision_date
    fresh.conclusion = conclusion
    _finish_deadlines(fresh, on=decision_date)
    _save_transition(fresh, action="case.conclude", before=before, from_status=old, by=by)
    return fresh


@transaction.atomic
def case_publish(
    *, case: Case, public_answer: str, by: Any, expected_version: int | None = None
) -> Case:
    """Publish the answer the citizen (and the portal) may read."""
    _require_worker(case, by)
    public_answer = _clean(public_answer or "")
    if not public_answer:
        raise ApplicationError(_("Hãy nhập nội dung công khai."), field="public_answer")
    fresh = lock_for_edit(case, expected_version)
    _check_open(fresh, (Status.CONCLUDED,), _("công khai kết quả"))
    before, old = snapshot(fresh), fresh.status
    fresh.status = Status.PUBLISHED
    fresh.public_answer = public_answer
    fresh.published_at = timezone.now()
    _save_transition(fresh, action="case.publish", before=before, from_status=old, by=by)
    return fresh


CLOSABLE = (
    Status.CONCLUDED,
    Status.PUBLISHED,
    Status.NOT_ACCEPTED,
    Status.TRANSFERRED,
    Status.GUIDED,
    Status.WITHDRAWN,
)


@transaction.atomic
def case_close(*, case: Case, by: Any, note: str = "", expected_version: int | None = None) -> Case:
    """Close a finished case (filed)."""
    _require_worker(case, by)
    fresh = lock_for_edit(case, expected_version)
    _check_open(fresh, CLOSABLE, _("kết thúc hồ sơ"))
    before, old = snapshot(fresh), fresh.status
    fresh.status = Status.CLOSED
    fresh.closed_at = timezone.now()
    _finish_deadlines(fresh, on=_today(), cancel=True)
    _save_transition(fresh, action="case.close", before=before, from_status=old, by=by, note=note)
    return fresh


@transaction.atomic
def case_suspend(*, case: Case, reason: str, by: Any, expected_version: int | None = None) -> Case:
    """Suspend the resolution (tạm đình chỉ); the time suspended does not count."""
    _require_worker(case, by)
    reason = _clean(reason or "")
    if not reason:
        raise ApplicationError(_("Hãy ghi lý do tạm đình chỉ."), field="reason")
    fresh = lock_for_edit(case, expected_version)
    _check_open(fresh, (Status.ACCEPTED, Status.VERIFYING), _("tạm đình chỉ"))
    before, old = snapshot(fresh), fresh.status
    fresh.status_before_suspend = old
    fresh.status = Status.SUSPENDED
    fresh.suspended_on = _today()
    _save_transition(
        fresh, action="case.suspend", before=before, from_status=old, by=by, note=reason
    )
    return fresh


@transaction.atomic
def case_resume(
    *, case: Case, by: Any, note: str = "", expected_version: int | None = None
) -> Case:
    """Resume a suspended case; its resolution deadline moves by the days suspended."""
    _require_worker(case, by)
    fresh = lock_for_edit(case, expected_version)
    _check_open(fresh, (Status.SUSPENDED,), _("tiếp tục giải quyết"))
    before, old = snapshot(fresh), fresh.status
    paused = max(0, (_today() - (fresh.suspended_on or _today())).days)
    current = CaseDeadline.objects.filter(
        case=fresh, step=Step.RESOLVE, superseded_by__isnull=True, met_at__isnull=True
    ).first()
    if current is not None and paused:
        _replace_deadline(
            current,
            reason=_("Tiếp tục giải quyết sau %(n)d ngày tạm đình chỉ") % {"n": paused},
            paused_days=current.paused_days + paused,
        )
    fresh.status = fresh.status_before_suspend or Status.VERIFYING
    fresh.status_before_suspend = ""
    fresh.suspended_on = None
    _save_transition(fresh, action="case.resume", before=before, from_status=old, by=by, note=note)
    return fresh


@transaction.atomic
def case_withdraw(
    *, case: Case, by: Any, note: str = "", expected_version: int | None = None
) -> Case:
    """Record that the petitioner withdrew the petition; the case ends."""
    _require_worker(case, by)
    fresh = lock_for_edit(case, expected_version)
    _check_open(fresh, OPEN_STATUSES, _("ghi nhận rút đơn"))
    before, old = snapshot(fresh), fresh.status
    fresh.status = Status.WITHDRAWN
    _finish_deadlines(fresh, on=_today(), cancel=True)
    _save_transition(
        fresh, action="case.withdraw", before=before, from_status=old, by=by, note=note
    )
    return fresh


@transaction.atomic
def case_second_complaint(
    *,
    first: Case,
    unit: Unit,
    content: str,
    by: Any,
    received_at: dt.datetime | None = None,
    notify_email: str = "",
    source_reference: str = "",
) -> tuple[Case, str]:
    """Register a second complaint against the first decision, linked to the first case.

    The second complaint usually goes to the next level up, whose officers may not read the
    first case: registering at `unit` is what they need the right for.
    """
    require(policies.can_receive(actor_for(by), unit.pk))
    decided = first.status in (Status.CONCLUDED, Status.PUBLISHED, Status.CLOSED)
    if first.kind != Kind.COMPLAINT or not (decided or first.is_overdue(_today())):
        raise ApplicationError(
            _(
                "Khiếu nại lần hai chỉ được nhận sau khi có quyết định giải quyết lần đầu "
                "hoặc hết thời hạn mà chưa được giải quyết."
            )
        )
    petitioner = Petitioner.objects.filter(case=first).first()
    submitter = (
        {k: getattr(petitioner, k) for k in IDENTITY_FIELDS} if petitioner else {"anonymous": True}
    )
    case, secret = case_receive(
        unit=unit,
        channel=Channel.DESK,
        content=content,
        submitter=submitter,
        kind_hint=Kind.COMPLAINT,
        notify_email=notify_email or first.notify_email,
        received_at=received_at,
        by=by,
        subject=_("Khiếu nại lần hai: %(s)s") % {"s": first.subject[:250]},
        source_body=first.unit.name if unit.pk != first.unit_id else "",
        source_reference=source_reference,
    )
    case.parent = first
    case.save(update_fields=["parent", "updated_at"])
    audit_record(action="case.second_complaint", obj=case, by=by)
    return case, secret


# Tracking secret -----------------------------------------------------------------------------


@transaction.atomic
def case_secret_reissue(*, case: Case, reason: str, by: Any, page: str = "") -> str:
    """Give the citizen a new tracking secret (the old one stops working); return it once.

    For the citizen who lost it and proved who they are at the unit. An anonymous petition has
    nobody to prove it, so it is refused; for a confidential denunciation only the people who
    may see the denouncer's identity can do it, and the reason (how the denouncer was
    verified) goes to the identity access log, not to the case history other officers read.
    """
    actor = actor_for(by)
    _require_worker(case, by)
    reason = _clean(reason or "")[:300]
    if not reason:
        raise ApplicationError(
            _("Hãy ghi căn cứ cấp lại (người gửi đơn đã được xác minh thế nào)."), field="reason"
        )
    fresh = lock_for_edit(case, None)
    if fresh.is_confidential():
        require(policies.can_view_identity(actor, fresh))
    if fresh.anonymous:
        raise ApplicationError(
            _("Đơn nặc danh không có người để xác minh, không cấp lại mã bí mật."),
            code="anonymous",
        )
    secret = crypto.new_secret()
    fresh.secret_hash = crypto.secret_hash(secret)
    fresh.save(update_fields=["secret_hash", "version", "updated_at"])
    # The secret itself is never recorded: only that it changed, by whom and why.
    if fresh.is_confidential():
        entry = IdentityAccessLog.objects.create(
            case=fresh,
            user=by,
            purpose=(_("Cấp lại mã bí mật: %(r)s") % {"r": reason})[:300],
            page=page[:300],
        )
        audit_record(
            action="case.secret_reissue",
            obj=fresh,
            by=by,
            after={"identity_access_log": entry.pk},
        )
    else:
        audit_record(action="case.secret_reissue", obj=fresh, by=by, after={"reason": reason})
    if fresh.notify_email:
        # Tell the citizen, so a secret issued to someone else does not go unnoticed.
        code, unit, email = fresh.tracking_code, fresh.unit.name, fresh.notify_email
        transaction.on_commit(
            lambda: send_mail(
                subject=_("[Dân Vận] Hồ sơ %(code)s: đã cấp lại mã bí mật") % {"code": code},
                message=_(
                    "Mã bí mật tra cứu hồ sơ %(code)s vừa được %(unit)s cấp lại; mã cũ không "
                    "còn dùng được. Nếu ông/bà không đề nghị cấp lại, hãy liên hệ ngay với "
                    "cơ quan này."
                )
                % {"code": code, "unit": unit},
                from_email=None,
                recipient_list=[email],
            )
        )
    return secret


# Confidential identity -----------------------------------------------------------------------


def identity_reveal(*, case: Case, by: Any, purpose: str, page: str = "") -> dict[str, str] | None:
    """Return the decrypted identity for the handler or head, logging the view; else refuse."""
    actor = actor_for(by)
    require(policies.can_view_case(actor, case), visible=False)
    require(policies.can_view_identity(actor, case))
    row = DenouncerIdentity.objects.filter(case=case).first()
    if row is None:
        return None
    with transaction.atomic():
        log = IdentityAccessLog.objects.create(
            case=case, user=by, purpose=_clean(purpose)[:300], page=page[:300]
        )
        audit_record(
            action="case.identity_view",
            obj=case,
            by=by,
            # The purpose stays in the access log: it may name people, and the case history
            # is read by every officer of the unit.
            after={"identity_access_log": log.pk, "page": log.page},
        )
    return crypto.decrypt_identity(row.token)


def identities_rotate() -> int:
    """Re-encrypt every identity with the first configured key; return how many changed."""
    current = crypto.current_key_id()
    changed = 0
    for row in DenouncerIdentity.objects.exclude(key_id=current).iterator():
        with transaction.atomic():
            row.token = crypto.rotate_token(row.token)
            row.key_id = current
            row.save(update_fields=["token", "key_id", "updated_at"])
            audit_record(
                action="case.identity_rekey",
                obj=row.case,
                by=None,
                after={"key_id": current},
            )
        changed += 1
    return changed


def person_keys_rehash() -> int:
    """Store every case's duplicate-detection key again under the current SECRET_KEY.

    Run after a SECRET_KEY rotation, so old cases keep matching once the old key is dropped
    from DANVAN_OLD_SECRET_KEYS. The person comes from the petitioner record, or from the
    encrypted identity of a denouncer (decrypted in memory only, never logged). Returns how
    many keys changed.
    """
    changed = 0
    cases = (
        Case.objects.exclude(person_key="")
        .select_related("petitioner", "identity")
        .only("pk", "person_key", "petitioner__name", "petitioner__id_number", "identity__token")
    )
    for case in cases.iterator(chunk_size=2000):
        petitioner = getattr(case, "petitioner", None)
        identity = getattr(case, "identity", None)
        if petitioner is not None:
            name, id_number = petitioner.name, petitioner.id_number
        elif identity is not None:
            person = crypto.decrypt_identity(identity.token)
            name, id_number = person.get("name", ""), person.get("id_number", "")
        else:
            continue
        keys = crypto.person_fingerprints(name=name, id_number=id_number)
        if keys and case.person_key in keys[1:]:
            Case.objects.filter(pk=case.pk).update(person_key=keys[0])
            changed += 1
    return changed


# Recomputing stored due dates ------------------------------------------------------------------


def _affected(dates: Sequence[dt.date] | None, rule_codes: Sequence[str] | None) -> Q:
    scope = Q()
    if dates is not None:
        days = sorted(set(dates))
        if not days:
            return Q(pk__in=[])
        # A superset of the windows that hold one of the days: start < last, end >= first.
        scope &= Q(start__lt=days[-1]) & (Q(due__gte=days[0]) | Q(latest_due__gte=days[0]))
    if rule_codes is not None:
        scope &= Q(rule_code__in=list(rule_codes))
    return scope


def deadlines_recompute(
    *,
    reason: str,
    by: Any = None,
    dates: Sequence[dt.date] | None = None,
    rule_codes: Sequence[str] | None = None,
) -> list[tuple[Case, dt.date, dt.date]]:
    """Recompute the pending due dates of open cases after a calendar or rule change.

    Every changed deadline is stored as a new version (the old one superseded) with the
    reason, and an audit row per changed case records old -> new. Returns the changes.

    With `dates` (days whose status changed) only deadlines counting across one of them are
    looked at: counting starts the day after `start` and ends at the due date, or at the
    latest due date when extended, so a day outside every such window moves nothing. With
    `rule_codes` only deadlines of those rules are. Neither: every open deadline.
    """
    if getattr(by, "is_authenticated", False) and not actor_for(by).is_admin:
        raise PermissionDeniedError()
    reason = _clean(reason or "") or _("Thay đổi lịch làm việc hoặc quy định thời hạn")
    # Read the calendar and rules afresh: the change may have just been committed elsewhere.
    workcal.caches_clear()
    calendar = workcal.calendar_for()
    rules = _rules_table()
    changes: list[tuple[Case, dt.date, dt.date]] = []
    pending = (
        CaseDeadline.objects.filter(
            case__status__in=OPEN_STATUSES,
            superseded_by__isnull=True,
            met_at__isnull=True,
            cancelled=False,
        )
        .filter(_affected(dates, rule_codes))
        .select_related("case")
        .order_by("case_id", "id")
    )
    for row in pending.iterator():
        due, latest, allowed = _compute(
            code=row.rule_code,
            start=row.start,
            complex=row.complex,
            especially_complex=row.especially_complex,
            remote=row.remote,
            extensions=row.extensions,
            paused_days=row.paused_days,
            calendar=calendar,
            rules=rules,
        )
        if (due.due, latest, due.explanation) == (row.due, row.latest_due, row.explanation):
            continue
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=row.case_id)
            before = {"step": row.step, "due": row.due.isoformat(), "rule": row.rule_code}
            new = _replace_deadline(row, reason=_("Tính lại: %(r)s") % {"r": reason})
            _refresh_due(case)
            case.save(update_fields=["current_due", "latest_due", "updated_at"])
            audit_record(
                action="case.deadline_recompute",
                obj=case,
                by=by,
                before=before,
                after={
                    "step": new.step,
                    "due": new.due.isoformat(),
                    "rule": new.rule_code,
                    "reason": reason,
                },
            )
            if new.due != row.due:
                changes.append((case, row.due, new.due))
    return changes

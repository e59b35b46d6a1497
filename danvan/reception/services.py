"""Writes on the reception register and the heads' reception schedule."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.access import actor_for, require
from danvan.core.audit import audit_record, snapshot
from danvan.core.errors import ApplicationError
from danvan.core.locking import lock_for_edit
from danvan.lib import receptionrules
from danvan.lib.vntext import fold, nfc
from danvan.orgs.models import Unit

from . import policies
from .models import (
    Classification,
    Handling,
    Mode,
    Reception,
    ReceptionCitizen,
    ReceptionSession,
    SessionStatus,
)

RECEPTION_FIELDS = (
    "received_at",
    "session",
    "receiver_kind",
    "receiver_name",
    "mode",
    "people_count",
    "summary",
    "documents_received",
    "classification",
    "handling",
    "handling_note",
    "transferred_to",
)
CITIZEN_FIELDS = ("full_name", "id_number", "address", "phone", "is_representative")
SESSION_FIELDS = (
    "day",
    "starts_at",
    "ends_at",
    "place",
    "mode",
    "host_name",
    "host_position",
    "host_is_head",
    "public",
    "note",
)
MAX_PEOPLE = 10_000
ID_NUMBER = re.compile(r"^[0-9]{9}$|^[0-9]{12}$")
PHONE = re.compile(r"^\+?[0-9 .-]{8,15}$")


def _clean(value: Any) -> Any:
    return nfc(value).strip() if isinstance(value, str) else value


def _search_text(reception: Reception) -> str:
    # Personal data stays out of the index: search must never reveal who came.
    return fold(
        " ".join(
            [
                reception.summary,
                reception.documents_received,
                reception.handling_note,
                reception.transferred_to,
                reception.get_classification_display(),
            ]
        )
    )


def _check_citizens(citizens: Sequence[dict[str, Any]], people_count: int) -> list[dict[str, Any]]:
    rows = []
    for index, raw in enumerate(citizens, start=1):
        unknown = set(raw) - set(CITIZEN_FIELDS)
        if unknown:
            raise ApplicationError(f"Unknown citizen fields: {sorted(unknown)}")
        row = {k: _clean(raw.get(k, "")) for k in CITIZEN_FIELDS}
        row["is_representative"] = bool(raw.get("is_representative"))
        if not any(row[k] for k in ("full_name", "id_number", "address", "phone")):
            continue
        if not row["full_name"]:
            raise ApplicationError(
                _("Người thứ %(n)d: cần ghi họ và tên.") % {"n": index}, field="citizens"
            )
        if row["id_number"] and not ID_NUMBER.match(row["id_number"]):
            raise ApplicationError(
                _("Người thứ %(n)d: số định danh cá nhân gồm 12 chữ số (CMND cũ: 9 chữ số).")
                % {"n": index},
                field="citizens",
            )
        if row["phone"] and not PHONE.match(row["phone"]):
            raise ApplicationError(
                _("Người thứ %(n)d: số điện thoại không hợp lệ.") % {"n": index},
                field="citizens",
            )
        rows.append(row)
    if not rows:
        raise ApplicationError(
            _("Cần ghi ít nhất một công dân đến (họ tên người đến hoặc người đại diện)."),
            field="citizens",
        )
    if len(rows) > people_count:
        raise ApplicationError(
            _("Số người ghi tên (%(named)d) nhiều hơn số người đến (%(count)d).")
            % {"named": len(rows), "count": people_count},
            field="people_count",
        )
    if receptionrules.is_group_visit(people_count) and not any(
        r["is_representative"] for r in rows
    ):
        raise ApplicationError(
            _("Đoàn đông người (từ 05 người trở lên): cần chỉ rõ người đại diện."),
            field="citizens",
        )
    return rows


def _check_reception(data: dict[str, Any], unit: Unit) -> None:
    received_at = data["received_at"]
    if not isinstance(received_at, dt.datetime):
        raise ApplicationError(_("Thời gian tiếp không hợp lệ."), field="received_at")
    if timezone.is_naive(received_at):
        received_at = data["received_at"] = timezone.make_aware(received_at)
    if received_at > timezone.now() + dt.timedelta(minutes=5):
        raise ApplicationError(
            _("Không thể ghi sổ một lượt tiếp chưa diễn ra."), field="received_at"
        )
    local_day = timezone.localtime(received_at).date()
    if data["mode"] == Mode.ONLINE and not receptionrules.mode_allowed(local_day, online=True):
        raise ApplicationError(
            _("Tiếp công dân trực tuyến chỉ áp dụng từ ngày 01/7/2026 (Luật số 136/2025/QH15)."),
            field="mode",
        )
    people = data["people_count"]
    if not isinstance(people, int) or not 1 <= people <= MAX_PEOPLE:
        raise ApplicationError(_("Số người đến phải từ 1 trở lên."), field="people_count")
    for name in ("summary", "receiver_name"):
        if not data[name]:
            label = Reception._meta.get_field(name).verbose_name
            raise ApplicationError(_("Cần nhập %(f)s.") % {"f": label}, field=name)
    if data["classification"] not in Classification.values:
        raise ApplicationError(_("Phân loại không hợp lệ."), field="classification")
    if data["handling"] not in Handling.values:
        raise ApplicationError(_("Kết quả xử lý không hợp lệ."), field="handling")
    if data["handling"] == Handling.TRANSFERRED and not data["transferred_to"]:
        raise ApplicationError(_("Ghi rõ cơ quan, đơn vị được chuyển tới."), field="transferred_to")
    session = data.get("session")
    if session is not None and (session.unit_id != unit.pk or session.day != local_day):
        raise ApplicationError(
            _("Buổi tiếp theo lịch phải của cùng đơn vị và cùng ngày với lượt tiếp."),
            field="session",
        )


def _save_citizens(reception: Reception, rows: list[dict[str, Any]]) -> None:
    reception.citizens.all().delete()
    ReceptionCitizen.objects.bulk_create(
        [ReceptionCitizen(reception=reception, position=i, **row) for i, row in enumerate(rows)]
    )


@transaction.atomic
def reception_record(
    *, unit: Unit, citizens: Sequence[dict[str, Any]], by: Any, **fields: Any
) -> Reception:
    """Add a visit to a unit's reception register, with the people who came."""
    require(policies.can_record(actor_for(by), unit.pk))
    unknown = set(fields) - set(RECEPTION_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown reception fields: {sorted(unknown)}")
    data = {k: _clean(fields.get(k, "")) for k in RECEPTION_FIELDS}
    data["session"] = fields.get("session")
    data["mode"] = data["mode"] or Mode.IN_PERSON
    data["receiver_kind"] = data["receiver_kind"] or "officer"
    data["people_count"] = fields.get("people_count", 1)
    _check_reception(data, unit)
    rows = _check_citizens(citizens, data["people_count"])
    reception = Reception(unit=unit, recorded_by=by, **data)
    reception.search_text = _search_text(reception)
    reception.save()
    _save_citizens(reception, rows)
    secret = ""
    if reception.handling == Handling.ACCEPTED:
        secret = _open_case(reception, rows, by=by)
    audit_record(
        action="reception.record",
        obj=reception,
        by=by,
        after={**snapshot(reception), "citizens": len(rows)},
    )
    # Kept on the instance only, for the page that hands it to the citizen once.
    reception.case_secret = secret
    return reception


# What the visit was about, as the petition intake names it.
CASE_KINDS = {
    Classification.COMPLAINT: "complaint",
    Classification.DENUNCIATION: "denunciation",
    Classification.RECOMMENDATION: "feedback",
    Classification.MIXED: "mixed",
    Classification.OTHER: "",
}


def _open_case(reception: Reception, rows: list[dict[str, Any]], *, by: Any) -> str:
    """Register the petition handed in at the desk as a case; return its tracking secret."""
    from danvan.petitions import services as petitions

    who = next((r for r in rows if r["is_representative"]), rows[0])
    content = reception.summary
    if reception.documents_received:
        content += "\n\n" + _("Giấy tờ, tài liệu nhận: %(docs)s") % {
            "docs": reception.documents_received
        }
    case, secret = petitions.case_receive(
        unit=reception.unit,
        channel="desk",
        content=content,
        submitter={
            "name": who["full_name"],
            "id_number": who["id_number"],
            "address": who["address"],
            "phone": who["phone"],
            "group_size": reception.people_count,
        },
        kind_hint=CASE_KINDS.get(reception.classification, ""),
        received_at=reception.received_at,
        by=by,
    )
    reception.case = case
    reception.save(update_fields=["case"])
    return secret


@transaction.atomic
def reception_update(
    *,
    reception: Reception,
    expected_version: int | None,
    citizens: Sequence[dict[str, Any]] | None = None,
    by: Any,
    **fields: Any,
) -> Reception:
    """Correct a register entry; refused if someone else saved it first."""
    actor = actor_for(by)
    require(policies.can_record(actor, reception.unit_id))
    if citizens is not None:
        require(policies.can_see_citizens(actor, reception))
    unknown = set(fields) - set(RECEPTION_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown reception fields: {sorted(unknown)}")
    fresh = lock_for_edit(reception, expected_version)
    before = snapshot(fresh)
    for key, value in fields.items():
        setattr(fresh, key, _clean(value))
    data = {k: getattr(fresh, k) for k in RECEPTION_FIELDS}
    _check_reception(data, fresh.unit)
    fresh.received_at = data["received_at"]
    if citizens is not None:
        rows = _check_citizens(citizens, fresh.people_count)
        _save_citizens(fresh, rows)
    elif fresh.citizens.count() > fresh.people_count:
        raise ApplicationError(_("Số người đến ít hơn số người đã ghi tên."), field="people_count")
    fresh.search_text = _search_text(fresh)
    fresh.save()
    audit_record(
        action="reception.update",
        obj=fresh,
        by=by,
        before=before,
        after={**snapshot(fresh), "citizens": fresh.citizens.count()},
    )
    return fresh


@transaction.atomic
def reception_archive(*, reception: Reception, reason: str, by: Any) -> Reception:
    """Strike an entry recorded by mistake (kept, marked archived, with the reason)."""
    require(policies.can_record(actor_for(by), reception.unit_id))
    reason = _clean(reason)
    if not reason:
        raise ApplicationError(_("Cần ghi lý do hủy lượt tiếp."), field="reason")
    fresh = lock_for_edit(reception, None)
    fresh.archived_at = timezone.now()
    fresh.save()
    audit_record(
        action="reception.archive", obj=fresh, by=by, after={"archived": True, "reason": reason}
    )
    return fresh


def citizens_viewed(*, reception: Reception, by: Any, where: str) -> None:
    """Log that someone saw the identities of the visitors of a confidential visit."""
    if reception.is_confidential():
        audit_record(
            action="reception.identity_view",
            obj=reception,
            by=by,
            before=None,
            after={"where": where[:200]},
        )


# Schedule ---------------------------------------------------------------------------------------


def _check_session(data: dict[str, Any]) -> None:
    for name in ("place", "host_name", "host_position"):
        if not data[name]:
            label = ReceptionSession._meta.get_field(name).verbose_name
            raise ApplicationError(_("Cần nhập %(f)s.") % {"f": label}, field=name)
    if not isinstance(data["day"], dt.date):
        raise ApplicationError(_("Ngày tiếp không hợp lệ."), field="day")
    if not (isinstance(data["starts_at"], dt.time) and isinstance(data["ends_at"], dt.time)):
        raise ApplicationError(_("Giờ tiếp không hợp lệ."), field="starts_at")
    if data["ends_at"] <= data["starts_at"]:
        raise ApplicationError(_("Giờ kết thúc phải sau giờ bắt đầu."), field="ends_at")
    if data["mode"] not in Mode.values:
        raise ApplicationError(_("Hình thức không hợp lệ."), field="mode")
    if data["mode"] == Mode.ONLINE and not receptionrules.mode_allowed(data["day"], online=True):
        raise ApplicationError(
            _("Tiếp công dân trực tuyến chỉ áp dụng từ ngày 01/7/2026 (Luật số 136/2025/QH15)."),
            field="mode",
        )


@transaction.atomic
def session_schedule(*, unit: Unit, by: Any, **fields: Any) -> ReceptionSession:
    """Put a reception day on a unit's published schedule."""
    require(policies.can_manage_schedule(actor_for(by), unit.pk))
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown session fields: {sorted(unknown)}")
    data = {k: _clean(fields.get(k, "")) for k in SESSION_FIELDS}
    data["mode"] = data["mode"] or Mode.IN_PERSON
    data["host_is_head"] = bool(fields.get("host_is_head", True))
    data["public"] = bool(fields.get("public", True))
    _check_session(data)
    if (
        ReceptionSession.objects.filter(
            unit=unit,
            day=data["day"],
            starts_at__lt=data["ends_at"],
            ends_at__gt=data["starts_at"],
            archived_at__isnull=True,
        )
        .exclude(status=SessionStatus.CANCELLED)
        .exists()
    ):
        raise ApplicationError(
            _("Đơn vị đã có buổi tiếp trùng giờ trong ngày này."), field="starts_at"
        )
    session = ReceptionSession.objects.create(unit=unit, **data)
    audit_record(action="reception_session.schedule", obj=session, by=by)
    return session


@transaction.atomic
def session_update(
    *, session: ReceptionSession, expected_version: int | None, by: Any, **fields: Any
) -> ReceptionSession:
    """Change a scheduled day; refused if someone else saved it first."""
    require(policies.can_manage_schedule(actor_for(by), session.unit_id))
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown session fields: {sorted(unknown)}")
    fresh = lock_for_edit(session, expected_version)
    before = snapshot(fresh)
    for key, value in fields.items():
        setattr(fresh, key, _clean(value))
    _check_session({k: getattr(fresh, k) for k in SESSION_FIELDS})
    fresh.save()
    audit_record(action="reception_session.update", obj=fresh, by=by, before=before)
    return fresh


@transaction.atomic
def session_set_status(
    *, session: ReceptionSession, status: str, by: Any, note: str = ""
) -> ReceptionSession:
    """Mark a scheduled day as held or cancelled (a cancellation needs a reason)."""
    require(policies.can_manage_schedule(actor_for(by), session.unit_id))
    if status not in (SessionStatus.HELD, SessionStatus.CANCELLED, SessionStatus.PLANNED):
        raise ApplicationError(_("Trạng thái không hợp lệ."), field="status")
    note = _clean(note)
    if status == SessionStatus.CANCELLED and not note:
        raise ApplicationError(_("Cần ghi lý do hủy buổi tiếp."), field="note")
    if status == SessionStatus.HELD and session.day > timezone.localdate():
        raise ApplicationError(_("Buổi tiếp chưa tới ngày, chưa thể ghi đã tiếp."), field="status")
    fresh = lock_for_edit(session, None)
    before = snapshot(fresh)
    fresh.status = status
    if note:
        fresh.note = f"{fresh.note}\n{note}".strip()
    fresh.save()
    audit_record(action=f"reception_session.{status}", obj=fresh, by=by, before=before)
    return fresh

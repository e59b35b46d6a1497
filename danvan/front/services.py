"""Writes on the Front's recommendations: file, assign, answer, assess, publish, withdraw."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.access import FRONT_LIAISON, UNIT_HEAD, UNIT_OFFICER, actor_for, require
from danvan.core.audit import audit_record, snapshot
from danvan.core.errors import ApplicationError
from danvan.core.locking import lock_for_edit
from danvan.lib.vntext import fold, nfc
from danvan.notifications.models import NotificationKind
from danvan.notifications.services import notify
from danvan.orgs.models import Role, RoleAssignment, Unit, UnitKind

from . import policies
from .files import checked_documents, store_documents
from .models import (
    AWAITING_ANSWER,
    Assessment,
    EventKind,
    FileKind,
    Recommendation,
    RecommendationAnswer,
    RecommendationEvent,
    RecommendationStatus,
    SourceKind,
)

# House default, not a legal deadline: the coordinator may set any date (see docs/front.md).
DEFAULT_ANSWER_WORKING_DAYS = 30
TITLE_MAX = 300
TEXT_MAX = 50_000


def _clean(value: str | None) -> str:
    return nfc(value or "").strip()


def _search_text(rec: Recommendation) -> str:
    unit = rec.assigned_unit.name if rec.assigned_unit_id and rec.assigned_unit else ""
    answers = (
        [f"{a.document_symbol} {a.text}" for a in rec.answers.order_by("number")] if rec.pk else []
    )
    return fold(
        " ".join(
            [
                rec.document_symbol,
                rec.title,
                rec.content,
                rec.source_name,
                rec.organisation.name,
                rec.organisation.short_name,
                unit,
                *answers,
            ]
        )
    )


def _people(unit_ids: Sequence[int | None], roles: Sequence[str]) -> list[Any]:
    rows = RoleAssignment.objects.filter(
        unit_id__in=[u for u in unit_ids if u], role__in=roles, archived_at__isnull=True
    ).select_related("user")
    return [r.user for r in rows if r.user.is_active]


def _coordinators() -> list[Any]:
    rows = RoleAssignment.objects.filter(role=Role.COORDINATOR, archived_at__isnull=True)
    return [r.user for r in rows.select_related("user") if r.user.is_active]


def _front_people(rec: Recommendation) -> list[Any]:
    org = rec.organisation
    return _people([org.pk, org.parent_id], [FRONT_LIAISON])


def _unit_people(rec: Recommendation, roles: Sequence[str] = (UNIT_OFFICER, UNIT_HEAD)) -> list:
    return _people([rec.assigned_unit_id], roles)


def _notify_later(*, users: list[Any], kind: str, text: str, rec: Recommendation) -> None:
    """Notify once the transaction commits, so nobody hears of a change that was rolled back."""
    url = reverse("front:detail", args=[rec.pk])
    transaction.on_commit(lambda: notify(users=users, kind=kind, text=text, url=url))


def _event(
    rec: Recommendation, *, kind: str, from_status: str, by: Any, comment: str = ""
) -> RecommendationEvent:
    return RecommendationEvent.objects.create(
        recommendation=rec,
        at=timezone.now(),
        by=by,
        kind=kind,
        from_status=from_status,
        to_status=rec.status,
        comment=comment,
    )


def _check_text(value: str, *, field: str, message: str, limit: int = TEXT_MAX) -> str:
    value = _clean(value)
    if not value:
        raise ApplicationError(message, field=field)
    if len(value) > limit:
        raise ApplicationError(
            _("Nội dung quá dài (tối đa %(n)d ký tự).") % {"n": limit}, field=field
        )
    return value


def default_due_on(start: dt.date) -> dt.date:
    """Return the suggested due date: the house default of working days after `start`."""
    from danvan.workcal.selectors import calendar_for

    return calendar_for().add_working_days(start, DEFAULT_ANSWER_WORKING_DAYS)


# Filing ------------------------------------------------------------------------------------


@transaction.atomic
def recommendation_file(
    *,
    organisation: Unit,
    title: str,
    content: str,
    source_kind: str,
    source_name: str,
    source_date: dt.date,
    by: Any,
    filed_on: dt.date | None = None,
    document_symbol: str = "",
    files: Sequence[UploadedFile] = (),
) -> Recommendation:
    """The Front liaison files a recommendation of one of their organisations."""
    actor = actor_for(by)
    require(policies.can_file(actor))
    if organisation.kind != UnitKind.FRONT:
        raise ApplicationError(
            _("Tổ chức kiến nghị phải là Mặt trận Tổ quốc hoặc tổ chức chính trị - xã hội."),
            field="organisation",
        )
    if not policies.can_file_for(actor, organisation):
        raise ApplicationError(
            _("Bạn chỉ gửi kiến nghị thay cho tổ chức mình phụ trách."), field="organisation"
        )
    title = _check_text(
        title, field="title", message=_("Hãy nhập trích yếu kiến nghị."), limit=TITLE_MAX
    )
    content = _check_text(content, field="content", message=_("Hãy nhập nội dung kiến nghị."))
    source_name = _check_text(
        source_name,
        field="source_name",
        message=_("Hãy nhập tên hoạt động giám sát, phản biện hoặc tiếp xúc cử tri."),
        limit=TITLE_MAX,
    )
    document_symbol = _clean(document_symbol)
    if len(document_symbol) > 60:
        raise ApplicationError(_("Số, ký hiệu tối đa 60 ký tự."), field="document_symbol")
    if source_kind not in SourceKind.values:
        raise ApplicationError(_("Loại hoạt động không hợp lệ."), field="source_kind")
    today = timezone.localdate()
    filed_on = filed_on or today
    if filed_on > today:
        raise ApplicationError(_("Ngày kiến nghị không được ở tương lai."), field="filed_on")
    if source_date > filed_on:
        raise ApplicationError(
            _("Hoạt động phải diễn ra trước hoặc trong ngày kiến nghị."), field="source_date"
        )
    if not organisation.is_active_on(filed_on) or organisation.is_archived:
        raise ApplicationError(
            _("%(name)s không còn hoạt động vào ngày %(day)s.")
            % {"name": organisation.name, "day": filed_on.strftime("%d/%m/%Y")},
            field="organisation",
        )
    documents = checked_documents(files, field="files")
    rec = Recommendation(
        organisation=organisation,
        document_symbol=document_symbol,
        title=title,
        content=content,
        source_kind=source_kind,
        source_name=source_name,
        source_date=source_date,
        filed_on=filed_on,
        filed_by=by,
        status=RecommendationStatus.FILED,
    )
    rec.search_text = _search_text(rec)
    rec.save()
    store_documents(documents, by=by, recommendation=rec, kind=FileKind.RECOMMENDATION)
    _event(rec, kind=EventKind.FILED, from_status="", by=by)
    audit_record(action="front_recommendation.file", obj=rec, by=by)
    _notify_later(
        users=_coordinators(),
        kind=NotificationKind.SUBMITTED,
        text=_("%(org)s gửi kiến nghị: %(title)s") % {"org": organisation.name, "title": title},
        rec=rec,
    )
    return rec


# Assignment --------------------------------------------------------------------------------


@transaction.atomic
def recommendation_assign(
    *,
    recommendation: Recommendation,
    unit: Unit,
    due_on: dt.date,
    expected_version: int | None,
    by: Any,
    comment: str = "",
) -> Recommendation:
    """The coordinator assigns the recommendation to a unit with a due date for the answer.

    Reassigning (another unit, another date) is allowed until the unit has answered.
    """
    require(policies.can_assign(actor_for(by), recommendation))
    comment = _clean(comment)
    if unit.kind == UnitKind.FRONT:
        raise ApplicationError(
            _("Kiến nghị của Mặt trận được giao cho cơ quan hành chính, không giao cho Mặt trận."),
            field="unit",
        )
    if unit.is_archived or not unit.is_active_on(recommendation.filed_on):
        raise ApplicationError(
            _("%(name)s không hoạt động vào ngày kiến nghị %(day)s.")
            % {"name": unit.name, "day": recommendation.filed_on.strftime("%d/%m/%Y")},
            field="unit",
        )
    if due_on < recommendation.filed_on:
        raise ApplicationError(
            _("Hạn trả lời không được trước ngày kiến nghị (%(day)s).")
            % {"day": recommendation.filed_on.strftime("%d/%m/%Y")},
            field="due_on",
        )
    fresh = lock_for_edit(recommendation, expected_version)
    if not policies.can_assign(actor_for(by), fresh):
        raise ApplicationError(_("Kiến nghị không còn ở trạng thái giao được."), code="state")
    before = snapshot(fresh, ["status", "assigned_unit", "due_on"])
    from_status = fresh.status
    previous_unit_id = fresh.assigned_unit_id
    if from_status == RecommendationStatus.ASSIGNED and (
        previous_unit_id == unit.pk and fresh.due_on == due_on
    ):
        raise ApplicationError(_("Đơn vị và hạn trả lời không thay đổi."), code="unchanged")
    fresh.status = RecommendationStatus.ASSIGNED
    fresh.assigned_unit = unit
    fresh.due_on = due_on
    fresh.assigned_at = timezone.now()
    fresh.search_text = _search_text(fresh)
    fresh.save()
    kind = EventKind.ASSIGNED if from_status == RecommendationStatus.FILED else EventKind.REASSIGNED
    note = _("Giao %(unit)s, hạn trả lời %(due)s.") % {
        "unit": unit.name,
        "due": due_on.strftime("%d/%m/%Y"),
    }
    _event(fresh, kind=kind, from_status=from_status, by=by, comment=f"{note} {comment}".strip())
    audit_record(action="front_recommendation.assign", obj=fresh, by=by, before=before)
    if previous_unit_id != unit.pk:
        _notify_later(
            users=_unit_people(fresh),
            kind=NotificationKind.ASSIGNMENT,
            text=_("Đơn vị được giao trả lời kiến nghị của %(org)s, hạn %(due)s: %(title)s")
            % {
                "org": fresh.organisation.name,
                "due": due_on.strftime("%d/%m/%Y"),
                "title": fresh.title,
            },
            rec=fresh,
        )
    else:
        _notify_later(
            users=_unit_people(fresh),
            kind=NotificationKind.DEADLINE,
            text=_("Hạn trả lời kiến nghị đổi thành %(due)s: %(title)s")
            % {"due": due_on.strftime("%d/%m/%Y"), "title": fresh.title},
            rec=fresh,
        )
    return fresh


# Answers -----------------------------------------------------------------------------------


@transaction.atomic
def recommendation_answer(
    *,
    recommendation: Recommendation,
    text: str,
    documents: Sequence[UploadedFile],
    expected_version: int | None,
    by: Any,
    document_symbol: str = "",
) -> RecommendationAnswer:
    """The assigned unit answers in writing: the text and the signed document (required)."""
    require(policies.can_answer(actor_for(by), recommendation))
    text = _check_text(text, field="text", message=_("Hãy nhập nội dung trả lời."))
    document_symbol = _clean(document_symbol)
    if len(document_symbol) > 60:
        raise ApplicationError(_("Số, ký hiệu tối đa 60 ký tự."), field="document_symbol")
    if not documents:
        raise ApplicationError(
            _("Hãy đính kèm văn bản trả lời đã ký (PDF, Word hoặc ảnh chụp)."), field="documents"
        )
    checked = checked_documents(documents, field="documents")
    fresh = lock_for_edit(recommendation, expected_version)
    if fresh.status not in AWAITING_ANSWER:
        raise ApplicationError(_("Kiến nghị không còn chờ trả lời."), code="state")
    before = snapshot(fresh, ["status", "answered_at", "first_answered_on"])
    now = timezone.now()
    number = fresh.answers.count() + 1
    answer = RecommendationAnswer.objects.create(
        recommendation=fresh,
        number=number,
        unit_id=fresh.assigned_unit_id,
        document_symbol=document_symbol,
        text=text,
        answered_at=now,
        answered_by=by,
    )
    store_documents(checked, by=by, recommendation=fresh, answer=answer, kind=FileKind.ANSWER)
    from_status = fresh.status
    fresh.status = RecommendationStatus.ANSWERED
    fresh.answered_at = now
    if fresh.first_answered_on is None:
        fresh.first_answered_on = timezone.localdate(now)
    # A new answer is a new text: consents given to an earlier answer no longer hold.
    fresh.front_consent_at = fresh.unit_consent_at = None
    fresh.front_consent_by = fresh.unit_consent_by = None
    fresh.search_text = _search_text(fresh)
    fresh.save()
    _event(
        fresh,
        kind=EventKind.ANSWERED,
        from_status=from_status,
        by=by,
        comment=_("Trả lời lần %(n)d.") % {"n": number},
    )
    audit_record(action="front_answer.create", obj=answer, by=by)
    audit_record(action="front_recommendation.answered", obj=fresh, by=by, before=before)
    _notify_later(
        users=_front_people(fresh),
        kind=NotificationKind.ANSWER,
        text=_("%(unit)s đã trả lời kiến nghị: %(title)s")
        % {"unit": fresh.assigned_unit.name, "title": fresh.title},
        rec=fresh,
    )
    return answer


@transaction.atomic
def recommendation_assess(
    *,
    recommendation: Recommendation,
    satisfied: bool,
    comment: str,
    expected_version: int | None,
    by: Any,
) -> Recommendation:
    """The Front marks the latest answer satisfied or not, with a comment.

    Not satisfied sends the recommendation back to the unit, which answers again.
    """
    require(policies.can_assess(actor_for(by), recommendation))
    comment = _clean(comment)
    if not satisfied and not comment:
        raise ApplicationError(
            _("Hãy nêu rõ nội dung Mặt trận chưa thống nhất để đơn vị trả lời lại."),
            field="comment",
        )
    if len(comment) > TEXT_MAX:
        raise ApplicationError(_("Ý kiến quá dài."), field="comment")
    fresh = lock_for_edit(recommendation, expected_version)
    if fresh.status != RecommendationStatus.ANSWERED:
        raise ApplicationError(_("Không có trả lời nào chờ đánh giá."), code="state")
    answer = fresh.answers.order_by("-number").first()
    if answer is None:  # pragma: no cover - ANSWERED always has an answer
        raise ApplicationError(_("Không có trả lời nào chờ đánh giá."), code="state")
    answer.assessment = Assessment.SATISFIED if satisfied else Assessment.NOT_SATISFIED
    answer.assessment_comment = comment
    answer.assessed_at = timezone.now()
    answer.assessed_by = by
    answer.save()
    from_status = fresh.status
    fresh.status = (
        RecommendationStatus.SATISFIED if satisfied else RecommendationStatus.NOT_SATISFIED
    )
    fresh.save()
    _event(fresh, kind=EventKind.ASSESSED, from_status=from_status, by=by, comment=comment)
    audit_record(
        action="front_recommendation.assess",
        obj=fresh,
        by=by,
        before={"status": from_status},
        after={"status": fresh.status, "answer": answer.number, "comment": comment},
    )
    if satisfied:
        text = _("Mặt trận thống nhất với trả lời kiến nghị: %(title)s")
        kind = NotificationKind.ACCEPTED
    else:
        text = _("Mặt trận chưa thống nhất với trả lời, đề nghị trả lời lại: %(title)s")
        kind = NotificationKind.RETURNED
    _notify_later(
        users=_unit_people(fresh) + _coordinators(),
        kind=kind,
        text=text % {"title": fresh.title},
        rec=fresh,
    )
    return fresh


# Publication -------------------------------------------------------------------------------


@transaction.atomic
def recommendation_publish_consent(
    *,
    recommendation: Recommendation,
    side: str,
    consent: bool,
    expected_version: int | None,
    by: Any,
) -> Recommendation:
    """One side ("front" or "unit") agrees to publish, or takes its agreement back.

    The recommendation is published once both sides agree; after that it stays public.
    """
    actor = actor_for(by)
    if side == "front":
        require(policies.can_consent_front(actor, recommendation))
    elif side == "unit":
        require(policies.can_consent_unit(actor, recommendation))
    else:
        raise ApplicationError(_("Bên đồng ý công khai không hợp lệ."), field="side")
    fresh = lock_for_edit(recommendation, expected_version)
    if fresh.status not in (RecommendationStatus.SATISFIED, RecommendationStatus.NOT_SATISFIED):
        raise ApplicationError(
            _("Chỉ công khai kiến nghị đã có trả lời được Mặt trận đánh giá."), code="state"
        )
    before = snapshot(fresh, ["front_consent_at", "unit_consent_at", "status"])
    now = timezone.now()
    current = fresh.front_consent_at if side == "front" else fresh.unit_consent_at
    if consent == (current is not None):
        raise ApplicationError(
            _("Ý kiến đồng ý công khai đã được ghi nhận trước đó.")
            if consent
            else _("Chưa có ý kiến đồng ý công khai để rút lại."),
            code="unchanged",
        )
    if side == "front":
        fresh.front_consent_at = now if consent else None
        fresh.front_consent_by = by if consent else None
        kind = EventKind.FRONT_CONSENT if consent else EventKind.FRONT_CONSENT_REVOKED
    else:
        fresh.unit_consent_at = now if consent else None
        fresh.unit_consent_by = by if consent else None
        kind = EventKind.UNIT_CONSENT if consent else EventKind.UNIT_CONSENT_REVOKED
    from_status = fresh.status
    fresh.save()
    _event(fresh, kind=kind, from_status=from_status, by=by)
    if fresh.front_consent_at and fresh.unit_consent_at:
        fresh.status = RecommendationStatus.PUBLISHED
        fresh.published_at = now
        fresh.save()
        _event(fresh, kind=EventKind.PUBLISHED, from_status=from_status, by=by)
        _notify_later(
            users=_front_people(fresh) + _unit_people(fresh) + _coordinators(),
            kind=NotificationKind.ACCEPTED,
            text=_("Kiến nghị và trả lời đã được công khai: %(title)s") % {"title": fresh.title},
            rec=fresh,
        )
    elif consent:
        other = _unit_people(fresh, [UNIT_HEAD]) if side == "front" else _front_people(fresh)
        _notify_later(
            users=other,
            kind=NotificationKind.SUBMITTED,
            text=_("Đề nghị đồng ý công khai kiến nghị và trả lời: %(title)s")
            % {"title": fresh.title},
            rec=fresh,
        )
    audit_record(action=f"front_recommendation.consent_{side}", obj=fresh, by=by, before=before)
    return fresh


# Withdrawal --------------------------------------------------------------------------------


@transaction.atomic
def recommendation_withdraw(
    *, recommendation: Recommendation, reason: str, expected_version: int | None, by: Any
) -> Recommendation:
    """The Front withdraws a recommendation the unit has not answered yet, saying why."""
    require(policies.can_withdraw(actor_for(by), recommendation))
    reason = _check_text(reason, field="reason", message=_("Hãy nêu lý do rút kiến nghị."))
    fresh = lock_for_edit(recommendation, expected_version)
    if fresh.status not in (RecommendationStatus.FILED, RecommendationStatus.ASSIGNED):
        raise ApplicationError(_("Kiến nghị đã được trả lời, không rút được."), code="state")
    from_status = fresh.status
    fresh.status = RecommendationStatus.WITHDRAWN
    fresh.save()
    _event(fresh, kind=EventKind.WITHDRAWN, from_status=from_status, by=by, comment=reason)
    audit_record(
        action="front_recommendation.withdraw",
        obj=fresh,
        by=by,
        before={"status": from_status},
        after={"status": fresh.status, "reason": reason},
    )
    _notify_later(
        users=_coordinators() + _unit_people(fresh),
        kind=NotificationKind.RETURNED,
        text=_("Mặt trận rút kiến nghị: %(title)s") % {"title": fresh.title},
        rec=fresh,
    )
    return fresh


# Reminders ---------------------------------------------------------------------------------


def recommendation_reminders_send(*, today: dt.date, days_before: int = 5) -> int:
    """Notify units of answers due within `days_before` days or overdue; safe to run daily.

    Each reminder carries a key (recommendation, kind, due date): running twice, or every day,
    never sends the same reminder twice; a new due date gets its own reminders.
    """
    sent = 0
    rows = Recommendation.objects.filter(
        status=RecommendationStatus.ASSIGNED,
        due_on__isnull=False,
        due_on__lte=today + dt.timedelta(days=days_before),
    ).select_related("assigned_unit")
    for rec in rows:
        kind = "late" if rec.due_on < today else "soon"
        if kind == "soon":
            text = _("Kiến nghị của Mặt trận sắp đến hạn trả lời (%(due)s): %(title)s")
        else:
            text = _("Kiến nghị của Mặt trận đã quá hạn trả lời (%(due)s): %(title)s")
        sent += notify(
            users=_unit_people(rec),
            kind=NotificationKind.DEADLINE,
            text=text % {"due": rec.due_on.strftime("%d/%m/%Y"), "title": rec.title},
            url=reverse("front:detail", args=[rec.pk]),
            dedupe_key=f"front-due:{rec.pk}:{kind}:{rec.due_on.isoformat()}",
        )
    return sent

"""JSON endpoints of the petitions app: list, detail, intake and transitions.

No answer of this API ever contains a denouncer's identity, nor any petitioner's personal
data: the identity is shown only on the case page, to the handler and the unit head.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, P, QueryEx, Router, Schema, Status
from pydantic import field_validator

from danvan.core.access import actor_for, require
from danvan.core.errors import ApplicationError
from danvan.core.schemas import DB_ID_MAX, ERRORS, NO_NUL, Id, InputSchema
from danvan.orgs.models import Unit

from . import policies, selectors, services
from .models import Case, Channel, NonAcceptanceGround

router = Router(tags=["Đơn thư"])

STAFF_CHANNELS = tuple(c for c in Channel.values if c != Channel.PORTAL)


class CaseOut(Schema):
    id: int
    tracking_code: str
    unit_id: int
    unit_name: str
    channel: str
    kind: str
    competence: str
    status: str
    subject: str
    received_at: dt.datetime
    received_on: dt.date
    handler_id: int | None
    parent_id: int | None
    complex: bool
    especially_complex: bool
    remote: bool
    backlogged: bool
    anonymous: bool
    current_due: dt.date | None
    latest_due: dt.date | None
    version: int

    @staticmethod
    def resolve_unit_name(obj: Any) -> str:
        return obj["unit_name"] if isinstance(obj, dict) else obj.unit.name


class DeadlineOut(Schema):
    step: str
    rule_code: str
    basis: str
    start: dt.date
    due: dt.date
    latest_due: dt.date
    days: int
    unit: str
    explanation: str
    skipped: list[dict[str, str]]
    extensions: int
    met_at: dt.date | None
    cancelled: bool
    current: bool
    reason: str


class EventOut(Schema):
    at: dt.datetime
    action: str
    from_status: str
    to_status: str
    note: str


class CaseDetailOut(CaseOut):
    content: str
    non_acceptance_grounds: list[str]
    transfer_to: str
    decision_number: str
    decision_date: dt.date | None
    conclusion: str
    public_answer: str
    deadlines: list[DeadlineOut]
    events: list[EventOut]


class SubmitterIn(InputSchema):
    anonymous: bool = False
    name: str = Field("", max_length=200, pattern=NO_NUL)
    id_number: str = Field("", max_length=20)
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    group_size: int = Field(1, ge=1, le=10000)


class ReceiveIn(InputSchema):
    unit_id: Id
    channel: Literal["desk", "post", "transfer", "national"]
    content: str = Field(min_length=1, max_length=20000)
    subject: str = Field("", max_length=300)
    kind_hint: Literal["", "complaint", "denunciation", "feedback", "mixed"] = ""
    submitter: SubmitterIn
    notify_email: str = Field("", max_length=254)
    received_at: dt.datetime | None = None
    source_body: str = Field("", max_length=300)
    source_reference: str = Field("", max_length=100)

    @field_validator("received_at", mode="before")
    @classmethod
    def _iso_text_only(cls, value: Any) -> Any:
        # A bare number would be read as a Unix timestamp; only ISO 8601 text is meant.
        if value is not None and not isinstance(value, str | dt.datetime):
            raise ValueError("Thời điểm phải viết theo ISO 8601, ví dụ 2026-03-02T09:00+07:00.")
        return value


class ReceivedOut(Schema):
    case: CaseOut
    secret: str


class SecretReissueIn(InputSchema):
    reason: str = Field(min_length=1, max_length=300)


class SecretReissuedOut(Schema):
    tracking_code: str
    secret: str


Action = Literal[
    "classify",
    "accept",
    "reject",
    "transfer",
    "guide",
    "assign_handler",
    "extend",
    "conclude",
    "publish",
    "suspend",
    "resume",
    "withdraw",
    "close",
]


class TransitionIn(InputSchema):
    action: Action
    version: int | None = Field(None, ge=1, le=2**31)
    kind: Literal["complaint", "denunciation", "feedback", "mixed"] | None = None
    competence: Literal["own", "lower", "other"] | None = None
    complex: bool = False
    especially_complex: bool = False
    remote: bool = False
    backlogged: bool = False
    anonymous_handling: Literal["", "inspect", "not_processed"] = ""
    grounds: list[str] = Field(default_factory=list, max_length=20)
    to_body: str = Field("", max_length=300)
    guidance: str = Field("", max_length=5000)
    handler_id: Id | None = None
    number: str = Field("", max_length=60)
    accepted_on: dt.date | None = None
    decision_number: str = Field("", max_length=60)
    decision_date: dt.date | None = None
    complexity: Literal["", "complex", "especially_complex"] = ""
    conclusion: str = Field("", max_length=20000)
    public_answer: str = Field("", max_length=20000)
    reason: str = Field("", max_length=2000)
    note: str = Field("", max_length=2000)


def _case(request: HttpRequest, petition_case_id: int) -> Case:
    case = get_object_or_404(Case.objects.select_related("unit"), pk=petition_case_id)
    require(policies.can_view_case(actor_for(request.user), case), visible=False)
    return case


def _detail(case: Case) -> dict[str, Any]:
    data = CaseOut.from_orm(case).dict()
    data.update(
        {
            "content": case.content,
            "non_acceptance_grounds": list(case.non_acceptance_grounds),
            "transfer_to": case.transfer_to,
            "decision_number": case.decision_number,
            "decision_date": case.decision_date,
            "conclusion": case.conclusion,
            "public_answer": case.public_answer,
            "deadlines": [
                {
                    "step": d.step,
                    "rule_code": d.rule_code,
                    "basis": d.basis,
                    "start": d.start,
                    "due": d.due,
                    "latest_due": d.latest_due,
                    "days": d.days,
                    "unit": d.unit,
                    "explanation": d.explanation,
                    "skipped": d.skipped,
                    "extensions": d.extensions,
                    "met_at": d.met_at,
                    "cancelled": d.cancelled,
                    "current": d.is_current(),
                    "reason": d.reason,
                }
                for d in selectors.case_deadlines(case=case)
            ],
            "events": [
                {
                    "at": e.at,
                    "action": e.action,
                    "from_status": e.from_status,
                    "to_status": e.to_status,
                    "note": e.note,
                }
                for e in case.events.all()
            ],
        }
    )
    return data


@router.get("", response={200: list[CaseOut], **ERRORS})
def list_cases(
    request: HttpRequest,
    q: QueryEx[str, P(max_length=200, pattern=NO_NUL)] = "",
    status: QueryEx[str, P(max_length=20, pattern=NO_NUL)] = "",
    kind: QueryEx[str, P(max_length=20, pattern=NO_NUL)] = "",
    channel: QueryEx[str, P(max_length=20, pattern=NO_NUL)] = "",
    unit_id: QueryEx[int | None, P(ge=1, le=DB_ID_MAX)] = None,
    due: QueryEx[Literal["", "soon", "overdue", "prolonged"], P()] = "",
    limit: QueryEx[int, P(ge=1, le=200)] = 50,
    offset: QueryEx[int, P(ge=0, le=10_000_000)] = 0,
) -> list[Case]:
    """List the cases the caller may read, newest first (no personal data)."""
    actor = actor_for(request.user)
    require(policies.can_list_cases(actor))
    filters = selectors.CaseFilters(
        q=q, status=status, kind=kind, channel=channel, unit_id=unit_id, due=due
    )
    return list(selectors.cases_filtered(actor=actor, filters=filters)[offset : offset + limit])


@router.post("", response={201: ReceivedOut, **ERRORS})
def receive_case(
    request: HttpRequest, payload: ReceiveIn, response: HttpResponse
) -> Status[dict[str, Any]]:
    """Register a petition received by the caller's unit; the secret is returned only here."""
    unit = get_object_or_404(Unit, pk=payload.unit_id)
    require(policies.can_receive(actor_for(request.user), unit.pk))
    data = payload.dict()
    case, secret = services.case_receive(
        unit=unit,
        channel=data["channel"],
        content=data["content"],
        subject=data["subject"],
        kind_hint=data["kind_hint"],
        submitter=data["submitter"],
        notify_email=data["notify_email"],
        received_at=data["received_at"],
        source_body=data["source_body"],
        source_reference=data["source_reference"],
        by=request.user,
    )
    response["Cache-Control"] = "no-store"  # the secret is shown once; never cached
    return Status(201, {"case": case, "secret": secret})


@router.post("/{petition_case_id}/secret", response={201: SecretReissuedOut, **ERRORS})
def reissue_secret(
    request: HttpRequest, petition_case_id: int, payload: SecretReissueIn, response: HttpResponse
) -> Status[dict[str, str]]:
    """Issue a new tracking secret for a citizen who lost it (returned only here).

    `reason` records how the person was verified; the old secret stops working.
    """
    case = _case(request, petition_case_id)
    secret = services.case_secret_reissue(
        case=case, reason=payload.reason, by=request.user, page=request.path
    )
    response["Cache-Control"] = "no-store"  # the secret is shown once; never cached
    return Status(201, {"tracking_code": case.tracking_code, "secret": secret})


@router.get("/{petition_case_id}", response={200: CaseDetailOut, **ERRORS})
def get_case(request: HttpRequest, petition_case_id: int) -> dict[str, Any]:
    """Return one case with its deadlines (rule, article, start, days skipped) and events."""
    return _detail(_case(request, petition_case_id))


def _need(value: Any, field: str, message: str) -> Any:
    if value in (None, ""):
        raise ApplicationError(message, field=field)
    return value


@router.post("/{petition_case_id}/transitions", response={200: CaseDetailOut, **ERRORS})
def transition(
    request: HttpRequest, petition_case_id: int, payload: TransitionIn
) -> dict[str, Any]:
    """Move a case to its next status (classify, accept, extend, conclude, ...)."""
    case = _case(request, petition_case_id)
    actor = actor_for(request.user)
    require(policies.can_work_case(actor, case))
    p = payload
    by = request.user
    v = p.version
    if p.action == "classify":
        done = services.case_classify(
            case=case,
            kind=_need(p.kind, "kind", "Hãy chọn loại đơn."),
            competence=_need(p.competence, "competence", "Hãy xác định thẩm quyền."),
            complex=p.complex,
            especially_complex=p.especially_complex,
            remote=p.remote,
            backlogged=p.backlogged,
            anonymous_handling=p.anonymous_handling,
            note=p.note,
            by=by,
            expected_version=v,
        )
    elif p.action == "accept":
        done = services.case_accept(
            case=case,
            accepted_on=p.accepted_on,
            number=p.number,
            note=p.note,
            by=by,
            expected_version=v,
        )
    elif p.action == "reject":
        if any(g not in NonAcceptanceGround.values for g in p.grounds):
            raise ApplicationError("Lý do không thụ lý không hợp lệ.", field="grounds")
        done = services.case_reject(
            case=case, grounds=p.grounds, number=p.number, note=p.note, by=by, expected_version=v
        )
    elif p.action == "transfer":
        done = services.case_transfer(
            case=case, to_body=p.to_body, number=p.number, note=p.note, by=by, expected_version=v
        )
    elif p.action == "guide":
        done = services.case_guide(case=case, guidance=p.guidance, by=by, expected_version=v)
    elif p.action == "assign_handler":
        handler_id = _need(p.handler_id, "handler_id", "Hãy chọn người xử lý.")
        handler = get_user_model().objects.filter(pk=handler_id, is_active=True).first()
        if handler is None:
            raise ApplicationError("Không tìm thấy người xử lý.", field="handler_id")
        done = services.case_assign_handler(case=case, handler=handler, by=by, expected_version=v)
    elif p.action == "extend":
        done = services.case_extend(
            case=case,
            decision_number=p.decision_number,
            decision_date=_need(p.decision_date, "decision_date", "Hãy nhập ngày quyết định."),
            complexity=p.complexity,
            reason=p.reason,
            by=by,
            expected_version=v,
        )
    elif p.action == "conclude":
        done = services.case_conclude(
            case=case,
            decision_number=p.decision_number,
            decision_date=_need(p.decision_date, "decision_date", "Hãy nhập ngày quyết định."),
            conclusion=p.conclusion,
            by=by,
            expected_version=v,
        )
    elif p.action == "publish":
        done = services.case_publish(
            case=case, public_answer=p.public_answer, by=by, expected_version=v
        )
    elif p.action == "suspend":
        done = services.case_suspend(case=case, reason=p.reason, by=by, expected_version=v)
    elif p.action == "resume":
        done = services.case_resume(case=case, note=p.note, by=by, expected_version=v)
    elif p.action == "withdraw":
        done = services.case_withdraw(case=case, note=p.note, by=by, expected_version=v)
    else:
        done = services.case_close(case=case, note=p.note, by=by, expected_version=v)
    return _detail(done)

"""JSON endpoints of the Front's recommendations (the public pages are HTML only: every API
operation needs a session or a token)."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Iterator
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Form, P, QueryEx, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from danvan.core.access import actor_for, require
from danvan.core.errors import ApplicationError
from danvan.core.schemas import DB_ID_MAX, ERRORS, NO_NUL, Id, InputSchema
from danvan.orgs.models import Unit

from . import policies, selectors, services
from .models import Recommendation

router = Router(tags=["Kiến nghị Mặt trận"])

StatusName = Literal[
    "filed", "assigned", "answered", "satisfied", "not_satisfied", "published", "withdrawn"
]
SourceName = Literal["supervision", "social_criticism", "voter_meeting", "other"]


# Schemas -----------------------------------------------------------------------------------


class FrontFileOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int


class FrontEventOut(Schema):
    at: dt.datetime
    kind: str
    from_status: str
    to_status: str
    comment: str


class FrontAnswerOut(Schema):
    number: int
    unit_id: int
    unit_name: str
    document_symbol: str
    text: str
    answered_at: dt.datetime
    assessment: str
    assessment_comment: str
    assessed_at: dt.datetime | None
    files: list[FrontFileOut] = []


class FrontRecommendationOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    document_symbol: str
    title: str
    content: str
    source_kind: str
    source_name: str
    source_date: dt.date
    filed_on: dt.date
    status: str
    assigned_unit_id: int | None
    assigned_unit_name: str | None
    due_on: dt.date | None
    overdue: bool
    first_answered_on: dt.date | None
    answered_at: dt.datetime | None
    front_consent: bool
    unit_consent: bool
    published_at: dt.datetime | None
    version: int


class FrontRecommendationDetailOut(FrontRecommendationOut):
    files: list[FrontFileOut]
    answers: list[FrontAnswerOut]
    events: list[FrontEventOut]


class FrontRecommendationPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[FrontRecommendationOut]


class FrontStatsRowOut(Schema):
    label: str
    unit_id: int | None = None
    year: int | None = None
    received: int
    answered_on_time: int
    answered_late: int
    unanswered_overdue: int
    unanswered_not_due: int


class FrontStatsOut(Schema):
    total: FrontStatsRowOut
    by_unit: list[FrontStatsRowOut]
    by_year: list[FrontStatsRowOut]


FrontText300 = Field(min_length=1, max_length=300)


class FrontRecommendationIn(InputSchema):
    organisation_id: Id
    title: str = FrontText300
    content: str = Field(min_length=1, max_length=50000)
    source_kind: SourceName
    source_name: str = FrontText300
    source_date: dt.date
    filed_on: dt.date | None = None
    document_symbol: str = Field("", max_length=60)


class FrontAssignIn(InputSchema):
    unit_id: Id
    due_on: dt.date
    comment: str = Field("", max_length=5000)
    version: int


class FrontAnswerIn(InputSchema):
    text: str = Field(min_length=1, max_length=50000)
    document_symbol: str = Field("", max_length=60)
    version: int


class FrontAssessIn(InputSchema):
    satisfied: bool
    comment: str = Field("", max_length=50000)
    version: int


class FrontConsentIn(InputSchema):
    side: Literal["front", "unit"]
    consent: bool = True
    version: int


class FrontWithdrawIn(InputSchema):
    reason: str = Field(min_length=1, max_length=5000)
    version: int


# Helpers -----------------------------------------------------------------------------------


def _file_out(f: Any) -> dict[str, Any]:
    return {
        "id": f.pk,
        "kind": f.kind,
        "original_name": f.original_name,
        "content_type": f.content_type,
        "size": f.size,
    }


def _out(rec: Recommendation, today: dt.date) -> dict[str, Any]:
    return {
        "id": rec.pk,
        "organisation_id": rec.organisation_id,
        "organisation_name": rec.organisation.name,
        "document_symbol": rec.document_symbol,
        "title": rec.title,
        "content": rec.content,
        "source_kind": rec.source_kind,
        "source_name": rec.source_name,
        "source_date": rec.source_date,
        "filed_on": rec.filed_on,
        "status": rec.status,
        "assigned_unit_id": rec.assigned_unit_id,
        "assigned_unit_name": rec.assigned_unit.name if rec.assigned_unit else None,
        "due_on": rec.due_on,
        "overdue": rec.is_overdue(today),
        "first_answered_on": rec.first_answered_on,
        "answered_at": rec.answered_at,
        "front_consent": rec.front_consent_at is not None,
        "unit_consent": rec.unit_consent_at is not None,
        "published_at": rec.published_at,
        "version": rec.version,
    }


def _detail_out(pk: int) -> dict[str, Any]:
    rec = selectors.recommendation_detail(pk=pk)
    assert rec is not None
    data = _out(rec, timezone.localdate())
    data["files"] = [_file_out(f) for f in rec.recommendation_files]
    data["answers"] = [
        {
            "number": a.number,
            "unit_id": a.unit_id,
            "unit_name": a.unit.name,
            "document_symbol": a.document_symbol,
            "text": a.text,
            "answered_at": a.answered_at,
            "assessment": a.assessment,
            "assessment_comment": a.assessment_comment,
            "assessed_at": a.assessed_at,
            "files": [_file_out(f) for f in a.files.all()],
        }
        for a in rec.answers.all()
    ]
    data["events"] = [
        {
            "at": e.at,
            "kind": e.kind,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "comment": e.comment,
        }
        for e in rec.events.all()
    ]
    return data


def _rec(request: HttpRequest, recommendation_id: int) -> Recommendation:
    rec = get_object_or_404(
        Recommendation.objects.select_related("organisation", "assigned_unit"),
        pk=recommendation_id,
    )
    require(policies.can_view(actor_for(request.user), rec), visible=False)
    return rec


def _stats_row(row: selectors.StatsRow) -> dict[str, Any]:
    return {
        "label": row.label,
        "unit_id": row.unit_id,
        "year": row.year,
        "received": row.received,
        "answered_on_time": row.on_time,
        "answered_late": row.late,
        "unanswered_overdue": row.overdue,
        "unanswered_not_due": row.not_due,
    }


def _refuse_unknown_form_fields(request: HttpRequest, *, fields: set[str], files: set[str]) -> None:
    """Refuse form fields the operation does not know, as JSON bodies do (ninja ignores them)."""
    unknown = [("form", n) for n in request.POST if n not in fields]
    unknown += [("file", n) for n in request.FILES if n not in files]
    if unknown:
        raise ValidationError(
            [
                {"loc": loc, "msg": "Extra inputs are not permitted", "type": "extra_forbidden"}
                for loc in sorted(unknown)
            ]
        )


def _unit_or_error(unit_id: int, *, field: str) -> Unit:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise ApplicationError("Không tìm thấy cơ quan, tổ chức này.", field=field)
    return unit


@contextlib.contextmanager
def _field_names(names: dict[str, str]) -> Iterator[None]:
    """Report a service's form field name under the API's name (unit → unit_id)."""
    try:
        yield
    except ApplicationError as exc:
        exc.field = names.get(exc.field or "", exc.field)
        raise


PageNo = QueryEx[int, P(ge=1, le=100_000)]
PageSize = QueryEx[int, P(ge=1, le=100)]
SearchText = QueryEx[str, P(max_length=200, pattern=NO_NUL)]


# Reads -------------------------------------------------------------------------------------


@router.get("", response={200: FrontRecommendationPage, **ERRORS})
def list_recommendations(
    request: HttpRequest,
    status: StatusName | None = None,
    unit_id: QueryEx[int | None, P(ge=1, le=DB_ID_MAX)] = None,
    year: QueryEx[int | None, P(ge=2000, le=2100)] = None,
    overdue: bool = False,
    q: SearchText = "",
    page: PageNo = 1,
    page_size: PageSize = 25,
) -> dict[str, Any]:
    """List the recommendations the caller may see, filtered, one page at a time."""
    today = timezone.localdate()
    qs = selectors.recommendations_filtered(
        selectors.recommendations_visible(actor=actor_for(request.user)),
        filters=selectors.Filters(
            status=status or "", unit_id=unit_id, year=year, overdue=overdue, q=q
        ),
        today=today,
    )
    count = qs.count()
    rows = qs[(page - 1) * page_size : page * page_size]
    return {
        "count": count,
        "page": page,
        "pages": max(1, math.ceil(count / page_size)),
        "page_size": page_size,
        "items": [_out(r, today) for r in rows],
    }


@router.get("/stats", response={200: FrontStatsOut, **ERRORS})
def recommendation_stats(
    request: HttpRequest,
    year: QueryEx[int | None, P(ge=2000, le=2100)] = None,
    unit_id: QueryEx[int | None, P(ge=1, le=DB_ID_MAX)] = None,
) -> dict[str, Any]:
    """Received, answered on time or late, unanswered (overdue or not yet due): total, per
    unit and per year, over the recommendations the caller may see."""
    today = timezone.localdate()
    qs = selectors.recommendations_filtered(
        selectors.recommendations_visible(actor=actor_for(request.user)),
        filters=selectors.Filters(year=year, unit_id=unit_id),
        today=today,
    )
    stats = selectors.recommendation_stats(qs=qs, today=today)
    return {
        "total": _stats_row(stats.total),
        "by_unit": [_stats_row(r) for r in stats.by_unit],
        "by_year": [_stats_row(r) for r in stats.by_year],
    }


@router.get("/{recommendation_id}", response={200: FrontRecommendationDetailOut, **ERRORS})
def get_recommendation(request: HttpRequest, recommendation_id: int) -> dict[str, Any]:
    """Return one recommendation with its documents, answers and history."""
    rec = _rec(request, recommendation_id)
    return _detail_out(rec.pk)


# Writes ------------------------------------------------------------------------------------


@router.post("", response={201: FrontRecommendationDetailOut, **ERRORS})
def file_recommendation(request: HttpRequest, payload: FrontRecommendationIn) -> Status[Any]:
    """File a recommendation (Front liaison); attach the signed document on the page."""
    require(policies.can_file(actor_for(request.user)))
    organisation = _unit_or_error(payload.organisation_id, field="organisation_id")
    data = payload.dict()
    data.pop("organisation_id")
    with _field_names({"organisation": "organisation_id"}):
        rec = services.recommendation_file(organisation=organisation, by=request.user, **data)
    return Status(201, _detail_out(rec.pk))


@router.post("/{recommendation_id}/assign", response={200: FrontRecommendationDetailOut, **ERRORS})
def assign_recommendation(
    request: HttpRequest, recommendation_id: int, payload: FrontAssignIn
) -> dict[str, Any]:
    """Assign to a unit with a due date, or reassign before the answer (coordinator)."""
    rec = _rec(request, recommendation_id)
    require(policies.can_assign(actor_for(request.user), rec))
    unit = _unit_or_error(payload.unit_id, field="unit_id")
    with _field_names({"unit": "unit_id"}):
        services.recommendation_assign(
            recommendation=rec,
            unit=unit,
            due_on=payload.due_on,
            comment=payload.comment,
            expected_version=payload.version,
            by=request.user,
        )
    return _detail_out(rec.pk)


@router.post("/{recommendation_id}/answer", response={201: FrontRecommendationDetailOut, **ERRORS})
def answer_recommendation(
    request: HttpRequest,
    recommendation_id: int,
    payload: Form[FrontAnswerIn],
    documents: File[list[UploadedFile] | None] = None,
) -> Status[Any]:
    """Answer in writing (multipart form): the text and the signed document(s)."""
    _refuse_unknown_form_fields(
        request, fields=set(FrontAnswerIn.model_fields), files={"documents"}
    )
    rec = _rec(request, recommendation_id)
    services.recommendation_answer(
        recommendation=rec,
        text=payload.text,
        document_symbol=payload.document_symbol,
        documents=documents or [],
        expected_version=payload.version,
        by=request.user,
    )
    return Status(201, _detail_out(rec.pk))


@router.post("/{recommendation_id}/assess", response={200: FrontRecommendationDetailOut, **ERRORS})
def assess_recommendation(
    request: HttpRequest, recommendation_id: int, payload: FrontAssessIn
) -> dict[str, Any]:
    """Mark the latest answer satisfied or not, with a comment (Front liaison)."""
    rec = _rec(request, recommendation_id)
    services.recommendation_assess(
        recommendation=rec,
        satisfied=payload.satisfied,
        comment=payload.comment,
        expected_version=payload.version,
        by=request.user,
    )
    return _detail_out(rec.pk)


@router.post("/{recommendation_id}/consent", response={200: FrontRecommendationDetailOut, **ERRORS})
def consent_recommendation(
    request: HttpRequest, recommendation_id: int, payload: FrontConsentIn
) -> dict[str, Any]:
    """Agree to publish (side "front": the liaison; "unit": the unit head), or take it back.

    Published once both sides agree."""
    rec = _rec(request, recommendation_id)
    services.recommendation_publish_consent(
        recommendation=rec,
        side=payload.side,
        consent=payload.consent,
        expected_version=payload.version,
        by=request.user,
    )
    return _detail_out(rec.pk)


@router.post(
    "/{recommendation_id}/withdraw", response={200: FrontRecommendationDetailOut, **ERRORS}
)
def withdraw_recommendation(
    request: HttpRequest, recommendation_id: int, payload: FrontWithdrawIn
) -> dict[str, Any]:
    """Withdraw a recommendation that has not been answered (Front liaison)."""
    rec = _rec(request, recommendation_id)
    services.recommendation_withdraw(
        recommendation=rec,
        reason=payload.reason,
        expected_version=payload.version,
        by=request.user,
    )
    return _detail_out(rec.pk)

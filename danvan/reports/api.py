"""JSON endpoints for report periods, unit reports and their review, and consolidation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, P, QueryEx, Router, Schema

from danvan.core.access import Actor, actor_for, require
from danvan.core.errors import ApplicationError
from danvan.core.schemas import DB_ID_MAX, ERRORS, InputSchema
from danvan.orgs.models import Unit

from . import policies, selectors, services
from .models import ANSWER_FIELDS, ReportPeriod, UnitReport
from .values import ANSWER_MAX, TEXT_MAX, plain

router = Router(tags=["reports"])

Code = Annotated[str, Field(min_length=1, max_length=30)]
RawValue = bool | int | float | Annotated[str, Field(max_length=TEXT_MAX)] | None


# Schemas -----------------------------------------------------------------------------------


class PeriodOut(Schema):
    id: int
    plan_id: int | None
    kind: str
    year: int
    index: int | None
    title: str
    starts_on: dt.date
    ends_on: dt.date
    due_on: dt.date | None
    remind_days_before: int
    status: str
    form_id: int
    version: int


class FormSectionOut(Schema):
    code: str
    title: str
    position: int
    item_id: int | None


class IndicatorOut(Schema):
    code: str
    label: str
    section_code: str | None
    unit_of_measure: str
    value_type: str
    required: bool
    min_value: str | None
    max_value: str | None
    aggregation: str
    computed_source: str
    computed_note: str


class FormOut(Schema):
    id: int
    title: str
    description: str
    sections: list[FormSectionOut]
    indicators: list[IndicatorOut]


class AnswerOut(Schema):
    done: str = ""
    results: str = ""
    shortcomings: str = ""
    proposals: str = ""


class ValueOut(Schema):
    value: str | bool | None  # numbers as exact decimal strings ("1450", "87.5")
    display: str  # as people read it ("1.450", "87,5", "Có")
    source: str  # "manual" or "computed"
    source_detail: str


class ReportCommentOut(Schema):
    revision: int
    section: str | None
    indicator: str | None
    text: str
    by: str
    at: dt.datetime


class ReportOut(Schema):
    id: int
    period_id: int
    unit_id: int
    unit_name: str
    status: str
    version: int
    revision_count: int
    first_submitted_at: dt.datetime | None
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None
    late: bool
    answers: dict[str, AnswerOut]
    values: dict[str, ValueOut]
    comments: list[ReportCommentOut]


class ReportAnswerIn(InputSchema):
    # An omitted part stays as it is; send "" to empty it.
    done: str = Field(None, max_length=ANSWER_MAX)
    results: str = Field(None, max_length=ANSWER_MAX)
    shortcomings: str = Field(None, max_length=ANSWER_MAX)
    proposals: str = Field(None, max_length=ANSWER_MAX)


class ReportSaveIn(InputSchema):
    version: int = Field(ge=0, le=DB_ID_MAX)
    answers: dict[Code, ReportAnswerIn] = Field(default_factory=dict, max_length=100)
    values: dict[Code, RawValue] = Field(default_factory=dict, max_length=500)


class ReportCommentIn(InputSchema):
    section: str | None = Field(None, max_length=30)
    indicator: str | None = Field(None, max_length=30)
    text: str = Field(min_length=1, max_length=5000)


class ReturnIn(InputSchema):
    comments: list[ReportCommentIn] = Field(min_length=1, max_length=100)


class AcceptIn(InputSchema):
    comment: str = Field("", max_length=5000)


class CompletenessOut(Schema):
    unit_id: int
    unit_name: str
    report_id: int | None
    status: str
    status_label: str
    submitted_at: dt.datetime | None
    first_submitted_at: dt.datetime | None
    timeliness: str
    timeliness_label: str


class UnitValueOut(Schema):
    unit_id: int
    unit_name: str
    report_id: int
    status: str
    value: str | bool | None
    display: str
    source: str
    source_detail: str


class TotalOut(Schema):
    code: str
    label: str
    unit_of_measure: str
    aggregation: str
    value: str | int | None
    display: str
    reporting: int
    per_unit: list[UnitValueOut]


# Helpers -----------------------------------------------------------------------------------


def _period(request: HttpRequest, period_id: int) -> ReportPeriod:
    period = get_object_or_404(
        ReportPeriod.objects.select_related("form", "plan"), pk=period_id, archived_at=None
    )
    require(policies.can_view_period(actor_for(request.user), period), visible=False)
    return period


def _report(request: HttpRequest, report_id: int) -> UnitReport:
    report = get_object_or_404(
        UnitReport.objects.select_related("period", "unit"),
        pk=report_id,
        archived_at=None,
        period__archived_at=None,
    )
    require(policies.can_view_report(actor_for(request.user), report), visible=False)
    return report


def _my_unit(actor: Actor, unit_id: int | None) -> Unit:
    """Return the unit the caller writes for: the one asked, or their only writer unit."""
    if unit_id is not None:
        unit = get_object_or_404(Unit, pk=unit_id)
        require(actor.in_unit(unit.pk, *policies.ALL_UNIT_ROLES), visible=actor.sees_province)
        return unit
    units = selectors.writable_units(actor)
    if not units:
        require(False)
    if len(units) > 1:
        raise ApplicationError(
            "Bạn thuộc nhiều đơn vị; hãy chọn đơn vị (unit_id).", field="unit_id"
        )
    return units[0]


def _report_out(report: UnitReport) -> dict[str, Any]:
    content = selectors.report_content(report)
    return {
        "id": report.pk,
        "period_id": report.period_id,
        "unit_id": report.unit_id,
        "unit_name": report.unit.name,
        "status": report.status,
        "version": report.version,
        "revision_count": report.revision_count,
        "first_submitted_at": report.first_submitted_at,
        "submitted_at": report.submitted_at,
        "accepted_at": report.accepted_at,
        "late": report.late,
        "answers": content.answers,
        "values": {
            code: {
                "value": plain(v.raw()),
                "display": v.display(),
                "source": v.source,
                "source_detail": v.source_detail,
            }
            for code, v in content.values.items()
        },
        "comments": [
            {
                "revision": c.revision,
                "section": c.section.code if c.section else None,
                "indicator": c.indicator.code if c.indicator else None,
                "text": c.text,
                "by": c.by.get_full_name() or c.by.username,
                "at": c.at,
            }
            for c in content.comments
        ],
    }


def _decimal_text(value: Any) -> str | None:
    return None if value is None else str(plain(value))


# Periods -----------------------------------------------------------------------------------


@router.get("/periods", response={200: list[PeriodOut], **ERRORS})
def list_periods(
    request: HttpRequest, year: QueryEx[int | None, P(ge=2000, le=2100)] = None
) -> list[ReportPeriod]:
    """List the report periods the caller may see (drafts: the coordinator only)."""
    qs = selectors.periods_visible(actor_for(request.user))
    if year is not None:
        qs = qs.filter(year=year)
    return list(qs)


@router.get("/periods/{period_id}", response={200: PeriodOut, **ERRORS})
def get_period(request: HttpRequest, period_id: int) -> ReportPeriod:
    """Return one report period with its data window and due date."""
    return _period(request, period_id)


@router.get("/periods/{period_id}/form", response={200: FormOut, **ERRORS})
def get_form(request: HttpRequest, period_id: int) -> dict[str, Any]:
    """Return the period's form: narrative sections and indicators."""
    form = _period(request, period_id).form
    sections = list(form.sections.all())
    codes = {s.pk: s.code for s in sections}
    return {
        "id": form.pk,
        "title": form.title,
        "description": form.description,
        "sections": sections,
        "indicators": [
            {
                "code": i.code,
                "label": i.label,
                "section_code": codes.get(i.section_id) if i.section_id else None,
                "unit_of_measure": i.unit_of_measure,
                "value_type": i.value_type,
                "required": i.required,
                "min_value": _decimal_text(i.min_value),
                "max_value": _decimal_text(i.max_value),
                "aggregation": i.aggregation,
                "computed_source": i.computed_source,
                "computed_note": i.computed_note,
            }
            for i in form.indicators.all()
        ],
    }


@router.get("/periods/{period_id}/my-report", response={200: ReportOut, **ERRORS})
def get_my_report(
    request: HttpRequest,
    period_id: int,
    unit_id: QueryEx[int | None, P(ge=1, le=DB_ID_MAX)] = None,
) -> dict[str, Any]:
    """Return the caller's unit report for the period, starting the draft if there is none.

    Starting is idempotent: the same report comes back every time.
    """
    period = _period(request, period_id)
    actor = actor_for(request.user)
    unit = _my_unit(actor, unit_id)
    report = services.report_open_for_unit(period=period, unit=unit, by=request.user)
    return _report_out(report)


@router.put("/periods/{period_id}/my-report", response={200: ReportOut, **ERRORS})
def save_my_report(
    request: HttpRequest,
    period_id: int,
    payload: ReportSaveIn,
    unit_id: QueryEx[int | None, P(ge=1, le=DB_ID_MAX)] = None,
) -> dict[str, Any]:
    """Autosave the caller's unit report; 409 when someone saved a newer version first.

    `answers` = {section code: {done, results, shortcomings, proposals}} (omitted parts stay);
    `values` = {indicator code: number, text, yes/no, or null to clear}.
    """
    period = _period(request, period_id)
    unit = _my_unit(actor_for(request.user), unit_id)
    report = selectors.report_for_unit(period=period, unit=unit)
    if report is None:
        report = services.report_open_for_unit(period=period, unit=unit, by=request.user)
    answers = {
        code: part.dict(exclude_unset=True)
        for code, part in payload.answers.items()
        if set(part.model_fields_set) <= set(ANSWER_FIELDS)
    }
    saved = services.report_save(
        report=report,
        expected_version=payload.version,
        answers=answers,
        values=payload.values,
        by=request.user,
    )
    return _report_out(saved)


@router.get("/periods/{period_id}/completeness", response={200: list[CompletenessOut], **ERRORS})
def get_completeness(request: HttpRequest, period_id: int) -> list[dict[str, Any]]:
    """Return each unit's report status and timeliness (province-wide readers)."""
    period = _period(request, period_id)
    require(policies.can_view_consolidation(actor_for(request.user), period))
    return [
        {
            "unit_id": row.unit.pk,
            "unit_name": row.unit.name,
            "report_id": row.report.pk if row.report else None,
            "status": row.status,
            "status_label": row.status_label,
            "submitted_at": row.submitted_at,
            "first_submitted_at": row.first_submitted_at,
            "timeliness": row.timeliness,
            "timeliness_label": row.timeliness_label,
        }
        for row in selectors.completeness(period)
    ]


@router.get("/periods/{period_id}/totals", response={200: list[TotalOut], **ERRORS})
def get_totals(
    request: HttpRequest, period_id: int, include_submitted: bool = False
) -> list[dict[str, Any]]:
    """Return each indicator's total over accepted reports (and submitted ones if asked)."""
    period = _period(request, period_id)
    require(policies.can_view_consolidation(actor_for(request.user), period))
    return [
        {
            "code": t.indicator.code,
            "label": t.indicator.label,
            "unit_of_measure": t.indicator.unit_of_measure,
            "aggregation": t.indicator.aggregation,
            "value": t.value if isinstance(t.value, int) else _decimal_text(t.value),
            "display": t.display,
            "reporting": t.reporting,
            "per_unit": [
                {
                    "unit_id": u.unit.pk,
                    "unit_name": u.unit.name,
                    "report_id": u.report_id,
                    "status": u.status,
                    "value": plain(u.value),
                    "display": u.display,
                    "source": u.source,
                    "source_detail": u.source_detail,
                }
                for u in t.per_unit
            ],
        }
        for t in selectors.indicator_totals(period, include_submitted=include_submitted)
    ]


# Unit reports ------------------------------------------------------------------------------


@router.get("/unit-reports/{report_id}", response={200: ReportOut, **ERRORS})
def get_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    """Return one unit report (drafts only to the unit itself)."""
    return _report_out(_report(request, report_id))


@router.post("/unit-reports/{report_id}/submit", response={200: ReportOut, **ERRORS})
def submit_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    """Submit the report to the coordinator (unit head); 422 names missing required figures."""
    report = _report(request, report_id)
    return _report_out(services.report_submit(report=report, by=request.user))


@router.post("/unit-reports/{report_id}/return", response={200: ReportOut, **ERRORS})
def return_report(request: HttpRequest, report_id: int, payload: ReturnIn) -> dict[str, Any]:
    """Return a submitted report with comments on sections or indicators (coordinator)."""
    report = _report(request, report_id)
    comments = [c.dict() for c in payload.comments]
    return _report_out(services.report_return(report=report, comments=comments, by=request.user))


@router.post("/unit-reports/{report_id}/accept", response={200: ReportOut, **ERRORS})
def accept_report(request: HttpRequest, report_id: int, payload: AcceptIn) -> dict[str, Any]:
    """Accept a submitted report (coordinator); its figures then count in the totals."""
    report = _report(request, report_id)
    saved = services.report_accept(report=report, comment=payload.comment, by=request.user)
    return _report_out(saved)

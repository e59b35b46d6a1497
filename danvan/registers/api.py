"""JSON endpoints of the registers: propaganda activities, inspections, discipline cases.

The name, position and decision number of a disciplined official are null in every answer
except to the coordinator and the head of the official's unit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, P, QueryEx, Router, Schema, Status

from danvan.core.access import Actor, actor_for, require
from danvan.core.errors import ApplicationError
from danvan.core.schemas import DB_ID_MAX, ERRORS, InputSchema
from danvan.orgs.models import Unit

from . import policies, selectors, services
from .models import (
    DisciplineCase,
    DisciplineForm,
    Inspection,
    PropagandaActivity,
    PropagandaFormat,
    TargetGroup,
    ViolationKind,
)

router = Router(tags=["Sổ theo dõi"])

FormatCode = Literal[tuple(PropagandaFormat.values)]  # type: ignore[valid-type]
GroupCode = Literal[tuple(TargetGroup.values)]  # type: ignore[valid-type]
ViolationCode = Literal[tuple(ViolationKind.values)]  # type: ignore[valid-type]
DisciplineCode = Literal[tuple(DisciplineForm.values)]  # type: ignore[valid-type]


class PropagandaOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    held_on: dt.date
    format: str
    target_groups: list[str]
    title: str
    participants: int
    notes: str
    has_evidence: bool
    version: int


class PropagandaIn(InputSchema):
    unit_id: int = Field(ge=1, le=DB_ID_MAX)
    held_on: dt.date
    format: FormatCode
    target_groups: list[GroupCode] = Field(min_length=1, max_length=len(TargetGroup.values))
    title: str = Field(min_length=1, max_length=300)
    participants: int = Field(ge=0, le=services.MAX_PARTICIPANTS)
    notes: str = Field("", max_length=5000)


class PropagandaUpdateIn(InputSchema):
    version: int = Field(ge=0, le=DB_ID_MAX)
    held_on: dt.date = Field(None)
    format: FormatCode = Field(None)
    target_groups: list[GroupCode] = Field(None, min_length=1, max_length=len(TargetGroup.values))
    title: str = Field(None, min_length=1, max_length=300)
    participants: int = Field(None, ge=0, le=services.MAX_PARTICIPANTS)
    notes: str = Field(None, max_length=5000)


class InspectionOut(Schema):
    id: int
    held_on: dt.date
    inspecting_unit_id: int
    inspecting_unit_name: str
    inspected_unit_id: int
    inspected_unit_name: str
    scope: str
    findings: str
    version: int


class InspectionIn(InputSchema):
    held_on: dt.date
    inspecting_unit_id: int = Field(ge=1, le=DB_ID_MAX)
    inspected_unit_id: int = Field(ge=1, le=DB_ID_MAX)
    scope: str = Field(min_length=1, max_length=5000)
    findings: str = Field("", max_length=10000)


class InspectionUpdateIn(InputSchema):
    version: int = Field(ge=0, le=DB_ID_MAX)
    held_on: dt.date = Field(None)
    scope: str = Field(None, min_length=1, max_length=5000)
    findings: str = Field(None, max_length=10000)


class CaseUpdateIn(InputSchema):
    version: int = Field(ge=0, le=DB_ID_MAX)
    official_name: str = Field(None, min_length=1, max_length=200)
    official_position: str = Field(None, max_length=200)
    violation_kind: ViolationCode = Field(None)
    description: str = Field(None, min_length=1, max_length=5000)
    decision_number: str = Field(None, min_length=1, max_length=60)
    decision_date: dt.date = Field(None)
    discipline_form: DisciplineCode = Field(None)


class DisciplineCaseOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    inspection_id: int | None
    violation_kind: str
    description: str
    decision_date: dt.date
    discipline_form: str
    personal_data_visible: bool
    official_name: str | None
    official_position: str | None
    decision_number: str | None


class CaseIn(InputSchema):
    unit_id: int = Field(ge=1, le=DB_ID_MAX)
    inspection_id: int | None = Field(None, ge=1, le=DB_ID_MAX)
    official_name: str = Field(min_length=1, max_length=200)
    official_position: str = Field("", max_length=200)
    violation_kind: ViolationCode
    description: str = Field(min_length=1, max_length=5000)
    decision_number: str = Field(min_length=1, max_length=60)
    decision_date: dt.date
    discipline_form: DisciplineCode


class TotalsOut(Schema):
    unit_id: int
    date_from: dt.date
    date_to: dt.date
    propaganda_events: int
    propaganda_participants: int
    officials_disciplined: int


def _unit(unit_id: int, field: str = "unit_id") -> Unit:
    unit = Unit.objects.filter(pk=unit_id, archived_at__isnull=True).first()
    if unit is None:
        raise ApplicationError("Không có đơn vị này.", field=field, code="not_found")
    return unit


def _propaganda_out(a: PropagandaActivity) -> dict[str, Any]:
    return {
        "id": a.pk,
        "unit_id": a.unit_id,
        "unit_name": a.unit.name,
        "held_on": a.held_on,
        "format": a.format,
        "target_groups": a.target_groups,
        "title": a.title,
        "participants": a.participants,
        "notes": a.notes,
        "has_evidence": bool(a.file),
        "version": a.version,
    }


def _inspection_out(i: Inspection) -> dict[str, Any]:
    return {
        "id": i.pk,
        "held_on": i.held_on,
        "inspecting_unit_id": i.inspecting_unit_id,
        "inspecting_unit_name": i.inspecting_unit.name,
        "inspected_unit_id": i.inspected_unit_id,
        "inspected_unit_name": i.inspected_unit.name,
        "scope": i.scope,
        "findings": i.findings,
        "version": i.version,
    }


def _case_out(actor: Actor, case: DisciplineCase) -> dict[str, Any]:
    view = selectors.case_view(actor, case)
    return {
        "id": case.pk,
        "unit_id": case.unit_id,
        "unit_name": case.unit.name,
        "inspection_id": case.inspection_id,
        "violation_kind": case.violation_kind,
        "description": case.description,
        "decision_date": case.decision_date,
        "discipline_form": case.discipline_form,
        "personal_data_visible": view.personal,
        "official_name": view.official_name,
        "official_position": view.official_position,
        "decision_number": view.decision_number,
    }


def _filters(
    q: str | None, unit_id: int | None, date_from: dt.date | None, date_to: dt.date | None
) -> selectors.Filters:
    return selectors.Filters(q=q or "", unit_id=unit_id, date_from=date_from, date_to=date_to)


Query = QueryEx[str | None, P(max_length=200)]
UnitQuery = QueryEx[int | None, P(ge=1, le=DB_ID_MAX)]


@router.get("/propaganda", response={200: list[PropagandaOut], **ERRORS})
def list_propaganda(
    request: HttpRequest,
    q: Query = None,
    unit_id: UnitQuery = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[dict[str, Any]]:
    """List the propaganda activities the caller may read."""
    actor = actor_for(request.user)
    require(policies.can_use_registers(actor))
    qs = selectors.propaganda_visible(actor, _filters(q, unit_id, date_from, date_to))
    return [_propaganda_out(a) for a in qs[:1000]]


@router.post("/propaganda", response={201: PropagandaOut, **ERRORS})
def create_propaganda(request: HttpRequest, payload: PropagandaIn) -> Status[dict[str, Any]]:
    """Record a propaganda activity for a unit (its officers and heads, or the coordinator)."""
    data = payload.dict()
    unit = _unit(data.pop("unit_id"))
    activity = services.propaganda_create(unit=unit, by=request.user, **data)
    return Status(201, _propaganda_out(activity))


def _activity(request: HttpRequest, propaganda_id: int) -> PropagandaActivity:
    activity = get_object_or_404(
        PropagandaActivity.objects.select_related("unit"), pk=propaganda_id, archived_at=None
    )
    require(policies.can_view_propaganda(actor_for(request.user), activity), visible=False)
    return activity


@router.get("/propaganda/{propaganda_id}", response={200: PropagandaOut, **ERRORS})
def get_propaganda(request: HttpRequest, propaganda_id: int) -> dict[str, Any]:
    """Return one propaganda activity."""
    return _propaganda_out(_activity(request, propaganda_id))


@router.patch("/propaganda/{propaganda_id}", response={200: PropagandaOut, **ERRORS})
def update_propaganda(
    request: HttpRequest, propaganda_id: int, payload: PropagandaUpdateIn
) -> dict[str, Any]:
    """Correct a propaganda activity (send the version you read)."""
    activity = _activity(request, propaganda_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    saved = services.propaganda_update(
        activity=activity, expected_version=version, by=request.user, **data
    )
    return _propaganda_out(saved)


@router.post("/propaganda/{propaganda_id}/archive", response={200: PropagandaOut, **ERRORS})
def archive_propaganda(request: HttpRequest, propaganda_id: int) -> dict[str, Any]:
    """Withdraw an activity recorded by mistake (it is archived, never deleted)."""
    activity = _activity(request, propaganda_id)
    return _propaganda_out(services.propaganda_archive(activity=activity, by=request.user))


@router.get("/inspections", response={200: list[InspectionOut], **ERRORS})
def list_inspections(
    request: HttpRequest,
    q: Query = None,
    unit_id: UnitQuery = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[dict[str, Any]]:
    """List the inspections the caller may read."""
    actor = actor_for(request.user)
    require(policies.can_use_registers(actor))
    qs = selectors.inspections_visible(actor, _filters(q, unit_id, date_from, date_to))
    return [_inspection_out(i) for i in qs[:1000]]


@router.post("/inspections", response={201: InspectionOut, **ERRORS})
def create_inspection(request: HttpRequest, payload: InspectionIn) -> Status[dict[str, Any]]:
    """Record an inspection held by the caller's unit (or by any unit, for the coordinator)."""
    data = payload.dict()
    inspection = services.inspection_create(
        held_on=data["held_on"],
        inspecting_unit=_unit(data["inspecting_unit_id"], "inspecting_unit_id"),
        inspected_unit=_unit(data["inspected_unit_id"], "inspected_unit_id"),
        scope=data["scope"],
        findings=data["findings"],
        by=request.user,
    )
    return Status(201, _inspection_out(inspection))


@router.get("/inspections/{inspection_id}", response={200: InspectionOut, **ERRORS})
def get_inspection(request: HttpRequest, inspection_id: int) -> dict[str, Any]:
    """Return one inspection."""
    inspection = get_object_or_404(
        Inspection.objects.select_related("inspecting_unit", "inspected_unit"),
        pk=inspection_id,
        archived_at=None,
    )
    require(policies.can_view_inspection(actor_for(request.user), inspection), visible=False)
    return _inspection_out(inspection)


@router.patch("/inspections/{inspection_id}", response={200: InspectionOut, **ERRORS})
def update_inspection(
    request: HttpRequest, inspection_id: int, payload: InspectionUpdateIn
) -> dict[str, Any]:
    """Correct an inspection or add its findings (send the version you read)."""
    inspection = get_object_or_404(
        Inspection.objects.select_related("inspecting_unit", "inspected_unit"),
        pk=inspection_id,
        archived_at=None,
    )
    require(policies.can_view_inspection(actor_for(request.user), inspection), visible=False)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    saved = services.inspection_update(
        inspection=inspection, expected_version=version, by=request.user, **data
    )
    return _inspection_out(saved)


@router.get("/discipline-cases", response={200: list[DisciplineCaseOut], **ERRORS})
def list_cases(
    request: HttpRequest,
    q: Query = None,
    unit_id: UnitQuery = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[dict[str, Any]]:
    """List discipline cases; personal data only where the caller may see it."""
    actor = actor_for(request.user)
    require(policies.can_use_registers(actor))
    qs = selectors.cases_visible(actor, _filters(q, unit_id, date_from, date_to))
    return [_case_out(actor, c) for c in qs[:1000]]


@router.post("/discipline-cases", response={201: DisciplineCaseOut, **ERRORS})
def create_case(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    """Record a discipline case (coordinator, or the head of the official's unit)."""
    data = payload.dict()
    unit = _unit(data.pop("unit_id"))
    inspection_id = data.pop("inspection_id")
    inspection = None
    if inspection_id is not None:
        inspection = Inspection.objects.filter(pk=inspection_id, archived_at=None).first()
        if inspection is None:
            raise ApplicationError("Không có cuộc kiểm tra này.", field="inspection_id")
    case = services.discipline_case_create(
        unit=unit, inspection=inspection, by=request.user, **data
    )
    return Status(201, _case_out(actor_for(request.user), case))


@router.get("/discipline-cases/{discipline_case_id}", response={200: DisciplineCaseOut, **ERRORS})
def get_case(request: HttpRequest, discipline_case_id: int) -> dict[str, Any]:
    """Return one discipline case; personal data only where the caller may see it."""
    case = get_object_or_404(
        DisciplineCase.objects.select_related("unit"), pk=discipline_case_id, archived_at=None
    )
    actor = actor_for(request.user)
    require(policies.can_view_case(actor, case), visible=False)
    return _case_out(actor, case)


@router.patch("/discipline-cases/{discipline_case_id}", response={200: DisciplineCaseOut, **ERRORS})
def update_case(
    request: HttpRequest, discipline_case_id: int, payload: CaseUpdateIn
) -> dict[str, Any]:
    """Correct a discipline case (coordinator, or the head of the official's unit)."""
    case = get_object_or_404(
        DisciplineCase.objects.select_related("unit"), pk=discipline_case_id, archived_at=None
    )
    actor = actor_for(request.user)
    require(policies.can_view_case(actor, case), visible=False)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    saved = services.discipline_case_update(
        case=case, expected_version=version, by=request.user, **data
    )
    return _case_out(actor, saved)


@router.get("/totals", response={200: TotalsOut, **ERRORS})
def totals(
    request: HttpRequest,
    unit_id: QueryEx[int, P(ge=1, le=DB_ID_MAX)],
    date_from: dt.date,
    date_to: dt.date,
) -> dict[str, Any]:
    """Return the figures the unit's report takes from the registers for a date range."""
    actor = actor_for(request.user)
    unit = _unit(unit_id)
    require(actor.sees_province or actor.in_unit(unit.pk, *policies.UNIT_READERS))
    figures = selectors.unit_totals(unit.pk, date_from, date_to)
    return {
        "unit_id": unit.pk,
        "date_from": date_from,
        "date_to": date_to,
        "propaganda_events": figures["events"],
        "propaganda_participants": figures["participants"],
        "officials_disciplined": selectors.unit_cases(
            unit.pk, date_from, date_to, ViolationKind.HARASSMENT
        ),
    }

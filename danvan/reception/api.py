"""JSON endpoints of the reception register and schedule.

The register's personal data never leaves through the API: entries come with the number of
people and whether it was a group, not with names or ID numbers. Writes may send the people
who came (they are stored, and shown on the page to those entitled).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, P, QueryEx, Router, Schema, Status
from pydantic import BeforeValidator

from danvan.core.access import actor_for, require
from danvan.core.schemas import DB_ID_MAX, ERRORS, InputSchema
from danvan.orgs.models import Unit

from . import policies, selectors, services
from .models import Classification, Handling, Mode, ReceiverKind, Reception, ReceptionSession

router = Router(tags=["Tiếp công dân"])


def _text_only(value: Any) -> Any:
    # Pydantic would read a bare number as seconds since 1970 (or since midnight); a client
    # sending 12345 for a date and time has made a mistake, so say so on that field.
    if not isinstance(value, str):
        raise ValueError("expected an ISO 8601 string")
    return value


When = Annotated[dt.datetime, BeforeValidator(_text_only)]
Clock = Annotated[dt.time, BeforeValidator(_text_only)]
Text = Annotated[str, Field(max_length=20000)]
Short = Annotated[str, Field(max_length=255)]


class ReceptionOut(Schema):
    id: int
    unit_id: int
    unit: str
    received_at: dt.datetime
    receiver_kind: str
    receiver_name: str
    mode: str
    people_count: int
    group_visit: bool
    summary: str
    documents_received: str
    classification: str
    handling: str
    handling_note: str
    transferred_to: str
    version: int


def _reception_out(r: Reception) -> dict[str, Any]:
    return {
        "id": r.pk,
        "unit_id": r.unit_id,
        "unit": r.unit.name,
        "received_at": r.received_at,
        "receiver_kind": r.receiver_kind,
        "receiver_name": r.receiver_name,
        "mode": r.mode,
        "people_count": r.people_count,
        "group_visit": r.is_group(),
        "summary": r.summary,
        "documents_received": r.documents_received,
        "classification": r.classification,
        "handling": r.handling,
        "handling_note": r.handling_note,
        "transferred_to": r.transferred_to,
        "version": r.version,
    }


class CitizenIn(InputSchema):
    full_name: Annotated[str, Field(max_length=160)]
    id_number: Annotated[str, Field(max_length=20)] = ""
    address: Short = ""
    phone: Annotated[str, Field(max_length=20)] = ""
    is_representative: bool = False


class ReceptionIn(InputSchema):
    unit_id: Annotated[int, Field(ge=1, le=DB_ID_MAX)]
    received_at: When
    receiver_kind: ReceiverKind = ReceiverKind.OFFICER
    receiver_name: Annotated[str, Field(max_length=160)]
    mode: Mode = Mode.IN_PERSON
    people_count: Annotated[int, Field(ge=1, le=10000)] = 1
    summary: Text
    documents_received: Text = ""
    classification: Classification
    handling: Handling
    handling_note: Text = ""
    transferred_to: Short = ""
    citizens: Annotated[list[CitizenIn], Field(min_length=1, max_length=200)]


class SessionOut(Schema):
    id: int
    unit_id: int
    unit: str
    day: dt.date
    starts_at: dt.time
    ends_at: dt.time
    place: str
    mode: str
    host_name: str
    host_position: str
    host_is_head: bool
    status: str
    counts_towards_minimum: bool


def _session_out(s: ReceptionSession) -> dict[str, Any]:
    return {
        "id": s.pk,
        "unit_id": s.unit_id,
        "unit": s.unit.name,
        "day": s.day,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "place": s.place,
        "mode": s.mode,
        "host_name": s.host_name,
        "host_position": s.host_position,
        "host_is_head": s.host_is_head,
        "status": s.status,
        "counts_towards_minimum": s.counts_towards_minimum(),
    }


class SessionIn(InputSchema):
    unit_id: Annotated[int, Field(ge=1, le=DB_ID_MAX)]
    day: dt.date
    starts_at: Clock
    ends_at: Clock
    place: Short
    mode: Mode = Mode.IN_PERSON
    host_name: Annotated[str, Field(max_length=160)]
    host_position: Annotated[str, Field(max_length=160)]
    host_is_head: bool = True
    public: bool = True
    note: Text = ""


class ShortfallOut(Schema):
    unit_id: int
    unit: str
    starts_on: dt.date
    ends_on: dt.date
    required: int
    counted: int
    basis: str


def _unit(unit_id: int) -> Unit:
    return get_object_or_404(Unit, pk=unit_id, archived_at__isnull=True)


@router.get("/", response={200: list[ReceptionOut], **ERRORS})
def list_receptions(
    request: HttpRequest,
    unit_id: QueryEx[int | None, P(ge=1, le=DB_ID_MAX)] = None,
    classification: Classification | None = None,
    q: QueryEx[str, P(max_length=200)] = "",
    limit: QueryEx[int, P(ge=1, le=500)] = 100,
    offset: QueryEx[int, P(ge=0, le=10**9)] = 0,
) -> list[dict[str, Any]]:
    """List register entries the caller may read, newest first (no personal data)."""
    rows = selectors.receptions_visible(
        actor=actor_for(request.user),
        unit_id=unit_id,
        classification=classification or "",
        query=q,
    )
    return [_reception_out(r) for r in rows[offset : offset + limit]]


@router.post("/", response={201: ReceptionOut, **ERRORS})
def record_reception(request: HttpRequest, payload: ReceptionIn) -> Status:
    """Record a visit in a unit's register, with the people who came."""
    unit = _unit(payload.unit_id)
    require(policies.can_record(actor_for(request.user), unit.pk))
    data = payload.dict()
    data.pop("unit_id")
    citizens = data.pop("citizens")
    reception = services.reception_record(unit=unit, citizens=citizens, by=request.user, **data)
    return Status(201, _reception_out(reception))


@router.get("/sessions", response={200: list[SessionOut], **ERRORS})
def list_sessions(
    request: HttpRequest,
    year: QueryEx[int, P(ge=2000, le=2100)],
    month: QueryEx[int, P(ge=1, le=12)],
    unit_id: QueryEx[int | None, P(ge=1, le=DB_ID_MAX)] = None,
) -> list[dict[str, Any]]:
    """Return a month of the schedule of the units the caller may read."""
    units = selectors.units_for(actor_for(request.user))
    if unit_id is not None:
        units = units.filter(pk=unit_id)
    rows = selectors.sessions_of(
        unit_ids=list(units.values_list("pk", flat=True)), year=year, month=month
    )
    return [_session_out(s) for s in rows]


@router.post("/sessions", response={201: SessionOut, **ERRORS})
def schedule_session(request: HttpRequest, payload: SessionIn) -> Status:
    """Put a reception day on a unit's schedule."""
    unit = _unit(payload.unit_id)
    require(policies.can_manage_schedule(actor_for(request.user), unit.pk))
    data = payload.dict()
    data.pop("unit_id")
    session = services.session_schedule(unit=unit, by=request.user, **data)
    return Status(201, _session_out(session))


@router.get("/schedule-warnings", response={200: list[ShortfallOut], **ERRORS})
def schedule_warnings(
    request: HttpRequest,
    year: QueryEx[int, P(ge=2000, le=2100)],
    month: QueryEx[int, P(ge=1, le=12)],
    unit_id: QueryEx[int | None, P(ge=1, le=DB_ID_MAX)] = None,
) -> list[dict[str, Any]]:
    """Return where the heads' schedules fall short of the legal minimum that month."""
    units = selectors.units_for(actor_for(request.user))
    if unit_id is not None:
        units = units.filter(pk=unit_id)
    return [
        {
            "unit_id": w.unit.pk,
            "unit": w.unit.name,
            "starts_on": w.shortfall.starts_on,
            "ends_on": w.shortfall.ends_on,
            "required": w.shortfall.required,
            "counted": w.shortfall.counted,
            "basis": w.shortfall.basis,
        }
        for w in selectors.schedule_warnings(units=list(units), year=year, month=month)
    ]


@router.get("/{reception_id}", response={200: ReceptionOut, **ERRORS})
def get_reception(request: HttpRequest, reception_id: int) -> dict[str, Any]:
    """Return one register entry (no personal data)."""
    reception = get_object_or_404(
        Reception.objects.select_related("unit"), pk=reception_id, archived_at__isnull=True
    )
    require(policies.can_view_register(actor_for(request.user), reception.unit_id), visible=False)
    return _reception_out(reception)

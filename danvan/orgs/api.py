"""JSON endpoints for units and groups (read-only for now)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import P, QueryEx, Router, Schema

from danvan.core.schemas import ERRORS, NO_NUL

from .models import Unit, UnitGroup
from .selectors import unit_successors, units_search

router = Router(tags=["units"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class UnitDetailOut(UnitOut):
    address: str
    phone: str
    email: str
    aliases: list[str]
    successor_ids: list[int]


class GroupOut(Schema):
    id: int
    code: str
    name: str
    member_ids: list[int]


@router.get("", response={200: list[UnitOut], **ERRORS})
def list_units(
    request: HttpRequest,
    q: QueryEx[str, P(max_length=200, pattern=NO_NUL)] = "",
    kind: QueryEx[str, P(max_length=40, pattern=NO_NUL)] = "",
    on: dt.date | None = None,
) -> list[Unit]:
    """List units, searching name, short name, code and aliases without diacritics."""
    qs = units_search(query=q, on=on)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs[:1000])


@router.get("/groups", response={200: list[GroupOut], **ERRORS})
def list_groups(request: HttpRequest) -> list[dict[str, object]]:
    """List unit groups with their members."""
    rows = UnitGroup.objects.filter(archived_at=None).prefetch_related("members")
    return [
        {"id": g.pk, "code": g.code, "name": g.name, "member_ids": [m.pk for m in g.members.all()]}
        for g in rows
    ]


@router.get("/{unit_id}", response={200: UnitDetailOut, **ERRORS})
def get_unit(request: HttpRequest, unit_id: int) -> dict[str, object]:
    """Return one unit with its successors."""
    unit = get_object_or_404(Unit, pk=unit_id)
    data = UnitOut.from_orm(unit).dict()
    data.update(
        address=unit.address,
        phone=unit.phone,
        email=unit.email,
        aliases=unit.aliases,
        successor_ids=[u.pk for u in unit_successors(unit=unit)],
    )
    return data

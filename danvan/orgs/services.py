"""Writes on units, groups and roles."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.access import actor_for, require
from danvan.core.audit import audit_record, snapshot
from danvan.core.errors import ApplicationError
from danvan.core.locking import lock_for_edit
from danvan.lib.vntext import fold, nfc

from .models import RoleAssignment, Unit, UnitGroup, UnitKind, UnitSuccession

UNIT_FIELDS = (
    "name",
    "short_name",
    "kind",
    "parent",
    "valid_from",
    "valid_to",
    "address",
    "phone",
    "email",
    "aliases",
)


def unit_search_text(unit: Unit) -> str:
    """Return the folded text a unit is searched by."""
    return fold(" ".join([unit.code, unit.name, unit.short_name, *unit.aliases]))


def _check_unit(unit: Unit) -> None:
    if not unit.name:
        raise ApplicationError(_("Tên đơn vị không được để trống."), field="name")
    if unit.kind not in UnitKind.values:
        raise ApplicationError(_("Loại đơn vị không hợp lệ."), field="kind")
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        raise ApplicationError(_("Ngày hết hiệu lực phải sau ngày có hiệu lực."), field="valid_to")
    if unit.parent_id and unit.parent_id == unit.pk:
        raise ApplicationError(_("Đơn vị không thể là cấp trên của chính nó."), field="parent")


def _require_admin(by: Any) -> None:
    actor = actor_for(by)
    require(actor.is_admin or actor.is_coordinator)


@transaction.atomic
def unit_create(*, code: str, name: str, kind: str, by: Any, **fields: Any) -> Unit:
    """Create a unit."""
    _require_admin(by)
    code = nfc(code).strip().upper()
    if not code:
        raise ApplicationError(_("Mã đơn vị không được để trống."), field="code")
    if Unit.objects.filter(code=code).exists():
        raise ApplicationError(_("Mã đơn vị %(code)s đã tồn tại.") % {"code": code}, field="code")
    unit = Unit(code=code, name=nfc(name).strip(), kind=kind, **fields)
    _check_unit(unit)
    unit.search_text = unit_search_text(unit)
    unit.save()
    audit_record(action="unit.create", obj=unit, by=by)
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, expected_version: int | None, by: Any, **fields: Any) -> Unit:
    """Change a unit's details; old records keep pointing at the same unit."""
    _require_admin(by)
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown unit fields: {sorted(unknown)}")
    fresh = lock_for_edit(unit, expected_version)
    before = snapshot(fresh)
    for key, value in fields.items():
        setattr(fresh, key, nfc(value).strip() if isinstance(value, str) else value)
    _check_unit(fresh)
    fresh.search_text = unit_search_text(fresh)
    fresh.save()
    audit_record(action="unit.update", obj=fresh, by=by, before=before)
    return fresh


@transaction.atomic
def unit_dissolve(
    *, unit: Unit, successors: list[Unit], on: dt.date, kind: str, by: Any, basis: str = ""
) -> Unit:
    """End a unit on the day before `on` and link it to the units that take over its work."""
    _require_admin(by)
    if not successors:
        raise ApplicationError(_("Hãy chọn đơn vị kế thừa."), field="successors")
    if unit.valid_from and on <= unit.valid_from:
        raise ApplicationError(_("Ngày kết thúc phải sau ngày có hiệu lực."), field="on")
    fresh = lock_for_edit(unit, None)
    before = snapshot(fresh, ["valid_to"])
    fresh.valid_to = on - dt.timedelta(days=1)
    fresh.save()
    for succ in successors:
        if succ.pk == unit.pk:
            raise ApplicationError(_("Đơn vị kế thừa phải khác đơn vị cũ."), field="successors")
        UnitSuccession.objects.get_or_create(
            predecessor=fresh, successor=succ, defaults={"kind": kind, "on": on, "basis": basis}
        )
    audit_record(
        action="unit.dissolve",
        obj=fresh,
        by=by,
        before=before,
        after={"valid_to": fresh.valid_to.isoformat(), "successors": [s.code for s in successors]},
    )
    return fresh


@transaction.atomic
def group_set_members(*, group: UnitGroup, members: list[Unit], by: Any) -> UnitGroup:
    """Replace the members of a unit group."""
    _require_admin(by)
    before = {"members": sorted(group.members.values_list("code", flat=True))}
    group.members.set(members)
    audit_record(
        action="group.set_members",
        obj=group,
        by=by,
        before=before,
        after={"members": sorted(u.code for u in members)},
    )
    return group


@transaction.atomic
def role_grant(*, user: Any, unit: Unit, role: str, by: Any, title: str = "") -> RoleAssignment:
    """Give a user a role in a unit (idempotent)."""
    require(actor_for(by).is_admin)
    grant, created = RoleAssignment.objects.get_or_create(
        user=user, unit=unit, role=role, archived_at=None, defaults={"title": title}
    )
    if created:
        audit_record(action="role.grant", obj=grant, by=by)
    return grant


@transaction.atomic
def role_revoke(*, grant: RoleAssignment, by: Any) -> RoleAssignment:
    """Withdraw a role; the row is archived, not deleted."""
    require(actor_for(by).is_admin)
    grant.archived_at = timezone.now()
    grant.save(update_fields=["archived_at", "updated_at"])
    audit_record(action="role.revoke", obj=grant, by=by)
    return grant

"""Writes on the registers: propaganda activities, inspections, discipline cases."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.access import actor_for, require
from danvan.core.audit import audit_record, snapshot
from danvan.core.errors import ApplicationError
from danvan.core.images import EXTENSION_FORMATS, reencode_image
from danvan.core.locking import lock_for_edit
from danvan.core.uploads import check_upload
from danvan.lib.vntext import fold, nfc
from danvan.orgs.models import Unit

from . import policies
from .models import (
    DisciplineCase,
    DisciplineForm,
    Inspection,
    PropagandaActivity,
    PropagandaFormat,
    TargetGroup,
    ViolationKind,
)

MAX_PARTICIPANTS = 10_000_000
PERSONAL_FIELDS = ("official_name", "official_position", "decision_number")
PROPAGANDA_FIELDS = ("held_on", "format", "target_groups", "title", "participants", "notes")
INSPECTION_FIELDS = ("held_on", "inspecting_unit", "inspected_unit", "scope", "findings")
CASE_FIELDS = (
    "inspection",
    "official_name",
    "official_position",
    "violation_kind",
    "description",
    "decision_number",
    "decision_date",
    "discipline_form",
)


def _text(value: Any, limit: int | None = None) -> str:
    text = nfc(str(value or "")).strip()
    return text[:limit] if limit else text


def _check_date(day: dt.date | None, field: str) -> dt.date:
    if day is None:
        raise ApplicationError(_("Hãy nhập ngày."), field=field)
    if day > timezone.localdate():
        raise ApplicationError(_("Ngày không được sau hôm nay."), field=field)
    if day.year < 2000:
        raise ApplicationError(_("Ngày không hợp lệ."), field=field)
    return day


def _check_unit(unit: Unit, field: str) -> None:
    if unit.is_archived:
        raise ApplicationError(_("Đơn vị đã bị lưu trữ."), field=field)


# Propaganda ----------------------------------------------------------------------------------


def _clean_propaganda(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if "title" in out:
        out["title"] = _text(out["title"], 300)
        if not out["title"]:
            raise ApplicationError(_("Hãy nhập nội dung, chủ đề."), field="title")
    if "notes" in out:
        out["notes"] = _text(out["notes"], 5000)
    if "format" in out and out["format"] not in PropagandaFormat.values:
        raise ApplicationError(_("Hình thức không hợp lệ."), field="format")
    if "target_groups" in out:
        groups = list(dict.fromkeys(out["target_groups"] or []))
        if not groups:
            raise ApplicationError(_("Hãy chọn ít nhất một đối tượng."), field="target_groups")
        if any(g not in TargetGroup.values for g in groups):
            raise ApplicationError(_("Đối tượng không hợp lệ."), field="target_groups")
        out["target_groups"] = [g for g in TargetGroup.values if g in groups]
    if "participants" in out:
        n = out["participants"]
        if n is None or not 0 <= int(n) <= MAX_PARTICIPANTS:
            raise ApplicationError(_("Số lượt người không hợp lệ."), field="participants")
    if "held_on" in out:
        out["held_on"] = _check_date(out["held_on"], "held_on")
    return out


def _propaganda_search(activity: PropagandaActivity) -> str:
    return fold(f"{activity.title} {activity.notes} {activity.unit.name}")


MAX_PIXELS = 40_000_000  # a photo above 40 megapixels is refused (decompression bombs)
MAX_SIDE = 3000  # photos are scaled down to at most 3000 px on their longer side


def _attach(activity: PropagandaActivity, upload: UploadedFile | None) -> None:
    if upload is None:
        return
    try:
        name, ext, content_type = check_upload(upload)
    except ApplicationError as exc:
        raise ApplicationError(exc.message, field="evidence") from exc
    content: Any = upload
    size = upload.size or 0
    if ext in (".jpg", ".jpeg", ".png"):
        clean = reencode_image(
            upload.read(),
            name=name,
            field="evidence",
            max_side=MAX_SIDE,
            max_pixels=MAX_PIXELS,
            formats=[EXTENSION_FORMATS[ext]],
        )
        content = ContentFile(clean.data)
        size = len(clean.data)
    activity.token = secrets.token_hex(16)
    activity.extension = ext
    activity.original_name = name
    activity.content_type = content_type
    activity.size = size
    activity.file.save(f"{activity.token}{ext}", content, save=False)


@transaction.atomic
def propaganda_create(
    *,
    unit: Unit,
    held_on: dt.date,
    format: str,
    target_groups: Sequence[str],
    title: str,
    participants: int,
    notes: str = "",
    evidence: UploadedFile | None = None,
    by: Any,
) -> PropagandaActivity:
    """Record a propaganda or awareness activity of a unit."""
    require(policies.can_record_for(actor_for(by), unit.pk))
    _check_unit(unit, "unit")
    data = _clean_propaganda(
        {
            "held_on": held_on,
            "format": format,
            "target_groups": list(target_groups),
            "title": title,
            "participants": participants,
            "notes": notes,
        }
    )
    activity = PropagandaActivity(unit=unit, recorded_by=by, **data)
    activity.target_groups_key = "," + ",".join(activity.target_groups) + ","
    activity.search_text = _propaganda_search(activity)
    _attach(activity, evidence)
    activity.save()
    audit_record(action="propaganda.create", obj=activity, by=by)
    return activity


@transaction.atomic
def propaganda_update(
    *,
    activity: PropagandaActivity,
    expected_version: int | None,
    by: Any,
    evidence: UploadedFile | None = None,
    **fields: Any,
) -> PropagandaActivity:
    """Correct a recorded activity; refused if someone else saved it first."""
    require(policies.can_edit_propaganda(actor_for(by), activity))
    unknown = set(fields) - set(PROPAGANDA_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown fields: {sorted(unknown)}")
    fresh = lock_for_edit(activity, expected_version)
    before = snapshot(fresh)
    for key, value in _clean_propaganda(fields).items():
        setattr(fresh, key, value)
    fresh.target_groups_key = "," + ",".join(fresh.target_groups) + ","
    fresh.search_text = _propaganda_search(fresh)
    _attach(fresh, evidence)
    fresh.save()
    audit_record(action="propaganda.update", obj=fresh, by=by, before=before)
    return fresh


@transaction.atomic
def propaganda_archive(*, activity: PropagandaActivity, by: Any) -> PropagandaActivity:
    """Withdraw an activity recorded by mistake (archived, never deleted)."""
    require(policies.can_edit_propaganda(actor_for(by), activity))
    fresh = lock_for_edit(activity, None)
    fresh.archived_at = timezone.now()
    fresh.save()
    audit_record(
        action="propaganda.archive",
        obj=fresh,
        by=by,
        before={"archived_at": None},
        after={"archived_at": fresh.archived_at.isoformat()},
    )
    return fresh


# Inspections ---------------------------------------------------------------------------------


def _clean_inspection(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if "scope" in out:
        out["scope"] = _text(out["scope"], 5000)
        if not out["scope"]:
            raise ApplicationError(_("Hãy nhập nội dung, phạm vi kiểm tra."), field="scope")
    if "findings" in out:
        out["findings"] = _text(out["findings"], 10000)
    if "held_on" in out:
        out["held_on"] = _check_date(out["held_on"], "held_on")
    for key in ("inspecting_unit", "inspected_unit"):
        if key in out:
            _check_unit(out[key], key)
    return out


def _inspection_search(inspection: Inspection) -> str:
    return fold(
        f"{inspection.scope} {inspection.findings} {inspection.inspecting_unit.name} "
        f"{inspection.inspected_unit.name}"
    )


@transaction.atomic
def inspection_create(
    *,
    held_on: dt.date,
    inspecting_unit: Unit,
    inspected_unit: Unit,
    scope: str,
    findings: str = "",
    by: Any,
) -> Inspection:
    """Record a public-service inspection held by `inspecting_unit`."""
    require(policies.can_record_inspection(actor_for(by), inspecting_unit.pk))
    data = _clean_inspection(
        {
            "held_on": held_on,
            "inspecting_unit": inspecting_unit,
            "inspected_unit": inspected_unit,
            "scope": scope,
            "findings": findings,
        }
    )
    inspection = Inspection(recorded_by=by, **data)
    inspection.search_text = _inspection_search(inspection)
    inspection.save()
    audit_record(action="inspection.create", obj=inspection, by=by)
    return inspection


@transaction.atomic
def inspection_update(
    *, inspection: Inspection, expected_version: int | None, by: Any, **fields: Any
) -> Inspection:
    """Correct an inspection or add its findings."""
    actor = actor_for(by)
    require(policies.can_edit_inspection(actor, inspection))
    unknown = set(fields) - set(INSPECTION_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown fields: {sorted(unknown)}")
    if "inspecting_unit" in fields:
        require(policies.can_record_inspection(actor, fields["inspecting_unit"].pk))
    fresh = lock_for_edit(inspection, expected_version)
    before = snapshot(fresh)
    for key, value in _clean_inspection(fields).items():
        setattr(fresh, key, value)
    fresh.search_text = _inspection_search(fresh)
    fresh.save()
    audit_record(action="inspection.update", obj=fresh, by=by, before=before)
    return fresh


# Discipline cases ----------------------------------------------------------------------------


def case_snapshot(case: DisciplineCase) -> dict[str, Any]:
    """Return the audited fields of a case; personal data is never copied into the trail."""
    data = snapshot(case)
    for key in PERSONAL_FIELDS:
        data[key] = "***" if data.get(key) else ""
    return data


def _clean_case(fields: dict[str, Any], unit: Unit) -> dict[str, Any]:
    out = dict(fields)
    for key, limit in (("official_name", 200), ("official_position", 200), ("decision_number", 60)):
        if key in out:
            out[key] = _text(out[key], limit)
    if "official_name" in out and not out["official_name"]:
        raise ApplicationError(_("Hãy nhập họ và tên người vi phạm."), field="official_name")
    if "decision_number" in out and not out["decision_number"]:
        raise ApplicationError(_("Hãy nhập số quyết định kỷ luật."), field="decision_number")
    if "description" in out:
        out["description"] = _text(out["description"], 5000)
        if not out["description"]:
            raise ApplicationError(_("Hãy mô tả vi phạm."), field="description")
        name = out.get("official_name")
        if name and fold(name) in fold(out["description"]):
            raise ApplicationError(
                _("Phần mô tả được hiển thị cho mọi người xem: không ghi họ tên người vi phạm."),
                field="description",
            )
    if "violation_kind" in out and out["violation_kind"] not in ViolationKind.values:
        raise ApplicationError(_("Loại vi phạm không hợp lệ."), field="violation_kind")
    if "discipline_form" in out and out["discipline_form"] not in DisciplineForm.values:
        raise ApplicationError(_("Hình thức kỷ luật không hợp lệ."), field="discipline_form")
    if "decision_date" in out:
        out["decision_date"] = _check_date(out["decision_date"], "decision_date")
    inspection = out.get("inspection")
    if inspection is not None and inspection.inspected_unit_id != unit.pk:
        raise ApplicationError(
            _("Cuộc kiểm tra đã chọn không kiểm tra đơn vị này."), field="inspection"
        )
    return out


def _check_decision_free(unit: Unit, number: str, exclude: int | None = None) -> None:
    qs = DisciplineCase.objects.filter(unit=unit, decision_number=number, archived_at=None)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        raise ApplicationError(
            _("Đơn vị đã có trường hợp với số quyết định này."),
            field="decision_number",
            code="duplicate",
        )


def _case_search(case: DisciplineCase) -> str:
    # Only what everyone may read: searching for a name must not reveal a hidden case.
    return fold(f"{case.description} {case.unit.name} {case.get_violation_kind_display()}")


@transaction.atomic
def discipline_case_create(
    *,
    unit: Unit,
    official_name: str,
    violation_kind: str,
    description: str,
    decision_number: str,
    decision_date: dt.date,
    discipline_form: str,
    official_position: str = "",
    inspection: Inspection | None = None,
    by: Any,
) -> DisciplineCase:
    """Record the discipline of an official of `unit` (coordinator or the unit head)."""
    require(policies.can_record_case(actor_for(by), unit.pk))
    _check_unit(unit, "unit")
    data = _clean_case(
        {
            "official_name": official_name,
            "official_position": official_position,
            "violation_kind": violation_kind,
            "description": description,
            "decision_number": decision_number,
            "decision_date": decision_date,
            "discipline_form": discipline_form,
            "inspection": inspection,
        },
        unit,
    )
    _check_decision_free(unit, data["decision_number"])
    case = DisciplineCase(unit=unit, recorded_by=by, **data)
    case.search_text = _case_search(case)
    case.save()
    audit_record(action="discipline_case.create", obj=case, by=by, after=case_snapshot(case))
    return case


@transaction.atomic
def discipline_case_update(
    *, case: DisciplineCase, expected_version: int | None, by: Any, **fields: Any
) -> DisciplineCase:
    """Correct a discipline case."""
    require(policies.can_edit_case(actor_for(by), case))
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown fields: {sorted(unknown)}")
    fresh = lock_for_edit(case, expected_version)
    before = case_snapshot(fresh)
    if "description" in fields and "official_name" not in fields:
        fields = {**fields, "official_name": fresh.official_name}
    data = _clean_case(fields, fresh.unit)
    if "decision_number" in data:
        _check_decision_free(fresh.unit, data["decision_number"], exclude=fresh.pk)
    for key, value in data.items():
        setattr(fresh, key, value)
    fresh.search_text = _case_search(fresh)
    fresh.save()
    audit_record(
        action="discipline_case.update",
        obj=fresh,
        by=by,
        before=before,
        after=case_snapshot(fresh),
    )
    return fresh

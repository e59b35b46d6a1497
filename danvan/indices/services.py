"""Writes on reform indices: scores by hand, spreadsheet imports, targets, remedial tasks."""

from __future__ import annotations

import datetime as dt
import decimal
import os
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.access import actor_for, require
from danvan.core.audit import audit_record
from danvan.core.errors import ApplicationError
from danvan.core.locking import lock_for_edit
from danvan.core.uploads import clean_filename
from danvan.lib.vntext import nfc
from danvan.orgs.models import Unit, UnitKind
from danvan.plans.models import Task

from . import importer, policies
from .catalog import MAX_RANK
from .models import (
    EntrySource,
    ImportStatus,
    IndexKind,
    IndexScore,
    IndexTarget,
    RemedialLink,
    ScoreImport,
    SubIndex,
    SubIndexScore,
)

SubScores = Mapping[int, tuple[decimal.Decimal | None, int | None]]


def _check_province(unit: Unit) -> None:
    if unit.kind != UnitKind.PROVINCIAL_COMMITTEE or unit.is_archived:
        raise ApplicationError(_("Chỉ số được theo dõi cho cấp tỉnh (UBND tỉnh)."), field="unit")


def _check_year(year: int) -> None:
    if not importer.FIRST_YEAR <= year <= timezone.localdate().year + 5:
        raise ApplicationError(_("Năm không hợp lệ."), field="year")


def _check_score(value: decimal.Decimal | None, top: decimal.Decimal, field: str) -> None:
    if value is None:
        return
    if not decimal.Decimal(0) <= value <= top:
        raise ApplicationError(_("Điểm phải từ 0 đến %(max)s.") % {"max": f"{top:g}"}, field=field)
    if value != value.quantize(decimal.Decimal("0.01")):
        raise ApplicationError(_("Điểm có tối đa 2 chữ số thập phân."), field=field)


def _check_rank(value: int | None, field: str) -> None:
    if value is not None and not 1 <= value <= MAX_RANK:
        raise ApplicationError(
            _("Xếp hạng phải từ 1 đến %(max)d.") % {"max": MAX_RANK}, field=field
        )


def _result_snapshot(result: IndexScore) -> dict[str, Any]:
    return {
        "kind": result.kind.code,
        "unit_id": result.unit_id,
        "year": result.year,
        "score": None if result.score is None else str(result.score),
        "national_rank": result.national_rank,
        "source": result.source,
        "score_import_id": result.score_import_id,
        "sub_scores": {
            s.sub_index.code: [str(s.score), s.national_rank]
            for s in result.sub_scores.select_related("sub_index").order_by("sub_index__position")
        },
    }


def _write_result(
    *,
    kind: IndexKind,
    unit: Unit,
    year: int,
    score: decimal.Decimal | None,
    rank: int | None,
    sub_scores: SubScores,
    by: Any,
    source: str,
    score_import: ScoreImport | None = None,
    keep_blank: bool = False,
) -> tuple[IndexScore, bool]:
    """Create or update one year's result; return it and whether anything changed.

    With `keep_blank` (imports) an empty score or rank leaves the stored one as it is.
    """
    result = (
        IndexScore.objects.select_for_update()
        .filter(kind=kind, unit=unit, year=year, archived_at__isnull=True)
        .first()
    )
    created = result is None
    before = None
    if result is None:
        result = IndexScore(kind=kind, unit=unit, year=year, entered_by=by)
    else:
        before = _result_snapshot(result)
    if not (keep_blank and score is None):
        result.score = score
    if not (keep_blank and rank is None):
        result.national_rank = rank
    result.source = source
    result.entered_by = by
    result.score_import = score_import
    if not created:
        result.version += 1
    result.save()
    existing = {s.sub_index_id: s for s in result.sub_scores.all()}
    for sub_id, (value, sub_rank) in sub_scores.items():
        row = existing.get(sub_id)
        if value is None:
            if row is not None and not keep_blank:
                row.delete()
            continue
        if row is None:
            SubIndexScore.objects.create(
                result=result, sub_index_id=sub_id, score=value, national_rank=sub_rank
            )
        else:
            row.score = value
            if not (keep_blank and sub_rank is None):
                row.national_rank = sub_rank
            row.save()
    after = _result_snapshot(result)
    if before is not None and {k: v for k, v in before.items() if k not in ("source",)} == {
        k: v for k, v in after.items() if k not in ("source",)
    }:
        return result, False
    audit_record(
        action="index_score.create" if created else "index_score.update",
        obj=result,
        by=by,
        before=before,
        after=after,
    )
    return result, True


@transaction.atomic
def index_score_save(
    *,
    kind: IndexKind,
    unit: Unit,
    year: int,
    score: decimal.Decimal | None,
    national_rank: int | None,
    sub_scores: SubScores,
    by: Any,
    expected_version: int | None = None,
) -> IndexScore:
    """Enter (or correct) one year's result by hand, with its component scores."""
    require(policies.can_edit_scores(actor_for(by)))
    _check_province(unit)
    _check_year(year)
    if year > timezone.localdate().year:
        raise ApplicationError(_("Chưa thể có kết quả của năm chưa tới."), field="year")
    _check_score(score, kind.scale_max, "score")
    _check_rank(national_rank, "national_rank")
    subs = {s.pk: s for s in SubIndex.objects.filter(kind=kind)}
    for sub_id, (value, rank) in sub_scores.items():
        sub = subs.get(sub_id)
        if sub is None:
            raise ApplicationError(_("Chỉ số thành phần không thuộc chỉ số này."))
        _check_score(value, sub.max_score, f"sub_{sub_id}")
        _check_rank(rank, f"sub_rank_{sub_id}")
    if score is None and not any(v is not None for v, _r in sub_scores.values()):
        raise ApplicationError(_("Hãy nhập điểm chỉ số hoặc ít nhất một chỉ số thành phần."))
    current = IndexScore.objects.filter(
        kind=kind, unit=unit, year=year, archived_at__isnull=True
    ).first()
    if current is not None and expected_version is not None:
        lock_for_edit(current, expected_version)  # raises ConflictError when it moved on
    result, _changed = _write_result(
        kind=kind,
        unit=unit,
        year=year,
        score=score,
        rank=national_rank,
        sub_scores=sub_scores,
        by=by,
        source=EntrySource.MANUAL,
    )
    return result


@transaction.atomic
def index_target_set(
    *,
    kind: IndexKind,
    unit: Unit,
    year: int,
    target_score: decimal.Decimal | None,
    target_rank: int | None = None,
    note: str = "",
    by: Any,
) -> IndexTarget:
    """Set the province's target score (and rank) for an index in a year."""
    require(policies.can_edit_scores(actor_for(by)))
    _check_province(unit)
    _check_year(year)
    _check_score(target_score, kind.scale_max, "target_score")
    _check_rank(target_rank, "target_rank")
    if target_score is None and target_rank is None:
        raise ApplicationError(_("Hãy nhập điểm hoặc thứ hạng mục tiêu."), field="target_score")
    target = IndexTarget.objects.select_for_update().filter(kind=kind, unit=unit, year=year).first()
    before = None
    if target is None:
        target = IndexTarget(kind=kind, unit=unit, year=year, set_by=by)
    else:
        before = {
            "target_score": None if target.target_score is None else str(target.target_score),
            "target_rank": target.target_rank,
            "note": target.note,
        }
        target.version += 1
    target.target_score = target_score
    target.target_rank = target_rank
    target.note = nfc(note or "").strip()[:300]
    target.set_by = by
    target.save()
    audit_record(action="index_target.set", obj=target, by=by, before=before)
    return target


# Imports -------------------------------------------------------------------------------------


@transaction.atomic
def score_import_preview(
    *,
    unit: Unit,
    by: Any,
    upload: UploadedFile | None = None,
    rows: list[dict[str, Any]] | None = None,
) -> ScoreImport:
    """Read a spreadsheet (or API rows), check every row and keep the file with the preview.

    Nothing is applied: `score_import_apply` does that after the coordinator has looked.
    """
    require(policies.can_import(actor_for(by)))
    _check_province(unit)
    if (upload is None) == (rows is None):
        raise ApplicationError(_("Hãy chọn tệp cần nhập."), field="file")
    if upload is not None:
        raw = importer.parse_table(importer.read_table(upload))
    else:
        raw = importer.rows_from_json(rows or [])
    checked = importer.check_rows(raw, unit=unit, today=timezone.localdate())
    record = ScoreImport(
        unit=unit,
        token=secrets.token_hex(16),
        rows=checked,
        counts=importer.counts_of(checked),
        by=by,
    )
    if upload is not None:
        name = clean_filename(upload.name or "tep")
        record.original_name = name
        record.extension = os.path.splitext(name)[1].lower()
        record.content_type = (
            "text/csv; charset=utf-8"
            if record.extension == ".csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        record.size = upload.size or 0
        upload.seek(0)
        record.file.save(f"{record.token}{record.extension}", upload, save=False)
    record.save()
    audit_record(action="score_import.preview", obj=record, by=by, after=_import_snapshot(record))
    return record


def _import_snapshot(record: ScoreImport) -> dict[str, Any]:
    return {
        "unit_id": record.unit_id,
        "original_name": record.original_name,
        "size": record.size,
        "status": record.status,
        "counts": record.counts,
    }


@transaction.atomic
def score_import_apply(*, score_import: ScoreImport, by: Any) -> ScoreImport:
    """Apply a previewed import in one transaction: every row, or nothing."""
    require(policies.can_import(actor_for(by)))
    record = ScoreImport.objects.select_for_update().get(pk=score_import.pk)
    if record.status != ImportStatus.PREVIEWED:
        raise ApplicationError(_("Tệp này đã được áp dụng hoặc đã hủy."), code="import_closed")
    # Check again against what is stored now: someone may have changed a score meanwhile.
    raw = [importer.RawRow(line=r["line"], cells=_cells_for_recheck(r)) for r in record.rows]
    checked = importer.check_rows(raw, unit=record.unit, today=timezone.localdate())
    errors = [r for r in checked if r["status"] == "error"]
    if errors:
        record.rows = checked
        record.counts = importer.counts_of(checked)
        record.save(update_fields=["rows", "counts", "updated_at"])
        raise ApplicationError(
            _("Tệp còn %(n)d dòng lỗi: chưa nhập dòng nào. Hãy sửa tệp rồi tải lên lại.")
            % {"n": len(errors)},
            code="import_has_errors",
        )
    kinds = {k.pk: k for k in IndexKind.objects.all()}
    groups: dict[tuple[int, int], dict[str, Any]] = {}
    for row in checked:
        if row["status"] == "unchanged":
            continue
        group = groups.setdefault(
            (row["kind_id"], row["year"]), {"score": None, "rank": None, "subs": {}}
        )
        value = decimal.Decimal(row["score"])
        if row["sub_index_id"] is None:
            group["score"], group["rank"] = value, row["rank"]
        else:
            group["subs"][row["sub_index_id"]] = (value, row["rank"])
    written = 0
    for (kind_id, year), group in sorted(groups.items()):
        _result, changed = _write_result(
            kind=kinds[kind_id],
            unit=record.unit,
            year=year,
            score=group["score"],
            rank=group["rank"],
            sub_scores=group["subs"],
            by=by,
            source=EntrySource.IMPORT,
            score_import=record,
            keep_blank=True,
        )
        written += int(changed)
    record.rows = checked
    record.counts = {**importer.counts_of(checked), "results_written": written}
    record.status = ImportStatus.APPLIED
    record.applied_at = timezone.now()
    record.save()
    audit_record(action="score_import.apply", obj=record, by=by, after=_import_snapshot(record))
    return record


def _cells_for_recheck(row: dict[str, Any]) -> dict[str, Any]:
    # The preview keeps each cell as it was read (numbers as numbers, text as text).
    return dict(row.get("raw") or row["cells"])


@transaction.atomic
def score_import_discard(*, score_import: ScoreImport, by: Any) -> ScoreImport:
    """Drop a previewed import without applying it (the file stays for the record)."""
    require(policies.can_import(actor_for(by)))
    record = ScoreImport.objects.select_for_update().get(pk=score_import.pk)
    if record.status != ImportStatus.PREVIEWED:
        raise ApplicationError(_("Tệp này đã được áp dụng hoặc đã hủy."), code="import_closed")
    record.status = ImportStatus.DISCARDED
    record.save(update_fields=["status", "updated_at"])
    audit_record(action="score_import.discard", obj=record, by=by, after=_import_snapshot(record))
    return record


# Remedial tasks ------------------------------------------------------------------------------


@transaction.atomic
def remedial_link_add(
    *, sub_index: SubIndex, unit: Unit, task: Task, note: str = "", by: Any
) -> RemedialLink:
    """Link a plan task meant to lift a weak component of an index in a province."""
    require(policies.can_link_tasks(actor_for(by)))
    _check_province(unit)
    if task.is_archived or task.plan.is_archived:
        raise ApplicationError(_("Nhiệm vụ đã bị lưu trữ."), field="task")
    if RemedialLink.objects.filter(
        sub_index=sub_index, unit=unit, task=task, archived_at__isnull=True
    ).exists():
        raise ApplicationError(
            _("Nhiệm vụ này đã được gắn với chỉ số thành phần."), field="task", code="duplicate"
        )
    link = RemedialLink.objects.create(
        sub_index=sub_index, unit=unit, task=task, note=nfc(note or "").strip()[:300], by=by
    )
    audit_record(action="remedial_link.add", obj=link, by=by)
    return link


@transaction.atomic
def remedial_link_remove(*, link: RemedialLink, by: Any) -> RemedialLink:
    """Unlink a remedial task (the link is archived, never deleted)."""
    require(policies.can_link_tasks(actor_for(by)))
    fresh = RemedialLink.objects.select_for_update().get(pk=link.pk)
    if fresh.is_archived:
        raise ApplicationError(_("Liên kết đã được gỡ."), code="already_removed")
    fresh.archived_at = timezone.now()
    fresh.save(update_fields=["archived_at", "updated_at"])
    audit_record(
        action="remedial_link.remove",
        obj=fresh,
        by=by,
        before={"archived_at": None},
        after={"archived_at": fresh.archived_at.isoformat()},
    )
    return fresh


def today() -> dt.date:
    """Return today's date in the project's time zone."""
    return timezone.localdate()

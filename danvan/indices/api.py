"""JSON endpoints of the indices app: indices, yearly results, targets, imports of rows."""

from __future__ import annotations

import decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, P, QueryEx, Router, Schema, Status

from danvan.core.access import actor_for, require
from danvan.core.errors import ApplicationError
from danvan.core.schemas import DB_ID_MAX, ERRORS, InputSchema

from . import importer, policies, selectors, services
from .catalog import MAX_RANK
from .models import IndexKind, RemedialLink, ScoreImport, SubIndex

router = Router(tags=["Chỉ số cải cách"])

ScoreText = Annotated[str, Field(max_length=20)]
Rank = Annotated[int, Field(ge=1, le=MAX_RANK)]


class SubIndexOut(Schema):
    id: int
    code: str
    name: str
    max_score: str


class KindOut(Schema):
    id: int
    code: str
    short_name: str
    name: str
    publisher: str
    scale_max: str
    score_unit: str
    sub_indices: list[SubIndexOut]


class SubScoreOut(Schema):
    code: str
    name: str
    score: str
    national_rank: int | None


class YearOut(Schema):
    year: int
    score: str | None
    national_rank: int | None
    target_score: str | None
    target_rank: int | None
    source: str | None
    entered_by: str | None
    sub_scores: list[SubScoreOut]


class ScoresOut(Schema):
    kind: str
    unit_id: int
    unit_name: str
    years: list[YearOut]


class ScoreIn(InputSchema):
    unit_id: int = Field(ge=1, le=DB_ID_MAX)
    year: int = Field(ge=importer.FIRST_YEAR, le=2100)
    score: ScoreText | None = None
    national_rank: Rank | None = None
    # component code (PAPI1, PCI3...) -> score written as "5,12" or "5.12"
    sub_scores: dict[Annotated[str, Field(max_length=20)], ScoreText] = Field(
        default_factory=dict, max_length=20
    )
    version: int | None = Field(None, ge=0, le=DB_ID_MAX)


class TargetIn(InputSchema):
    unit_id: int = Field(ge=1, le=DB_ID_MAX)
    year: int = Field(ge=importer.FIRST_YEAR, le=2100)
    target_score: ScoreText | None = None
    target_rank: Rank | None = None
    note: str = Field("", max_length=300)


class ImportRowIn(InputSchema):
    index: str = Field(max_length=importer.MAX_CELL)
    year: int | str = Field(...)
    sub_index: str = Field("", max_length=importer.MAX_CELL)
    score: str = Field(max_length=40)
    rank: int | str | None = None


class ImportIn(InputSchema):
    unit_id: int = Field(ge=1, le=DB_ID_MAX)
    rows: list[ImportRowIn] = Field(min_length=1, max_length=importer.MAX_ROWS)


class PreviewRowOut(Schema):
    line: int
    status: str  # new, changed, unchanged, error
    kind: str | None = None
    year: int | None = None
    sub_index: str | None = None
    score: str | None = None
    rank: int | None = None
    old_score: str | None = None
    old_rank: int | None = None
    errors: list[str]


class ImportOut(Schema):
    id: int
    unit_id: int
    status: str
    original_name: str
    counts: dict[str, int]
    rows: list[PreviewRowOut]


class RemedialLinkOut(Schema):
    id: int
    sub_index_code: str
    sub_index_name: str
    unit_id: int
    task_id: int
    task_code: str
    task_title: str
    note: str
    units: int
    units_done: int
    percent: int | None


class RemedialLinkIn(InputSchema):
    unit_id: int = Field(ge=1, le=DB_ID_MAX)
    sub_index_code: str = Field(min_length=1, max_length=20)
    task_id: int = Field(ge=1, le=DB_ID_MAX)
    note: str = Field("", max_length=300)


def _kind(index_kind_id: int) -> IndexKind:
    return get_object_or_404(IndexKind, pk=index_kind_id)


def _can_read(request: HttpRequest) -> None:
    require(policies.can_view_indices(actor_for(request.user)))


def _province(unit_id: int | None) -> Any:
    if unit_id is None:
        unit = selectors.default_province()
    else:
        unit = selectors.province_units().filter(pk=unit_id).first()
    if unit is None:
        raise ApplicationError("Không có tỉnh này.", field="unit_id", code="not_found")
    return unit


def _kind_out(kind: IndexKind) -> dict[str, Any]:
    return {
        "id": kind.pk,
        "code": kind.code,
        "short_name": kind.short_name,
        "name": kind.name,
        "publisher": kind.publisher,
        "scale_max": str(kind.scale_max),
        "score_unit": kind.score_unit,
        "sub_indices": [
            {"id": s.pk, "code": s.code, "name": s.name, "max_score": str(s.max_score)}
            for s in kind.sub_indices.all()
        ],
    }


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _scores_out(kind: IndexKind, unit: Any) -> dict[str, Any]:
    subs = {s.pk: s for s in SubIndex.objects.filter(kind=kind)}
    years = []
    for row in selectors.trend(kind, unit):
        result = row.result
        years.append(
            {
                "year": row.year,
                "score": _text(row.score),
                "national_rank": row.rank,
                "target_score": _text(row.target_score),
                "target_rank": row.target_rank,
                "source": result.source if result else None,
                "entered_by": result.entered_by.username if result else None,
                "sub_scores": [
                    {
                        "code": subs[sid].code,
                        "name": subs[sid].name,
                        "score": str(s.score),
                        "national_rank": s.national_rank,
                    }
                    for sid, s in sorted(row.sub.items(), key=lambda kv: subs[kv[0]].position)
                ],
            }
        )
    return {"kind": kind.code, "unit_id": unit.pk, "unit_name": unit.name, "years": years}


def _number(text: str | None, field: str) -> decimal.Decimal | None:
    if text is None or not text.strip():
        return None
    try:
        return importer.parse_number(text)
    except (ValueError, decimal.InvalidOperation) as exc:
        raise ApplicationError("Điểm phải là số, ví dụ 65,12.", field=field) from exc


def _import_out(record: ScoreImport) -> dict[str, Any]:
    return {
        "id": record.pk,
        "unit_id": record.unit_id,
        "status": record.status,
        "original_name": record.original_name,
        "counts": {k: int(v) for k, v in record.counts.items()},
        "rows": [
            {
                "line": r["line"],
                "status": r["status"],
                "kind": r.get("kind") or None,
                "year": r.get("year"),
                "sub_index": r.get("sub_index") or None,
                "score": r.get("score"),
                "rank": r.get("rank"),
                "old_score": r.get("old_score"),
                "old_rank": r.get("old_rank"),
                "errors": r.get("errors", []),
            }
            for r in record.rows
        ],
    }


@router.get("", response={200: list[KindOut], **ERRORS})
def list_kinds(request: HttpRequest) -> list[dict[str, Any]]:
    """List the four indices with their components."""
    _can_read(request)
    return [_kind_out(k) for k in selectors.kinds()]


@router.get("/imports/{score_import_id}", response={200: ImportOut, **ERRORS})
def get_import(request: HttpRequest, score_import_id: int) -> dict[str, Any]:
    """Return an import's preview rows and status (coordinator)."""
    record = get_object_or_404(ScoreImport, pk=score_import_id)
    require(policies.can_view_import(actor_for(request.user), record), visible=False)
    return _import_out(record)


@router.post("/imports", response={201: ImportOut, **ERRORS})
def preview_import(request: HttpRequest, payload: ImportIn) -> Status[dict[str, Any]]:
    """Check rows of scores and keep them as a preview; nothing is applied yet."""
    require(policies.can_import(actor_for(request.user)))
    unit = _province(payload.unit_id)
    rows = [row.dict() for row in payload.rows]
    record = services.score_import_preview(unit=unit, rows=rows, by=request.user)
    return Status(201, _import_out(record))


@router.post("/imports/{score_import_id}/confirm", response={200: ImportOut, **ERRORS})
def confirm_import(request: HttpRequest, score_import_id: int) -> dict[str, Any]:
    """Apply a previewed import: all rows in one transaction, or none if any row is wrong."""
    record = get_object_or_404(ScoreImport, pk=score_import_id)
    require(policies.can_view_import(actor_for(request.user), record), visible=False)
    return _import_out(services.score_import_apply(score_import=record, by=request.user))


@router.get("/{index_kind_id}", response={200: KindOut, **ERRORS})
def get_kind(request: HttpRequest, index_kind_id: int) -> dict[str, Any]:
    """Return one index with its components."""
    _can_read(request)
    return _kind_out(_kind(index_kind_id))


@router.get("/{index_kind_id}/scores", response={200: ScoresOut, **ERRORS})
def get_scores(
    request: HttpRequest,
    index_kind_id: int,
    unit_id: QueryEx[int | None, P(ge=1, le=DB_ID_MAX)] = None,
) -> dict[str, Any]:
    """Return the results and targets of an index by year for a province."""
    _can_read(request)
    kind = _kind(index_kind_id)
    return _scores_out(kind, _province(unit_id))


@router.post("/{index_kind_id}/scores", response={200: ScoresOut, **ERRORS})
def save_score(request: HttpRequest, index_kind_id: int, payload: ScoreIn) -> dict[str, Any]:
    """Enter or correct one year's result by hand (coordinator)."""
    require(policies.can_edit_scores(actor_for(request.user)))
    kind = _kind(index_kind_id)
    unit = _province(payload.unit_id)
    by_code = {s.code.upper(): s for s in SubIndex.objects.filter(kind=kind)}
    subs: dict[int, tuple[decimal.Decimal | None, None]] = {}
    for code, text in payload.sub_scores.items():
        sub = by_code.get(code.strip().upper())
        if sub is None:
            raise ApplicationError(
                f"Chỉ số {kind.short_name} không có thành phần mã {code[:20]}.",
                field="sub_scores",
            )
        subs[sub.pk] = (_number(text, "sub_scores"), None)
    services.index_score_save(
        kind=kind,
        unit=unit,
        year=payload.year,
        score=_number(payload.score, "score"),
        national_rank=payload.national_rank,
        sub_scores=subs,
        expected_version=payload.version,
        by=request.user,
    )
    return _scores_out(kind, unit)


@router.post("/{index_kind_id}/targets", response={200: ScoresOut, **ERRORS})
def set_target(request: HttpRequest, index_kind_id: int, payload: TargetIn) -> dict[str, Any]:
    """Set the province's target for an index in a year (coordinator)."""
    require(policies.can_edit_scores(actor_for(request.user)))
    kind = _kind(index_kind_id)
    unit = _province(payload.unit_id)
    services.index_target_set(
        kind=kind,
        unit=unit,
        year=payload.year,
        target_score=_number(payload.target_score, "target_score"),
        target_rank=payload.target_rank,
        note=payload.note,
        by=request.user,
    )
    return _scores_out(kind, unit)


def _links_out(kind: IndexKind, unit: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": row["link"].pk,
            "sub_index_code": row["link"].sub_index.code,
            "sub_index_name": row["link"].sub_index.name,
            "unit_id": row["link"].unit_id,
            "task_id": row["task"].pk,
            "task_code": row["task"].code,
            "task_title": row["task"].title,
            "note": row["link"].note,
            "units": row["units"],
            "units_done": row["done"],
            "percent": row["percent"],
        }
        for row in selectors.remedial_links(kind, unit)
    ]


@router.get("/{index_kind_id}/remedial-links", response={200: list[RemedialLinkOut], **ERRORS})
def list_links(
    request: HttpRequest,
    index_kind_id: int,
    unit_id: QueryEx[int | None, P(ge=1, le=DB_ID_MAX)] = None,
) -> list[dict[str, Any]]:
    """List the remedial plan tasks of the index's components, with their progress."""
    _can_read(request)
    return _links_out(_kind(index_kind_id), _province(unit_id))


@router.post("/{index_kind_id}/remedial-links", response={201: list[RemedialLinkOut], **ERRORS})
def add_link(
    request: HttpRequest, index_kind_id: int, payload: RemedialLinkIn
) -> Status[list[dict[str, Any]]]:
    """Link a plan task to a weak component (coordinator)."""
    from danvan.plans.models import Task

    require(policies.can_link_tasks(actor_for(request.user)))
    kind = _kind(index_kind_id)
    unit = _province(payload.unit_id)
    sub = SubIndex.objects.filter(kind=kind, code__iexact=payload.sub_index_code).first()
    if sub is None:
        raise ApplicationError("Không có chỉ số thành phần này.", field="sub_index_code")
    task = Task.objects.select_related("plan").filter(pk=payload.task_id).first()
    if task is None:
        raise ApplicationError("Không có nhiệm vụ này.", field="task_id")
    services.remedial_link_add(
        sub_index=sub, unit=unit, task=task, note=payload.note, by=request.user
    )
    return Status(201, _links_out(kind, unit))


@router.post("/remedial-links/{remedial_link_id}/remove", response={200: dict, **ERRORS})
def remove_link(request: HttpRequest, remedial_link_id: int) -> dict[str, Any]:
    """Unlink a remedial task (coordinator); the link is archived."""
    require(policies.can_link_tasks(actor_for(request.user)))
    link = get_object_or_404(RemedialLink, pk=remedial_link_id, archived_at=None)
    services.remedial_link_remove(link=link, by=request.user)
    return {"id": link.pk, "removed": True}

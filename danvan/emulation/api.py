"""JSON endpoints of the "Dân vận khéo" registry: models, exemplars, evaluation, showcase."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, P, QueryEx, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from danvan.core.access import actor_for, require
from danvan.core.errors import ApplicationError
from danvan.core.schemas import DB_ID_MAX, ERRORS, NO_NUL, Id, InputSchema
from danvan.orgs.models import Unit

from . import policies, selectors, services
from .models import (
    EmulationField,
    EmulationModel,
    Exemplar,
    ExemplarKind,
    ModelStatus,
    RecognitionLevel,
    average_score,
)

router = Router(tags=["Dân vận khéo"])

FieldValue = Literal["economy", "culture_society", "defence_security", "political_system"]
Level = Literal["grassroots", "district", "province", "national"]
StatusValue = Literal[
    "draft", "registered", "under_evaluation", "recognised", "not_recognised", "archived"
]
assert set(FieldValue.__args__) == set(EmulationField.values)  # type: ignore[attr-defined]
assert set(Level.__args__) == set(RecognitionLevel.values)  # type: ignore[attr-defined]
assert set(StatusValue.__args__) == set(ModelStatus.values)  # type: ignore[attr-defined]
assert {"individual", "group"} == set(ExemplarKind.values)


# Schemas -----------------------------------------------------------------------------------


class PhotoOut(Schema):
    id: int
    caption: str
    width: int
    height: int
    content_type: str
    url: str


class ReplicationOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    applied_on: dt.date
    notes: str


class EvaluationOut(Schema):
    id: int
    member_id: int
    score: int
    comment: str


class ModelOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    year: int
    field: str
    title: str
    status: str
    level: str
    decision_number: str
    decision_date: dt.date | None
    public: bool
    version: int


class ModelDetailOut(ModelOut):
    description: str
    participants_count: int | None
    participants: str
    results: str
    started_on: dt.date | None
    decision_comment: str
    average_score: float | None
    evaluations: list[EvaluationOut] | None
    photos: list[PhotoOut]
    replications: list[ReplicationOut]


class ShowcaseOut(Schema):
    id: int
    unit_name: str
    year: int
    field: str
    title: str
    description: str
    participants_count: int | None
    participants: str
    results: str
    started_on: dt.date | None
    level: str
    decision_number: str
    decision_date: dt.date | None
    photos: list[PhotoOut]
    replication_units: list[str]


class ModelIn(InputSchema):
    unit_id: Id
    year: int = Field(ge=2000, le=2100)
    field: FieldValue
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(min_length=1, max_length=20000)
    participants_count: int | None = Field(None, ge=0, le=10_000_000)
    participants: str = Field("", max_length=5000)
    results: str = Field("", max_length=20000)
    started_on: dt.date | None = None


class ModelPatch(InputSchema):
    version: int
    year: int = Field(None, ge=2000, le=2100)
    field: FieldValue = Field(None)
    title: str = Field(None, min_length=1, max_length=300)
    description: str = Field(None, min_length=1, max_length=20000)
    participants_count: int | None = Field(None, ge=0, le=10_000_000)
    participants: str = Field(None, max_length=5000)
    results: str = Field(None, max_length=20000)
    started_on: dt.date | None = None


class EmulationCommentIn(InputSchema):
    comment: str = Field(min_length=1, max_length=5000)


class EvaluationIn(InputSchema):
    member_id: Id
    score: int = Field(ge=0, le=100)
    comment: str = Field("", max_length=5000)


class DecisionIn(InputSchema):
    recognised: bool
    level: Level | Literal[""] = ""
    decision_number: str = Field("", max_length=60)
    decision_date: dt.date | None = None
    comment: str = Field("", max_length=5000)
    public: bool = True


class ReplicationIn(InputSchema):
    unit_id: Id
    applied_on: dt.date
    notes: str = Field("", max_length=5000)


class PhotoIn(InputSchema):
    caption: str = Field("", max_length=300)


class ExemplarOut(Schema):
    id: int
    unit_id: int
    year: int
    kind: str
    name: str
    position: str
    achievements: str
    status: str
    level: str
    decision_number: str
    decision_date: dt.date | None
    version: int
    date_of_birth: dt.date | None = None
    id_number: str | None = None
    phone: str | None = None
    average_score: float | None = None


class ExemplarIn(InputSchema):
    unit_id: Id
    year: int = Field(ge=2000, le=2100)
    kind: Literal["individual", "group"]
    name: str = Field(min_length=1, max_length=200)
    position: str = Field("", max_length=300)
    achievements: str = Field(min_length=1, max_length=20000)
    date_of_birth: dt.date | None = None
    id_number: str = Field("", max_length=20)
    phone: str = Field("", max_length=20)


class ExemplarPatch(InputSchema):
    version: int
    year: int = Field(None, ge=2000, le=2100)
    kind: Literal["individual", "group"] = Field(None)
    name: str = Field(None, min_length=1, max_length=200)
    position: str = Field(None, max_length=300)
    achievements: str = Field(None, min_length=1, max_length=20000)
    date_of_birth: dt.date | None = None
    id_number: str = Field(None, max_length=20)
    phone: str = Field(None, max_length=20)


class CountRow(Schema):
    value: str
    label: str
    registered: int = 0
    recognised: int = 0


class UnitCountRow(Schema):
    unit_id: int
    unit_name: str
    registered: int
    recognised: int


class StatisticsOut(Schema):
    year: int | None
    registered: int
    recognised: int
    replications: int
    by_field: list[CountRow]
    by_level: list[CountRow]
    by_unit: list[UnitCountRow]


# Helpers ---------------------------------------------------------------------------------------


def _model(request: HttpRequest, emulation_model_id: int) -> EmulationModel:
    model = get_object_or_404(EmulationModel.objects.select_related("unit"), pk=emulation_model_id)
    require(policies.can_view_model(actor_for(request.user), model), visible=False)
    return model


def _exemplar(request: HttpRequest, exemplar_id: int) -> Exemplar:
    exemplar = get_object_or_404(Exemplar.objects.select_related("unit"), pk=exemplar_id)
    require(policies.can_view_exemplar(actor_for(request.user), exemplar), visible=False)
    return exemplar


def _unit(unit_id: int) -> Unit:
    unit = Unit.objects.filter(pk=unit_id, archived_at__isnull=True).first()
    if unit is None:
        raise ApplicationError("Không tìm thấy đơn vị.", field="unit_id", code="unknown_unit")
    return unit


def _member(member_id: int) -> Any:
    member = get_user_model().objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        raise ApplicationError(
            "Không tìm thấy thành viên Hội đồng.", field="member_id", code="unknown_member"
        )
    return member


def _photos(model: EmulationModel) -> list[dict[str, Any]]:
    from django.urls import reverse

    return [
        {
            "id": p.pk,
            "caption": p.caption,
            "width": p.width,
            "height": p.height,
            "content_type": p.content_type,
            "url": reverse("emulation:photo", args=[p.pk]),
        }
        for p in selectors.model_photos(model=model)
    ]


def _model_row(model: EmulationModel) -> dict[str, Any]:
    data = {name: getattr(model, name) for name in ModelOut.model_fields if name != "unit_name"}
    data["unit_name"] = model.unit.name
    return data


def _replication_row(replication: Any) -> dict[str, Any]:
    return {
        "id": replication.pk,
        "unit_id": replication.unit_id,
        "unit_name": replication.unit.name,
        "applied_on": replication.applied_on,
        "notes": replication.notes,
    }


def _model_out(request: HttpRequest, model: EmulationModel) -> dict[str, Any]:
    model = EmulationModel.objects.select_related("unit").get(pk=model.pk)
    data = _model_row(model)
    evaluations = list(model.evaluations.all())
    visible = policies.can_view_evaluations(actor_for(request.user), model)
    data.update(
        description=model.description,
        participants_count=model.participants_count,
        participants=model.participants,
        results=model.results,
        started_on=model.started_on,
        decision_comment=model.decision_comment,
        average_score=average_score(evaluations) if visible else None,
        evaluations=[EvaluationOut.from_orm(e).dict() for e in evaluations] if visible else None,
        photos=_photos(model),
        replications=[_replication_row(r) for r in selectors.model_replications(model=model)],
    )
    return data


def _exemplar_out(request: HttpRequest, exemplar: Exemplar) -> dict[str, Any]:
    exemplar = Exemplar.objects.get(pk=exemplar.pk)
    actor = actor_for(request.user)
    data = {
        name: getattr(exemplar, name)
        for name in ExemplarOut.model_fields
        if name not in ("date_of_birth", "id_number", "phone", "average_score")
    }
    if policies.can_view_personal_data(actor, exemplar):
        data.update(
            date_of_birth=exemplar.date_of_birth,
            id_number=exemplar.id_number,
            phone=exemplar.phone,
        )
    if policies.can_view_evaluations(actor, exemplar):
        data["average_score"] = average_score(list(exemplar.evaluations.all()))
    return data


def _refuse_unknown_form_fields(request: HttpRequest, *, fields: set[str], files: set[str]) -> None:
    unknown = [("form", n) for n in request.POST if n not in fields]
    unknown += [("file", n) for n in request.FILES if n not in files]
    if unknown:
        raise ValidationError(
            [
                {"loc": loc, "msg": "Extra inputs are not permitted", "type": "extra_forbidden"}
                for loc in sorted(unknown)
            ]
        )


Query200 = P(max_length=200, pattern=NO_NUL)
IdQuery = P(ge=1, le=DB_ID_MAX)
YearQuery = P(ge=2000, le=2100)


# Models ----------------------------------------------------------------------------------------


@router.get("/models", response={200: list[ModelOut], **ERRORS})
def list_models(
    request: HttpRequest,
    year: QueryEx[int | None, YearQuery] = None,
    field: FieldValue | None = None,
    status: StatusValue | None = None,
    level: Level | None = None,
    unit_id: QueryEx[int | None, IdQuery] = None,
    q: QueryEx[str, Query200] = "",
) -> list[dict[str, Any]]:
    """List the models the caller may see; `q` ignores diacritics and case."""
    qs = selectors.models_visible(actor=actor_for(request.user))
    found = selectors.models_filtered(
        qs,
        year=year,
        field_value=field or "",
        status=status or "",
        level=level or "",
        unit_id=unit_id,
        query=q,
    )
    return [_model_row(m) for m in found[:500]]


@router.post("/models", response={201: ModelDetailOut, **ERRORS})
def create_model(request: HttpRequest, payload: ModelIn) -> Status[dict[str, Any]]:
    """Create a draft model for one of the caller's units (unit officer or head)."""
    data = payload.dict()
    unit = _unit(data.pop("unit_id"))
    model = services.model_create(unit=unit, by=request.user, **data)
    return Status(201, _model_out(request, model))


@router.get("/models/{emulation_model_id}", response={200: ModelDetailOut, **ERRORS})
def get_model(request: HttpRequest, emulation_model_id: int) -> dict[str, Any]:
    """Return a model with its photos, replications and (for those allowed) council scores."""
    return _model_out(request, _model(request, emulation_model_id))


@router.patch("/models/{emulation_model_id}", response={200: ModelDetailOut, **ERRORS})
def update_model(
    request: HttpRequest, emulation_model_id: int, payload: ModelPatch
) -> dict[str, Any]:
    """Edit a draft model; 409 when someone else saved it first."""
    model = _model(request, emulation_model_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    saved = services.model_update(model=model, expected_version=version, by=request.user, **data)
    return _model_out(request, saved)


@router.post("/models/{emulation_model_id}/submit", response={200: ModelDetailOut, **ERRORS})
def submit_model(request: HttpRequest, emulation_model_id: int) -> dict[str, Any]:
    """Register a draft model with the coordinator (unit head)."""
    model = _model(request, emulation_model_id)
    return _model_out(request, services.model_submit(model=model, by=request.user))


@router.post("/models/{emulation_model_id}/return", response={200: ModelDetailOut, **ERRORS})
def return_model(
    request: HttpRequest, emulation_model_id: int, payload: EmulationCommentIn
) -> dict[str, Any]:
    """Return a registered model to its unit for completion (coordinator)."""
    model = _model(request, emulation_model_id)
    saved = services.model_return(model=model, comment=payload.comment, by=request.user)
    return _model_out(request, saved)


@router.post("/models/{emulation_model_id}/evaluations", response={201: EvaluationOut, **ERRORS})
def evaluate_model(
    request: HttpRequest, emulation_model_id: int, payload: EvaluationIn
) -> Status[Any]:
    """Record one council member's score (0–100) on a registered model (coordinator)."""
    model = _model(request, emulation_model_id)
    require(policies.can_evaluate_model(actor_for(request.user), model))
    evaluation = services.model_evaluate(
        model=model,
        member=_member(payload.member_id),
        score=payload.score,
        comment=payload.comment,
        by=request.user,
    )
    return Status(201, evaluation)


@router.post("/models/{emulation_model_id}/decision", response={200: ModelDetailOut, **ERRORS})
def decide_model(
    request: HttpRequest, emulation_model_id: int, payload: DecisionIn
) -> dict[str, Any]:
    """Record the council's decision: recognised at a level with the decision, or not."""
    model = _model(request, emulation_model_id)
    saved = services.model_decide(model=model, by=request.user, **payload.dict())
    return _model_out(request, saved)


@router.post("/models/{emulation_model_id}/replications", response={201: ReplicationOut, **ERRORS})
def replicate_model(
    request: HttpRequest, emulation_model_id: int, payload: ReplicationIn
) -> Status[Any]:
    """Declare that another unit of the caller applies a recognised model."""
    model = _model(request, emulation_model_id)
    replication = services.replication_add(
        model=model,
        unit=_unit(payload.unit_id),
        applied_on=payload.applied_on,
        notes=payload.notes,
        by=request.user,
    )
    return Status(201, _replication_row(replication))


@router.post("/models/{emulation_model_id}/photos", response={201: PhotoOut, **ERRORS})
def add_photo(
    request: HttpRequest,
    emulation_model_id: int,
    payload: Form[PhotoIn],
    photo: File[UploadedFile | None] = None,
) -> Status[dict[str, Any]]:
    """Upload a photo (multipart): re-encoded, metadata removed, at most 1600 px."""
    _refuse_unknown_form_fields(request, fields={"caption"}, files={"photo"})
    if photo is None:
        raise ApplicationError("Hãy chọn một tệp ảnh.", field="photo", code="missing_photo")
    model = _model(request, emulation_model_id)
    saved = services.photo_add(model=model, upload=photo, caption=payload.caption, by=request.user)
    return Status(201, next(p for p in _photos(model) if p["id"] == saved.pk))


@router.post("/models/{emulation_model_id}/archive", response={200: ModelDetailOut, **ERRORS})
def archive_model(request: HttpRequest, emulation_model_id: int) -> dict[str, Any]:
    """Archive a model (the unit its drafts; the coordinator any)."""
    model = _model(request, emulation_model_id)
    return _model_out(request, services.model_archive(model=model, by=request.user))


@router.get("/statistics", response={200: StatisticsOut, **ERRORS})
def get_statistics(
    request: HttpRequest, year: QueryEx[int | None, YearQuery] = None
) -> dict[str, Any]:
    """Counts of registered and recognised models by field, level and unit."""
    stats = selectors.statistics(actor=actor_for(request.user), year=year)
    return {
        "year": stats.year,
        "registered": stats.registered,
        "recognised": stats.recognised,
        "replications": stats.replications,
        "by_field": [{**row, "label": str(row["label"])} for row in stats.by_field],
        "by_level": [{**row, "label": str(row["label"])} for row in stats.by_level],
        "by_unit": [
            {
                "unit_id": u["unit_id"],
                "unit_name": u["unit__name"],
                "registered": u["registered"],
                "recognised": u["recognised"],
            }
            for u in stats.by_unit
        ],
    }


# Public showcase -------------------------------------------------------------------------------


def _showcase_out(model: EmulationModel) -> dict[str, Any]:
    return {
        "id": model.pk,
        "unit_name": model.unit.name,
        "year": model.year,
        "field": model.field,
        "title": model.title,
        "description": model.description,
        "participants_count": model.participants_count,
        "participants": model.participants,
        "results": model.results,
        "started_on": model.started_on,
        "level": model.level,
        "decision_number": model.decision_number,
        "decision_date": model.decision_date,
        "photos": _photos(model),
        "replication_units": [r.unit.name for r in selectors.model_replications(model=model)],
    }


@router.get("/showcase", response={200: list[ShowcaseOut], **ERRORS})
def list_showcase(
    request: HttpRequest,
    year: QueryEx[int | None, YearQuery] = None,
    field: FieldValue | None = None,
    level: Level | None = None,
    q: QueryEx[str, Query200] = "",
) -> list[dict[str, Any]]:
    """Recognised, published models, as the public page shows them.

    Every API operation needs a caller (tests/test_api_robustness.py); anonymous visitors
    use the HTML showcase at /dan-van-kheo/cong-khai/.
    """
    found = selectors.showcase(year=year, field_value=field or "", level=level or "", query=q)
    return [_showcase_out(m) for m in found[:200]]


@router.get("/showcase/{emulation_model_id}", response={200: ShowcaseOut, **ERRORS})
def get_showcase(request: HttpRequest, emulation_model_id: int) -> dict[str, Any]:
    """One recognised, published model, as the public page shows it."""
    model = get_object_or_404(
        EmulationModel.objects.select_related("unit"),
        pk=emulation_model_id,
        status=ModelStatus.RECOGNISED,
        public=True,
    )
    return _showcase_out(model)


# Exemplars -------------------------------------------------------------------------------------


@router.get("/exemplars", response={200: list[ExemplarOut], **ERRORS})
def list_exemplars(
    request: HttpRequest,
    year: QueryEx[int | None, YearQuery] = None,
    q: QueryEx[str, Query200] = "",
) -> list[dict[str, Any]]:
    """List the nominations the caller may see (personal data only where allowed)."""
    qs = selectors.exemplars_filtered(
        selectors.exemplars_visible(actor=actor_for(request.user)), year=year, query=q
    )
    return [_exemplar_out(request, e) for e in qs[:500]]


@router.post("/exemplars", response={201: ExemplarOut, **ERRORS})
def create_exemplar(request: HttpRequest, payload: ExemplarIn) -> Status[dict[str, Any]]:
    """Propose an exemplary individual or group (draft) for one of the caller's units."""
    data = payload.dict()
    unit = _unit(data.pop("unit_id"))
    exemplar = services.exemplar_create(unit=unit, by=request.user, **data)
    return Status(201, _exemplar_out(request, exemplar))


@router.get("/exemplars/{exemplar_id}", response={200: ExemplarOut, **ERRORS})
def get_exemplar(request: HttpRequest, exemplar_id: int) -> dict[str, Any]:
    """Return one nomination."""
    return _exemplar_out(request, _exemplar(request, exemplar_id))


@router.patch("/exemplars/{exemplar_id}", response={200: ExemplarOut, **ERRORS})
def update_exemplar(
    request: HttpRequest, exemplar_id: int, payload: ExemplarPatch
) -> dict[str, Any]:
    """Edit a draft nomination; 409 when someone else saved it first."""
    exemplar = _exemplar(request, exemplar_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    saved = services.exemplar_update(
        exemplar=exemplar, expected_version=version, by=request.user, **data
    )
    return _exemplar_out(request, saved)


@router.post("/exemplars/{exemplar_id}/submit", response={200: ExemplarOut, **ERRORS})
def submit_exemplar(request: HttpRequest, exemplar_id: int) -> dict[str, Any]:
    """Send a nomination to the coordinator (unit head)."""
    exemplar = _exemplar(request, exemplar_id)
    return _exemplar_out(request, services.exemplar_submit(exemplar=exemplar, by=request.user))


@router.post("/exemplars/{exemplar_id}/evaluations", response={201: EvaluationOut, **ERRORS})
def evaluate_exemplar(request: HttpRequest, exemplar_id: int, payload: EvaluationIn) -> Status[Any]:
    """Record one council member's score on a nomination (coordinator)."""
    exemplar = _exemplar(request, exemplar_id)
    require(policies.can_evaluate_exemplar(actor_for(request.user), exemplar))
    evaluation = services.exemplar_evaluate(
        exemplar=exemplar,
        member=_member(payload.member_id),
        score=payload.score,
        comment=payload.comment,
        by=request.user,
    )
    return Status(201, evaluation)


@router.post("/exemplars/{exemplar_id}/decision", response={200: ExemplarOut, **ERRORS})
def decide_exemplar(request: HttpRequest, exemplar_id: int, payload: DecisionIn) -> dict[str, Any]:
    """Record the council's decision on a nomination (coordinator)."""
    exemplar = _exemplar(request, exemplar_id)
    saved = services.exemplar_decide(exemplar=exemplar, by=request.user, **payload.dict())
    return _exemplar_out(request, saved)

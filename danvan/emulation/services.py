"""Writes on the "Dân vận khéo" registry: models, exemplars, evaluation, decision, replication."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.access import UNIT_HEAD, UNIT_OFFICER, actor_for, require
from danvan.core.audit import audit_record, snapshot
from danvan.core.errors import ApplicationError
from danvan.core.images import CleanImage, reencode_image
from danvan.core.locking import lock_for_edit
from danvan.core.uploads import clean_filename, store_uploads
from danvan.lib.vntext import fold, nfc
from danvan.notifications.models import NotificationKind
from danvan.notifications.services import notify
from danvan.orgs.models import Role, RoleAssignment, Unit

from . import policies
from .models import (
    SCORE_MAX,
    SCORE_MIN,
    Document,
    EmulationField,
    EmulationModel,
    Evaluation,
    Exemplar,
    ExemplarKind,
    ExemplarStatus,
    ModelStatus,
    Photo,
    RecognitionLevel,
    Replication,
    StatusEvent,
)

MODEL_FIELDS = (
    "year",
    "field",
    "title",
    "description",
    "participants_count",
    "participants",
    "results",
    "started_on",
)
EXEMPLAR_FIELDS = (
    "year",
    "kind",
    "name",
    "position",
    "achievements",
    "date_of_birth",
    "id_number",
    "phone",
)
DOCUMENT_EXTENSIONS = {".pdf", ".docx"}
MAX_PHOTOS = 12
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_SIDE = 1600  # stored photos are at most this wide or high
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")  # the content decides which one, not the name
YEAR_MIN, YEAR_MAX = 2000, 2100


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value).strip()
    return value


def _people(unit_ids: Iterable[int], roles: Iterable[str]) -> list[Any]:
    rows = RoleAssignment.objects.filter(
        unit_id__in=list(unit_ids), role__in=list(roles), archived_at__isnull=True
    ).select_related("user")
    return [r.user for r in rows if r.user.is_active]


def _coordinators() -> list[Any]:
    return _people(
        RoleAssignment.objects.filter(role=Role.COORDINATOR).values_list("unit_id", flat=True),
        [Role.COORDINATOR],
    )


def _notify_later(*, users: list[Any], kind: str, text: str, url: str) -> None:
    transaction.on_commit(lambda: notify(users=users, kind=kind, text=text, url=url))


def _model_search_text(model: EmulationModel) -> str:
    return fold(
        " ".join(
            [
                model.title,
                model.description,
                model.participants,
                model.results,
                model.unit.name,
                model.unit.short_name,
                str(model.year),
            ]
        )
    )


def _exemplar_search_text(exemplar: Exemplar) -> str:
    return fold(
        " ".join(
            [exemplar.name, exemplar.position, exemplar.achievements, exemplar.unit.name]
            + [str(exemplar.year)]
        )
    )


def _check_year(year: Any) -> None:
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise ApplicationError(
            _("Năm phải từ %(a)d đến %(b)d.") % {"a": YEAR_MIN, "b": YEAR_MAX}, field="year"
        )


def _check_model(model: EmulationModel) -> None:
    _check_year(model.year)
    if model.field not in EmulationField.values:
        raise ApplicationError(_("Hãy chọn lĩnh vực của mô hình."), field="field")
    if not model.title:
        raise ApplicationError(_("Tên mô hình không được để trống."), field="title")
    if len(model.title) > 300:
        raise ApplicationError(_("Tên mô hình tối đa 300 ký tự."), field="title")
    if not model.description:
        raise ApplicationError(_("Hãy mô tả nội dung, cách làm của mô hình."), field="description")
    if model.participants_count is not None and model.participants_count < 0:
        raise ApplicationError(_("Số người tham gia không được âm."), field="participants_count")
    if model.started_on and model.started_on.year > model.year:
        raise ApplicationError(
            _("Ngày bắt đầu thực hiện không được sau năm đăng ký."), field="started_on"
        )


def _check_exemplar(exemplar: Exemplar) -> None:
    _check_year(exemplar.year)
    if exemplar.kind not in ExemplarKind.values:
        raise ApplicationError(_("Hãy chọn cá nhân hay tập thể."), field="kind")
    if not exemplar.name:
        raise ApplicationError(_("Tên cá nhân, tập thể không được để trống."), field="name")
    if not exemplar.achievements:
        raise ApplicationError(_("Hãy nêu thành tích tiêu biểu."), field="achievements")
    if exemplar.kind == ExemplarKind.GROUP and (
        exemplar.date_of_birth or exemplar.id_number or exemplar.phone
    ):
        raise ApplicationError(
            _("Tập thể không có ngày sinh, số định danh hay điện thoại cá nhân."),
            field="date_of_birth",
        )
    if exemplar.date_of_birth and exemplar.date_of_birth >= timezone.localdate():
        raise ApplicationError(_("Ngày sinh phải trước hôm nay."), field="date_of_birth")
    if exemplar.id_number and not (
        exemplar.id_number.isdigit() and len(exemplar.id_number) in (9, 12)
    ):
        raise ApplicationError(
            _("Số định danh cá nhân gồm 12 chữ số (hoặc 9 chữ số với CMND cũ)."),
            field="id_number",
        )
    digits = exemplar.phone.replace(" ", "").replace(".", "")
    if exemplar.phone and not (digits.lstrip("+").isdigit() and 9 <= len(digits) <= 13):
        raise ApplicationError(_("Số điện thoại không hợp lệ."), field="phone")


def _event(obj: EmulationModel | Exemplar, before: str, by: Any, comment: str = "") -> None:
    subject = {"emulation_model": obj} if isinstance(obj, EmulationModel) else {"exemplar": obj}
    StatusEvent.objects.create(
        **subject, by=by, from_status=before, to_status=obj.status, comment=comment
    )


def _transition(
    obj: Any, to: str, *, by: Any, action: str, comment: str = "", **changes: Any
) -> Any:
    fresh = lock_for_edit(obj, None)
    before_status = fresh.status
    before = snapshot(fresh)
    fresh.status = to
    for key, value in changes.items():
        setattr(fresh, key, value)
    fresh.save()
    _event(fresh, before_status, by, comment)
    audit_record(action=action, obj=fresh, by=by, before=before)
    return fresh


def _model_url(model: EmulationModel) -> str:
    return reverse("emulation:detail", args=[model.pk])


def _exemplar_url(exemplar: Exemplar) -> str:
    return reverse("emulation:exemplar", args=[exemplar.pk])


# Models --------------------------------------------------------------------------------------


@transaction.atomic
def model_create(*, unit: Unit, by: Any, **fields: Any) -> EmulationModel:
    """Create a draft model of `unit` (officer or head of that unit)."""
    require(policies.can_create_model(actor_for(by), unit.pk))
    unknown = set(fields) - set(MODEL_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown model fields: {sorted(unknown)}")
    model = EmulationModel(unit=unit, created_by=by, **{k: _clean(v) for k, v in fields.items()})
    model.title = model.title or ""
    model.description = model.description or ""
    _check_model(model)
    model.search_text = _model_search_text(model)
    model.save()
    _event(model, ModelStatus.DRAFT, by, _("Tạo mô hình"))
    audit_record(action="emulation_model.create", obj=model, by=by)
    return model


@transaction.atomic
def model_update(
    *, model: EmulationModel, expected_version: int | None, by: Any, **fields: Any
) -> EmulationModel:
    """Change a draft model; refused if someone else saved it first."""
    require(policies.can_edit_model(actor_for(by), model))
    unknown = set(fields) - set(MODEL_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown model fields: {sorted(unknown)}")
    fresh = lock_for_edit(model, expected_version)
    if not fresh.is_editable():
        raise ApplicationError(_("Mô hình đã đăng ký, không sửa được nữa."), code="not_editable")
    before = snapshot(fresh)
    for key, value in fields.items():
        setattr(fresh, key, _clean(value))
    _check_model(fresh)
    fresh.search_text = _model_search_text(fresh)
    fresh.save()
    audit_record(action="emulation_model.update", obj=fresh, by=by, before=before)
    return fresh


@transaction.atomic
def model_submit(*, model: EmulationModel, by: Any) -> EmulationModel:
    """The unit head registers a draft model with the coordinator."""
    require(policies.can_submit_model(actor_for(by), model))
    if not model.results.strip() and not model.participants.strip():
        raise ApplicationError(
            _("Hãy nêu đối tượng tham gia hoặc kết quả bước đầu trước khi đăng ký."),
            field="results",
        )
    fresh = _transition(
        model,
        ModelStatus.REGISTERED,
        by=by,
        action="emulation_model.submit",
        submitted_at=timezone.now(),
    )
    _notify_later(
        users=_coordinators(),
        kind=NotificationKind.SUBMITTED,
        text=_("%(unit)s đăng ký mô hình “Dân vận khéo”: %(title)s")
        % {"unit": fresh.unit.name, "title": fresh.title},
        url=_model_url(fresh),
    )
    return fresh


@transaction.atomic
def model_return(*, model: EmulationModel, comment: str, by: Any) -> EmulationModel:
    """The coordinator returns a registered model to the unit to complete it."""
    require(policies.can_return_model(actor_for(by), model))
    comment = _clean(comment)
    if not comment:
        raise ApplicationError(_("Hãy ghi rõ nội dung cần bổ sung."), field="comment")
    fresh = _transition(
        model, ModelStatus.DRAFT, by=by, action="emulation_model.return", comment=comment
    )
    _notify_later(
        users=_people([fresh.unit_id], [UNIT_OFFICER, UNIT_HEAD]),
        kind=NotificationKind.RETURNED,
        text=_("Mô hình “%(title)s” được trả lại để bổ sung.") % {"title": fresh.title},
        url=_model_url(fresh),
    )
    return fresh


def _check_score(score: Any) -> int:
    if isinstance(score, bool) or not isinstance(score, int):
        raise ApplicationError(_("Điểm phải là số nguyên."), field="score")
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise ApplicationError(
            _("Điểm phải từ %(a)d đến %(b)d.") % {"a": SCORE_MIN, "b": SCORE_MAX}, field="score"
        )
    return score


def _evaluate(
    obj: EmulationModel | Exemplar,
    *,
    member: Any,
    score: Any,
    comment: str,
    by: Any,
    waiting: str,
    evaluating: str,
    action: str,
) -> Evaluation:
    score = _check_score(score)
    if member is None or not getattr(member, "is_active", False):
        raise ApplicationError(_("Hãy chọn thành viên Hội đồng."), field="member")
    fresh = lock_for_edit(obj, None)
    if fresh.status == waiting:
        before_status = fresh.status
        fresh.status = evaluating
        fresh.save()
        _event(fresh, before_status, by, _("Hội đồng bắt đầu đánh giá"))
    else:
        fresh.save()
    subject = (
        {"emulation_model": fresh} if isinstance(fresh, EmulationModel) else {"exemplar": fresh}
    )
    existing = Evaluation.objects.filter(member=member, **subject).first()
    if existing is not None:
        before = snapshot(existing)
        existing.score = score
        existing.comment = _clean(comment)
        existing.by = by
        existing.save()
        audit_record(action=f"{action}.update", obj=existing, by=by, before=before)
        return existing
    evaluation = Evaluation.objects.create(
        member=member, score=score, comment=_clean(comment), by=by, **subject
    )
    audit_record(action=action, obj=evaluation, by=by)
    return evaluation


@transaction.atomic
def model_evaluate(
    *, model: EmulationModel, member: Any, score: Any, comment: str = "", by: Any
) -> Evaluation:
    """Record (or correct) one council member's score; the model goes under evaluation."""
    require(policies.can_evaluate_model(actor_for(by), model))
    return _evaluate(
        model,
        member=member,
        score=score,
        comment=comment,
        by=by,
        waiting=ModelStatus.REGISTERED,
        evaluating=ModelStatus.UNDER_EVALUATION,
        action="emulation_evaluation.add",
    )


def _decision_fields(
    *, recognised: bool, level: str, number: str, date: dt.date | None, comment: str, by: Any
) -> dict[str, Any]:
    number = _clean(number or "")
    comment = _clean(comment or "")
    if recognised:
        if level not in RecognitionLevel.values:
            raise ApplicationError(_("Hãy chọn cấp công nhận."), field="level")
        if not number:
            raise ApplicationError(_("Hãy nhập số quyết định công nhận."), field="decision_number")
        if len(number) > 60:
            raise ApplicationError(_("Số quyết định tối đa 60 ký tự."), field="decision_number")
        if date is None:
            raise ApplicationError(_("Hãy nhập ngày quyết định."), field="decision_date")
    else:
        if not comment:
            raise ApplicationError(
                _("Hãy nêu lý do không công nhận để đơn vị được biết."), field="decision_comment"
            )
        level = ""
    if date is not None and date > timezone.localdate():
        raise ApplicationError(_("Ngày quyết định không được sau hôm nay."), field="decision_date")
    return {
        "level": level,
        "decision_number": number,
        "decision_date": date,
        "decision_comment": comment,
        "decided_at": timezone.now(),
        "decided_by": by,
    }


@transaction.atomic
def model_decide(
    *,
    model: EmulationModel,
    recognised: bool,
    level: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    comment: str = "",
    public: bool = True,
    by: Any,
) -> EmulationModel:
    """Record the council's decision: recognised at a level (with the decision) or not."""
    require(policies.can_decide_model(actor_for(by), model))
    if not model.evaluations.exists():
        raise ApplicationError(
            _("Chưa có phiếu đánh giá nào của Hội đồng."), field="recognised", code="no_scores"
        )
    changes = _decision_fields(
        recognised=recognised,
        level=level,
        number=decision_number,
        date=decision_date,
        comment=comment,
        by=by,
    )
    to = ModelStatus.RECOGNISED if recognised else ModelStatus.NOT_RECOGNISED
    fresh = _transition(
        model,
        to,
        by=by,
        action="emulation_model.recognise" if recognised else "emulation_model.reject",
        comment=changes["decision_comment"],
        public=bool(public) and recognised,
        **changes,
    )
    text = (
        _("Mô hình “%(title)s” được công nhận %(level)s.")
        % {"title": fresh.title, "level": fresh.level_in_sentence()}
        if recognised
        else _("Mô hình “%(title)s” không được công nhận.") % {"title": fresh.title}
    )
    _notify_later(
        users=_people([fresh.unit_id], [UNIT_OFFICER, UNIT_HEAD]),
        kind=NotificationKind.ACCEPTED if recognised else NotificationKind.RETURNED,
        text=text,
        url=_model_url(fresh),
    )
    return fresh


@transaction.atomic
def model_set_public(*, model: EmulationModel, public: bool, by: Any) -> EmulationModel:
    """The coordinator shows or hides a recognised model on the public showcase."""
    require(actor_for(by).is_coordinator and model.status == ModelStatus.RECOGNISED)
    fresh = lock_for_edit(model, None)
    before = snapshot(fresh, ["public"])
    fresh.public = bool(public)
    fresh.save()
    audit_record(
        action="emulation_model.publish", obj=fresh, by=by, before=before, after={"public": public}
    )
    return fresh


@transaction.atomic
def model_archive(*, model: EmulationModel, comment: str = "", by: Any) -> EmulationModel:
    """Archive a model (never deleted); it leaves lists, counts and the showcase."""
    require(policies.can_archive_model(actor_for(by), model))
    return _transition(
        model,
        ModelStatus.ARCHIVED,
        by=by,
        action="emulation_model.archive",
        comment=_clean(comment),
        public=False,
    )


def _clean_photo(upload: Any) -> tuple[CleanImage, str]:
    """Return the upload re-encoded and the name to show for it (extension by content)."""
    name = clean_filename(getattr(upload, "name", "") or "anh")
    size = getattr(upload, "size", None)
    if not size:
        raise ApplicationError(_("Tệp ảnh %(name)s rỗng.") % {"name": name}, field="photo")
    if size > PHOTO_MAX_BYTES:
        raise ApplicationError(
            _("Ảnh %(name)s vượt quá %(mb)d MB.") % {"name": name, "mb": PHOTO_MAX_BYTES // 2**20},
            field="photo",
        )
    base, ext = os.path.splitext(name)
    if ext.lower() not in PHOTO_EXTENSIONS:
        raise ApplicationError(
            _("Chỉ nhận ảnh JPEG, PNG hoặc WebP; tệp %(name)s không phải loại này.")
            % {"name": name},
            field="photo",
        )
    data = upload.read()
    upload.seek(0)
    clean = reencode_image(
        data, name=name, field="photo", max_side=PHOTO_MAX_SIDE, formats=PHOTO_FORMATS
    )
    return clean, f"{base or 'anh'}{clean.extension}"[:200]


@transaction.atomic
def photo_add(*, model: EmulationModel, upload: Any, caption: str = "", by: Any) -> Photo:
    """Attach a photo to a draft model, re-encoded (no metadata, at most 1600 px)."""
    require(policies.can_edit_model(actor_for(by), model))
    if model.photos.filter(archived_at__isnull=True).count() >= MAX_PHOTOS:
        raise ApplicationError(
            _("Mỗi mô hình có tối đa %(n)d ảnh.") % {"n": MAX_PHOTOS}, field="photo"
        )
    caption = _clean(caption or "")
    if len(caption) > 300:
        raise ApplicationError(_("Chú thích ảnh tối đa 300 ký tự."), field="caption")
    clean, original_name = _clean_photo(upload)
    photo = Photo(
        emulation_model=model,
        token=secrets.token_hex(16),
        extension=clean.extension,
        content_type=clean.content_type,
        width=clean.width,
        height=clean.height,
        size=len(clean.data),
        caption=caption,
        original_name=original_name,
        by=by,
    )
    photo.file.save(f"{photo.token}{clean.extension}", ContentFile(clean.data), save=False)
    photo.save()
    audit_record(action="emulation_photo.add", obj=photo, by=by)
    return photo


@transaction.atomic
def photo_archive(*, photo: Photo, by: Any) -> Photo:
    """Remove a photo from a draft model (the file is kept, the row archived)."""
    require(policies.can_edit_model(actor_for(by), photo.emulation_model))
    photo.archived_at = timezone.now()
    photo.save(update_fields=["archived_at", "updated_at"])
    audit_record(action="emulation_photo.archive", obj=photo, by=by)
    return photo


@transaction.atomic
def documents_add(*, model: EmulationModel, files: list[Any], by: Any) -> list[Document]:
    """Attach PDF or DOCX documents to a draft model."""
    require(policies.can_edit_model(actor_for(by), model))
    from danvan.core.uploads import clean_filename

    for upload in files:
        name = clean_filename(upload.name or "")
        if not name.lower().endswith(tuple(DOCUMENT_EXTENSIONS)):
            raise ApplicationError(
                _("Tài liệu của mô hình phải là tệp PDF hoặc DOCX (%(name)s).") % {"name": name},
                field="files",
            )
    return store_uploads(
        Document, files, by=by, action="emulation_document.add", emulation_model=model
    )


@transaction.atomic
def document_archive(*, document: Document, by: Any) -> Document:
    """Remove a document from a draft model."""
    require(policies.can_edit_model(actor_for(by), document.emulation_model))
    document.archived_at = timezone.now()
    document.save(update_fields=["archived_at", "updated_at"])
    audit_record(action="emulation_document.archive", obj=document, by=by)
    return document


@transaction.atomic
def replication_add(
    *, model: EmulationModel, unit: Unit, applied_on: dt.date, notes: str = "", by: Any
) -> Replication:
    """Another unit declares it applies a recognised model."""
    actor = actor_for(by)
    # Someone who could declare for this unit gets the reason; anyone else a plain refusal.
    if actor.in_unit(unit.pk, *policies.UNIT_WRITERS):
        if unit.pk == model.unit_id:
            raise ApplicationError(
                _("Đơn vị xây dựng mô hình không tự khai báo nhân rộng mô hình của mình."),
                field="unit",
                code="same_unit",
            )
        if model.status != ModelStatus.RECOGNISED:
            raise ApplicationError(
                _("Chỉ nhân rộng được mô hình đã được công nhận."), code="not_recognised"
            )
    require(policies.can_replicate(actor, model, unit.pk))
    if applied_on is None:
        raise ApplicationError(_("Hãy nhập ngày bắt đầu áp dụng."), field="applied_on")
    if applied_on > timezone.localdate():
        raise ApplicationError(
            _("Ngày bắt đầu áp dụng không được sau hôm nay."), field="applied_on"
        )
    if model.started_on and applied_on < model.started_on:
        raise ApplicationError(
            _("Ngày áp dụng không được trước ngày mô hình gốc bắt đầu (%(d)s).")
            % {"d": model.started_on.strftime("%d/%m/%Y")},
            field="applied_on",
        )
    if Replication.objects.filter(
        emulation_model=model, unit=unit, archived_at__isnull=True
    ).exists():
        raise ApplicationError(
            _("%(unit)s đã khai báo áp dụng mô hình này.") % {"unit": unit.name},
            field="unit",
            code="duplicate",
        )
    try:
        with transaction.atomic():
            replication = Replication.objects.create(
                emulation_model=model, unit=unit, applied_on=applied_on, notes=_clean(notes), by=by
            )
    except IntegrityError as exc:  # a concurrent declaration by the same unit
        raise ApplicationError(
            _("%(unit)s đã khai báo áp dụng mô hình này.") % {"unit": unit.name}, field="unit"
        ) from exc
    audit_record(action="emulation_replication.add", obj=replication, by=by)
    _notify_later(
        users=_people([model.unit_id], [UNIT_OFFICER, UNIT_HEAD]),
        kind=NotificationKind.ANSWER,
        text=_("%(unit)s áp dụng mô hình “%(title)s” của đơn vị.")
        % {"unit": unit.name, "title": model.title},
        url=_model_url(model),
    )
    return replication


@transaction.atomic
def replication_archive(*, replication: Replication, by: Any) -> Replication:
    """Withdraw a replication declaration (the declaring unit or the coordinator)."""
    actor = actor_for(by)
    require(
        replication.archived_at is None
        and (actor.is_coordinator or actor.in_unit(replication.unit_id, *policies.UNIT_WRITERS))
    )
    replication.archived_at = timezone.now()
    replication.save(update_fields=["archived_at", "updated_at"])
    audit_record(action="emulation_replication.archive", obj=replication, by=by)
    return replication


# Exemplars -----------------------------------------------------------------------------------


@transaction.atomic
def exemplar_create(*, unit: Unit, by: Any, **fields: Any) -> Exemplar:
    """Create a draft nomination of an exemplary individual or group of `unit`."""
    require(policies.can_create_exemplar(actor_for(by), unit.pk))
    unknown = set(fields) - set(EXEMPLAR_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown exemplar fields: {sorted(unknown)}")
    exemplar = Exemplar(unit=unit, created_by=by, **{k: _clean(v) for k, v in fields.items()})
    for text in ("name", "position", "achievements", "id_number", "phone"):
        setattr(exemplar, text, getattr(exemplar, text) or "")
    _check_exemplar(exemplar)
    exemplar.search_text = _exemplar_search_text(exemplar)
    exemplar.save()
    _event(exemplar, ExemplarStatus.DRAFT, by, _("Tạo đề xuất"))
    audit_record(action="exemplar.create", obj=exemplar, by=by)
    return exemplar


@transaction.atomic
def exemplar_update(
    *, exemplar: Exemplar, expected_version: int | None, by: Any, **fields: Any
) -> Exemplar:
    """Change a draft nomination; refused if someone else saved it first."""
    require(policies.can_edit_exemplar(actor_for(by), exemplar))
    unknown = set(fields) - set(EXEMPLAR_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown exemplar fields: {sorted(unknown)}")
    fresh = lock_for_edit(exemplar, expected_version)
    before = snapshot(fresh)
    for key, value in fields.items():
        setattr(fresh, key, _clean(value))
    _check_exemplar(fresh)
    fresh.search_text = _exemplar_search_text(fresh)
    fresh.save()
    audit_record(action="exemplar.update", obj=fresh, by=by, before=before)
    return fresh


@transaction.atomic
def exemplar_submit(*, exemplar: Exemplar, by: Any) -> Exemplar:
    """The unit head sends a nomination to the coordinator."""
    require(policies.can_submit_exemplar(actor_for(by), exemplar))
    fresh = _transition(
        exemplar,
        ExemplarStatus.PROPOSED,
        by=by,
        action="exemplar.submit",
        submitted_at=timezone.now(),
    )
    _notify_later(
        users=_coordinators(),
        kind=NotificationKind.SUBMITTED,
        text=_("%(unit)s đề xuất điển hình tiên tiến: %(name)s")
        % {"unit": fresh.unit.name, "name": fresh.name},
        url=_exemplar_url(fresh),
    )
    return fresh


@transaction.atomic
def exemplar_evaluate(
    *, exemplar: Exemplar, member: Any, score: Any, comment: str = "", by: Any
) -> Evaluation:
    """Record (or correct) one council member's score on a nomination."""
    require(policies.can_evaluate_exemplar(actor_for(by), exemplar))
    return _evaluate(
        exemplar,
        member=member,
        score=score,
        comment=comment,
        by=by,
        waiting=ExemplarStatus.PROPOSED,
        evaluating=ExemplarStatus.UNDER_EVALUATION,
        action="exemplar_evaluation.add",
    )


@transaction.atomic
def exemplar_decide(
    *,
    exemplar: Exemplar,
    recognised: bool,
    level: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    comment: str = "",
    public: bool = True,
    by: Any,
) -> Exemplar:
    """Record the council's decision on a nomination."""
    require(policies.can_decide_exemplar(actor_for(by), exemplar))
    if not exemplar.evaluations.exists():
        raise ApplicationError(
            _("Chưa có phiếu đánh giá nào của Hội đồng."), field="recognised", code="no_scores"
        )
    changes = _decision_fields(
        recognised=recognised,
        level=level,
        number=decision_number,
        date=decision_date,
        comment=comment,
        by=by,
    )
    fresh = _transition(
        exemplar,
        ExemplarStatus.RECOGNISED if recognised else ExemplarStatus.NOT_RECOGNISED,
        by=by,
        action="exemplar.recognise" if recognised else "exemplar.reject",
        comment=changes["decision_comment"],
        public=bool(public) and recognised,
        **changes,
    )
    _notify_later(
        users=_people([fresh.unit_id], [UNIT_OFFICER, UNIT_HEAD]),
        kind=NotificationKind.ACCEPTED if recognised else NotificationKind.RETURNED,
        text=(
            _("Điển hình “%(name)s” được công nhận.")
            if recognised
            else _("Điển hình “%(name)s” không được công nhận.")
        )
        % {"name": fresh.name},
        url=_exemplar_url(fresh),
    )
    return fresh


@transaction.atomic
def exemplar_archive(*, exemplar: Exemplar, comment: str = "", by: Any) -> Exemplar:
    """Archive a nomination (never deleted)."""
    require(policies.can_archive_exemplar(actor_for(by), exemplar))
    return _transition(
        exemplar,
        ExemplarStatus.ARCHIVED,
        by=by,
        action="exemplar.archive",
        comment=_clean(comment),
        public=False,
    )

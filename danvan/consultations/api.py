"""JSON endpoints of the consultations app: drafts, sections, comments, moderation, answers.

Every operation needs a signed-in user or an API token (the platform's API refuses anonymous
callers); the public comments through the HTML pages, which carry the anti-bot checks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, P, QueryEx, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from danvan.core.access import actor_for, require
from danvan.core.errors import ApplicationError
from danvan.core.schemas import DB_ID_MAX, ERRORS, NO_NUL, Id, InputSchema
from danvan.orgs.models import Unit

from . import policies, selectors, services
from .models import Comment, Consultation, ConsultationFile, DraftSection

router = Router(tags=["Lấy ý kiến"])

KindLiteral = Literal["policy", "plan", "programme", "project", "legal_document", "other"]
StatusLiteral = Literal["draft", "open", "closed", "summarised", "published"]
StatusCommentLiteral = Literal["pending", "approved", "rejected"]


# Schemas -----------------------------------------------------------------------------------


class SectionOut(Schema):
    id: int
    position: int
    heading: str
    text: str
    version: int


class ConsultationOut(Schema):
    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    kind: str
    title: str
    summary: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    status: str
    closed_at: dt.datetime | None
    published_at: dt.datetime | None
    version: int


class FileOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int


class ConsultationDetailOut(ConsultationOut):
    sections: list[SectionOut]
    files: list[FileOut]
    summary_intro: str
    report_symbol: str

    @staticmethod
    def resolve_sections(obj: Consultation) -> list[DraftSection]:
        return selectors.sections_of(consultation=obj)

    @staticmethod
    def resolve_files(obj: Consultation) -> list[ConsultationFile]:
        files = ConsultationFile.objects.filter(consultation=obj, archived_at=None)
        return list(files if obj.status == "published" else files.exclude(kind="final"))


# The API takes whole days (Vietnam time): comments open at the start of `opens_on` and close
# at the end of `closes_on`; the web editor sets exact times.
class ConsultationIn(InputSchema):
    unit_id: Id
    kind: KindLiteral = "policy"
    title: str = Field(min_length=1, max_length=500)
    summary: str = Field("", max_length=20000)
    opens_on: dt.date
    closes_on: dt.date


class ConsultationPatch(InputSchema):
    version: int
    kind: KindLiteral = Field(None)
    title: str = Field(None, min_length=1, max_length=500)
    summary: str = Field(None, max_length=20000)
    opens_on: dt.date = Field(None)
    closes_on: dt.date = Field(None)


def _window(data: dict[str, Any]) -> dict[str, Any]:
    """Turn `opens_on` / `closes_on` days into the opening and closing moments."""
    tz = timezone.get_current_timezone()
    if (day := data.pop("opens_on", None)) is not None:
        data["opens_at"] = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    if (day := data.pop("closes_on", None)) is not None:
        data["closes_at"] = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return data


class SectionIn(InputSchema):
    heading: str = Field(min_length=1, max_length=300)
    text: str = Field("", max_length=50000)


class SectionPatch(InputSchema):
    version: int
    heading: str = Field(None, min_length=1, max_length=300)
    text: str = Field(None, max_length=50000)
    position: int = Field(None, ge=0, le=10000)


class CloseIn(InputSchema):
    reason: str = Field("", max_length=2000)


class CommentIn(InputSchema):
    body: str = Field(min_length=1, max_length=10000)
    section_id: Id | None = None
    organisation_id: Id | None = None
    hide_name: bool = False


class CommentOut(Schema):
    id: int
    code: str
    consultation_id: int
    section_id: int | None
    status: str
    display_name: str
    as_organisation: bool
    body: str
    created_at: dt.datetime
    reject_reason: str
    answer_kind: str
    answer_text: str
    version: int
    author_name: str | None = None
    email: str | None = None
    phone: str | None = None


class ModerationIn(InputSchema):
    decision: Literal["approve", "reject"]
    reason: Literal[
        "", "spam", "offensive", "off_topic", "duplicate", "personal_data", "unlawful", "other"
    ] = ""
    note: str = Field("", max_length=2000)


class AnswerIn(InputSchema):
    answer_kind: Literal["taken_up", "partial", "explained"]
    answer_text: str = Field(min_length=1, max_length=10000)
    version: int | None = None


class SummaryPatch(InputSchema):
    version: int
    summary_intro: str = Field(None, max_length=20000)
    report_symbol: str = Field(None, max_length=60)
    place: str = Field(None, max_length=100)
    signer_authority: str = Field(None, max_length=200)
    signer_name: str = Field(None, max_length=200)


# Helpers -----------------------------------------------------------------------------------


def _consultation(request: HttpRequest, consultation_id: int) -> Consultation:
    """Return a consultation the caller may read: staff readers, or anyone once public."""
    consultation = get_object_or_404(
        Consultation.objects.select_related("unit"), pk=consultation_id, archived_at=None
    )
    actor = actor_for(request.user)
    require(policies.can_view_staff(actor, consultation) or consultation.is_public(), visible=False)
    return consultation


def _detail(consultation: Consultation) -> Consultation:
    """Return the consultation for ConsultationDetailOut (its resolvers add sections, files)."""
    return consultation


def _comment_out(comment: Comment, *, contacts: bool) -> dict[str, Any]:
    data = {
        "id": comment.pk,
        "code": comment.code,
        "consultation_id": comment.consultation_id,
        "section_id": comment.section_id,
        "status": comment.status,
        "display_name": comment.display_name(),
        "as_organisation": comment.as_organisation,
        "body": comment.body,
        "created_at": comment.created_at,
        "reject_reason": comment.reject_reason,
        "answer_kind": comment.answer_kind,
        "answer_text": comment.answer_text,
        "version": comment.version,
    }
    if comment.consultation.status != "published" and not contacts:
        data["answer_kind"] = data["answer_text"] = ""
    if contacts:
        data |= {"author_name": comment.author_name, "email": comment.email, "phone": comment.phone}
    return data


def _comment(request: HttpRequest, comment_id: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("consultation__unit"),
        pk=comment_id,
        consultation__archived_at=None,
    )
    require(policies.can_view_comment(actor_for(request.user), comment), visible=False)
    return comment


def _section(consultation: Consultation, section_id: int | None) -> DraftSection | None:
    if section_id is None:
        return None
    section = consultation.sections.filter(pk=section_id, archived_at=None).first()
    if section is None:
        raise ApplicationError("Phần dự thảo không thuộc dự thảo này.", field="section_id")
    return section


# Consultations -----------------------------------------------------------------------------


@router.get("", response={200: list[ConsultationOut], **ERRORS})
def list_consultations(
    request: HttpRequest,
    q: QueryEx[str, P(max_length=200, pattern=NO_NUL)] = "",
    status: StatusLiteral | None = None,
    kind: KindLiteral | None = None,
    unit_id: QueryEx[int | None, P(ge=1, le=DB_ID_MAX)] = None,
) -> list[Consultation]:
    """List the consultations the caller manages or reads (public ones for everybody)."""
    actor = actor_for(request.user)
    staff = selectors.consultations_visible(
        actor=actor, q=q, status=status or "", kind=kind or "", unit_id=unit_id
    )
    public = selectors.consultations_public(q=q, status=status or "", kind=kind or "")
    if unit_id is not None:
        public = public.filter(unit_id=unit_id)
    ids = set(staff.values_list("pk", flat=True)) | set(public.values_list("pk", flat=True))
    return list(Consultation.objects.filter(pk__in=ids).select_related("unit"))


@router.post("", response={201: ConsultationDetailOut, **ERRORS})
def create_consultation(request: HttpRequest, payload: ConsultationIn) -> Status[Any]:
    """Create a draft consultation for a unit (its officers and heads, or the coordinator)."""
    unit = get_object_or_404(Unit, pk=payload.unit_id, archived_at=None)
    data = _window(payload.dict())
    data.pop("unit_id")
    consultation = services.consultation_create(unit=unit, by=request.user, **data)
    return Status(201, _detail(consultation))


@router.get("/{consultation_id}", response={200: ConsultationDetailOut, **ERRORS})
def get_consultation(request: HttpRequest, consultation_id: int) -> Consultation:
    """Return one consultation with its sections and files."""
    return _detail(_consultation(request, consultation_id))


@router.patch("/{consultation_id}", response={200: ConsultationDetailOut, **ERRORS})
def update_consultation(
    request: HttpRequest, consultation_id: int, payload: ConsultationPatch
) -> Consultation:
    """Change a draft's header (with the version last read)."""
    consultation = _consultation(request, consultation_id)
    data = _window(payload.dict(exclude_unset=True))
    version = data.pop("version")
    saved = services.consultation_update(
        consultation=consultation, expected_version=version, by=request.user, **data
    )
    return _detail(saved)


@router.post("/{consultation_id}/sections", response={201: SectionOut, **ERRORS})
def add_section(request: HttpRequest, consultation_id: int, payload: SectionIn) -> Status[Any]:
    """Append a section to a draft."""
    consultation = _consultation(request, consultation_id)
    return Status(
        201, services.section_add(consultation=consultation, by=request.user, **payload.dict())
    )


@router.patch("/sections/{draft_section_id}", response={200: SectionOut, **ERRORS})
def update_section(
    request: HttpRequest, draft_section_id: int, payload: SectionPatch
) -> DraftSection:
    """Edit a section of a draft."""
    section = get_object_or_404(
        DraftSection.objects.select_related("consultation"), pk=draft_section_id, archived_at=None
    )
    _consultation(request, section.consultation_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return services.section_update(
        section=section, expected_version=version, by=request.user, **data
    )


@router.post("/{consultation_id}/open", response={200: ConsultationOut, **ERRORS})
def open_consultation(request: HttpRequest, consultation_id: int) -> Consultation:
    """Put a draft to public comment."""
    consultation = _consultation(request, consultation_id)
    return services.consultation_open(consultation=consultation, by=request.user)


@router.post("/{consultation_id}/close", response={200: ConsultationOut, **ERRORS})
def close_consultation(
    request: HttpRequest, consultation_id: int, payload: CloseIn
) -> Consultation:
    """End the comment window (before its planned end only with a reason)."""
    consultation = _consultation(request, consultation_id)
    return services.consultation_close(
        consultation=consultation, reason=payload.reason, by=request.user
    )


@router.patch("/{consultation_id}/summary", response={200: ConsultationDetailOut, **ERRORS})
def update_summary(
    request: HttpRequest, consultation_id: int, payload: SummaryPatch
) -> Consultation:
    """Edit the general part and signature block of the summary report."""
    consultation = _consultation(request, consultation_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    saved = services.summary_update(
        consultation=consultation, expected_version=version, by=request.user, **data
    )
    return _detail(saved)


@router.post("/{consultation_id}/summarise", response={200: ConsultationOut, **ERRORS})
def summarise_consultation(request: HttpRequest, consultation_id: int) -> Consultation:
    """Declare the summary complete (every comment moderated, every approved one answered)."""
    consultation = _consultation(request, consultation_id)
    return services.consultation_summarise(consultation=consultation, by=request.user)


@router.post("/{consultation_id}/final-text", response={201: FileOut, **ERRORS})
def attach_final_text(
    request: HttpRequest, consultation_id: int, final_text: File[UploadedFile | None] = None
) -> Status[Any]:
    """Attach the final text (multipart, field `final_text`) before publishing."""
    unknown = [("form", n) for n in request.POST] + [
        ("file", n) for n in request.FILES if n != "final_text"
    ]
    if unknown:
        raise ValidationError(
            [
                {"loc": loc, "msg": "Extra inputs are not permitted", "type": "extra_forbidden"}
                for loc in sorted(unknown)
            ]
        )
    if final_text is None:
        raise ApplicationError("Hãy chọn tệp văn bản hoàn chỉnh.", field="final_text")
    consultation = _consultation(request, consultation_id)
    stored = services.final_text_attach(
        consultation=consultation, upload=final_text, by=request.user
    )
    return Status(201, stored)


@router.post("/{consultation_id}/publish", response={200: ConsultationOut, **ERRORS})
def publish_consultation(request: HttpRequest, consultation_id: int) -> Consultation:
    """Publish the summary beside the final text (unit head or coordinator)."""
    consultation = _consultation(request, consultation_id)
    return services.consultation_publish(consultation=consultation, by=request.user)


# Comments ----------------------------------------------------------------------------------


@router.get("/{consultation_id}/comments", response={200: list[CommentOut], **ERRORS})
def list_comments(
    request: HttpRequest, consultation_id: int, status: StatusCommentLiteral | None = None
) -> list[dict[str, Any]]:
    """List comments: staff readers see every verified one, others the approved ones."""
    consultation = _consultation(request, consultation_id)
    actor = actor_for(request.user)
    contacts = policies.can_see_contacts(actor, consultation)
    if policies.can_view_staff(actor, consultation):
        comments = selectors.comments_for_staff(consultation=consultation, status=status or "")
    else:
        comments = selectors.comments_approved(consultation=consultation)
        if status and status != "approved":
            comments = comments.none()
    return [_comment_out(c, contacts=contacts) for c in comments]


@router.post("/{consultation_id}/comments", response={201: CommentOut, **ERRORS})
def submit_comment(request: HttpRequest, consultation_id: int, payload: CommentIn) -> Status[Any]:
    """Comment as the signed-in user, or for one of their units (`organisation_id`)."""
    consultation = _consultation(request, consultation_id)
    organisation = None
    if payload.organisation_id is not None:
        organisation = Unit.objects.filter(pk=payload.organisation_id).first()
        if organisation is None:
            raise ApplicationError("Không tìm thấy đơn vị.", field="organisation_id")
    comment = services.comment_submit_user(
        consultation=consultation,
        section=_section(consultation, payload.section_id),
        body=payload.body,
        organisation=organisation,
        show_name=not payload.hide_name,
        by=request.user,
    )
    return Status(201, _comment_out(comment, contacts=False))


@router.post("/comments/{comment_id}/moderation", response={200: CommentOut, **ERRORS})
def moderate_comment(
    request: HttpRequest, comment_id: int, payload: ModerationIn
) -> dict[str, Any]:
    """Approve or reject a comment (a rejection needs a reason)."""
    comment = _comment(request, comment_id)
    saved = services.comment_moderate(comment=comment, by=request.user, **payload.dict())
    return _comment_out(saved, contacts=True)


@router.put("/comments/{comment_id}/answer", response={200: CommentOut, **ERRORS})
def answer_comment(request: HttpRequest, comment_id: int, payload: AnswerIn) -> dict[str, Any]:
    """Record the unit's answer (tiếp thu / giải trình) to an approved comment."""
    comment = _comment(request, comment_id)
    saved = services.comment_answer(
        comment=comment,
        kind=payload.answer_kind,
        text=payload.answer_text,
        expected_version=payload.version,
        by=request.user,
    )
    return _comment_out(saved, contacts=True)

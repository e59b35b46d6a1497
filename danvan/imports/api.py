"""JSON endpoints of the imports app: upload plan files, read results, the legal registry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, P, QueryEx, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from danvan.core.access import actor_for, require
from danvan.core.errors import ApplicationError
from danvan.core.schemas import DB_ID_MAX, ERRORS, NO_NUL, InputSchema

from . import policies, selectors, services
from .models import ImportJob, LegalDocument

router = Router(tags=["Nhập văn bản"])


class JobOut(Schema):
    id: int
    original_name: str
    status: str
    kind: str
    pages: int
    percent: int
    error: str
    plan_id: int | None
    created_at: dt.datetime
    version: int


class JobDetailOut(JobOut):
    result: dict[str, Any]
    structure: dict[str, Any]
    restored_text: str
    uncertain: list[dict[str, Any]]


class LegalDocumentOut(Schema):
    id: int
    family: str
    doc_type: str
    number: str
    symbol: str
    full_ref: str
    issued_on: dt.date | None
    issuer: str
    title: str
    url: str
    version: int


class LegalDocumentPatch(InputSchema):
    version: int
    doc_type: str = Field(None, max_length=60)
    full_ref: str = Field(None, min_length=1, max_length=200)
    issued_on: dt.date | None = None
    issuer: str = Field(None, max_length=200)
    title: str = Field(None, max_length=5000)
    url: str = Field(None, max_length=500)


def _job_out(job: ImportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "original_name": job.original_name,
        "status": job.status,
        "kind": job.kind,
        "pages": job.pages,
        "percent": job.percent(),
        "error": job.error,
        "plan_id": job.plan_id,
        "created_at": job.created_at,
        "version": job.version,
    }


def _job(request: HttpRequest, import_job_id: int) -> ImportJob:
    if not 1 <= import_job_id <= DB_ID_MAX:
        raise Http404
    job = get_object_or_404(
        ImportJob.objects.select_related("plan"), pk=import_job_id, archived_at=None
    )
    require(policies.can_view_job(actor_for(request.user), job), visible=False)
    return job


@router.get("/jobs", response={200: list[JobOut], **ERRORS})
def list_jobs(request: HttpRequest) -> list[dict[str, Any]]:
    """List the imports the caller may see."""
    return [_job_out(j) for j in selectors.jobs_visible(actor=actor_for(request.user))[:200]]


@router.post("/jobs", response={201: JobOut, 200: JobOut, **ERRORS})
def create_job(
    request: HttpRequest, file: File[UploadedFile | None] = None
) -> Status[dict[str, Any]]:
    """Upload a plan file (multipart field `file`); 200 with the old job if already imported."""
    unknown = [("form", n) for n in request.POST] + [
        ("file", n) for n in request.FILES if n != "file"
    ]
    if unknown:
        raise ValidationError(
            [
                {"loc": loc, "msg": "Extra inputs are not permitted", "type": "extra_forbidden"}
                for loc in sorted(unknown)
            ]
        )
    if file is None:
        raise ApplicationError("Hãy gửi tệp kế hoạch trong trường `file`.", field="file")
    job, created = services.import_job_create(upload=file, by=request.user)
    return Status(201 if created else 200, _job_out(job))


@router.get("/jobs/{import_job_id}", response={200: JobDetailOut, **ERRORS})
def get_job(request: HttpRequest, import_job_id: int) -> dict[str, Any]:
    """Return one import with what was read from it (the `import-plan --json` contract)."""
    job = _job(request, import_job_id)
    return {
        **_job_out(job),
        "result": job.parsed or {},
        "structure": job.structure or {},
        "restored_text": job.restored_text,
        "uncertain": job.uncertain or [],
    }


@router.post("/jobs/{import_job_id}/draft-plan", response={200: JobOut, **ERRORS})
def make_plan(request: HttpRequest, import_job_id: int) -> dict[str, Any]:
    """Create or update the draft plan of a reviewed import (coordinator)."""
    job = _job(request, import_job_id)
    require(policies.can_make_plan(actor_for(request.user), job))
    services.import_job_make_plan(job=job, by=request.user)
    job.refresh_from_db()
    return _job_out(job)


def _document(request: HttpRequest, legal_document_id: int) -> LegalDocument:
    require(policies.can_view_registry(actor_for(request.user)))
    if not 1 <= legal_document_id <= DB_ID_MAX:
        raise Http404
    return get_object_or_404(LegalDocument, pk=legal_document_id, archived_at=None)


@router.get("/legal-documents", response={200: list[LegalDocumentOut], **ERRORS})
def list_legal_documents(
    request: HttpRequest,
    q: QueryEx[str | None, P(max_length=200, pattern=NO_NUL)] = None,
    doc_type: QueryEx[str | None, P(max_length=60, pattern=NO_NUL)] = None,
) -> list[LegalDocument]:
    """Search the registry (diacritics optional)."""
    require(policies.can_view_registry(actor_for(request.user)))
    found = selectors.legal_documents_search(query=q or "", doc_type=doc_type or "")
    return list(found[:500])


@router.get("/legal-documents/{legal_document_id}", response={200: LegalDocumentOut, **ERRORS})
def get_legal_document(request: HttpRequest, legal_document_id: int) -> LegalDocument:
    """Return one registry document."""
    return _document(request, legal_document_id)


@router.patch("/legal-documents/{legal_document_id}", response={200: LegalDocumentOut, **ERRORS})
def update_legal_document(
    request: HttpRequest, legal_document_id: int, payload: LegalDocumentPatch
) -> LegalDocument:
    """Correct a registry document (coordinator); 409 when someone else saved it first."""
    document = _document(request, legal_document_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    for key in list(fields):
        if fields[key] is None and key != "issued_on":
            raise ApplicationError("Trường này không được để trống.", field=key)
    return services.legal_document_update(
        document=document, expected_version=version, by=request.user, **fields
    )

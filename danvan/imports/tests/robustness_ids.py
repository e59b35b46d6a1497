"""Real records for the API robustness test: an import job and a registry document."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.imports import services

from .conftest import AN_GIANG


def real_ids(world: Any) -> dict[str, int]:
    job, _created = services.import_job_create(
        upload=SimpleUploadedFile("an-giang.txt", AN_GIANG.read_bytes()), by=world.coordinator
    )
    document = services.legal_document_for(
        row={"type": "Chỉ thị", "number": "33", "symbol": "CT-TTg", "full_ref": "33/CT-TTg",
             "date": "2021-11-26", "issuer": "Thủ tướng Chính phủ", "subject": None},
        by=world.coordinator,
    )  # fmt: skip
    return {"import_job_id": job.pk, "legal_document_id": document.pk}

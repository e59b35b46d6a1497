"""Signed documents of recommendations: only PDF, Word and images; images re-encoded.

A photographed or scanned document may carry GPS and camera metadata, or be a crafted file;
images go through `danvan.core.images.reencode_image`, which keeps the pixels (upright) and
drops everything else. The side cap is generous so that a scanned page stays legible.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _

from danvan.core.errors import ApplicationError
from danvan.core.images import EXTENSION_FORMATS, reencode_image
from danvan.core.uploads import check_upload, store_uploads

from .models import RecommendationFile

DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".doc", ".jpg", ".jpeg", ".png")
MAX_PIXELS = 40_000_000  # a 300 dpi A3 scan is about 17 million pixels
MAX_SIDE = 7016  # an A4 page scanned at 600 dpi (4961 x 7016) is kept at full size
MAX_FILES = 10


def checked_documents(files: Sequence[UploadedFile], *, field: str) -> list[UploadedFile]:
    """Validate signed documents (type by content, size, name) and re-encode the images."""
    if len(files) > MAX_FILES:
        raise ApplicationError(_("Chỉ đính kèm tối đa %(n)d tệp.") % {"n": MAX_FILES}, field=field)
    ready = []
    for upload in files:
        try:
            name, ext, _type = check_upload(upload)
        except ApplicationError as exc:
            raise ApplicationError(exc.message, field=field, code=exc.code) from None
        if ext not in DOCUMENT_EXTENSIONS:
            raise ApplicationError(
                _("Văn bản có chữ ký phải là tệp PDF, Word hoặc ảnh JPG/PNG (không nhận %(ext)s).")
                % {"ext": ext},
                field=field,
            )
        if ext in (".jpg", ".jpeg", ".png"):
            clean = reencode_image(
                upload.read(),
                name=name,
                field=field,
                max_side=MAX_SIDE,
                max_pixels=MAX_PIXELS,
                formats=[EXTENSION_FORMATS[ext]],
            )
            upload = SimpleUploadedFile(name, clean.data, content_type=clean.content_type)
        else:
            upload.name = name
        ready.append(upload)
    return ready


def store_documents(files: Sequence[UploadedFile], *, by: Any, **fields: Any) -> list[Any]:
    """Store already checked documents as RecommendationFile rows (each audited)."""
    for upload in files:
        upload.name = os.path.basename(upload.name or "tep")
    return store_uploads(RecommendationFile, files, by=by, action="front_file.add", **fields)

"""Signed documents of recommendations: only PDF, Word and images; images re-encoded.

A photographed or scanned document may carry GPS and camera metadata, or be a crafted file;
images are decoded with Pillow (pixel count capped) and saved again, which keeps the pixels
and drops everything else.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from danvan.core.errors import ApplicationError
from danvan.core.uploads import check_upload, store_uploads

from .models import RecommendationFile

DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".doc", ".jpg", ".jpeg", ".png")
MAX_PIXELS = 40_000_000  # a 300 dpi A3 scan is about 17 million pixels
MAX_FILES = 10


def reencode_image(upload: UploadedFile, *, name: str, ext: str, field: str) -> UploadedFile:
    """Return the image decoded and saved again without metadata; refuse huge or broken ones."""
    try:
        with Image.open(upload) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ApplicationError(
                    _("Ảnh %(name)s quá lớn (%(w)d × %(h)d điểm ảnh); hãy chụp hoặc quét lại.")
                    % {"name": name, "w": width, "h": height},
                    field=field,
                )
            probe.load()
            image = probe.copy()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ApplicationError(
            _("Không đọc được ảnh %(name)s.") % {"name": name}, field=field
        ) from None
    out = io.BytesIO()
    if ext in (".jpg", ".jpeg"):
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=90, optimize=True)
        content_type = "image/jpeg"
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
        content_type = "image/png"
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)


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
            upload = reencode_image(upload, name=name, ext=ext, field=field)
        else:
            upload.name = name
        ready.append(upload)
    return ready


def store_documents(files: Sequence[UploadedFile], *, by: Any, **fields: Any) -> list[Any]:
    """Store already checked documents as RecommendationFile rows (each audited)."""
    for upload in files:
        upload.name = os.path.basename(upload.name or "tep")
    return store_uploads(RecommendationFile, files, by=by, action="front_file.add", **fields)

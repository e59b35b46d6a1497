"""Checks on uploaded files: size, extension, and content that matches the extension."""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from typing import Any

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from .errors import ApplicationError

# extension -> MIME types the content may be detected as (None: a text format, no magic).
ALLOWED = {
    ".pdf": {"application/pdf"},
    ".docx": {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/zip",
    },
    ".xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
    },
    ".pptx": {
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/zip",
    },
    ".odt": {"application/vnd.oasis.opendocument.text", "application/zip"},
    ".ods": {"application/vnd.oasis.opendocument.spreadsheet", "application/zip"},
    ".doc": {"application/msword", "application/x-ole-storage", "application/vnd.ms-excel"},
    ".xls": {"application/vnd.ms-excel", "application/x-ole-storage", "application/msword"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
    ".txt": None,
    ".csv": None,
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
}
_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


def clean_filename(name: str) -> str:
    """Return a display-safe file name: no path, no control or markup characters, NFC."""
    base = os.path.basename(name.replace("\\", "/"))
    base = unicodedata.normalize("NFC", base)
    base = _UNSAFE.sub("_", base).strip(" .") or "tep"
    return base[:150]


def check_upload(upload: UploadedFile) -> tuple[str, str, str]:
    """Validate an upload; return (clean name, extension, content type) or raise."""
    name = clean_filename(upload.name or "")
    ext = os.path.splitext(name)[1].lower()
    limit = settings.DANVAN_UPLOAD_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ApplicationError(_("Tệp %(name)s rỗng.") % {"name": name}, field="files")
    if upload.size > limit:
        raise ApplicationError(
            _("Tệp %(name)s vượt quá dung lượng cho phép (%(mb)d MB).")
            % {"name": name, "mb": limit // (1024 * 1024)},
            field="files",
        )
    if ext not in ALLOWED:
        raise ApplicationError(
            _("Không chấp nhận loại tệp %(ext)s. Các loại được phép: %(allowed)s.")
            % {"ext": ext or "?", "allowed": ", ".join(sorted(ALLOWED))},
            field="files",
        )
    head = upload.read(8192)
    upload.seek(0)
    expected = ALLOWED[ext]
    if expected is None:
        if b"\x00" in head:
            raise ApplicationError(
                _("Tệp %(name)s không phải tệp văn bản.") % {"name": name}, field="files"
            )
    else:
        kind = filetype.guess(head)
        if kind is None or kind.mime not in expected:
            raise ApplicationError(
                _("Nội dung tệp %(name)s không khớp với phần mở rộng %(ext)s.")
                % {"name": name, "ext": ext},
                field="files",
            )
    return name, ext, CONTENT_TYPES[ext]


def private_download(stored: Any, *, filename: str, content_type: str) -> FileResponse:
    """Return a stored upload as an attachment that browsers never run nor cache; 404 if gone."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def store_uploads(model: Any, files: Any, *, by: Any, action: str, **fields: Any) -> list[Any]:
    """Check every file first, then save each as a `model` row under a random token name.

    `model` has the evidence fields (token, extension, original_name, content_type, size, by,
    file); `fields` fills the rest (the record the files belong to). Each row is audited.
    """
    from .audit import audit_record

    checked = [(f, *check_upload(f)) for f in files]
    stored = []
    for upload, name, ext, content_type in checked:
        row = model(
            token=secrets.token_hex(16),
            extension=ext,
            original_name=name,
            content_type=content_type,
            size=upload.size or 0,
            by=by,
            **fields,
        )
        row.file.save(f"{row.token}{ext}", upload, save=False)
        row.save()
        audit_record(action=action, obj=row, by=by)
        stored.append(row)
    return stored

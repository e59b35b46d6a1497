"""Checks on files citizens attach: allowed types, sizes, images re-encoded, PDFs inspected.

Images go through `danvan.core.images.reencode_image` (pixels only, upright, longest side
2560 px, refused above 40 million pixels before decoding, refused unless they decode as the
format of their extension). PDFs must parse, must not be encrypted and must not carry scripts,
launch actions or embedded files.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from danvan.core.errors import ApplicationError
from danvan.core.images import EXTENSION_FORMATS, reencode_image
from danvan.core.uploads import check_upload

PORTAL_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".odt", ".txt")
MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 25 * 1024 * 1024
MAX_INPUT_PIXELS = 40_000_000  # above this an image is refused unread (decompression bomb)
MAX_SIDE = 2560  # longest side after re-encoding
MAX_PDF_PAGES = 300
# Anything that runs, opens another file or carries one. Looked for in every object of the
# file, so chained actions (/Next), annotations, form fields and name trees are all covered.
_PDF_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/GoToE",
    "/GoToR",
    "/Rendition",
    "/RichMediaExecute",
    "/Movie",
    "/Sound",
}
_PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/AA", "/EmbeddedFile", "/EmbeddedFiles", "/XFA"}
_PDF_ACTIVE_SUBTYPES = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
_PDF_MAX_OBJECTS = 200_000  # a walk beyond this is refused as a hostile file
_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")


@dataclass
class CheckedFile:
    name: str
    extension: str
    content_type: str
    data: bytes


def _error(message: str) -> ApplicationError:
    return ApplicationError(message, field="attachments", code="bad_file")


def _has_active_content(reader: object) -> bool:
    """Walk every object reachable from the trailer, looking for active content."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack: list[object] = [reader.trailer]  # type: ignore[attr-defined]
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            ref = (node.idnum, node.generation)
            if ref in seen:
                continue
            seen.add(ref)
            node = node.get_object()
        visited += 1
        if visited > _PDF_MAX_OBJECTS:
            return True
        if isinstance(node, DictionaryObject):
            if _PDF_ACTIVE_KEYS.intersection(node.keys()):
                return True
            if str(node.get("/S", "")) in _PDF_ACTIONS:
                return True
            if str(node.get("/Subtype", "")) in _PDF_ACTIVE_SUBTYPES:
                return True
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return False


def check_pdf(data: bytes, *, name: str) -> None:
    """Refuse a PDF that does not parse, is encrypted, too long, or carries active content."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _error(
                _("Tệp %(name)s được đặt mật khẩu; vui lòng gửi bản không có mật khẩu.")
                % {"name": name}
            )
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            raise _error(
                _("Tệp %(name)s có quá nhiều trang (tối đa %(n)d trang).")
                % {"name": name, "n": MAX_PDF_PAGES}
            )
        active = _has_active_content(reader)
    except ApplicationError:
        raise
    except (
        PyPdfError,
        KeyError,
        ValueError,
        TypeError,
        OSError,
        RecursionError,
        AttributeError,
    ) as exc:
        raise _error(_("Tệp %(name)s không phải là tệp PDF hợp lệ.") % {"name": name}) from exc
    if active:
        raise _error(
            _(
                "Tệp %(name)s chứa mã lệnh hoặc tệp nhúng, không được chấp nhận. Vui lòng in "
                "ra PDF thường rồi gửi lại."
            )
            % {"name": name}
        )


def check_files(files: list[UploadedFile]) -> list[CheckedFile]:
    """Check every attached file; return their cleaned contents or raise on the first problem."""
    if len(files) > MAX_FILES:
        raise _error(_("Chỉ được đính kèm tối đa %(n)d tệp.") % {"n": MAX_FILES})
    per_file = min(MAX_FILE_BYTES, settings.DANVAN_UPLOAD_MAX_BYTES)
    total = sum(f.size or 0 for f in files)
    if total > MAX_TOTAL_BYTES:
        raise _error(
            _("Tổng dung lượng các tệp vượt quá %(mb)d MB.") % {"mb": MAX_TOTAL_BYTES // 2**20}
        )
    checked = []
    for upload in files:
        if (upload.size or 0) > per_file:
            raise _error(
                _("Tệp %(name)s vượt quá %(mb)d MB.")
                % {"name": upload.name, "mb": per_file // 2**20}
            )
        try:
            name, ext, content_type = check_upload(upload)
        except ApplicationError as exc:
            raise _error(exc.message) from exc
        if ext not in PORTAL_TYPES:
            raise _error(
                _("Không chấp nhận loại tệp %(ext)s. Các loại được phép: %(allowed)s.")
                % {"ext": ext, "allowed": ", ".join(PORTAL_TYPES)}
            )
        upload.seek(0)
        data = upload.read()
        if ext in _IMAGE_EXTENSIONS:
            data = reencode_image(
                data,
                name=name,
                field="attachments",
                max_side=MAX_SIDE,
                max_pixels=MAX_INPUT_PIXELS,
                formats=[EXTENSION_FORMATS[ext]],
            ).data
        elif ext == ".pdf":
            check_pdf(data, name=name)
        checked.append(CheckedFile(name=name, extension=ext, content_type=content_type, data=data))
    return checked

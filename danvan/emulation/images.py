"""Photo uploads: the content decides the type, and every image is re-encoded by Pillow.

Re-encoding drops EXIF (GPS positions, camera serials), ICC and text chunks, applies the EXIF
orientation first so photos stay upright, and caps the dimensions. A file whose header claims
more pixels than MAX_PIXELS is refused before any pixel is decoded (decompression bombs).
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from danvan.core.errors import ApplicationError
from danvan.core.uploads import clean_filename

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # about 8000 x 5000: a large camera photo, not a bomb
MAX_SIDE = 1600  # stored photos are at most this wide or high
# Pillow format -> (stored extension, content type, save options)
FORMATS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "JPEG": (".jpg", "image/jpeg", {"quality": 85, "optimize": True}),
    "PNG": (".png", "image/png", {"optimize": True}),
    "WEBP": (".webp", "image/webp", {"quality": 85}),
}
ALLOWED_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    extension: str
    content_type: str
    width: int
    height: int
    original_name: str


def _refuse(message: str) -> ApplicationError:
    return ApplicationError(message, field="photo", code="invalid_image")


def reencode_image(upload: Any, *, max_side: int = MAX_SIDE) -> CleanImage:
    """Return the upload re-encoded as a clean JPEG, PNG or WebP, or raise ApplicationError."""
    name = clean_filename(getattr(upload, "name", "") or "anh")
    size = getattr(upload, "size", None)
    if not size:
        raise _refuse(_("Tệp ảnh %(name)s rỗng.") % {"name": name})
    if size > MAX_BYTES:
        raise _refuse(
            _("Ảnh %(name)s vượt quá %(mb)d MB.") % {"name": name, "mb": MAX_BYTES // 2**20}
        )
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise _refuse(
            _("Chỉ nhận ảnh JPEG, PNG hoặc WebP; tệp %(name)s không phải loại này.")
            % {"name": name}
        )
    raw = upload.read()
    upload.seek(0)
    not_an_image = _("Tệp %(name)s không phải là ảnh hợp lệ.") % {"name": name}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))
            if image.format not in FORMATS:
                raise _refuse(not_an_image)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _refuse(
                    _("Ảnh %(name)s quá lớn (%(w)d × %(h)d điểm ảnh).")
                    % {"name": name, "w": width, "h": height}
                )
            image.load()
            fmt = image.format
    except ApplicationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refuse(_("Ảnh %(name)s quá lớn.") % {"name": name}) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _refuse(not_an_image) from exc

    image = ImageOps.exif_transpose(image) or image
    if fmt == "JPEG":
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    image.thumbnail((max_side, max_side))
    # Nothing of the original file but its pixels is kept.
    image.info.clear()
    extension, content_type, options = FORMATS[fmt]
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    base = os.path.splitext(name)[0] or "anh"
    return CleanImage(
        data=out.getvalue(),
        extension=extension,
        content_type=content_type,
        width=image.width,
        height=image.height,
        original_name=f"{base}{extension}"[:200],
    )


def demo_image(*, colour: tuple[int, int, int], label_lines: int = 3) -> bytes:
    """Return a small generated JPEG (a coloured card with bars) for demo records."""
    from PIL import ImageDraw

    image = Image.new("RGB", (480, 320), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, 456, 296), outline=(255, 255, 255), width=4)
    for n in range(label_lines):
        top = 60 + n * 60
        draw.rectangle((56, top, 424 - n * 70, top + 28), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()

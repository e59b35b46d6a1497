"""Re-encoding of uploaded images: only the pixels survive, upright and within size caps.

The content decides the format (Pillow only tries the formats the caller allows; the file name
is never consulted). A file whose header announces more pixels than allowed is refused before
any pixel is decoded, and Pillow's DecompressionBombWarning is turned into a refusal too. The
decoded image gets its EXIF orientation applied, is scaled down to the caller's longest side
and is drawn again into a fresh image from its raw pixels, so nothing of the original file's
info (EXIF with GPS position, XMP, ICC profile, comments, PNG text chunks) can be saved along.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ApplicationError

MAX_PIXELS = 40_000_000  # about 8000 x 5000: a large camera photo or scan, not a bomb
# Pillow format -> (stored extension, content type, save options)
FORMATS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "JPEG": (".jpg", "image/jpeg", {"quality": 85, "optimize": True}),
    "PNG": (".png", "image/png", {"optimize": True}),
    "WEBP": (".webp", "image/webp", {"quality": 85}),
}
EXTENSION_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
_ALPHA_MODES = {"RGBA", "RGBa", "LA", "La", "PA"}
_GREY_MODES = {"1", "L"}
# What Pillow raises on hostile or damaged input, besides its own error types.
_DECODE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    struct.error,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
)


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    format: str
    extension: str
    content_type: str
    width: int
    height: int


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _target_mode(image: Image.Image, fmt: str) -> str:
    grey = image.mode in _GREY_MODES
    if fmt == "JPEG":
        return "L" if grey else "RGB"
    if image.mode in _ALPHA_MODES or "transparency" in image.info:
        return "RGBA"
    return "L" if grey else "RGB"


def reencode_image(
    data: bytes,
    *,
    name: str,
    field: str,
    max_side: int,
    max_pixels: int = MAX_PIXELS,
    formats: Collection[str] = ("JPEG", "PNG"),
) -> CleanImage:
    """Return the image drawn again from its pixels only (upright, capped), or raise."""
    allowed = list(formats)
    if not allowed or not set(allowed) <= FORMATS.keys() or max_side < 1 or max_pixels < 1:
        raise ValueError(f"bad image limits: {allowed!r}, {max_side}, {max_pixels}")
    unreadable = ApplicationError(
        _("Không đọc được ảnh %(name)s: tệp không phải là ảnh hợp lệ hoặc đã bị hỏng.")
        % {"name": name},
        field=field,
        code="invalid_image",
    )
    too_large = ApplicationError(
        _("Ảnh %(name)s quá lớn, không thể xử lý.") % {"name": name},
        field=field,
        code="image_too_large",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=allowed) as image:
                # Only the header has been read so far: refuse a bomb before decoding it.
                width, height = image.size
                if width <= 0 or height <= 0:
                    raise unreadable
                if width * height > max_pixels:
                    raise ApplicationError(
                        _(
                            "Ảnh %(name)s quá lớn (%(w)d × %(h)d điểm ảnh); chỉ nhận ảnh tối "
                            "đa %(limit)s điểm ảnh."
                        )
                        % {"name": name, "w": width, "h": height, "limit": _thousands(max_pixels)},
                        field=field,
                        code="image_too_large",
                    )
                image.load()
                fmt = str(image.format)
                mode = _target_mode(image, fmt)
                upright = ImageOps.exif_transpose(image).convert(mode)
            upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            # A fresh image from raw pixels has an empty info dict: no EXIF, XMP, ICC or text.
            clean = Image.frombytes(mode, upright.size, upright.tobytes())
    except ApplicationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_large from exc
    except _DECODE_ERRORS as exc:
        raise unreadable from exc
    extension, content_type, options = FORMATS[fmt]
    out = io.BytesIO()
    clean.save(out, format=fmt, **options)
    return CleanImage(
        data=out.getvalue(),
        format=fmt,
        extension=extension,
        content_type=content_type,
        width=clean.width,
        height=clean.height,
    )

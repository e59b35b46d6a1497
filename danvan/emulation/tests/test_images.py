"""Photos of models: re-encoded by danvan.core.images with the emulation limits.

What the re-encoding itself guarantees (metadata gone, bombs and broken files refused) is tested
in danvan/core/tests/test_images.py; these tests check how the emulation module uses it.
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from danvan.core.errors import ApplicationError
from danvan.emulation import services

from .conftest import image_upload


def _png_header_only(width: int, height: int) -> bytes:
    """Return a tiny PNG whose header claims width x height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _add(world, draft, upload):
    return services.photo_add(model=draft, upload=upload, by=world.officer_a)


def _stored(photo) -> Image.Image:
    with photo.file.open("rb") as handle:
        return Image.open(io.BytesIO(handle.read()))


def test_stored_photo_has_no_exif_and_is_upright(world, draft):
    upload = image_upload(size=(80, 40), exif=True)
    assert b"CameraMaker-SECRET" in upload.read()
    upload.seek(0)
    photo = _add(world, draft, upload)
    with photo.file.open("rb") as handle:
        assert b"CameraMaker-SECRET" not in handle.read()
    stored = _stored(photo)
    assert not stored.getexif()
    # Orientation 6 means "rotate to display": the stored photo is upright, 40 x 80.
    assert stored.size == (40, 80) == (photo.width, photo.height)
    assert photo.content_type == "image/jpeg" and photo.extension == ".jpg"


def test_large_photo_is_scaled_down_to_1600_px(world, draft):
    photo = _add(world, draft, image_upload(size=(3200, 1600)))
    assert (photo.width, photo.height) == (1600, 800) == _stored(photo).size


@pytest.mark.parametrize(
    ("fmt", "ext", "mime"), [("PNG", ".png", "image/png"), ("WEBP", ".webp", "image/webp")]
)
def test_png_and_webp_keep_their_format(world, draft, fmt, ext, mime):
    photo = _add(world, draft, image_upload(f"a{ext}", fmt=fmt))
    assert (photo.extension, photo.content_type) == (ext, mime)
    assert photo.file.name.endswith(ext) and _stored(photo).format == fmt


def test_decompression_bomb_is_refused_on_the_photo_field(world, draft):
    bomb = SimpleUploadedFile("bom.png", _png_header_only(60000, 60000), "image/png")
    with pytest.raises(ApplicationError) as exc:
        _add(world, draft, bomb)
    assert exc.value.field == "photo" and "quá lớn" in exc.value.message
    assert not draft.photos.exists()


def test_text_disguised_as_jpeg_is_refused(world, draft):
    fake = SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    with pytest.raises(ApplicationError) as exc:
        _add(world, draft, fake)
    assert exc.value.field == "photo" and "không phải là ảnh hợp lệ" in exc.value.message


def test_gif_renamed_to_jpg_is_refused_because_the_content_decides(world, draft):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ApplicationError):
        _add(world, draft, SimpleUploadedFile("anh.jpg", out.getvalue(), "image/jpeg"))


def test_png_content_named_jpg_is_stored_as_png(world, draft):
    photo = _add(world, draft, image_upload("anh.jpg", fmt="PNG"))
    assert photo.extension == ".png" and photo.original_name == "anh.png"
    assert photo.file.name.endswith(f"{photo.token}.png")


def test_unknown_extension_empty_and_oversized_files_are_refused(world, draft):
    with pytest.raises(ApplicationError, match="Chỉ nhận ảnh JPEG, PNG hoặc WebP"):
        _add(world, draft, image_upload("anh.svg"))
    with pytest.raises(ApplicationError, match="rỗng"):
        _add(world, draft, SimpleUploadedFile("anh.jpg", b"", "image/jpeg"))
    big = image_upload()
    big.size = services.PHOTO_MAX_BYTES + 1
    with pytest.raises(ApplicationError, match="vượt quá 10 MB"):
        _add(world, draft, big)
    assert not draft.photos.exists()


def test_truncated_jpeg_is_refused(world, draft):
    data = image_upload(size=(200, 200)).read()
    with pytest.raises(ApplicationError) as exc:
        _add(world, draft, SimpleUploadedFile("anh.jpg", data[:200], "image/jpeg"))
    assert "Không đọc được ảnh anh.jpg" in exc.value.message


def test_file_name_is_sanitised_and_never_used_for_storage(world, draft):
    photo = services.photo_add(
        model=draft, upload=image_upload("../../<img src=x onerror=1>.jpg"), by=world.officer_a
    )
    assert "<" not in photo.original_name and "/" not in photo.original_name
    assert photo.file.name.endswith(f"{photo.token}.jpg")


def test_photos_are_limited_per_model(world, draft):
    for _ in range(services.MAX_PHOTOS):
        services.photo_add(model=draft, upload=image_upload(), by=world.officer_a)
    with pytest.raises(ApplicationError):
        services.photo_add(model=draft, upload=image_upload(), by=world.officer_a)


def test_documents_must_be_pdf_or_docx_by_name_and_content(world, draft):
    pdf = SimpleUploadedFile(
        "bao-cao.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n", "application/pdf"
    )
    [doc] = services.documents_add(model=draft, files=[pdf], by=world.officer_a)
    assert doc.extension == ".pdf"
    with pytest.raises(ApplicationError):
        services.documents_add(
            model=draft,
            files=[SimpleUploadedFile("a.xlsx", b"PK\x03\x04", "application/zip")],
            by=world.officer_a,
        )
    with pytest.raises(ApplicationError):
        services.documents_add(
            model=draft,
            files=[SimpleUploadedFile("a.pdf", b"not a pdf at all", "application/pdf")],
            by=world.officer_a,
        )

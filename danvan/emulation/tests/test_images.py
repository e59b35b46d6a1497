"""Photo uploads are re-encoded: EXIF gone, orientation applied, bombs and fakes refused."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from danvan.core.errors import ApplicationError
from danvan.emulation import images, services

from .conftest import image_upload


def _png_header_only(width: int, height: int) -> bytes:
    """Return a tiny PNG whose header claims width x height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_reencoding_strips_exif_and_applies_orientation():
    upload = image_upload(size=(80, 40), exif=True)
    assert b"CameraMaker-SECRET" in upload.read()
    upload.seek(0)
    clean = images.reencode_image(upload)
    assert b"CameraMaker-SECRET" not in clean.data
    reopened = Image.open(io.BytesIO(clean.data))
    assert not reopened.getexif()
    # Orientation 6 means "rotate to display": the stored photo is upright, 40 x 80.
    assert reopened.size == (40, 80) == (clean.width, clean.height)
    assert clean.content_type == "image/jpeg" and clean.extension == ".jpg"


def test_large_photo_is_scaled_down_to_the_cap():
    clean = images.reencode_image(image_upload(size=(3200, 1600)))
    assert (clean.width, clean.height) == (1600, 800)


@pytest.mark.parametrize(
    ("fmt", "ext", "mime"), [("PNG", ".png", "image/png"), ("WEBP", ".webp", "image/webp")]
)
def test_png_and_webp_keep_their_format(fmt, ext, mime):
    clean = images.reencode_image(image_upload(f"a{ext}", fmt=fmt))
    assert (clean.extension, clean.content_type) == (ext, mime)
    assert Image.open(io.BytesIO(clean.data)).format == fmt


def test_decompression_bomb_is_refused_before_decoding():
    bomb = SimpleUploadedFile("bom.png", _png_header_only(60000, 60000), "image/png")
    with pytest.raises(ApplicationError) as exc:
        images.reencode_image(bomb)
    assert exc.value.field == "photo" and "quá lớn" in exc.value.message


def test_text_disguised_as_jpeg_is_refused():
    fake = SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    with pytest.raises(ApplicationError) as exc:
        images.reencode_image(fake)
    assert "không phải là ảnh hợp lệ" in exc.value.message


def test_gif_renamed_to_jpg_is_refused_because_the_content_decides():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ApplicationError):
        images.reencode_image(SimpleUploadedFile("anh.jpg", out.getvalue(), "image/jpeg"))


def test_png_content_named_jpg_is_stored_as_png():
    clean = images.reencode_image(image_upload("anh.jpg", fmt="PNG"))
    assert clean.extension == ".png" and clean.original_name == "anh.png"


def test_unknown_extension_and_empty_file_are_refused():
    with pytest.raises(ApplicationError):
        images.reencode_image(image_upload("anh.svg"))
    with pytest.raises(ApplicationError):
        images.reencode_image(SimpleUploadedFile("anh.jpg", b"", "image/jpeg"))


def test_truncated_jpeg_is_refused():
    data = image_upload(size=(200, 200)).read()
    with pytest.raises(ApplicationError):
        images.reencode_image(SimpleUploadedFile("anh.jpg", data[:200], "image/jpeg"))


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

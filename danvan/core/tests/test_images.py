"""Image re-encoding: only pixels survive, upright and capped; bombs and fakes are refused."""

from __future__ import annotations

import io
import struct
import time
import zlib
from typing import Any

import pytest
from PIL import Image, ImageFile
from PIL.PngImagePlugin import PngInfo

from danvan.core.errors import ApplicationError
from danvan.core.images import reencode_image

RED = (220, 20, 20)
BLUE = (20, 20, 220)


def _encode(image: Image.Image, fmt: str = "JPEG", **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _phone_photo(size: tuple[int, int] = (80, 40), orientation: int = 1) -> bytes:
    """Return a JPEG like a phone's: GPS position, camera, XMP, ICC profile and a comment."""
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))  # left half red, right half blue
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker-SECRET"  # Make
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (10.0, 1.0, 23.0), 3: "E", 4: (105.0, 4.0, 56.0)})
    return _encode(
        image,
        exif=exif.tobytes(),
        xmp=b"<x:xmpmeta>XMP-SECRET</x:xmpmeta>",
        icc_profile=b"ICC-SECRET" * 20,
        comment=b"COMMENT-SECRET",
    )


def _png_header_only(width: int, height: int) -> bytes:
    """Return a tiny PNG whose header claims width x height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _reencode(data: bytes, **options: Any) -> Any:
    options = {"name": "anh.jpg", "field": "photo", "max_side": 2000, **options}
    return reencode_image(data, **options)


def _refusal(data: bytes, **options: Any) -> ApplicationError:
    with pytest.raises(ApplicationError) as exc:
        _reencode(data, **options)
    return exc.value


def test_exif_with_gps_xmp_icc_and_comment_are_gone_after_reencoding():
    original = _phone_photo()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(0x8825)  # the fixture really carries a GPS position
    for secret in (b"CameraMaker-SECRET", b"XMP-SECRET", b"ICC-SECRET", b"COMMENT-SECRET"):
        assert secret in original
    clean = _reencode(original)
    for secret in (b"CameraMaker-SECRET", b"XMP-SECRET", b"ICC-SECRET", b"COMMENT-SECRET"):
        assert secret not in clean.data
    assert b"Exif" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as after:
        assert after.format == "JPEG" == clean.format
        assert not after.getexif()
        assert not {"exif", "xmp", "icc_profile", "comment"} & after.info.keys()
    assert (clean.extension, clean.content_type) == (".jpg", "image/jpeg")


def test_png_text_chunks_and_icc_profile_are_gone():
    info = PngInfo()
    info.add_text("Author", "Nguyen Van A SECRET")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>XMP-SECRET</x:xmpmeta>")
    data = _encode(Image.new("RGB", (30, 20), RED), "PNG", pnginfo=info, icc_profile=b"ICC" * 50)
    clean = _reencode(data, formats=["PNG"])
    assert b"SECRET" not in clean.data and b"iCCP" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as after:
        assert not after.text and "icc_profile" not in after.info


def test_exif_orientation_is_applied_before_the_metadata_goes():
    clean = _reencode(_phone_photo(size=(80, 40), orientation=6))
    # Orientation 6: rotate 90° clockwise to display, so the red left half ends up on top.
    assert (clean.width, clean.height) == (40, 80)
    with Image.open(io.BytesIO(clean.data)) as after:
        assert after.size == (40, 80) and not after.getexif()
        top, bottom = after.getpixel((20, 5)), after.getpixel((20, 75))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]


def test_header_claiming_100k_by_100k_pixels_is_refused_without_decoding(monkeypatch):
    def no_decoding(self: Any) -> None:
        raise AssertionError("pixels of a bomb were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    started = time.perf_counter()
    refusal = _refusal(_png_header_only(100_000, 100_000), name="bom.png", formats=["PNG"])
    assert time.perf_counter() - started < 1
    assert refusal.message == "Ảnh bom.png quá lớn, không thể xử lý."
    assert (refusal.field, refusal.code) == ("photo", "image_too_large")


def test_header_above_the_callers_pixel_limit_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("decoded"))
    refusal = _refusal(_png_header_only(7000, 7000), name="to.png", formats=["PNG"])
    assert refusal.message == (
        "Ảnh to.png quá lớn (7000 × 7000 điểm ảnh); chỉ nhận ảnh tối đa 40.000.000 điểm ảnh."
    )
    small_limit = _refusal(_encode(Image.new("RGB", (100, 100))), max_pixels=9_999)
    assert "100 × 100" in small_limit.message and "9.999" in small_limit.message


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_pillows_decompression_bomb_warning_is_a_refusal(monkeypatch):
    # Between MAX_IMAGE_PIXELS and twice that Pillow only warns (and production does not turn
    # warnings into errors, hence the mark); the warning must refuse the image all the same.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    refusal = _refusal(_encode(Image.new("RGB", (40, 40))), max_pixels=10**6)
    assert "quá lớn" in refusal.message


@pytest.mark.parametrize(
    "data",
    [
        b"Bien ban hop to dan pho\nngay 12/6/2026\n" * 20,
        b"<html><script>alert(1)</script></html>",
        b"",
    ],
)
def test_text_named_jpg_is_refused_with_a_clean_message(data):
    refusal = _refusal(data, name="ghi-chu.jpg", field="evidence")
    assert refusal.message == (
        "Không đọc được ảnh ghi-chu.jpg: tệp không phải là ảnh hợp lệ hoặc đã bị hỏng."
    )
    assert (refusal.field, refusal.code) == ("evidence", "invalid_image")


def test_truncated_jpeg_is_refused_with_a_clean_message():
    whole = _encode(Image.effect_noise((400, 300), 60).convert("RGB"), quality=95)
    for cut in (200, len(whole) // 2):
        refusal = _refusal(whole[:cut], name="hong.jpg", field="documents")
        assert refusal.message.startswith("Không đọc được ảnh hong.jpg")
        assert refusal.field == "documents"


def test_png_transparency_is_kept():
    image = Image.new("RGBA", (50, 40), (1, 2, 3, 128))
    image.putpixel((0, 0), (0, 0, 0, 0))
    clean = _reencode(_encode(image, "PNG"), formats=["PNG"])
    with Image.open(io.BytesIO(clean.data)) as after:
        assert after.mode == "RGBA"
        assert after.getpixel((0, 0))[3] == 0 and after.getpixel((10, 10)) == (1, 2, 3, 128)


def test_palette_png_with_a_transparent_colour_keeps_it():
    image = Image.new("P", (20, 20), 1)
    image.putpalette([255, 255, 255, 200, 0, 0] + [0, 0, 0] * 254)
    image.putpixel((0, 0), 0)
    clean = _reencode(_encode(image, "PNG", transparency=0), formats=["PNG"])
    with Image.open(io.BytesIO(clean.data)) as after:
        assert after.mode == "RGBA"
        assert after.getpixel((0, 0))[3] == 0 and after.getpixel((5, 5)) == (200, 0, 0, 255)


def test_long_side_is_capped_and_small_images_are_not_enlarged():
    clean = _reencode(_encode(Image.new("RGB", (3200, 1000))), max_side=1600)
    assert (clean.width, clean.height) == (1600, 500)
    tall = _reencode(_encode(Image.new("RGB", (500, 4000)), "PNG"), max_side=1000, formats=["PNG"])
    assert (tall.width, tall.height) == (125, 1000)
    small = _reencode(_encode(Image.new("RGB", (64, 48))), max_side=1600)
    assert (small.width, small.height) == (64, 48)


def test_the_content_decides_the_format_never_the_name():
    png = _encode(Image.new("RGB", (10, 10)), "PNG")
    clean = _reencode(png, name="anh.jpg", formats=["JPEG", "PNG", "WEBP"])
    assert (clean.format, clean.extension, clean.content_type) == ("PNG", ".png", "image/png")
    # A caller that checked the extension asks for that format only: anything else is refused.
    assert "Không đọc được ảnh" in _refusal(png, name="anh.jpg", formats=["JPEG"]).message
    gif = _encode(Image.new("RGB", (10, 10)), "GIF")
    assert "Không đọc được ảnh" in _refusal(gif, formats=["JPEG", "PNG", "WEBP"]).message


def test_webp_stays_webp_when_allowed():
    data = _encode(Image.new("RGB", (30, 30), RED), "WEBP")
    clean = _reencode(data, name="a.webp", formats=["JPEG", "PNG", "WEBP"])
    assert (clean.format, clean.content_type) == ("WEBP", "image/webp")
    assert Image.open(io.BytesIO(clean.data)).format == "WEBP"
    assert _refusal(data, name="a.webp").code == "invalid_image"  # not allowed by default


def test_greyscale_and_cmyk_jpegs_are_reencoded():
    grey = _reencode(_encode(Image.new("L", (20, 20), 128)))
    assert Image.open(io.BytesIO(grey.data)).mode == "L"
    cmyk = _reencode(_encode(Image.new("CMYK", (20, 20), (0, 255, 255, 0))))
    assert Image.open(io.BytesIO(cmyk.data)).mode == "RGB"


def test_bad_limits_are_a_programming_error():
    data = _encode(Image.new("RGB", (10, 10)))
    with pytest.raises(ValueError):
        _reencode(data, formats=["GIF"])
    with pytest.raises(ValueError):
        _reencode(data, max_side=0)

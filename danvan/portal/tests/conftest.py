"""Fixtures of the portal tests: a valid form post for unit A, solved challenges, images."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from danvan.portal import challenge


@pytest.fixture(autouse=True)
def _easy_pow(settings: Any, tmp_path: Any) -> None:
    """A few bits of work are enough to test the mechanism; keep files under tmp_path."""
    settings.DANVAN_PORTAL_POW_BITS = 4
    settings.MEDIA_ROOT = tmp_path / "media"


def solved(now: Any = None) -> dict[str, str]:
    """Return the challenge fields of a form, solved by proof of work."""
    fresh = challenge.issue(now=now)
    return {
        "challenge_token": fresh.token,
        "challenge_counter": str(challenge.solve(fresh.token, fresh.bits)),
        "challenge_answer": "",
    }


def form_data(unit: Any, **extra: Any) -> dict[str, Any]:
    """Return a complete, valid submission for `unit`."""
    data = {
        "unit": str(unit.pk),
        "kind_hint": "feedback",
        "name": "Nguyễn Văn Bình",
        "id_number": "091234567890",
        "address": "Số 5 đường Trần Phú, phường Vĩnh Thanh Vân",
        "phone": "0912345678",
        "email": "binh@example.invalid",
        "content": "Đề nghị sửa chữa đoạn đường bị sụt lún trước số nhà 5 đường Trần Phú.",
        "notify": "on",
        "consent": "on",
        "idempotency_key": "a" * 32,
        "website": "",
        **solved(),
    }
    data.update(extra)
    return data


def jpeg_with_exif(size: tuple[int, int] = (1200, 800)) -> bytes:
    """Return a JPEG carrying EXIF (camera model, GPS) like a phone photo."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x0110] = "Phone Model X"  # Model
    exif[0x8825] = {1: "N", 2: (10.0, 0.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_bomb() -> bytes:
    """Return a tiny PNG whose header announces 20,000 x 20,000 pixels."""
    image = Image.new("1", (20000, 20000), 0)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()

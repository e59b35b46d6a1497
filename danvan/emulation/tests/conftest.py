"""Fixtures of the emulation tests: small images and a model at each step of its life."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from danvan.emulation import services

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _frozen_now(monkeypatch: Any) -> dt.datetime:
    """Every emulation test runs on 15/6/2026 at 09:00 in Vietnam."""
    moment = dt.datetime(2026, 6, 15, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """Uploaded photos and documents go to the test's own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


def image_upload(
    name: str = "anh.jpg",
    *,
    fmt: str = "JPEG",
    size: tuple[int, int] = (64, 48),
    exif: bool = False,
) -> SimpleUploadedFile:
    """Return an uploaded image; with exif=True it carries a GPS-like EXIF block."""
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    options: dict[str, Any] = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "CameraMaker-SECRET"  # Make
        data[0x0112] = 6  # Orientation: rotate 90° clockwise to display
        options["exif"] = data.tobytes()
    image.save(out, format=fmt, **options)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


MODEL = {
    "year": 2026,
    "field": "economy",
    "title": "Mô hình “Chợ phiên nông sản sạch”",
    "description": "Cán bộ xã hướng dẫn nông dân liên kết bán nông sản an toàn tại chợ phiên.",
    "participants_count": 120,
    "participants": "Hội Nông dân, 120 hộ trồng rau",
    "results": "Thu nhập bình quân tăng 15%.",
    "started_on": dt.date(2026, 2, 1),
}


@pytest.fixture
def draft(world: Any) -> Any:
    """A draft model of unit A."""
    return services.model_create(unit=world.unit_a, by=world.officer_a, **MODEL)


@pytest.fixture
def registered(world: Any, draft: Any) -> Any:
    """The model registered by the head of unit A."""
    return services.model_submit(model=draft, by=world.head_a)


@pytest.fixture
def evaluating(world: Any, registered: Any) -> Any:
    """The model with one council score."""
    services.model_evaluate(
        model=registered, member=world.coordinator, score=88, by=world.coordinator
    )
    registered.refresh_from_db()
    return registered


@pytest.fixture
def recognised(world: Any, evaluating: Any) -> Any:
    """The model recognised at province level."""
    return services.model_decide(
        model=evaluating,
        recognised=True,
        level="province",
        decision_number="123/QĐ-UBND",
        decision_date=dt.date(2026, 3, 1),
        by=world.coordinator,
    )


EXEMPLAR = {
    "year": 2026,
    "kind": "individual",
    "name": "Nguyễn Văn Thử",
    "position": "Công chức Văn phòng - Thống kê xã",
    "achievements": "Mười năm liền tiếp dân tận tình, giải quyết đúng hạn 100% hồ sơ.",
    "date_of_birth": dt.date(1980, 5, 2),
    "id_number": "091080001234",
    "phone": "0912 345 678",
}


@pytest.fixture
def exemplar(world: Any) -> Any:
    """A draft exemplar proposed by unit A, with personal data."""
    return services.exemplar_create(unit=world.unit_a, by=world.officer_a, **EXEMPLAR)

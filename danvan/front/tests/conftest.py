"""Recommendation fixtures on top of the shared world: a recommendation at each step."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from danvan.front import services

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = dt.date(2026, 6, 15)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "tra-loi.pdf") -> SimpleUploadedFile:
    """Return a small PDF upload."""
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def jpeg_with_exif(name: str = "anh-chup.jpg") -> SimpleUploadedFile:
    """Return a JPEG carrying EXIF metadata (a camera model and a GPS-like tag)."""
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "Camera X"  # Model
    exif[0x010E] = "Nguyen Van A, 12 Le Loi"  # ImageDescription
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def freeze(monkeypatch: Any):  # type: ignore[no-untyped-def]
    """Return a function that fixes "now" at a local (Vietnam) date and time."""

    def _freeze(day: dt.date, hour: int = 9) -> dt.datetime:
        moment = dt.datetime(day.year, day.month, day.day, hour, tzinfo=VN)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return _freeze


@pytest.fixture
def today(freeze: Any) -> dt.date:
    """Freeze time at 15/06/2026, 09:00 in Vietnam."""
    freeze(TODAY)
    return TODAY


def file_one(world: Any, **extra: Any) -> Any:
    """File a recommendation of the world's Front as its liaison."""
    fields = {
        "organisation": world.front,
        "title": "Kiến nghị về giải quyết thủ tục cấp phép xây dựng",
        "content": "Qua giám sát, đề nghị rút ngắn thời gian giải quyết hồ sơ cấp phép.",
        "source_kind": "supervision",
        "source_name": "Giám sát việc giải quyết thủ tục hành chính",
        "source_date": dt.date(2026, 5, 20),
        "filed_on": dt.date(2026, 6, 1),
        "document_symbol": "15/BC-MTTQ-BTT",
        "by": world.liaison,
    }
    fields.update(extra)
    return services.recommendation_file(**fields)


@pytest.fixture
def filed(world: Any, today: dt.date) -> Any:
    return file_one(world)


@pytest.fixture
def assigned(world: Any, filed: Any) -> Any:
    return services.recommendation_assign(
        recommendation=filed,
        unit=world.unit_a,
        due_on=dt.date(2026, 7, 15),
        expected_version=filed.version,
        by=world.coordinator,
    )


@pytest.fixture
def answered(world: Any, assigned: Any) -> Any:
    services.recommendation_answer(
        recommendation=assigned,
        text="Sở đã chỉ đạo rút ngắn thời gian giải quyết còn 10 ngày làm việc.",
        documents=[pdf()],
        expected_version=assigned.version,
        by=world.officer_a,
    )
    assigned.refresh_from_db()
    return assigned


@pytest.fixture
def satisfied(world: Any, answered: Any) -> Any:
    return services.recommendation_assess(
        recommendation=answered,
        satisfied=True,
        comment="Thống nhất.",
        expected_version=answered.version,
        by=world.liaison,
    )

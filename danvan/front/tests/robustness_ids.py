"""Real records for the path parameters of the front API (tests/test_api_robustness.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.front import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _filed(world: Any, title: str) -> Any:
    return services.recommendation_file(
        organisation=world.front,
        title=title,
        content="Nội dung kiến nghị sau giám sát.",
        source_kind="supervision",
        source_name="Giám sát thủ tục hành chính",
        source_date=dt.date(2026, 1, 5),
        filed_on=dt.date(2026, 1, 10),
        by=world.liaison,
    )


def _assigned(world: Any, title: str) -> Any:
    rec = _filed(world, title)
    return services.recommendation_assign(
        recommendation=rec,
        unit=world.unit_a,
        due_on=dt.date(2026, 2, 20),
        expected_version=rec.version,
        by=world.coordinator,
    )


def real_ids(world: Any) -> dict[str, int]:
    """Return a recommendation assigned to unit A (a published one exists beside it)."""
    open_one = _assigned(world, "Kiến nghị chờ trả lời")
    published = _assigned(world, "Kiến nghị đã công khai")
    services.recommendation_answer(
        recommendation=published,
        text="Trả lời.",
        documents=[SimpleUploadedFile("tra-loi.pdf", PDF, content_type="application/pdf")],
        expected_version=published.version,
        by=world.officer_a,
    )
    published.refresh_from_db()
    published = services.recommendation_assess(
        recommendation=published,
        satisfied=True,
        comment="",
        expected_version=published.version,
        by=world.liaison,
    )
    published = services.recommendation_publish_consent(
        recommendation=published,
        side="front",
        consent=True,
        expected_version=published.version,
        by=world.liaison,
    )
    services.recommendation_publish_consent(
        recommendation=published,
        side="unit",
        consent=True,
        expected_version=published.version,
        by=world.head_a,
    )
    return {"recommendation_id": open_one.pk}

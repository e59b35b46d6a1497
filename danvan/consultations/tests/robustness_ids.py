"""Real records for the consultation API's path parameters (tests/test_api_robustness.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from danvan.consultations import services


def real_ids(world: Any) -> dict[str, int]:
    """Return an open consultation of unit A, one of its sections and a pending comment."""
    now = timezone.now()
    consultation = services.consultation_create(
        unit=world.unit_a,
        kind="policy",
        title="Dự thảo thử nghiệm độ bền API",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=10),
        by=world.officer_a,
    )
    section = services.section_add(
        consultation=consultation, heading="Điều 1", text="Nội dung", by=world.officer_a
    )
    consultation = services.consultation_open(consultation=consultation, by=world.officer_a)
    comment = services.comment_submit_user(
        consultation=consultation, section=section, body="Ý kiến thử", by=world.head_b
    )
    return {
        "consultation_id": consultation.pk,
        "draft_section_id": section.pk,
        "comment_id": comment.pk,
    }

"""Real ids for the emulation API's path parameters, for tests/test_api_robustness.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danvan.emulation import services


def real_ids(world: Any) -> dict[str, int]:
    """Return a recognised model (visible to every caller) and a proposed exemplar."""
    model = services.model_create(
        unit=world.unit_a,
        by=world.officer_a,
        year=2026,
        field="economy",
        title="Mô hình thử độ bền API",
        description="Nội dung",
        results="Kết quả",
    )
    model = services.model_submit(model=model, by=world.head_a)
    services.model_evaluate(model=model, member=world.coordinator, score=80, by=world.coordinator)
    model.refresh_from_db()
    services.model_decide(
        model=model,
        recognised=True,
        level="province",
        decision_number="1/QĐ-UBND",
        decision_date=dt.date(2026, 3, 1),
        by=world.coordinator,
    )
    exemplar = services.exemplar_create(
        unit=world.unit_a,
        by=world.officer_a,
        year=2026,
        kind="group",
        name="Tập thể thử",
        achievements="Thành tích",
    )
    services.exemplar_submit(exemplar=exemplar, by=world.head_a)
    return {"emulation_model_id": model.pk, "exemplar_id": exemplar.pk}

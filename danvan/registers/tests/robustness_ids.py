"""Real ids for the API robustness probe: one record of each register, in unit A."""

from __future__ import annotations

import datetime as dt
from typing import Any


def real_ids(world: Any) -> dict[str, int]:
    from danvan.registers import services

    activity = services.propaganda_create(
        unit=world.unit_a,
        held_on=dt.date(2026, 3, 10),
        format="conference",
        target_groups=["officials"],
        title="Hội nghị quán triệt Chỉ thị 33/CT-TTg",
        participants=120,
        by=world.officer_a,
    )
    inspection = services.inspection_create(
        held_on=dt.date(2026, 4, 2),
        inspecting_unit=world.snv,
        inspected_unit=world.unit_a,
        scope="Kiểm tra công vụ tại bộ phận một cửa",
        by=world.coordinator,
    )
    case = services.discipline_case_create(
        unit=world.unit_a,
        official_name="Nguyễn Văn Thử",
        violation_kind="harassment",
        description="Hẹn lại hồ sơ nhiều lần không có lý do.",
        decision_number="15/QĐ-STTTT",
        decision_date=dt.date(2026, 5, 5),
        discipline_form="reprimand",
        inspection=inspection,
        by=world.head_a,
    )
    return {
        "propaganda_id": activity.pk,
        "inspection_id": inspection.pk,
        "discipline_case_id": case.pk,
    }

"""Fixtures of the registers tests: one record of each register in unit A."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danvan.registers import services

OFFICIAL = "Trần Văn Bí Mật"
POSITION = "Chuyên viên bộ phận một cửa"
DECISION = "27/QĐ-STTTT"


@pytest.fixture
def records(world: Any) -> dict[str, Any]:
    activity = services.propaganda_create(
        unit=world.unit_a,
        held_on=dt.date(2026, 3, 10),
        format="conference",
        target_groups=["officials", "ethnic"],
        title="Hội nghị tuyên truyền Chỉ thị 33/CT-TTg",
        participants=150,
        by=world.officer_a,
    )
    inspection = services.inspection_create(
        held_on=dt.date(2026, 4, 2),
        inspecting_unit=world.snv,
        inspected_unit=world.unit_a,
        scope="Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính tại bộ phận một cửa",
        findings="Một công chức hẹn lại hồ sơ nhiều lần không có lý do.",
        by=world.coordinator,
    )
    case = services.discipline_case_create(
        unit=world.unit_a,
        official_name=OFFICIAL,
        official_position=POSITION,
        violation_kind="harassment",
        description="Hẹn lại hồ sơ nhiều lần, gây phiền hà cho người dân.",
        decision_number=DECISION,
        decision_date=dt.date(2026, 5, 5),
        discipline_form="reprimand",
        inspection=inspection,
        by=world.head_a,
    )
    return {"activity": activity, "inspection": inspection, "case": case}

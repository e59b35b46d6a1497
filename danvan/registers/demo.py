"""Demo register entries for Kiên Giang 2025 (invented for the demo, not real records).

They are dated 2025 on purpose: the demo 2024 unit reports carry typed figures for TT01, TT02
and KL01, which entries in the 2024 window would replace with computed ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model

from danvan.orgs.models import Unit

from . import services
from .models import DisciplineCase, Inspection, PropagandaActivity

D = dt.date
# unit, by, day, format, groups, title, participants
PROPAGANDA = [
    (
        "KG-STTTT",
        "canbo.stttt",
        D(2025, 3, 20),
        "conference",
        ["officials"],
        "Hội nghị quán triệt Chỉ thị số 33/CT-TTg và Kế hoạch số 63/KH-UBND",
        180,
    ),
    (
        "KG-STTTT",
        "canbo.stttt",
        D(2025, 5, 8),
        "media",
        ["public"],
        "Chuyên mục “Dân vận chính quyền” trên Báo Kiên Giang, Đài PT-TH Kiên Giang",
        0,
    ),
    (
        "KG-STTTT",
        "canbo.stttt",
        D(2025, 7, 15),
        "social",
        ["public", "remote"],
        "Tuyên truyền dịch vụ công trực tuyến trên trang Zalo, Facebook của Sở",
        4200,
    ),
    (
        "KG-STTTT",
        "truong.stttt",
        D(2025, 9, 12),
        "loudspeaker",
        ["ethnic", "remote"],
        "Bản tin song ngữ Việt - Khmer phát trên đài truyền thanh cấp xã",
        2600,
    ),
    (
        "KG-TP-RACHGIA",
        "canbo.rachgia",
        D(2025, 4, 10),
        "door_to_door",
        ["public"],
        "Tổ công tác đến từng hộ gia đình hướng dẫn kích hoạt định danh điện tử",
        850,
    ),
    (
        "KG-TP-RACHGIA",
        "canbo.rachgia",
        D(2025, 6, 25),
        "conference",
        ["religious", "public"],
        "Hội nghị đối thoại với chức sắc, đồng bào tôn giáo trên địa bàn thành phố",
        120,
    ),
]


def load_demo(add: Callable[[str, int], None]) -> None:
    """Create the demo entries that do not exist yet, through the services."""
    users = {u.username: u for u in get_user_model().objects.all()}
    units = {u.code: u for u in Unit.objects.filter(code__startswith="KG-")}
    if "dieuphoi" not in users or "KG-STTTT" not in units:
        return
    for code, username, day, fmt, groups, title, participants in PROPAGANDA:
        if username not in users or code not in units:
            continue
        if PropagandaActivity.objects.filter(unit=units[code], title=title).exists():
            continue
        services.propaganda_create(
            unit=units[code],
            held_on=day,
            format=fmt,
            target_groups=groups,
            title=title,
            participants=participants,
            by=users[username],
        )
        add("propaganda_activities", 1)
    inspector = units.get("KG-SNV")
    if inspector is None:
        return
    scope = "Kiểm tra công vụ, việc chấp hành kỷ luật, kỷ cương hành chính tại bộ phận một cửa"
    inspection = Inspection.objects.filter(
        inspecting_unit=inspector, inspected_unit=units["KG-TP-RACHGIA"], scope=scope
    ).first()
    if inspection is None:
        inspection = services.inspection_create(
            held_on=D(2025, 8, 14),
            inspecting_unit=inspector,
            inspected_unit=units["KG-TP-RACHGIA"],
            scope=scope,
            findings="Bộ phận một cửa niêm yết đủ thủ tục; 01 công chức hẹn lại hồ sơ nhiều lần "
            "không có lý do, gây phiền hà cho người dân.",
            by=users["dieuphoi"],
        )
        add("inspections", 1)
    if (
        "truong.rachgia" in users
        and not DisciplineCase.objects.filter(
            unit=units["KG-TP-RACHGIA"], decision_number="215/QĐ-UBND"
        ).exists()
    ):
        services.discipline_case_create(
            unit=units["KG-TP-RACHGIA"],
            official_name="Nguyễn Văn Demo",
            official_position="Công chức Văn phòng - Thống kê (nhân vật minh họa)",
            violation_kind="harassment",
            description="Hẹn lại hồ sơ đăng ký kinh doanh nhiều lần không có lý do chính đáng.",
            decision_number="215/QĐ-UBND",
            decision_date=D(2025, 9, 20),
            discipline_form="reprimand",
            inspection=inspection,
            by=users["truong.rachgia"],
        )
        add("discipline_cases", 1)

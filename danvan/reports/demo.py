"""Demo reports: the 2024 annual period of plan 63/KH-UBND and four units' reports in it."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from danvan.orgs import services as org_services
from danvan.orgs.models import Role, RoleAssignment, Unit
from danvan.plans.models import Plan

from . import services
from .models import ReportPeriod, ReportRevision, UnitReport

PLAN_SYMBOL = "63/KH-UBND"
DUE_ON = dt.date(2024, 12, 10)
VN = ZoneInfo("Asia/Ho_Chi_Minh")

# unit code -> (final state, when it was first submitted, narrative by section number, figures)
REPORTS: dict[str, dict[str, Any]] = {
    "KG-STTTT": {
        "state": "accepted",
        "submitted": dt.datetime(2024, 12, 6, 15, 30, tzinfo=VN),
        "answers": {
            "1": {
                "done": "Sở ban hành Kế hoạch số 45/KH-STTTT triển khai Chỉ thị số 33/CT-TTg và "
                "Kế hoạch số 63/KH-UBND; tổ chức hội nghị quán triệt cho 100% công chức, "
                "viên chức.",
                "results": "Công tác dân vận chính quyền được đưa vào chương trình công tác "
                "năm và đánh giá thi đua của các phòng, đơn vị thuộc Sở.",
            },
            "2": {
                "done": "Định hướng Báo Kiên Giang, Đài PT-TH Kiên Giang và Cổng Thông tin điện "
                "tử tỉnh duy trì chuyên mục “Dân vận chính quyền”; cung cấp tài liệu cho "
                "144 đài truyền thanh cấp xã.",
                "results": "Đăng, phát 312 tin, bài; đài truyền thanh cấp xã phát lại 2.640 "
                "lượt; phát hành bản tin song ngữ Việt - Khmer 24 kỳ.",
                "shortcomings": "Một số đài truyền thanh cấp xã xuống cấp, chất lượng phát "
                "sóng chưa bảo đảm.",
                "proposals": "Đề nghị bố trí kinh phí nâng cấp đài truyền thanh cấp xã ứng "
                "dụng công nghệ thông tin - viễn thông.",
            },
            "3": {
                "results": "Đăng ký 4 mô hình “Dân vận khéo”, trong đó mô hình “Hướng dẫn "
                "người dân sử dụng dịch vụ công trực tuyến” được công nhận cấp tỉnh.",
            },
            "4": {
                "results": "Phối hợp Công an tỉnh hướng dẫn kích hoạt 38.500 tài khoản định "
                "danh điện tử; 100% thủ tục hành chính của Sở cung cấp trực tuyến toàn trình.",
            },
        },
        "values": {
            "KP01": "85,5",
            "TT01": 46,
            "TT02": 5200,
            "DVK01": 4,
            "DVK02": 1,
            "HC01": 3,
            "HC02": 7,
            "HC03": "99,2",
            "KL01": 0,
            "TCD01": 12,
            "DT01": 18,
            "DT02": 100,
            "MT01": 2,
            "MT02": 2,
        },
    },
    "KG-TP-RACHGIA": {
        "state": "submitted",
        "submitted": dt.datetime(2024, 12, 9, 10, 5, tzinfo=VN),
        "answers": {
            "1": {
                "done": "UBND thành phố ban hành Kế hoạch số 112/KH-UBND ngày 02/4/2024 thực "
                "hiện Chỉ thị số 33/CT-TTg trên địa bàn thành phố.",
            },
            "3": {
                "done": "Phát động đăng ký mô hình “Dân vận khéo” tại 12 phường, xã.",
                "results": "12 phường, xã đăng ký 27 mô hình; 9 mô hình được công nhận cấp "
                "thành phố.",
            },
            "6": {
                "done": "Chủ tịch UBND thành phố tiếp công dân định kỳ hằng tháng và đối thoại "
                "tại phường nơi phát sinh vụ việc.",
                "results": "Tiếp 214 lượt công dân; giải quyết 96,4% đơn thuộc thẩm quyền.",
                "shortcomings": "Còn 3 vụ việc khiếu nại về đất đai kéo dài tại phường Vĩnh "
                "Quang, An Hòa.",
            },
            "7": {
                "results": "Trả lời bằng văn bản 15/16 kiến nghị sau giám sát của Ủy ban MTTQ "
                "Việt Nam thành phố.",
            },
        },
        "values": {
            "KP01": 120,
            "TT01": 58,
            "TT02": 9350,
            "DVK01": 27,
            "DVK02": 9,
            "HC01": 0,
            "HC02": 4,
            "HC03": "97,8",
            "KL01": 1,
            "TCD01": 24,
            "DT01": 214,
            "DT02": "96,4",
            "MT01": 16,
            "MT02": 15,
        },
    },
    "KG-TTT": {
        "state": "returned",
        "submitted": dt.datetime(2024, 12, 12, 16, 40, tzinfo=VN),
        "answers": {
            "6": {
                "done": "Tham mưu UBND tỉnh tiếp công dân định kỳ; kiểm tra, rà soát các vụ "
                "việc khiếu nại đông người, phức tạp, kéo dài.",
                "results": "Tham mưu giải quyết 41 vụ việc; tỷ lệ giải quyết đúng hạn 92%.",
            },
        },
        "values": {
            "TT01": 8,
            "TT02": 640,
            "DVK01": 1,
            "KL01": 0,
            "TCD01": 24,
            "DT01": 356,
            "DT02": 92,
        },
        "comment": {
            "section": "5",
            "text": "Báo cáo chưa nêu kết quả thanh tra, kiểm tra công vụ và việc xử lý cán "
            "bộ vi phạm (mục 5). Đề nghị bổ sung và gửi lại trước ngày 20/12/2024.",
        },
    },
    "KG-TP-PHUQUOC": {
        "state": "draft",
        "answers": {
            "3": {"done": "Đang tổng hợp kết quả đăng ký mô hình “Dân vận khéo” của 9 phường, xã."}
        },
        "values": {"TT01": 31, "TT02": 4100},
    },
}


def _people(unit: Unit, root: Any) -> tuple[Any, Any]:
    """Return (officer, head) of a unit; a unit without a head gets a stand-in account."""
    grants = RoleAssignment.objects.filter(unit=unit, archived_at=None).select_related("user")
    head = next((g.user for g in grants if g.role == Role.UNIT_HEAD), None)
    officer = next((g.user for g in grants if g.role == Role.UNIT_OFFICER), None)
    if head is None:
        User = get_user_model()
        head, made = User.objects.get_or_create(username=f"truong.{unit.code.lower()}")
        if made:
            head.set_unusable_password()
            head.save()
        org_services.role_grant(user=head, unit=unit, role=Role.UNIT_HEAD, by=root)
    return officer or head, head


def _backdate(report: UnitReport, moment: dt.datetime) -> None:
    """Put the submission at its 2024 date (the services stamp "now")."""
    late = moment.date() > DUE_ON
    UnitReport.objects.filter(pk=report.pk).update(
        submitted_at=moment, first_submitted_at=moment, late=late
    )
    ReportRevision.objects.filter(report=report).update(submitted_at=moment)


def load_report_demo() -> int:
    """Create the 2024 annual period of plan 63/KH-UBND and four unit reports; safe to rerun.

    Returns the number of unit reports created (0 when the period already exists).
    """
    plan = Plan.objects.filter(symbol=PLAN_SYMBOL, archived_at=None).first()
    if plan is None:
        return 0
    if ReportPeriod.objects.filter(plan=plan, kind="annual", year=2024).exists():
        return 0
    User = get_user_model()
    root = User.objects.get(username="admin")
    coordinator = RoleAssignment.objects.filter(role=Role.COORDINATOR, archived_at=None).first()
    if coordinator is None:
        return 0
    by = coordinator.user
    period = services.period_create(kind="annual", year=2024, plan=plan, due_on=DUE_ON, by=by)
    period = services.period_open(period=period, by=by)
    created = 0
    for code, row in REPORTS.items():
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        officer, head = _people(unit, root)
        report = services.report_open_for_unit(period=period, unit=unit, by=officer)
        report = services.report_save(
            report=report,
            expected_version=report.version,
            answers=row["answers"],
            values=row["values"],
            by=officer,
        )
        created += 1
        if row["state"] == "draft":
            continue
        report = services.report_submit(report=report, by=head)
        _backdate(report, row["submitted"])
        report.refresh_from_db()
        if row["state"] == "accepted":
            services.report_accept(report=report, comment="Báo cáo đầy đủ, đúng hạn.", by=by)
        elif row["state"] == "returned":
            services.report_return(report=report, comments=[row["comment"]], by=by)
    return created

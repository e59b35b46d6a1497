"""Demo petition cases for Thanh tra tỉnh, UBND thành phố Rạch Giá and Sở TT&TT.

Dates are counted back from a fixed reference day (REFERENCE, early December 2026) so the
lists show cases due soon, overdue and prolonged. Every case goes through the services, with
"now" set to the day each step happened; a case is identified by its source reference
("DEMO-01"...), so loading twice creates nothing new.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from danvan.orgs.models import Unit

from . import services
from .models import Case, Channel

REFERENCE = dt.date(2026, 12, 1)
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@contextlib.contextmanager
def _on(day: dt.date, hour: int = 9) -> Iterator[dt.datetime]:
    """Run services as if it were `day` (demo history only)."""
    moment = dt.datetime(day.year, day.month, day.day, hour, tzinfo=VN)
    real = timezone.now
    timezone.now = lambda: moment  # type: ignore[assignment]
    try:
        yield moment
    finally:
        timezone.now = real  # type: ignore[assignment]


def _d(days_before: int) -> dt.date:
    return REFERENCE - dt.timedelta(days=days_before)


def _person(name: str, id_number: str, address: str, phone: str = "") -> dict[str, Any]:
    return {"name": name, "id_number": id_number, "address": address, "phone": phone, "email": ""}


# Each step: (days before REFERENCE, service name, keyword arguments). "by" names a demo login.
CASES: list[dict[str, Any]] = [
    {
        "ref": "DEMO-01",
        "unit": "KG-TTT",
        "channel": Channel.POST,
        "received": 33,
        "by": "canbo.thanhtra",
        "kind_hint": "denunciation",
        "subject": "Tố cáo cán bộ địa chính xã nhận tiền khi làm hồ sơ cấp giấy chứng nhận",
        "content": (
            "Tôi tố cáo ông Trần Văn H., công chức địa chính – xây dựng xã Mong Thọ, yêu cầu "
            "người dân nộp thêm 3.000.000 đồng ngoài lệ phí khi làm hồ sơ cấp giấy chứng nhận "
            "quyền sử dụng đất. Kèm theo là biên nhận viết tay và ghi âm cuộc trao đổi."
        ),
        "submitter": _person(
            "Nguyễn Văn Tố", "091085001234", "Ấp Phước Lợi, xã Mong Thọ", "0913000111"
        ),
        "steps": [
            (31, "case_classify", {"kind": "denunciation", "competence": "own"}),
            (27, "case_accept", {"number": "112/TB-TTT"}),
            (27, "case_assign_handler", {"handler": "canbo.thanhtra"}),
        ],
    },
    {
        "ref": "DEMO-02",
        "unit": "KG-TTT",
        "channel": Channel.DESK,
        "received": 70,
        "by": "canbo.thanhtra",
        "subject": "Khiếu nại quyết định thu hồi đất thực hiện dự án khu lấn biển",
        "content": (
            "Khiếu nại Quyết định số 245/QĐ-UBND về việc thu hồi 1.250 m² đất nuôi trồng thủy "
            "sản; đề nghị xem xét lại giá bồi thường và hỗ trợ tái định cư."
        ),
        "submitter": _person("Lê Thị Ngọc Mai", "091180004567", "Khu phố 4, phường An Hòa"),
        "steps": [
            (
                66,
                "case_classify",
                {"kind": "complaint", "competence": "own", "complex": True, "backlogged": True},
            ),
            (62, "case_accept", {"number": "98/TB-TTT"}),
            (62, "case_assign_handler", {"handler": "canbo.thanhtra"}),
        ],
    },
    {
        "ref": "DEMO-03",
        "unit": "KG-TTT",
        "channel": Channel.DESK,
        "received": 120,
        "by": "canbo.thanhtra",
        "subject": "Khiếu nại việc không giải quyết chế độ trợ cấp thôi việc",
        "content": "Khiếu nại việc đơn vị cũ không chi trả trợ cấp thôi việc theo quy định.",
        "submitter": _person("Phan Quốc Huy", "091090007788", "Số 12 Lê Lợi, phường Vĩnh Thanh"),
        "steps": [
            (116, "case_classify", {"kind": "complaint", "competence": "own"}),
            (112, "case_accept", {"number": "61/TB-TTT"}),
            (112, "case_assign_handler", {"handler": "canbo.thanhtra"}),
            (
                90,
                "case_conclude",
                {
                    "decision_number": "75/QĐ-TTT",
                    "decision_date": _d(90),
                    "conclusion": "Khiếu nại đúng; yêu cầu đơn vị chi trả trợ cấp thôi việc.",
                },
            ),
            (88, "case_publish", {"public_answer": "Khiếu nại đúng. Đơn vị đã chi trả."}),
            (80, "case_close", {}),
        ],
    },
    {
        "ref": "DEMO-04",
        "unit": "KG-TTT",
        "channel": Channel.POST,
        "received": 45,
        "by": "canbo.thanhtra",
        "subject": "Khiếu nại quyết định xử phạt vi phạm hành chính năm 2023",
        "content": "Khiếu nại quyết định xử phạt vi phạm hành chính ban hành tháng 5/2023.",
        "submitter": _person("Trương Văn Bình", "091075002222", "Ấp Tà Tây, xã Thạnh Lộc"),
        "steps": [
            (41, "case_classify", {"kind": "complaint", "competence": "own"}),
            (40, "case_reject", {"grounds": ["time_barred", "unsigned"], "number": "105/TB-TTT"}),
        ],
    },
    {
        "ref": "DEMO-05",
        "unit": "KG-TTT",
        "channel": Channel.NATIONAL,
        "received": 2,
        "by": "canbo.thanhtra",
        "subject": "Phản ánh chậm trả kết quả thanh tra dự án chợ Rạch Sỏi",
        "content": "Phản ánh việc chậm công bố kết luận thanh tra dự án chợ Rạch Sỏi.",
        "submitter": _person("Đỗ Minh Tâm", "", "Phường Rạch Sỏi"),
        "steps": [],
    },
    {
        "ref": "DEMO-06",
        "unit": "KG-TTT",
        "channel": Channel.POST,
        "received": 20,
        "by": "canbo.thanhtra",
        "subject": "Thư không ký tên tố cáo sai phạm đấu thầu thiết bị trường học",
        "content": (
            "Thư không ký tên tố cáo gói thầu mua sắm thiết bị dạy học năm 2025 có dấu hiệu "
            "nâng giá; kèm bảng so sánh giá và hợp đồng."
        ),
        "submitter": {"anonymous": True},
        "steps": [
            (
                15,
                "case_classify",
                {"kind": "denunciation", "competence": "own", "anonymous_handling": "inspect"},
            ),
        ],
    },
    {
        "ref": "DEMO-07",
        "unit": "KG-TTT",
        "channel": Channel.TRANSFER,
        "received": 58,
        "by": "canbo.thanhtra",
        "kind_hint": "denunciation",
        "source_body": "Thanh tra Chính phủ",
        "subject": "Tố cáo sai phạm trong quản lý quỹ hỗ trợ nông dân",
        "content": "Tố cáo việc cho vay quỹ hỗ trợ nông dân sai đối tượng tại hai xã.",
        "submitter": _person("Võ Thị Hạnh", "091088003344", "Xã Bình An", "0918222333"),
        "steps": [
            (55, "case_classify", {"kind": "denunciation", "competence": "own"}),
            (50, "case_accept", {"number": "90/TB-TTT"}),
            (50, "case_assign_handler", {"handler": "canbo.thanhtra"}),
            (
                25,
                "case_extend",
                {
                    "decision_number": "130/QĐ-TTT",
                    "decision_date": _d(25),
                    "complexity": "complex",
                    "reason": "Phải xác minh tại nhiều địa điểm.",
                },
            ),
        ],
    },
    {
        "ref": "DEMO-08",
        "unit": "KG-TP-RACHGIA",
        "channel": Channel.PORTAL,
        "received": 14,
        "by": None,
        "subject": "Khiếu nại mức bồi thường khi mở rộng đường Nguyễn Trung Trực",
        "content": (
            "Khiếu nại mức bồi thường nhà và đất khi mở rộng đường Nguyễn Trung Trực, đề nghị "
            "áp giá theo bảng giá năm 2026."
        ),
        "submitter": _person("Huỳnh Văn Sang", "091070005566", "Số 88 Nguyễn Trung Trực"),
        "steps": [
            (12, "case_classify", {"kind": "complaint", "competence": "own", "remote": False}),
            (10, "case_accept", {"number": "45/TB-UBND"}),
            (10, "case_assign_handler", {"handler": "canbo.rachgia"}),
        ],
    },
    {
        "ref": "DEMO-09",
        "unit": "KG-TP-RACHGIA",
        "channel": Channel.DESK,
        "received": 9,
        "by": "canbo.rachgia",
        "subject": "Kiến nghị về giá điện sinh hoạt tăng cao",
        "content": "Kiến nghị xem xét lại hóa đơn tiền điện tháng 10 tăng bất thường.",
        "submitter": _person("Lý Thị Hoa", "", "Phường Vĩnh Lạc"),
        "steps": [
            (7, "case_classify", {"kind": "feedback", "competence": "other"}),
            (
                7,
                "case_transfer",
                {"to_body": "Công ty Điện lực Kiên Giang", "number": "12/PC-UBND"},
            ),
        ],
    },
    {
        "ref": "DEMO-10",
        "unit": "KG-TP-RACHGIA",
        "channel": Channel.DESK,
        "received": 6,
        "by": "canbo.rachgia",
        "subject": "Khiếu nại quyết định của Chi cục Thuế khu vực",
        "content": "Khiếu nại quyết định ấn định thuế của Chi cục Thuế khu vực.",
        "submitter": _person("Mai Văn Đức", "091066001100", "Phường Vĩnh Quang"),
        "steps": [
            (5, "case_classify", {"kind": "complaint", "competence": "other"}),
            (
                5,
                "case_guide",
                {"guidance": "Hướng dẫn gửi đơn đến Chi cục trưởng Chi cục Thuế khu vực."},
            ),
        ],
    },
    {
        "ref": "DEMO-11",
        "unit": "KG-TP-RACHGIA",
        "channel": Channel.DESK,
        "received": 150,
        "by": "canbo.rachgia",
        "subject": "Khiếu nại việc cấp phép xây dựng nhà liền kề che lối đi",
        "content": "Khiếu nại giấy phép xây dựng cấp cho nhà liền kề lấn lối đi chung.",
        "submitter": _person("Châu Thị Lan", "091082009900", "Hẻm 14 Mạc Cửu"),
        "steps": [
            (146, "case_classify", {"kind": "complaint", "competence": "own"}),
            (142, "case_accept", {"number": "20/TB-UBND"}),
            (142, "case_assign_handler", {"handler": "canbo.rachgia"}),
            (
                115,
                "case_conclude",
                {
                    "decision_number": "310/QĐ-UBND",
                    "decision_date": _d(115),
                    "conclusion": "Giữ nguyên giấy phép xây dựng.",
                },
            ),
        ],
        "second": {
            "ref": "DEMO-12",
            "unit": "KG-TTT",
            "received": 100,
            "by": "canbo.thanhtra",
            "content": "Không đồng ý Quyết định 310/QĐ-UBND giải quyết khiếu nại lần đầu.",
            "steps": [
                (97, "case_classify", {"kind": "complaint", "competence": "own"}),
                (94, "case_accept", {"number": "70/TB-TTT"}),
                (94, "case_assign_handler", {"handler": "canbo.thanhtra"}),
            ],
        },
    },
    {
        "ref": "DEMO-13",
        "unit": "KG-TP-RACHGIA",
        "channel": Channel.POST,
        "received": 12,
        "by": "canbo.rachgia",
        "subject": "Khiếu nại mức bồi thường mở rộng đường Nguyễn Trung Trực (bản gửi bưu điện)",
        "content": (
            "Khiếu nại mức bồi thường nhà và đất khi mở rộng đường Nguyễn Trung Trực, đề nghị "
            "áp giá theo bảng giá năm 2026."
        ),
        "submitter": _person("Huỳnh Văn Sang", "091070005566", "Số 88 Nguyễn Trung Trực"),
        "steps": [],
    },
    {
        "ref": "DEMO-14",
        "unit": "KG-TP-RACHGIA",
        "channel": Channel.DESK,
        "received": 30,
        "by": "canbo.rachgia",
        "subject": "Phản ánh tiếng ồn cơ sở karaoke khu phố 2",
        "content": "Phản ánh cơ sở karaoke hoạt động quá 22 giờ gây ồn.",
        "submitter": _person("Ngô Văn Thành", "", "Khu phố 2, phường Vĩnh Bảo"),
        "steps": [(28, "case_withdraw", {"note": "Người gửi rút đơn vì cơ sở đã chấm dứt."})],
    },
    {
        "ref": "DEMO-15",
        "unit": "KG-STTTT",
        "channel": Channel.NATIONAL,
        "received": 4,
        "by": "canbo.stttt",
        "subject": "Phản ánh vùng lõm sóng di động tại xã đảo Hòn Nghệ",
        "content": "Phản ánh sóng di động yếu, mất kết nối thường xuyên tại xã đảo Hòn Nghệ.",
        "submitter": _person("Thạch Minh Phước", "", "Xã Hòn Nghệ"),
        "steps": [(3, "case_classify", {"kind": "feedback", "competence": "own"})],
    },
    {
        "ref": "DEMO-16",
        "unit": "KG-STTTT",
        "channel": Channel.DESK,
        "received": 40,
        "by": "canbo.stttt",
        "subject": "Khiếu nại quyết định xử phạt vi phạm quảng cáo",
        "content": "Khiếu nại quyết định xử phạt về quảng cáo trên biển hiệu cửa hàng.",
        "submitter": _person("Trần Thị Thu", "091095004411", "Số 5 Trần Phú"),
        "steps": [
            (38, "case_classify", {"kind": "complaint", "competence": "own", "remote": True}),
            (36, "case_accept", {"number": "33/TB-STTTT"}),
            (36, "case_assign_handler", {"handler": "canbo.stttt"}),
            (20, "case_suspend", {"reason": "Chờ kết quả giám định biển hiệu."}),
        ],
    },
    {
        "ref": "DEMO-17",
        "unit": "KG-STTTT",
        "channel": Channel.POST,
        "received": 25,
        "by": "canbo.stttt",
        "subject": "Phản ánh trang tin điện tử đăng tin sai sự thật",
        "content": "Phản ánh một trang tin điện tử đăng thông tin sai sự thật về doanh nghiệp.",
        "submitter": _person("Công ty TNHH Hòa Phát Đạt", "", "Khu công nghiệp Thạnh Lộc"),
        "steps": [],
    },
]


def _run_steps(case: Case, steps: list[Any], users: dict[str, Any], by: Any) -> Case:
    for days, name, kwargs in steps:
        kwargs = dict(kwargs)
        if "handler" in kwargs:
            kwargs["handler"] = users[kwargs["handler"]]
        with _on(_d(days), hour=14):
            case = getattr(services, name)(case=case, by=by, **kwargs)
    return case


def load_demo(add: Callable[[str, int], None]) -> None:
    """Create the demo cases that do not exist yet."""
    units = {u.code: u for u in Unit.objects.filter(code__in={c["unit"] for c in CASES})}
    users = {u.username: u for u in get_user_model().objects.filter(username__contains=".")}
    done = set(
        Case.objects.filter(source_reference__startswith="DEMO-").values_list(
            "source_reference", flat=True
        )
    )
    made = 0
    for spec in CASES:
        if spec["ref"] in done or spec["unit"] not in units:
            continue
        officer = users.get(spec["by"]) if spec["by"] else None
        worker = officer or next(
            (users[p] for p in ("canbo.rachgia", "canbo.thanhtra") if p in users), None
        )
        with _on(_d(spec["received"]), hour=8) as moment:
            case, _secret = services.case_receive(
                unit=units[spec["unit"]],
                channel=spec["channel"],
                content=spec["content"],
                subject=spec["subject"],
                submitter=spec["submitter"],
                kind_hint=spec.get("kind_hint", ""),
                received_at=moment,
                source_body=spec.get("source_body", ""),
                source_reference=spec["ref"],
                by=officer,
            )
        made += 1
        handler_for_steps = worker
        if spec["channel"] == Channel.PORTAL:
            handler_for_steps = users.get("canbo.rachgia")
        case = _run_steps(case, spec["steps"], users, handler_for_steps)
        second = spec.get("second")
        if second and second["ref"] not in done and second["unit"] in units:
            by = users[second["by"]]
            with _on(_d(second["received"]), hour=8) as moment:
                follow_up, _secret = services.case_second_complaint(
                    first=case,
                    unit=units[second["unit"]],
                    content=second["content"],
                    received_at=moment,
                    source_reference=second["ref"],
                    by=by,
                )
            _run_steps(follow_up, second["steps"], users, by)
            made += 1
    if made:
        add("petition_cases", made)

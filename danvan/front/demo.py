"""Demo recommendations of the Kiên Giang Fatherland Front in 2024, at every step of the workflow.

Created through the services; afterwards the moments of each step (answers, assessments,
consents, events) are set back to their 2024 dates, because the services stamp "now".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from danvan.orgs.models import Unit

from . import services
from .models import Recommendation, RecommendationAnswer, RecommendationEvent

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _pdf(title: str) -> bytes:
    """Return a one-page PDF whose text is `title` (ASCII), standing in for a scanned letter."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _doc(name: str, title: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _pdf(title), content_type="application/pdf")


def _at(day: str, hour: int = 9) -> dt.datetime:
    d = dt.date.fromisoformat(day)
    return dt.datetime(d.year, d.month, d.day, hour, tzinfo=VN)


# Each recommendation: who files it, after what, and the steps it went through in 2024.
RECOMMENDATIONS: list[dict[str, Any]] = [
    {
        "organisation": "KG-MTTQ",
        "symbol": "86/BC-MTTQ-BTT",
        "title": "Kiến nghị sau giám sát việc cung cấp dịch vụ công trực tuyến tại Sở "
        "Thông tin và Truyền thông",
        "content": "Qua giám sát, Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh kiến nghị Sở Thông "
        "tin và Truyền thông:\n1. Rà soát, đơn giản hóa biểu mẫu điện tử của thủ tục cấp giấy "
        "phép hoạt động in; bỏ yêu cầu nộp bản giấy sau khi đã nộp trực tuyến.\n2. Hướng dẫn "
        "người dân vùng nông thôn, đồng bào Khmer sử dụng dịch vụ công trực tuyến thông qua "
        "tổ công nghệ số cộng đồng.",
        "source_kind": "supervision",
        "source_name": "Giám sát việc thực hiện thủ tục hành chính trên môi trường điện tử "
        "năm 2024",
        "source_date": "2024-05-08",
        "filed_on": "2024-05-20",
        "assign": {"unit": "KG-STTTT", "due": "2024-07-02", "on": "2024-05-22"},
        "answers": [
            {
                "on": "2024-06-25",
                "by": "canbo.stttt",
                "symbol": "1152/STTTT-VP",
                "text": "Sở đã bỏ yêu cầu nộp bản giấy đối với thủ tục cấp giấy phép hoạt động in "
                "từ ngày 15/6/2024; biểu mẫu điện tử rút gọn từ 28 xuống 16 trường thông tin. "
                "Sở phối hợp Ủy ban nhân dân các huyện, thành phố duy trì 144 tổ công nghệ số "
                "cộng đồng, tổ chức 36 buổi hướng dẫn song ngữ Việt - Khmer.",
                "assess": {"on": "2024-07-05", "satisfied": True, "comment": "Ban Thường trực "
                           "Ủy ban MTTQ tỉnh thống nhất với nội dung trả lời."},
            }
        ],
        "consents": {"front": "2024-07-08", "unit": "2024-07-10"},
    },
    {
        "organisation": "KG-HLHPN",
        "symbol": "42/CV-HLHPN",
        "title": "Kiến nghị của cử tri phường Vĩnh Thanh Vân về chiếu sáng và camera an ninh "
        "trong các tuyến hẻm",
        "content": "Tại buổi tiếp xúc cử tri, phụ nữ phường Vĩnh Thanh Vân phản ánh nhiều tuyến "
        "hẻm chưa có đèn chiếu sáng, tiềm ẩn nguy cơ mất an toàn cho phụ nữ, trẻ em đi lại "
        "buổi tối. Hội kiến nghị Ủy ban nhân dân thành phố Rạch Giá đầu tư đèn chiếu sáng và "
        "mở rộng mô hình camera an ninh trong các tuyến hẻm.",
        "source_kind": "voter_meeting",
        "source_name": "Tiếp xúc cử tri phường Vĩnh Thanh Vân trước kỳ họp thứ 19 Hội đồng nhân "
        "dân tỉnh",
        "source_date": "2024-08-02",
        "filed_on": "2024-08-12",
        "assign": {"unit": "KG-TP-RACHGIA", "due": "2024-09-24", "on": "2024-08-14"},
        "answers": [
            {
                "on": "2024-10-03",
                "by": "canbo.rachgia",
                "symbol": "2105/UBND-VP",
                "text": "Ủy ban nhân dân thành phố đã giao Phòng Quản lý đô thị khảo sát các "
                "tuyến hẻm; sẽ bố trí kinh phí chiếu sáng trong kế hoạch năm 2025.",
                "assess": {"on": "2024-10-10", "satisfied": False, "comment": "Đề nghị nêu rõ "
                           "số tuyến hẻm, thời gian lắp đặt và việc mở rộng mô hình camera an "
                           "ninh."},
            },
            {
                "on": "2024-10-28",
                "by": "canbo.rachgia",
                "symbol": "2298/UBND-VP",
                "text": "Qua khảo sát, có 27 tuyến hẻm chưa có đèn chiếu sáng; thành phố lắp "
                "đặt 12 tuyến trong quý IV/2024 bằng nguồn xã hội hóa, 15 tuyến còn lại trong "
                "quý II/2025. Công an thành phố phối hợp mở rộng mô hình “Camera an ninh” thêm "
                "40 điểm tại phường Vĩnh Thanh Vân.",
            },
        ],
    },
    {
        "organisation": "KG-MTTQ",
        "symbol": "118/BC-MTTQ-BTT",
        "title": "Kiến nghị sau giám sát việc giải quyết khiếu nại về bồi thường, hỗ trợ, tái "
        "định cư",
        "content": "Đề nghị Thanh tra tỉnh đẩy nhanh việc giải quyết các vụ việc khiếu nại kéo "
        "dài về bồi thường, hỗ trợ khi thu hồi đất tại huyện Châu Thành và thành phố Rạch Giá; "
        "công khai kết quả giải quyết tới người dân.",
        "source_kind": "supervision",
        "source_name": "Giám sát việc giải quyết khiếu nại, tố cáo liên quan đến đất đai",
        "source_date": "2024-10-01",
        "filed_on": "2024-10-15",
        "assign": {"unit": "KG-TTT", "due": "2024-11-26", "on": "2024-10-17"},
    },
    {
        "organisation": "KG-HND",
        "symbol": "35/CV-HND",
        "title": "Phản biện dự thảo Kế hoạch hỗ trợ nông dân đưa nông sản lên sàn thương mại "
        "điện tử",
        "content": "Hội Nông dân tỉnh đề nghị bổ sung vào dự thảo nội dung tập huấn kỹ năng bán "
        "hàng trực tuyến cho hội viên, hỗ trợ chi phí cấp mã QR truy xuất nguồn gốc và ưu tiên "
        "hợp tác xã có thành viên là đồng bào dân tộc thiểu số.",
        "source_kind": "social_criticism",
        "source_name": "Hội nghị phản biện xã hội dự thảo Kế hoạch chuyển đổi số nông nghiệp "
        "năm 2024",
        "source_date": "2024-11-12",
        "filed_on": "2024-11-20",
        "assign": {"unit": "KG-STTTT", "due": "2024-12-31", "on": "2024-11-22"},
        "answers": [
            {
                "on": "2024-12-20",
                "by": "canbo.stttt",
                "symbol": "1890/STTTT-BCVT",
                "text": "Sở tiếp thu, bổ sung vào Kế hoạch 03 lớp tập huấn bán hàng trực tuyến "
                "cho 300 hội viên và hỗ trợ 50 hợp tác xã cấp mã QR truy xuất nguồn gốc.",
                "assess": {"on": "2024-12-26", "satisfied": True, "comment": ""},
            }
        ],
        "consents": {"front": "2024-12-27"},
    },
    {
        "organisation": "KG-TD",
        "symbol": "210/CV-TĐTN",
        "title": "Kiến nghị về tạo việc làm cho thanh niên hoàn thành nghĩa vụ quân sự",
        "content": "Đề nghị Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành liên quan ưu tiên giới "
        "thiệu việc làm, đào tạo nghề cho thanh niên hoàn thành nghĩa vụ quân sự trở về địa "
        "phương.",
        "source_kind": "other",
        "source_name": "Diễn đàn “Thanh niên với công tác dân vận chính quyền” năm 2024",
        "source_date": "2024-12-02",
        "filed_on": "2024-12-10",
    },
    {
        "organisation": "KG-HCCB",
        "symbol": "19/CV-CCB",
        "title": "Kiến nghị về cấp giấy chứng nhận quyền sử dụng đất cho hội viên tại xã Thạnh "
        "Đông",
        "content": "Đề nghị xem xét, giải quyết hồ sơ cấp giấy chứng nhận quyền sử dụng đất còn "
        "tồn đọng của hội viên Cựu chiến binh tại xã Thạnh Đông.",
        "source_kind": "voter_meeting",
        "source_name": "Tiếp xúc cử tri huyện Tân Hiệp",
        "source_date": "2024-08-28",
        "filed_on": "2024-09-05",
        "withdraw": {"on": "2024-09-20", "reason": "Các hồ sơ đã được Ủy ban nhân dân huyện "
                     "Tân Hiệp giải quyết xong trước khi có văn bản trả lời."},
    },
]  # fmt: skip


def _set_event_time(rec: Recommendation, kind: str, moment: dt.datetime) -> None:
    last = rec.events.filter(kind=kind).order_by("-id").first()
    if last is not None:
        RecommendationEvent.objects.filter(pk=last.pk).update(at=moment)


def _load_one(row: dict[str, Any], units: dict[str, Unit], users: dict[str, Any]) -> None:
    liaison = users["mattran"]
    rec = services.recommendation_file(
        organisation=units[row["organisation"]],
        document_symbol=row["symbol"],
        title=row["title"],
        content=row["content"],
        source_kind=row["source_kind"],
        source_name=row["source_name"],
        source_date=dt.date.fromisoformat(row["source_date"]),
        filed_on=dt.date.fromisoformat(row["filed_on"]),
        files=[_doc(f"{row['symbol'].replace('/', '-')}.pdf", row["symbol"])],
        by=liaison,
    )
    _set_event_time(rec, "filed", _at(row["filed_on"], 15))
    if "withdraw" in row:
        rec = services.recommendation_withdraw(
            recommendation=rec,
            reason=row["withdraw"]["reason"],
            expected_version=rec.version,
            by=liaison,
        )
        _set_event_time(rec, "withdrawn", _at(row["withdraw"]["on"]))
        return
    if "assign" not in row:
        return
    assign = row["assign"]
    rec = services.recommendation_assign(
        recommendation=rec,
        unit=units[assign["unit"]],
        due_on=dt.date.fromisoformat(assign["due"]),
        expected_version=rec.version,
        by=users["dieuphoi"],
    )
    assigned_at = _at(assign["on"], 10)
    Recommendation.objects.filter(pk=rec.pk).update(assigned_at=assigned_at)
    _set_event_time(rec, "assigned", assigned_at)
    first_answer_on = None
    for answer_row in row.get("answers", []):
        answer = services.recommendation_answer(
            recommendation=rec,
            text=answer_row["text"],
            document_symbol=answer_row["symbol"],
            documents=[_doc(f"{answer_row['symbol'].replace('/', '-')}.pdf", answer_row["symbol"])],
            expected_version=rec.version,
            by=users[answer_row["by"]],
        )
        moment = _at(answer_row["on"], 16)
        first_answer_on = first_answer_on or moment.date()
        RecommendationAnswer.objects.filter(pk=answer.pk).update(answered_at=moment)
        Recommendation.objects.filter(pk=rec.pk).update(
            answered_at=moment, first_answered_on=first_answer_on
        )
        rec.refresh_from_db()
        _set_event_time(rec, "answered", moment)
        assess = answer_row.get("assess")
        if assess:
            rec = services.recommendation_assess(
                recommendation=rec,
                satisfied=assess["satisfied"],
                comment=assess["comment"],
                expected_version=rec.version,
                by=liaison,
            )
            moment = _at(assess["on"], 10)
            RecommendationAnswer.objects.filter(pk=answer.pk).update(assessed_at=moment)
            _set_event_time(rec, "assessed", moment)
    consents = row.get("consents", {})
    for side, by in (("front", liaison), ("unit", users.get(_head_of(assign["unit"])))):
        if side not in consents or by is None:
            continue
        rec = services.recommendation_publish_consent(
            recommendation=rec, side=side, consent=True, expected_version=rec.version, by=by
        )
        moment = _at(consents[side], 11)
        field = "front_consent_at" if side == "front" else "unit_consent_at"
        Recommendation.objects.filter(pk=rec.pk).update(**{field: moment})
        _set_event_time(rec, f"{side}_consent", moment)
        if rec.published_at:
            Recommendation.objects.filter(pk=rec.pk).update(published_at=moment)
            _set_event_time(rec, "published", moment)


def _head_of(unit_code: str) -> str:
    return {"KG-STTTT": "truong.stttt", "KG-TP-RACHGIA": "truong.rachgia"}.get(unit_code, "")


@transaction.atomic
def load_demo(add: Callable[[str, int], None]) -> None:
    """Create the demo recommendations that do not exist yet (by organisation and symbol)."""
    User = get_user_model()
    users = {u.username: u for u in User.objects.all()}
    if "mattran" not in users or "dieuphoi" not in users:
        return
    codes = {r["organisation"] for r in RECOMMENDATIONS} | {
        r["assign"]["unit"] for r in RECOMMENDATIONS if "assign" in r
    }
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    made = 0
    for row in RECOMMENDATIONS:
        if row["organisation"] not in units:
            continue
        if Recommendation.objects.filter(
            organisation=units[row["organisation"]], document_symbol=row["symbol"]
        ).exists():
            continue
        _load_one(row, units, users)
        made += 1
    if made:
        add("front_recommendations", made)

"""Demo consultations: one open draft of UBND thành phố Rạch Giá, one published of Sở Nội vụ."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from danvan.lib.docformat import TYPE_TITLES, OfficialDocument, Section, render_docx
from danvan.orgs.models import Unit

from . import services
from .models import Comment, Consultation, ConsultationEvent

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OPEN_TITLE = (
    "Kế hoạch thực hiện dân chủ ở cơ sở trên địa bàn thành phố Rạch Giá giai đoạn 2027 - 2030"
)
PUBLISHED_TITLE = (
    "Quy chế phối hợp thực hiện công tác dân vận chính quyền giữa Sở Nội vụ và "
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Kiên Giang"
)

OPEN_SECTIONS = [
    (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Phát huy quyền làm chủ của Nhân dân theo phương châm “Dân biết, dân bàn, dân làm, "
        "dân kiểm tra, dân giám sát, dân thụ hưởng”.\n\n2. Công khai, minh bạch các nội dung "
        "phải công khai theo Luật Thực hiện dân chủ ở cơ sở năm 2022.",
    ),
    (
        "II. NỘI DUNG CÔNG KHAI VÀ HÌNH THỨC CÔNG KHAI",
        "1. Niêm yết tại trụ sở Ủy ban nhân dân phường, xã và nhà văn hóa khu phố.\n\n"
        "2. Thông báo trên hệ thống truyền thanh cơ sở và trang thông tin điện tử của thành "
        "phố.\n\n3. Thời gian niêm yết tối thiểu 30 ngày.",
    ),
    (
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Phòng Nội vụ thành phố chủ trì, theo dõi, tổng hợp kết quả thực hiện.\n\n"
        "2. Ủy ban nhân dân các phường, xã báo cáo định kỳ 6 tháng, hằng năm.",
    ),
]

PUBLISHED_SECTIONS = [
    ("Chương I. Quy định chung", "Điều 1. Phạm vi điều chỉnh, đối tượng áp dụng."),
    (
        "Chương II. Nội dung phối hợp",
        "Điều 4. Phối hợp tuyên truyền, vận động Nhân dân.\n\nĐiều 5. Phối hợp giám sát, "
        "phản biện xã hội và tiếp thu ý kiến của Nhân dân.",
    ),
    ("Chương III. Tổ chức thực hiện", "Điều 9. Trách nhiệm thi hành."),
]

# (section index or None, author, organisation, body, answer kind, answer) of the published one.
PUBLISHED_COMMENTS = [
    (
        1,
        "Nguyễn Thị Mai",
        "",
        "Đề nghị quy định rõ thời hạn Sở Nội vụ trả lời kiến nghị sau giám sát của Mặt trận "
        "(ví dụ 15 ngày làm việc).",
        "taken_up",
        "Bổ sung khoản 3 Điều 5: thời hạn trả lời bằng văn bản là 15 ngày làm việc "
        "kể từ ngày nhận kiến nghị.",
    ),
    (
        None,
        "",
        "Hội Liên hiệp Phụ nữ tỉnh Kiên Giang",
        "Đề nghị bổ sung Hội Liên hiệp Phụ nữ tỉnh là thành viên tham gia phối hợp.",
        "partial",
        "Các tổ chức chính trị - xã hội tham gia thông qua Ủy ban Mặt trận "
        "Tổ quốc Việt Nam tỉnh theo Điều 2; không liệt kê riêng từng tổ chức.",
    ),
    (
        2,
        "Trần Văn Hùng",
        "",
        "Đề nghị giao kinh phí thực hiện Quy chế cho từng huyện.",
        "explained",
        "Kinh phí thực hiện được bố trí trong dự toán chi thường xuyên của các cơ "
        "quan theo phân cấp ngân sách hiện hành, không quy định trong Quy chế phối hợp.",
    ),
]


def _final_text() -> bytes:
    """Return the final text of the published demo draft as a Decree 30 DOCX."""
    document = OfficialDocument(
        parent_body="UBND TỈNH KIÊN GIANG",
        issuing_body="SỞ NỘI VỤ",
        number=None,
        type_code="QC",
        body_code="SNV-MTTQ",
        place="Kiên Giang",
        date=dt.date(2024, 6, 20),
        doc_type_title=TYPE_TITLES["QC"],
        subject=PUBLISHED_TITLE.removeprefix("Quy chế "),
        sections=[
            Section(numeral="", title=heading, paragraphs=text.split("\n\n"))
            for heading, text in PUBLISHED_SECTIONS
        ],
        signer_authority="GIÁM ĐỐC",
        signer_name="",
    )
    return render_docx(document)


def _user(username: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.filter(username=username).first()


def _load_open(add: Callable[[str, int], None]) -> None:
    unit = Unit.objects.filter(code="KG-TP-RACHGIA").first()
    officer, head = _user("canbo.rachgia"), _user("truong.rachgia")
    if unit is None or officer is None or head is None:
        return
    if Consultation.objects.filter(title=OPEN_TITLE).exists():
        return
    now = timezone.now()
    consultation = services.consultation_create(
        unit=unit,
        kind="plan",
        title=OPEN_TITLE,
        summary="Dự thảo kế hoạch cụ thể hóa Luật Thực hiện dân chủ ở cơ sở năm 2022 trên địa "
        "bàn thành phố; đề nghị Nhân dân, cơ quan, tổ chức góp ý cho từng phần.",
        opens_at=now - dt.timedelta(days=5),
        closes_at=now + dt.timedelta(days=25),
        by=officer,
    )
    sections = [
        services.section_add(consultation=consultation, heading=h, text=t, by=officer)
        for h, t in OPEN_SECTIONS
    ]
    consultation = services.consultation_open(consultation=consultation, by=officer)
    add("consultations", 1)
    front = Unit.objects.filter(code="KG-MTTQ").first()
    liaison = _user("mattran")
    if front is not None and liaison is not None:
        comment = services.comment_submit_user(
            consultation=consultation,
            section=sections[1],
            body="Đề nghị bổ sung hình thức công khai qua nhóm Zalo của khu phố, ấp để người "
            "dân ở xa dễ tiếp cận.",
            organisation=front,
            by=liaison,
        )
        services.comment_moderate(comment=comment, decision="approve", by=officer)
        add("consultation_comments", 1)
    recorded = services.comment_record_received(
        consultation=consultation,
        section=sections[0],
        body="Cần nêu rõ chỉ tiêu tỷ lệ hộ gia đình được phổ biến nội dung dân chủ ở cơ sở.",
        author_name="Danh Sóc",
        channel="Ý kiến tại hội nghị lấy ý kiến khu phố 3, phường Vĩnh Thanh Vân.",
        by=officer,
    )
    services.comment_moderate(comment=recorded, decision="approve", by=officer)
    services.comment_record_received(
        consultation=consultation,
        section=None,
        body="Đề nghị kéo dài thời gian lấy ý kiến để các ấp vùng ven tham gia.",
        author_name="Lâm Thị Hoa",
        show_name=False,
        channel="Thư gửi Bộ phận một cửa thành phố.",
        by=officer,
    )
    add("consultation_comments", 2)


def _load_published(add: Callable[[str, int], None]) -> None:
    unit = Unit.objects.filter(code="KG-SNV").first()
    coordinator = _user("dieuphoi")
    if unit is None or coordinator is None:
        return
    if Consultation.objects.filter(title=PUBLISHED_TITLE).exists():
        return
    now = timezone.now()
    consultation = services.consultation_create(
        unit=unit,
        kind="policy",
        title=PUBLISHED_TITLE,
        summary="Dự thảo Quy chế phối hợp trong tuyên truyền, vận động, giám sát và tiếp thu "
        "ý kiến của Nhân dân giai đoạn 2024 - 2026.",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        by=coordinator,
    )
    sections = [
        services.section_add(consultation=consultation, heading=h, text=t, by=coordinator)
        for h, t in PUBLISHED_SECTIONS
    ]
    consultation = services.consultation_open(consultation=consultation, by=coordinator)
    comments = []
    for index, author, organisation, body, kind, answer in PUBLISHED_COMMENTS:
        comment = services.comment_record_received(
            consultation=consultation,
            section=sections[index] if index is not None else None,
            body=body,
            author_name=author,
            organisation_name=organisation,
            channel="Góp ý bằng văn bản gửi Sở Nội vụ.",
            by=coordinator,
        )
        services.comment_moderate(comment=comment, decision="approve", by=coordinator)
        comments.append((comment, kind, answer))
    spam = services.comment_record_received(
        consultation=consultation,
        section=None,
        body="Quảng cáo dịch vụ vay tiền nhanh.",
        author_name="Không rõ",
        by=coordinator,
    )
    services.comment_moderate(comment=spam, decision="reject", reason="spam", by=coordinator)
    consultation = services.consultation_close(
        consultation=consultation, reason="Đã nhận đủ ý kiến của các cơ quan.", by=coordinator
    )
    for comment, kind, answer in comments:
        services.comment_answer(
            comment=comment, kind=kind, text=answer, expected_version=None, by=coordinator
        )
    consultation.refresh_from_db()
    consultation = services.summary_update(
        consultation=consultation,
        expected_version=None,
        summary_intro="Nhìn chung, các ý kiến góp ý tán thành với sự cần thiết ban hành Quy "
        "chế; Sở Nội vụ đã tiếp thu, chỉnh lý dự thảo và giải trình các ý kiến chưa tiếp thu.",
        report_symbol="15/BC-SNV",
        place="Kiên Giang",
        signer_authority="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Văn Hòa",
        by=coordinator,
    )
    consultation = services.consultation_summarise(consultation=consultation, by=coordinator)
    services.consultation_publish(
        consultation=consultation,
        final_text=SimpleUploadedFile("Quy-che-phoi-hop-SNV-MTTQ.docx", _final_text()),
        by=coordinator,
    )
    _backdate(consultation)
    add("consultations", 1)
    add("consultation_comments", len(comments) + 1)


def _backdate(consultation: Consultation) -> None:
    """Put the published demo in 2024 (the services stamp "now")."""
    opens = dt.datetime(2024, 5, 6, 8, 0, tzinfo=VN)
    closes = dt.datetime(2024, 6, 5, 17, 0, tzinfo=VN)
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=opens,
        closes_at=closes,
        closed_at=closes,
        early_close_reason="",
        summarised_at=dt.datetime(2024, 6, 18, 10, 0, tzinfo=VN),
        published_at=dt.datetime(2024, 6, 20, 15, 0, tzinfo=VN),
    )
    for n, comment in enumerate(Comment.objects.filter(consultation=consultation)):
        moment = opens + dt.timedelta(days=3 + 5 * n, hours=2)
        Comment.objects.filter(pk=comment.pk).update(created_at=moment, verified_at=moment)
    ConsultationEvent.objects.filter(consultation=consultation, to_status="closed").update(note="")


def load_demo(add: Callable[[str, int], None]) -> None:
    """Create the demo consultations that do not exist yet (safe to run again)."""
    with transaction.atomic():
        _load_open(add)
    with transaction.atomic():
        _load_published(add)

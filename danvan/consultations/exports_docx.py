"""The summary report (báo cáo tiếp thu, giải trình) as a Decree 30 document, in DOCX."""

from __future__ import annotations

from django.utils import timezone

from danvan.lib.docformat import (
    TYPE_TITLES,
    Item,
    OfficialDocument,
    Section,
    parse_symbol,
    render_docx,
)
from danvan.lib.vntext import short_date
from danvan.plans.exports_docx import issuer_names

from . import selectors
from .models import Consultation

DEFAULT_SIGNER = {
    "district": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    "commune": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    "provincial_committee": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
}


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _when(moment: object) -> str:
    return short_date(timezone.localtime(moment).date())  # type: ignore[arg-type]


def summary_document(consultation: Consultation) -> OfficialDocument:
    """Return the summary report: how comments were collected, then every comment answered."""
    parent, issuing = issuer_names(consultation.unit)
    counts = selectors.comment_counts(consultation=consultation)
    symbol = parse_symbol(consultation.report_symbol) if consultation.report_symbol else None
    body_code = symbol.body_code if symbol else ""
    overview = [
        (
            f"Thực hiện việc lấy ý kiến Nhân dân đối với dự thảo {consultation.title}, "
            f"{consultation.unit.name} đã đăng tải toàn văn dự thảo trên Cổng lấy ý kiến "
            f"từ ngày {_when(consultation.opens_at)} đến ngày "
            f"{_when(consultation.closed_at or consultation.closes_at)}."
        ),
        (
            f"Tổng số ý kiến nhận được: {counts.received}; số ý kiến được tổng hợp: "
            f"{counts.approved} (trong đó {counts.organisations} ý kiến của cơ quan, tổ chức); "
            f"số ý kiến không được tổng hợp do không phù hợp: {counts.rejected}. Kết quả: tiếp "
            f"thu {counts.taken_up} ý kiến, tiếp thu một phần {counts.partial} ý kiến, giải "
            f"trình {counts.explained} ý kiến."
        ),
        *_paragraphs(consultation.summary_intro),
    ]
    items: list[Item] = []
    number = 0
    for group in selectors.comments_by_section(consultation=consultation):
        for comment in group.comments:
            number += 1
            who = comment.display_name()
            about = group.section.heading if group.section else "toàn bộ dự thảo"
            items.append(
                Item(
                    number=str(number),
                    title=f"Về {about} – ý kiến {comment.code} của {who}",
                    paragraphs=[
                        f"Nội dung góp ý: {comment.body}",
                        f"{comment.get_answer_kind_display() or 'Chưa trả lời'}: "
                        f"{comment.answer_text or '(chưa có nội dung)'}",
                    ],
                )
            )
    if not items:
        items.append(Item(paragraphs=["Không có ý kiến góp ý được tổng hợp."]))
    sections = [
        Section(numeral="I", title="KHÁI QUÁT VIỆC LẤY Ý KIẾN", paragraphs=overview),
        Section(numeral="II", title="TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý", items=items),
    ]
    return OfficialDocument(
        parent_body=parent,
        issuing_body=issuing,
        number=symbol.number if symbol else None,
        type_code="BC",
        body_code=body_code,
        place=consultation.place,
        date=timezone.localtime(consultation.published_at).date()
        if consultation.published_at
        else None,
        year=timezone.localdate().year,
        doc_type_title=TYPE_TITLES["BC"],
        subject=f"Tiếp thu, giải trình ý kiến góp ý đối với dự thảo {consultation.title}",
        sections=sections,
        recipients=["Cơ quan chủ trì soạn thảo, thẩm định dự thảo", "Lưu: VT."],
        signer_authority=consultation.signer_authority
        or DEFAULT_SIGNER.get(consultation.unit.kind, "GIÁM ĐỐC"),
        signer_name=consultation.signer_name,
    )


def summary_docx(consultation: Consultation) -> bytes:
    """Return the summary report as DOCX bytes."""
    return render_docx(summary_document(consultation))


def summary_docx_filename(consultation: Consultation) -> str:
    """Return the download name of the summary report."""
    return f"bao-cao-tiep-thu-giai-trinh-{consultation.pk}.docx"

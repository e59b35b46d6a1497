"""Documents of the petition steps as DOCX in the Decree 30 layout.

Acceptance notice (thông báo thụ lý), non-acceptance notice with the Art. 11 grounds,
transfer letter (phiếu chuyển đơn) and extension decision (quyết định gia hạn). A document of
a denunciation never prints the denouncer's identity: the copy kept with the case is read by
people who may not see it; the handler adds the addressee when sending.
"""

from __future__ import annotations

import datetime as dt

from danvan.lib.docformat import OfficialDocument, Section, Symbol, parse_symbol, render_docx
from danvan.lib.vntext import short_date
from danvan.orgs.models import Unit, UnitKind
from danvan.plans.exports_docx import issuer_names

from .models import Case, CaseDocument, DocumentKind, Kind, Petitioner

_COMMITTEE_PREFIX = "Ủy ban nhân dân tỉnh "
KIND_WORDS = {
    Kind.COMPLAINT: "khiếu nại",
    Kind.DENUNCIATION: "tố cáo",
    Kind.FEEDBACK: "kiến nghị, phản ánh",
    Kind.MIXED: "khiếu nại, tố cáo",
    Kind.UNCLASSIFIED: "đơn",
}
SECRET_ADDRESSEE = "Người tố cáo (danh tính được giữ bí mật theo Điều 47 Luật Tố cáo 2018)"


def place_for(unit: Unit) -> str:
    """Return the province name printed on the date line ("Kiên Giang")."""
    node: Unit | None = unit
    for _depth in range(6):
        if node is None:
            break
        if node.kind == UnitKind.PROVINCIAL_COMMITTEE and node.name.startswith(_COMMITTEE_PREFIX):
            return node.name.removeprefix(_COMMITTEE_PREFIX)
        node = node.parent
    return ""


def _symbol(number: str, type_code: str) -> Symbol:
    parsed = parse_symbol(number) if number else None
    return parsed if parsed is not None else Symbol(None, type_code, "")


def _addressee(case: Case) -> str:
    if case.is_confidential() or case.anonymous:
        return SECRET_ADDRESSEE
    petitioner = Petitioner.objects.filter(case=case).first()
    if petitioner is None or not petitioner.name:
        return "Người gửi đơn"
    return f"Ông/Bà {petitioner.name}" + (f", {petitioner.address}" if petitioner.address else "")


def _intro(case: Case) -> str:
    kind = KIND_WORDS.get(case.kind, "đơn")
    return (
        f"Ngày {short_date(case.received_on)}, {case.unit.name} nhận được đơn {kind} "
        f"(mã hồ sơ {case.tracking_code}) với nội dung: {case.subject}."
    )


def _base(case: Case, doc: CaseDocument, *, type_code: str, title: str, subject: str):
    parent, issuing = issuer_names(case.unit)
    symbol = _symbol(doc.number, type_code)
    return {
        "parent_body": parent,
        "issuing_body": issuing,
        "number": symbol.number,
        "type_code": symbol.type_code or type_code,
        "body_code": symbol.body_code,
        "place": place_for(case.unit),
        "date": doc.issued_on,
        "year": doc.issued_on.year,
        "doc_type_title": title,
        "subject": subject,
        "signer_authority": "THỦ TRƯỞNG CƠ QUAN",
    }


def document_for(doc: CaseDocument) -> OfficialDocument:
    """Return the official document of a step."""
    case = doc.case
    kind = KIND_WORDS.get(case.kind, "đơn")
    addressee = _addressee(case)
    if doc.kind == DocumentKind.ACCEPTANCE:
        fields = _base(
            case,
            doc,
            type_code="TB",
            title="THÔNG BÁO",
            subject=f"Về việc thụ lý giải quyết {kind}",
        )
        basis = (
            "Luật Tố cáo 2018 (Điều 29)"
            if case.kind == Kind.DENUNCIATION
            else ("Luật Khiếu nại 2011 (Điều 27)")
        )
        paragraphs = [
            f"Kính gửi: {addressee}.",
            f"Căn cứ {basis};",
            _intro(case),
            f"Sau khi xem xét, đơn đủ điều kiện thụ lý. {case.unit.name} thông báo đã thụ lý "
            f"giải quyết {kind} từ ngày {short_date(doc.issued_on)}.",
        ]
        due = case.deadlines.filter(step="resolve", superseded_by__isnull=True).first()
        if due is not None:
            paragraphs.append(f"Thời hạn giải quyết: đến ngày {short_date(due.due)} ({due.basis}).")
        return OfficialDocument(paragraphs=paragraphs, recipients=_recipients(addressee), **fields)
    if doc.kind == DocumentKind.NON_ACCEPTANCE:
        fields = _base(
            case,
            doc,
            type_code="TB",
            title="THÔNG BÁO",
            subject=f"Về việc không thụ lý giải quyết {kind}",
        )
        reasons = [f"- {label}." for label in case.grounds_labels()]
        paragraphs = [
            f"Kính gửi: {addressee}.",
            "Căn cứ Điều 11 và Điều 27 Luật Khiếu nại 2011;",
            _intro(case),
            f"{case.unit.name} thông báo không thụ lý giải quyết đơn với lý do sau:",
            *reasons,
        ]
        if doc.details.get("note"):
            paragraphs.append(doc.details["note"])
        return OfficialDocument(paragraphs=paragraphs, recipients=_recipients(addressee), **fields)
    if doc.kind == DocumentKind.TRANSFER:
        to_body = doc.details.get("to_body") or case.transfer_to
        fields = _base(
            case, doc, type_code="PC", title="PHIẾU CHUYỂN ĐƠN", subject=f"Chuyển đơn {kind}"
        )
        paragraphs = [
            f"Kính gửi: {to_body}.",
            _intro(case),
            f"Xét thấy nội dung đơn thuộc thẩm quyền giải quyết của {to_body}, {case.unit.name} "
            "chuyển đơn đến Quý cơ quan để xem xét, giải quyết theo quy định của pháp luật.",
        ]
        if case.is_confidential():
            paragraphs.append(
                "Thông tin về người tố cáo được chuyển riêng theo chế độ mật, không ghi trong "
                "phiếu chuyển này (Điều 47 Luật Tố cáo 2018)."
            )
        return OfficialDocument(
            paragraphs=paragraphs, recipients=[f"{to_body};", "Lưu: VT, hồ sơ."], **fields
        )
    # Extension decision.
    fields = _base(
        case,
        doc,
        type_code="QĐ",
        title="QUYẾT ĐỊNH",
        subject=f"Về việc gia hạn thời hạn giải quyết {kind}",
    )
    basis = (
        "Căn cứ Điều 30 Luật Tố cáo 2018;"
        if case.kind == Kind.DENUNCIATION
        else "Căn cứ Luật Khiếu nại 2011;"
    )
    old_due = _date(doc.details.get("old_due"))
    new_due = _date(doc.details.get("new_due"))
    articles = [
        f"Điều 1. Gia hạn thời hạn giải quyết {kind} mã hồ sơ {case.tracking_code}"
        + (f" từ ngày {short_date(old_due)}" if old_due else "")
        + (f" đến ngày {short_date(new_due)}." if new_due else "."),
    ]
    if doc.details.get("reason"):
        articles.append(f"Lý do gia hạn: {doc.details['reason']}")
    articles.append(
        "Điều 2. Người được giao xác minh và các cơ quan, đơn vị, cá nhân có liên quan chịu "
        "trách nhiệm thi hành Quyết định này."
    )
    return OfficialDocument(
        paragraphs=[basis, _intro(case)],
        sections=[Section(numeral="", title="QUYẾT ĐỊNH:", paragraphs=articles)],
        recipients=_recipients(addressee),
        **fields,
    )


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _recipients(addressee: str) -> list[str]:
    return [f"{addressee};", "Lưu: VT, hồ sơ."]


def document_docx(doc: CaseDocument) -> bytes:
    """Return the document of a step as DOCX bytes."""
    return render_docx(document_for(doc))

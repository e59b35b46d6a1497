"""A plan as its official document (Decree 30 layout), in DOCX."""

from __future__ import annotations

import re

from danvan.lib.docformat import (
    TYPE_TITLES,
    Item,
    OfficialDocument,
    Section,
    Symbol,
    parse_symbol,
    render_docx,
)
from danvan.orgs.models import Unit, UnitKind

from .models import Plan

# Used when a plan does not name its signer: the usual authority of a committee's plan.
DEFAULT_SIGNER_AUTHORITY = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
_COMMITTEE = "Ủy ban nhân dân"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_COMMITTEE_KINDS = {UnitKind.PROVINCIAL_COMMITTEE, UnitKind.DISTRICT, UnitKind.COMMUNE}


def _paragraphs(text: str) -> list[str]:
    """Return the paragraphs of a text field, split on blank lines; single newlines stay."""
    parts = _BLANK_LINE.split(text.replace("\r\n", "\n"))
    return [part.strip() for part in parts if part.strip()]


def issuer_names(issuer: Unit) -> tuple[str | None, str]:
    """Return the parent line and the issuing body as the header prints them.

    A committee heads its own header, broken after "Ủy ban nhân dân"; a department is shown
    under its committee, abbreviated "UBND tỉnh ...", without the locality they share.
    """
    name = issuer.name
    parent = issuer.parent if issuer.kind not in _COMMITTEE_KINDS else None
    if parent is None:
        if name.startswith(_COMMITTEE + " "):
            name = _COMMITTEE + "\n" + name.removeprefix(_COMMITTEE + " ")
        return None, name
    parent_name = parent.name
    if parent_name.startswith(_COMMITTEE + " "):
        locality = parent_name.removeprefix(_COMMITTEE + " ")
        name = name.removesuffix(" " + locality)
        parent_name = "UBND " + locality
    return parent_name, name


def _symbol(plan: Plan) -> Symbol:
    parsed = parse_symbol(plan.symbol) if plan.symbol else None
    if parsed is not None:
        return parsed
    body_code = "UBND" if plan.issuer.kind in _COMMITTEE_KINDS else ""
    return Symbol(plan.number, plan.doc_type, body_code)


def plan_document(
    plan: Plan, *, signer_authority: str | None = None, signer_name: str | None = None
) -> OfficialDocument:
    """Return the plan as an official document: header, preamble, outline, recipients."""
    parent, issuing = issuer_names(plan.issuer)
    symbol = _symbol(plan)
    sections = [
        Section(
            numeral=section.numeral,
            title=section.title,
            items=[
                Item(number=item.number, title=item.title, paragraphs=_paragraphs(item.body))
                for item in section.items.all()
            ],
        )
        for section in plan.sections.prefetch_related("items")
    ]
    return OfficialDocument(
        parent_body=parent,
        issuing_body=issuing,
        number=symbol.number,
        type_code=symbol.type_code,
        body_code=symbol.body_code,
        party_symbol=symbol.party,
        place=plan.place,
        date=plan.issued_on,
        year=plan.year,
        doc_type_title=TYPE_TITLES.get(plan.doc_type, TYPE_TITLES["KH"]),
        subject=plan.title,
        paragraphs=_paragraphs(plan.preamble),
        sections=sections,
        recipients=list(plan.recipients),
        signer_authority=signer_authority or plan.signer_authority or DEFAULT_SIGNER_AUTHORITY,
        signer_name=signer_name if signer_name is not None else plan.signer_name,
    )


def plan_docx(plan: Plan, **signer: str) -> bytes:
    """Return the plan's official document as DOCX bytes."""
    return render_docx(plan_document(plan, **signer))


def plan_docx_filename(plan: Plan) -> str:
    """Return the download name: the symbol with slashes as hyphens ("63-KH-UBND.docx")."""
    stem = "-".join(plan.symbol.replace("/", " ").split()) or f"ke-hoach-{plan.pk}"
    return f"{stem}.docx"

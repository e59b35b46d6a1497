"""Decree 30/2020 (Appendix I) layout of administrative documents as DOCX, on python-docx."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENTATION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Mm, Pt, RGBColor, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from danvan.lib.vntext import nfc, official_date

FONT = "Times New Roman"
PAGE_MM = (210, 297)
# Decree 30 ranges: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
HEADER_COLUMNS_MM = (64, TEXT_MM - 64)
CLOSING_COLUMNS_MM = (80, TEXT_MM - 80)
BODY_PT = 14
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_RULE_MM = 61  # the line under the motto is as long as the motto (13 pt bold)

# Appendix III of Decree 30: abbreviations of administrative document types and their titles.
TYPE_TITLES = {
    "NQ": "NGHỊ QUYẾT",
    "QĐ": "QUYẾT ĐỊNH",
    "CT": "CHỈ THỊ",
    "QC": "QUY CHẾ",
    "QyĐ": "QUY ĐỊNH",
    "TC": "THÔNG CÁO",
    "TB": "THÔNG BÁO",
    "HD": "HƯỚNG DẪN",
    "CTr": "CHƯƠNG TRÌNH",
    "KH": "KẾ HOẠCH",
    "PA": "PHƯƠNG ÁN",
    "ĐA": "ĐỀ ÁN",
    "DA": "DỰ ÁN",
    "BC": "BÁO CÁO",
    "BB": "BIÊN BẢN",
    "TTr": "TỜ TRÌNH",
    "HĐ": "HỢP ĐỒNG",
    "CĐ": "CÔNG ĐIỆN",
    "GN": "BẢN GHI NHỚ",
    "TTh": "BẢN THỎA THUẬN",
    "GUQ": "GIẤY ỦY QUYỀN",
    "GM": "GIẤY MỜI",
    "GGT": "GIẤY GIỚI THIỆU",
    "GNP": "GIẤY NGHỈ PHÉP",
    "PG": "PHIẾU GỬI",
    "PC": "PHIẾU CHUYỂN",
    "PB": "PHIẾU BÁO",
}
_PARTY_SYMBOL = re.compile(r"^\s*(\d*)\s*-\s*([^/\s]+)\s*/\s*(\S+)\s*$")
_STATE_SYMBOL = re.compile(r"^\s*(\d*)\s*/\s*(\S+)\s*$")


@dataclass(frozen=True)
class Symbol:
    """A document's number and symbol: 63/KH-UBND, 1657/UBND-KGVX (letter), 25-NQ/TW (Party)."""

    number: int | None
    type_code: str
    body_code: str
    party: bool = False


def parse_symbol(text: str) -> Symbol | None:
    """Return the parts of a symbol such as "63/KH-UBND" or "25-NQ/TW", or None if unreadable."""
    text = nfc(text)
    if match := _PARTY_SYMBOL.match(text):
        number, type_code, body = match.groups()
        return Symbol(int(number) if number else None, type_code, body, party=True)
    if match := _STATE_SYMBOL.match(text):
        number, rest = match.groups()
        head, _, tail = rest.partition("-")
        if tail and head in TYPE_TITLES:
            return Symbol(int(number) if number else None, head, tail)
        return Symbol(int(number) if number else None, "", rest)
    return None


def symbol_line(symbol: Symbol) -> str:
    """Return the "Số:" line; a draft without a number leaves a blank for it."""
    number = str(symbol.number) if symbol.number is not None else " " * 6
    if symbol.party:
        return f"Số {number}-{symbol.type_code}/{symbol.body_code}"
    codes = "-".join(code for code in (symbol.type_code, symbol.body_code) if code)
    return f"Số: {number}/{codes}"


def date_line(place: str, day: dt.date | None, year: int | None = None) -> str:
    """Return the place and date line; a draft without a date leaves blanks for day and month."""
    if day is not None:
        return official_date(day, place or None)
    blank = " " * 5
    text = f"ngày{blank}tháng{blank}năm {year if year else '20...'}"
    return f"{place}, {text}" if place else text


@dataclass
class Item:
    """A numbered item ("1. Mục đích") and its paragraphs; without a title the number leads."""

    number: str = ""
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Section:
    """A part headed by a Roman numeral ("I. MỤC ĐÍCH, YÊU CẦU")."""

    numeral: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


@dataclass
class OfficialDocument:
    """What an administrative document says; render_docx lays it out."""

    parent_body: str | None
    issuing_body: str
    number: int | None
    type_code: str
    body_code: str
    place: str
    date: dt.date | None
    doc_type_title: str
    subject: str
    paragraphs: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer_authority: str = ""
    signer_name: str = ""
    year: int | None = None
    party_symbol: bool = False

    @property
    def symbol(self) -> Symbol:
        """Return the number and symbol."""
        return Symbol(self.number, self.type_code, self.body_code, self.party_symbol)


# --- low-level formatting -------------------------------------------------------------------


def _set_fonts(rpr: BaseOxmlElement) -> None:
    """Name Times New Roman for every script (east-asian too), dropping theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _style(run: Run, size: float, *, bold: bool = False, italic: bool = False) -> Run:
    run.font.name = FONT
    _set_fonts(run._r.get_or_add_rPr())
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.color.rgb = RGBColor(0, 0, 0)
    return run


def _para(
    paragraph: Paragraph,
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    first_line_cm: float | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0
    if first_line_cm is not None:
        fmt.first_line_indent = Cm(first_line_cm)
    if keep_with_next:
        fmt.keep_with_next = True
    return paragraph


def _line(paragraph: Paragraph, size: float, text: str = "", **style: bool) -> Paragraph:
    """Fill a paragraph with text whose "\\n" stay line breaks, every run in Times New Roman."""
    for n, part in enumerate(nfc(text).split("\n")):
        run = _style(paragraph.add_run(), size, **style)
        if n:
            run.add_break()
        run.add_text(part)
    return paragraph


def _rule(paragraph: Paragraph, width_mm: float, box_mm: float) -> None:
    """Turn an empty paragraph into a centred solid line of the given width (a bottom border)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr.append(borders)
    mark = OxmlElement("w:rPr")  # a 2 pt paragraph mark keeps the line close to the text
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    ppr.append(mark)
    side = Mm(max(0.0, (box_mm - width_mm) / 2))
    _para(paragraph, after=3)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side


def _table(document: DocxDocument, widths_mm: Sequence[float], rows: int = 1) -> Table:
    """Return a borderless fixed-width table whose columns have the given widths."""
    table: Table = document.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: Word keeps the widths below
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return table


def _first(cell: _Cell) -> Paragraph:
    """Return the cell's first paragraph while it is untouched, else a new one."""
    first: Paragraph = cell.paragraphs[0]
    return first if first._p.pPr is None and not first.runs else cell.add_paragraph()


def _page_number_header(document: DocxDocument) -> None:
    """Centre a PAGE field in the header from page 2; the first page's header stays empty."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = _para(section.header.paragraphs[0])
    for tag, value in (
        ("w:fldChar", "begin"),
        ("w:instrText", " PAGE "),
        ("w:fldChar", "separate"),
        ("w:t", "2"),
        ("w:fldChar", "end"),
    ):
        element = OxmlElement(tag)
        if tag == "w:fldChar":
            element.set(qn("w:fldCharType"), value)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = value
        _style(paragraph.add_run(), BODY_PT)._r.append(element)


# --- the document ---------------------------------------------------------------------------


def _twips(mm: float) -> Twips:
    """Return a length in whole twips, rounded up so that no margin falls below its minimum."""
    return Twips(math.ceil(mm * 1440 / 25.4 - 1e-9))


def _page_setup(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENTATION.PORTRAIT
    section.page_width, section.page_height = _twips(PAGE_MM[0]), _twips(PAGE_MM[1])
    section.top_margin = _twips(MARGINS_MM["top"])
    section.bottom_margin = _twips(MARGINS_MM["bottom"])
    section.left_margin = _twips(MARGINS_MM["left"])
    section.right_margin = _twips(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            _set_fonts(rpr)
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:val"), "vi-VN")
    normal = document.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr())
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def _header(document: DocxDocument, doc: OfficialDocument) -> None:
    """The two-column header: issuing body and number left, national name and date right."""
    left_mm, right_mm = HEADER_COLUMNS_MM
    table = _table(document, HEADER_COLUMNS_MM, rows=2)
    left, right = table.rows[0].cells
    if doc.parent_body:
        _line(_para(_first(left)), 13, text=doc.parent_body.upper())
    _line(_para(_first(left)), 13, text=doc.issuing_body.upper(), bold=True)
    _rule(_first(left), left_mm / 3, left_mm)
    _line(_para(_first(right)), 12, text=NATIONAL_NAME, bold=True)
    _line(_para(_first(right)), 13, text=MOTTO, bold=True)
    _rule(_first(right), MOTTO_RULE_MM, right_mm)
    number, dateline = table.rows[1].cells
    _line(_para(_first(number), before=3), 13, text=symbol_line(doc.symbol))
    _line(
        _para(_first(dateline), before=3),
        14,
        text=date_line(doc.place, doc.date, doc.year),
        italic=True,
    )


def _title(document: DocxDocument, doc: OfficialDocument) -> None:
    _line(
        _para(document.add_paragraph(), before=18, keep_with_next=True),
        14,
        text=doc.doc_type_title.upper(),
        bold=True,
    )
    if doc.subject:
        _line(_para(document.add_paragraph(), keep_with_next=True), 14, text=doc.subject, bold=True)
        _rule(document.add_paragraph(), TEXT_MM / 3, TEXT_MM)  # 1/3 of a full line


def _body_paragraph(document: DocxDocument, text: str, *, bold: bool = False) -> None:
    paragraph = _para(
        document.add_paragraph(),
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        before=6,
        first_line_cm=1.27,
        keep_with_next=bold,
    )
    _line(paragraph, BODY_PT, text=text, bold=bold)


def _body(document: DocxDocument, doc: OfficialDocument) -> None:
    for text in doc.paragraphs:
        _body_paragraph(document, text)
    for section in doc.sections:
        heading = f"{section.numeral}. {section.title}" if section.numeral else section.title
        _body_paragraph(document, heading, bold=True)
        for text in section.paragraphs:
            _body_paragraph(document, text)
        for item in section.items:
            lead = f"{item.number}. " if item.number else ""
            texts = list(item.paragraphs)
            if item.title:
                _body_paragraph(document, f"{lead}{item.title}", bold=True)
            elif lead and texts:
                texts[0] = lead + texts[0]
            for text in texts:
                _body_paragraph(document, text)


def _closing(document: DocxDocument, doc: OfficialDocument) -> None:
    """The "Nơi nhận" list on the left and the signature block on the right."""
    _para(document.add_paragraph(), before=6)
    table = _table(document, CLOSING_COLUMNS_MM)
    left, right = table.rows[0].cells
    label = _para(_first(left), align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(label, 12, "Nơi nhận:", bold=True, italic=True)
    recipients = [r.strip().removeprefix("-").strip() for r in doc.recipients if r.strip()]
    if not recipients or not recipients[-1].startswith("Lưu"):
        recipients.append("Lưu: VT.")
    for recipient in recipients:
        _line(_para(left.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT), 11, text=f"- {recipient}")
    for line in doc.signer_authority.split("\n"):
        _line(_para(_first(right)), 14, text=line.upper(), bold=True)
    for _ in range(4):  # room for the signature and the seal
        _line(_para(right.add_paragraph()), 14)
    _line(_para(right.add_paragraph()), 14, text=doc.signer_name, bold=True)


def render_docx(doc: OfficialDocument) -> bytes:
    """Return the document as DOCX bytes laid out per Decree 30/2020, Appendix I."""
    document = Document()
    _page_setup(document)
    _page_number_header(document)
    _header(document, doc)
    _title(document, doc)
    _body(document, doc)
    _closing(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

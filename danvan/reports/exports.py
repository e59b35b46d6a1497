"""Reports as official documents (Decree 30 DOCX) and as spreadsheets (XLSX, CSV)."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from danvan.core.exports import table_response
from danvan.lib.docformat import (
    FONT,
    TEXT_MM,
    TYPE_TITLES,
    Item,
    OfficialDocument,
    Section,
    parse_symbol,
    render_docx,
)
from danvan.lib.vntext import short_date
from danvan.orgs.models import Unit, UnitKind
from danvan.orgs.selectors import province_committee
from danvan.plans.exports_docx import issuer_names as header_names

from . import selectors
from .models import (
    Aggregation,
    Indicator,
    ReportPeriod,
    ReportStatus,
    UnitReport,
    ValueType,
    format_value,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TABLE_MARKER = "Số liệu các chỉ tiêu chủ yếu như sau:"
_COMMITTEE_KINDS = {UnitKind.PROVINCIAL_COMMITTEE, UnitKind.DISTRICT, UnitKind.COMMUNE}
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_PART_LEADS = (
    ("done", "a) Công việc đã triển khai"),
    ("results", "b) Kết quả đạt được"),
    ("shortcomings", "c) Tồn tại, hạn chế và nguyên nhân"),
    ("proposals", "d) Đề xuất, kiến nghị"),
)
TABLE_COLUMNS_MM = (14, TEXT_MM - 14 - 28 - 30, 28, 30)


def _paragraphs(text: str) -> list[str]:
    parts = _BLANK_LINE.split((text or "").replace("\r\n", "\n"))
    return [part.strip() for part in parts if part.strip()]


def _issuer(period: ReportPeriod) -> Unit | None:
    if period.plan is not None:
        return period.plan.issuer
    return province_committee(on=period.ends_on)


def _body_code(unit: Unit | None) -> str:
    if unit is None:
        return "UBND"
    if unit.kind in _COMMITTEE_KINDS:
        return "UBND"
    short = unit.short_name.strip()
    if short and " " not in short and len(short) <= 12:
        return short
    return unit.code.split("-", 1)[-1]  # "KG-STTTT" gives "STTTT"


def _filename(stem: str, ext: str) -> str:
    return f"{'-'.join(stem.replace('/', ' ').split()) or 'bao-cao'}.{ext}"


# The indicator table, added to the rendered document with python-docx -------------------------


def _cell_text(cell: Any, text: str, *, bold: bool = False, align: Any = None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.alignment = align or WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.space_before = Pt(2)
    paragraph.paragraph_format.space_after = Pt(2)
    run = paragraph.add_run(text)
    run.font.name = FONT
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    run.font.size = Pt(12)
    run.font.bold = bold
    run.font.color.rgb = RGBColor(0, 0, 0)


def _grid(table: Any) -> None:
    """Give a table single black borders (python-docx's default table has none)."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            element.set(qn(f"w:{key}"), value)
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _indicator_table(document: Any, rows: Sequence[tuple[str, str, str, str]]) -> Any:
    """Return a bordered table: STT, indicator, unit of measure, figure."""
    table = document.add_table(rows=1, cols=4)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _grid(table)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for cell, text in zip(
        table.rows[0].cells, ("STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"), strict=True
    ):
        _cell_text(cell, text, bold=True, align=center)
    for number, label, uom, figure in rows:
        cells = table.add_row().cells
        _cell_text(cells[0], number, align=center)
        _cell_text(cells[1], label)
        _cell_text(cells[2], uom, align=center)
        _cell_text(cells[3], figure, align=WD_ALIGN_PARAGRAPH.RIGHT)
    for row in table.rows:
        for cell, width in zip(row.cells, TABLE_COLUMNS_MM, strict=True):
            cell.width = Mm(width)
    for column, width in zip(table.columns, TABLE_COLUMNS_MM, strict=True):
        column.width = Mm(width)
    return table


def _with_table(data: bytes, rows: Sequence[tuple[str, str, str, str]]) -> bytes:
    """Insert the indicator table right after the paragraph that announces it."""
    document = Document(io.BytesIO(data))
    anchor = next((p for p in document.paragraphs if p.text == TABLE_MARKER), None)
    if anchor is None or not rows:
        return data
    table = _indicator_table(document, rows)
    anchor._p.addnext(table._tbl)  # add_table appended it at the end; move it into place
    following = table._tbl.getnext()
    if following is not None and following.tag == qn("w:p") and following.findall(qn("w:r")):
        spacer = copy.deepcopy(anchor._p)  # more body text follows: leave a line after the table
        for run in spacer.findall(qn("w:r")):
            spacer.remove(run)
        table._tbl.addnext(spacer)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _figure_rows(indicators: Sequence[Indicator], figures: dict[str, str]) -> list[Any]:
    return [
        (str(n), i.label, i.unit_of_measure, figures.get(i.code, ""))
        for n, i in enumerate(indicators, start=1)
    ]


# The provincial report ---------------------------------------------------------------------


def provincial_document(period: ReportPeriod) -> tuple[OfficialDocument, list[Any]]:
    """Return the consolidated report as an official document and its indicator table rows."""
    saved = selectors.provincial_report_initial(period)
    issuer = _issuer(period)
    parent, issuing = header_names(issuer) if issuer else (None, "Ủy ban nhân dân tỉnh")
    symbol = parse_symbol(saved.symbol) if saved.symbol else None
    number = symbol.number if symbol else saved.number
    body_code = symbol.body_code if symbol else _body_code(issuer)
    narrative = saved.narrative or {}
    sections = list(period.form.sections.all())
    items = [
        Item(
            number=str(n),
            title=section.title,
            paragraphs=_paragraphs(narrative.get(section.code, "")) or ["(Chưa có nội dung.)"],
        )
        for n, section in enumerate(sections, start=1)
    ]
    totals = selectors.indicator_totals(period, with_units=False)
    figures = {t.indicator.code: t.display for t in totals}
    indicators = [t.indicator for t in totals if t.indicator.aggregation != Aggregation.NONE]
    body = [
        Section(numeral="I", title="KẾT QUẢ THỰC HIỆN", items=items),
        Section(
            numeral="II",
            title="SỐ LIỆU CHỦ YẾU",
            paragraphs=[
                f"Tổng hợp từ {_counted(period)} báo cáo đã được tiếp nhận của các cơ quan, "
                "đơn vị.",
                TABLE_MARKER,
            ],
        ),
    ]
    if narrative.get("_conclusion"):
        body.append(
            Section(
                numeral="III",
                title="ĐỀ XUẤT, KIẾN NGHỊ",
                paragraphs=_paragraphs(narrative["_conclusion"]),
            )
        )
    doc = OfficialDocument(
        parent_body=parent,
        issuing_body=issuing,
        number=number,
        type_code="BC",
        body_code=body_code,
        place=saved.place,
        date=saved.date,
        year=period.year,
        doc_type_title=TYPE_TITLES["BC"],
        subject=saved.subject or selectors.report_subject(period),
        paragraphs=_paragraphs(narrative.get("_intro", "")),
        sections=body,
        recipients=list(saved.recipients or selectors.DEFAULT_RECIPIENTS),
        signer_authority=saved.signer_authority or selectors.DEFAULT_SIGNER,
        signer_name=saved.signer_name,
    )
    return doc, _figure_rows(indicators, figures)


def _counted(period: ReportPeriod) -> int:
    return UnitReport.objects.filter(
        period=period, archived_at__isnull=True, status__in=selectors.COUNTED
    ).count()


def provincial_report_docx(period: ReportPeriod) -> bytes:
    """Return the consolidated report of a period as DOCX bytes (Decree 30 layout)."""
    doc, rows = provincial_document(period)
    return _with_table(render_docx(doc), rows)


def provincial_report_filename(period: ReportPeriod) -> str:
    """Return the download name: "123-BC-UBND.docx", or "bao-cao-tong-hop-2024.docx"."""
    saved = selectors.provincial_report_initial(period)
    return _filename(saved.symbol or f"bao-cao-tong-hop-{period.year}-{period.pk}", "docx")


# A unit report -----------------------------------------------------------------------------


def unit_document(report: UnitReport) -> tuple[OfficialDocument, list[Any]]:
    """Return one unit's report as an official document and its indicator table rows."""
    content = selectors.report_content(report)
    period = report.period
    parent, issuing = header_names(report.unit)
    items = []
    for n, section in enumerate(content.sections, start=1):
        answer = content.answers.get(section.code, {})
        paragraphs = [
            f"{lead}: {text}"
            for part, lead in _PART_LEADS
            for text in [" ".join(_paragraphs(answer.get(part, "")))]
            if text
        ]
        items.append(Item(str(n), section.title, paragraphs or ["(Không có nội dung.)"]))
    figures = {code: v.display() for code, v in content.values.items()}
    stamp = report.submitted_at or timezone.now()
    doc = OfficialDocument(
        parent_body=parent,
        issuing_body=issuing,
        number=None,
        type_code="BC",
        body_code=_body_code(report.unit),
        place=period.plan.place if period.plan is not None else "",
        date=timezone.localtime(stamp).date() if report.submitted_at else None,
        year=period.year,
        doc_type_title=TYPE_TITLES["BC"],
        subject=selectors.report_subject(period),
        paragraphs=[
            f"{report.unit.name} báo cáo {selectors.report_subject(period)[0].lower()}"
            f"{selectors.report_subject(period)[1:]} (số liệu từ ngày "
            f"{short_date(period.starts_on)} đến ngày {short_date(period.ends_on)}) như sau:"
        ],
        sections=[
            Section(numeral="I", title="KẾT QUẢ THỰC HIỆN", items=items),
            Section(numeral="II", title="SỐ LIỆU CHỦ YẾU", paragraphs=[TABLE_MARKER]),
        ],
        recipients=["Sở Nội vụ (để tổng hợp);", "Lưu: VT."],
        signer_authority="THỦ TRƯỞNG ĐƠN VỊ",
        signer_name="",
    )
    return doc, _figure_rows(content.indicators, figures)


def unit_report_docx(report: UnitReport) -> bytes:
    """Return a unit's report as DOCX bytes (Decree 30 layout)."""
    doc, rows = unit_document(report)
    return _with_table(render_docx(doc), rows)


def unit_report_filename(report: UnitReport) -> str:
    """Return the download name: "bao-cao-T-A-2026.docx"."""
    return _filename(f"bao-cao-{report.unit.code}-{report.period.year}", "docx")


# Spreadsheets ------------------------------------------------------------------------------


def _cell_value(value: Any, value_type: str) -> Any:
    """Return a figure as a spreadsheet cell: numbers stay numbers, yes/no become words."""
    if value is None:
        return None
    if value_type == ValueType.BOOLEAN:
        return "Có" if value else "Không"
    if value_type == ValueType.TEXT:
        text = str(value)
        return "'" + text if text[:1] in ("=", "+", "-", "@") else text
    if value_type == ValueType.INTEGER:
        return int(value)
    return float(value)


def _total_cell(indicator: Indicator, value: Any) -> Any:
    if value is None:
        return None
    if indicator.aggregation == Aggregation.COUNT_TRUE:
        return int(value)
    return int(value) if indicator.value_type == ValueType.INTEGER else float(value)


def indicator_table(
    period: ReportPeriod, *, include_submitted: bool = True
) -> tuple[list[str], list[list[Any]], list[Any]]:
    """Return (headers, one row per unit, totals row) of the indicators-by-unit table."""
    indicators, matrix = selectors.indicator_matrix(period, include_submitted=include_submitted)
    headers = ["STT", "Đơn vị", "Trạng thái"] + [
        f"{i.code} {i.label}" + (f" ({i.unit_of_measure})" if i.unit_of_measure else "")
        for i in indicators
    ]
    status = dict(ReportStatus.choices)
    rows = [
        [n, report.unit.name, str(status.get(report.status, report.status))]
        + [_cell_value(figures.get(i.pk), i.value_type) for i in indicators]
        for n, (report, figures) in enumerate(matrix, start=1)
    ]
    totals = {
        t.indicator.pk: t.value
        for t in selectors.indicator_totals(
            period, include_submitted=include_submitted, with_units=False
        )
    }
    total_row = ["", "Tổng hợp", ""] + [_total_cell(i, totals.get(i.pk)) for i in indicators]
    return headers, rows, total_row


def completeness_table(period: ReportPeriod) -> tuple[list[str], list[list[Any]]]:
    """Return (headers, rows) of the submission table: unit, status, time, timeliness."""
    headers = ["STT", "Đơn vị", "Trạng thái", "Gửi lần đầu", "Gửi gần nhất", "Đúng hạn"]
    rows = []
    for n, row in enumerate(selectors.completeness(period), start=1):
        rows.append(
            [
                n,
                row.unit.name,
                row.status_label,
                _local(row.first_submitted_at),
                _local(row.submitted_at),
                row.timeliness_label,
            ]
        )
    return headers, rows


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _sheet(book: Workbook, title: str, headers: Sequence[str], rows: Sequence[Any]) -> Any:
    sheet = book.create_sheet(title)
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "C2" if title == "Chỉ tiêu" else "A2"
    for index, header in enumerate(headers, start=1):
        width = 45 if index == 2 else min(30, max(10, len(str(header)) // 2))
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def indicators_xlsx(period: ReportPeriod, *, include_submitted: bool = True) -> bytes:
    """Return the workbook: "Chỉ tiêu" (units x indicators, totals row) and "Tình hình nộp"."""
    book = Workbook()
    book.remove(book.active)
    headers, rows, total = indicator_table(period, include_submitted=include_submitted)
    sheet = _sheet(book, "Chỉ tiêu", headers, [*rows, total])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    c_headers, c_rows = completeness_table(period)
    _sheet(book, "Tình hình nộp", c_headers, c_rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def indicators_xlsx_response(period: ReportPeriod) -> HttpResponse:
    """Return the workbook as a download."""
    response = HttpResponse(indicators_xlsx(period), content_type=XLSX_TYPE)
    name = f"chi-tieu-{period.kind}-{period.year}-{period.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def indicators_csv(period: ReportPeriod) -> HttpResponse:
    """Return the indicators-by-unit table (with its totals row) as CSV."""
    headers, rows, total = indicator_table(period)
    return table_response(
        headers=headers,
        rows=[*rows, total],
        filename=f"chi-tieu-{period.year}-{period.pk}",
        fmt="csv",
    )


def completeness_csv(period: ReportPeriod) -> HttpResponse:
    """Return the submission table as CSV."""
    headers, rows = completeness_table(period)
    return table_response(
        headers=headers, rows=rows, filename=f"tinh-hinh-nop-{period.year}-{period.pk}", fmt="csv"
    )


def totals_csv(period: ReportPeriod, *, include_submitted: bool = False) -> HttpResponse:
    """Return one row per indicator: code, label, unit of measure, aggregation, total, units."""
    aggregation = dict(Aggregation.choices)
    rows = [
        [
            t.indicator.code,
            t.indicator.label,
            t.indicator.unit_of_measure,
            str(aggregation.get(t.indicator.aggregation, "")),
            t.display,
            t.reporting,
        ]
        for t in selectors.indicator_totals(
            period, include_submitted=include_submitted, with_units=False
        )
    ]
    return table_response(
        headers=["Mã", "Chỉ tiêu", "Đơn vị tính", "Cách tổng hợp", "Tổng hợp", "Số đơn vị"],
        rows=rows,
        filename=f"tong-hop-chi-tieu-{period.year}-{period.pk}",
        fmt="csv",
    )


def comparison_csv(period: ReportPeriod) -> HttpResponse:
    """Return the comparison with the previous period as CSV."""
    result = selectors.compare_previous(period)
    rows = [
        [
            c.indicator.code,
            c.indicator.label,
            c.current_display,
            c.previous_display,
            format_value(c.change, ValueType.DECIMAL) if c.change is not None else "",
            format_value(c.change_percent, ValueType.DECIMAL)
            if c.change_percent is not None
            else "",
        ]
        for c in result.rows
    ]
    previous = result.previous.title if result.previous else "Kỳ trước"
    return table_response(
        headers=["Mã", "Chỉ tiêu", period.title, previous, "Tăng/giảm", "Tăng/giảm (%)"],
        rows=rows,
        filename=f"so-sanh-{period.year}-{period.pk}",
        fmt="csv",
    )


def unit_values_csv(report: UnitReport) -> HttpResponse:
    """Return one unit report's figures as CSV, with where each figure came from."""
    content = selectors.report_content(report)
    rows = []
    for indicator in content.indicators:
        value = content.values.get(indicator.code)
        rows.append(
            [
                indicator.code,
                indicator.label,
                indicator.unit_of_measure,
                value.display() if value else "",
                value.get_source_display() if value else "",
                value.source_detail if value else "",
            ]
        )
    return table_response(
        headers=["Mã", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Nguồn", "Chi tiết nguồn"],
        rows=rows,
        filename=f"so-lieu-{report.unit.code}-{report.period.year}",
        fmt="csv",
    )

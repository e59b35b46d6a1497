"""Reports read back from their files: Decree 30 DOCX, XLSX with totals, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook

from danvan.reports import exports, services

from .conftest import submitted

D = dt.date


def texts(document):
    """Every paragraph's text: body, then table cells."""
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found.extend(p.text for p in cell.paragraphs)
    return found


def fonts(document):
    names = set()
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            names.add(run.font.name)
            r_fonts = run._r.rPr.find(qn("w:rFonts"))
            names.add(r_fonts.get(qn("w:eastAsia")))
    return names - {None}


@pytest.fixture
def consolidated(world, period, freeze):
    freeze(D(2026, 12, 8))
    a = submitted(world, period, "a", TT02=1450, KP01="12,5")
    services.report_accept(report=a, by=world.coordinator)
    b = submitted(world, period, "b", TT02=550, KP01=3)
    services.provincial_report_save(
        period=period,
        expected_version=None,
        symbol="123/BC-UBND",
        date=D(2026, 12, 5),
        narrative={"3": "Toàn tỉnh có 6 mô hình “Dân vận khéo” được đăng ký.", "_intro": "Mở đầu."},
        signer_authority="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        signer_name="Nguyễn Văn An",
        by=world.coordinator,
    )
    return a, b


def test_provincial_docx_has_the_decree_30_header_date_line_and_layout(world, period, consolidated):
    document = Document(io.BytesIO(exports.provincial_report_docx(period)))
    header = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert header[0][0].startswith("ỦY BAN NHÂN DÂN\nTỈNH THỬ NGHIỆM")
    assert header[0][1].startswith(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    )
    assert header[1] == ["Số: 123/BC-UBND", "Thử Nghiệm, ngày 05 tháng 12 năm 2026"]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.left_margin >= Mm(30) and section.right_margin >= Mm(15)
    assert section.top_margin >= Mm(20) and section.bottom_margin >= Mm(20)
    assert fonts(document) == {"Times New Roman"}
    found = texts(document)
    assert found[found.index("BÁO CÁO") + 1] == (
        "Kết quả thực hiện công tác dân vận chính quyền năm 2026"
    )
    assert "Toàn tỉnh có 6 mô hình “Dân vận khéo” được đăng ký." in found
    assert "Nơi nhận:" in found and "Nguyễn Văn An" in found and "PHÓ CHỦ TỊCH" in found


def test_provincial_docx_table_holds_the_accepted_totals(world, period, consolidated):
    document = Document(io.BytesIO(exports.provincial_report_docx(period)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    rows = {r.cells[1].text: r.cells[3].text for r in table.rows[1:]}
    # Only unit A's report is accepted: B's submitted figures are not in the official text.
    assert rows["Số lượt người tham dự tuyên truyền, phổ biến"] == "1.450"
    assert rows["Kinh phí bố trí cho công tác dân vận chính quyền"] == "12,5"
    assert "Ý kiến khác" not in rows
    cell_runs = [run for cell in table.rows[1].cells for p in cell.paragraphs for run in p.runs]
    assert {run.font.name for run in cell_runs} == {"Times New Roman"}


def test_unit_docx_is_issued_by_the_unit_on_its_submission_date(world, period, consolidated):
    a, _b = consolidated
    document = Document(io.BytesIO(exports.unit_report_docx(a)))
    header = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert header[0][0].split("\n")[:2] == ["UBND TỈNH THỬ NGHIỆM", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"]
    assert header[1] == ["Số:       /BC-A", "Thử Nghiệm, ngày 08 tháng 12 năm 2026"]
    found = texts(document)
    assert "b) Kết quả đạt được: Đăng ký 3 mô hình “Dân vận khéo”." in found
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    figures = {r.cells[1].text: r.cells[3].text for r in table.rows[1:]}
    assert figures["Đơn vị có ban hành kế hoạch triển khai thực hiện"] == "Không"
    assert fonts(document) == {"Times New Roman"}
    assert exports.unit_report_filename(a) == "bao-cao-T-A-2026.docx"


def test_xlsx_totals_equal_the_sum_of_submitted_figures(world, period, consolidated):
    book = load_workbook(io.BytesIO(exports.indicators_xlsx(period)))
    assert book.sheetnames == ["Chỉ tiêu", "Tình hình nộp"]
    sheet = book["Chỉ tiêu"]
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[0]
    column = next(i for i, h in enumerate(headers) if str(h).startswith("TT02 "))
    money = next(i for i, h in enumerate(headers) if str(h).startswith("KP01 "))
    units, total = rows[1:-1], rows[-1]
    assert [r[1] for r in units] == ["Sở Thông tin và Truyền thông", "Sở Tư pháp"]
    assert [r[2] for r in units] == ["Đã tiếp nhận", "Đã gửi"]
    assert total[1] == "Tổng hợp"
    assert total[column] == sum(r[column] for r in units) == 2000
    assert total[money] == pytest.approx(15.5)
    status = list(book["Tình hình nộp"].iter_rows(values_only=True))
    assert status[0][:3] == ("STT", "Đơn vị", "Trạng thái")
    assert {r[5] for r in status[1:]} == {"Đúng hạn"}


def test_csv_exports_start_with_a_bom_and_keep_the_totals_row(world, period, consolidated):
    response = exports.indicators_csv(period)
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[-1][1] == "Tổng hợp"
    totals = list(csv.reader(io.StringIO(exports.totals_csv(period).content.decode()[1:])))
    assert totals[5][:2] == ["TT02", "Số lượt người tham dự tuyên truyền, phổ biến"]
    for response in (
        exports.completeness_csv(period),
        exports.comparison_csv(period),
        exports.unit_values_csv(consolidated[0]),
    ):
        assert response["Content-Type"].startswith("text/csv")


def test_a_unit_figure_that_looks_like_a_formula_is_defused_in_the_spreadsheet(world, period):
    submitted(world, period, "a", GC01="=HYPERLINK(1)")
    sheet = load_workbook(io.BytesIO(exports.indicators_xlsx(period)))["Chỉ tiêu"]
    assert "'=HYPERLINK(1)" in [c for row in sheet.iter_rows(values_only=True) for c in row]

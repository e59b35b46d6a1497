import dataclasses
import datetime as dt
import io
import unicodedata

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from danvan.lib.docformat import (
    FONT,
    Item,
    OfficialDocument,
    Section,
    Symbol,
    date_line,
    parse_symbol,
    render_docx,
    symbol_line,
)


def official(**changes):
    document = OfficialDocument(
        parent_body=None,
        issuing_body="Ủy ban nhân dân\ntỉnh Kiên Giang",
        number=63,
        type_code="KH",
        body_code="UBND",
        place="Kiên Giang",
        date=dt.date(2024, 3, 6),
        doc_type_title="Kế hoạch",
        subject="Thực hiện Chỉ thị số 33/CT-TTg năm 2024",
        paragraphs=["Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:"],
        sections=[
            Section(
                numeral="I",
                title="MỤC ĐÍCH, YÊU CẦU",
                items=[
                    Item("1", "Mục đích", ["Nâng cao nhận thức.", "Xác định vai trò."]),
                    Item("2", "", ["Triển khai nghiêm túc."]),
                ],
            ),
            Section(numeral="II", title="NHIỆM VỤ, GIẢI PHÁP", paragraphs=["Tiếp tục./."]),
        ],
        recipients=["Bộ Nội vụ;", "Thường trực Tỉnh ủy;", "Lưu: VT, P.KGVX."],
        signer_authority="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        signer_name="Lê Quốc Anh",
    )
    return dataclasses.replace(document, **changes)


def read(doc):
    return Document(io.BytesIO(render_docx(doc)))


def all_paragraphs(document):
    """Every paragraph: body, table cells and page headers, in document order per part."""
    found = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found.extend(cell.paragraphs)
    section = document.sections[0]
    found.extend(section.header.paragraphs)
    found.extend(section.first_page_header.paragraphs)
    return found


def header_cells(document):
    table = document.tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


def paragraph_with(document, text):
    return next(p for p in all_paragraphs(document) if p.text == text)


def test_page_is_a4_portrait_with_the_decree_margins():
    section = read(official()).sections[0]
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297
    assert section.page_width < section.page_height
    assert round(section.top_margin.mm) == 20
    assert round(section.bottom_margin.mm) == 20
    assert round(section.left_margin.mm) == 30
    assert round(section.right_margin.mm) == 15
    assert 20 <= section.top_margin.mm <= 25 and 15 <= section.right_margin.mm <= 20


def test_every_run_is_black_times_new_roman_for_every_script():
    document = read(official())
    runs = [run for p in all_paragraphs(document) for run in p.runs]
    assert len(runs) > 30
    for run in runs:
        assert run.font.name == FONT
        fonts = run._r.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == FONT
        assert fonts.get(qn("w:cs")) == FONT
        assert str(run.font.color.rgb) == "000000"
    normal = document.styles["Normal"]
    assert normal.font.name == FONT


def test_header_has_issuing_body_and_number_left_and_national_name_motto_and_date_right():
    rows = header_cells(read(official()))
    left, right = rows[0]
    assert left.split("\n") == ["ỦY BAN NHÂN DÂN", "TỈNH KIÊN GIANG", ""]
    assert right.split("\n") == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
    ]
    assert rows[1] == ["Số: 63/KH-UBND", "Kiên Giang, ngày 06 tháng 3 năm 2024"]


def test_parent_body_comes_first_and_is_not_bold():
    document = read(official(parent_body="UBND tỉnh Kiên Giang", issuing_body="Sở Nội vụ"))
    left = document.tables[0].rows[0].cells[0].paragraphs
    assert [p.text for p in left[:2]] == ["UBND TỈNH KIÊN GIANG", "SỞ NỘI VỤ"]
    assert not any(run.font.bold for run in left[0].runs)
    assert all(run.font.bold for run in left[1].runs)


def test_header_sizes_and_weights_follow_the_decree():
    document = read(official())
    left = document.tables[0].rows[0].cells[0].paragraphs
    right = document.tables[0].rows[0].cells[1].paragraphs
    national, motto = right[0].runs[0], right[1].runs[0]
    assert national.font.bold and 12 <= national.font.size.pt <= 13
    assert motto.font.bold and 13 <= motto.font.size.pt <= 14
    issuing = left[0].runs
    assert all(r.font.bold and 12 <= r.font.size.pt <= 13 for r in issuing)
    number = document.tables[0].rows[1].cells[0].paragraphs[0].runs[0]
    assert number.font.size.pt == 13 and not number.font.bold


def test_issuing_body_and_motto_have_a_short_solid_line_under_them():
    document = read(official())
    for cell, text_width in zip(document.tables[0].rows[0].cells, (64, 101), strict=True):
        rule = cell.paragraphs[-1]
        assert rule.text == ""
        bottom = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
        assert bottom.get(qn("w:val")) == "single"
        width = text_width - rule.paragraph_format.left_indent.mm * 2
        assert 0 < width < text_width


def test_date_line_is_italic():
    document = read(official())
    line = paragraph_with(document, "Kiên Giang, ngày 06 tháng 3 năm 2024")
    assert line.runs and all(run.font.italic for run in line.runs)
    assert 13 <= line.runs[0].font.size.pt <= 14


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 3, 6), "Kiên Giang, ngày 06 tháng 3 năm 2024"),
        (dt.date(2024, 2, 15), "Kiên Giang, ngày 15 tháng 02 năm 2024"),
        (dt.date(2025, 1, 5), "Kiên Giang, ngày 05 tháng 01 năm 2025"),
        (dt.date(2024, 12, 25), "Kiên Giang, ngày 25 tháng 12 năm 2024"),
    ],
)
def test_date_line_pads_days_below_ten_and_months_one_and_two(day, expected):
    assert header_cells(read(official(date=day)))[1][1] == expected


def test_a_draft_leaves_blanks_for_number_day_and_month():
    rows = header_cells(read(official(number=None, date=None, year=2026)))
    assert rows[1][0] == "Số:       /KH-UBND"
    assert rows[1][1] == "Kiên Giang, ngày     tháng     năm 2026"
    assert date_line("", None) == "ngày     tháng     năm 20..."


def test_letters_have_no_type_code_and_party_symbols_use_hyphens():
    assert symbol_line(Symbol(1657, "", "UBND-KGVX")) == "Số: 1657/UBND-KGVX"
    assert symbol_line(Symbol(25, "NQ", "TW", party=True)) == "Số 25-NQ/TW"
    assert symbol_line(Symbol(None, "KH", "")) == "Số:       /KH"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("63/KH-UBND", Symbol(63, "KH", "UBND")),
        (" 12 / BC-SNV ", Symbol(12, "BC", "SNV")),
        ("357/QĐ-UBND", Symbol(357, "QĐ", "UBND")),
        ("1657/UBND-KGVX", Symbol(1657, "", "UBND-KGVX")),
        ("/KH-UBND", Symbol(None, "KH", "UBND")),
        ("25-NQ/TW", Symbol(25, "NQ", "TW", party=True)),
        ("13-CTr/TU", Symbol(13, "CTr", "TU", party=True)),
        ("Kế hoạch năm", None),
    ],
)
def test_parse_symbol(text, expected):
    assert parse_symbol(text) == expected


def test_parse_symbol_accepts_decomposed_input():
    assert parse_symbol(unicodedata.normalize("NFD", "357/QĐ-UBND")) == Symbol(357, "QĐ", "UBND")


def test_title_and_subject_are_bold_and_centred():
    document = read(official())
    title = paragraph_with(document, "KẾ HOẠCH")
    subject = paragraph_with(document, "Thực hiện Chỉ thị số 33/CT-TTg năm 2024")
    for paragraph in (title, subject):
        assert paragraph.alignment == 1  # centre
        assert all(run.font.bold and run.font.size.pt == 14 for run in paragraph.runs)


def test_body_is_justified_with_a_first_line_indent_and_6pt_spacing():
    document = read(official())
    body = paragraph_with(document, "Nâng cao nhận thức.")
    assert body.alignment == 3  # justify
    assert 1.0 <= body.paragraph_format.first_line_indent.cm <= 1.27
    assert body.paragraph_format.space_before.pt == 6
    assert 13 <= body.runs[0].font.size.pt <= 14 and not body.runs[0].font.bold


def test_outline_headings_are_bold_and_untitled_items_lead_with_their_number():
    texts = [p.text for p in read(official()).paragraphs]
    start = texts.index("I. MỤC ĐÍCH, YÊU CẦU")
    assert texts[start : start + 7] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "Nâng cao nhận thức.",
        "Xác định vai trò.",
        "2. Triển khai nghiêm túc.",
        "II. NHIỆM VỤ, GIẢI PHÁP",
        "Tiếp tục./.",
    ]
    document = read(official())
    assert all(r.font.bold for r in paragraph_with(document, "I. MỤC ĐÍCH, YÊU CẦU").runs)
    assert all(r.font.bold for r in paragraph_with(document, "1. Mục đích").runs)


def test_recipients_and_signature_close_the_document():
    document = read(official())
    left, right = document.tables[-1].rows[0].cells
    label = left.paragraphs[0]
    assert label.text == "Nơi nhận:"
    assert label.runs[0].font.bold and label.runs[0].font.italic
    assert label.runs[0].font.size.pt == 12
    items = [p.text for p in left.paragraphs[1:]]
    assert items == ["- Bộ Nội vụ;", "- Thường trực Tỉnh ủy;", "- Lưu: VT, P.KGVX."]
    assert all(p.runs[0].font.size.pt == 11 for p in left.paragraphs[1:])
    lines = [p.text for p in right.paragraphs]
    assert lines[:2] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert lines[-1] == "Lê Quốc Anh"
    assert all(p.runs[0].font.bold for p in right.paragraphs if p.text)


def test_a_missing_archive_line_is_added():
    document = read(official(recipients=["- Như trên;"]))
    items = [p.text for p in document.tables[-1].rows[0].cells[0].paragraphs[1:]]
    assert items == ["- Như trên;", "- Lưu: VT."]


def test_page_numbers_are_centred_in_the_header_from_page_two():
    section = read(official()).sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header.paragraphs[0]
    assert header.alignment == 1
    assert "PAGE" in "".join(t.text for t in header._p.iter(qn("w:instrText")))


def test_header_and_outline_tables_are_borderless():
    document = read(official())
    for table in document.tables:
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_all_text_is_nfc_even_from_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Thực hiện Chỉ thị số 33/CT-TTg năm 2024")
    document = read(official(subject=decomposed, place=unicodedata.normalize("NFD", "Rạch Giá")))
    texts = [p.text for p in all_paragraphs(document)]
    assert "Thực hiện Chỉ thị số 33/CT-TTg năm 2024" in texts
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)


def test_text_width_leaves_the_header_table_inside_the_margins():
    document = read(official())
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        assert sum(c.width for c in table.rows[0].cells) == pytest.approx(text_width, abs=Mm(1))

"""The plan parser on the Kiên Giang sample after `danvan.lib.vnrepair` restored it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from danvan.lib.planparse import parse_plan
from danvan.lib.vnrepair import repair

DATA = Path(__file__).resolve().parents[3] / "danvan" / "imports" / "tests" / "data"
ALIASES = [
    ("Sở Nội vụ", "unit:1", "Sở Nội vụ tỉnh Kiên Giang"),
    ("Các sở, ban, ngành", "group:1", "Các sở, ban, ngành"),
]


@pytest.fixture(scope="module")
def restored():
    text = (DATA / "kien-giang-63-KH-UBND-2024.ocr.txt").read_text(encoding="utf-8")
    return parse_plan(repair(text).text, aliases=ALIASES)


def test_header_and_outline_of_the_restored_sample(restored):
    header = restored.header
    assert (header.full_ref, header.place, header.date, header.type) == (
        "63/KH-UBND",
        "Kiên Giang",
        dt.date(2024, 3, 6),
        "Kế hoạch",
    )
    assert "của Thủ tướng Chính phủ về" in header.title
    assert header.title.endswith("trên địa bàn tỉnh Kiên Giang năm 2024")
    assert [s.numeral for s in restored.sections] == ["I", "II", "III"]
    titles = [i.title for i in restored.sections[1].items]
    assert len(titles) == 7
    assert titles[3] == "Công tác cải cách hành chính"


def test_actors_written_right_keep_their_spelling_and_junk_gets_the_known_one(restored):
    found = {(a.name, a.role, a.unit) for a in restored.actors}
    # Written "Sở& Nội vụ" in the restored text: the OCR "&" is not part of the name.
    assert ("Sở Nội vụ", "guide_monitor", "Sở Nội vụ tỉnh Kiên Giang") in found
    assert ("Sở Nội vụ", "consolidate_report", "Sở Nội vụ tỉnh Kiên Giang") in found
    assert ("Các sở, ban, ngành", "lead", "Các sở, ban, ngành") in found
    names = {a.name for a in restored.actors}
    # "Các" is ignored when matching but stays part of the name; names start with a capital.
    assert "Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh" in names
    assert "Ủy ban nhân dân các huyện, thành phố" in names


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Sở Nội vụ", "Sở Nội vụ"),
        ("Sở& Nội vụ", "Sở Nội vụ"),
        ("Sơ Nôi vu", "Sở Nội vụ"),
        ("các Sở Nội vụ", "Các Sở Nội vụ"),
    ],
)
def test_an_actor_name_is_kept_only_when_spelt_right(written, expected):
    text = (
        "KẾ HOẠCH\nThực hiện công tác dân vận\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\nNâng cao.\n\n"
        "II. NHIỆM VỤ, GIẢI PHÁP\n\n1. Tuyên truyền\n\nTuyên truyền.\n\nIII. TỔ CHỨC THỰC HIỆN\n\n"
        f"1. {written} tham mưu Ủy ban nhân dân tỉnh theo dõi, kiểm tra việc thực hiện.\n"
    )
    parsed = parse_plan(text, aliases=ALIASES)
    assert {a.name for a in parsed.actors} == {expected}


def test_citation_subjects_read_as_vietnamese_and_stop_before_the_main_clause(restored):
    refs = {c.full_ref: c for c in restored.citations}
    directive = refs["33/CT-TTg"]
    assert (directive.type, directive.date, directive.issuer) == (
        "Chỉ thị",
        dt.date(2021, 11, 26),
        "Thủ tướng Chính phủ",
    )
    # From the preamble "..., Ủy ban nhân dân tỉnh ban hành Kế hoạch ... như sau:".
    assert directive.subject == (
        "tiếp tục tăng cường và đổi mới công tác dân vận của cơ quan hành chính nhà nước, "
        "chính quyền các cấp trong tình hình mới"
    )
    assert refs["14/CT-TTg"].subject == (
        "chấn chỉnh và nâng cao hiệu quả công tác tiếp công dân, giải quyết khiếu nại, tố cáo"
    )
    assert refs["319/QĐ-BNV"].subject.startswith("ban hành Kế hoạch triển khai thực hiện")


def test_a_misread_type_word_does_not_retype_a_letter(restored):
    letter = {c.full_ref: c for c in restored.citations}["2160/UBND-NC"]
    # Restored as "Công viện số 2160/UBND-NC" (for "Công vin", i.e. Công văn).
    assert letter.type == "Công văn"
    assert letter.flags == [
        "2160/UBND-NC: ký hiệu không có mã loại văn bản nhưng được dẫn là “Công điện”, "
        "đã ghi là Công văn"
    ]

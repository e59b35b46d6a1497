"""The plan parser on the damaged Kiên Giang sample and on plans written in correct Vietnamese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.lib.planparse import parse_plan
from danvan.lib.planparse.symbols import canonical_code, find_symbols

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "danvan" / "imports" / "tests" / "data"


def _sample_text() -> str:
    # A copy of ../shared/samples/kien-giang-63-KH-UBND-2024.ocr.txt, kept with the tests.
    return (DATA / "kien-giang-63-KH-UBND-2024.ocr.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample():
    return parse_plan(
        _sample_text(),
        aliases=[
            ("Sở Nội vụ", "unit:1", "Sở Nội vụ tỉnh Kiên Giang"),
            ("Các sở, ban, ngành", "group:1", "Các sở, ban, ngành"),
            ("UBND các huyện, thành phố", "group:2", "Ủy ban nhân dân các huyện, thành phố"),
        ],
    )


def _by_ref(parsed):
    return {c.full_ref: c for c in parsed.citations}


# The damaged sample ------------------------------------------------------------------------


def test_sample_header_gives_number_place_date_type_and_issuer(sample):
    header = sample.header
    assert header.full_ref == "63/KH-UBND"
    assert (header.number, header.symbol) == ("63", "KH-UBND")
    assert header.place == "Kiên Giang"
    assert header.date == dt.date(2024, 3, 6)
    assert header.type == "Kế hoạch"
    assert header.issuer == "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG"
    assert "33/CT- -TTg" in header.title and header.title.endswith("nam 2024")


def test_sample_has_sections_one_to_three_with_seven_task_groups(sample):
    assert [(s.numeral, s.title) for s in sample.sections] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"),
        ("II", "NHIỆM VỤ, GIẢI PHÁP"),
        ("III", "TỔ CHỨC THỰC HIỆN"),
    ]
    tasks_section = sample.sections[1]
    assert tasks_section.kind == "tasks"
    assert [i.number for i in tasks_section.items] == ["1", "2", "3", "4", "5", "6", "7"]
    assert tasks_section.items[3].title == "Cong tac cai cach hanh chinh"
    assert {t.item for t in sample.tasks} == {"1", "2", "3", "4", "5", "6", "7"}
    assert all(t.code.startswith("II.") for t in sample.tasks)
    # The page break inside item II.1 does not cut its paragraph in two.
    assert len([t for t in sample.tasks if t.item == "1"]) == 1
    # Web addresses pasted into the scan are not tasks.
    assert not any("https://" in t.description for t in sample.tasks)


def test_sample_actors_of_section_three_have_roles_and_units(sample):
    found = {(a.name, a.role, a.unit) for a in sample.actors}
    assert ("Sở Nội vụ", "guide_monitor", "Sở Nội vụ tỉnh Kiên Giang") in found
    assert ("Sở Nội vụ", "consolidate_report", "Sở Nội vụ tỉnh Kiên Giang") in found
    assert ("Các sở, ban, ngành", "lead", "Các sở, ban, ngành") in found
    assert (
        "UBND các huyện, thành phố",
        "lead",
        "Ủy ban nhân dân các huyện, thành phố",
    ) in found
    # Not in the alias table: listed without a unit, never dropped.
    unmatched = {a.name for a in sample.actors if a.unit is None}
    assert "Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh" in unmatched
    assert "Các đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân tỉnh" in unmatched


def test_sample_citations_have_types_dates_and_issuers(sample):
    refs = _by_ref(sample)
    expected = {
        "33/CT-TTg": ("Chỉ thị", dt.date(2021, 11, 26), "Thủ tướng Chính phủ"),
        "76/NQ-CP": ("Nghị quyết", dt.date(2021, 7, 15), "Chính phủ"),
        "1657/UBND-KGVX": ("Công văn", dt.date(2023, 9, 5), "Ủy ban nhân dân tỉnh"),
        "25-NQ/TW": ("Nghị quyết", dt.date(2013, 6, 3), "Ban Chấp hành Trung ương Đảng khóa XI"),
        "114-KL/TW": ("Kết luận", dt.date(2015, 7, 14), "Ban Bí thư"),
        "357-QĐ/TU": ("Quyết định", dt.date(2021, 11, 11), "Tỉnh ủy"),
        "13-CTr/TU": ("Chương trình hành động", dt.date(2021, 8, 3), "Tỉnh ủy"),
        "70-CV/TU": ("Công văn", dt.date(2021, 2, 2), "Ban Thường vụ Tỉnh ủy"),
        "35-CT/TW": ("Chỉ thị", dt.date(2014, 5, 26), "Bộ Chính trị"),
    }
    for ref, (kind, date, issuer) in expected.items():
        citation = refs[ref]
        assert (citation.type, citation.date, citation.issuer) == (kind, date, issuer), ref
    assert refs["25-NQ/TW"].family == "party" and refs["33/CT-TTg"].family == "state"
    assert refs["114-KL/TW"].subject.startswith("ning cao hiéu qua")


def test_sample_laws_cited_by_name_and_year(sample):
    refs = _by_ref(sample)
    law = refs["Luật Tiếp công dân năm 2013"]
    assert (law.type, law.issuer, law.number, law.symbol) == ("Luật", "Quốc hội", "42/2013", "QH13")
    # "Luat T cdo ndm 2018": damaged words around the citation.
    assert refs["Luật Tố cáo năm 2018"].date == dt.date(2018, 6, 12)
    assert "Luật Tiếp cận thông tin năm 2016" in refs
    assert "Luật Khiếu nại năm 2011" in refs


def test_sample_own_number_is_not_a_citation_and_mentions_are_merged(sample):
    refs = _by_ref(sample)
    assert "63/KH-UBND" not in refs
    assert len(refs["33/CT-TTg"].mentions) == 3  # preamble and section III twice (title excluded)
    assert len(refs["13-CTr/TU"].mentions) == 3
    assert {(m.section, m.item) for m in refs["33/CT-TTg"].mentions} == {
        (None, None),
        ("III", "2"),
        ("III", "3"),
    }
    assert len(sample.citations) == len({c.key for c in sample.citations})


def test_sample_typos_in_symbols_are_corrected_and_flagged(sample):
    refs = _by_ref(sample)
    decision = refs["1847/QĐ-TTg"]
    assert len(decision.mentions) == 3  # "QD-TTg", "QD -TTg" and the typo "QDP-TTg"
    assert any("QDP" in f for f in decision.flags)
    assert any("Qb" in f for f in refs["319/QĐ-BNV"].flags)
    assert any("Qbi" in f for f in refs["11-QĐi/TW"].flags)
    assert refs["11-QĐi/TW"].type == "Quy định"
    # Spacing and missing strokes are not typos.
    assert refs["33/CT-TTg"].flags == [] and refs["357-QĐ/TU"].flags == []


# Plans written in correct Vietnamese -------------------------------------------------------


def test_department_plan_with_parent_body_sub_items_and_broken_citation():
    parsed = parse_plan((DATA / "an-giang-15-KH-SNV-2025.txt").read_text(encoding="utf-8"))
    header = parsed.header
    assert (header.issuer_parent, header.issuer) == ("ỦY BAN NHÂN DÂN TỈNH AN GIANG", "SỞ NỘI VỤ")
    assert (header.full_ref, header.place, header.date) == (
        "15/KH-SNV",
        "An Giang",
        dt.date(2025, 1, 20),
    )
    assert header.title == "Thực hiện công tác dân vận chính quyền năm 2025 của Sở Nội vụ"
    assert header.preamble.startswith("Căn cứ Nghị định số 13/2023/NĐ-CP")
    assert [t.code for t in parsed.tasks] == ["II.1.1", "II.1.2", "II.2.1", "II.2.2", "II.3.1"]
    assert parsed.tasks[0].title.startswith("Tuyên truyền Luật Thực hiện dân chủ")
    assert "1847/QĐ-TTg ngày 27/12/2018" in parsed.tasks[3].title
    refs = _by_ref(parsed)
    assert refs["1847/QĐ-TTg"].date == dt.date(2018, 12, 27)  # broken across two lines
    assert refs["13/2023/NĐ-CP"].type == "Nghị định"
    assert refs["13/2023/NĐ-CP"].subject == "bảo vệ dữ liệu cá nhân"
    assert refs["05/2021/TT-TTCP"].issuer == "Thanh tra Chính phủ"
    assert len(refs["25-NQ/TW"].mentions) == 2
    assert refs["Luật Thực hiện dân chủ ở cơ sở năm 2022"].number == "10/2022"
    assert "15/KH-SNV" not in refs
    roles = {(a.name, a.role) for a in parsed.actors}
    assert ("Văn phòng Sở", "lead") in roles
    assert ("Thanh tra Sở", "coordinate") in roles
    assert ("Thanh tra Sở", "guide_monitor") in roles
    assert ("Thanh tra Sở", "consolidate_report") in roles
    assert ("Các phòng chuyên môn thuộc Sở", "lead") in roles


def test_party_plan_without_colon_after_number():
    parsed = parse_plan((DATA / "tinh-uy-12-KH-TU-2025.txt").read_text(encoding="utf-8"))
    header = parsed.header
    assert (header.issuer_parent, header.issuer) == ("ĐẢNG BỘ TỈNH KIÊN GIANG", "BAN THƯỜNG VỤ")
    assert (header.full_ref, header.symbol, header.date) == (
        "12-KH/TU",
        "KH/TU",
        dt.date(2025, 2, 15),
    )
    assert [s.numeral for s in parsed.sections] == ["I", "II", "III"]
    refs = _by_ref(parsed)
    assert set(refs) == {"114-KL/TW", "357-QĐ/TU", "70-CV/TU"}
    assert refs["357-QĐ/TU"].issuer == "Tỉnh ủy"
    roles = {(a.name, a.role) for a in parsed.actors}
    assert ("Ban Dân vận Tỉnh ủy", "lead") in roles
    assert ("Sở Nội vụ", "coordinate") in roles
    assert ("Ủy ban nhân dân các huyện, thành phố", "lead") in roles


def test_decomposed_unicode_gives_the_same_result():
    import unicodedata

    text = (DATA / "an-giang-15-KH-SNV-2025.txt").read_text(encoding="utf-8")
    nfc = parse_plan(text).as_json()
    nfd = parse_plan(unicodedata.normalize("NFD", text)).as_json()
    assert nfd == nfc


def test_contract_has_the_documented_keys_and_nulls():
    data = parse_plan("Không có cấu trúc nào ở đây cả, chỉ là một dòng chữ.").as_json()
    assert set(data) >= {"header", "sections", "citations", "actors", "restored_text"}
    assert set(data["header"]) >= {"issuer", "number", "symbol", "place", "date", "type", "title"}
    assert data["header"]["date"] is None and data["header"]["number"] is None
    assert data["sections"] == [] and data["citations"] == []


@pytest.mark.parametrize(
    ("written", "family", "expected"),
    [
        ("QD", "state", ("QĐ", False)),
        ("Qb", "state", ("QĐ", True)),
        ("QDP", "state", ("QĐ", True)),
        ("Qbi", "party", ("QĐi", True)),
        ("CTr", "party", ("CTr", False)),
        ("UBND", "state", (None, False)),
    ],
)
def test_type_codes_are_read_through_ocr_noise(written, family, expected):
    assert canonical_code(written, family) == expected


def test_symbols_in_web_addresses_are_ignored():
    text = "Xem https://example.vn/van-ban/33/CT-TTg-2021 và Chỉ thị số 26/CT-TTg."
    assert [s.full_ref for s in find_symbols(text)] == ["26/CT-TTg"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_parser_never_fails_on_any_text(text):
    data = parse_plan(text).as_json()
    assert isinstance(data["citations"], list)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_parser_never_fails_on_cut_or_spliced_sample(data):
    text = _sample_text()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    noise = data.draw(st.text(max_size=40))
    parse_plan(text[:start] + noise + text[end:])

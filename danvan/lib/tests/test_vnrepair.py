"""Tests of the Vietnamese diacritic and OCR repair library (danvan.lib.vnrepair)."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.lib.vnrepair import RepairResult, Token, damage_ratio, repair
from danvan.lib.vnrepair.evaluate import (
    clean_set,
    ocr_set,
    strip_accents,
    syllable_score,
    words,
)
from danvan.lib.vnrepair.syllable import canonical, fold, normalize_tone_placement
from danvan.lib.vnrepair.tokens import pieces

ISSUE_OCR = (
    "Thyc hién Chi thi s6 33/CT-TTg ngay 26/11/2021 cta Thu tuéng Chinh phu vé tiép tuc "
    "ting cuong va d6i moi cong tac dan van"
)
CLEAN = (
    "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về tiếp tục "
    "tăng cường và đổi mới công tác dân vận của cơ quan hành chính nhà nước."
)


def _restored(result: RepairResult) -> dict[str, str]:
    return {t.original: t.restored for t in result.tokens}


def test_issue_example_is_restored() -> None:
    result = repair(ISSUE_OCR)
    assert result.text == (
        "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về tiếp tục "
        "tăng cường và đổi mới công tác dân vận"
    )
    assert result.mode == "ocr"


def test_issue_words_in_context() -> None:
    got = _restored(repair("Nghị quyết s6 25-NQ/TW cia Ban Chấp hành Trung ương Pang khóa XI"))
    assert got["s6"] == "số"
    assert got["Pang"] == "Đảng"
    assert got["cia"] == "của"
    got = _restored(repair("Kế hoạch thực hiện nim 2024 cta Ủy ban nhân dân tỉnh; Sé: 63/KH-UBND"))
    assert got["nim"] == "năm"
    assert got["cta"] == "của"
    assert got["Sé"] == "Số"
    assert repair("S6: 63 /KH-UBND Kién Giang").text == "Số: 63 /KH-UBND Kiên Giang"


def test_accent_stripped_sentence() -> None:
    result = repair(strip_accents(CLEAN))
    assert syllable_score(CLEAN, result.text).accuracy >= 0.95
    assert result.mode == "stripped"


def test_correct_text_is_left_alone_with_high_confidence() -> None:
    for text in [CLEAN, "Ủy ban nhân dân tỉnh Kiên Giang ban hành Kế hoạch số 63/KH-UBND."]:
        result = repair(text)
        assert result.text == text
        assert all(t.restored == t.original for t in result.tokens)
        assert min(t.confidence for t in result.tokens) >= 0.99


def test_other_tone_placement_is_kept() -> None:
    text = "Văn hoá, thể thao và du lịch; hòa giải ở cơ sở."
    assert repair(text).text == text


def test_symbols_numbers_dates_urls_case_punctuation_lines_kept() -> None:
    text = (
        "I. MUC DICH, YEU CAU\n\n"
        "1. Thuc hien Chi thi so 33/CT-TTg, Ke hoach 63/KH-UBND va Nghi quyet 25-NQ/TW\n"
        "ngay 06/3/2024 (xem https://vanban.chinhphu.vn/?id=123 hoac lienhe@kiengiang.gov.vn);\n"
        "a) giai doan 2020-2025: 95,5% ho so;   b) COVID-19, F0.\n"
    )
    result = repair(text)
    for kept in [
        "I. ",
        "33/CT-TTg",
        "63/KH-UBND",
        "25-NQ/TW",
        "06/3/2024",
        "https://vanban.chinhphu.vn/?id=123",
        "lienhe@kiengiang.gov.vn",
        "2020-2025",
        "95,5%",
        "a) ",
        "b) ",
        "COVID-19, F0.",
        "\n\n1. ",
    ]:
        assert kept in result.text, kept
    assert result.text.startswith("I. MỤC ĐÍCH, YÊU CẦU\n\n1. Thực hiện Chỉ thị số")
    assert result.text.count("\n") == text.count("\n")
    assert strip_accents(result.text) == text


def test_tokens_offsets_and_originals() -> None:
    result = repair(ISSUE_OCR + "\n" + "Pang va Nha nudc")
    assert result.text == unicodedata.normalize("NFC", result.text)
    previous_end = 0
    for token in result.tokens:
        assert isinstance(token, Token)
        assert result.text[token.start : token.end] == token.restored
        assert token.start >= previous_end
        assert 0.0 <= token.confidence <= 1.0
        previous_end = token.end
    assert [t.original for t in result.tokens] == [ISSUE_OCR + "\n" + "Pang va Nha nudc"][
        0
    ].replace("33/CT-TTg", "").replace("26/11/2021", "").split()


def test_damage_ratio_separates_damaged_from_clean() -> None:
    assert damage_ratio(CLEAN) < 0.05
    assert damage_ratio(ISSUE_OCR) > 0.3
    assert damage_ratio("") == 0.0
    assert damage_ratio("33/CT-TTg 2024") == 0.0
    sample_like = "Nham t6 chirc trién khai, quan triét chi truong, duong 16i cia Pang"
    assert damage_ratio(sample_like) > 0.3


def test_confidence_lower_on_ambiguous_words() -> None:
    # "ban" alone could be bán, bàn, bạn, bản, bận, ban: less sure than inside a set phrase.
    alone = repair("ban").tokens[0].confidence
    in_phrase = {t.original: t.confidence for t in repair("Uy ban nhan dan tinh").tokens}["ban"]
    assert alone < 0.9
    assert in_phrase > alone


def test_nfd_input_gives_nfc_output() -> None:
    nfd = unicodedata.normalize("NFD", CLEAN)
    result = repair(nfd)
    assert result.text == CLEAN


def test_syllable_helpers() -> None:
    assert fold("Đường") == "duong"
    assert canonical("hoá") == "hóa"
    assert canonical("Thuý") == "Thúy"
    assert normalize_tone_placement("khoẻ mạnh, hoà bình") == "khỏe mạnh, hòa bình"
    kinds = [(p.kind) for p in pieces("s6 33/CT-TTg a) UBND 2024 F0")]
    assert kinds == ["word", "sym", "sym", "word", "num", "sym"]


_WORDISH = re.compile(r"\w")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "cta",
                    "s6",
                    "Pang",
                    "nim",
                    "ngay",
                    "CONG",
                    "Thu",
                    "tuéng",
                    "nwéc",
                    "ctia",
                    "dan",
                    "van",
                    "hanh",
                    "chinh",
                    "Uy",
                    "ban",
                    "nhân",
                    "dân",
                    "m0’1",
                ]
            ),
            st.sampled_from(
                ["33/CT-TTg", "2024", "06/3/2024", "25-NQ/TW", "https://a.vn/x", "XIII"]
            ),
            st.text(alphabet=" \n\t,.;:()-–—\"'!?%/", min_size=1, max_size=3),
            st.text(min_size=1, max_size=4),
        ),
        max_size=25,
    )
)
def test_property_only_word_tokens_change(parts: list[str]) -> None:
    text = " ".join(parts)
    result = repair(text)
    nfc = unicodedata.normalize("NFC", text)
    assert result.text == unicodedata.normalize("NFC", result.text)
    # Rebuild the input from the output: replacing every restored token by its original gives
    # back the input, so nothing outside word tokens changed.
    rebuilt = []
    cursor = 0
    for token in result.tokens:
        assert result.text[token.start : token.end] == token.restored
        rebuilt.append(result.text[cursor : token.start])
        rebuilt.append(token.original)
        cursor = token.end
    rebuilt.append(result.text[cursor:])
    assert "".join(rebuilt) == nfc


def test_accuracy_floor_on_held_out_sets() -> None:
    """A real floor: held-out text the model was not built from (fails if repair regresses)."""
    docs = clean_set("admin_clean.jsonl")[:1]
    stripped = sum(
        (syllable_score(d, repair(strip_accents(d)).text) for d in docs),
        start=syllable_score("", ""),
    )
    assert stripped.total > 1500
    assert stripped.accuracy >= 0.95
    pages = ocr_set()[:3]
    clean = "\n".join(c for c, _ in pages)
    damaged = "\n".join(o for _, o in pages)
    before = syllable_score(clean, damaged)
    after = syllable_score(clean, repair(damaged).text)
    assert after.total > 800
    assert after.accuracy >= 0.92
    assert after.accuracy > before.accuracy + 0.1
    assert len(words(clean)) == after.total


def test_typed_text_with_foreign_words_and_identifiers_is_left_alone() -> None:
    text = (
        "Bộ luật Dân sự sửa đổi; đăng nhập bằng tài khoản truong.rachgia hoặc canbo_stttt, "
        "tải tệp ke-hoach.docx lên Google Drive qua API, NT và CSV đều được hỗ trợ."
    )
    result = repair(text)
    assert result.mode == "clean"
    assert result.text == text


def test_damaged_text_keeps_its_correct_words() -> None:
    text = "Thyc hién Chi thi s6 33/CT-TTg của Thủ tướng Chính phủ về công tác dân vận"
    result = repair(text)
    assert result.mode == "ocr"
    assert result.text.endswith("của Thủ tướng Chính phủ về công tác dân vận")
    assert result.text.startswith("Thực hiện Chỉ thị số 33/CT-TTg")

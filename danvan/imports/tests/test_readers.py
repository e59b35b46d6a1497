"""Reading plan files: every format gives text; every bad file gives a clean Vietnamese error."""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.imports.readers import (
    DocumentReadError,
    Limits,
    decode_text,
    precheck,
    read_document,
)
from danvan.lib.planparse import parse_plan

from .conftest import AN_GIANG, render_png

LIMITS = Limits(
    max_bytes=50 * 1024 * 1024,
    max_pages=200,
    max_pixels=40_000_000,
    max_unzipped=200 * 1024 * 1024,
    max_ratio=100,
)


def test_docx_paragraphs_and_header_table_are_read(docx_bytes):
    extracted = read_document(docx_bytes, "ke-hoach.docx", limits=LIMITS)
    assert extracted.kind == "docx" and not extracted.ocr
    parsed = parse_plan(extracted.text)
    header = parsed.header
    assert header.issuer_parent == "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG"
    assert header.issuer == "ỦY BAN NHÂN DÂN THÀNH PHỐ RẠCH GIÁ"
    assert (header.full_ref, header.place, header.date.isoformat()) == (
        "21/KH-UBND",
        "Rạch Giá",
        "2025-03-10",
    )
    assert header.title == "Thực hiện công tác dân vận chính quyền năm 2025"
    assert [t.code for t in parsed.tasks] == ["II.1.1", "II.1.2", "II.2.1"]
    refs = {c.full_ref for c in parsed.citations}
    assert refs == {"33/CT-TTg", "Luật Tiếp công dân năm 2013", "11-QĐi/TW"}
    roles = {(a.name, a.role) for a in parsed.actors}
    assert ("Phòng Nội vụ", "lead") in roles
    assert ("Phòng Nội vụ", "guide_monitor") in roles


def test_text_pdf_made_by_libreoffice_is_read_from_its_text_layer(text_pdf_bytes):
    seen = []
    extracted = read_document(
        text_pdf_bytes, "ke-hoach.pdf", limits=LIMITS, progress=lambda d, t, m: seen.append(d)
    )
    assert (extracted.kind, extracted.ocr, extracted.pages) == ("pdf", False, 1)
    assert seen[-1] == 1
    parsed = parse_plan(extracted.text)
    assert parsed.header.full_ref == "21/KH-UBND"
    assert parsed.header.date.isoformat() == "2025-03-10"
    assert [s.numeral for s in parsed.sections] == ["I", "II", "III"]
    assert "33/CT-TTg" in {c.full_ref for c in parsed.citations}


def test_scanned_png_is_read_by_tesseract_with_the_vietnamese_model(needs_tesseract):
    png = render_png(
        [
            "Số: 21/KH-UBND",
            "Rạch Giá, ngày 10 tháng 3 năm 2025",
            "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ",
        ]
    )
    extracted = read_document(png, "ban-quet.png", limits=LIMITS)
    assert (extracted.kind, extracted.ocr) == ("image-ocr", True)
    assert "Thủ tướng Chính phủ" in extracted.text
    citations = parse_plan(extracted.text).citations
    assert [(c.full_ref, c.issuer) for c in citations] == [("33/CT-TTg", "Thủ tướng Chính phủ")]


def test_scanned_pdf_without_text_layer_goes_through_ocr_page_by_page(needs_tesseract):
    from PIL import Image

    png = render_png(["KẾ HOẠCH", "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"])
    buffer = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(buffer, format="PDF", resolution=100)
    steps = []
    extracted = read_document(
        buffer.getvalue(), "scan.pdf", limits=LIMITS, progress=lambda d, t, m: steps.append(m)
    )
    assert (extracted.kind, extracted.ocr) == ("pdf-ocr", True)
    assert any("OCR" in m for m in steps)
    assert "76/NQ-CP" in extracted.text


def _to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258: letters like "ô" precomposed, tone marks combining."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for index, mark in enumerate(marks):
            joined = unicodedata.normalize("NFC", base + mark)
            if len(joined) == 1:
                try:
                    joined.encode("cp1258")
                except UnicodeEncodeError:
                    continue
                base = joined
                marks = marks[:index] + marks[index + 1 :]
                break
        out.append((base + "".join(marks)).encode("cp1258"))
    return b"".join(out)


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (b"\xef\xbb\xbf", "utf-8"),
        (b"", "utf-16"),
        (b"", "utf-8"),
        (b"", "cp1258"),
    ],
)
def test_text_files_in_any_encoding_read_the_same(data, codec):
    text = AN_GIANG.read_text(encoding="utf-8")
    # Windows-1258 stores the tone marks as combining characters.
    raw = _to_cp1258(text) if codec == "cp1258" else data + text.encode(codec)
    decoded = read_document(raw, "ke-hoach.txt", limits=LIMITS).text
    assert decoded == unicodedata.normalize("NFC", text)


def test_decomposed_text_is_normalised():
    text = unicodedata.normalize("NFD", "Kế hoạch số 15/KH-SNV của Sở Nội vụ tỉnh An Giang")
    assert read_document(text.encode(), "a.txt", limits=LIMITS).text == unicodedata.normalize(
        "NFC", text
    )


# Bad files ----------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0"))


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="mat-khau", owner_password="chu")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_pages(count: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _page in range(count):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("rong.txt", b"", "rỗng"),
        ("ke-hoach.exe", b"MZ....", "loại tệp .exe"),
        ("ke-hoach.doc", b"\xd0\xcf\x11\xe0", "loại tệp .doc"),
        ("sai-ten.pdf", b"PK\x03\x04" + b"\0" * 50, "không khớp"),
        ("sai-ten.docx", b"%PDF-1.4\n", "không khớp"),
        ("anh.png", b"\xff\xd8\xff\xe0" + b"\0" * 20, "không khớp"),
        ("nhi-phan.txt", b"\x00\x01\x02" * 20, "không khớp"),
        ("hong.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF", "hỏng"),
        ("mat-khau.pdf", _encrypted_pdf(), "mật khẩu"),
        ("bom.docx", _zip({"word/document.xml": b"\0" * 5_000_000}), "bom nén"),
        ("khong-phai-word.docx", _zip({"a.txt": b"xin chao " * 20}), "không phải là văn bản Word"),
        ("hong.docx", b"PK\x03\x04" + b"\x00" * 200, "hỏng"),
        ("bom-anh.png", _png_header(60_000, 60_000), "quá lớn"),
        ("trang.pdf", _pdf_pages(3), "trang"),
        ("ngan.txt", "Kế hoạch".encode(), "Không tìm thấy nội dung chữ"),
    ],
)
def test_bad_files_are_refused_with_a_vietnamese_message(name, data, message):
    limits = Limits(
        max_bytes=LIMITS.max_bytes,
        max_pages=2,
        max_pixels=LIMITS.max_pixels,
        max_unzipped=LIMITS.max_unzipped,
        max_ratio=LIMITS.max_ratio,
    )
    with pytest.raises(DocumentReadError) as caught:
        read_document(data, name, limits=limits)
    assert message in caught.value.message
    assert caught.value.code == "unreadable"


def test_size_limit_comes_from_settings(settings):
    settings.DANVAN_IMPORT_MAX_BYTES = 1000
    with pytest.raises(DocumentReadError, match="vượt quá dung lượng cho phép"):
        precheck(b"x" * 1001, "a.txt")
    settings.DANVAN_IMPORT_MAX_BYTES = 10**8
    settings.DANVAN_IMPORT_MAX_PAGES = 1
    with pytest.raises(DocumentReadError, match="vượt quá giới hạn 1 trang"):
        precheck(_pdf_pages(2), "a.pdf")


def test_unknown_legacy_bytes_fall_back_to_windows_1258():
    assert decode_text(_to_cp1258("Sở Nội vụ")) == "Sở Nội vụ"


# Fuzzing ------------------------------------------------------------------------------------


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.binary(max_size=3000),
    ext=st.sampled_from([".docx", ".pdf", ".txt", ".png", ".jpg", ".jpeg", ".odt", ""]),
)
def test_random_bytes_raise_nothing_but_a_read_error(data, ext):
    try:
        read_document(data, f"tep{ext}", limits=LIMITS)
    except DocumentReadError as exc:
        assert exc.message


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_docx_and_pdf_raise_nothing_but_a_read_error(data, docx_bytes, text_pdf_bytes):
    source, name = data.draw(st.sampled_from([(docx_bytes, "a.docx"), (text_pdf_bytes, "a.pdf")]))
    blob = bytearray(source)
    for _flip in range(data.draw(st.integers(1, 20))):
        position = data.draw(st.integers(0, len(blob) - 1))
        blob[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(10, len(blob)))
    try:
        read_document(bytes(blob[:cut]), name, limits=LIMITS)
    except DocumentReadError as exc:
        assert exc.message

"""Fixtures of the imports tests: plan files generated in every supported format."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "kien-giang-63-KH-UBND-2024.ocr.txt"
AN_GIANG = DATA / "an-giang-15-KH-SNV-2025.txt"
# Fonts with Vietnamese letters: fonts-liberation2 comes with `system-deps.sh libreoffice`.
FONTS = (
    Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)

BODY = [
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "Nâng cao chất lượng công tác dân vận chính quyền trên địa bàn thành phố.",
    "II. NHIỆM VỤ, GIẢI PHÁP",
    "1. Tuyên truyền, phổ biến",
    "a) Quán triệt Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ đến cán bộ.",
    "b) Tổ chức hội nghị đối thoại với Nhân dân tại các phường.",
    "2. Tiếp công dân",
    "Thực hiện nghiêm Luật Tiếp công dân năm 2013 và Quy định số 11-QĐi/TW ngày 18/02/2019 "
    "của Bộ Chính trị.",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Phòng Nội vụ chủ trì, phối hợp với Văn phòng Ủy ban nhân dân thành phố theo dõi, "
    "kiểm tra việc thực hiện; tổng hợp kết quả báo cáo Ủy ban nhân dân thành phố.",
    "2. Ủy ban nhân dân các phường, xã xây dựng kế hoạch triển khai thực hiện.",
]


def plan_docx_bytes(title: str = "Thực hiện công tác dân vận chính quyền năm 2025") -> bytes:
    """Return a Decree 30 style plan as .docx: a header table, then the outline."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG"
    left.add_paragraph("ỦY BAN NHÂN DÂN THÀNH PHỐ RẠCH GIÁ")
    left.add_paragraph("Số: 21/KH-UBND")
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph("Rạch Giá, ngày 10 tháng 3 năm 2025")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph(title)
    for line in BODY:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_png(lines: list[str], size: int = 30) -> bytes:
    """Return a white page with the lines in black, as a scanner would give it."""
    from PIL import Image, ImageDraw, ImageFont

    path = next((f for f in FONTS if f.exists()), None)
    if path is None:
        pytest.skip("no font with Vietnamese letters (fonts-liberation2)")
    font = ImageFont.truetype(str(path), size)
    width = 1400
    height = 60 + len(lines) * int(size * 1.8)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((40, 30 + index * int(size * 1.8)), line, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="session")
def docx_bytes() -> bytes:
    return plan_docx_bytes()


@pytest.fixture(scope="session")
def text_pdf_bytes(tmp_path_factory: Any, docx_bytes: bytes) -> bytes:
    """Return the .docx plan converted to a text PDF by LibreOffice."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("pdf")
    source = folder / "ke-hoach.docx"
    source.write_bytes(docx_bytes)
    profile = folder / "profile"
    subprocess.run(  # noqa: S603
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (folder / "ke-hoach.pdf").read_bytes()


@pytest.fixture
def needs_tesseract() -> None:
    """OCR tests need Debian's tesseract-ocr and tesseract-ocr-vie (system-deps.sh tesseract).

    Outside CI they are skipped when Tesseract is missing; in CI (CI=true) they must run.
    """
    import os

    vie = list(Path("/usr/share/tesseract-ocr").glob("*/tessdata/vie.traineddata"))
    if (shutil.which("tesseract") is None or not vie) and os.environ.get("CI") != "true":
        pytest.skip("Tesseract with Vietnamese data is not installed")


@pytest.fixture
def sync_imports(settings: Any) -> None:
    """Read uploaded files inside the request, so tests see the result at once."""
    settings.DANVAN_IMPORT_RUN = "sync"

"""The demo plan's DOCX converted to PDF by LibreOffice keeps its header, date and diacritics.

Needs LibreOffice Writer, poppler-utils and a Times-compatible font with Vietnamese glyphs
(`scripts/system-deps.sh libreoffice`). Skipped when they are missing, except under CI=true,
where a missing tool is a failure.
"""

import os
import shutil
import subprocess
import unicodedata

import pytest

from danvan.demo.loader import load_demo
from danvan.plans.exports_docx import plan_docx
from danvan.plans.models import Plan

TIMEOUT_S = 180


def in_ci():
    return os.environ.get("CI", "").strip().lower() == "true"


def tool(name):
    path = shutil.which(name)
    if path is None:
        message = f"{name} is missing: run scripts/system-deps.sh libreoffice"
        if in_ci():
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    return path


def run(*args):
    return subprocess.run(
        args, capture_output=True, text=True, timeout=TIMEOUT_S, check=True
    ).stdout


@pytest.fixture
def demo_pdf(db, tmp_path):
    soffice, pdftotext, pdfinfo, pdffonts = (
        tool(name) for name in ("soffice", "pdftotext", "pdfinfo", "pdffonts")
    )
    load_demo()
    source = tmp_path / "63-KH-UBND.docx"
    source.write_bytes(plan_docx(Plan.objects.get(symbol="63/KH-UBND")))
    run(
        soffice,
        f"-env:UserInstallation=file://{tmp_path}/lo-profile",  # no clash between runs
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(source),
    )
    pdf = tmp_path / "63-KH-UBND.pdf"
    assert pdf.exists(), f"LibreOffice wrote no PDF in {tmp_path}"
    return {
        "text": unicodedata.normalize("NFC", run(pdftotext, "-enc", "UTF-8", str(pdf), "-")),
        "info": run(pdfinfo, str(pdf)),
        "fonts": run(pdffonts, str(pdf)),
    }


def test_pdf_has_the_national_header_issuer_number_and_date_with_diacritics(demo_pdf):
    lines = [line.strip() for line in demo_pdf["text"].splitlines()]
    for expected in [
        "ỦY BAN NHÂN DÂN",
        "TỈNH KIÊN GIANG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 63/KH-UBND",
        "Kiên Giang, ngày 06 tháng 3 năm 2024",
        "KẾ HOẠCH",
        "II. NHIỆM VỤ, GIẢI PHÁP",
        "Nơi nhận:",
    ]:
        assert expected in lines, expected
    assert "Thực hiện phong trào thi đua “Dân vận khéo”" in " ".join(lines)


def test_pdf_is_a4_and_set_in_a_times_compatible_serif(demo_pdf):
    assert "(A4)" in demo_pdf["info"]
    fonts = demo_pdf["fonts"]
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts, fonts
    # A fallback font means the serif lacked Vietnamese glyphs (install fonts-liberation2).
    assert "DejaVu" not in fonts, fonts

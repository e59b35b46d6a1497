"""The demo's provincial report converted to PDF by LibreOffice keeps its header and figures.

Needs LibreOffice Writer and poppler-utils (`scripts/system-deps.sh libreoffice`); skipped when
they are missing, except under CI=true, where a missing tool is a failure.
"""

import os
import shutil
import subprocess
import unicodedata

import pytest

from danvan.demo.loader import load_demo
from danvan.reports.exports import provincial_report_docx
from danvan.reports.models import ReportPeriod

TIMEOUT_S = 180


def tool(name):
    path = shutil.which(name)
    if path is None:
        message = f"{name} is missing: run scripts/system-deps.sh libreoffice"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    return path


def run(*args):
    return subprocess.run(
        args, capture_output=True, text=True, timeout=TIMEOUT_S, check=True
    ).stdout


def test_provincial_report_pdf_has_header_date_title_and_the_accepted_totals(db, tmp_path):
    soffice, pdftotext, pdfinfo = (tool(name) for name in ("soffice", "pdftotext", "pdfinfo"))
    load_demo()
    source = tmp_path / "bao-cao-tong-hop.docx"
    source.write_bytes(provincial_report_docx(ReportPeriod.objects.get(year=2024)))
    run(
        soffice,
        f"-env:UserInstallation=file://{tmp_path}/lo-profile",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(source),
    )
    pdf = tmp_path / "bao-cao-tong-hop.pdf"
    text = unicodedata.normalize("NFC", run(pdftotext, "-enc", "UTF-8", str(pdf), "-"))
    lines = [line.strip() for line in text.splitlines()]
    for expected in [
        "ỦY BAN NHÂN DÂN",
        "TỈNH KIÊN GIANG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Kết quả thực hiện công tác dân vận chính quyền năm 2024",
        "I. KẾT QUẢ THỰC HIỆN",
        "Nơi nhận:",
    ]:
        assert expected in lines, expected
    assert "Kiên Giang, ngày" in text and "năm 2024" in text
    assert "5.200" in lines  # participants reported by the one accepted unit
    assert "(A4)" in run(pdfinfo, str(pdf))

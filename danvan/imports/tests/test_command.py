"""`danvan import-plan FILE --json`: one UTF-8 JSON object on stdout, nothing written."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from danvan.core.models import AuditEvent
from danvan.imports.models import ImportJob, LegalDocument
from danvan.plans.models import Plan

from .conftest import SAMPLE

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_json_contract_on_the_sample_writes_nothing(world):
    before = (ImportJob.objects.count(), Plan.objects.count(), LegalDocument.objects.count(),
              AuditEvent.objects.count())  # fmt: skip
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", str(SAMPLE), "--json", stdout=out, stderr=err)
    data = json.loads(out.getvalue())
    assert set(data) >= {"header", "sections", "citations", "actors", "restored_text"}
    assert data["header"] == {
        "issuer": "ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG",
        "issuer_parent": None,
        "number": "63",
        "symbol": "KH-UBND",
        "full_ref": "63/KH-UBND",
        "place": "Kiên Giang",
        "date": "2024-03-06",
        "type": "Kế hoạch",
        "title": data["header"]["title"],
    }
    # The title as repaired: most words restored; "Thuyec", "tlep" and "đội m0’1" (for "Thực",
    # "tiếp", "đổi mới") are what the repair leaves wrong, the last two marked as uncertain.
    title = data["header"]["title"]
    assert "của Thủ tướng Chính phủ về" in title and "tục tăng cường và" in title
    assert title.endswith(
        "công tác dân vận của cơ quan hành chính nhà nước, chính quyền các cấp trong tình hình "
        "mới trên địa bàn tỉnh Kiên Giang năm 2024"
    )
    assert [s["numeral"] for s in data["sections"]] == ["I", "II", "III"]
    assert set(data["sections"][1]["items"][0]) >= {"number", "title"}
    citation = next(c for c in data["citations"] if c["full_ref"] == "25-NQ/TW")
    assert set(citation) >= {"type", "number", "symbol", "full_ref", "date", "issuer", "subject",
                             "mentions"}  # fmt: skip
    assert (citation["type"], citation["number"], citation["symbol"], citation["date"]) == (
        "Nghị quyết",
        "25",
        "NQ/TW",
        "2013-06-03",
    )
    snv = [a for a in data["actors"] if a["name"] == "Sở Nội vụ"]
    assert {a["role"] for a in snv} == {"guide_monitor", "consolidate_report"}
    assert {a["unit"] for a in snv} == {"Sở Nội vụ"}  # matched through the world's units
    restored = data["restored_text"]
    assert restored.startswith(
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nTỈNH KIÊN GIANG Độc lập - Tự do - "
        "Hạnh phúc\nSố: 63 /KH-UBND Kiên Giang, ngày 06 tháng 03 năm 2024\nKẾ HOẠCH\n"
    )
    assert "3. Sở& Nội vụ tham mưu Ủy ban nhân dân tỉnh hướng dẫn, theo dõi, kiểm" in restored
    assert restored != SAMPLE.read_text(encoding="utf-8")
    repair = data["repair"]
    assert (repair["repaired"], repair["mode"]) == (True, "ocr")
    assert 0.3 < repair["damage_ratio"] < 0.5
    marks = repair["uncertain"]
    assert 0 < len(marks) < 0.1 * repair["words"]
    assert all(restored[m["start"] : m["end"]] == m["restored"] for m in marks)
    assert all(m["confidence"] < 0.9 for m in marks)
    doi = next(m for m in marks if m["original"] == "doi")  # "đổi mới" of the title
    assert doi["restored"] == "đội" and restored[doi["start"] : doi["end"] + 5] == "đội m0’1"
    assert "█" in err.getvalue()  # the progress bar goes to stderr
    after = (ImportJob.objects.count(), Plan.objects.count(), LegalDocument.objects.count(),
             AuditEvent.objects.count())  # fmt: skip
    assert after == before


@pytest.mark.django_db
def test_bad_file_is_a_command_error_with_a_json_error(tmp_path):
    bad = tmp_path / "ke-hoach.pdf"
    bad.write_bytes(b"not a pdf")
    out = io.StringIO()
    with pytest.raises(CommandError, match="không khớp"):
        call_command("import_plan", str(bad), "--json", stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue())["error"]["code"] == "unreadable"


def test_console_output_is_utf8_even_without_a_database(tmp_path):
    env = {
        "PYTHONPATH": str(ROOT),
        "DANVAN_VAR_DIR": str(tmp_path),
        "LANG": "C",
        "LC_ALL": "C",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "from danvan.cli import main; main()", "import_plan",
         str(SAMPLE), "--json", "--no-progress"],
        capture_output=True, env=env, timeout=120, check=True,
    )  # fmt: skip
    data = json.loads(result.stdout.decode("utf-8"))
    assert data["header"]["place"] == "Kiên Giang"
    assert all(a["unit"] is None for a in data["actors"])  # no database: no unit matching


@pytest.mark.django_db
def test_summary_reports_the_repair(world):
    out = io.StringIO()
    call_command("import_plan", str(SAMPLE), "--no-progress", stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "Văn bản: Kế hoạch 63/KH-UBND" in text
    assert "Đã phục hồi dấu (tỷ lệ từ hỏng 0,40); " in text
    assert "từ chưa chắc chắn, cần rà soát" in text
    assert "  - Sở Nội vụ: guide_monitor → Sở Nội vụ" in text

"""`danvan deadline`: JSON output and clear errors."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[3]


def run(*args):
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


def test_json_output_has_due_rule_basis_and_skipped_days(db):
    data = json.loads(
        run("--rule", "complaint-first", "--start", "2026-01-02", "--complex", "--json")
    )
    # 45 days: 16/2/2026 is Tết eve; Tết runs to Sun 22/2
    assert data["due"] == "2026-02-23"
    assert data["rule"] == "complaint-first"
    assert data["basis"] == "Điều 28 Luật Khiếu nại 2011"
    assert data["skipped"][0] == {"date": "2026-02-16", "reason": "Tết Nguyên đán (giao thừa)"}
    assert [s["date"] for s in data["skipped"]][-1] == "2026-02-22"


def test_the_seeded_make_up_saturday_counts_as_a_working_day(db):
    data = json.loads(run("--rule", "info-request-simple", "--start", "2024-05-02", "--json"))
    # 3/5(1) Sat 4/5 make-up(2) 6(3) 7(4) 8(5)
    assert data["due"] == "2024-05-08"
    assert data["skipped"] == [{"date": "2024-05-05", "reason": "Chủ nhật"}]


def test_extensions_and_remote_flags(db):
    data = json.loads(
        run(
            "--rule",
            "denunciation-resolve",
            "--start",
            "2024-08-02",
            "--especially-complex",
            "--extensions",
            "2",
            "--json",
        )
    )
    assert data["due"] == "2024-10-31" and data["extensions"] == 2 and data["days"] == 90
    data = json.loads(
        run(
            "--rule", "complaint-second", "--start", "2024-03-20", "--remote", "--complex", "--json"
        )
    )
    assert data["due"] == "2024-05-29" and data["variant"] == "complex_remote"


def test_the_rule_version_from_1_july_2026_is_used_for_later_triggers(db):
    old = json.loads(run("--rule", "denunciation-resolve", "--start", "2026-06-30", "--json"))
    new = json.loads(run("--rule", "denunciation-resolve", "--start", "2026-07-01", "--json"))
    assert (old["due"], new["due"]) == ("2026-07-30", "2026-07-31")
    assert "136/2025/QH15" in new["basis"] and "136/2025/QH15" not in old["basis"]


def test_text_output_explains_the_due_date(db):
    text = run("--rule", "petition-classify", "--start", "2024-02-05")
    assert text.startswith("2024-02-26  petition-classify  Thông tư 05/2021/TT-TTCP")
    assert "10 ngày làm việc" in text and "09/02/2024: Tết Nguyên đán (giao thừa)" in text


@pytest.mark.parametrize(
    "args,message",
    [
        (["--rule", "complaint-thrid", "--start", "2024-01-01"], "Không có quy định thời hạn mã"),
        (["--rule", "complaint-first", "--start", "2024-13-01"], "YYYY-MM-DD"),
        (["--rule", "complaint-first", "--start", "01/02/2024"], "YYYY-MM-DD"),
        (["--rule", "complaint-first", "--start", "2024-01-01", "--extensions", "1"], "gia hạn"),
        (
            ["--rule", "denunciation-resolve", "--start", "2024-01-01", "--extensions", "1"],
            "gia hạn",
        ),
        (["--rule", "complaint-first", "--start", "2100-12-20"], "1901-2100"),
    ],
)
def test_bad_input_is_a_clear_command_error(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


@pytest.mark.parametrize(
    "args",
    [
        ["--rule", "complaint-first", "--start", "2024-02-30"],
        ["--rule", "complaint-first", "--start", "2024-02-01", "--extensions", "hai"],
        ["--rule", "complaint-first", "--start", "2024-02-01"],  # database not migrated
    ],
)
def test_from_the_shell_bad_input_exits_non_zero_without_a_traceback(tmp_path, args):
    # A fresh, unmigrated SQLite database, whatever database the suite itself runs on.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DANVAN_DATABASE_URL", "DANVAN_SQLITE_PATH")
    }
    env["DANVAN_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "deadline", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert any(word in done.stderr for word in ("--start", "--extensions", "danvan migrate"))

"""Benchmark of Vietnamese diacritic and OCR repair on held-out text.

`make bench` runs it (`BENCH_ONLY=repair python -m bench`); alone: `python -m bench.repair`.
Prints syllable accuracy on two held-out sets (never used to build the model), beside the
"no repair" baseline and pyvi's bundled diacritic restorer when pyvi is importable (or when
BENCH_PYVI_PYTHON names an interpreter that has it), and the speed in syllables per second.
Informative: the real sample scan against the demo plan typed from it, where they align.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

LIMIT = int(os.environ.get("BENCH_REPAIR_DOCS", "12"))
SAMPLE = Path("/work/shared/samples/kien-giang-63-KH-UBND-2024.ocr.txt")
DEMO = Path(__file__).resolve().parents[1] / "danvan" / "demo" / "data" / "kien_giang_2024.json"

_PYVI_SCRIPT = (
    "import sys, json\n"
    "from pyvi import ViUtils\n"
    "texts = json.load(sys.stdin)\n"
    "def fix(line):\n"
    "    try:\n"
    "        return ViUtils.add_accents(line)\n"
    "    except Exception:\n"
    "        return line\n"
    "out = ['\\n'.join(fix(x) for x in t.split('\\n')) for t in texts]\n"
    "json.dump(out, sys.stdout, ensure_ascii=False)\n"
)


def _pyvi(texts: list[str]) -> list[str] | None:
    """pyvi's add_accents on each text, or None when pyvi is not available."""
    try:
        from pyvi import ViUtils  # type: ignore[import-not-found]

        def fix(line: str) -> str:
            try:
                return str(ViUtils.add_accents(line))
            except Exception:  # pyvi fails on some characters: keep the line
                return line

        return ["\n".join(fix(x) for x in t.split("\n")) for t in texts]
    except ImportError:
        pass
    python = os.environ.get("BENCH_PYVI_PYTHON")
    if not python:
        return None
    done = subprocess.run(  # noqa: S603 - interpreter named by the operator
        [python, "-c", _PYVI_SCRIPT],
        input=json.dumps(texts, ensure_ascii=False),
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(done.stdout) if done.returncode == 0 else None


def _sets() -> dict[str, list[tuple[str, str]]]:
    """name -> list of (clean reference, damaged input)."""
    from danvan.lib.vnrepair.evaluate import clean_set, ocr_set, strip_accents

    admin = clean_set("admin_clean.jsonl")[:LIMIT]
    other = clean_set("vlsp_clean.jsonl")
    return {
        "accent-stripped admin text": [(d, strip_accents(d)) for d in admin],
        "accent-stripped VLSP/news (other)": [(d, strip_accents(d)) for d in other],
        "English-model OCR, admin text": ocr_set(),
    }


def _score(pairs: list[tuple[str, str]], outputs: list[str]) -> float:
    from danvan.lib.vnrepair.evaluate import Score, syllable_score

    total = Score(0, 0)
    for (ref, _), out in zip(pairs, outputs, strict=True):
        total = total + syllable_score(ref, out)
    return total.accuracy


def _align(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Levenshtein alignment of two word lists (substitutions allowed): matched index pairs."""
    n, m = len(a), len(b)
    prev = list(range(m + 1))
    moves: list[bytearray] = []
    for i in range(1, n + 1):
        cur = [i] + [0] * m
        row = bytearray(m + 1)
        ai = a[i - 1]
        for j in range(1, m + 1):
            diag = prev[j - 1] + (ai != b[j - 1])
            up = prev[j] + 1
            left = cur[j - 1] + 1
            if diag <= up and diag <= left:
                cur[j], row[j] = diag, 0
            elif up <= left:
                cur[j], row[j] = up, 1
            else:
                cur[j], row[j] = left, 2
        moves.append(row)
        prev = cur
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        move = moves[i - 1][j]
        if move == 0:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif move == 1:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _sample_alignment() -> tuple[float, float, int] | None:
    """(no repair, repaired) accuracy on the real sample vs the demo plan's typed text.

    The typed plan (title, preamble, legal bases, section items) is aligned with the scan on
    accent-free words; scored are the aligned words, so paragraphs the demo did not type
    (signatures, recipients) are left out.
    """
    if not SAMPLE.exists() or not DEMO.exists():
        return None
    from danvan.lib.vnrepair import repair
    from danvan.lib.vnrepair.evaluate import words
    from danvan.lib.vnrepair.syllable import fold

    def strings(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [s for v in node.values() for s in strings(v)]
        if isinstance(node, list):
            return [s for v in node for s in strings(v)]
        return []

    plan = json.loads(DEMO.read_text("utf-8"))["plan"]
    typed = words("\n".join(s for s in strings(plan) if len(s) > 20))
    ocr_text = SAMPLE.read_text("utf-8")
    ocr = words(ocr_text)
    fixed = [t.restored for t in repair(ocr_text).tokens]
    fixed = words(" ".join(fixed))
    if len(fixed) != len(ocr):
        return None
    pairs = _align([fold(w) for w in ocr], [fold(w) for w in typed])
    # Keep pairs inside aligned stretches: next to a pair whose words agree without accents.
    agree = {(i, j) for i, j in pairs if fold(ocr[i]) == fold(typed[j])}
    pairs = [(i, j) for i, j in pairs if (i - 1, j - 1) in agree or (i + 1, j + 1) in agree]
    base = sum(ocr[i] == typed[j] for i, j in pairs)
    ours = sum(fixed[i] == typed[j] for i, j in pairs)
    return base / len(pairs), ours / len(pairs), len(pairs)


def section() -> None:
    from danvan.lib.vnrepair import repair
    from danvan.lib.vnrepair.model import get_model

    t0 = time.perf_counter()
    get_model()
    load = time.perf_counter() - t0
    print(f"\n== repair: syllable accuracy on held-out text (model load {load:.2f} s) ==")
    print("syll/s counts CPU seconds of this process (the machine may be shared)")
    print(f"{'set':36} {'syll':>6} {'no repair':>10} {'pyvi':>8} {'ours':>8} {'syll/s':>8}")
    for name, pairs in _sets().items():
        from danvan.lib.vnrepair.evaluate import words

        inputs = [d for _, d in pairs]
        syllables = sum(len(words(r)) for r, _ in pairs)
        start = time.process_time()
        ours = [repair(t).text for t in inputs]
        elapsed = time.process_time() - start
        pyvi = _pyvi(inputs)
        pyvi_acc = f"{_score(pairs, pyvi):8.1%}" if pyvi is not None else f"{'n/a':>8}"
        print(
            f"{name:36} {syllables:6d} {_score(pairs, inputs):10.1%} {pyvi_acc} "
            f"{_score(pairs, ours):8.1%} {syllables / elapsed:8.0f}"
        )
    sample = _sample_alignment()
    if sample:
        base, fixed, aligned = sample
        print(
            f"{'real sample scan vs demo (info)':36} {aligned:6d} {base:10.1%} {'':>8} {fixed:8.1%}"
        )
    print("targets: >= 97% accent-stripped admin, >= 95% English-model OCR, 5,000 syll/s")


if __name__ == "__main__":
    section()

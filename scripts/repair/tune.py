"""Tune the decoder parameters on the development OCR pages (training documents, pages the
channel was not learned from). Never looks at the evaluation sets.

    /work/main/.venv/bin/python scripts/repair/tune.py
"""

from __future__ import annotations

import itertools
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from danvan.lib.vnrepair import repair as repair_module  # noqa: E402
from danvan.lib.vnrepair.evaluate import Score, ocr_set, syllable_score  # noqa: E402
from danvan.lib.vnrepair.model import get_model  # noqa: E402

DEV = Path("/tmp/danvan-repair-build/dev_ocr.jsonl")  # noqa: S108 - build cache


def run(pages: list[tuple[str, str]]) -> tuple[float, float]:
    from danvan.lib.vnrepair.repair import _SCORERS, repair

    _SCORERS.clear()
    total = Score(0, 0)
    start = time.perf_counter()
    for clean, ocr in pages:
        total = total + syllable_score(clean, repair(ocr).text)
    return total.accuracy, total.total / (time.perf_counter() - start)


def main() -> None:
    pages = ocr_set(DEV.name, DEV.parent)
    model = get_model()
    base = dict(model.params)
    grid = {
        "beta": [0.5, 2.0, 8.0],
        "emission_weight": [0.8, 1.0, 1.3],
        "candidates": [8],
        "unknown_word": [math.log(1e-4), math.log(1e-3)],
    }
    results = []
    for values in itertools.product(*grid.values()):
        model.params = {**base, **dict(zip(grid, values, strict=True))}
        acc, speed = run(pages)
        results.append((acc, speed, values))
        print(f"{acc:.4f} {speed:7.0f} {values}", flush=True)
    print("best", max(results))
    _ = repair_module


if __name__ == "__main__":
    main()

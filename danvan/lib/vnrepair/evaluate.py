"""Syllable accuracy of a repaired text against its clean reference (used by bench and tests)."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .model import DATA_DIR
from .syllable import canonical
from .tokens import pieces

EVAL_DIR = DATA_DIR / "eval"


@dataclass(frozen=True, slots=True)
class Score:
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.correct + other.correct, self.total + other.total)


def words(text: str) -> list[str]:
    """Word tokens of text, lower-case with canonical tone placement (hoá = hóa)."""
    text = unicodedata.normalize("NFC", text)
    return [canonical(text[p.start : p.end].lower()) for p in pieces(text) if p.kind == "word"]


def syllable_score(reference: str, hypothesis: str) -> Score:
    """Reference word tokens matched exactly by an aligned hypothesis token.

    The alignment (Levenshtein over tokens) absorbs words that OCR split or merged; those
    count as errors.
    """
    ref_lines, hyp_lines = reference.split("\n"), hypothesis.split("\n")
    if len(ref_lines) > 1 and len(ref_lines) == len(hyp_lines):
        total = Score(0, 0)
        for ref_line, hyp_line in zip(ref_lines, hyp_lines, strict=True):
            total = total + _line_score(words(ref_line), words(hyp_line))
        return total
    return _line_score(words(reference), words(hypothesis))


def _line_score(ref: list[str], hyp: list[str]) -> Score:
    if len(ref) == len(hyp):
        return Score(sum(a == b for a, b in zip(ref, hyp, strict=True)), len(ref))
    n, m = len(ref), len(hyp)
    prev = [(j, 0) for j in range(m + 1)]  # (edit cost, matches) — minimise cost, max matches
    for i in range(1, n + 1):
        cur = [(i, 0)]
        for j in range(1, m + 1):
            same = ref[i - 1] == hyp[j - 1]
            diag = (prev[j - 1][0] + (0 if same else 1), prev[j - 1][1] + same)
            up = (prev[j][0] + 1, prev[j][1])
            left = (cur[j - 1][0] + 1, cur[j - 1][1])
            cur.append(min(diag, up, left, key=lambda x: (x[0], -x[1])))
        prev = cur
    return Score(prev[m][1], n)


def strip_accents(text: str) -> str:
    """Remove every Vietnamese mark (đ -> d), keeping case, spaces and punctuation."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not ("\u0300" <= ch <= "\u036f"))
    return unicodedata.normalize("NFC", kept.replace("đ", "d").replace("Đ", "D"))


def clean_set(name: str = "admin_clean.jsonl", directory: Path = EVAL_DIR) -> list[str]:
    """Documents of a held-out clean set."""
    with (directory / name).open(encoding="utf-8") as fh:
        return [str(json.loads(line)["text"]) for line in fh if line.strip()]


def ocr_set(name: str = "admin_ocr.jsonl", directory: Path = EVAL_DIR) -> list[tuple[str, str]]:
    """Pages of the held-out OCR set as (clean page, English-model OCR page), lines kept."""
    pages: dict[int, tuple[list[str], list[str]]] = {}
    with (directory / name).open(encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            clean, ocr = pages.setdefault(int(item["page"]), ([], []))
            clean.append(str(item["clean"]))
            ocr.append(str(item["ocr"]))
    return [("\n".join(c), "\n".join(o)) for c, o in pages.values()]

"""Split text into word tokens (the only thing repair may change) and protected material.

Numbers, document symbols (33/CT-TTg, 25-NQ/TW), dates, URLs, e-mail addresses, Roman
numerals, abbreviations and list markers are protected; so is every space, punctuation mark
and line break between tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CHUNK = re.compile(r"\S+")
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)|^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I)
# A word core: letters and digits, with OCR junk (’ ' € ¢ @) allowed between them.
_CORE = re.compile(r"[^\W_](?:[^\W_]|[’'€¢@](?=[^\W_]))*")
# user.name, file.docx, kiengiang.gov.vn, snake_case: identifiers, not words.
_DOTTED = re.compile(r"[^\W_][._][^\W_]")
_ROMAN = re.compile(r"^[IVXLC]+$")
_HAS_DIGIT = re.compile(r"\d")
_ALL_DIGITS = re.compile(r"^\d+$")


@dataclass(frozen=True, slots=True)
class Piece:
    """A word token (kind "word") or a protected one ("num", "sym") at [start, end)."""

    start: int
    end: int
    kind: str


def _is_symbol_chunk(chunk: str) -> bool:
    if "/" in chunk or "\\" in chunk or _URL.search(chunk) or _DOTTED.search(chunk):
        return True
    inner = chunk.strip("-–")
    if "-" in inner or "–" in inner:
        # 25-NQ, CT-TTg, 2020-2025, COVID-19: digits or capitals after a hyphen.
        return bool(_HAS_DIGIT.search(inner)) or any(c.isupper() for c in inner[1:])
    return False


def _core_kind(core: str, chunk: str, pos_in_chunk: int) -> str:
    if _ALL_DIGITS.match(core):
        return "num"
    letters = [c for c in core if c.isalpha()]
    if not letters:
        return "num"
    if _HAS_DIGIT.search(core):
        # OCR damage such as "s6", "d6i", "16i", "H6é" is a word; "F0", "5G", "A4" are not.
        lowers = sum(1 for c in core if c.islower())
        digits = sum(1 for c in core if c.isdigit())
        after = chunk[pos_in_chunk + len(core) : pos_in_chunk + len(core) + 1]
        if len(core) == 2 and core[0].isupper() and core[1].isdigit() and after == ":":
            return "word"  # "S6:" is "Số:" read by an English model
        return "word" if lowers and digits <= 2 and len(core) <= 7 else "sym"
    after = chunk[pos_in_chunk + len(core) : pos_in_chunk + len(core) + 1]
    if _ROMAN.match(core) and (len(core) > 1 or after in (".", ")")):
        return "sym"  # Roman numeral: II, XIII, "I."
    if len(core) == 1 and pos_in_chunk == 0 and after in (")", "."):
        return "sym"  # list marker "a)" or "b."
    return "word"


def pieces(text: str) -> list[Piece]:
    """Return the word and protected pieces of text in order (spaces and punctuation omitted)."""
    out: list[Piece] = []
    for chunk_match in _CHUNK.finditer(text):
        chunk = chunk_match.group(0)
        base = chunk_match.start()
        if _is_symbol_chunk(chunk):
            out.append(Piece(base, chunk_match.end(), "sym"))
            continue
        for core_match in _CORE.finditer(chunk):
            core = core_match.group(0)
            kind = _core_kind(core, chunk, core_match.start())
            out.append(Piece(base + core_match.start(), base + core_match.end(), kind))
    return out


def gap_token(gap: str) -> str | None:
    """The language-model token for the text between two pieces (None: just spaces)."""
    if "\n\n" in gap.replace("\r", "").replace(" ", "").replace("\t", ""):
        return "</s>"
    stripped = "".join(gap.split())
    if not stripped:
        return None
    if any(c in stripped for c in ".!?"):
        return "<.>"
    if "," in stripped:
        return "<,>"
    if any(c in stripped for c in ";:"):
        return "<;>"
    return "<p>"

"""Text helpers of the plan parser: position-keeping folding, tokens, OCR-tolerant matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"[^\s,;:.()\[\]\"“”!?]+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")

# Abbreviations that official texts use for the bodies our alias tables spell out.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "ubnd": ("uy", "ban", "nhan", "dan"),
    "hdnd": ("hoi", "dong", "nhan", "dan"),
    "mttq": ("mat", "tran", "to", "quoc"),
    "ub": ("uy", "ban"),
    "vn": ("viet", "nam"),
    "tp": ("thanh", "pho"),
    "snv": ("so", "noi", "vu"),
}
# Words ignored when comparing actor phrases: "các sở" and "sở" name the same group.
IGNORED = frozenset({"cac", "nhung"})


def normalize(text: str) -> str:
    """Return text in NFC with Unix line ends, no BOM, NUL or other control characters."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "").replace("\u00a0", " ").replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
    low = base.lower()
    return low if len(low) == 1 else ch.lower()[:1] or ch


def fold_aligned(text: str) -> str:
    """Return text lower-cased without diacritics, keeping every character at its position."""
    return "".join(_fold_char(ch) for ch in text)


def fold_word(word: str) -> str:
    """Return a word folded and stripped to ASCII letters and digits ("Đảng," -> "dang")."""
    return _NOT_ALNUM.sub("", fold_aligned(word))


@dataclass(frozen=True)
class Token:
    """A word of the text with its folded form and its character span."""

    text: str
    norm: str
    start: int
    end: int


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Return the words of text[start:end] (punctuation dropped), with absolute offsets."""
    stop = len(text) if end is None else end
    tokens = []
    for match in _TOKEN.finditer(text, start, stop):
        norm = fold_word(match.group())
        if norm:
            tokens.append(Token(match.group(), norm, match.start(), match.end()))
    return tokens


def phrase_words(phrase: str) -> tuple[str, ...]:
    """Return the comparable words of a phrase: folded, abbreviations expanded, "các" dropped."""
    words: list[str] = []
    for token in tokenize(normalize(phrase)):
        words.extend(ABBREVIATIONS.get(token.norm, (token.norm,)))
    return tuple(w for w in words if w not in IGNORED)


def levenshtein(a: str, b: str, limit: int) -> int:
    """Return the edit distance of a and b, or limit + 1 once it is certainly larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def similar(seen: str, expected: str) -> bool:
    """Return whether an OCR-read word may be the expected folded word ("tueng" ~ "tuong")."""
    if seen == expected:
        return True
    if not seen or len(expected) <= 1 or seen.isdigit() != expected.isdigit():
        return False
    allowed = 1 if len(expected) <= 4 else 2
    return levenshtein(seen, expected, allowed) <= allowed


@dataclass(frozen=True)
class Word:
    """A comparable word (abbreviations expanded) pointing back to its token."""

    norm: str
    token: int


def comparable(tokens: Sequence[Token]) -> list[Word]:
    """Return the words used for phrase matching, each pointing to its token index."""
    words: list[Word] = []
    for index, token in enumerate(tokens):
        for part in ABBREVIATIONS.get(token.norm, (token.norm,)):
            if part not in IGNORED:
                words.append(Word(part, index))
    return words


def match_at(
    words: Sequence[Word],
    i: int,
    phrase: Sequence[str],
    *,
    exact: bool = False,
    anchored: bool = True,
) -> int:
    """Return how many words of `words` from i match `phrase` (0 if they do not).

    Short phrases need one word spelt exactly: "chi thi" must not pass for "chu tri".
    """
    if not phrase or i + len(phrase) > len(words):
        return 0
    exact_words = 0
    for offset, expected in enumerate(phrase):
        seen = words[i + offset].norm
        if seen == expected:
            exact_words += 1
        elif exact or not similar(seen, expected):
            return 0
    if not anchored:
        return len(phrase)
    if len(phrase) <= 2 and exact_words == 0:
        return 0
    if len(phrase) >= 3 and exact_words * 3 < len(phrase):
        return 0
    return len(phrase)


def squash(text: str) -> str:
    """Return text with every run of whitespace (line breaks too) made one space."""
    return re.sub(r"\s+", " ", text).strip()

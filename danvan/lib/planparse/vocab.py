"""Known phrases found in damaged text by OCR-tolerant word matching, and given back spelt right."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ._data import DOC_TYPES, GENERIC_ACTORS, ISSUERS, PLACES, SECTION_TITLES
from ._text import Token, comparable, match_at, normalize, phrase_words, tokenize


@dataclass(frozen=True)
class Phrase:
    """A phrase to look for: its comparable words, display text and an optional unit key."""

    words: tuple[str, ...]
    display: str
    key: str | None = None
    label: str | None = None


def phrases(texts: Iterable[str], key: str | None = None) -> list[Phrase]:
    """Return Phrase objects for display texts."""
    out = []
    for text in texts:
        words = phrase_words(text)
        if words:
            out.append(Phrase(words, text, key))
    return out


@dataclass(frozen=True)
class Found:
    """A phrase found in a token list: token span [first, last] and the phrase."""

    first: int
    last: int
    phrase: Phrase
    exact: bool


def find_all(tokens: Sequence[Token], table: Sequence[Phrase]) -> list[Found]:
    """Return non-overlapping phrases of `table` in `tokens`, longest match first, left to right."""
    words = comparable(tokens)
    by_first: dict[str, list[Phrase]] = {}
    for phrase in table:
        by_first.setdefault(phrase.words[0][:1], []).append(phrase)
    for group in by_first.values():
        group.sort(key=lambda p: (-len(p.words), p.key is None))
    found: list[Found] = []
    i = 0
    while i < len(words):
        best: tuple[int, Phrase] | None = None
        for phrase in by_first.get(words[i].norm[:1], []):
            n = match_at(words, i, phrase.words)
            if n and (best is None or n > best[0]):
                best = (n, phrase)
        if best is None:
            # OCR may change the first letter ("Pang" for "Đảng"): try every phrase, rarely.
            for phrase in table:
                if len(phrase.words) >= 3:
                    n = match_at(words, i, phrase.words)
                    if n and (best is None or n > best[0]):
                        best = (n, phrase)
        if best is None:
            i += 1
            continue
        n, phrase = best
        first, last = words[i].token, words[i + n - 1].token
        exact = match_at(words, i, phrase.words, exact=True) == n
        found.append(Found(first, last, phrase, exact))
        i += n
    return found


def _cased_like(source: str, display: str) -> str:
    letters = [c for c in source if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.7:
        return display.upper()
    return display


def restore(text: str, table: Sequence[Phrase]) -> str:
    """Return text with every damaged known phrase replaced by its correct spelling."""
    text = normalize(text)
    tokens = tokenize(text)
    out = []
    cursor = 0
    for hit in find_all(tokens, table):
        start, end = tokens[hit.first].start, tokens[hit.last].end
        if text[start:end].casefold() == hit.phrase.display.casefold():
            continue
        out.append(text[cursor:start])
        out.append(_cased_like(text[start:end], hit.phrase.display))
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def best_match(text: str, table: Sequence[Phrase]) -> Phrase | None:
    """Return the phrase of `table` that covers all of `text`, if any."""
    tokens = tokenize(normalize(text))
    words = comparable(tokens)
    for phrase in sorted(table, key=lambda p: -len(p.words)):
        if len(phrase.words) == len(words) and match_at(words, 0, phrase.words):
            return phrase
    return None


PLACE_TABLE = phrases(PLACES)
ISSUER_TABLE = phrases(ISSUERS)
TYPE_TABLE = [Phrase(tuple(folded.split()), display) for folded, display in DOC_TYPES]
TITLE_TABLE = phrases(SECTION_TITLES)
HEADER_TABLE = phrases(
    [*ISSUERS, "Ủy ban nhân dân", "Hội đồng nhân dân", "Đảng bộ tỉnh", "Ban Thường vụ", *PLACES]
)
GENERIC_ACTOR_TABLE = phrases(GENERIC_ACTORS)

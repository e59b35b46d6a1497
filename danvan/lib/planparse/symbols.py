"""Document numbers and symbols (33/CT-TTg, 25-NQ/TW, 42/2013/QH13), read through OCR noise."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._data import ISSUER_CODES, PARTY_CODES, STATE_CODES
from ._text import fold_word, levenshtein

_L = r"A-Za-zĐđ"
_SEP = r"\s*-[\s-]*"
# number / [year /] CODE - ISSUER[-DEPT]; the hyphen may be doubled or broken across lines.
_STATE = re.compile(
    rf"(?<![\w/.\-])(?P<num>\d{{1,5}})\s*/\s*(?:(?P<year>(?:19|20)\d{{2}})\s*/\s*)?"
    rf"(?P<code>[A-ZĐ][{_L}]{{0,5}})(?:{_SEP}(?P<iss>[A-ZĐ][{_L}]{{0,7}}(?:-[A-ZĐ][{_L}]{{0,7}})?))?"
    rf"(?P<qh>\d{{1,2}})?(?![\w/])"
)
# number - CODE / ISSUER (Party documents).
_PARTY = re.compile(
    rf"(?<![\w/.\-])(?P<num>\d{{1,5}}){_SEP}(?P<code>[A-ZĐ][{_L}]{{0,4}})\s*/\s*"
    rf"(?P<iss>[A-ZĐ][{_L}]{{1,8}})(?![\w/])"
)
_URL = re.compile(r"\b(?:https?://|www\.)\S+")


@dataclass
class SymbolMatch:
    """One written document reference, normalised."""

    family: str  # state, party, law
    number: str
    symbol: str
    full_ref: str
    type_code: str | None
    type_name: str | None
    issuer_code: str | None
    start: int
    end: int
    flags: list[str] = field(default_factory=list)


def _fold_code(code: str) -> str:
    return fold_word(code).upper()


def canonical_code(written: str, family: str) -> tuple[str | None, bool]:
    """Return the type code meant by a written code, and whether it had to be corrected.

    "QD" is "QĐ" without its stroke (no correction); "Qb" and "QDP" are OCR typos of "QĐ".
    """
    table = PARTY_CODES if family == "party" else STATE_CODES
    if written in table:
        return written, False
    folded = _fold_code(written)
    exact = [c for c in table if _fold_code(c) == folded]
    if exact:
        return exact[0], False
    if len(folded) < 2:
        return None, False
    # OCR reads the stroked Đ as "b" or "P": try that reading first.
    for variant in (folded.replace("B", "D"), folded.replace("P", "D"), folded):
        same_start = [c for c in table if _fold_code(c)[0] == variant[0]]
        exact = [c for c in same_start if _fold_code(c) == variant]
        if exact:
            return exact[0], True
        near = sorted(
            (levenshtein(variant, _fold_code(c), 1), -len(c), c)
            for c in same_start
            if levenshtein(variant, _fold_code(c), 1) <= 1
        )
        if near:
            return near[0][2], True
    return None, False


def canonical_issuer(written: str) -> str:
    """Return the issuer part of a symbol in its usual case ("TTG" -> "TTg")."""
    head, _, tail = written.partition("-")
    for code in ISSUER_CODES:
        if _fold_code(code) == _fold_code(head):
            head = code
            break
    return f"{head}-{tail}" if tail else head


def _masked(text: str) -> str:
    # Numbers inside web addresses are not citations; blank the addresses out.
    return _URL.sub(lambda m: " " * len(m.group()), text)


def find_symbols(text: str, start: int = 0, end: int | None = None) -> list[SymbolMatch]:
    """Return every document symbol in text[start:end], in order of appearance."""
    stop = len(text) if end is None else end
    window = _masked(text[start:stop])
    found: list[SymbolMatch] = []
    taken: list[tuple[int, int]] = []
    for match in _PARTY.finditer(window):
        code, fixed = canonical_code(match.group("code"), "party")
        if code is None:
            continue
        issuer = canonical_issuer(match.group("iss"))
        symbol = f"{code}/{issuer}"
        item = SymbolMatch(
            "party",
            match.group("num"),
            symbol,
            f"{match.group('num')}-{symbol}",
            code,
            PARTY_CODES[code],
            issuer,
            start + match.start(),
            start + match.end(),
        )
        if fixed:
            item.flags.append(
                f"{item.full_ref}: ký hiệu viết là “{match.group('code')}”, đã sửa thành “{code}”"
            )
        found.append(item)
        taken.append((match.start(), match.end()))
    for match in _STATE.finditer(window):
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        state = _state(match, start)
        if state is not None:
            found.append(state)
    found.sort(key=lambda s: s.start)
    return found


def _state(match: re.Match[str], base: int) -> SymbolMatch | None:
    num, year = match.group("num"), match.group("year")
    written, issuer, qh = match.group("code"), match.group("iss"), match.group("qh")
    if issuer is None:
        # Only a law's number has no hyphen: 42/2013/QH13.
        if year and _fold_code(written) == "QH" and qh:
            number = f"{num}/{year}"
            symbol = f"QH{qh}"
            return SymbolMatch(
                "law", number, symbol, f"{number}/{symbol}", None, "Luật", "QH",
                base + match.start(), base + match.end(),
            )  # fmt: skip
        return None
    if qh:
        issuer = f"{issuer}{qh}"
    code, fixed = canonical_code(written, "state")
    issuer = canonical_issuer(issuer)
    number = f"{num}/{year}" if year else num
    if code is None:
        # A letter (công văn) has no type code: 1657/UBND-KGVX.
        head = canonical_issuer(written)
        if _fold_code(head) not in {_fold_code(c) for c in ISSUER_CODES} and len(head) < 2:
            return None
        symbol = f"{head}-{issuer}"
        return SymbolMatch(
            "state", number, symbol, f"{number}/{symbol}", None, None, head,
            base + match.start(), base + match.end(),
        )  # fmt: skip
    symbol = f"{code}-{issuer}"
    item = SymbolMatch(
        "state", number, symbol, f"{number}/{symbol}", code, STATE_CODES[code], issuer,
        base + match.start(), base + match.end(),
    )  # fmt: skip
    if fixed:
        item.flags.append(f"{item.full_ref}: ký hiệu viết là “{written}”, đã sửa thành “{code}”")
    return item

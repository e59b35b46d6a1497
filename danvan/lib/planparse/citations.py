"""Legal citations of a plan: every document it refers to, merged over its mentions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from ._data import ISSUER_BY_CODE, LAWS, STATE_CODES
from ._text import Token, comparable, fold_aligned, match_at, similar, squash, tokenize
from .model import Citation, Mention
from .symbols import SymbolMatch, find_symbols
from .vocab import ISSUER_TABLE, TYPE_TABLE, find_all

_DATE_AFTER = re.compile(
    r"\s*,?\s*(?:ng\S{0,2}y\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*((?:19|20)\d{2})"
    r"|\s*,?\s*ng\S{0,2}y\s+(\d{1,2})\s+th\S{1,3}g\s+(\d{1,2})\s+n\S{1,2}m\s+((?:19|20)\d{2})"
)
_OF = ("cua", "cta", "cia", "ctia", "ciia", "caa", "cuaa", "cla", "cuia", "ctua", "cda", "ciua")
_ABOUT = ("ve", "vi", "vo")
_SUBJECT_END = re.compile(r";|\.(?:\s|$)|\n\s*\n")
_LAW_WORD = re.compile(r"\b(?:b\S{0,2}\s+)?lu\S{1,2}t\s", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d{2}$")
SUBJECT_MAX = 300
_CODED_TYPES = frozenset(STATE_CODES.values())
# The preamble's main clause after a cited document's subject: ", <issuer> ban hành Kế hoạch".
_MAIN_CLAUSE = re.compile(r",\s+(?:\S+\s+){1,8}?ban\s+hanh\s+(?:ke\s+hoach|chuong\s+trinh)\b")
_NOT_A_SUBJECT = frozenset(
    {"den", "tai", "cho", "va", "trong", "de", "tu", "theo", "voi", "nham", "thi", "la"}
)


def _date(match: re.Match[str]) -> dt.date | None:
    groups = match.groups()
    day, month, year = groups[0:3] if groups[0] else groups[3:6]
    try:
        return dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def _type_before(tokens: Sequence[Token], index: int) -> str | None:
    """Return the document type written just before token `index` ("Chỉ thị số ...")."""
    last = index - 1
    if last >= 0 and (
        tokens[last].norm in {"so", "s", "s0", "s6", "se", "sd", "sb", "50", "s9"}
        or similar(tokens[last].norm, "so")
    ):
        last -= 1
    if last < 0:
        return None
    first = max(0, last - 3)
    words = comparable(tokens[first : last + 1])
    best: tuple[int, str] | None = None
    for phrase in TYPE_TABLE:
        n = len(phrase.words)
        start = len(words) - n
        if start >= 0 and match_at(words, start, phrase.words) and (best is None or n > best[0]):
            best = (n, phrase.display)
    return best[1] if best else None


def _issuer_at(text: str, pos: int, limit: int) -> tuple[str | None, int]:
    """Return the issuer named by "của ..." at `pos`, and where it ends."""
    tokens = tokenize(text, pos, min(limit, pos + 120))
    if not tokens or tokens[0].norm not in _OF:
        return None, pos
    found = find_all(tokens[1:8], ISSUER_TABLE)
    if found and found[0].first == 0:
        hit = found[0]
        return hit.phrase.display, tokens[1 + hit.last].end
    return None, tokens[0].end


def _subject_at(text: str, pos: int, limit: int) -> tuple[str | None, str]:
    """Return the subject starting at `pos` and any words standing before its "về"."""
    window = text[pos : min(limit, pos + SUBJECT_MAX * 2)]
    end = _SUBJECT_END.search(window)
    raw = window[: end.start()] if end else window[:SUBJECT_MAX]
    # "Thực hiện Chỉ thị ... về ..., Ủy ban nhân dân tỉnh ban hành Kế hoạch ... như sau:"
    main_clause = _MAIN_CLAUSE.search(fold_aligned(raw))
    if main_clause:
        raw = raw[: main_clause.start()]
    tokens = tokenize(raw)
    prefix = ""
    if not tokens:
        return None, prefix
    about = next((i for i, t in enumerate(tokens[:5]) if t.norm in _ABOUT), None)
    if about is None and tokens[0].norm in _NOT_A_SUBJECT:
        # "... của Thủ tướng Chính phủ đến cán bộ": the sentence goes on, no subject here.
        return None, prefix
    if about is not None:
        prefix = squash(raw[: tokens[about].start]) if about else ""
        raw = raw[tokens[about].end :]
    raw = squash(raw).strip(" ,")
    if len(raw) > SUBJECT_MAX:
        raw = raw[:SUBJECT_MAX].rsplit(" ", 1)[0] + "…"
    return raw or None, prefix


def _context(text: str, start: int, end: int) -> str:
    """Return the words around a mention, within its paragraph."""
    left = text.rfind("\n\n", 0, start)
    left = max(left + 2 if left >= 0 else 0, start - 150)
    right = text.find("\n\n", end)
    right = min(right if right >= 0 else len(text), end + 200)
    return squash(text[left:right])


Locate = Callable[[int], tuple[str | None, str | None]]


def _no_location(offset: int) -> tuple[str | None, str | None]:
    return None, None


def _law_key(name_key: str, year: int) -> str:
    return f"law:{name_key}:{year}"


def _laws(text: str) -> list[tuple[str, str, int, int, int]]:
    """Return laws cited by name: (key, display name, year, start, end)."""
    found = []
    tokens = tokenize(text)
    for i, token in enumerate(tokens):
        if not (token.norm == "luat" or (len(token.norm) == 4 and similar(token.norm, "luat"))):
            continue
        if not token.text[:1].isupper() and not (i and tokens[i - 1].norm == "bo"):
            continue
        if i and tokens[i - 1].norm in {"phap", "quy"}:
            continue
        name_tokens: list[Token] = []
        year = None
        end = token.end
        for follower in tokens[i + 1 : i + 10]:
            if _YEAR.fullmatch(follower.norm):
                year = int(follower.norm)
                end = follower.end
                break
            if follower.norm.isdigit():
                break
            name_tokens.append(follower)
        if year is None or not name_tokens:
            continue
        if len(name_tokens) > 1 and (
            name_tokens[-1].norm in {"nam", "nim", "ndm", "nem", "nom"}
            or similar(name_tokens[-1].norm, "nam")
        ):
            name_tokens = name_tokens[:-1]
        words = comparable(name_tokens)
        key, display = None, None
        for law_key, (law_name, _numbers) in LAWS.items():
            parts = tuple(law_key.split())
            if len(parts) == len(words) and match_at(words, 0, parts, anchored=False):
                key, display = law_key, law_name
                break
        if key is None:
            if len(name_tokens) > 7:
                continue
            display = squash(text[name_tokens[0].start : name_tokens[-1].end])
            key = " ".join(w.norm for w in words)
        assert display is not None
        kind = "Bộ luật" if i and tokens[i - 1].norm == "bo" else "Luật"
        start = tokens[i - 1].start if kind == "Bộ luật" else token.start
        found.append((f"{kind}|{key}", display, year, start, end))
    return found


def find_citations(
    text: str,
    *,
    own_ref: str | None = None,
    locate: Locate = _no_location,
    body_start: int = 0,
) -> list[Citation]:
    """Return the documents cited in `text` after `body_start`, merged by reference."""
    by_key: dict[str, Citation] = {}
    order: list[str] = []
    tokens = tokenize(text)
    token_at = {t.start: i for i, t in enumerate(tokens)}

    def add(citation: Citation, mention: Mention) -> None:
        existing = by_key.get(citation.key)
        if existing is None:
            by_key[citation.key] = citation
            order.append(citation.key)
            citation.mentions.append(mention)
            return
        existing.mentions.append(mention)
        for attr in ("date", "issuer", "subject", "type"):
            if getattr(existing, attr) is None and getattr(citation, attr) is not None:
                setattr(existing, attr, getattr(citation, attr))
        if citation.date and existing.date and citation.date != existing.date:
            existing.flags.append(
                f"{existing.full_ref}: hai ngày khác nhau ({existing.date:%d/%m/%Y} và "
                f"{citation.date:%d/%m/%Y})"
            )
        for flag in citation.flags:
            if flag not in existing.flags:
                existing.flags.append(flag)

    symbols = find_symbols(text, body_start)
    for position, symbol in enumerate(symbols):
        if own_ref and symbol.full_ref == own_ref:
            continue
        limit = len(text)
        if position + 1 < len(symbols):
            limit = _sibling_start(tokens, token_at, symbols[position + 1].start, limit)
        citation = _from_symbol(text, symbol, tokens, token_at, limit)
        section, item = locate(symbol.start)
        add(
            citation, Mention(section, item, symbol.start, _context(text, symbol.start, symbol.end))
        )

    for key, display, year, start, end in _laws(text[body_start:]):
        start += body_start
        end += body_start
        kind, _, name_key = key.partition("|")
        known = LAWS.get(name_key, ("", {}))[1].get(year)
        citation = Citation(
            type=kind,
            number=known[0] if known else None,
            symbol=known[1] if known else None,
            full_ref=f"{kind} {display} năm {year}",
            date=known[2] if known else None,
            issuer="Quốc hội",
            subject=display,
            key=_law_key(name_key, year),
            family="law",
        )
        section, item = locate(start)
        add(citation, Mention(section, item, start, _context(text, start, end)))
    return [by_key[k] for k in order]


def _sibling_start(
    tokens: Sequence[Token], token_at: dict[int, int], start: int, default: int
) -> int:
    """Return where "và <type> số <next symbol>" begins, or `default` if the next is embedded."""
    index = token_at.get(start)
    if index is None:
        return default
    kind = _type_before(tokens, index)
    if kind is None:
        return default
    first = index - len(kind.split())
    if first > 0 and tokens[first - 1].norm in {"so", "s6", "s0", "sd", "se", "50"}:
        first -= 1
    first = max(first, 0)
    while first > 0 and tokens[first].norm not in {"va"} and first > index - 6:
        first -= 1
    if tokens[first].norm == "va":
        return tokens[first].start
    return default


def _from_symbol(
    text: str,
    symbol: SymbolMatch,
    tokens: Sequence[Token],
    token_at: dict[int, int],
    limit: int,
) -> Citation:
    index = token_at.get(symbol.start)
    if index is None:
        index = next((i for i, t in enumerate(tokens) if t.start >= symbol.start), len(tokens))
    written_type = _type_before(tokens, index)
    doc_type = symbol.type_name
    flags: list[str] = []
    if written_type and symbol.type_code is None and written_type in _CODED_TYPES:
        # Every type but the letter has a code in its symbol ("05/CĐ-UBND"): a misread word
        # ("Công viện" for "Công văn") must not make "2160/UBND-NC" a "Công điện".
        flags.append(
            f"{symbol.full_ref}: ký hiệu không có mã loại văn bản nhưng được dẫn là "
            f"“{written_type}”, đã ghi là Công văn"
        )
        written_type = None
    if written_type and (doc_type is None or written_type.startswith(doc_type)):
        doc_type = written_type
    if doc_type is None:
        doc_type = "Công văn"
    pos = symbol.end
    date = None
    match = _DATE_AFTER.match(fold_aligned(text[pos : pos + 40]))
    if match:
        date = _date(match)
        pos += match.end()
    issuer, pos = _issuer_at(text, pos, limit)
    if issuer is None and symbol.issuer_code:
        issuer = ISSUER_BY_CODE.get(symbol.issuer_code.split("-")[0])
    if symbol.family == "law":
        for law_key, (_name, numbers) in LAWS.items():
            for year, (number, law_symbol, passed) in numbers.items():
                if number == symbol.number and law_symbol == symbol.symbol:
                    return Citation(
                        "Luật", number, law_symbol, f"Luật {_name} năm {year}", passed,
                        "Quốc hội", _name, _law_key(law_key, year), family="law",
                    )  # fmt: skip
    subject, prefix = _subject_at(text, pos, limit)
    if issuer and prefix and len(prefix) <= 20:
        issuer = f"{issuer} {prefix.replace('khoa', 'khóa')}"
    key = f"{symbol.family}:{symbol.full_ref.casefold()}"
    return Citation(
        type=doc_type,
        number=symbol.number,
        symbol=symbol.symbol,
        full_ref=symbol.full_ref,
        date=date,
        issuer=issuer,
        subject=subject,
        key=key,
        flags=[*symbol.flags, *flags],
        family=symbol.family,
    )

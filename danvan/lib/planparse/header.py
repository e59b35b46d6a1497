"""The header of an official document: issuing body, number and symbol, place and date, type."""

from __future__ import annotations

import datetime as dt
import re

from ._text import fold_aligned, squash
from .model import Header
from .symbols import find_symbols
from .vocab import HEADER_TABLE, PLACE_TABLE, TYPE_TABLE, best_match, restore

_MOTTO = re.compile(r"\S+\s+\S+\s*-\s*\S+\s+d\S{0,2}\s*-\s*h\S{2,5}\s+p\S{2,5}")
_REPUBLIC = re.compile(r"c\S{1,3}ng\s+h\S{1,3}a\b")
_PARTY = re.compile(r"d\S{1,3}ng\s+c\S{1,3}ng\s+s\S{1,3}n\s+vi\S{1,3}t\s+nam")
_NUMBER = re.compile(r"^\s*s\S{0,2}\s*:?\s*(?=\d)|\bs\S{0,2}\s*:")
_DATE = re.compile(
    r"ng\S{0,2}y\s+(\d{1,2})\s+th\S{1,3}g\s+(\d{1,2})\s+n\S{1,2}m\s+(\d{4})", re.IGNORECASE
)
_SECTION_START = re.compile(r"^\s*[IVXLivxl1|]{1,5}\s*[.)]\s*\S")
_LOCAL_LEVEL = ("tinh", "huyen", "xa", "thanh pho", "quan", "phuong", "thi xa", "thi tran")
_RULE = re.compile(r"^[\s\-_–—=*.]+$")
HEADER_LINES = 40


def _lines(text: str, start: int = 0) -> list[tuple[int, str]]:
    out = []
    offset = 0
    for line in text.split("\n"):
        if offset >= start:
            out.append((offset, line))
        offset += len(line) + 1
    return out


def _left_part(line: str) -> str:
    folded = fold_aligned(line)
    cut = len(line)
    for pattern in (_REPUBLIC, _PARTY, _MOTTO):
        match = pattern.search(folded)
        if match:
            cut = min(cut, match.start())
    return line[:cut].strip()


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


def _place(raw: str) -> str | None:
    raw = squash(raw).strip(" ,")
    if not raw:
        return None
    known = best_match(raw, PLACE_TABLE)
    return known.display if known else raw


def parse_header(text: str, flags: list[str]) -> Header:
    """Return the header found in the first lines of a plan, and where its body starts."""
    header = Header()
    lines = _lines(text)[:HEADER_LINES]
    number_line = None
    issuer_lines: list[str] = []
    for index, (offset, line) in enumerate(lines):
        if _SECTION_START.match(line) and index > 3:
            break
        folded = fold_aligned(line)
        number = _NUMBER.search(folded)
        if number and header.full_ref is None:
            symbols = find_symbols(text, offset + number.end(), offset + len(line))
            if symbols:
                symbol = symbols[0]
                header.number = symbol.number
                header.symbol = symbol.symbol
                header.full_ref = symbol.full_ref
                header.type = symbol.type_name
                flags.extend(symbol.flags)
                number_line = index
                rest = line[symbol.end - offset :]
                date = _DATE.search(fold_aligned(rest))
                if date:
                    header.place = _place(rest[: date.start()])
                    header.date = _date(date)
                continue
        if number_line is None and line.strip():
            left = _left_part(line)
            if left:
                issuer_lines.append(left)
        if header.date is None:
            date = _DATE.search(folded)
            if date:
                header.date = _date(date)
                if header.date is None:
                    flags.append("header: ngày ban hành không hợp lệ")
                if header.place is None:
                    before = line[: date.start()]
                    header.place = _place(_left_part(before) if before.strip() else "")
    if header.date is None and lines:
        # The date line may wrap ("... năm" / "2025") in PDF text.
        end = lines[-1][0] + len(lines[-1][1])
        date = _DATE.search(fold_aligned(text[:end]))
        if date:
            header.date = _date(date)
            line_start = text.rfind("\n", 0, date.start()) + 1
            before = text[line_start : date.start()]
            if header.place is None and before.strip():
                header.place = _place(_left_part(before))
    _issuer(header, issuer_lines)
    _type_and_title(header, text, lines, number_line)
    return header


def _issuer(header: Header, issuer_lines: list[str]) -> None:
    cleaned = [squash(line) for line in issuer_lines if line.strip()]
    cleaned = [line for line in cleaned if line and not _RULE.match(line)]
    if not cleaned:
        return
    last = fold_aligned(cleaned[-1])
    if len(cleaned) == 1 or any(last.startswith(level + " ") for level in _LOCAL_LEVEL):
        header.issuer = squash(restore(" ".join(cleaned), HEADER_TABLE))
    else:
        header.issuer_parent = squash(restore(" ".join(cleaned[:-1]), HEADER_TABLE))
        header.issuer = squash(restore(cleaned[-1], HEADER_TABLE))


def _type_and_title(
    header: Header, text: str, lines: list[tuple[int, str]], number_line: int | None
) -> None:
    start = (number_line or 0) + 1
    type_line = None
    for index in range(start, len(lines)):
        offset, line = lines[index]
        if not line.strip() or _DATE.search(fold_aligned(line)):
            continue
        found = best_match(_left_part(line) or line, TYPE_TABLE)
        if found and line.strip().upper() == line.strip():
            header.type = found.display
            type_line = index
            break
        if _SECTION_START.match(line):
            break
    if type_line is None:
        header.body_start = lines[start][0] if start < len(lines) else 0
        return
    paragraphs: list[list[str]] = []
    current: list[str] = []
    end_offset = lines[type_line][0] + len(lines[type_line][1]) + 1
    for offset, line in lines[type_line + 1 :]:
        if _SECTION_START.match(line):
            break
        if not line.strip() or _RULE.match(line):
            if current:
                paragraphs.append(current)
                current = []
                if len(paragraphs) >= 2:
                    break
            end_offset = offset + len(line) + 1
            continue
        current.append(line)
        end_offset = offset + len(line) + 1
    if current and len(paragraphs) < 2:
        paragraphs.append(current)
    if paragraphs:
        title = squash(" ".join(paragraphs[0]))
        header.title = title
        second = squash(" ".join(paragraphs[1])) if len(paragraphs) > 1 else ""
        title_end = end_offset
        if second and second[:1].islower():
            header.title = f"{title} {second}"
        elif second:
            # The second paragraph is the start of the preamble: the body begins there.
            title_end = text.find(paragraphs[1][0], lines[type_line][0])
        header.body_start = title_end
    else:
        header.body_start = end_offset

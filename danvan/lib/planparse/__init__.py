"""Plan documents as text in, structure out: header, outline, tasks, citations and actors.

Pure Python (no Django): `parse_plan(text, aliases=...)` works on correct Vietnamese and on
OCR text whose diacritics and letters are damaged around the parts it looks for.
"""

from __future__ import annotations

from collections.abc import Iterable

from ._text import fold_word, normalize
from .actors import find_actors
from .citations import find_citations
from .header import parse_header
from .model import Actor, Citation, Header, Item, Mention, ParsedPlan, PlanTask, Section, SubItem
from .outline import parse_outline, plan_tasks
from .vocab import Phrase, phrases

__all__ = [
    "Actor",
    "Alias",
    "Citation",
    "Header",
    "Item",
    "Mention",
    "ParsedPlan",
    "PlanTask",
    "Section",
    "SubItem",
    "alias_table",
    "fold_word",
    "normalize",
    "parse_plan",
]

Alias = tuple[str, str, str]  # (phrase as written, unit key, unit label)


def alias_table(aliases: Iterable[Alias]) -> list[Phrase]:
    """Return the matching table for (phrase, key, label) triples, e.g. from the unit list."""
    table = []
    for text, key, label in aliases:
        for phrase in phrases([text], key):
            table.append(Phrase(phrase.words, text, key, label))
    return table


def parse_plan(text: str, *, aliases: Iterable[Alias] = ()) -> ParsedPlan:
    """Return the structure of a plan document given as plain text."""
    text = normalize(text)
    flags: list[str] = []
    header = parse_header(text, flags)
    sections = parse_outline(text, header.body_start, flags)
    if sections:
        first = sections[0].start
        header.preamble = " ".join(
            line.strip() for line in text[header.body_start : first].split("\n") if line.strip()
        )

    def locate(offset: int) -> tuple[str | None, str | None]:
        for section in sections:
            if section.start <= offset < section.end:
                for item in section.items:
                    if item.start <= offset < item.end:
                        return section.numeral, item.number or None
                return section.numeral, None
        return None, None

    citations = find_citations(
        text, own_ref=header.full_ref, locate=locate, body_start=header.body_start
    )
    actors = find_actors(sections, alias_table(aliases))
    return ParsedPlan(
        text=text,
        header=header,
        sections=sections,
        tasks=plan_tasks(sections),
        citations=citations,
        actors=actors,
        flags=flags,
    )

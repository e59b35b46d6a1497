"""Actors of "Tổ chức thực hiện": who leads, coordinates, guides and monitors, consolidates."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ._data import HEAD_TITLES
from ._text import IGNORED, Token, comparable, fold_word, match_at, similar, squash, tokenize
from .model import Actor, Section
from .vocab import GENERIC_ACTOR_TABLE, Found, Phrase, find_all

LEAD, COORDINATE, GUIDE, CONSOLIDATE = "lead", "coordinate", "guide_monitor", "consolidate_report"
# Words that end the subject of a responsibility sentence and start what it must do.
PREDICATE = tuple(
    tuple(p.split())
    for p in (
        "co trach nhiem", "chiu trach nhiem", "tham muu", "chu tri", "phoi hop", "huong dan",
        "theo doi", "kiem tra", "tong hop", "xay dung", "trien khai", "thuc hien",
        "nghiem tuc", "theo chuc nang", "can cu chuc nang", "to chuc thuc hien", "chi dao",
        "khan truong", "tiep tuc",
        "dinh ky", "quan triet", "tuyen truyen", "bo tri", "dam bao", "tich cuc", "de xuat",
        "don doc", "giam sat", "cu can bo", "phan cong", "ban hanh", "to chuc trien khai",
    )
)  # fmt: skip
ROLE_WORDS = (
    (LEAD, ("chu", "tri")),
    (GUIDE, ("huong", "dan")),
    (GUIDE, ("theo", "doi")),
    (GUIDE, ("kiem", "tra")),
    (GUIDE, ("don", "doc")),
    (GUIDE, ("giam", "sat")),
    (CONSOLIDATE, ("tong", "hop")),
    (COORDINATE, ("phoi", "hop")),
)
_SENTENCE = re.compile(r"(?<=[.;])\s+")
_QUALIFIERS = frozenset({"thuoc", "truc"})
_FILLER = frozenset({"va", "voi", "cung"})
SUBJECT_WORDS = 30


def _first(words: Sequence[str], phrases: Sequence[tuple[str, ...]], skip: set[int]) -> int | None:
    from ._text import Word

    items = [Word(w, i) for i, w in enumerate(words)]
    for i in range(1, len(items)):
        if i in skip or words[i] in IGNORED:
            continue
        for phrase in phrases:
            if match_at(items, i, phrase):
                return i
    return None


def _roles(text: str) -> list[str]:
    words = [w.norm for w in comparable(tokenize(text))]
    roles: list[str] = []
    from ._text import Word

    items = [Word(w, i) for i, w in enumerate(words)]
    has_lead = any(match_at(items, i, ("chu", "tri")) for i in range(len(items)))
    for role, phrase in ROLE_WORDS:
        if role == COORDINATE and has_lead:
            continue
        if any(match_at(items, i, phrase) for i in range(len(items))) and role not in roles:
            roles.append(role)
    if has_lead and LEAD not in roles:
        roles.insert(0, LEAD)
    # Bare "báo cáo" or "xây dựng kế hoạch" is the actor's own work: it leads it.
    return roles or [LEAD]


def _head_title(tokens: Sequence[Token]) -> str | None:
    norms = tuple(t.norm for t in tokens)
    for title, display in HEAD_TITLES:
        if len(norms) == len(title) and all(
            similar(a, b) for a, b in zip(norms, title, strict=True)
        ):
            return display
    return None


def split_actors(
    text: str, tokens: Sequence[Token], table: Sequence[Phrase]
) -> list[tuple[str, Phrase | None]]:
    """Return the actors named in a subject phrase: (name, matched phrase or None)."""
    hits = find_all(tokens, table)
    out: list[tuple[str, Phrase | None]] = []
    cursor = 0
    pending_title = ""

    def gap(first: int, last: int) -> None:
        nonlocal pending_title
        pieces: list[list[Token]] = [[]]
        for token in tokens[first:last]:
            if token.norm in _FILLER and token.norm == "va":
                pieces.append([])
            elif token.norm not in _FILLER:
                pieces[-1].append(token)
            if text[token.end : token.end + 1] == ",":
                pieces.append([])
        for piece in pieces:
            if not piece:
                continue
            core = [t for t in piece if t.norm not in IGNORED]
            title = _head_title(core)
            if title:
                pending_title = title
                continue
            if len(core) < 2:
                continue
            if piece[0].norm in _QUALIFIERS and out:
                name, phrase = out[-1]
                out[-1] = (f"{name} {squash(text[piece[0].start : piece[-1].end])}", phrase)
                continue
            if len(piece) >= 2:
                out.append((squash(text[piece[0].start : piece[-1].end]), None))

    for hit in hits:
        gap(cursor, hit.first)
        qualifier = hit.first > 0 and tokens[hit.first - 1].norm in _QUALIFIERS
        if qualifier and out:
            name, phrase = out[-1]
            span = squash(text[tokens[hit.first - 1].start : tokens[hit.last].end])
            out[-1] = (f"{name} {span}", phrase)
            cursor = hit.last + 1
            continue
        name = _name(text, tokens, hit)
        if pending_title:
            lowered = name[:1].lower() + name[1:] if name[:3] == "Các" else name
            name = f"{pending_title} {lowered}"
            pending_title = ""
        else:
            name = name[:1].upper() + name[1:]
        out.append((name, hit.phrase))
        cursor = hit.last + 1
    gap(cursor, len(tokens))
    return out


def _name(text: str, tokens: Sequence[Token], hit: Found) -> str:
    """Return an actor's name as written when it is spelt right, else the known spelling.

    A leading "các"/"những" (ignored when matching) belongs to the name; a name written with
    stray OCR characters or other marks ("Sở& Nội vụ", "Sơ Nôi vu") gets the known spelling.
    """
    first, lead = hit.first, ""
    if first > 0 and tokens[first - 1].norm in IGNORED:
        first -= 1
        lead = _IGNORED_SPELT[tokens[first].norm]
        lead = lead.capitalize() if tokens[first].text[:1].isupper() else lead
    written = squash(text[tokens[first].start : tokens[hit.last].end])
    display = hit.phrase.display
    if lead and fold_word(display.split()[0]) not in IGNORED:
        display = f"{lead} {display}"
    if hit.exact and _bare(written) == _bare(display):
        return written
    return display


_IGNORED_SPELT = {"cac": "các", "nhung": "những"}
_SEPARATORS = re.compile(r"[\s,;:]+")


def _bare(name: str) -> str:
    """Return a name lower-cased, its words split at spaces and punctuation between words."""
    return " ".join(w for w in _SEPARATORS.split(name.casefold()) if w)


def find_actors(sections: Sequence[Section], table: Sequence[Phrase] = ()) -> list[Actor]:
    """Return the actors of the organisation section(s), each with its role and unit."""
    full_table = list(table) + GENERIC_ACTOR_TABLE
    actors: list[Actor] = []
    seen: set[tuple[str, str]] = set()
    for section in sections:
        if section.kind != "organisation":
            continue
        for item in section.items:
            blocks: list[tuple[str, str]] = []
            if item.title:
                blocks.append((item.title, item.body))
            else:
                blocks.extend(("", p) for p in item.paragraphs)
                blocks.extend(("", s.text) for s in item.subitems)
            for heading, body in blocks:
                for actor in _block_actors(heading, body, full_table, item.number or None):
                    key = (actor.unit_key or fold_word(actor.name), actor.role)
                    if key not in seen:
                        seen.add(key)
                        actors.append(actor)
    return actors


def _block_actors(
    heading: str, body: str, table: Sequence[Phrase], item: str | None
) -> list[Actor]:
    if heading:
        subject, predicate = heading, body
    else:
        sentence = _SENTENCE.split(body, maxsplit=1)[0]
        tokens = tokenize(sentence)[:SUBJECT_WORDS]
        hits = find_all(tokens, table)
        covered = {i for h in hits for i in range(h.first, h.last + 1)}
        words = [t.norm for t in tokens]
        cut = _first(words, PREDICATE, covered)
        if cut is None or cut == 0:
            return []
        subject = sentence[: tokens[cut].start]
        predicate = body[tokens[cut].start :]
    subject_tokens = tokenize(subject)
    named = split_actors(subject, subject_tokens, table)
    roles = _roles(predicate)
    out = []
    for name, phrase in named:
        for role in roles:
            out.append(
                Actor(
                    name=name.strip(" ,;:"),
                    role=role,
                    unit=phrase.label if phrase and phrase.key else None,
                    unit_key=phrase.key if phrase else None,
                    text=squash(f"{heading} {body}") if heading else squash(body),
                    item=item,
                )
            )
    out.extend(_coordinators(predicate, table, item))
    return out


def _coordinators(predicate: str, table: Sequence[Phrase], item: str | None) -> list[Actor]:
    """Return the units named after "chủ trì, phối hợp với ..." as coordinating actors."""
    tokens = tokenize(predicate)
    words = comparable(tokens)
    if not any(match_at(words, i, ("chu", "tri")) for i in range(len(words))):
        return []
    out = []
    for i in range(len(words)):
        if match_at(words, i, ("phoi", "hop")):
            start = words[i].token + 2
            if start < len(tokens) and tokens[start].norm == "voi":
                start += 1
            rest = tokens[start : start + SUBJECT_WORDS]
            hits = find_all(rest, table)
            covered = {k for h in hits for k in range(h.first, h.last + 1)}
            words_after = [t.norm for t in rest]
            cut = _first(words_after, PREDICATE, covered)
            rest = rest[: cut if cut is not None else 8]
            if not rest:
                break
            span = predicate[rest[0].start : rest[-1].end]
            local = tokenize(span)
            for name, phrase in split_actors(span, local, table):
                out.append(
                    Actor(
                        name=name.strip(" ,;:"),
                        role=COORDINATE,
                        unit=phrase.label if phrase and phrase.key else None,
                        unit_key=phrase.key if phrase else None,
                        text=squash(predicate),
                        item=item,
                    )
                )
            break
    return out

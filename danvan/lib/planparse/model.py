"""What the plan parser returns: the header, the outline, tasks, citations and actors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Header:
    """The top of an official document (Decree 30 layout)."""

    issuer: str | None = None
    issuer_parent: str | None = None
    number: str | None = None
    symbol: str | None = None
    full_ref: str | None = None
    place: str | None = None
    date: dt.date | None = None
    type: str | None = None
    title: str | None = None
    preamble: str = ""
    body_start: int = 0

    def as_json(self) -> dict[str, Any]:
        """Return the header in the JSON contract of `danvan import-plan --json`."""
        return {
            "issuer": self.issuer,
            "issuer_parent": self.issuer_parent,
            "number": self.number,
            "symbol": self.symbol,
            "full_ref": self.full_ref,
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "type": self.type,
            "title": self.title,
        }


@dataclass
class SubItem:
    """A lettered sub-item ("a)") or a dash point inside a numbered item."""

    label: str
    text: str
    start: int


@dataclass
class Item:
    """A numbered item of a section; in the tasks section, a task group."""

    number: str
    title: str
    body: str
    start: int
    end: int
    paragraphs: list[str] = field(default_factory=list)
    subitems: list[SubItem] = field(default_factory=list)


@dataclass
class Section:
    """A Roman-numeral part of the plan."""

    numeral: str
    title: str
    kind: str  # "tasks", "organisation" or "other"
    start: int
    end: int
    items: list[Item] = field(default_factory=list)
    read_numeral: str = ""


@dataclass
class PlanTask:
    """A task drawn from the tasks section: one per sub-item, dash point or paragraph."""

    code: str
    title: str
    description: str
    section: str
    item: str


@dataclass
class Mention:
    """Where a citation occurs: section numeral, item number, offset and the words around it."""

    section: str | None
    item: str | None
    start: int
    text: str

    def as_json(self) -> dict[str, Any]:
        """Return the mention as JSON data."""
        return {"section": self.section, "item": self.item, "offset": self.start, "text": self.text}


@dataclass
class Citation:
    """A document the plan refers to, with every place it is mentioned."""

    type: str | None
    number: str | None
    symbol: str | None
    full_ref: str
    date: dt.date | None
    issuer: str | None
    subject: str | None
    key: str
    mentions: list[Mention] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    family: str = "state"  # "state", "party" or "law"

    def as_json(self) -> dict[str, Any]:
        """Return the citation in the JSON contract."""
        return {
            "type": self.type,
            "number": self.number,
            "symbol": self.symbol,
            "full_ref": self.full_ref,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
            "subject": self.subject,
            "mentions": [m.as_json() for m in self.mentions],
            "flags": list(self.flags),
        }


@dataclass
class Actor:
    """Who does what under "Tổ chức thực hiện"; `unit` is None when no unit matched."""

    name: str
    role: str  # lead, coordinate, guide_monitor, consolidate_report
    unit: str | None
    unit_key: str | None
    text: str
    item: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the actor in the JSON contract."""
        return {
            "name": self.name,
            "role": self.role,
            "unit": self.unit,
            "unit_key": self.unit_key,
            "text": self.text,
        }


@dataclass
class ParsedPlan:
    """Everything the parser found in one plan text; offsets refer to `text`."""

    text: str
    header: Header
    sections: list[Section]
    tasks: list[PlanTask]
    citations: list[Citation]
    actors: list[Actor]
    flags: list[str] = field(default_factory=list)

    def as_json(self, restored_text: str | None = None) -> dict[str, Any]:
        """Return the stable JSON contract of `danvan import-plan --json`."""
        return {
            "header": self.header.as_json(),
            "sections": [
                {
                    "numeral": s.numeral,
                    "title": s.title,
                    "kind": s.kind,
                    "items": [
                        {"number": i.number or None, "title": i.title or None, "body": i.body}
                        for i in s.items
                    ],
                }
                for s in self.sections
            ],
            "tasks": [
                {
                    "code": t.code,
                    "title": t.title,
                    "description": t.description,
                    "section": t.section,
                    "item": t.item,
                }
                for t in self.tasks
            ],
            "citations": [c.as_json() for c in self.citations],
            "actors": [a.as_json() for a in self.actors],
            "restored_text": restored_text if restored_text is not None else self.text,
            "flags": list(self.flags),
        }

"""The outline of a plan: Roman-numeral sections, numbered items, lettered sub-items, dashes."""

from __future__ import annotations

import re

from ._data import ORGANISATION_SECTION_WORDS, TASK_SECTION_WORDS
from ._text import fold_aligned, phrase_words, similar, squash
from .model import Item, PlanTask, Section, SubItem
from .vocab import TITLE_TABLE, best_match, restore

_SECTION = re.compile(r"^\s*(?P<num>[IVXLivxl1|]{1,5})\s*[.)]\s*(?P<title>\S.*)$")
_ITEM = re.compile(r"^\s*(?P<num>\d{1,2})\s*[.)]\s+(?P<rest>\S.*)$")
_LETTER = re.compile(r"^\s*(?P<letter>[a-zđ])\s*[).]\s+(?P<rest>\S.*)$")
_DASH = re.compile(r"^\s*[-–—•+*]\s+(?P<rest>\S.*)$")
_END = re.compile(r"^\s*(n\S{1,3}i\s+nh\S{1,3}n\s*:|tm\s*\.|kt\s*\.|q\s*\.\s*ch)", re.IGNORECASE)
_URL_ONLY = re.compile(r"^(?:(?:https?://|www\.)\S+\s*)+$")
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]
LETTERS = "abcdđeghiklmnopqrstuvxy"
TITLE_MAX = 250
TASK_TITLE_MAX = 280


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) >= 0.8


def _kind(title: str) -> str:
    words = phrase_words(title)
    for wanted, kind in (
        (ORGANISATION_SECTION_WORDS, "organisation"),
        (TASK_SECTION_WORDS, "tasks"),
    ):
        for phrase in wanted:
            for i in range(len(words) - len(phrase) + 1):
                if all(similar(words[i + k], p) for k, p in enumerate(phrase)):
                    return kind
    return "other"


def _join_lines(lines: list[str]) -> str:
    # A symbol broken after its hyphen ("1847/QĐ-" / "TTg") is joined back without a space.
    out = ""
    for line in lines:
        if out.endswith("-") and len(out) > 1 and not out[-2].isspace():
            out += line.strip()
        else:
            out = f"{out} {line.strip()}" if out else line.strip()
    return out


class _Builder:
    def __init__(self, text: str, flags: list[str]) -> None:
        self.text = text
        self.flags = flags
        self.sections: list[Section] = []
        self.paragraph: list[str] = []
        self.sub: SubItem | None = None
        self.after_blank = False

    @property
    def item(self) -> Item | None:
        section = self.sections[-1] if self.sections else None
        return section.items[-1] if section and section.items else None

    def flush(self) -> None:
        if not self.paragraph:
            return
        text = squash(_join_lines(self.paragraph))
        self.paragraph = []
        if self.sub is not None:
            self.sub.text = squash(_join_lines([self.sub.text, text]))
            return
        if self.sections and not self.sections[-1].items:
            # Text right under a section heading, before item 1: an unnumbered item.
            self.sections[-1].items.append(Item("", "", "", self._pos(), self._pos()))
        item = self.item
        if item is None:
            return
        if text[:1].islower() and item.paragraphs:
            # A paragraph cut by a page break goes on with a lower-case word.
            item.paragraphs[-1] = f"{item.paragraphs[-1]} {text}"
        else:
            item.paragraphs.append(text)

    def _pos(self) -> int:
        return 0

    def section(self, read: str, title: str, offset: int) -> None:
        self.flush()
        self.after_blank = False
        self.sub = None
        expected = _ROMAN[len(self.sections)] if len(self.sections) < len(_ROMAN) else read
        if read.upper() != expected:
            self.flags.append(f"Phần {expected}: số La Mã đọc được là “{read}”")
        known = best_match(title, TITLE_TABLE)
        clean = known.display if known else squash(restore(title, TITLE_TABLE)).upper()
        if self.sections:
            self.sections[-1].end = offset
        self.sections.append(Section(expected, clean, _kind(clean), offset, len(self.text)))
        self.sections[-1].read_numeral = read

    def new_item(self, number: str, rest: str, offset: int) -> None:
        self.flush()
        self.after_blank = False
        self.sub = None
        section = self.sections[-1]
        if section.items and section.items[-1].number == "":
            section.items[-1].end = offset
        if section.items:
            section.items[-1].end = offset
        section.items.append(Item(number, "", "", offset, section.end))
        self.paragraph = [rest]

    def new_sub(self, label: str, rest: str, offset: int) -> None:
        self.flush()
        self.after_blank = False
        item = self.item
        if item is None:
            self.paragraph = [rest]
            return
        self.sub = SubItem(label, squash(rest), offset)
        item.subitems.append(self.sub)

    def expected_letter(self) -> str:
        item = self.item
        letters = [s.label for s in item.subitems if s.label != "-"] if item else []
        if not letters:
            return "a"
        index = LETTERS.find(letters[-1])
        return LETTERS[index + 1] if 0 <= index < len(LETTERS) - 1 else ""


def parse_outline(text: str, body_start: int, flags: list[str]) -> list[Section]:
    """Return the sections of the plan body, with their items and sub-items."""
    builder = _Builder(text, flags)
    offset = 0
    for line in text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        if line_start < body_start:
            continue
        if _URL_ONLY.match(line.strip()):
            # Web addresses pasted into the scan (footnotes) are not part of any item.
            flags.append(f"Bỏ qua dòng chỉ có địa chỉ web: {line.strip()[:80]}")
            continue
        if not line.strip():
            builder.flush()
            builder.after_blank = True
            continue
        if _END.match(fold_aligned(line)) and builder.sections:
            builder.flush()
            builder.sections[-1].end = line_start
            break
        heading = _SECTION.match(line)
        if heading and _is_caps(heading.group("title")):
            numeral = heading.group("num").upper().replace("1", "I").replace("L", "I")
            numeral = numeral.replace("|", "I")
            builder.section(numeral, heading.group("title"), line_start)
            continue
        if not builder.sections:
            continue
        item = _ITEM.match(line)
        section = builder.sections[-1]
        numbered = [i for i in section.items if i.number]
        if item and int(item.group("num")) == len(numbered) + 1:
            builder.new_item(item.group("num"), item.group("rest"), line_start)
            continue
        letter = _LETTER.match(line)
        if letter and letter.group("letter") in (builder.expected_letter(), "a"):
            builder.new_sub(letter.group("letter"), letter.group("rest"), line_start)
            continue
        dash = _DASH.match(line)
        if dash and builder.item is not None:
            builder.new_sub("-", dash.group("rest"), line_start)
            continue
        if builder.sub is not None and builder.after_blank and line.strip()[:1].isupper():
            # A new capitalised paragraph after a sub-item belongs to the item again.
            builder.sub = None
        builder.after_blank = False
        builder.paragraph.append(line.strip())
        _break_sentence_paragraph(builder, line)
    builder.flush()
    for section in builder.sections:
        for entry in section.items:
            _title_and_body(section, entry)
    return builder.sections


def _break_sentence_paragraph(builder: _Builder, line: str) -> None:
    # Without blank lines (PDF text), a line ending a sentence closes the paragraph.
    if line.rstrip().endswith((".", ":")) and len(builder.paragraph) > 1:
        builder.flush()


def _title_and_body(section: Section, item: Item) -> None:
    paragraphs = item.paragraphs
    if not paragraphs:
        item.body = "\n".join(s.text for s in item.subitems)
        return
    first = paragraphs[0]
    short = len(first) <= TITLE_MAX and not first.endswith((".", ";"))
    if section.kind == "organisation":
        short = short and len(first) <= 120
    if item.number and (short or first.endswith(":")) and len(first) <= TITLE_MAX:
        item.title = first.rstrip(":").strip()
        rest = paragraphs[1:]
    else:
        rest = paragraphs
    parts = rest + [
        f"{s.label}) {s.text}" if s.label != "-" else f"- {s.text}" for s in item.subitems
    ]
    item.body = "\n".join(parts)


def _task_title(text: str) -> str:
    sentence = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].rstrip(".;:")
    if len(sentence) > TASK_TITLE_MAX:
        sentence = sentence[: TASK_TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
    return sentence


def plan_tasks(sections: list[Section]) -> list[PlanTask]:
    """Return the tasks of the tasks section(s): one per sub-item, dash point or paragraph."""
    tasks = []
    for section in sections:
        if section.kind != "tasks":
            continue
        for item in section.items:
            sources = [s.text for s in item.subitems] or [
                p for p in item.paragraphs if p and p != item.title
            ]
            if not sources and item.title:
                sources = [item.title]
            for n, source in enumerate(sources, 1):
                number = item.number or "0"
                tasks.append(
                    PlanTask(
                        code=f"{section.numeral}.{number}.{n}",
                        title=_task_title(source),
                        description=source,
                        section=section.numeral,
                        item=item.number,
                    )
                )
    return tasks

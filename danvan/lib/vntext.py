"""Vietnamese text helpers: accent folding for search and official date formats."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return text in Unicode NFC, the form every stored string uses."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Return text lower-cased with Vietnamese diacritics removed and spaces collapsed.

    "Dân vận khéo" and "DAN VAN KHEO" both give "dan van kheo"; "đ"/"Đ" fold to "d".
    Works on any Unicode normalisation of the input; control characters are dropped.
    """
    decomposed = unicodedata.normalize("NFD", text)
    # Combining marks go, and so do control characters (a NUL would break PostgreSQL).
    stripped = "".join(
        ch
        for ch in decomposed
        if unicodedata.category(ch) != "Mn" and (ch.isspace() or unicodedata.category(ch) != "Cc")
    )
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped.casefold()).strip()


def official_date(day: dt.date, place: str | None = None) -> str:
    """Return the Decree 30 date line: "Kiên Giang, ngày 06 tháng 3 năm 2024".

    Days below 10 and months 1 and 2 take a leading zero.
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text


def short_date(day: dt.date) -> str:
    """Return a date as dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y")


def person_name(family: str, given: str) -> str:
    """Return a Vietnamese full name, family name first: "Trần Thị Ngọc Hân"."""
    return " ".join(part for part in (family.strip(), given.strip()) if part)

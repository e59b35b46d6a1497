"""Template filters of the index pages: scores written the Vietnamese way (65,12)."""

from __future__ import annotations

import decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def vn(value: Any, places: int = 2) -> str:
    """Return a number with a decimal comma, or "—" when missing."""
    if value is None or value == "":
        return "—"
    try:
        number = decimal.Decimal(str(value))
    except decimal.InvalidOperation:
        return str(value)
    return f"{number:.{int(places)}f}".replace(".", ",")


@register.filter
def signed_vn(value: Any) -> str:
    """Return a change with its sign (+1,25 / −0,40), or "—"."""
    if value is None:
        return "—"
    number = decimal.Decimal(str(value))
    text = vn(abs(number))
    return f"+{text}" if number > 0 else (f"−{text}" if number < 0 else "0,00")


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """Return mapping[key] or None."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None

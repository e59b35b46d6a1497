"""Reading indicator figures typed by people or sent by clients, checked against the indicator."""

from __future__ import annotations

import decimal
import math
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .models import Indicator, ValueType, format_value

# Stored as DECIMAL(20, 4): at most 16 digits before the point.
LIMIT = decimal.Decimal(10) ** 16
TEXT_MAX = 5000
ANSWER_MAX = 20000
PERCENT_RANGE = (decimal.Decimal(0), decimal.Decimal(100))
_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")  # "1.250" or "12.500.000": dots group digits
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_TRUE = {"true", "1", "có", "co", "yes", "x"}
_FALSE = {"false", "0", "không", "khong", "no"}


class InvalidValueError(ValueError):
    """A figure cannot be stored for an indicator; the message is for people."""


@dataclass(frozen=True)
class Parsed:
    number: decimal.Decimal | None = None
    text: str = ""
    boolean: bool | None = None

    def is_empty(self) -> bool:
        """Return whether nothing was given (the value is cleared)."""
        return self.number is None and not self.text and self.boolean is None


def _to_decimal(raw: Any) -> decimal.Decimal:
    if isinstance(raw, bool):
        raise InvalidValueError(_("Hãy nhập một con số."))
    if isinstance(raw, int):
        return decimal.Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise InvalidValueError(_("Hãy nhập một con số."))
        return decimal.Decimal(str(raw))
    if isinstance(raw, decimal.Decimal):
        if not raw.is_finite():
            raise InvalidValueError(_("Hãy nhập một con số."))
        return raw
    if not isinstance(raw, str):
        raise InvalidValueError(_("Hãy nhập một con số."))
    text = raw.strip().replace(" ", "").replace("\u00a0", "")
    # Vietnamese writing: "1.250" is one thousand two hundred and fifty, "87,5" is 87.5.
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _GROUPED.match(text):
        text = text.replace(".", "")
    if len(text) > 40 or not _NUMBER.match(text):
        raise InvalidValueError(
            _("“%(raw)s” không phải là một con số.") % {"raw": raw.strip()[:40]}
        )
    return decimal.Decimal(text)


def _to_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        word = raw.strip().casefold()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise InvalidValueError(_("Hãy chọn Có hoặc Không."))


def _bounds(indicator: Indicator) -> tuple[decimal.Decimal | None, decimal.Decimal | None]:
    low, high = indicator.min_value, indicator.max_value
    if indicator.value_type == ValueType.PERCENT:
        low = PERCENT_RANGE[0] if low is None else max(low, PERCENT_RANGE[0])
        high = PERCENT_RANGE[1] if high is None else min(high, PERCENT_RANGE[1])
    return low, high


def parse_value(indicator: Indicator, raw: Any) -> Parsed:
    """Return the figure to store for `indicator`, or raise InvalidValueError with a message.

    None and "" clear the value. Numbers may come as JSON numbers or as text written the
    Vietnamese way ("1.250", "87,5"); yes/no as a boolean or "có"/"không".
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Parsed()
    kind = indicator.value_type
    if kind == ValueType.TEXT:
        if not isinstance(raw, str):
            raise InvalidValueError(_("Hãy nhập nội dung dạng văn bản."))
        if "\x00" in raw:
            raise InvalidValueError(_("Nội dung chứa ký tự không hợp lệ."))
        if len(raw) > TEXT_MAX:
            raise InvalidValueError(_("Nội dung dài quá %(n)d ký tự.") % {"n": TEXT_MAX})
        return Parsed(text=raw.strip())
    if kind == ValueType.BOOLEAN:
        return Parsed(boolean=_to_bool(raw))
    number = _to_decimal(raw)
    if abs(number) >= LIMIT:
        raise InvalidValueError(_("Con số quá lớn."))
    if kind == ValueType.INTEGER and number != number.to_integral_value():
        raise InvalidValueError(_("Chỉ tiêu này là số nguyên."))
    number = number.quantize(decimal.Decimal("0.0001"), rounding=decimal.ROUND_HALF_UP)
    low, high = _bounds(indicator)
    if low is not None and number < low:
        raise InvalidValueError(
            _("Giá trị không được nhỏ hơn %(v)s.") % {"v": format_value(low, ValueType.DECIMAL)}
        )
    if high is not None and number > high:
        raise InvalidValueError(
            _("Giá trị không được lớn hơn %(v)s.") % {"v": format_value(high, ValueType.DECIMAL)}
        )
    return Parsed(number=number)


def plain(value: Any) -> Any:
    """Return a stored value as JSON-ready data for snapshots: "1250", "87.5", True, "text"."""
    if isinstance(value, decimal.Decimal):
        normal = value.normalize()
        return f"{normal:f}" if normal != normal.to_integral_value() else str(int(normal))
    return value

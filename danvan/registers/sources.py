"""Figures the registers compute for unit reports (registered in apps.py).

A unit that recorded nothing in a register during the report's window gets None: the figure
is then typed by hand, so units that do not keep the register yet are not forced to report 0.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from . import selectors
from .models import ViolationKind


def propaganda_events(report: Any) -> tuple[int, str] | None:
    """Return how many propaganda activities the unit recorded in the report's data window."""
    period = report.period
    totals = selectors.unit_totals(report.unit_id, period.starts_on, period.ends_on)
    if not totals["events"]:
        return None
    return totals["events"], _(
        "Tự động: %(n)d hoạt động tuyên truyền ghi trong sổ từ %(a)s đến %(b)s "
        "(phân hệ Sổ theo dõi)."
    ) % {
        "n": totals["events"],
        "a": f"{period.starts_on:%d/%m/%Y}",
        "b": f"{period.ends_on:%d/%m/%Y}",
    }


def propaganda_participants(report: Any) -> tuple[int, str] | None:
    """Return how many people took part in the unit's propaganda activities in the window."""
    period = report.period
    totals = selectors.unit_totals(report.unit_id, period.starts_on, period.ends_on)
    if not totals["events"]:
        return None
    return totals["participants"], _(
        "Tự động: tổng số lượt người dự %(n)d hoạt động tuyên truyền trong kỳ "
        "(phân hệ Sổ theo dõi)."
    ) % {"n": totals["events"]}


def officials_disciplined(report: Any) -> tuple[int, str] | None:
    """Return how many of the unit's officials were disciplined for harassing citizens.

    None when the register holds neither a case nor an inspection of the unit in the window.
    """
    period = report.period
    if not selectors.unit_has_discipline_records(report.unit_id, period.starts_on, period.ends_on):
        return None
    count = selectors.unit_cases(
        report.unit_id, period.starts_on, period.ends_on, ViolationKind.HARASSMENT
    )
    return count, _(
        "Tự động: số quyết định kỷ luật do gây phiền hà, sách nhiễu Nhân dân có ngày quyết định "
        "trong kỳ (phân hệ Sổ theo dõi)."
    )


SOURCES = {
    "registers.propaganda_events": propaganda_events,
    "registers.propaganda_participants": propaganda_participants,
    "registers.officials_disciplined": officials_disciplined,
}

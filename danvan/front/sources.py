"""Figures of the yearly report computed from the Front's recommendations.

Like the plans sources, a source returns None (the unit types the figure) when the module holds
no recommendation assigned to the unit in the period: recommendations received before the
module was in use, or outside it, must still be reportable.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .selectors import unit_period_counts


def _counts(report: Any) -> dict[str, int]:
    period = report.period
    return unit_period_counts(
        unit_id=report.unit_id, starts_on=period.starts_on, ends_on=period.ends_on
    )


def _span(report: Any) -> dict[str, str]:
    period = report.period
    return {
        "start": period.starts_on.strftime("%d/%m/%Y"),
        "end": period.ends_on.strftime("%d/%m/%Y"),
    }


def recommendations_received(report: Any) -> tuple[int, str] | None:
    """Return how many Front recommendations filed in the period were assigned to the unit."""
    counts = _counts(report)
    if not counts["received"]:
        return None
    detail = _(
        "Tự động: %(n)d kiến nghị của Mặt trận Tổ quốc, tổ chức chính trị - xã hội gửi từ "
        "%(start)s đến %(end)s được giao đơn vị trả lời (phân hệ Kiến nghị của Mặt trận)."
    )
    return counts["received"], detail % {"n": counts["received"], **_span(report)}


def recommendations_answered(report: Any) -> tuple[int, str] | None:
    """Return how many of those the unit has answered in writing."""
    counts = _counts(report)
    if not counts["received"]:
        return None
    detail = _(
        "Tự động: đơn vị đã trả lời %(done)d/%(n)d kiến nghị của Mặt trận gửi từ %(start)s "
        "đến %(end)s (phân hệ Kiến nghị của Mặt trận)."
    )
    return counts["answered"], detail % {
        "done": counts["answered"],
        "n": counts["received"],
        **_span(report),
    }

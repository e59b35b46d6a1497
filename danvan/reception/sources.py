"""Figures the reception register computes for unit reports."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from . import selectors


def head_sessions(report: Any) -> tuple[Any, str] | None:
    """Return the number of days the unit's head received citizens in the report's window."""
    period = report.period
    stats = selectors.statistics(
        unit_ids=[report.unit_id], start=period.starts_on, end=period.ends_on
    )
    if not stats["scheduled_sessions"]:
        # The unit keeps no schedule here (yet): it types the figure in.
        return None
    detail = _(
        "Tự động: %(n)d buổi người đứng đầu tiếp công dân đã ghi “đã tiếp” trong lịch, "
        "%(visits)d lượt tiếp trong sổ (phân hệ Tiếp công dân)."
    )
    return stats["head_sessions"], detail % {"n": stats["head_sessions"], "visits": stats["visits"]}

"""Figures the reporting module reads from petitions as computed indicators."""

from __future__ import annotations

import decimal
from typing import Any

from django.utils.translation import gettext as _

from . import selectors


def received(report: Any) -> tuple[Any, str] | None:
    """Return how many petitions the unit received within the report's period.

    None (typed in by the unit) while the unit had not started registering its petitions
    here by the end of the period: a count of zero would then be wrong, not known.
    """
    period = report.period
    if not selectors.unit_uses_register(unit_id=report.unit_id, by=period.ends_on):
        return None
    n = selectors.unit_received_count(
        unit_id=report.unit_id, starts_on=period.starts_on, ends_on=period.ends_on
    )
    return n, _("Tự động: %(n)d đơn thư tiếp nhận từ %(a)s đến %(b)s (phân hệ Đơn thư).") % {
        "n": n,
        "a": period.starts_on.strftime("%d/%m/%Y"),
        "b": period.ends_on.strftime("%d/%m/%Y"),
    }


def resolved_on_time_percent(report: Any) -> tuple[Any, str] | None:
    """Return the share of the unit's resolutions in the period that met the legal deadline."""
    period = report.period
    on_time, late = selectors.unit_on_time(
        unit_id=report.unit_id, starts_on=period.starts_on, ends_on=period.ends_on
    )
    if not on_time + late:
        return None
    share = (decimal.Decimal(100) * on_time / (on_time + late)).quantize(decimal.Decimal("0.01"))
    return share, _(
        "Tự động: %(ok)d/%(n)d vụ việc giải quyết đúng hạn trong kỳ (phân hệ Đơn thư)."
    ) % {"ok": on_time, "n": on_time + late}

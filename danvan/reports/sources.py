"""Figures other modules compute for a unit report, keyed by the indicator's `computed_source`.

A source returns (value, where it came from) or None when it cannot compute the figure for
this report (the module does not exist yet, the period has no plan, the unit has no tasks);
the unit then enters the figure by hand.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from danvan.plans.models import Assignment, ProgressStatus, UnitPlan, UnitPlanStatus

from .models import UnitReport

Result = tuple[Any, str]
Source = Callable[[UnitReport], Result | None]


def unit_plan_issued(report: UnitReport) -> Result | None:
    """Return whether the unit has an implementation plan submitted or accepted for the plan."""
    plan_id = report.period.plan_id
    if plan_id is None:
        return None
    unit_plan = (
        UnitPlan.objects.filter(plan_id=plan_id, unit_id=report.unit_id, archived_at__isnull=True)
        .order_by("-id")
        .first()
    )
    if unit_plan is None:
        return False, _("Tự động: đơn vị chưa lập kế hoạch triển khai (phân hệ Kế hoạch).")
    issued = unit_plan.status in (UnitPlanStatus.SUBMITTED, UnitPlanStatus.ACCEPTED)
    return issued, _(
        "Tự động: kế hoạch triển khai “%(title)s” – %(status)s (phân hệ Kế hoạch)."
    ) % {
        "title": unit_plan.title[:120],
        "status": unit_plan.get_status_display(),
    }


def assignments_done_percent(report: UnitReport) -> Result | None:
    """Return the share of the unit's tasks of the plan that are done, in percent."""
    plan_id = report.period.plan_id
    if plan_id is None:
        return None
    row = Assignment.objects.filter(
        task__plan_id=plan_id, unit_id=report.unit_id, archived_at__isnull=True
    ).aggregate(total=Count("id"), done=Count("id", filter=Q(status=ProgressStatus.DONE)))
    if not row["total"]:
        return None
    share = (decimal.Decimal(100) * row["done"] / row["total"]).quantize(decimal.Decimal("0.01"))
    detail = _("Tự động: %(done)d/%(total)d nhiệm vụ được giao đã hoàn thành (phân hệ Kế hoạch).")
    return share, detail % {"done": row["done"], "total": row["total"]}


SOURCES: dict[str, Source] = {
    "plans.unit_plan_issued": unit_plan_issued,
    "plans.assignments_done_percent": assignments_done_percent,
}


def register_source(key: str, source: Source) -> None:
    """Declare that an installed module computes `key` (called from its AppConfig.ready)."""
    if key in SOURCES and SOURCES[key] is not source:
        raise ValueError(f"report source {key!r} registered twice")
    SOURCES[key] = source


def module_exists(key: str) -> bool:
    """Return whether a module that computes `key` is installed."""
    return key in SOURCES


def compute(key: str, report: UnitReport) -> Result | None:
    """Return (value, detail) for a source key, or None when it must be entered by hand."""
    source = SOURCES.get(key)
    return source(report) if source is not None else None

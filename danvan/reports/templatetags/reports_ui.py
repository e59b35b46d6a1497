"""Template helpers of the report pages: the dashboard's link to the current period, numbers."""

from __future__ import annotations

from typing import Any

from django import template

from danvan.core.access import FRONT_LIAISON, UNIT_HEAD, UNIT_OFFICER, actor_for

from .. import policies, selectors
from ..models import PeriodStatus, UnitReport, ValueType, format_value

register = template.Library()


@register.inclusion_tag("reports/_dashboard_link.html", takes_context=True)
def current_report_period(context: dict[str, Any]) -> dict[str, Any]:
    """Show the latest open period (else the latest visible one) with the user's reports."""
    user = context.get("user")
    actor = actor_for(user)
    if not actor.is_authenticated:
        return {"period": None}
    visible = selectors.periods_visible(actor)
    period = visible.filter(status=PeriodStatus.OPEN).first() or visible.first()
    if period is None:
        return {"period": None}
    unit_ids = actor.unit_ids(UNIT_OFFICER, UNIT_HEAD, FRONT_LIAISON)
    own = list(
        UnitReport.objects.filter(period=period, unit_id__in=unit_ids, archived_at=None)
        .select_related("unit")
        .order_by("unit__name")
    )
    return {
        "period": period,
        "own": own,
        "consolidation": policies.can_view_consolidation(actor, period),
    }


@register.filter
def vn_number(value: Any, signed: bool = False) -> str:
    """Write a number the Vietnamese way (1.250; 87,5), with a + before positive ones if asked."""
    if value is None or value == "":
        return ""
    text = format_value(value, ValueType.DECIMAL)
    if signed and not text.startswith("-") and value > 0:
        return "+" + text
    return text.replace("-", "−")

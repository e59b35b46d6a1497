"""Unit pages: the directory of units and one unit's details, successors and work."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.access import actor_for
from danvan.core.audit import history_for
from danvan.core.exports import FORMATS, table_response
from danvan.plans.models import Assignment

from .models import Unit, UnitKind
from .selectors import unit_successors, units_search


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    """List units, searchable without diacritics, filtered by kind and date."""
    query = request.GET.get("q", "")[:200]
    kind = request.GET.get("loai", "")
    raw_day = request.GET.get("ngay", "")
    try:
        day = dt.date.fromisoformat(raw_day) if raw_day else None
    except ValueError:
        day = None
    units = units_search(query=query, on=day).select_related("parent")
    if kind in UnitKind.values:
        units = units.filter(kind=kind)
    fmt = request.GET.get("xuat", "")
    if fmt in FORMATS:
        return table_response(
            headers=[
                _("Mã"),
                _("Tên"),
                _("Tên viết tắt"),
                _("Loại"),
                _("Cấp trên"),
                _("Hiệu lực từ"),
                _("Hiệu lực đến"),
                _("Địa chỉ"),
                _("Điện thoại"),
                _("Thư điện tử"),
            ],
            rows=(
                [
                    u.code,
                    u.name,
                    u.short_name,
                    u.get_kind_display(),
                    u.parent.name if u.parent else "",
                    u.valid_from,
                    u.valid_to,
                    u.address,
                    u.phone,
                    u.email,
                ]
                for u in units
            ),
            filename="don-vi",
            fmt=fmt,
        )
    return render(
        request,
        "orgs/unit_list.html",
        {"units": units, "q": query, "kind": kind, "kinds": UnitKind.choices, "day": raw_day},
    )


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a unit: details, parent and children, successors, groups and its tasks."""
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    actor = actor_for(request.user)
    show_people = actor.sees_province or actor.in_unit(unit.pk, "unit_head", "unit_officer")
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "children": unit.children.filter(archived_at=None).order_by("name"),
            "successors": unit_successors(unit=unit),
            "predecessors": Unit.objects.filter(successions__successor=unit),
            "groups": unit.groups.all(),
            "assignments": Assignment.objects.filter(unit=unit, archived_at=None)
            .select_related("task__plan")
            .order_by("task__plan_id", "task__position"),
            "roles": unit.role_assignments.filter(archived_at=None).select_related("user")
            if show_people
            else [],
            "active_today": unit.is_active_on(timezone.localdate()),
            "history": history_for(unit)[:10] if actor.is_admin else [],
        },
    )

"""Dashboard, search, health check and error pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.http import require_GET

from danvan.core.access import actor_for
from danvan.plans import selectors as plan_selectors
from danvan.plans.policies import ALL_UNIT_ROLES, UNIT_WRITERS


def dashboard(request: HttpRequest) -> HttpResponse:
    """Show what each role needs first: a unit's deadlines, the province's progress.

    Visitors who are not signed in get the citizens' home page with the public services.
    """
    if not request.user.is_authenticated:
        return render(request, "core/public_home.html")
    actor = actor_for(request.user)
    today = timezone.localdate()
    context: dict[str, object] = {"today": today}
    own_units = actor.unit_ids(*ALL_UNIT_ROLES)
    writer_units = actor.unit_ids(*UNIT_WRITERS)
    if writer_units or actor.has_role("front_liaison"):
        context["due_soon"] = plan_selectors.assignments_due_soon(unit_ids=own_units, on=today)
        context["overdue_own"] = list(
            plan_selectors.assignments_overdue(unit_ids=own_units, on=today)
        )
        context["own_assignments"] = list(
            plan_selectors.assignments_for_units(unit_ids=own_units)[:200]
        )
        context["own_unit_plans"] = list(plan_selectors.unit_plans_for_units(unit_ids=own_units))
        context["own_difficulties"] = list(plan_selectors.difficulties_open(unit_ids=own_units))
    if actor.sees_province:
        plans = list(plan_selectors.plans_visible(actor=actor).filter(status="issued")[:5])
        current = plans[0] if plans else None
        context["current_plan"] = current
        if current:
            context["by_group"] = plan_selectors.progress_by_group(plan=current, on=today)
            context["by_unit"] = plan_selectors.progress_by_unit(plan=current, on=today)
        context["awaiting_review"] = list(plan_selectors.unit_plans_awaiting_review())
        context["open_difficulties"] = list(plan_selectors.difficulties_open())
        context["overdue_all"] = list(plan_selectors.assignments_overdue(unit_ids=None, on=today))
        context["recent_updates"] = plan_selectors.progress_recent()
    context["modules"] = _module_todo(actor, today)
    return render(request, "core/dashboard.html", context)


def _module_todo(actor: Any, today: dt.date) -> dict[str, Any]:
    """Return what waits for the user in the other modules: cases, recommendations, schedule."""
    from danvan.front import selectors as front_selectors
    from danvan.petitions import selectors as petition_selectors
    from danvan.reception import policies as reception_policies
    from danvan.reception import selectors as reception_selectors

    cases = petition_selectors.dashboard(actor=actor, today=today)["totals"]
    keeper_units = actor.unit_ids(*reception_policies.KEEPERS)
    warnings = (
        reception_selectors.schedule_warnings(
            units=list(reception_selectors.units_for(actor).filter(pk__in=keeper_units)),
            year=today.year,
            month=today.month,
            today=today,
        )
        if keeper_units
        else []
    )
    todo = front_selectors.recommendations_todo(actor=actor, limit=5)
    return {
        "cases": cases if cases.get("open") else None,
        "front_todo": todo,
        "schedule_warnings": warnings,
        "any": bool(cases.get("open") or todo or warnings),
    }


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Search plans, tasks and units, ignoring diacritics and case."""
    query = request.GET.get("q", "")[:200]
    results = plan_selectors.search(query=query, actor=actor_for(request.user)) if query else None
    return render(request, "core/search.html", {"q": query, "results": results})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the application can reach its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Render the 403 page."""
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Render the 404 page."""
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the 500 page without a request context, so it cannot touch the database."""
    return HttpResponse(loader.get_template("500.html").render(), status=500)

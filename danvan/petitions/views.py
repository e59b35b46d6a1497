"""Petition pages: case list, case detail with timeline and actions, intake, dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from danvan.core.access import actor_for, require

from . import policies, selectors
from .models import Case


def _case_for(request: HttpRequest, pk: int) -> Case:
    case = get_object_or_404(Case.objects.select_related("unit", "handler"), pk=pk)
    require(policies.can_view_case(actor_for(request.user), case), visible=False)
    return case


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """List the cases the user may see."""
    actor = actor_for(request.user)
    require(policies.can_list_cases(actor))
    cases = selectors.cases_filtered(actor=actor, filters=selectors.CaseFilters())[:50]
    return render(request, "petitions/case_list.html", {"cases": cases})


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one case with its timeline and deadlines."""
    case = _case_for(request, pk)
    return render(request, "petitions/case_detail.html", {"case": case})

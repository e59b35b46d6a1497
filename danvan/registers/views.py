"""Register pages: propaganda activities, public-service inspections, discipline cases."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.access import actor_for, require
from danvan.core.audit import history_for
from danvan.core.exports import FORMATS, table_response
from danvan.core.forms import run_service
from danvan.core.uploads import private_download

from . import policies, selectors, services
from .forms import CaseForm, InspectionForm, PropagandaForm, filters_from
from .models import (
    DisciplineCase,
    Inspection,
    PropagandaActivity,
    PropagandaFormat,
    TargetGroup,
    ViolationKind,
)

PAGE = 200


def _actor(request: HttpRequest) -> Any:
    actor = actor_for(request.user)
    require(policies.can_use_registers(actor))
    return actor


def _query_without_format(request: HttpRequest) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k != "dinh_dang"])


def _export_format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("dinh_dang")
    return fmt if fmt in FORMATS else None


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Show the three registers with their counts."""
    actor = _actor(request)
    propaganda = selectors.propaganda_visible(actor)
    return render(
        request,
        "registers/home.html",
        {
            "propaganda": selectors.propaganda_totals(propaganda),
            "inspections": selectors.inspections_visible(actor).count(),
            "cases": selectors.cases_visible(actor).count(),
        },
    )


# Propaganda ----------------------------------------------------------------------------------


@login_required
@require_GET
def propaganda_list(request: HttpRequest) -> HttpResponse:
    """List propaganda activities with filters, totals per unit and CSV/XLSX export."""
    actor = _actor(request)
    filters = filters_from(request.GET)
    qs = selectors.propaganda_visible(actor, filters)
    fmt = _export_format(request)
    if fmt:
        return table_response(
            headers=[
                _("Ngày"),
                _("Đơn vị"),
                _("Hình thức"),
                _("Đối tượng"),
                _("Nội dung, chủ đề"),
                _("Số lượt người"),
                _("Ghi chú"),
            ],
            rows=(
                [
                    a.held_on,
                    a.unit.name,
                    a.get_format_display(),
                    "; ".join(a.target_group_labels()),
                    a.title,
                    a.participants,
                    a.notes,
                ]
                for a in qs
            ),
            filename="hoat-dong-tuyen-truyen",
            fmt=fmt,
        )
    return render(
        request,
        "registers/propaganda_list.html",
        {
            "rows": qs[:PAGE],
            "total": qs.count(),
            "totals": selectors.propaganda_totals(qs),
            "by_unit": selectors.propaganda_by_unit(qs)[:20],
            "filters": filters,
            "units": selectors.visible_units(actor),
            "formats": PropagandaFormat.choices,
            "groups": TargetGroup.choices,
            "query": _query_without_format(request),
            "can_create": selectors.writable_units(actor).exists(),
            "export_formats": FORMATS,
        },
    )


def _activity_for(request: HttpRequest, pk: int) -> PropagandaActivity:
    activity = get_object_or_404(
        PropagandaActivity.objects.select_related("unit", "recorded_by"), pk=pk, archived_at=None
    )
    require(policies.can_view_propaganda(actor_for(request.user), activity), visible=False)
    return activity


@login_required
@require_http_methods(["GET", "POST"])
def propaganda_create(request: HttpRequest) -> HttpResponse:
    """Record a propaganda activity for one of the user's units."""
    actor = _actor(request)
    units = selectors.writable_units(actor)
    require(units.exists())
    form = PropagandaForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "evidence")}
        activity = run_service(
            form,
            lambda: services.propaganda_create(
                evidence=form.cleaned_data.get("evidence"), by=request.user, **data
            ),
        )
        if activity:
            messages.success(request, _("Đã ghi hoạt động tuyên truyền."))
            return redirect("registers:propaganda", pk=activity.pk)
    return render(request, "registers/propaganda_form.html", {"form": form, "activity": None})


@login_required
@require_http_methods(["GET", "POST"])
def propaganda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a propaganda activity."""
    activity = _activity_for(request, pk)
    actor = actor_for(request.user)
    require(policies.can_edit_propaganda(actor, activity))
    units = selectors.writable_units(actor).filter(pk=activity.unit_id)
    initial = {
        "version": activity.version,
        "unit": activity.unit_id,
        "held_on": activity.held_on,
        "format": activity.format,
        "target_groups": activity.target_groups,
        "title": activity.title,
        "participants": activity.participants,
        "notes": activity.notes,
    }
    form = PropagandaForm(request.POST or None, request.FILES or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v for k, v in form.cleaned_data.items() if k not in ("version", "evidence", "unit")
        }
        saved = run_service(
            form,
            lambda: services.propaganda_update(
                activity=activity,
                expected_version=form.cleaned_data.get("version"),
                evidence=form.cleaned_data.get("evidence"),
                by=request.user,
                **data,
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("registers:propaganda", pk=saved.pk)
    return render(request, "registers/propaganda_form.html", {"form": form, "activity": activity})


@login_required
@require_GET
def propaganda_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one propaganda activity with its history."""
    activity = _activity_for(request, pk)
    actor = actor_for(request.user)
    return render(
        request,
        "registers/propaganda_detail.html",
        {
            "activity": activity,
            "can_edit": policies.can_edit_propaganda(actor, activity),
            "history": history_for(activity)[:20],
        },
    )


@login_required
@require_POST
def propaganda_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw an activity recorded by mistake."""
    activity = _activity_for(request, pk)
    services.propaganda_archive(activity=activity, by=request.user)
    messages.success(request, _("Đã bỏ hoạt động khỏi sổ."))
    return redirect("registers:propaganda_list")


@login_required
@require_GET
def propaganda_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """Download an activity's evidence file."""
    activity = _activity_for(request, pk)
    if not activity.file:
        raise Http404
    return private_download(
        activity.file, filename=activity.original_name, content_type=activity.content_type
    )


# Inspections ---------------------------------------------------------------------------------


@login_required
@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    """List public-service inspections with filters and export."""
    actor = _actor(request)
    filters = filters_from(request.GET)
    qs = selectors.inspections_visible(actor, filters)
    fmt = _export_format(request)
    if fmt:
        return table_response(
            headers=[
                _("Ngày kiểm tra"),
                _("Đơn vị kiểm tra"),
                _("Đơn vị được kiểm tra"),
                _("Nội dung, phạm vi"),
                _("Kết quả, phát hiện"),
                _("Số trường hợp kỷ luật"),
            ],
            rows=(
                [
                    i.held_on,
                    i.inspecting_unit.name,
                    i.inspected_unit.name,
                    i.scope,
                    i.findings,
                    i.case_count,
                ]
                for i in qs
            ),
            filename="kiem-tra-cong-vu",
            fmt=fmt,
        )
    return render(
        request,
        "registers/inspection_list.html",
        {
            "rows": qs[:PAGE],
            "total": qs.count(),
            "filters": filters,
            "units": selectors.visible_units(actor),
            "query": _query_without_format(request),
            "can_create": selectors.writable_units(actor).exists(),
            "export_formats": FORMATS,
        },
    )


def _inspection_for(request: HttpRequest, pk: int) -> Inspection:
    inspection = get_object_or_404(
        Inspection.objects.select_related("inspecting_unit", "inspected_unit", "recorded_by"),
        pk=pk,
        archived_at=None,
    )
    require(policies.can_view_inspection(actor_for(request.user), inspection), visible=False)
    return inspection


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request: HttpRequest) -> HttpResponse:
    """Record an inspection held by one of the user's units."""
    actor = _actor(request)
    units = selectors.writable_units(actor)
    require(units.exists())
    form = InspectionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        inspection = run_service(form, lambda: services.inspection_create(by=request.user, **data))
        if inspection:
            messages.success(request, _("Đã ghi cuộc kiểm tra."))
            return redirect("registers:inspection", pk=inspection.pk)
    return render(request, "registers/inspection_form.html", {"form": form, "inspection": None})


@login_required
@require_http_methods(["GET", "POST"])
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an inspection or add its findings."""
    inspection = _inspection_for(request, pk)
    actor = actor_for(request.user)
    require(policies.can_edit_inspection(actor, inspection))
    initial = {
        "version": inspection.version,
        "held_on": inspection.held_on,
        "inspecting_unit": inspection.inspecting_unit_id,
        "inspected_unit": inspection.inspected_unit_id,
        "scope": inspection.scope,
        "findings": inspection.findings,
    }
    form = InspectionForm(
        request.POST or None, initial=initial, units=selectors.writable_units(actor)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        saved = run_service(
            form,
            lambda: services.inspection_update(
                inspection=inspection,
                expected_version=form.cleaned_data.get("version"),
                by=request.user,
                **data,
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("registers:inspection", pk=saved.pk)
    return render(
        request, "registers/inspection_form.html", {"form": form, "inspection": inspection}
    )


@login_required
@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an inspection with the discipline cases it led to."""
    inspection = _inspection_for(request, pk)
    actor = actor_for(request.user)
    cases = [
        selectors.case_view(actor, c)
        for c in selectors.cases_visible(actor).filter(inspection=inspection)
    ]
    return render(
        request,
        "registers/inspection_detail.html",
        {
            "inspection": inspection,
            "cases": cases,
            "can_edit": policies.can_edit_inspection(actor, inspection),
            "can_add_case": policies.can_record_case(actor, inspection.inspected_unit_id),
            "history": history_for(inspection)[:20],
        },
    )


# Discipline cases ----------------------------------------------------------------------------


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """List discipline cases; names only for the coordinator and the official's unit head."""
    actor = _actor(request)
    filters = filters_from(request.GET)
    qs = selectors.cases_visible(actor, filters)
    views = [selectors.case_view(actor, c) for c in qs[:PAGE]]
    fmt = _export_format(request)
    if fmt:
        hidden = selectors.HIDDEN
        return table_response(
            headers=[
                _("Ngày quyết định"),
                _("Đơn vị"),
                _("Họ và tên"),
                _("Chức vụ"),
                _("Loại vi phạm"),
                _("Mô tả"),
                _("Số quyết định"),
                _("Hình thức kỷ luật"),
            ],
            rows=(
                [
                    v.case.decision_date,
                    v.case.unit.name,
                    v.official_name if v.personal else hidden,
                    v.official_position if v.personal else hidden,
                    v.case.get_violation_kind_display(),
                    v.case.description,
                    v.decision_number if v.personal else hidden,
                    v.case.get_discipline_form_display(),
                ]
                for v in (selectors.case_view(actor, c) for c in qs)
            ),
            filename="xu-ly-ky-luat",
            fmt=fmt,
        )
    return render(
        request,
        "registers/case_list.html",
        {
            "rows": views,
            "total": qs.count(),
            "filters": filters,
            "units": selectors.visible_units(actor),
            "kinds": ViolationKind.choices,
            "query": _query_without_format(request),
            "can_create": selectors.writable_units(actor, for_cases=True).exists(),
            "export_formats": FORMATS,
        },
    )


def _case_for(request: HttpRequest, pk: int) -> DisciplineCase:
    case = get_object_or_404(
        DisciplineCase.objects.select_related("unit", "inspection", "recorded_by"),
        pk=pk,
        archived_at=None,
    )
    require(policies.can_view_case(actor_for(request.user), case), visible=False)
    return case


def _inspections_for_cases() -> Any:
    return Inspection.objects.filter(archived_at__isnull=True).select_related(
        "inspecting_unit", "inspected_unit"
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    """Record a discipline case (coordinator, or the head of the official's unit)."""
    actor = _actor(request)
    units = selectors.writable_units(actor, for_cases=True)
    require(units.exists())
    initial = {}
    raw = request.GET.get("kiem_tra", "")
    if raw.isdigit() and len(raw) < 12:
        inspection = _inspections_for_cases().filter(pk=int(raw)).first()
        if inspection is not None:
            initial = {"inspection": inspection.pk, "unit": inspection.inspected_unit_id}
    form = CaseForm(
        request.POST or None,
        initial=initial,
        units=units,
        inspections=_inspections_for_cases().filter(inspected_unit__in=units),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        case = run_service(form, lambda: services.discipline_case_create(by=request.user, **data))
        if case:
            messages.success(request, _("Đã ghi trường hợp xử lý kỷ luật."))
            return redirect("registers:case", pk=case.pk)
    return render(request, "registers/case_form.html", {"form": form, "case": None})


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a discipline case."""
    case = _case_for(request, pk)
    actor = actor_for(request.user)
    require(policies.can_edit_case(actor, case))
    initial = {
        "version": case.version,
        "unit": case.unit_id,
        "official_name": case.official_name,
        "official_position": case.official_position,
        "violation_kind": case.violation_kind,
        "description": case.description,
        "decision_number": case.decision_number,
        "decision_date": case.decision_date,
        "discipline_form": case.discipline_form,
        "inspection": case.inspection_id,
    }
    units = selectors.writable_units(actor, for_cases=True).filter(pk=case.unit_id)
    form = CaseForm(
        request.POST or None,
        initial=initial,
        units=units,
        inspections=_inspections_for_cases().filter(inspected_unit=case.unit),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "unit")}
        saved = run_service(
            form,
            lambda: services.discipline_case_update(
                case=case,
                expected_version=form.cleaned_data.get("version"),
                by=request.user,
                **data,
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("registers:case", pk=saved.pk)
    return render(request, "registers/case_form.html", {"form": form, "case": case})


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a discipline case; the name only to those allowed to see personal data."""
    case = _case_for(request, pk)
    actor = actor_for(request.user)
    view = selectors.case_view(actor, case)
    return render(
        request,
        "registers/case_detail.html",
        {
            "view": view,
            "case": case,
            "can_edit": policies.can_edit_case(actor, case),
            "history": history_for(case)[:20] if view.personal else [],
        },
    )

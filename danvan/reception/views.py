"""Pages of the reception register, the heads' schedule and its public listing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from danvan.core.access import actor_for, require
from danvan.core.audit import history_for
from danvan.core.exports import table_response
from danvan.core.forms import run_service
from danvan.orgs.models import Unit

from . import policies, selectors, services
from .forms import ArchiveForm, ReceptionForm, SessionForm, StatusForm
from .models import Classification, Handling, Reception, ReceptionSession, SessionStatus

FORMATS = ("csv", "xlsx")
PAGE_SIZE = 50


def _month(value: str | None) -> dt.date | None:
    """Parse "YYYY-MM" (the value of an <input type="month">); None when absent or invalid."""
    try:
        year, month = (int(p) for p in (value or "").split("-", 1))
        return dt.date(year, month, 1)
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**62 else None


def _reception_for(request: HttpRequest, pk: int) -> Reception:
    reception = get_object_or_404(
        Reception.objects.select_related("unit", "session", "recorded_by"),
        pk=pk,
        archived_at__isnull=True,
    )
    require(policies.can_view_register(actor_for(request.user), reception.unit_id), visible=False)
    return reception


def _writable_units(request: HttpRequest) -> Any:
    actor = actor_for(request.user)
    return Unit.objects.filter(
        pk__in=actor.unit_ids(*policies.KEEPERS), archived_at__isnull=True
    ).order_by("name")


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """The reception register: every visit the user may read, filtered, paginated, exportable."""
    actor = actor_for(request.user)
    filters = {
        "unit_id": _int(request.GET.get("don_vi")),
        "month": _month(request.GET.get("thang")),
        "classification": request.GET.get("phan_loai", "")
        if request.GET.get("phan_loai") in Classification.values
        else "",
        "handling": request.GET.get("xu_ly", "")
        if request.GET.get("xu_ly") in Handling.values
        else "",
        "query": request.GET.get("q", "")[:200],
        "groups_only": request.GET.get("doan") == "1",
    }
    rows = selectors.receptions_visible(actor=actor, **filters)
    fmt = request.GET.get("xuat")
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        return _export(request, rows, fmt)
    page = Paginator(rows.prefetch_related("citizens"), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    entries = [(r, policies.can_see_citizens(actor, r)) for r in page.object_list]
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "reception/register.html",
        {
            "page": page,
            "entries": entries,
            "units": selectors.units_for(actor).order_by("name"),
            "filters": filters,
            "month_value": request.GET.get("thang", ""),
            "classifications": Classification.choices,
            "handlings": Handling.choices,
            "can_record": bool(actor.unit_ids(*policies.KEEPERS)),
            "querystring": query.urlencode(),
        },
    )


def _export(request: HttpRequest, rows: Any, fmt: str) -> HttpResponse:
    actor = actor_for(request.user)
    headers = [
        _("Thời gian tiếp"),
        _("Cơ quan, đơn vị"),
        _("Người tiếp"),
        _("Hình thức"),
        _("Số người"),
        _("Đoàn đông người"),
        _("Công dân đến"),
        _("Tóm tắt nội dung"),
        _("Giấy tờ nhận"),
        _("Phân loại"),
        _("Kết quả xử lý"),
        _("Nội dung xử lý"),
    ]
    table = []
    for r in rows.prefetch_related("citizens")[:50_000]:
        if policies.can_see_citizens(actor, r) and not r.is_confidential():
            people = "; ".join(
                f"{c.full_name}{' (đại diện)' if c.is_representative else ''}"
                for c in r.citizens.all()
            )
        else:
            # Identities of denouncers never leave the detail page, not even for the head.
            people = _("(không hiển thị)")
        table.append(
            [
                timezone.localtime(r.received_at).strftime("%d/%m/%Y %H:%M"),
                r.unit.name,
                f"{r.receiver_name} – {r.get_receiver_kind_display()}",
                r.get_mode_display(),
                r.people_count,
                _("Có") if r.is_group() else "",
                people,
                r.summary,
                r.documents_received,
                r.get_classification_display(),
                r.get_handling_display(),
                r.handling_note,
            ]
        )
    return table_response(headers=headers, rows=table, filename="so-tiep-cong-dan", fmt=fmt)


def _citizens_initial(reception: Reception) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for i, c in enumerate(reception.citizens.all()):
        for key in ("full_name", "id_number", "address", "phone", "is_representative"):
            initial[f"c{i}_{key}"] = getattr(c, key)
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def reception_new(request: HttpRequest) -> HttpResponse:
    """Record a visit in the register."""
    units = _writable_units(request)
    require(units.exists())
    initial = {"received_at": timezone.localtime().replace(second=0, microsecond=0)}
    form = ReceptionForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        reception = run_service(
            form,
            lambda: services.reception_record(
                unit=form.cleaned_data["unit"],
                citizens=form.citizens(),
                by=request.user,
                **form.visit_fields(),
            ),
        )
        if reception:
            messages.success(request, _("Đã ghi vào sổ tiếp công dân."))
            if reception.case_id:
                # The petition handed in is now a case: show its tracking secret once.
                return render(
                    request,
                    "reception/case_opened.html",
                    {
                        "reception": reception,
                        "case": reception.case,
                        "secret": reception.case_secret,
                    },
                )
            return redirect("reception:detail", pk=reception.pk)
    return render(request, "reception/reception_form.html", {"form": form, "reception": None})


@login_required
def reception_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry of the register; the people who came only for those who may see them."""
    reception = _reception_for(request, pk)
    actor = actor_for(request.user)
    show_people = policies.can_see_citizens(actor, reception)
    if show_people:
        services.citizens_viewed(
            reception=reception, by=request.user, where=f"reception:detail {reception.pk}"
        )
    history = (
        [e for e in history_for(reception) if e.action != "reception.identity_view"]
        if actor.in_unit(reception.unit_id, *policies.KEEPERS) or actor.sees_province
        else []
    )
    return render(
        request,
        "reception/reception_detail.html",
        {
            "reception": reception,
            "show_people": show_people,
            "citizens": list(reception.citizens.all()) if show_people else [],
            "can_edit": policies.can_record(actor, reception.unit_id),
            "history": history,
            "archive_form": ArchiveForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reception_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an entry of the register, with optimistic locking."""
    reception = _reception_for(request, pk)
    actor = actor_for(request.user)
    require(policies.can_record(actor, reception.unit_id))
    with_people = policies.can_see_citizens(actor, reception)
    initial = {
        "version": reception.version,
        "unit": reception.unit,
        "received_at": timezone.localtime(reception.received_at),
        **{
            k: getattr(reception, k)
            for k in ReceptionForm.base_fields
            if hasattr(reception, k) and k not in ("unit", "version", "received_at")
        },
    }
    if with_people:
        initial.update(_citizens_initial(reception))
    units = Unit.objects.filter(pk=reception.unit_id)
    form = ReceptionForm(
        request.POST or None, units=units, with_citizens=with_people, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.reception_update(
                reception=reception,
                expected_version=form.cleaned_data["version"],
                citizens=form.citizens() if with_people else None,
                by=request.user,
                **form.visit_fields(),
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("reception:detail", pk=reception.pk)
    return render(request, "reception/reception_form.html", {"form": form, "reception": reception})


@login_required
@require_POST
def reception_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Strike an entry recorded by mistake."""
    reception = _reception_for(request, pk)
    require(policies.can_record(actor_for(request.user), reception.unit_id))
    form = ArchiveForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: services.reception_archive(
            reception=reception, reason=form.cleaned_data["reason"], by=request.user
        ),
    ):
        messages.success(request, _("Đã hủy lượt tiếp ghi nhầm."))
        return redirect("reception:register")
    messages.error(request, _("Cần ghi lý do hủy lượt tiếp."))
    return redirect("reception:detail", pk=reception.pk)


# Schedule ---------------------------------------------------------------------------------------


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """A month of the heads' reception schedule, with warnings where it falls short of the law."""
    actor = actor_for(request.user)
    today = timezone.localdate()
    month = _month(request.GET.get("thang")) or today.replace(day=1)
    units = selectors.units_for(actor)
    unit_id = _int(request.GET.get("don_vi"))
    if unit_id:
        units = units.filter(pk=unit_id)
    units = list(units.order_by("name"))
    warnings = selectors.schedule_warnings(
        units=units, year=month.year, month=month.month, today=today
    )
    sessions = selectors.sessions_of(
        unit_ids=[u.pk for u in units], year=month.year, month=month.month
    )
    prev_month = (month - dt.timedelta(days=1)).replace(day=1)
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "reception/schedule.html",
        {
            "month": month,
            "prev_month": prev_month,
            "next_month": next_month,
            "sessions": [(s, policies.can_manage_schedule(actor, s.unit_id)) for s in sessions],
            "warnings": warnings,
            "units": selectors.units_for(actor).order_by("name"),
            "unit_id": unit_id,
            "can_schedule": bool(actor.unit_ids(*policies.KEEPERS)),
            "status_form": StatusForm(),
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    """Put a reception day on the schedule."""
    units = _writable_units(request)
    require(units.exists())
    form = SessionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        session = run_service(
            form,
            lambda: services.session_schedule(
                unit=form.cleaned_data["unit"], by=request.user, **form.session_fields()
            ),
        )
        if session:
            messages.success(request, _("Đã thêm buổi tiếp công dân vào lịch."))
            return redirect(f"{_schedule_url()}?thang={session.day:%Y-%m}&don_vi={session.unit_id}")
    return render(request, "reception/session_form.html", {"form": form, "session": None})


def _schedule_url() -> str:
    from django.urls import reverse

    return reverse("reception:schedule")


def _session_for(request: HttpRequest, pk: int) -> ReceptionSession:
    session = get_object_or_404(
        ReceptionSession.objects.select_related("unit"), pk=pk, archived_at__isnull=True
    )
    actor = actor_for(request.user)
    require(policies.can_view_schedule(actor, session.unit_id), visible=session.public)
    require(policies.can_manage_schedule(actor, session.unit_id))
    return session


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a scheduled reception day."""
    session = _session_for(request, pk)
    initial = {k: getattr(session, k) for k in SessionForm.base_fields if k != "version"}
    initial["version"] = session.version
    form = SessionForm(
        request.POST or None, units=Unit.objects.filter(pk=session.unit_id), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.session_update(
                session=session,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                **form.session_fields(),
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu lịch tiếp."))
            return redirect(f"{_schedule_url()}?thang={saved.day:%Y-%m}&don_vi={saved.unit_id}")
    return render(request, "reception/session_form.html", {"form": form, "session": session})


@login_required
@require_POST
def session_status(request: HttpRequest, pk: int, status: str) -> HttpResponse:
    """Mark a scheduled day as held, cancelled or planned again."""
    session = _session_for(request, pk)
    if status not in SessionStatus.values:
        raise Http404
    form = StatusForm(request.POST)
    if form.is_valid():
        done = run_service(
            form,
            lambda: services.session_set_status(
                session=session, status=status, note=form.cleaned_data["note"], by=request.user
            ),
        )
        if done:
            messages.success(request, _("Đã cập nhật buổi tiếp."))
        else:
            for error in (
                form.non_field_errors()
                + form.errors.get("note", [])
                + form.errors.get("status", [])
            ):
                messages.error(request, error)
    return redirect(f"{_schedule_url()}?thang={session.day:%Y-%m}&don_vi={session.unit_id}")


def public_schedule(request: HttpRequest) -> HttpResponse:
    """The published reception days of every unit, for citizens (no account needed)."""
    today = timezone.localdate()
    sessions = selectors.sessions_public(since=today, until=today + dt.timedelta(days=90))
    unit_id = _int(request.GET.get("don_vi"))
    if unit_id:
        sessions = sessions.filter(unit_id=unit_id)
    units = Unit.objects.filter(
        pk__in=selectors.sessions_public(since=today).values("unit_id")
    ).order_by("name")
    return render(
        request,
        "reception/public_schedule.html",
        {"sessions": sessions[:500], "units": units, "unit_id": unit_id, "today": today},
    )

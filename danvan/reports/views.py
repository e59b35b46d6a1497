"""Report pages: periods, a unit's report (editor, autosave, review, history), consolidation."""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.access import FRONT_LIAISON, UNIT_HEAD, UNIT_OFFICER, Actor, actor_for, require
from danvan.core.errors import ConflictError
from danvan.core.exports import FORMATS, table_response
from danvan.core.forms import run_service
from danvan.core.uploads import private_download
from danvan.lib import periods as period_rules
from danvan.orgs.models import Unit
from danvan.plans.models import Plan, PlanStatus

from . import exports, policies, selectors, services
from .forms import (
    ANSWER_LABELS,
    DiffForm,
    EvidenceForm,
    IndicatorForm,
    PeriodEditForm,
    PeriodForm,
    ProvincialReportForm,
    ReportEditForm,
    ReviewForm,
    answer_field,
    indicator_hints,
    source_note,
    value_field,
    window_text,
)
from .models import (
    ANSWER_FIELDS,
    Indicator,
    PeriodStatus,
    ReportEvidence,
    ReportForm,
    ReportPeriod,
    ReportStatus,
    UnitReport,
    ValueType,
    format_value,
)

T = TypeVar("T")


def _period_for(request: HttpRequest, pk: int) -> ReportPeriod:
    period = get_object_or_404(
        ReportPeriod.objects.select_related("plan", "form"), pk=pk, archived_at=None
    )
    require(policies.can_view_period(actor_for(request.user), period), visible=False)
    return period


def _consolidation_for(request: HttpRequest, pk: int) -> ReportPeriod:
    period = _period_for(request, pk)
    require(policies.can_view_consolidation(actor_for(request.user), period), visible=False)
    return period


def _report_for(request: HttpRequest, pk: int) -> UnitReport:
    report = get_object_or_404(
        UnitReport.objects.select_related("period__form", "period__plan", "unit", "submitted_by"),
        pk=pk,
        archived_at=None,
    )
    require(policies.can_view_report(actor_for(request.user), report), visible=False)
    return report


def _run_report_service(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Like core.forms.run_service, but every invalid figure is shown next to its field."""
    try:
        return call()
    except services.ReportValidationError as exc:
        for key, message in exc.errors.items():
            field = form.field_for_error(key) if isinstance(form, ReportEditForm) else None
            form.add_error(field, message)
        return None
    except ConflictError as exc:
        form.add_error(None, exc.message)
        return None


def _download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-").lower() or "bao-cao"


# Periods -------------------------------------------------------------------------------------


def _issued_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(archived_at=None, status=PlanStatus.ISSUED).order_by("-year", "-id")


def _window_of(kind: str, year: int, index: int | None) -> dict[str, Any] | None:
    if kind not in period_rules.PERIODIC:
        return None
    start, end = period_rules.data_window(kind, year, index)
    return {
        "start": start,
        "end": end,
        "text": window_text(start, end),
        "label": period_rules.period_label(kind, year, index),
        "by_law": True,
    }


def _window_preview(form: PeriodForm) -> dict[str, Any] | None:
    """Return the data window of the period described by a bound, valid form."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    if data["kind"] in period_rules.PERIODIC:
        return _window_of(data["kind"], data["year"], data.get("index"))
    start, end = data["window"]
    return {"start": start, "end": end, "text": window_text(start, end), "by_law": False}


@login_required
@require_http_methods(["GET", "POST"])
def period_list(request: HttpRequest) -> HttpResponse:
    """List report periods; the coordinator creates one here."""
    actor = actor_for(request.user)
    can_manage = policies.can_manage_periods(actor)
    rows = list(selectors.periods_visible(actor).select_related("plan", "form"))
    plans = _issued_plans()
    latest = plans.first()
    today = timezone.localdate()
    form = None
    preview = None
    if can_manage:
        initial = {
            "kind": "annual",
            "year": today.year if today.month == 12 else today.year - 1,
            "plan": latest.pk if latest else None,
            "remind_days_before": 3,
        }
        form = PeriodForm(request.POST or None, initial=initial, plans_qs=plans)
        preview = _window_of("annual", initial["year"], None)
        if request.method == "POST":
            preview = _window_preview(form)
        creating = request.method == "POST" and request.POST.get("action") != "preview"
        if creating and form.is_valid():
            period = run_service(
                form, lambda: services.period_create(by=request.user, **form.service_values())
            )
            if period:
                messages.success(request, _("Đã tạo kỳ báo cáo."))
                return redirect("reports:period", pk=period.pk)
    elif request.method == "POST":
        require(False)
    own_units = actor.unit_ids(UNIT_OFFICER, UNIT_HEAD, FRONT_LIAISON)
    own_reports: dict[int, list[UnitReport]] = defaultdict(list)
    if own_units:
        for report in UnitReport.objects.filter(
            period__in=[p.pk for p in rows], unit_id__in=own_units, archived_at=None
        ).select_related("unit"):
            own_reports[report.period_id].append(report)
    return render(
        request,
        "reports/period_list.html",
        {
            "periods": [
                {
                    "period": p,
                    "window": window_text(p.starts_on, p.ends_on),
                    "own": own_reports[p.pk],
                }
                for p in rows
            ],
            "form": form,
            "preview": preview,
            "can_manage": can_manage,
            "show_own": bool(own_units),
        },
    )


@login_required
@require_GET
def window_preview(request: HttpRequest) -> HttpResponse:
    """Return the data window of a period being created (an htmx fragment)."""
    require(policies.can_manage_periods(actor_for(request.user)))
    form = PeriodForm(request.GET, plans_qs=_issued_plans())
    form.is_valid()
    return render(
        request,
        "reports/_window_preview.html",
        {"preview": _window_preview(form), "form": form},
    )


def _own_report_rows(actor: Actor, period: ReportPeriod) -> list[dict[str, Any]]:
    """One row per unit the user works in: its report for the period, or whether to start one.

    Province-wide roles (coordinator, leadership viewer, administrator) read the consolidation
    instead, so their own unit is not listed here.
    """
    unit_ids = actor.unit_ids(UNIT_OFFICER, UNIT_HEAD, FRONT_LIAISON)
    if not unit_ids:
        return []
    reports = {
        r.unit_id: r
        for r in UnitReport.objects.filter(period=period, unit_id__in=unit_ids, archived_at=None)
    }
    in_scope = {u.pk for u in services.units_in_scope(period)}
    rows = []
    for unit in Unit.objects.filter(pk__in=unit_ids).order_by("name"):
        rows.append(
            {
                "unit": unit,
                "report": reports.get(unit.pk),
                "in_scope": unit.pk in in_scope,
                "can_open": unit.pk in in_scope
                and policies.can_open_report(actor, period, unit.pk),
            }
        )
    return rows


def _progress_series(rows: list[selectors.CompletenessRow], period: ReportPeriod) -> list[dict]:
    """Return, per day with a first submission, how many units had submitted by then."""
    total = len(rows)
    days: dict[dt.date, int] = defaultdict(int)
    for row in rows:
        if row.first_submitted_at:
            days[timezone.localtime(row.first_submitted_at).date()] += 1
    series = []
    running = 0
    for day in sorted(days):
        running += days[day]
        series.append(
            {
                "day": day,
                "count": days[day],
                "cumulative": running,
                "percent": round(100 * running / total, 1) if total else 0,
                "late": period.due_on is not None and day > period.due_on,
            }
        )
    return series


def _completeness_summary(rows: list[selectors.CompletenessRow]) -> dict[str, int]:
    summary = {
        "total": len(rows),
        "submitted": 0,
        "accepted": 0,
        "returned": 0,
        "on_time": 0,
        "late": 0,
        "missing": 0,
        "pending": 0,
    }
    for row in rows:
        if row.first_submitted_at:
            summary["submitted"] += 1
        if row.status == ReportStatus.ACCEPTED:
            summary["accepted"] += 1
        if row.status == ReportStatus.RETURNED:
            summary["returned"] += 1
        summary[row.timeliness] = summary.get(row.timeliness, 0) + 1
    return summary


def _include_submitted(request: HttpRequest) -> bool:
    return request.GET.get("ca_chua_tiep_nhan") == "1"


@login_required
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A period: the unit's own report, and for province readers the consolidation."""
    period = _period_for(request, pk)
    actor = actor_for(request.user)
    context: dict[str, Any] = {
        "period": period,
        "window": window_text(period.starts_on, period.ends_on),
        "by_law": period.kind in period_rules.PERIODIC,
        "own_rows": _own_report_rows(actor, period),
        "can_edit": policies.can_edit_period(actor, period),
        "can_edit_form": policies.can_manage_periods(actor),
        "can_open_period": policies.can_manage_periods(actor)
        and period.status == PeriodStatus.DRAFT,
        "can_close_period": policies.can_manage_periods(actor)
        and period.status == PeriodStatus.OPEN,
        "can_consolidate": policies.can_view_consolidation(actor, period),
        "can_edit_provincial": policies.can_edit_provincial_report(actor, period),
        "today": timezone.localdate(),
    }
    if context["can_consolidate"]:
        include_submitted = _include_submitted(request)
        rows = selectors.completeness(period)
        viewable = {
            row.report.pk
            for row in rows
            if row.report is not None and policies.can_view_report(actor, row.report)
        }
        context.update(
            {
                "rows": rows,
                "viewable": viewable,
                "summary": _completeness_summary(rows),
                "totals": selectors.indicator_totals(period, include_submitted=include_submitted),
                "include_submitted": include_submitted,
                "comparison": selectors.compare_previous(
                    period, include_submitted=include_submitted
                ),
                "narrative": selectors.narrative_draft(period),
            }
        )
    return render(request, "reports/period_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a period's title, due date and reminders (coordinator), with optimistic locking."""
    period = _period_for(request, pk)
    require(policies.can_edit_period(actor_for(request.user), period))
    fixed = period.kind in period_rules.PERIODIC
    initial = {
        "title": period.title,
        "due_on": period.due_on,
        "remind_days_before": period.remind_days_before,
        "starts_on": period.starts_on,
        "ends_on": period.ends_on,
        "version": period.version,
    }
    form = PeriodEditForm(request.POST or None, initial=initial, fixed_window=fixed)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        saved = run_service(
            form,
            lambda: services.period_update(
                period=period,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                **fields,
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu kỳ báo cáo."))
            return redirect("reports:period", pk=period.pk)
    return render(
        request,
        "reports/period_form.html",
        {"period": period, "form": form, "window": window_text(period.starts_on, period.ends_on)},
    )


@login_required
@require_POST
def period_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a draft period to the units, or close an open one (coordinator)."""
    period = _period_for(request, pk)
    require(policies.can_manage_periods(actor_for(request.user)))
    action = request.POST.get("action")
    form = forms.Form()
    if action == "open":
        done = run_service(form, lambda: services.period_open(period=period, by=request.user))
        text = _("Đã mở kỳ báo cáo: các đơn vị có thể lập và gửi báo cáo.")
    elif action == "close":
        done = run_service(form, lambda: services.period_close(period=period, by=request.user))
        text = _("Đã khóa sổ kỳ báo cáo.")
    else:
        raise Http404
    if done:
        messages.success(request, text)
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect("reports:period", pk=period.pk)


@login_required
@require_POST
def report_open(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """Start (or continue) a unit's report for a period."""
    period = _period_for(request, pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    require(policies.can_open_report(actor_for(request.user), period, unit.pk))
    form = forms.Form()
    report = run_service(
        form, lambda: services.report_open_for_unit(period=period, unit=unit, by=request.user)
    )
    if report is None:
        messages.error(request, " ".join(form.non_field_errors()))
        return redirect("reports:period", pk=period.pk)
    return redirect("reports:report", pk=report.pk)


# Unit report ---------------------------------------------------------------------------------


def _comments_by_place(report: UnitReport, comments: list[Any]) -> dict[str, Any]:
    """Split the comments of the latest review: general, per section id, per indicator id."""
    latest = max((c.revision for c in comments), default=None)
    general: list[Any] = []
    by_section: dict[int, list[Any]] = defaultdict(list)
    by_indicator: dict[int, list[Any]] = defaultdict(list)
    for c in comments:
        if c.revision != latest:
            continue
        if c.indicator_id:
            by_indicator[c.indicator_id].append(c)
        elif c.section_id:
            by_section[c.section_id].append(c)
        else:
            general.append(c)
    return {
        "latest": latest,
        "general": general,
        "by_section": by_section,
        "by_indicator": by_indicator,
        "older": [c for c in comments if c.revision != latest],
    }


def _editor_blocks(
    content: selectors.ReportContent, form: ReportEditForm | None, comments: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Arrange the page: one block per section with its parts and its indicators."""
    by_section: dict[int | None, list[Any]] = defaultdict(list)
    for indicator in content.indicators:
        by_section[indicator.section_id].append(indicator)
    known = {s.pk for s in content.sections}

    def indicator_rows(indicators: list[Any]) -> list[dict[str, Any]]:
        rows = []
        for indicator in indicators:
            value = content.values.get(indicator.code)
            name = value_field(indicator.code)
            rows.append(
                {
                    "indicator": indicator,
                    "value": value,
                    "display": value.display(indicator.value_type) if value else "",
                    "field": form[name] if form is not None and name in form.fields else None,
                    "source": source_note(indicator, value),
                    "hints": indicator_hints(indicator),
                    "comments": comments["by_indicator"].get(indicator.pk, []),
                }
            )
        return rows

    blocks = []
    for section in content.sections:
        saved = content.answers.get(section.code, {})
        parts = []
        for part in ANSWER_FIELDS:
            name = answer_field(section.code, part)
            parts.append(
                {
                    "part": part,
                    "label": ANSWER_LABELS[part],
                    "text": saved.get(part, ""),
                    "field": form[name] if form is not None else None,
                }
            )
        blocks.append(
            {
                "section": section,
                "parts": parts,
                "indicators": indicator_rows(by_section.get(section.pk, [])),
                "comments": comments["by_section"].get(section.pk, []),
            }
        )
    loose = [i for sid, items in by_section.items() if sid not in known for i in items]
    return blocks, indicator_rows(loose)


def _edit_form(content: selectors.ReportContent, data: Any = None) -> ReportEditForm:
    return ReportEditForm(
        data,
        sections=content.sections,
        indicators=content.indicators,
        answers=content.answers,
        values=content.values,
        version=content.report.version,
    )


def _timeliness(report: UnitReport) -> dict[str, Any]:
    period = report.period
    today = timezone.localdate()
    if report.first_submitted_at:
        late = report.late
        return {"key": "late" if late else "on_time", "label": _("Muộn") if late else _("Đúng hạn")}
    if period.due_on and today > period.due_on:
        return {"key": "missing", "label": _("Chưa nộp (quá hạn)")}
    return {"key": "pending", "label": _("Chưa nộp")}


def _report_page(
    request: HttpRequest,
    report: UnitReport,
    *,
    form: ReportEditForm | None = None,
    review_form: ReviewForm | None = None,
    evidence_form: EvidenceForm | None = None,
    locked: bool = False,
    status: int = 200,
) -> HttpResponse:
    """Render a report page; `locked` keeps a refused form on screen without saving it."""
    actor = actor_for(request.user)
    content = selectors.report_content(report)
    can_edit = policies.can_edit_report(actor, report)
    can_review = policies.can_review_report(actor, report)
    if can_edit and form is None:
        form = _edit_form(content)
    if not can_edit and not locked:
        form = None
    if can_review and review_form is None:
        review_form = ReviewForm(sections=content.sections)
    if can_edit and evidence_form is None:
        evidence_form = EvidenceForm(sections_qs=report.period.form.sections.all())
    comments = _comments_by_place(report, list(content.comments))
    blocks, loose = _editor_blocks(content, form, comments)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "period": report.period,
            "content": content,
            "blocks": blocks,
            "loose": loose,
            "comments": comments,
            "form": form,
            "can_edit": can_edit,
            "can_submit": policies.can_submit_report(actor, report),
            "can_review": can_review,
            "review_form": review_form if can_review else None,
            "evidence_form": evidence_form if can_edit else None,
            "events": report.events.select_related("by"),
            "revisions": report.revisions.select_related("submitted_by"),
            "timeliness": _timeliness(report),
            "auto_filled": form.auto_filled if form is not None else set(),
            "locked": locked,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's report: the editor for the unit, the review for the coordinator."""
    report = _report_for(request, pk)
    if request.method == "GET":
        return _report_page(request, report)
    actor = actor_for(request.user)
    if not policies.can_edit_report(actor, report):
        # Submitted or closed while this person was typing: show what they typed, save nothing.
        require(actor.in_unit(report.unit_id, UNIT_OFFICER, UNIT_HEAD))
        form = _edit_form(selectors.report_content(report), request.POST)
        form.is_valid()
        form.add_error(None, _LOCKED)
        return _report_page(request, report, form=form, locked=True, status=409)
    action = request.POST.get("action", "save")
    if action == "submit":
        require(policies.can_submit_report(actor, report))
    content = selectors.report_content(report)
    form = _edit_form(content, request.POST)
    if not form.is_valid():
        return _report_page(request, report, form=form)
    saved = _run_report_service(
        form,
        lambda: services.report_save(
            report=report,
            expected_version=form.cleaned_data["version"],
            by=request.user,
            answers=form.answers(),
            values=form.values(),
        ),
    )
    if saved is None:
        return _report_page(request, report, form=form)
    if action == "submit":
        submitted = _run_report_service(
            form,
            lambda: services.report_submit(
                report=saved, by=request.user, expected_version=saved.version
            ),
        )
        if submitted is None:
            # The text was saved; what stops the submission is shown next to its field.
            fresh = _report_for(request, pk)
            form.data = form.data.copy()
            form.data["version"] = str(fresh.version)
            return _report_page(request, fresh, form=form)
        messages.success(request, _("Đã gửi báo cáo tới Sở Nội vụ."))
    else:
        messages.success(request, _("Đã lưu báo cáo."))
    return redirect("reports:report", pk=report.pk)


_LOCKED = _lazy(
    "Báo cáo đã được gửi hoặc kỳ báo cáo đã khóa sổ nên không lưu được nữa. Nội dung bạn vừa "
    "nhập vẫn còn trên trang để bạn sao chép."
)


@login_required
@require_POST
def report_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the editor in the background (htmx); return a small status fragment."""
    report = _report_for(request, pk)
    actor = actor_for(request.user)
    context: dict[str, Any] = {"report": report, "version": None}
    if not policies.can_edit_report(actor, report):
        require(actor.in_unit(report.unit_id, UNIT_OFFICER, UNIT_HEAD))
        context.update({"state": "locked", "message": _LOCKED})
        return render(request, "reports/_autosave_status.html", context)
    content = selectors.report_content(report)
    form = _edit_form(content, request.POST)
    if not form.is_valid():
        context.update({"state": "invalid", "errors": _labelled_errors(form)})
    else:
        try:
            saved = services.report_save(
                report=report,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                answers=form.answers(),
                values=form.values(),
            )
        except ConflictError as exc:
            context.update({"state": "conflict", "message": exc.message})
        except services.ReportValidationError as exc:
            for key, message in exc.errors.items():
                form.add_error(form.field_for_error(key), message)
            context.update({"state": "invalid", "errors": _labelled_errors(form)})
        else:
            context.update({"state": "saved", "at": timezone.localtime(), "version": saved.version})
    response = render(request, "reports/_autosave_status.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _labelled_errors(form: forms.Form) -> list[str]:
    out = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            out.append(f"{label}: {error}" if label and name != "version" else str(error))
    return out


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a submitted report, or return it with comments per section (coordinator)."""
    report = _report_for(request, pk)
    require(policies.can_review_report(actor_for(request.user), report))
    form = ReviewForm(request.POST, sections=report.period.form.sections.all())
    if form.is_valid():
        if form.cleaned_data["decision"] == "accept":
            done = run_service(
                form,
                lambda: services.report_accept(
                    report=report, by=request.user, comment=form.cleaned_data["comment"]
                ),
            )
            text = _("Đã tiếp nhận báo cáo.")
        else:
            done = run_service(
                form,
                lambda: services.report_return(
                    report=report, comments=form.comments(), by=request.user
                ),
            )
            text = _("Đã trả lại báo cáo kèm ý kiến.")
        if done:
            messages.success(request, text)
            return redirect("reports:report", pk=report.pk)
    return _report_page(request, report, review_form=form, status=422)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach evidence files to an editable report."""
    report = _report_for(request, pk)
    require(policies.can_edit_report(actor_for(request.user), report))
    form = EvidenceForm(request.POST, request.FILES, sections_qs=report.period.form.sections.all())
    if form.is_valid():
        added = run_service(
            form,
            lambda: services.evidence_add(
                report=report,
                files=form.cleaned_data["files"],
                section=form.cleaned_data["section"],
                by=request.user,
            ),
        )
        if added:
            messages.success(request, _("Đã đính kèm %(n)d tệp minh chứng.") % {"n": len(added)})
            return redirect(reverse("reports:report", args=[report.pk]) + "#minh-chung")
    return _report_page(request, report, evidence_form=form)


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """Remove an evidence file from an editable report."""
    report = _report_for(request, pk)
    require(policies.can_edit_report(actor_for(request.user), report))
    evidence = get_object_or_404(ReportEvidence, pk=evidence_pk, report=report, archived_at=None)
    form = forms.Form()
    if run_service(form, lambda: services.evidence_archive(evidence=evidence, by=request.user)):
        messages.success(request, _("Đã gỡ tệp minh chứng."))
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect(reverse("reports:report", args=[report.pk]) + "#minh-chung")


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Send a report's evidence file to someone allowed to read the report."""
    evidence = get_object_or_404(
        ReportEvidence.objects.select_related("report"), pk=pk, archived_at=None
    )
    require(policies.can_view_evidence(actor_for(request.user), evidence), visible=False)
    return private_download(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


def _readable_changes(report: UnitReport, changes: list[Any]) -> list[dict[str, Any]]:
    """Show figures of a revision the Vietnamese way ("1.250", "87,5", "Có")."""
    kinds = dict(report.period.form.indicators.values_list("code", "value_type"))

    def show(key: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        kind = kinds.get(key.removeprefix("values.")) if key.startswith("values.") else None
        if kind is None or kind == ValueType.TEXT:
            return str(value)
        if kind == ValueType.BOOLEAN:
            return format_value(bool(value), kind)
        try:
            return format_value(decimal.Decimal(str(value)), kind)
        except decimal.InvalidOperation:
            return str(value)

    return [
        {"label": c.label, "before": show(c.key, c.before), "after": show(c.key, c.after)}
        for c in changes
    ]


@login_required
@require_GET
def report_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every submission of a report, and the differences between two of them."""
    report = _report_for(request, pk)
    revisions = list(report.revisions.select_related("submitted_by"))
    numbers = [r.number for r in revisions]
    changes = None
    form = None
    pair: tuple[int, int] | None = None
    if len(numbers) >= 2:
        default = {"tu": numbers[-2], "den": numbers[-1]}
        form = DiffForm(request.GET or default, numbers=numbers)
        if form.is_valid():
            pair = (form.cleaned_data["tu"], form.cleaned_data["den"])
            changes = _readable_changes(report, selectors.revision_diff(report, *pair))
    return render(
        request,
        "reports/report_history.html",
        {
            "report": report,
            "period": report.period,
            "revisions": revisions,
            "form": form,
            "pair": pair,
            "changes": changes,
            "events": report.events.select_related("by"),
        },
    )


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a unit's report as an official document (DOCX, Decree 30 layout)."""
    report = _report_for(request, pk)
    return _download(
        exports.unit_report_docx(report),
        filename=exports.unit_report_filename(report),
        content_type=exports.DOCX_TYPE,
    )


# Consolidation -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def provincial_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the provincial report from the units' paragraphs (coordinator)."""
    period = _consolidation_for(request, pk)
    actor = actor_for(request.user)
    require(policies.can_edit_provincial_report(actor, period))
    current = selectors.provincial_report_initial(period)
    sections = list(period.form.sections.all())
    initial = {
        "number": current.number,
        "symbol": current.symbol,
        "place": current.place,
        "date": current.date,
        "subject": current.subject,
        "recipients": "\n".join(current.recipients or []),
        "signer_authority": current.signer_authority,
        "signer_title": current.signer_title,
        "signer_name": current.signer_name,
        "version": current.version if current.pk else 0,
    }
    form = ProvincialReportForm(
        request.POST or None,
        initial=initial,
        sections=sections,
        narrative=current.narrative or {},
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.provincial_report_save(
                period=period,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                **form.service_values(),
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu báo cáo tổng hợp."))
            return redirect("reports:provincial", pk=period.pk)
    narrative = {block.section.pk: block for block in selectors.narrative_draft(period)}
    return render(
        request,
        "reports/provincial_form.html",
        {
            "period": period,
            "form": form,
            "provincial": current,
            "sections": [
                {
                    "section": s,
                    "field": form.section_field(s),
                    "draft": narrative.get(s.pk),
                }
                for s in sections
            ],
        },
    )


@login_required
def provincial_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the provincial report as an official document (DOCX, Decree 30 layout)."""
    period = _consolidation_for(request, pk)
    return _download(
        exports.provincial_report_docx(period),
        filename=exports.provincial_report_filename(period),
        content_type=exports.DOCX_TYPE,
    )


@login_required
def indicators_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the indicators by unit with the totals row: XLSX workbook or CSV table."""
    period = _consolidation_for(request, pk)
    fmt = request.GET.get("xuat", "xlsx")
    if fmt not in FORMATS:
        raise Http404
    include_submitted = _include_submitted(request)
    name = f"chi-tieu-{_slug(period.title)}"
    if fmt == "xlsx":
        return _download(
            exports.indicators_xlsx(period, include_submitted=include_submitted),
            filename=f"{name}.xlsx",
            content_type=exports.XLSX_TYPE,
        )
    headers, rows, total = exports.indicator_table(period, include_submitted=include_submitted)
    return table_response(headers=headers, rows=[*rows, total], filename=name, fmt=fmt)


@login_required
def totals_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the totals per indicator as CSV."""
    period = _consolidation_for(request, pk)
    return exports.totals_csv(period, include_submitted=_include_submitted(request))


@login_required
def comparison_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the comparison with the previous period as CSV."""
    return exports.comparison_csv(_consolidation_for(request, pk))


@login_required
def completeness_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the completeness table (unit × status × on time) as CSV or XLSX."""
    period = _consolidation_for(request, pk)
    fmt = request.GET.get("xuat", "csv")
    if fmt not in FORMATS:
        raise Http404
    headers, rows = exports.completeness_table(period)
    return table_response(
        headers=headers, rows=rows, filename=f"tinh-hinh-nop-{_slug(period.title)}", fmt=fmt
    )


@login_required
def report_values_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download one unit report's figures as CSV, with where each figure came from."""
    return exports.unit_values_csv(_report_for(request, pk))


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, decimal.Decimal | int | float):
        return float(value)
    return None


@login_required
def charts(request: HttpRequest, pk: int) -> HttpResponse:
    """Charts of a period: submissions over time, an indicator by unit, vs the previous period.

    Every chart's numbers are also given as an HTML table next to it.
    """
    period = _consolidation_for(request, pk)
    include_submitted = _include_submitted(request)
    rows = selectors.completeness(period)
    series = _progress_series(rows, period)
    totals = selectors.indicator_totals(period, include_submitted=include_submitted)
    numeric = [
        t
        for t in totals
        if t.indicator.value_type in (ValueType.INTEGER, ValueType.DECIMAL, ValueType.PERCENT)
    ]
    code = request.GET.get("chi_tieu", "")
    summed = [t for t in numeric if t.indicator.aggregation == "sum"] or numeric
    default = summed[0] if summed else None
    chosen = next((t for t in numeric if t.indicator.code == code), default)
    comparison = selectors.compare_previous(period, include_submitted=include_submitted)
    # Indicators differ in scale (sessions, people, %): the chart shows the relative change.
    compared = [c for c in comparison.rows if c.change_percent is not None]
    progress_data = {
        "labels": [s["day"].strftime("%d/%m/%Y") for s in series],
        "datasets": [
            {
                "label": _("Số đơn vị đã gửi (cộng dồn)"),
                "data": [s["cumulative"] for s in series],
                "stepped": True,
            }
        ],
    }
    by_unit_data = None
    if chosen is not None:
        with_values = [uv for uv in chosen.per_unit if _number(uv.value) is not None]
        by_unit_data = {
            "labels": [uv.unit.short_name or uv.unit.name for uv in with_values],
            "datasets": [
                {
                    "label": f"{chosen.indicator.label} ({chosen.indicator.unit_of_measure})"
                    if chosen.indicator.unit_of_measure
                    else chosen.indicator.label,
                    "data": [_number(uv.value) for uv in with_values],
                }
            ],
        }
    compare_data = {
        "labels": [_short(f"{c.indicator.code} {c.indicator.label}") for c in compared],
        "datasets": [
            {
                "label": _("Tăng, giảm so với kỳ trước (%)"),
                "data": [float(c.change_percent) for c in compared if c.change_percent is not None],
            }
        ],
    }
    return render(
        request,
        "reports/charts.html",
        {
            "period": period,
            "series": series,
            "summary": _completeness_summary(rows),
            "numeric": numeric,
            "chosen": chosen,
            "comparison": comparison,
            "compared": compared,
            "include_submitted": include_submitted,
            "progress_data": progress_data,
            "by_unit_data": by_unit_data,
            "compare_data": compare_data,
        },
    )


# Form editor ---------------------------------------------------------------------------------


def _report_form_for(request: HttpRequest, pk: int) -> ReportForm:
    report_form = get_object_or_404(ReportForm, pk=pk, archived_at=None)
    require(policies.can_manage_periods(actor_for(request.user)))
    return report_form


def _indicator_values(form: IndicatorForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "code"}


@login_required
@require_http_methods(["GET", "POST"])
def form_editor(request: HttpRequest, pk: int) -> HttpResponse:
    """A report form's sections and indicators, with a form to add an indicator (coordinator)."""
    report_form = _report_form_for(request, pk)
    form = IndicatorForm(request.POST or None, report_form=report_form)
    if request.method == "POST" and form.is_valid():
        added = run_service(
            form,
            lambda: services.indicator_add(
                form=report_form,
                code=form.cleaned_data["code"],
                by=request.user,
                **_indicator_values(form),
            ),
        )
        if added:
            messages.success(request, _("Đã thêm chỉ tiêu %(code)s.") % {"code": added.code})
            return redirect("reports:form_editor", pk=report_form.pk)
    indicators = list(report_form.indicators.select_related("section"))
    sections = [
        {"section": section, "indicators": [i for i in indicators if i.section_id == section.pk]}
        for section in report_form.sections.all()
    ]
    return render(
        request,
        "reports/form_editor.html",
        {
            "report_form": report_form,
            "sections": sections,
            "loose": [i for i in indicators if i.section_id is None],
            "periods": list(report_form.periods.filter(archived_at=None)),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Change one indicator of a report form (coordinator)."""
    report_form = _report_form_for(request, pk)
    indicator = get_object_or_404(Indicator, pk=indicator_pk, form=report_form)
    initial = {
        "label": indicator.label,
        "section": indicator.section_id,
        "value_type": indicator.value_type,
        "unit_of_measure": indicator.unit_of_measure,
        "required": indicator.required,
        "min_value": indicator.min_value,
        "max_value": indicator.max_value,
        "aggregation": indicator.aggregation,
        "computed_note": indicator.computed_note,
    }
    form = IndicatorForm(
        request.POST or None, initial=initial, report_form=report_form, editing=True
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.indicator_update(
                indicator=indicator, by=request.user, **_indicator_values(form)
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu chỉ tiêu %(code)s.") % {"code": saved.code})
            return redirect("reports:form_editor", pk=report_form.pk)
    return render(
        request,
        "reports/indicator_form.html",
        {"report_form": report_form, "indicator": indicator, "form": form},
    )


@login_required
@require_POST
def indicator_archive(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Remove an indicator nobody has reported a figure for (coordinator)."""
    report_form = _report_form_for(request, pk)
    indicator = get_object_or_404(Indicator, pk=indicator_pk, form=report_form)
    form = forms.Form({})
    form.is_valid()  # an unbound form cannot take the service's error
    if run_service(form, lambda: services.indicator_archive(indicator=indicator, by=request.user)):
        messages.success(request, _("Đã gỡ chỉ tiêu %(code)s.") % {"code": indicator.code})
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect("reports:form_editor", pk=report_form.pk)

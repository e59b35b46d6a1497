"""Pages of the reform indices: overview, one index's trend, entry by hand, spreadsheet import."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.access import actor_for, require
from danvan.core.audit import history_for
from danvan.core.errors import ApplicationError, PermissionDeniedError
from danvan.core.exports import FORMATS, table_response
from danvan.core.forms import run_service
from danvan.core.uploads import private_download
from danvan.orgs.models import Unit

from . import policies, selectors, services
from .forms import ImportForm, LinkForm, ScoreForm
from .models import IndexKind, IndexScore, IndexTarget, RemedialLink, ScoreImport


def _kind_for(request: HttpRequest, code: str) -> IndexKind:
    require(policies.can_view_indices(actor_for(request.user)), visible=False)
    return get_object_or_404(IndexKind, code__iexact=code)


def _province_for(request: HttpRequest) -> Unit | None:
    raw = request.GET.get("tinh", "")
    if raw.isdigit() and len(raw) < 12:
        return (
            selectors.province_units().filter(pk=int(raw)).first() or selectors.default_province()
        )
    return selectors.default_province()


def _kind_url(kind: IndexKind, unit_id: int, anchor: str = "") -> str:
    return f"{reverse('indices:kind', args=[kind.code.lower()])}?tinh={unit_id}{anchor}"


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}".replace(".", ",")


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Show the latest result of each index for the province."""
    actor = actor_for(request.user)
    require(policies.can_view_indices(actor))
    unit = _province_for(request)
    return render(
        request,
        "indices/home.html",
        {
            "unit": unit,
            "provinces": selectors.province_units(),
            "overview": selectors.overview(unit) if unit else [],
            "can_edit": policies.can_edit_scores(actor),
            "imports": selectors.recent_imports(5) if policies.can_import(actor) else [],
        },
    )


@login_required
@require_GET
def kind_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Show one index: score against target and rank by year, components, remedial tasks."""
    kind = _kind_for(request, code)
    actor = actor_for(request.user)
    unit = _province_for(request)
    if unit is None:
        raise Http404
    rows = selectors.trend(kind, unit)
    return render(
        request,
        "indices/kind_detail.html",
        {
            "kind": kind,
            "unit": unit,
            "provinces": selectors.province_units(),
            "rows": rows,
            "result_rows": [r for r in rows if r.result is not None],
            "chart": selectors.chart_data(kind, rows),
            "has_ranks": any(r.rank or r.target_rank for r in rows),
            "sub_rows": selectors.sub_index_rows(kind, rows),
            "sub_years": selectors.sub_years(rows),
            "links": selectors.remedial_links(kind, unit),
            "can_edit": policies.can_edit_scores(actor),
            "can_link": policies.can_link_tasks(actor),
            "formats": FORMATS,
        },
    )


@login_required
@require_GET
def kind_export(request: HttpRequest, code: str) -> HttpResponse:
    """Download the index's results by year (and components) as CSV or XLSX."""
    kind = _kind_for(request, code)
    unit = _province_for(request)
    if unit is None:
        raise Http404
    fmt = request.GET.get("dinh_dang", "xlsx")
    if fmt not in FORMATS:
        fmt = "xlsx"
    rows = selectors.trend(kind, unit)
    subs = list(kind.sub_indices.order_by("position"))
    headers = [
        _("Năm"),
        _("Điểm"),
        _("Xếp hạng"),
        _("Điểm mục tiêu"),
        _("Thứ hạng mục tiêu"),
        *[s.name for s in subs],
    ]
    table = [
        [
            r.year,
            r.score,
            r.rank,
            r.target_score,
            r.target_rank,
            *[r.sub[s.pk].score if s.pk in r.sub else None for s in subs],
        ]
        for r in rows
    ]
    return table_response(
        headers=headers, rows=table, filename=f"chi-so-{kind.code.lower()}", fmt=fmt
    )


@login_required
@require_http_methods(["GET", "POST"])
def score_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Enter or correct one year's result by hand, with its components and target."""
    kind = _kind_for(request, code)
    require(policies.can_edit_scores(actor_for(request.user)))
    unit = _province_for(request)
    if unit is None:
        raise Http404
    year_raw = request.GET.get("nam", "")
    year = int(year_raw) if year_raw.isdigit() and len(year_raw) == 4 else services.today().year - 1
    result = IndexScore.objects.filter(kind=kind, unit=unit, year=year, archived_at=None).first()
    target = IndexTarget.objects.filter(kind=kind, unit=unit, year=year).first()
    initial: dict[str, Any] = {"year": year}
    if result is not None:
        initial.update(
            version=result.version,
            score=_fmt(result.score) if result.score is not None else "",
            national_rank=result.national_rank,
        )
        for sub in result.sub_scores.all():
            initial[f"sub_{sub.sub_index_id}"] = _fmt(sub.score)
    if target is not None:
        initial.update(
            target_score=_fmt(target.target_score) if target.target_score is not None else "",
            target_rank=target.target_rank,
        )
    form = ScoreForm(request.POST or None, initial=initial, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save() -> bool:
            has_result = (
                data["score"] is not None
                or data["national_rank"] is not None
                or any(v is not None for v, _r in form.sub_scores().values())
            )
            has_target = data["target_score"] is not None or data["target_rank"] is not None
            if not has_result and not has_target:
                raise ApplicationError(_("Hãy nhập kết quả hoặc mục tiêu của năm."))
            if has_result:
                services.index_score_save(
                    kind=kind,
                    unit=unit,
                    year=data["year"],
                    score=data["score"],
                    national_rank=data["national_rank"],
                    sub_scores=form.sub_scores(),
                    expected_version=data.get("version"),
                    by=request.user,
                )
            if has_target:
                services.index_target_set(
                    kind=kind,
                    unit=unit,
                    year=data["year"],
                    target_score=data["target_score"],
                    target_rank=data["target_rank"],
                    by=request.user,
                )
            return True

        if run_service(form, save):
            messages.success(
                request,
                _("Đã lưu kết quả %(kind)s năm %(year)d.")
                % {"kind": kind.short_name, "year": data["year"]},
            )
            return redirect(f"{reverse('indices:kind', args=[kind.code.lower()])}?tinh={unit.pk}")
    return render(
        request,
        "indices/score_form.html",
        {
            "kind": kind,
            "unit": unit,
            "form": form,
            "year": year,
            "result": result,
            "history": history_for(result)[:20] if result else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a spreadsheet of scores; it is checked and shown as a preview, not yet applied."""
    actor = actor_for(request.user)
    require(policies.can_import(actor))
    default = selectors.default_province()
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"unit": default.pk if default else None},
    )
    if request.method == "POST" and form.is_valid():
        record = run_service(
            form,
            lambda: services.score_import_preview(
                unit=form.cleaned_data["unit"], upload=form.cleaned_data["file"], by=request.user
            ),
        )
        if record:
            return redirect("indices:import_detail", pk=record.pk)
    return render(
        request,
        "indices/import_upload.html",
        {"form": form, "imports": selectors.recent_imports(10), "kinds": selectors.kinds()},
    )


def _import_for(request: HttpRequest, pk: int) -> ScoreImport:
    record = get_object_or_404(ScoreImport.objects.select_related("unit", "by"), pk=pk)
    require(policies.can_view_import(actor_for(request.user), record), visible=False)
    return record


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an upload's rows as new / changed / unchanged / error; confirm or discard it."""
    record = _import_for(request, pk)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "apply":
                record = services.score_import_apply(score_import=record, by=request.user)
                messages.success(
                    request,
                    _("Đã nhập %(n)d dòng mới hoặc thay đổi từ tệp %(name)s.")
                    % {
                        "n": record.counts.get("new", 0) + record.counts.get("changed", 0),
                        "name": record.original_name or "",
                    },
                )
                first = next((r for r in record.rows if r.get("kind_id")), None)
                kind = IndexKind.objects.filter(pk=first["kind_id"]).first() if first else None
                if kind is not None:
                    return redirect(
                        f"{reverse('indices:kind', args=[kind.code.lower()])}?tinh={record.unit_id}"
                    )
                return redirect("indices:home")
            if action == "discard":
                services.score_import_discard(score_import=record, by=request.user)
                messages.success(request, _("Đã hủy lần nhập; không có số liệu nào thay đổi."))
                return redirect("indices:import")
        except ApplicationError as exc:
            if isinstance(exc, PermissionDeniedError):
                raise
            error = exc.message
            record.refresh_from_db()
    return render(
        request,
        "indices/import_detail.html",
        {
            "record": record,
            "error": error,
            "errors": record.error_count(),
            "history": history_for(record)[:10],
        },
    )


@login_required
@require_GET
def import_file(request: HttpRequest, pk: int) -> FileResponse:
    """Download the file kept with an import."""
    record = _import_for(request, pk)
    if not record.file:
        raise Http404
    return private_download(
        record.file, filename=record.original_name or "tep", content_type=record.content_type
    )


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """Download an XLSX template with the expected columns and the valid names."""
    require(policies.can_view_indices(actor_for(request.user)))
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Diem chi so"
    sheet.append(["Chỉ số", "Năm", "Chỉ số thành phần", "Điểm", "Xếp hạng"])
    sheet.append(["PAPI", services.today().year - 1, "", "43,52", 12])
    sheet.append(
        ["PAPI", services.today().year - 1, "Tham gia của người dân ở cấp cơ sở", "5,21", ""]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (14, 8, 60, 10, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    names = book.create_sheet("Danh muc")
    names.append(["Chỉ số", "Tên đầy đủ", "Chỉ số thành phần", "Điểm tối đa"])
    for cell in names[1]:
        cell.font = Font(bold=True)
    for kind in selectors.kinds():
        names.append([kind.short_name, kind.name, "", float(kind.scale_max)])
        for sub in kind.sub_indices.all():
            names.append([kind.short_name, "", sub.name, float(sub.max_score)])
    names.column_dimensions["B"].width = 50
    names.column_dimensions["C"].width = 70
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-diem-chi-so.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def link_add(request: HttpRequest, code: str) -> HttpResponse:
    """Link a plan task to a weak component of the index."""
    kind = _kind_for(request, code)
    require(policies.can_link_tasks(actor_for(request.user)))
    unit = _province_for(request)
    if unit is None:
        raise Http404
    initial = {}
    sub_raw = request.GET.get("thanh_phan", "")
    if sub_raw.isdigit() and len(sub_raw) < 12:
        initial["sub_index"] = int(sub_raw)
    form = LinkForm(request.POST or None, initial=initial, kind=kind)
    if request.method == "POST" and form.is_valid():
        link = run_service(
            form,
            lambda: services.remedial_link_add(
                sub_index=form.cleaned_data["sub_index"],
                unit=unit,
                task=form.cleaned_data["task"],
                note=form.cleaned_data["note"],
                by=request.user,
            ),
        )
        if link:
            messages.success(request, _("Đã gắn nhiệm vụ khắc phục."))
            return redirect(
                f"{reverse('indices:kind', args=[kind.code.lower()])}?tinh={unit.pk}#khac-phuc"
            )
    return render(request, "indices/link_form.html", {"kind": kind, "unit": unit, "form": form})


@login_required
@require_POST
def link_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Unlink a remedial task."""
    require(policies.can_link_tasks(actor_for(request.user)))
    link = get_object_or_404(
        RemedialLink.objects.select_related("sub_index__kind"), pk=pk, archived_at=None
    )
    services.remedial_link_remove(link=link, by=request.user)
    messages.success(request, _("Đã gỡ nhiệm vụ khắc phục."))
    kind = link.sub_index.kind
    return redirect(
        f"{reverse('indices:kind', args=[kind.code.lower()])}?tinh={link.unit_id}#khac-phuc"
    )

"""Pages of the Front's recommendations: list with statistics, filing, assignment, answers,
assessment, publication consents, withdrawal, file downloads, and the public pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from danvan.core.access import FRONT_LIAISON, Actor, actor_for, require
from danvan.core.audit import history_for
from danvan.core.exports import FORMATS, table_response
from danvan.core.forms import run_service
from danvan.core.uploads import private_download
from danvan.orgs.models import Unit, UnitKind

from . import policies, selectors, services
from .forms import (
    AnswerForm,
    AssessForm,
    AssignForm,
    ConsentForm,
    FilterForm,
    RecommendationForm,
    WithdrawForm,
)
from .models import Recommendation, RecommendationFile, RecommendationStatus

PAGE_SIZE = 25


def _rec_for(request: HttpRequest, pk: int) -> Recommendation:
    rec = selectors.recommendation_detail(pk=pk)
    if rec is None:
        raise Http404
    require(policies.can_view(actor_for(request.user), rec), visible=False)
    return rec


def _organisations_for(actor: Actor) -> QuerySet[Unit]:
    ids = actor.unit_ids(FRONT_LIAISON)
    # Units that ended still appear: a recommendation may be filed late for an earlier date.
    return (
        Unit.objects.filter(kind=UnitKind.FRONT, archived_at__isnull=True)
        .filter(Q(pk__in=ids) | Q(parent_id__in=ids))
        .order_by(F("parent_id").asc(nulls_first=True), "name")
    )


def _filters(request: HttpRequest, visible: QuerySet[Recommendation]) -> FilterForm:
    unit_ids = visible.exclude(assigned_unit__isnull=True).values("assigned_unit_id")
    form = FilterForm(
        request.GET or None,
        units=Unit.objects.filter(pk__in=unit_ids).order_by("name"),
        years=selectors.years_filed(),
    )
    return form


def _apply(form: FilterForm, qs: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    if not form.is_bound:
        return qs
    if not form.is_valid():
        return qs.none()
    data = form.cleaned_data
    filters = selectors.Filters(
        status=data.get("trang_thai") or "",
        unit_id=data["don_vi"].pk if data.get("don_vi") else None,
        year=data.get("nam"),
        overdue=bool(data.get("qua_han")),
        q=data.get("q") or "",
    )
    return selectors.recommendations_filtered(qs, filters=filters, today=timezone.localdate())


def _export(rows: QuerySet[Recommendation], fmt: str) -> HttpResponse:
    today = timezone.localdate()
    return table_response(
        headers=[
            _("Số, ký hiệu"),
            _("Trích yếu"),
            _("Tổ chức kiến nghị"),
            _("Hoạt động"),
            _("Tên hoạt động"),
            _("Ngày hoạt động"),
            _("Ngày kiến nghị"),
            _("Nội dung kiến nghị"),
            _("Đơn vị giải quyết"),
            _("Hạn trả lời"),
            _("Ngày trả lời lần đầu"),
            _("Trạng thái"),
            _("Đúng hạn / quá hạn"),
        ],
        rows=(
            [
                r.document_symbol,
                r.title,
                r.organisation.name,
                r.get_source_kind_display(),
                r.source_name,
                r.source_date,
                r.filed_on,
                r.content,
                r.assigned_unit.name if r.assigned_unit else "",
                r.due_on,
                r.first_answered_on,
                r.get_status_display(),
                _timeliness(r, today),
            ]
            for r in rows
        ),
        filename=f"kien-nghi-mat-tran-{today:%Y%m%d}",
        fmt=fmt,
    )


STATS_TABLES = ("don-vi", "nam")
STATS_FIGURES = ("received", "on_time", "late", "overdue", "not_due")


def _export_stats(stats: selectors.Stats, table: str, fmt: str) -> HttpResponse:
    by_unit = table == "don-vi"
    rows = stats.by_unit if by_unit else stats.by_year
    return table_response(
        headers=[
            _("Đơn vị giải quyết") if by_unit else _("Năm"),
            _("Nhận được"),
            _("Trả lời đúng hạn"),
            _("Trả lời quá hạn"),
            _("Quá hạn, chưa trả lời"),
            _("Chưa trả lời, còn hạn"),
        ],
        rows=[
            *(
                [r.label or _("Chưa giao"), r.received, r.on_time, r.late, r.overdue, r.not_due]
                for r in rows
            ),
            [_("Tổng cộng"), *(getattr(stats.total, k) for k in STATS_FIGURES)],
        ],
        filename=f"thong-ke-kien-nghi-theo-{table}-{timezone.localdate():%Y%m%d}",
        fmt=fmt,
    )


def _timeliness(rec: Recommendation, today: Any) -> str:
    late = rec.answered_late()
    if late is True:
        return _("Trả lời quá hạn")
    if late is False:
        return _("Trả lời đúng hạn")
    if rec.is_overdue(today):
        return _("Quá hạn, chưa trả lời")
    return ""


@login_required
def recommendation_list(request: HttpRequest) -> HttpResponse:
    """List the recommendations the user may see, with filters, statistics and export."""
    actor = actor_for(request.user)
    visible = selectors.recommendations_visible(actor=actor)
    form = _filters(request, visible)
    rows = _apply(form, visible)
    fmt = request.GET.get("xuat", "")
    today = timezone.localdate()
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        table = request.GET.get("bang", "")
        if table in STATS_TABLES:
            stats = selectors.recommendation_stats(qs=rows, today=today)
            return _export_stats(stats, table, fmt)
        return _export(rows, fmt)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    for key in ("trang", "xuat", "bang"):
        query.pop(key, None)
    return render(
        request,
        "front/recommendation_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(r, r.is_overdue(today)) for r in page.object_list],
            "query": query.urlencode(),
            "stats": selectors.recommendation_stats(qs=rows, today=today),
            "todo": selectors.recommendations_todo(actor=actor),
            "can_file": policies.can_file(actor),
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_create(request: HttpRequest) -> HttpResponse:
    """The Front liaison files a recommendation, with its signed document."""
    actor = actor_for(request.user)
    require(policies.can_file(actor))
    organisations = _organisations_for(actor)
    form = RecommendationForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        initial={"filed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rec = run_service(
            form,
            lambda: services.recommendation_file(
                organisation=data["organisation"],
                document_symbol=data["document_symbol"],
                title=data["title"],
                content=data["content"],
                source_kind=data["source_kind"],
                source_name=data["source_name"],
                source_date=data["source_date"],
                filed_on=data["filed_on"],
                files=data["files"],
                by=request.user,
            ),
        )
        if rec:
            messages.success(request, _("Đã gửi kiến nghị tới Sở Nội vụ."))
            return redirect("front:detail", pk=rec.pk)
    return render(request, "front/recommendation_form.html", {"form": form})


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one recommendation: content, assignment, every answer and assessment, history."""
    rec = _rec_for(request, pk)
    actor = actor_for(request.user)
    today = timezone.localdate()
    answers = list(rec.answers.all())
    return render(
        request,
        "front/recommendation_detail.html",
        {
            "rec": rec,
            "answers": answers,
            "latest": answers[-1] if answers else None,
            "events": rec.events.all(),
            "history": history_for(rec)[:30],
            "overdue": rec.is_overdue(today),
            "late": rec.answered_late(),
            "can_assign": policies.can_assign(actor, rec),
            "can_answer": policies.can_answer(actor, rec),
            "can_assess": policies.can_assess(actor, rec),
            "can_consent_front": policies.can_consent_front(actor, rec),
            "can_consent_unit": policies.can_consent_unit(actor, rec),
            "can_withdraw": policies.can_withdraw(actor, rec),
            "assess_form": AssessForm(initial={"version": rec.version}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator assigns the recommendation to a unit and sets the due date."""
    rec = _rec_for(request, pk)
    require(policies.can_assign(actor_for(request.user), rec))
    units = (
        Unit.objects.active_on(rec.filed_on).exclude(kind=UnitKind.FRONT).order_by("kind", "name")
    )
    suggested = services.default_due_on(timezone.localdate())
    form = AssignForm(
        request.POST or None,
        units=units,
        initial={
            "unit": rec.assigned_unit_id,
            "due_on": rec.due_on or suggested,
            "version": rec.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.recommendation_assign(
                recommendation=rec,
                unit=data["unit"],
                due_on=data["due_on"],
                comment=data["comment"],
                expected_version=data["version"],
                by=request.user,
            ),
        )
        if done:
            messages.success(
                request,
                _("Đã giao %(unit)s trả lời, hạn %(due)s.")
                % {"unit": data["unit"].name, "due": data["due_on"].strftime("%d/%m/%Y")},
            )
            return redirect("front:detail", pk=rec.pk)
    return render(
        request,
        "front/recommendation_assign.html",
        {
            "rec": rec,
            "form": form,
            "suggested": suggested,
            "working_days": services.DEFAULT_ANSWER_WORKING_DAYS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The assigned unit answers: text and the signed document."""
    rec = _rec_for(request, pk)
    require(policies.can_answer(actor_for(request.user), rec))
    form = AnswerForm(request.POST or None, request.FILES or None, initial={"version": rec.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.recommendation_answer(
                recommendation=rec,
                text=data["text"],
                document_symbol=data["document_symbol"],
                documents=data["documents"],
                expected_version=data["version"],
                by=request.user,
            ),
        )
        if done:
            messages.success(request, _("Đã gửi văn bản trả lời tới Mặt trận."))
            return redirect("front:detail", pk=rec.pk)
    answers = list(rec.answers.all())
    return render(
        request,
        "front/recommendation_answer.html",
        {"rec": rec, "form": form, "latest": answers[-1] if answers else None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_assess(request: HttpRequest, pk: int) -> HttpResponse:
    """The Front liaison marks the latest answer satisfied or not, with a comment."""
    rec = _rec_for(request, pk)
    require(policies.can_assess(actor_for(request.user), rec))
    form = AssessForm(request.POST or None, initial={"version": rec.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.recommendation_assess(
                recommendation=rec,
                satisfied=data["decision"] == "satisfied",
                comment=data["comment"],
                expected_version=data["version"],
                by=request.user,
            ),
        )
        if done:
            messages.success(request, _("Đã ghi nhận đánh giá của Mặt trận."))
            return redirect("front:detail", pk=rec.pk)
    answers = list(rec.answers.all())
    return render(
        request,
        "front/recommendation_assess.html",
        {"rec": rec, "form": form, "latest": answers[-1] if answers else None},
    )


@login_required
@require_POST
def recommendation_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """One side agrees to publish (or takes the agreement back); both agree → published."""
    rec = _rec_for(request, pk)
    actor = actor_for(request.user)
    require(policies.can_consent(actor, rec))
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ; hãy tải lại trang rồi thử lại."))
        return redirect("front:detail", pk=rec.pk)
    data = form.cleaned_data
    done = run_service(
        form,
        lambda: services.recommendation_publish_consent(
            recommendation=rec,
            side=data["side"],
            consent=data["consent"] == "yes",
            expected_version=data["version"],
            by=request.user,
        ),
    )
    if done is None:
        messages.error(request, " ".join(form.non_field_errors()))
    elif done.status == RecommendationStatus.PUBLISHED:
        messages.success(
            request, _("Cả hai bên đã đồng ý: kiến nghị và trả lời đã được công khai.")
        )
    elif data["consent"] == "yes":
        messages.success(request, _("Đã ghi nhận ý kiến đồng ý công khai; chờ bên còn lại."))
    else:
        messages.info(request, _("Đã rút ý kiến đồng ý công khai."))
    return redirect("front:detail", pk=rec.pk)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The Front withdraws a recommendation that has not been answered."""
    rec = _rec_for(request, pk)
    require(policies.can_withdraw(actor_for(request.user), rec))
    form = WithdrawForm(request.POST or None, initial={"version": rec.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.recommendation_withdraw(
                recommendation=rec,
                reason=data["reason"],
                expected_version=data["version"],
                by=request.user,
            ),
        )
        if done:
            messages.success(request, _("Đã rút kiến nghị."))
            return redirect("front:detail", pk=rec.pk)
    return render(request, "front/recommendation_withdraw.html", {"rec": rec, "form": form})


@login_required
def file_download(request: HttpRequest, pk: int) -> FileResponse:
    """Send a signed document to someone who may see its recommendation."""
    row = get_object_or_404(RecommendationFile.objects.select_related("recommendation"), pk=pk)
    rec = selectors.recommendation_detail(pk=row.recommendation_id)
    if rec is None:  # pragma: no cover - files are never deleted
        raise Http404
    require(policies.can_view(actor_for(request.user), rec), visible=False)
    return private_download(row.file, filename=row.original_name, content_type=row.content_type)


# Public pages ------------------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    """List the published recommendations with their answers, for everyone."""
    rows = selectors.recommendations_published()
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    if query:
        rows = selectors.recommendations_filtered(
            rows, filters=selectors.Filters(q=query), today=timezone.localdate()
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "front/public_list.html",
        {"page": page, "q": query, "query": urlencode({"q": query}) if query else ""},
    )


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one published recommendation and the answers, without any personal data."""
    rec = selectors.recommendation_detail(pk=pk)
    if rec is None or not policies.can_view_public(rec):
        raise Http404
    answers = list(rec.answers.all())
    return render(
        request,
        "front/public_detail.html",
        {"rec": rec, "answers": answers, "latest": answers[-1] if answers else None},
    )

"""Pages of the imports app: upload, reading progress, review, draft plan, legal registry."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from danvan.core.access import actor_for, require
from danvan.core.audit import history_for
from danvan.core.errors import ApplicationError
from danvan.core.exports import FORMATS, table_response
from danvan.core.forms import form_values, run_service
from danvan.core.uploads import CONTENT_TYPES, private_download
from danvan.plans.models import Plan

from . import policies, selectors, services
from .forms import LegalDocumentForm, ReviewForm, UploadForm
from .models import DocumentFamily, ImportJob, ImportStatus, LegalDocument


def _job_for(request: HttpRequest, pk: int) -> ImportJob:
    job = get_object_or_404(
        ImportJob.objects.select_related("plan", "created_by"), pk=pk, archived_at=None
    )
    require(policies.can_view_job(actor_for(request.user), job), visible=False)
    return job


@login_required
@require_http_methods(["GET", "POST"])
def job_list(request: HttpRequest) -> HttpResponse:
    """List the user's imports and offer the upload form."""
    actor = actor_for(request.user)
    can_upload = policies.can_upload(actor)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require(can_upload)
        if form.is_valid():
            result = run_service(
                form,
                lambda: services.import_job_create(
                    upload=form.cleaned_data["file"], by=request.user
                ),
            )
            if result:
                job, created = result
                if created:
                    messages.success(request, _("Đã tải tệp lên; hệ thống đang đọc văn bản."))
                else:
                    messages.info(
                        request,
                        _(
                            "Tệp này đã được nhập trước đó; "
                            "mở lại lần nhập cũ, không tạo bản trùng."
                        ),
                    )
                return redirect("imports:detail", pk=job.pk)
    jobs = Paginator(selectors.jobs_visible(actor=actor), 25).get_page(request.GET.get("trang"))
    return render(
        request,
        "imports/job_list.html",
        {"form": form, "jobs": jobs, "can_upload": can_upload},
        status=400 if form.errors else 200,
    )


def _marked(text: str, uncertain: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any] | None]]:
    """Split the restored text into plain runs and uncertain words (shown in <mark>)."""
    parts: list[tuple[str, dict[str, Any] | None]] = []
    cursor = 0
    for token in sorted(uncertain, key=lambda t: t.get("start", 0)):
        start, end = int(token.get("start", 0)), int(token.get("end", 0))
        if start < cursor or end > len(text) or end <= start:
            continue
        parts.append((text[cursor:start], None))
        parts.append((text[start:end], token))
        cursor = end
    parts.append((text[cursor:], None))
    return parts


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a job: its reading progress, its error, or the review screen."""
    job = _job_for(request, pk)
    actor = actor_for(request.user)
    context: dict[str, Any] = {"job": job, "history": history_for(job)[:20]}
    if job.status in {ImportStatus.READY, ImportStatus.DRAFTED}:
        structure = job.structure or {}
        context.update(
            form=ReviewForm(structure=structure, version=job.version),
            structure=structure,
            marked=_marked(job.restored_text, job.uncertain or []),
            can_review=policies.can_review_job(actor, job),
            can_make_plan=policies.can_make_plan(actor, job),
            unmatched=[
                a for i, a in enumerate(structure.get("actors", []))
                if not (services.actor_key(structure, i) or a.get("unit_key"))
            ],
        )  # fmt: skip
    return render(request, "imports/job_detail.html", context)


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the progress fragment (polled by htmx); reload the page once reading is done."""
    job = _job_for(request, pk)
    response = render(request, "imports/_progress.html", {"job": job})
    if job.is_done() and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def job_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the reviewer's corrections."""
    job = _job_for(request, pk)
    actor = actor_for(request.user)
    require(policies.can_review_job(actor, job))
    structure = job.structure or {}
    form = ReviewForm(request.POST, structure=structure, version=job.version)
    if form.is_valid():
        saved = run_service(
            form,
            lambda: services.import_job_review(
                job=job,
                expected_version=form.cleaned_data["version"],
                changes=form.changes(),
                by=request.user,
            ),
        )
        if saved:
            if request.POST.get("then") == "plan" and policies.can_make_plan(actor, saved):
                return _make_plan(request, saved)
            messages.success(request, _("Đã lưu kết quả rà soát."))
            return redirect("imports:detail", pk=job.pk)
    context = {
        "job": job,
        "form": form,
        "structure": structure,
        "marked": _marked(job.restored_text, job.uncertain or []),
        "can_review": True,
        "can_make_plan": policies.can_make_plan(actor, job),
        "unmatched": [],
        "history": history_for(job)[:20],
    }
    return render(request, "imports/job_detail.html", context, status=400)


def _make_plan(request: HttpRequest, job: ImportJob) -> HttpResponse:
    had_plan = job.plan_id is not None
    try:
        plan = services.import_job_make_plan(job=job, by=request.user)
    except ApplicationError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.message)
        return redirect("imports:detail", pk=job.pk)
    if had_plan:
        messages.success(request, _("Đã cập nhật dự thảo kế hoạch từ văn bản nhập."))
    else:
        messages.success(
            request,
            _(
                "Đã tạo dự thảo kế hoạch. "
                "Hãy kiểm tra lại rồi ban hành theo quy trình thông thường."
            ),
        )
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
def job_make_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Create (or update) the draft plan of a reviewed import."""
    job = _job_for(request, pk)
    require(policies.can_make_plan(actor_for(request.user), job))
    return _make_plan(request, job)


@login_required
def job_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the uploaded file (private, never served directly)."""
    job = _job_for(request, pk)
    return private_download(
        job.file,
        filename=job.original_name,
        content_type=CONTENT_TYPES.get(job.extension, "application/octet-stream"),
    )


# Registry ------------------------------------------------------------------------------------


@login_required
def legal_list(request: HttpRequest) -> HttpResponse:
    """List the registry, searchable without diacritics; or the citations of one plan."""
    actor = actor_for(request.user)
    require(policies.can_view_registry(actor))
    query = request.GET.get("q", "")[:200]
    doc_type = request.GET.get("loai", "")[:60]
    plan = None
    plan_id = request.GET.get("plan", "")
    if plan_id:
        if not plan_id.isdigit() or len(plan_id) > 18:
            raise Http404
        plan = get_object_or_404(Plan, pk=int(plan_id), archived_at=None)
        require(policies.can_view_plan_citations(actor, plan), visible=False)
    rows = selectors.legal_documents_search(query=query, doc_type=doc_type)
    if plan is not None:
        rows = rows.filter(citations__plan=plan).distinct()
    fmt = request.GET.get("xuat", "")
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        return table_response(
            headers=[
                _("Loại văn bản"), _("Số, ký hiệu"), _("Ngày ban hành"), _("Cơ quan ban hành"),
                _("Trích yếu"), _("Số kế hoạch trích dẫn"), _("Đường dẫn"),
            ],
            rows=(
                [d.doc_type, d.full_ref, d.issued_on, d.issuer, d.title, d.plan_count, d.url]
                for d in rows
            ),
            filename="van-ban-phap-ly",
            fmt=fmt,
        )  # fmt: skip
    types = (
        LegalDocument.objects.filter(archived_at__isnull=True)
        .exclude(doc_type="")
        .values_list("doc_type", flat=True)
        .distinct()
        .order_by("doc_type")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("trang"))
    citations = selectors.citations_of_plan(plan_id=plan.pk) if plan is not None else None
    return render(
        request,
        "imports/legal_list.html",
        {
            "page": page,
            "query": query,
            "doc_type": doc_type,
            "types": list(types),
            "plan": plan,
            "citations": citations,
            "export_query": request.GET.urlencode(),
        },
    )


def _document_for(request: HttpRequest, pk: int) -> LegalDocument:
    document = get_object_or_404(LegalDocument, pk=pk, archived_at=None)
    require(policies.can_view_registry(actor_for(request.user)), visible=False)
    return document


@login_required
def legal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one registry document and every plan that cites it, and where."""
    document = _document_for(request, pk)
    actor = actor_for(request.user)
    from danvan.plans import policies as plan_policies

    citations = [
        c for c in selectors.citing_plans(document=document)
        if plan_policies.can_view_plan(actor, c.plan)
    ]  # fmt: skip
    return render(
        request,
        "imports/legal_detail.html",
        {
            "document": document,
            "citations": citations,
            "can_edit": policies.can_edit_legal_document(actor),
            "families": DocumentFamily,
            "history": history_for(document)[:20],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def legal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a registry document (coordinator)."""
    document = _document_for(request, pk)
    require(policies.can_edit_legal_document(actor_for(request.user)))
    form = LegalDocumentForm(
        request.POST or None, instance=document, initial={"version": document.version}
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.legal_document_update(
                document=document,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                **form_values(form),
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu văn bản pháp lý."))
            return redirect("imports:legal_detail", pk=document.pk)
    return render(
        request,
        "imports/legal_form.html",
        {"form": form, "document": document},
        status=400 if form.errors else 200,
    )

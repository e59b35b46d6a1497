"""Consultation pages: the public list, draft, comment and verification pages, the published
summary; and the staff list, editor, moderation queue and summary editor."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from danvan.core.access import actor_for, require
from danvan.core.audit import history_for
from danvan.core.exports import FORMATS, table_response
from danvan.core.forms import run_service
from danvan.core.net import client_ip
from danvan.core.uploads import private_download
from danvan.orgs.models import Unit
from danvan.plans.policies import ALL_UNIT_ROLES

from . import challenge, exports_docx, policies, selectors, senders, services
from .forms import (
    KIND_FILTER,
    STATUS_FILTER,
    AnswerForm,
    CloseForm,
    ConsultationForm,
    ExtendForm,
    ModerationForm,
    PublicCommentForm,
    PublishForm,
    RecordForm,
    SectionForm,
    SummaryForm,
    UserCommentForm,
    VerifyForm,
)
from .models import (
    PUBLIC_STATUSES,
    Comment,
    CommentStatus,
    Consultation,
    ConsultationFile,
    ConsultationKind,
    ConsultationStatus,
    DraftSection,
)

PAGE_SIZE = 20

# Helpers ---------------------------------------------------------------------------------


def _page(request: HttpRequest, rows: Any) -> tuple[Any, str]:
    """Return one page of `rows` and the query string without the page number."""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return page, query.urlencode()


def _public_consultation(pk: int) -> Consultation:
    consultation = get_object_or_404(
        Consultation.objects.select_related("unit"), pk=pk, archived_at__isnull=True
    )
    if consultation.status not in PUBLIC_STATUSES:
        raise Http404
    return consultation


def _staff_consultation(request: HttpRequest, pk: int) -> Consultation:
    consultation = get_object_or_404(
        Consultation.objects.select_related("unit"), pk=pk, archived_at__isnull=True
    )
    require(policies.can_view_staff(actor_for(request.user), consultation), visible=False)
    return consultation


def _staff_comment(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("consultation__unit", "section"),
        pk=pk,
        consultation__archived_at__isnull=True,
    )
    require(policies.can_view_staff(actor_for(request.user), comment.consultation), visible=False)
    return comment


def _comment_units(request: HttpRequest) -> Any:
    """Return the units a signed-in user may speak for."""
    actor = actor_for(request.user)
    return Unit.objects.filter(pk__in=actor.unit_ids(*ALL_UNIT_ROLES)).order_by("name")


def _section_of(consultation: Consultation, raw: Any) -> DraftSection | None:
    if raw in (None, ""):
        return None
    section = consultation.sections.filter(pk=raw, archived_at__isnull=True).first()
    if section is None:
        raise Http404
    return section


def _comment_form(request: HttpRequest, section: DraftSection | None, data: Any = None) -> Any:
    initial = {"section": section.pk if section else None}
    # Several forms share the draft's page: each gets its own element ids.
    auto_id = f"gy{section.pk if section else 0}_%s"
    if request.user.is_authenticated:
        return UserCommentForm(
            data, units=_comment_units(request), initial=initial, auto_id=auto_id
        )
    initial["stamp"] = challenge.issue_stamp(timezone.now())
    return PublicCommentForm(
        data, initial=initial, phone_available=senders.phone_available(), auto_id=auto_id
    )


def _mask(comment: Comment) -> str:
    if comment.contact_kind == "phone":
        return "*" * 7 + comment.phone[-3:]
    local, _at, domain = comment.email.partition("@")
    return f"{local[:1]}***@{domain}"


# Public pages ----------------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    """List the drafts open for comment, closed, and with published results."""
    q = request.GET.get("q", "")[:200]
    status = request.GET.get("trang_thai", "")
    kind = request.GET.get("loai", "")
    if status not in PUBLIC_STATUSES:
        status = ""
    if kind not in ConsultationKind.values:
        kind = ""
    found = selectors.consultations_public(q=q, status=status, kind=kind)
    page, query = _page(request, found)
    return render(
        request,
        "consultations/public_list.html",
        {
            "consultations": page,
            "page": page,
            "page_query": query,
            "q": q,
            "status": status,
            "kind": kind,
            "statuses": [s for s in STATUS_FILTER if s[0] in ("", *PUBLIC_STATUSES)],
            "kinds": KIND_FILTER,
            "now": timezone.now(),
        },
    )


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a draft with its sections, approved comments and a comment form per section."""
    consultation = _public_consultation(pk)
    now = timezone.now()
    sections = selectors.public_sections(consultation=consultation)
    accepting = consultation.accepts_comments(now)
    forms = {s.pk: _comment_form(request, s) for s in sections} if accepting else {}
    for section in sections:
        section.form = forms.get(section.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "consultations/public_detail.html",
        {
            "consultation": consultation,
            "sections": sections,
            "general_comments": selectors.general_comments(consultation=consultation),
            "general_form": _comment_form(request, None) if accepting else None,
            "accepting": accepting,
            "upcoming": consultation.is_upcoming(now),
            "draft_file": selectors.draft_file(consultation=consultation),
            "final_file": selectors.final_file(consultation=consultation)
            if consultation.status == ConsultationStatus.PUBLISHED
            else None,
            "counts": selectors.comment_counts(consultation=consultation),
            "can_view_staff": policies.can_view_staff(actor_for(request.user), consultation),
        },
    )


@require_http_methods(["GET", "POST"])
def comment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a comment on the whole draft or one section (public with a code, or signed in)."""
    consultation = _public_consultation(pk)
    raw_section = request.POST.get("section") if request.method == "POST" else None
    section = _section_of(consultation, raw_section or request.GET.get("phan"))
    form = _comment_form(request, section, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.user.is_authenticated:
            comment = run_service(
                form,
                lambda: services.comment_submit_user(
                    consultation=consultation,
                    section=section,
                    body=data["body"],
                    organisation=data.get("organisation"),
                    show_name=not data.get("hide_name"),
                    by=request.user,
                ),
            )
            if comment:
                messages.success(
                    request,
                    _("Đã gửi ý kiến %(code)s; ý kiến sẽ hiển thị sau khi được kiểm duyệt.")
                    % {"code": comment.code},
                )
                return redirect("consultations:public_detail", pk=consultation.pk)
        else:
            comment = run_service(
                form,
                lambda: services.comment_submit_public(
                    consultation=consultation,
                    section=section,
                    body=data["body"],
                    author_name=data["author_name"],
                    contact_kind=data["contact_kind"],
                    email=data.get("email") or "",
                    phone=data.get("phone") or "",
                    show_name=not data.get("hide_name"),
                    ip=client_ip(request),
                    stamp=data.get("stamp") or "",
                    honeypot=data.get("website") or "",
                ),
            )
            if comment:
                return redirect("consultations:comment_verify", token=comment.token)
    if request.method == "POST" and not request.user.is_authenticated:
        # A fresh stamp, so that a corrected form is not refused as stale.
        form.data = form.data.copy()
        form.data["stamp"] = challenge.issue_stamp(timezone.now())
    return render(
        request,
        "consultations/comment_form.html",
        {"consultation": consultation, "section": section, "form": form},
        status=200,
    )


@require_http_methods(["GET", "POST"])
def comment_verify(request: HttpRequest, token: str) -> HttpResponse:
    """Enter the one-time code; afterwards the same page tracks the comment and its answer."""
    comment = get_object_or_404(
        Comment.objects.select_related("consultation__unit", "section"), token=token
    )
    consultation = comment.consultation
    if consultation.is_archived:
        raise Http404
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = run_service(
            form, lambda: services.comment_verify(comment=comment, code=form.cleaned_data["code"])
        )
        if verified:
            messages.success(
                request,
                _("Đã xác thực. Ý kiến %(code)s của bạn đang chờ kiểm duyệt.")
                % {"code": verified.code},
            )
            return redirect("consultations:comment_verify", token=token)
    return render(
        request,
        "consultations/comment_verify.html",
        {
            "comment": comment,
            "consultation": consultation,
            "form": form,
            "masked": _mask(comment) if comment.contact_kind else "",
            "published": consultation.status == ConsultationStatus.PUBLISHED,
        },
    )


@require_POST
def comment_resend(request: HttpRequest, token: str) -> HttpResponse:
    """Send a new one-time code."""
    comment = get_object_or_404(Comment, token=token)
    form = VerifyForm()
    sent = run_service(form, lambda: services.comment_resend_code(comment=comment))
    if sent:
        messages.success(request, _("Đã gửi mã xác thực mới."))
    else:
        for error in form.non_field_errors():
            messages.error(request, error)
    return redirect("consultations:comment_verify", token=token)


def public_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the published summary: every comment with the unit's answer, beside the final text."""
    consultation = _public_consultation(pk)
    if consultation.status != ConsultationStatus.PUBLISHED:
        raise Http404
    return render(
        request,
        "consultations/public_summary.html",
        {
            "consultation": consultation,
            "groups": selectors.comments_by_section(consultation=consultation),
            "counts": selectors.comment_counts(consultation=consultation),
            "final_file": selectors.final_file(consultation=consultation),
            "draft_file": selectors.draft_file(consultation=consultation),
        },
    )


def public_summary_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the published summary report as DOCX."""
    consultation = _public_consultation(pk)
    if consultation.status != ConsultationStatus.PUBLISHED:
        raise Http404
    return _docx_response(consultation)


def public_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """Download the draft (while public) or the final text (once published)."""
    consultation = _public_consultation(pk)
    stored = get_object_or_404(
        ConsultationFile, pk=file_pk, consultation=consultation, archived_at__isnull=True
    )
    if stored.kind == "final" and consultation.status != ConsultationStatus.PUBLISHED:
        raise Http404
    return private_download(
        stored.file, filename=stored.original_name, content_type=stored.content_type
    )


def _docx_response(consultation: Consultation) -> HttpResponse:
    response = HttpResponse(
        exports_docx.summary_docx(consultation),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, exports_docx.summary_docx_filename(consultation)
    )
    return response


# Staff pages -----------------------------------------------------------------------------


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    """List the consultations the user may manage or read, with filters and export."""
    actor = actor_for(request.user)
    q = request.GET.get("q", "")[:200]
    status = request.GET.get("trang_thai", "")
    kind = request.GET.get("loai", "")
    status = status if status in ConsultationStatus.values else ""
    kind = kind if kind in ConsultationKind.values else ""
    found = selectors.consultations_visible(actor=actor, q=q, status=status, kind=kind)
    fmt = request.GET.get("xuat", "")
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        return table_response(
            headers=[
                _("Mã"),
                _("Tên dự thảo"),
                _("Loại"),
                _("Cơ quan lấy ý kiến"),
                _("Bắt đầu"),
                _("Kết thúc"),
                _("Trạng thái"),
                _("Số ý kiến"),
                _("Chờ kiểm duyệt"),
                _("Đã duyệt"),
                _("Đã tiếp thu, giải trình"),
            ],
            rows=(
                [
                    c.pk,
                    c.title,
                    c.get_kind_display(),
                    c.unit.name,
                    timezone.localtime(c.opens_at),
                    timezone.localtime(c.closes_at),
                    c.get_status_display(),
                    c.total_count,
                    c.pending_count,
                    c.approved_count,
                    c.answered_count,
                ]
                for c in found
            ),
            filename="lay-y-kien-du-thao",
            fmt=fmt,
        )
    page, page_query = _page(request, found)
    return render(
        request,
        "consultations/manage_list.html",
        {
            "consultations": page,
            "page": page,
            "page_query": page_query,
            "q": q,
            "status": status,
            "kind": kind,
            "statuses": STATUS_FILTER,
            "kinds": KIND_FILTER,
            "can_create": policies.can_create(actor),
            "query": request.GET.urlencode(),
        },
    )


def _creatable_units(request: HttpRequest) -> Any:
    actor = actor_for(request.user)
    if actor.is_coordinator:
        return Unit.objects.active_on(timezone.localdate()).order_by("name")
    return Unit.objects.filter(pk__in=selectors.writer_units(actor=actor)).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    """Start a draft consultation for one of the user's units."""
    require(policies.can_create(actor_for(request.user)))
    units = _creatable_units(request)
    initial = {"unit": units.first().pk if len(units) == 1 else None}
    form = ConsultationForm(
        request.POST or None, request.FILES or None, units=units, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create() -> Consultation:
            made = services.consultation_create(
                unit=data["unit"],
                kind=data["kind"],
                title=data["title"],
                summary=data["summary"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                by=request.user,
            )
            if data.get("draft_file"):
                services.draft_file_attach(
                    consultation=made, upload=data["draft_file"], by=request.user
                )
            return made

        consultation = run_service(form, lambda: _atomic(create))
        if consultation:
            messages.success(request, _("Đã tạo dự thảo. Hãy thêm các phần của dự thảo."))
            return redirect("consultations:manage_detail", pk=consultation.pk)
    return render(request, "consultations/consultation_form.html", {"form": form, "item": None})


def _atomic(call: Any) -> Any:
    from django.db import transaction

    with transaction.atomic():
        return call()


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a draft's header and replace its full-text file."""
    consultation = _staff_consultation(request, pk)
    require(policies.can_edit(actor_for(request.user), consultation))
    initial = {
        "kind": consultation.kind,
        "title": consultation.title,
        "summary": consultation.summary,
        "opens_at": timezone.localtime(consultation.opens_at),
        "closes_at": timezone.localtime(consultation.closes_at),
        "version": consultation.version,
    }
    form = ConsultationForm(
        request.POST or None, request.FILES or None, initial=initial, editing=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save() -> Consultation:
            saved = services.consultation_update(
                consultation=consultation,
                expected_version=data["version"],
                kind=data["kind"],
                title=data["title"],
                summary=data["summary"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                by=request.user,
            )
            if data.get("draft_file"):
                services.draft_file_attach(
                    consultation=saved, upload=data["draft_file"], by=request.user
                )
            return saved

        if run_service(form, lambda: _atomic(save)):
            messages.success(request, _("Đã lưu dự thảo."))
            return redirect("consultations:manage_detail", pk=consultation.pk)
    return render(
        request, "consultations/consultation_form.html", {"form": form, "item": consultation}
    )


@login_required
def manage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a consultation to staff: sections, figures, actions, events and history."""
    return _manage_page(request, _staff_consultation(request, pk))


def _manage_page(
    request: HttpRequest, consultation: Consultation, *, extend_form: Any = None
) -> HttpResponse:
    actor = actor_for(request.user)
    return render(
        request,
        "consultations/manage_detail.html",
        {
            "consultation": consultation,
            "sections": selectors.sections_of(consultation=consultation),
            "counts": selectors.comment_counts(consultation=consultation),
            "draft_file": selectors.draft_file(consultation=consultation),
            "final_file": selectors.final_file(consultation=consultation),
            "can_edit": policies.can_edit(actor, consultation),
            "can_open": policies.can_open(actor, consultation),
            "can_close": policies.can_close(actor, consultation),
            "can_moderate": policies.can_moderate(actor, consultation),
            "can_answer": policies.can_answer(actor, consultation),
            "can_download": policies.can_download_report(actor, consultation),
            "close_form": CloseForm(),
            "extend_form": extend_form
            or ExtendForm(
                auto_id="gh_%s", initial={"closes_at": timezone.localtime(consultation.closes_at)}
            ),
            "early": not consultation.window_over(timezone.now()),
            "events": consultation.events.select_related("by").filter(comment__isnull=True),
            "history": history_for(consultation)[:30],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a section to a draft."""
    consultation = _staff_consultation(request, pk)
    require(policies.can_edit(actor_for(request.user), consultation))
    form = SectionForm(request.POST or None)
    del form.fields["position"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = run_service(
            form,
            lambda: services.section_add(
                consultation=consultation,
                heading=data["heading"],
                text=data["text"],
                by=request.user,
            ),
        )
        if added:
            messages.success(request, _("Đã thêm phần “%(h)s”.") % {"h": added.heading})
            if "them_tiep" in request.POST:
                return redirect("consultations:section_add", pk=consultation.pk)
            return redirect("consultations:manage_detail", pk=consultation.pk)
    return render(
        request,
        "consultations/section_form.html",
        {"form": form, "consultation": consultation, "section": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit or remove a section of a draft."""
    section = get_object_or_404(
        DraftSection.objects.select_related("consultation__unit"), pk=pk, archived_at__isnull=True
    )
    consultation = _staff_consultation(request, section.consultation_id)
    require(policies.can_edit(actor_for(request.user), consultation))
    initial = {
        "heading": section.heading,
        "text": section.text,
        "position": section.position,
        "version": section.version,
    }
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and "xoa" in request.POST:
        services.section_archive(section=section, by=request.user)
        messages.success(request, _("Đã bỏ phần “%(h)s”.") % {"h": section.heading})
        return redirect("consultations:manage_detail", pk=consultation.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(
            form,
            lambda: services.section_update(
                section=section,
                expected_version=data["version"],
                heading=data["heading"],
                text=data["text"],
                position=data["position"],
                by=request.user,
            ),
        ):
            messages.success(request, _("Đã lưu phần dự thảo."))
            return redirect("consultations:manage_detail", pk=consultation.pk)
    return render(
        request,
        "consultations/section_form.html",
        {"form": form, "consultation": consultation, "section": section},
    )


def _status_action(request: HttpRequest, pk: int, call: Any, done: str) -> HttpResponse:
    consultation = _staff_consultation(request, pk)
    form = CloseForm(request.POST)
    form.is_valid()
    if run_service(form, lambda: call(consultation, form.cleaned_data)):
        messages.success(request, done)
    else:
        for error in [*form.non_field_errors(), *form.errors.get("reason", [])]:
            messages.error(request, error)
    return redirect(request.POST.get("next") or reverse("consultations:manage_detail", args=[pk]))


@login_required
@require_POST
def consultation_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the draft to public comment."""
    return _status_action(
        request,
        pk,
        lambda c, _d: services.consultation_open(consultation=c, by=request.user),
        _("Đã công bố dự thảo để lấy ý kiến."),
    )


@login_required
@require_POST
def consultation_close(request: HttpRequest, pk: int) -> HttpResponse:
    """End the comment window (early with a reason)."""
    return _status_action(
        request,
        pk,
        lambda c, d: services.consultation_close(
            consultation=c, reason=d.get("reason", ""), by=request.user
        ),
        _("Đã kết thúc lấy ý kiến. Hãy kiểm duyệt các ý kiến còn lại và tổng hợp tiếp thu."),
    )


@login_required
@require_POST
def consultation_extend(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the closing of an open consultation later, with a reason."""
    consultation = _staff_consultation(request, pk)
    form = ExtendForm(request.POST, auto_id="gh_%s")
    if form.is_valid() and run_service(
        form,
        lambda: services.consultation_extend(
            consultation=consultation,
            closes_at=form.cleaned_data["closes_at"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
    ):
        messages.success(request, _("Đã gia hạn thời gian lấy ý kiến."))
        return redirect("consultations:manage_detail", pk=pk)
    return _manage_page(request, consultation, extend_form=form)


@login_required
@require_POST
def consultation_summarise(request: HttpRequest, pk: int) -> HttpResponse:
    """Declare the summary complete."""
    return _status_action(
        request,
        pk,
        lambda c, _d: services.consultation_summarise(consultation=c, by=request.user),
        _("Đã hoàn thành báo cáo tiếp thu, giải trình; chờ công bố."),
    )


@login_required
@require_POST
def consultation_reopen_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the summary back for more work."""
    return _status_action(
        request,
        pk,
        lambda c, _d: services.consultation_reopen_summary(consultation=c, by=request.user),
        _("Đã mở lại báo cáo để chỉnh sửa."),
    )


@login_required
@require_POST
def consultation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the summary with the final text."""
    consultation = _staff_consultation(request, pk)
    form = PublishForm(request.POST, request.FILES)
    if form.is_valid() and run_service(
        form,
        lambda: services.consultation_publish(
            consultation=consultation,
            final_text=form.cleaned_data.get("final_text"),
            by=request.user,
        ),
    ):
        messages.success(request, _("Đã công bố kết quả lấy ý kiến trên trang công khai."))
        return redirect("consultations:manage_detail", pk=pk)
    return _summary_page(request, consultation, publish_form=form)


@login_required
def moderation_queue(request: HttpRequest, pk: int) -> HttpResponse:
    """List comments to moderate (pending first), with a decision form for each."""
    consultation = _staff_consultation(request, pk)
    return _moderation_page(request, consultation)


def _moderation_page(
    request: HttpRequest,
    consultation: Consultation,
    *,
    failed: Comment | None = None,
    failed_form: Any = None,
    record_form: Any = None,
) -> HttpResponse:
    actor = actor_for(request.user)
    status = request.GET.get("trang_thai", CommentStatus.PENDING)
    if status not in (*CommentStatus.values, "tat-ca"):
        status = CommentStatus.PENDING
    if failed is not None:
        status = failed.status
    comments = list(
        selectors.comments_for_staff(
            consultation=consultation, status="" if status == "tat-ca" else status
        )
    )
    can_moderate = policies.can_moderate(actor, consultation)
    for comment in comments:
        comment.form = (  # type: ignore[attr-defined]
            failed_form
            if failed is not None and comment.pk == failed.pk
            else ModerationForm(prefix=f"c{comment.pk}")
        )
    return render(
        request,
        "consultations/moderation.html",
        {
            "consultation": consultation,
            "comments": comments,
            "status": status,
            "statuses": [
                *((s.value, s.label) for s in CommentStatus if s != CommentStatus.UNVERIFIED),
                ("tat-ca", _("Tất cả")),
            ],
            "counts": selectors.comment_counts(consultation=consultation),
            "can_moderate": can_moderate,
            "see_contacts": policies.can_see_contacts(actor, consultation),
            "record_form": record_form
            or RecordForm(sections=consultation.sections.filter(archived_at__isnull=True)),
        },
        status=200,
    )


@login_required
@require_POST
def comment_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a comment received by letter or at a meeting; it goes to moderation."""
    consultation = _staff_consultation(request, pk)
    form = RecordForm(request.POST, sections=consultation.sections.filter(archived_at__isnull=True))
    if form.is_valid():
        data = form.cleaned_data
        comment = run_service(
            form,
            lambda: services.comment_record_received(
                consultation=consultation,
                section=data["section"],
                body=data["body"],
                author_name=data["author_name"],
                organisation_name=data["organisation_name"],
                channel=data["channel"],
                show_name=not data["hide_name"],
                by=request.user,
            ),
        )
        if comment:
            messages.success(
                request, _("Đã ghi nhận ý kiến %(code)s, chờ kiểm duyệt.") % {"code": comment.code}
            )
            return redirect("consultations:moderation", pk=pk)
    return _moderation_page(request, consultation, record_form=form)


@login_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or reject one comment."""
    comment = _staff_comment(request, pk)
    form = ModerationForm(request.POST, prefix=f"c{comment.pk}")
    if form.is_valid() and run_service(
        form,
        lambda: services.comment_moderate(
            comment=comment,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            by=request.user,
        ),
    ):
        messages.success(request, _("Đã kiểm duyệt ý kiến %(code)s.") % {"code": comment.code})
        back = reverse("consultations:moderation", args=[comment.consultation_id])
        return redirect(f"{back}?trang_thai={request.POST.get('trang_thai', 'pending')}")
    return _moderation_page(request, comment.consultation, failed=comment, failed_form=form)


@login_required
def summary_editor(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the summary: a general part and an answer to every approved comment."""
    consultation = _staff_consultation(request, pk)
    return _summary_page(request, consultation)


def _summary_page(
    request: HttpRequest,
    consultation: Consultation,
    *,
    summary_form: Any = None,
    failed: Comment | None = None,
    failed_form: Any = None,
    publish_form: Any = None,
) -> HttpResponse:
    actor = actor_for(request.user)
    groups = selectors.comments_by_section(consultation=consultation)
    for group in groups:
        for comment in group.comments:
            if failed is not None and comment.pk == failed.pk:
                comment.form = failed_form  # type: ignore[attr-defined]
            else:
                comment.form = AnswerForm(  # type: ignore[attr-defined]
                    prefix=f"a{comment.pk}",
                    initial={
                        "answer_kind": comment.answer_kind,
                        "answer_text": comment.answer_text,
                        "version": comment.version,
                    },
                )
    if summary_form is None:
        summary_form = SummaryForm(
            initial={
                "summary_intro": consultation.summary_intro,
                "report_symbol": consultation.report_symbol,
                "place": consultation.place,
                "signer_authority": consultation.signer_authority,
                "signer_name": consultation.signer_name,
                "version": consultation.version,
            }
        )
    counts = selectors.comment_counts(consultation=consultation)
    return render(
        request,
        "consultations/summary_editor.html",
        {
            "consultation": consultation,
            "groups": groups,
            "counts": counts,
            "summary_form": summary_form,
            "publish_form": publish_form or PublishForm(),
            "final_file": selectors.final_file(consultation=consultation),
            "can_answer": policies.can_answer(actor, consultation),
            "can_summarise": policies.can_summarise(actor, consultation),
            "can_reopen": policies.can_reopen_summary(actor, consultation),
            "can_publish": policies.can_publish(actor, consultation),
            "can_download": policies.can_download_report(actor, consultation),
            "unanswered": counts.approved - counts.answered,
        },
    )


@login_required
@require_POST
def summary_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the general part of the summary report."""
    consultation = _staff_consultation(request, pk)
    form = SummaryForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if run_service(
            form,
            lambda: services.summary_update(
                consultation=consultation, expected_version=version, by=request.user, **data
            ),
        ):
            messages.success(request, _("Đã lưu phần khái quát của báo cáo."))
            return redirect("consultations:summary", pk=pk)
    return _summary_page(request, consultation, summary_form=form)


@login_required
@require_POST
def comment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the answer to one approved comment."""
    comment = _staff_comment(request, pk)
    form = AnswerForm(request.POST, prefix=f"a{comment.pk}")
    if form.is_valid() and run_service(
        form,
        lambda: services.comment_answer(
            comment=comment,
            kind=form.cleaned_data["answer_kind"],
            text=form.cleaned_data["answer_text"],
            expected_version=form.cleaned_data["version"],
            by=request.user,
        ),
    ):
        messages.success(
            request, _("Đã lưu nội dung trả lời ý kiến %(code)s.") % {"code": comment.code}
        )
        url = reverse("consultations:summary", args=[comment.consultation_id])
        return redirect(f"{url}#y-kien-{comment.code}")
    return _summary_page(request, comment.consultation, failed=comment, failed_form=form)


@login_required
def summary_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the summary report as DOCX (Decree 30 layout)."""
    consultation = _staff_consultation(request, pk)
    require(policies.can_download_report(actor_for(request.user), consultation))
    return _docx_response(consultation)


@login_required
def comments_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download every comment (not the unverified ones) as CSV or XLSX."""
    consultation = _staff_consultation(request, pk)
    fmt = request.GET.get("xuat", "xlsx")
    if fmt not in FORMATS:
        raise Http404
    contacts = policies.can_see_contacts(actor_for(request.user), consultation)
    headers = [
        _("Mã ý kiến"),
        _("Phần dự thảo"),
        _("Người góp ý (công khai)"),
        _("Tư cách"),
        _("Trạng thái"),
        _("Nội dung góp ý"),
        _("Lý do không duyệt"),
        _("Hình thức tiếp thu"),
        _("Nội dung tiếp thu, giải trình"),
        _("Gửi lúc"),
    ]
    if contacts:
        headers += [_("Họ và tên"), _("Thư điện tử"), _("Số điện thoại")]

    def row(c: Comment) -> list[Any]:
        values = [
            c.code,
            c.target_label(),
            c.display_name(),
            _("Tổ chức") if c.as_organisation else _("Cá nhân"),
            c.get_status_display(),
            c.body,
            c.get_reject_reason_display(),
            c.get_answer_kind_display(),
            c.answer_text,
            timezone.localtime(c.created_at),
        ]
        return values + [c.author_name, c.email, c.phone] if contacts else values

    return table_response(
        headers=headers,
        rows=(row(c) for c in selectors.comments_for_staff(consultation=consultation)),
        filename=f"y-kien-du-thao-{consultation.pk}",
        fmt=fmt,
    )


@login_required
def staff_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a draft or final file (staff)."""
    stored = get_object_or_404(ConsultationFile.objects.select_related("consultation"), pk=pk)
    _staff_consultation(request, stored.consultation_id)
    return private_download(
        stored.file, filename=stored.original_name, content_type=stored.content_type
    )

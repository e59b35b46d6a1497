"""Petition pages: case list, case detail with timeline and actions, intake, dashboard.

The denouncer's identity appears on exactly one page: the case detail right after its
handler or the unit head asked for it with a purpose (logged). It is never put in the
session, a list, an export or a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from danvan.core.access import UNIT_HEAD, UNIT_OFFICER, actor_for, require
from danvan.core.audit import history_for
from danvan.core.errors import ApplicationError
from danvan.core.exports import FORMATS, table_response
from danvan.core.forms import run_service
from danvan.core.uploads import private_download
from danvan.orgs.models import RoleAssignment, Unit

from . import exports_docx, forms, policies, selectors, services
from .crypto import normalise_code
from .models import (
    OPEN_STATUSES,
    Case,
    CaseAttachment,
    CaseDocument,
    Channel,
    DuplicateLink,
    Kind,
    Petitioner,
    Status,
)

PAGE_SIZE = 25


def _case_for(request: HttpRequest, pk: int) -> Case:
    case = get_object_or_404(
        Case.objects.select_related("unit", "handler", "parent", "merged_into"), pk=pk
    )
    require(policies.can_view_case(actor_for(request.user), case), visible=False)
    return case


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else None


def _filters(request: HttpRequest) -> selectors.CaseFilters:
    get = request.GET
    return selectors.CaseFilters(
        q=get.get("q", "")[:200],
        status=get.get("trang_thai", ""),
        kind=get.get("loai", ""),
        channel=get.get("nguon", ""),
        unit_id=_int(get.get("don_vi")),
        handler_id=_int(get.get("nguoi_xu_ly")),
        due=get.get("han", ""),
        flag=get.get("dau_hieu", ""),
    )


def _export(cases: Any, fmt: str) -> HttpResponse:
    # No identity column exists: denouncers are never exported; for complaints and
    # feedback the export carries no personal data either (data minimisation).
    return table_response(
        headers=[
            _("Mã hồ sơ"),
            _("Ngày tiếp nhận"),
            _("Nguồn đơn"),
            _("Loại đơn"),
            _("Cơ quan xử lý"),
            _("Tóm tắt"),
            _("Trạng thái"),
            _("Người xử lý"),
            _("Hạn bước hiện tại"),
            _("Hạn tối đa"),
            _("Phức tạp"),
            _("Tồn đọng"),
        ],
        rows=(
            [
                c.tracking_code,
                c.received_on,
                c.get_channel_display(),
                c.get_kind_display(),
                c.unit.name,
                c.subject,
                c.get_status_display(),
                (c.handler.get_full_name() or c.handler.username) if c.handler else "",
                c.current_due,
                c.latest_due,
                _("Có") if c.complex else "",
                _("Có") if c.backlogged else "",
            ]
            for c in cases.iterator()
        ),
        filename="don-thu",
        fmt=fmt,
    )


def _unit_people(unit_id: int) -> list[Any]:
    ids = RoleAssignment.objects.filter(
        unit_id=unit_id, role__in=(UNIT_OFFICER, UNIT_HEAD), archived_at__isnull=True
    ).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username"))


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """List the cases the user may see, with filters, pagination and CSV/XLSX export."""
    actor = actor_for(request.user)
    require(policies.can_list_cases(actor))
    filters = _filters(request)
    cases = selectors.cases_filtered(actor=actor, filters=filters)
    fmt = request.GET.get("xuat", "")
    if fmt in FORMATS:
        return _export(cases, fmt)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("trang"))
    names = selectors.petitioner_names(list(page.object_list))
    rows = [(c, names.get(c.pk, "")) for c in page.object_list]
    units = (
        Unit.objects.filter(pk__in=selectors.cases_visible(actor=actor).values("unit_id"))
        .order_by("name")
        .only("pk", "name")
    )
    query = request.GET.copy()
    query.pop("trang", None)
    query.pop("xuat", None)
    return render(
        request,
        "petitions/case_list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "units": units,
            "statuses": Status.choices,
            "kinds": Kind.choices,
            "channels": Channel.choices,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "can_receive": bool(actor.unit_ids(UNIT_OFFICER, UNIT_HEAD)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_receive(request: HttpRequest) -> HttpResponse:
    """Register a petition received at the desk, by post, by transfer or from the national
    system."""
    actor = actor_for(request.user)
    unit_ids = actor.unit_ids(UNIT_OFFICER, UNIT_HEAD)
    require(bool(unit_ids))
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("name"))
    form = forms.IntakeForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in units if str(u.pk) == data["unit"])
        result = run_service(form, lambda: _receive(request, form, unit))
        if result:
            case, secret = result
            # The secret is shown once so the desk can hand it to the citizen.
            return render(request, "petitions/case_received.html", {"case": case, "secret": secret})
    return render(request, "petitions/case_receive.html", {"form": form})


def _receive(request: HttpRequest, form: forms.IntakeForm, unit: Unit) -> tuple[Case, str]:
    data = form.cleaned_data
    if data["first_code"]:
        first = Case.objects.filter(tracking_code=normalise_code(data["first_code"])).first()
        if first is None:
            raise ApplicationError(_("Không tìm thấy hồ sơ lần đầu có mã này."), field="first_code")
        case, secret = services.case_second_complaint(
            first=first,
            unit=unit,
            content=data["content"],
            received_at=data["received_at"],
            notify_email=data["notify_email"],
            by=request.user,
        )
        if data["files"]:
            services.case_attach(case=case, files=data["files"], by=request.user)
        return case, secret
    return services.case_receive(
        unit=unit,
        channel=data["channel"],
        content=data["content"],
        subject=data["subject"],
        submitter=form.submitter(),
        kind_hint=data["kind_hint"],
        notify_email=data["notify_email"],
        attachments=data["files"],
        received_at=data["received_at"],
        source_body=data["source_body"],
        source_reference=data["source_reference"],
        by=request.user,
    )


@dataclass(frozen=True)
class Action:
    label: Any
    form: type[django_forms.Form]
    statuses: tuple[str, ...]
    call: Callable[[Case, dict[str, Any], Any], Case]
    danger: bool = False


def _handler_call(case: Case, data: dict[str, Any], user: Any) -> Case:
    people = {str(p.pk): p for p in _unit_people(case.unit_id)}
    handler = people.get(data["handler"])
    if handler is None:
        raise ApplicationError(_("Hãy chọn người xử lý."), field="handler")
    return services.case_assign_handler(
        case=case, handler=handler, by=user, expected_version=data.get("version")
    )


def _merge_call(case: Case, data: dict[str, Any], user: Any) -> Case:
    into = Case.objects.filter(tracking_code=normalise_code(data["into"])).first()
    if into is None or not policies.can_view_case(actor_for(user), into):
        raise ApplicationError(_("Không tìm thấy hồ sơ có mã này."), field="into")
    return services.case_merge(case=case, into=into, confirm=data["confirm"], by=user)


def _v(data: dict[str, Any]) -> int | None:
    return data.get("version")


ACTIONS: dict[str, Action] = {
    "phan-loai": Action(
        gettext_lazy("Phân loại đơn"),
        forms.ClassifyForm,
        (Status.RECEIVED, Status.CLASSIFIED),
        lambda c, d, u: services.case_classify(
            case=c,
            by=u,
            expected_version=_v(d),
            **{k: v for k, v in d.items() if k != "version"},
        ),
    ),
    "thu-ly": Action(
        gettext_lazy("Thụ lý"),
        forms.AcceptForm,
        (Status.CLASSIFIED,),
        lambda c, d, u: services.case_accept(
            case=c,
            by=u,
            accepted_on=d["accepted_on"],
            number=d["number"],
            note=d["note"],
            expected_version=_v(d),
        ),
    ),
    "khong-thu-ly": Action(
        gettext_lazy("Không thụ lý"),
        forms.RejectForm,
        (Status.CLASSIFIED,),
        lambda c, d, u: services.case_reject(
            case=c,
            grounds=d["grounds"],
            number=d["number"],
            note=d["note"],
            by=u,
            expected_version=_v(d),
        ),
        danger=True,
    ),
    "chuyen-don": Action(
        gettext_lazy("Chuyển đơn"),
        forms.TransferForm,
        (Status.RECEIVED, Status.CLASSIFIED),
        lambda c, d, u: services.case_transfer(
            case=c,
            to_body=d["to_body"],
            number=d["number"],
            note=d["note"],
            by=u,
            expected_version=_v(d),
        ),
    ),
    "huong-dan": Action(
        gettext_lazy("Hướng dẫn người gửi đơn"),
        forms.GuideForm,
        (Status.RECEIVED, Status.CLASSIFIED),
        lambda c, d, u: services.case_guide(
            case=c, guidance=d["guidance"], by=u, expected_version=_v(d)
        ),
    ),
    "giao-xu-ly": Action(
        gettext_lazy("Giao người xử lý"), forms.AssignForm, OPEN_STATUSES, _handler_call
    ),
    "gia-han": Action(
        gettext_lazy("Gia hạn giải quyết"),
        forms.ExtendForm,
        (Status.ACCEPTED, Status.VERIFYING),
        lambda c, d, u: services.case_extend(
            case=c,
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            complexity=d["complexity"],
            reason=d["reason"],
            by=u,
            expected_version=_v(d),
        ),
    ),
    "ket-luan": Action(
        gettext_lazy("Ra quyết định, kết luận"),
        forms.ConcludeForm,
        (Status.ACCEPTED, Status.VERIFYING),
        lambda c, d, u: services.case_conclude(
            case=c,
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            conclusion=d["conclusion"],
            by=u,
            expected_version=_v(d),
        ),
    ),
    "cong-khai": Action(
        gettext_lazy("Công khai kết quả"),
        forms.PublishForm,
        (Status.CONCLUDED,),
        lambda c, d, u: services.case_publish(
            case=c, public_answer=d["public_answer"], by=u, expected_version=_v(d)
        ),
    ),
    "tam-dinh-chi": Action(
        gettext_lazy("Tạm đình chỉ"),
        forms.SuspendForm,
        (Status.ACCEPTED, Status.VERIFYING),
        lambda c, d, u: services.case_suspend(
            case=c, reason=d["reason"], by=u, expected_version=_v(d)
        ),
    ),
    "tiep-tuc": Action(
        gettext_lazy("Tiếp tục giải quyết"),
        forms.NoteForm,
        (Status.SUSPENDED,),
        lambda c, d, u: services.case_resume(case=c, note=d["note"], by=u, expected_version=_v(d)),
    ),
    "rut-don": Action(
        gettext_lazy("Ghi nhận rút đơn"),
        forms.NoteForm,
        OPEN_STATUSES,
        lambda c, d, u: services.case_withdraw(
            case=c, note=d["note"], by=u, expected_version=_v(d)
        ),
        danger=True,
    ),
    "gop-don": Action(
        gettext_lazy("Gộp vào hồ sơ trùng"),
        forms.MergeForm,
        (Status.RECEIVED, Status.CLASSIFIED),
        _merge_call,
        danger=True,
    ),
    "ket-thuc": Action(
        gettext_lazy("Kết thúc hồ sơ"),
        forms.NoteForm,
        services.CLOSABLE,
        lambda c, d, u: services.case_close(case=c, note=d["note"], by=u, expected_version=_v(d)),
    ),
}


def _make_form(slug: str, case: Case, user: Any, data: Any = None) -> django_forms.Form:
    action = ACTIONS[slug]
    kwargs: dict[str, Any] = {"initial": {"version": case.version}, "prefix": slug}
    if action.form is forms.AssignForm:
        people = _unit_people(case.unit_id)
        if not actor_for(user).in_unit(case.unit_id, UNIT_HEAD):
            # An officer can only take the case himself.
            people = [p for p in people if p.pk == user.pk]
        kwargs["people"] = people
        if case.handler_id:
            kwargs["initial"]["handler"] = str(case.handler_id)
    if action.form is forms.ClassifyForm:
        kwargs["initial"].update(
            {
                "kind": case.kind if case.kind != Kind.UNCLASSIFIED else case.kind_hint,
                "competence": case.competence or "own",
                "complex": case.complex,
                "especially_complex": case.especially_complex,
                "remote": case.remote,
                "backlogged": case.backlogged,
                "anonymous_handling": case.anonymous_handling,
            }
        )
    return action.form(data, **kwargs)


def _detail(
    request: HttpRequest,
    case: Case,
    *,
    bound: tuple[str, django_forms.Form] | None = None,
    identity: dict[str, str] | None = None,
    identity_form: django_forms.Form | None = None,
    reissue_form: django_forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = actor_for(request.user)
    can_work = policies.can_work_case(actor, case)
    action_forms = []
    if can_work:
        for slug, action in ACTIONS.items():
            if case.status not in action.statuses:
                continue
            if slug == "giao-xu-ly" and not (
                actor.in_unit(case.unit_id, UNIT_HEAD) or case.handler_id != request.user.pk
            ):
                continue  # the handler has nothing to assign
            form = bound[1] if bound and bound[0] == slug else _make_form(slug, case, request.user)
            action_forms.append(
                {
                    "slug": slug,
                    "action": action,
                    "form": form,
                    "open": bool(bound) and bound[0] == slug,
                }
            )
    petitioner = None
    if not case.is_confidential():
        petitioner = Petitioner.objects.filter(case=case).first()
    can_identity = policies.can_view_identity(actor, case) and case.is_confidential()
    return render(
        request,
        "petitions/case_detail.html",
        {
            "case": case,
            "today": timezone.localdate(),
            "events": selectors.case_timeline(case=case),
            "deadlines": selectors.case_deadlines(case=case),
            "petitioner": petitioner,
            "attachments": case.attachments.filter(archived_at__isnull=True),
            "documents": case.documents.all(),
            "duplicates": case.duplicate_links.select_related("other").filter(status="proposed"),
            "second_complaints": case.second_complaints.all(),
            "action_forms": action_forms,
            "can_work": can_work,
            "can_identity": can_identity,
            "identity": identity,
            "identity_form": identity_form or forms.IdentityForm(prefix="identity"),
            "can_reissue": can_work
            and not case.anonymous
            and (not case.is_confidential() or can_identity),
            "reissue_form": reissue_form or forms.SecretReissueForm(prefix="reissue"),
            "reissue_open": reissue_form is not None,
            "history": history_for(case)[:50] if can_work else [],
        },
        status=status,
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one case with its timeline, due dates with their reason, and the actions."""
    return _detail(request, _case_for(request, pk))


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Run one transition from its form; on an error the page comes back with the input."""
    case = _case_for(request, pk)
    if action not in ACTIONS:
        raise Http404
    actor = actor_for(request.user)
    require(policies.can_work_case(actor, case))
    form = _make_form(action, case, request.user, request.POST)
    if form.is_valid():
        done = run_service(
            form, lambda: ACTIONS[action].call(case, form.cleaned_data, request.user)
        )
        if done:
            messages.success(
                request,
                _("Đã ghi nhận: %(action)s. Trạng thái: %(status)s.")
                % {"action": ACTIONS[action].label, "status": done.get_status_display()},
            )
            return redirect("petitions:detail", pk=case.pk)
    case.refresh_from_db()
    if case.status not in ACTIONS[action].statuses:
        # The form of this action is not on the page in this status: say why at the top.
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return _detail(request, case, bound=(action, form), status=400)


@login_required
@require_POST
def case_identity(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the denouncer's identity to the handler or the unit head, logging the view."""
    case = _case_for(request, pk)
    actor = actor_for(request.user)
    require(policies.can_view_identity(actor, case))
    form = forms.IdentityForm(request.POST, prefix="identity")
    if not form.is_valid():
        return _detail(request, case, identity_form=form, status=400)
    identity = services.identity_reveal(
        case=case,
        by=request.user,
        purpose=form.cleaned_data["purpose"],
        page=request.path,
    )
    response = _detail(request, case, identity=identity or {})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def secret_reissue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a new tracking secret and show it once, to hand to the citizen."""
    case = _case_for(request, pk)
    require(policies.can_work_case(actor_for(request.user), case))
    form = forms.SecretReissueForm(request.POST, prefix="reissue")
    secret = None
    if form.is_valid():
        secret = run_service(
            form,
            lambda: services.case_secret_reissue(
                case=case, reason=form.cleaned_data["reason"], by=request.user, page=request.path
            ),
        )
    if secret is None:
        return _detail(request, case, reissue_form=form, status=400)
    response = render(
        request, "petitions/case_received.html", {"case": case, "secret": secret, "reissued": True}
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def duplicate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a proposed duplicate is a different petition."""
    link = get_object_or_404(DuplicateLink.objects.select_related("case"), pk=pk)
    case = _case_for(request, link.case_id)
    require(policies.can_work_case(actor_for(request.user), case))
    services.duplicate_dismiss(link=link, by=request.user)
    messages.success(request, _("Đã ghi nhận: hai hồ sơ không trùng nhau."))
    return redirect("petitions:detail", pk=case.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a file received with a petition (case readers only)."""
    row = get_object_or_404(CaseAttachment, pk=pk, archived_at__isnull=True)
    _case_for(request, row.case_id)
    return private_download(row.file, filename=row.original_name, content_type=row.content_type)


@login_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Download a step's document as DOCX in the Decree 30 layout."""
    doc = get_object_or_404(CaseDocument.objects.select_related("case__unit"), pk=pk)
    _case_for(request, doc.case_id)
    data = exports_docx.document_docx(doc)
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"{doc.get_kind_display()} {doc.case.tracking_code}.docx"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Due soon, overdue and prolonged cases by unit and by handler."""
    actor = actor_for(request.user)
    require(policies.can_list_cases(actor))
    return render(request, "petitions/dashboard.html", selectors.dashboard(actor=actor))


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """Counts by kind, channel, unit and month with the on-time rate."""
    actor = actor_for(request.user)
    require(policies.can_view_statistics(actor))
    form = forms.StatisticsForm(request.GET or None)
    starts_on, ends_on = form.period()
    if not form.is_bound:
        form = forms.StatisticsForm(initial={"starts_on": starts_on, "ends_on": ends_on})
    stats = selectors.statistics(actor=actor, starts_on=starts_on, ends_on=ends_on)
    fmt = request.GET.get("xuat", "")
    if fmt in FORMATS:
        return table_response(
            headers=[
                _("Cơ quan"),
                _("Số đơn"),
                _("Đúng hạn"),
                _("Trễ hạn"),
                _("Tỷ lệ đúng hạn (%)"),
            ],
            rows=(
                [r["label"], r["n"], r["on_time"], r["late"], r["rate"]] for r in stats["by_unit"]
            ),
            filename="thong-ke-don-thu",
            fmt=fmt,
        )
    chart = {
        "labels": [r["month"] for r in stats["by_month"]],
        "datasets": [{"label": _("Số đơn"), "data": [r["n"] for r in stats["by_month"]]}],
    }
    return render(
        request,
        "petitions/statistics.html",
        {
            "form": form,
            "stats": stats,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "chart": chart,
            "period_query": f"starts_on={starts_on.isoformat()}&ends_on={ends_on.isoformat()}",
        },
    )

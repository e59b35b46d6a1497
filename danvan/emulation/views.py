"""Registry pages: models and exemplars, the council's evaluation, replication, the showcase."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from danvan.core.access import actor_for, require
from danvan.core.audit import history_for
from danvan.core.exports import FORMATS, table_response
from danvan.core.forms import run_service
from danvan.core.uploads import private_download

from . import policies, selectors, services
from .forms import (
    CommentForm,
    DecisionForm,
    DocumentForm,
    EvaluationForm,
    ExemplarCreateForm,
    ExemplarForm,
    ModelCreateForm,
    ModelForm,
    PhotoForm,
    ReplicationForm,
    form_data,
)
from .models import (
    Document,
    EmulationField,
    EmulationModel,
    Exemplar,
    ExemplarStatus,
    ModelStatus,
    Photo,
    RecognitionLevel,
    average_score,
    year_choices,
)

PAGE_SIZE = 30


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def _model_for(request: HttpRequest, pk: int) -> EmulationModel:
    model = get_object_or_404(EmulationModel.objects.select_related("unit"), pk=pk)
    require(policies.can_view_model(actor_for(request.user), model), visible=False)
    return model


def _exemplar_for(request: HttpRequest, pk: int) -> Exemplar:
    exemplar = get_object_or_404(Exemplar.objects.select_related("unit"), pk=pk)
    require(policies.can_view_exemplar(actor_for(request.user), exemplar), visible=False)
    return exemplar


def _image_response(photo: Photo) -> FileResponse:
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=photo.content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Models: list, export, statistics -------------------------------------------------------------


def _model_filters(request: HttpRequest) -> dict[str, Any]:
    return {
        "year": _int(request.GET.get("nam")),
        "field_value": request.GET.get("linh_vuc", ""),
        "status": request.GET.get("trang_thai", ""),
        "level": request.GET.get("cap", ""),
        "unit_id": _int(request.GET.get("don_vi")),
        "query": request.GET.get("q", "")[:200],
    }


@login_required
def model_list(request: HttpRequest) -> HttpResponse:
    """List the models the user may see, with filters and CSV/XLSX export."""
    actor = actor_for(request.user)
    filters = _model_filters(request)
    qs = selectors.models_filtered(selectors.models_visible(actor=actor), **filters)
    fmt = request.GET.get("xuat")
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        return table_response(
            headers=[
                _("Năm"),
                _("Đơn vị"),
                _("Lĩnh vực"),
                _("Tên mô hình"),
                _("Số người tham gia"),
                _("Ngày bắt đầu"),
                _("Trạng thái"),
                _("Điểm bình quân"),
                _("Cấp công nhận"),
                _("Số quyết định"),
                _("Ngày quyết định"),
                _("Số nơi nhân rộng"),
            ],
            rows=(
                [
                    m.year,
                    m.unit.name,
                    m.get_field_display(),
                    m.title,
                    m.participants_count,
                    m.started_on,
                    m.get_status_display(),
                    round(m.average, 1) if m.average is not None else None,
                    m.get_level_display() if m.level else "",
                    m.decision_number,
                    m.decision_date,
                    m.replication_count,
                ]
                for m in qs
            ),
            filename="mo-hinh-dan-van-kheo",
            fmt=fmt,
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "emulation/model_list.html",
        {
            "page": page,
            "filters": filters,
            "years": year_choices(timezone.localdate()),
            "fields": EmulationField.choices,
            "statuses": ModelStatus.choices,
            "levels": RecognitionLevel.choices,
            "can_create": bool(actor.unit_ids(*policies.UNIT_WRITERS)),
            "querystring": query.urlencode(),
            "waiting": selectors.models_visible(actor=actor)
            .filter(status__in=[ModelStatus.REGISTERED, ModelStatus.UNDER_EVALUATION])
            .count()
            if actor.is_coordinator
            else None,
        },
    )


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """Counts of registered and recognised models by field, level and unit for a year."""
    actor = actor_for(request.user)
    today = timezone.localdate()
    raw = request.GET.get("nam")
    year = _int(raw) if raw is not None else today.year
    stats = selectors.statistics(actor=actor, year=year)
    fmt = request.GET.get("xuat")
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        return table_response(
            headers=[_("Đơn vị"), _("Số mô hình đăng ký"), _("Số mô hình được công nhận")],
            rows=([u["unit__name"], u["registered"], u["recognised"]] for u in stats.by_unit),
            filename=f"thong-ke-dan-van-kheo-{year or 'tat-ca'}",
            fmt=fmt,
        )
    return render(
        request,
        "emulation/statistics.html",
        {"stats": stats, "year": year, "years": year_choices(today)},
    )


# Models: create, edit, detail -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def model_create(request: HttpRequest) -> HttpResponse:
    """Register a new model (as a draft) for one of the user's units."""
    actor = actor_for(request.user)
    units = actor.unit_ids(*policies.UNIT_WRITERS)
    require(bool(units))
    form = ModelCreateForm(request.POST or None, initial={"year": timezone.localdate().year})
    form.limit_units(units)
    if request.method == "POST" and form.is_valid():
        model = run_service(
            form,
            lambda: services.model_create(
                unit=form.cleaned_data["unit"], by=request.user, **form_data(form)
            ),
        )
        if model:
            messages.success(request, _("Đã lưu dự thảo mô hình. Hãy thêm ảnh và tài liệu."))
            return redirect("emulation:detail", pk=model.pk)
    return render(request, "emulation/model_form.html", {"form": form, "model": None})


@login_required
@require_http_methods(["GET", "POST"])
def model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a draft model, with optimistic locking."""
    model = _model_for(request, pk)
    require(policies.can_edit_model(actor_for(request.user), model))
    initial = {name: getattr(model, name) for name in services.MODEL_FIELDS}
    initial["version"] = model.version
    form = ModelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.model_update(
                model=model,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                **form_data(form),
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu mô hình."))
            return redirect("emulation:detail", pk=model.pk)
    return render(request, "emulation/model_form.html", {"form": form, "model": model})


def _detail_context(request: HttpRequest, model: EmulationModel, **forms: Any) -> dict[str, Any]:
    actor = actor_for(request.user)
    evaluations = list(model.evaluations.select_related("member"))
    can_edit = policies.can_edit_model(actor, model)
    return {
        "model": model,
        "photos": selectors.model_photos(model=model),
        "documents": list(model.documents.filter(archived_at__isnull=True)),
        "replications": selectors.model_replications(model=model),
        "events": list(model.events.select_related("by")),
        "history": list(history_for(model)[:50]),
        "evaluations": evaluations if policies.can_view_evaluations(actor, model) else None,
        "average": average_score(evaluations),
        "can_edit": can_edit,
        "can_submit": policies.can_submit_model(actor, model),
        "can_archive": policies.can_archive_model(actor, model),
        "can_evaluate": policies.can_evaluate_model(actor, model)
        or policies.can_decide_model(actor, model),
        "can_replicate": bool(policies.replicating_units(actor, model)),
        "can_publish": actor.is_coordinator and model.status == ModelStatus.RECOGNISED,
        "photo_form": forms.get("photo_form") or (PhotoForm() if can_edit else None),
        "document_form": forms.get("document_form") or (DocumentForm() if can_edit else None),
        "action_form": forms.get("action_form"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a model with photos, documents, evaluations, replications and history."""
    model = _model_for(request, pk)
    forms: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        done: Any = None
        if action == "photo":
            form = PhotoForm(request.POST, request.FILES)
            forms["photo_form"] = form
            if form.is_valid():
                done = run_service(
                    form,
                    lambda: services.photo_add(
                        model=model,
                        upload=form.cleaned_data["photo"],
                        caption=form.cleaned_data["caption"],
                        by=request.user,
                    ),
                )
                message = _("Đã thêm ảnh.")
        elif action == "document":
            form = DocumentForm(request.POST, request.FILES)
            forms["document_form"] = form
            if form.is_valid():
                done = run_service(
                    form,
                    lambda: services.documents_add(
                        model=model, files=[form.cleaned_data["file"]], by=request.user
                    ),
                )
                message = _("Đã thêm tài liệu.")
        elif action in ("submit", "archive", "publish", "unpublish"):
            form = CommentForm(None)
            forms["action_form"] = form
            call = {
                "submit": lambda: services.model_submit(model=model, by=request.user),
                "archive": lambda: services.model_archive(model=model, by=request.user),
                "publish": lambda: services.model_set_public(
                    model=model, public=True, by=request.user
                ),
                "unpublish": lambda: services.model_set_public(
                    model=model, public=False, by=request.user
                ),
            }[action]
            done = run_service(form, call)
            message = {
                "submit": _("Đã đăng ký mô hình với Sở Nội vụ."),
                "archive": _("Đã lưu trữ mô hình."),
                "publish": _("Mô hình đã hiện trên trang giới thiệu."),
                "unpublish": _("Mô hình đã được ẩn khỏi trang giới thiệu."),
            }[action]
        elif action in ("remove_photo", "remove_document"):
            target_pk = _int(request.POST.get("target"))
            if action == "remove_photo":
                photo = get_object_or_404(
                    Photo, pk=target_pk, emulation_model=model, archived_at=None
                )
                services.photo_archive(photo=photo, by=request.user)
            else:
                document = get_object_or_404(
                    Document, pk=target_pk, emulation_model=model, archived_at=None
                )
                services.document_archive(document=document, by=request.user)
            messages.success(request, _("Đã gỡ tệp."))
            return redirect("emulation:detail", pk=model.pk)
        else:
            raise Http404
        if done:
            messages.success(request, message)
            return redirect("emulation:detail", pk=model.pk)
        model.refresh_from_db()
    status = 200 if not forms else 400
    context = _detail_context(request, model, **forms)
    return render(request, "emulation/model_detail.html", context, status=status)


def photo_view(request: HttpRequest, pk: int) -> FileResponse:
    """Send a photo to someone who may see its model (anyone, once on the showcase)."""
    photo = get_object_or_404(
        Photo.objects.select_related("emulation_model"), pk=pk, archived_at=None
    )
    model = photo.emulation_model
    if not model.on_showcase():
        require(policies.can_view_model(actor_for(request.user), model), visible=False)
    response = _image_response(photo)
    response["Cache-Control"] = "public, max-age=3600" if model.on_showcase() else "private"
    return response


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """Send a document of a model to someone who may see the model."""
    document = get_object_or_404(
        Document.objects.select_related("emulation_model"), pk=pk, archived_at=None
    )
    require(
        policies.can_view_model(actor_for(request.user), document.emulation_model), visible=False
    )
    return private_download(
        document.file, filename=document.original_name, content_type=document.content_type
    )


# The coordinator's evaluation page (models and exemplars) ---------------------------------------


def _evaluation_page(
    request: HttpRequest,
    subject: EmulationModel | Exemplar,
    *,
    can_evaluate: bool,
    can_decide: bool,
    can_return: bool,
    evaluate: Any,
    decide: Any,
    give_back: Any,
    back_url: str,
) -> HttpResponse:
    require(can_evaluate or can_decide)
    evaluation_form = EvaluationForm(initial={"member": request.user.pk})
    decision_form = DecisionForm(initial={"public": True, "decision": "recognise"})
    return_form = CommentForm()
    if request.method == "POST":
        action = request.POST.get("action")
        done: Any = None
        if action == "evaluate":
            require(can_evaluate)
            evaluation_form = EvaluationForm(request.POST)
            if evaluation_form.is_valid():
                data = evaluation_form.cleaned_data
                done = run_service(evaluation_form, lambda: evaluate(data))
                message = _("Đã ghi phiếu đánh giá.")
        elif action == "decide":
            require(can_decide)
            decision_form = DecisionForm(request.POST)
            if decision_form.is_valid():
                data = decision_form.cleaned_data
                done = run_service(decision_form, lambda: decide(data))
                message = _("Đã ghi kết luận của Hội đồng.")
        elif action == "return":
            require(can_return)
            return_form = CommentForm(request.POST)
            if return_form.is_valid():
                data = return_form.cleaned_data
                done = run_service(return_form, lambda: give_back(data))
                message = _("Đã trả lại cho đơn vị.")
        else:
            raise Http404
        if done:
            messages.success(request, message)
            if action == "evaluate":
                return redirect(request.path)
            return redirect(back_url)
    evaluations = list(subject.evaluations.select_related("member"))
    return render(
        request,
        "emulation/evaluate.html",
        {
            "subject": subject,
            "is_model": isinstance(subject, EmulationModel),
            "back_url": back_url,
            "evaluations": evaluations,
            "average": average_score(evaluations),
            "evaluation_form": evaluation_form if can_evaluate else None,
            "decision_form": decision_form if can_decide or can_evaluate else None,
            "decision_open": can_decide,
            "return_form": return_form if can_return else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _decide_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "recognised": data["decision"] == "recognise",
        "level": data["level"],
        "decision_number": data["decision_number"],
        "decision_date": data["decision_date"],
        "comment": data["comment"],
        "public": data["public"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def model_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator records council scores, the decision, or returns the model."""
    model = _model_for(request, pk)
    actor = actor_for(request.user)
    by = request.user
    return _evaluation_page(
        request,
        model,
        can_evaluate=policies.can_evaluate_model(actor, model),
        can_decide=policies.can_decide_model(actor, model),
        can_return=policies.can_return_model(actor, model),
        evaluate=lambda d: services.model_evaluate(
            model=model, member=d["member"], score=d["score"], comment=d["comment"], by=by
        ),
        decide=lambda d: services.model_decide(model=model, by=by, **_decide_kwargs(d)),
        give_back=lambda d: services.model_return(model=model, comment=d["comment"], by=by),
        back_url=reverse("emulation:detail", args=[model.pk]),
    )


# Replication ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def model_replicate(request: HttpRequest, pk: int) -> HttpResponse:
    """Another unit declares it applies a recognised model."""
    model = _model_for(request, pk)
    units = policies.replicating_units(actor_for(request.user), model)
    require(bool(units))
    form = ReplicationForm(request.POST or None, initial={"applied_on": timezone.localdate()})
    form.limit_units(units)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.replication_add(
                model=model,
                unit=form.cleaned_data["unit"],
                applied_on=form.cleaned_data["applied_on"],
                notes=form.cleaned_data["notes"],
                by=request.user,
            ),
        )
        if done:
            messages.success(request, _("Đã khai báo áp dụng mô hình."))
            return redirect("emulation:detail", pk=model.pk)
    return render(request, "emulation/replicate.html", {"form": form, "model": model})


# Public showcase --------------------------------------------------------------------------------


def showcase(request: HttpRequest) -> HttpResponse:
    """The public page of recognised models and exemplars (no sign-in needed)."""
    year = _int(request.GET.get("nam"))
    field_value = request.GET.get("linh_vuc", "")
    level = request.GET.get("cap", "")
    query = request.GET.get("q", "")[:200]
    models = selectors.showcase(year=year, field_value=field_value, level=level, query=query)
    page = Paginator(models, 12).get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    return render(
        request,
        "emulation/showcase.html",
        {
            "page": page,
            "exemplars": list(selectors.showcase_exemplars(year=year, query=query)[:24]),
            "year": year,
            "field_value": field_value,
            "level": level,
            "query": query,
            "years": selectors.showcase_years(),
            "fields": EmulationField.choices,
            "levels": RecognitionLevel.choices,
            "querystring": params.urlencode(),
        },
    )


def showcase_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One recognised model for the public: what it is, who did it, results, where it spread."""
    model = get_object_or_404(
        EmulationModel.objects.select_related("unit"),
        pk=pk,
        status=ModelStatus.RECOGNISED,
        public=True,
    )
    return render(
        request,
        "emulation/showcase_detail.html",
        {
            "model": model,
            "photos": selectors.model_photos(model=model),
            "replications": selectors.model_replications(model=model),
        },
    )


# Exemplars -----------------------------------------------------------------------------------


@login_required
def exemplar_list(request: HttpRequest) -> HttpResponse:
    """List the nominations the user may see, with export (no personal data in the export)."""
    actor = actor_for(request.user)
    year = _int(request.GET.get("nam"))
    status = request.GET.get("trang_thai", "")
    query = request.GET.get("q", "")[:200]
    qs = selectors.exemplars_filtered(
        selectors.exemplars_visible(actor=actor), year=year, status=status, query=query
    )
    fmt = request.GET.get("xuat")
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        return table_response(
            headers=[
                _("Năm"),
                _("Loại"),
                _("Tên cá nhân, tập thể"),
                _("Chức vụ, đơn vị công tác"),
                _("Đơn vị đề xuất"),
                _("Trạng thái"),
                _("Điểm bình quân"),
                _("Cấp công nhận"),
                _("Số quyết định"),
            ],
            rows=(
                [
                    e.year,
                    e.get_kind_display(),
                    e.name,
                    e.position,
                    e.unit.name,
                    e.get_status_display(),
                    round(e.average, 1) if e.average is not None else None,
                    e.get_level_display() if e.level else "",
                    e.decision_number,
                ]
                for e in qs
            ),
            filename="dien-hinh-tien-tien",
            fmt=fmt,
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    return render(
        request,
        "emulation/exemplar_list.html",
        {
            "page": page,
            "year": year,
            "status": status,
            "query": query,
            "years": year_choices(timezone.localdate()),
            "statuses": ExemplarStatus.choices,
            "can_create": bool(actor.unit_ids(*policies.UNIT_WRITERS)),
            "querystring": params.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_create(request: HttpRequest) -> HttpResponse:
    """Propose an exemplary individual or group (as a draft)."""
    actor = actor_for(request.user)
    units = actor.unit_ids(*policies.UNIT_WRITERS)
    require(bool(units))
    form = ExemplarCreateForm(request.POST or None, initial={"year": timezone.localdate().year})
    form.limit_units(units)
    if request.method == "POST" and form.is_valid():
        exemplar = run_service(
            form,
            lambda: services.exemplar_create(
                unit=form.cleaned_data["unit"], by=request.user, **form_data(form)
            ),
        )
        if exemplar:
            messages.success(request, _("Đã lưu dự thảo đề xuất."))
            return redirect("emulation:exemplar", pk=exemplar.pk)
    return render(request, "emulation/exemplar_form.html", {"form": form, "exemplar": None})


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a draft nomination, with optimistic locking."""
    exemplar = _exemplar_for(request, pk)
    require(policies.can_edit_exemplar(actor_for(request.user), exemplar))
    initial = {name: getattr(exemplar, name) for name in services.EXEMPLAR_FIELDS}
    initial["version"] = exemplar.version
    form = ExemplarForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.exemplar_update(
                exemplar=exemplar,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                **form_data(form),
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu đề xuất."))
            return redirect("emulation:exemplar", pk=exemplar.pk)
    return render(request, "emulation/exemplar_form.html", {"form": form, "exemplar": exemplar})


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a nomination; personal data only to the proposing unit and the coordinator."""
    exemplar = _exemplar_for(request, pk)
    actor = actor_for(request.user)
    action_form = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        action_form = CommentForm(None)
        if action == "submit":
            done = run_service(
                action_form, lambda: services.exemplar_submit(exemplar=exemplar, by=request.user)
            )
            message = _("Đã gửi đề xuất đến Sở Nội vụ.")
        elif action == "archive":
            done = run_service(
                action_form, lambda: services.exemplar_archive(exemplar=exemplar, by=request.user)
            )
            message = _("Đã lưu trữ đề xuất.")
        else:
            raise Http404
        if done:
            messages.success(request, message)
            return redirect("emulation:exemplar", pk=exemplar.pk)
    evaluations = list(exemplar.evaluations.select_related("member"))
    return render(
        request,
        "emulation/exemplar_detail.html",
        {
            "exemplar": exemplar,
            "personal": policies.can_view_personal_data(actor, exemplar),
            "evaluations": evaluations if policies.can_view_evaluations(actor, exemplar) else None,
            "average": average_score(evaluations),
            "events": list(exemplar.events.select_related("by")),
            "history": list(history_for(exemplar)[:50])
            if policies.can_view_personal_data(actor, exemplar)
            else [],
            "can_edit": policies.can_edit_exemplar(actor, exemplar),
            "can_submit": policies.can_submit_exemplar(actor, exemplar),
            "can_archive": policies.can_archive_exemplar(actor, exemplar),
            "can_evaluate": policies.can_evaluate_exemplar(actor, exemplar)
            or policies.can_decide_exemplar(actor, exemplar),
            "action_form": action_form,
        },
        status=400 if action_form is not None else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator records council scores and the decision on a nomination."""
    exemplar = _exemplar_for(request, pk)
    actor = actor_for(request.user)
    by = request.user
    return _evaluation_page(
        request,
        exemplar,
        can_evaluate=policies.can_evaluate_exemplar(actor, exemplar),
        can_decide=policies.can_decide_exemplar(actor, exemplar),
        can_return=False,
        evaluate=lambda d: services.exemplar_evaluate(
            exemplar=exemplar, member=d["member"], score=d["score"], comment=d["comment"], by=by
        ),
        decide=lambda d: services.exemplar_decide(exemplar=exemplar, by=by, **_decide_kwargs(d)),
        give_back=lambda d: None,
        back_url=reverse("emulation:exemplar", args=[exemplar.pk]),
    )

"""Public pages of the portal: submit a petition, see the receipt, look up a case, privacy."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.errors import ApplicationError
from danvan.core.net import client_ip

from . import challenge, selectors, services
from .files import MAX_FILES
from .forms import LookupForm, SubmissionForm, former_names, new_idempotency_key


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Show what a citizen can do here."""
    return render(request, "portal/index.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """Show the notice on personal data processing (Luật Bảo vệ dữ liệu cá nhân 2025)."""
    return render(request, "portal/privacy.html")


def _form_page(
    request: HttpRequest, form: SubmissionForm, *, status: int = 200, files_lost: bool = False
) -> HttpResponse:
    fresh = challenge.issue()
    # Each rendering gets a new challenge; the idempotency key stays the form's own.
    data = form.data.copy() if form.is_bound else None
    if data is not None:
        data["challenge_token"] = fresh.token
        data["challenge_counter"] = ""
        data["challenge_answer"] = ""
        form.data = data
    else:
        form.initial.update({"challenge_token": fresh.token})
    response = render(
        request,
        "portal/submit.html",
        {
            "form": form,
            "challenge": fresh,
            "unit_query": request.GET.get("co_quan", "")[:100],
            "files_lost": files_lost,
            "max_files": MAX_FILES,
            "former_names": former_names(),
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """Submit a petition; a repeated POST with the same key shows the same receipt."""
    if request.method == "GET":
        query = request.GET.get("co_quan", "")[:100]
        form = SubmissionForm(unit_query=query, initial={"idempotency_key": new_idempotency_key()})
        unit_id = request.GET.get("don_vi", "")
        # isdigit() is true for "²" too; only ASCII digits of a sane length are an id.
        if unit_id.isascii() and unit_id.isdigit() and len(unit_id) <= 9:
            form.initial["unit"] = int(unit_id)
        return _form_page(request, form)
    form = SubmissionForm(request.POST, request.FILES)
    had_files = bool(request.FILES.getlist("attachments"))
    if not form.is_valid():
        return _form_page(request, form, status=400, files_lost=had_files)
    try:
        receipt = services.submission_receive(
            key=form.cleaned_data["idempotency_key"],
            unit=form.cleaned_data["unit"],
            values=form.values(),
            files=form.cleaned_data["attachments"],
            challenge_token=form.cleaned_data["challenge_token"],
            challenge_counter=form.cleaned_data.get("challenge_counter") or "",
            challenge_answer=form.cleaned_data.get("challenge_answer") or "",
            honeypot=form.cleaned_data.get("website") or "",
            client_ip=client_ip(request),
        )
    except ApplicationError as exc:
        if exc.code == "key_reused":
            # Another petition was sent with this form: what was typed becomes a new one.
            data = form.data.copy()
            data["idempotency_key"] = new_idempotency_key()
            form.data = data
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        status = 429 if exc.code == "rate_limited" else 400
        return _form_page(request, form, status=status, files_lost=had_files)
    response = render(request, "portal/receipt.html", {"receipt": receipt})
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """Look up a case with its code and secret; unknown code and wrong secret look the same."""
    context: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        form = LookupForm(request.POST)
        if form.is_valid():
            try:
                result = selectors.public_status(
                    tracking_code=form.cleaned_data["tracking_code"],
                    secret=form.cleaned_data["secret"],
                    client_ip=client_ip(request),
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                status = 429
            else:
                if result is None:
                    form.add_error(None, selectors.NOT_FOUND_MESSAGE)
                    status = 404
                context["result"] = result
        else:
            status = 400
    else:
        form = LookupForm(initial={"tracking_code": request.GET.get("ma", "")[:40]})
    context["form"] = form
    response = render(request, "portal/lookup.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _json_error(status: int, code: str, message: str, field: str | None = None) -> JsonResponse:
    fields = [{"field": field, "message": message}] if field else []
    response = JsonResponse(
        {"error": {"code": code, "message": str(message), "fields": fields}}, status=status
    )
    response["Cache-Control"] = "no-store"
    return response


# No CSRF token: the lookup changes nothing a visitor owns and uses no cookie or session; the
# code and the secret are the credentials. Misses are rate-limited like the page's.
@csrf_exempt
@require_POST
def lookup_json(request: HttpRequest) -> HttpResponse:
    """Return a case's public status as JSON: POST {"tracking_code", "secret"} (JSON or form)."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return _json_error(422, "malformed_json", _("Nội dung gửi lên không phải JSON hợp lệ."))
        if not isinstance(data, dict):
            return _json_error(422, "validation_error", _("Dữ liệu gửi lên không hợp lệ."))
    else:
        data = request.POST
    form = LookupForm(
        {k: v for k in ("tracking_code", "secret") if isinstance(v := data.get(k), str)}
    )
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        return _json_error(422, "validation_error", errors[0], field=field)
    try:
        result = selectors.public_status_json(
            tracking_code=form.cleaned_data["tracking_code"],
            secret=form.cleaned_data["secret"],
            client_ip=client_ip(request),
        )
    except ApplicationError as exc:
        return _json_error(429, exc.code, exc.message)
    if result is None:
        return _json_error(404, "not_found", selectors.NOT_FOUND_MESSAGE)
    response = JsonResponse(result, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response

"""Public pages of the portal: submit a petition, see the receipt, look up a case, privacy."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

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
        if request.GET.get("don_vi", "").isdigit():
            form.initial["unit"] = int(request.GET["don_vi"])
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

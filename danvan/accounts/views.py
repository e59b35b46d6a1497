"""Account pages: sign in and out, password change, API tokens, e-mail preferences."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from danvan.core.forms import run_service

from . import services
from .models import ApiToken, DigestChoice, Profile


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Tên gợi nhớ"), max_length=100)


class PreferencesForm(forms.Form):
    email_digest = forms.ChoiceField(
        label=gettext_lazy("Nhận thông báo qua thư điện tử"),
        choices=DigestChoice.choices,
        widget=forms.RadioSelect,
    )


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """Show the user's roles and e-mail preferences."""
    current, _created = Profile.objects.get_or_create(user=request.user)
    form = PreferencesForm(request.POST or None, initial={"email_digest": current.email_digest})
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            lambda: services.profile_update(
                by=request.user, email_digest=form.cleaned_data["email_digest"]
            ),
        )
    ):
        messages.success(request, _("Đã lưu tùy chọn."))
        return redirect("accounts:profile")
    roles = request.user.role_assignments.filter(archived_at=None).select_related("unit")
    return render(request, "accounts/profile.html", {"form": form, "roles": roles})


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List the user's API tokens and create a new one (its key is shown once)."""
    form = TokenForm(request.POST or None)
    raw_key = None
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form, lambda: services.token_create(name=form.cleaned_data["name"], by=request.user)
        )
        if created:
            raw_key = created[1]
            form = TokenForm()
    rows = ApiToken.objects.filter(user=request.user)
    response = render(
        request, "accounts/tokens.html", {"form": form, "tokens": rows, "raw_key": raw_key}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("Đã thu hồi khóa %(prefix)s…") % {"prefix": token.prefix})
    return redirect("accounts:tokens")

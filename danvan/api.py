"""The JSON API under /api/v1: authentication, error format, and the routers of every app."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyHeader, SessionAuth

from danvan.core.errors import ApplicationError


def token_hash(raw: str) -> str:
    """Return the stored form of an API token (SHA-256; tokens are long random strings)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenAuth(APIKeyHeader):
    """`Authorization: Bearer <token>` for machine clients."""

    param_name = "Authorization"
    openapi_description = "Per-user API token: `Authorization: Bearer dv_...`"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not key or not key.startswith("Bearer "):
            return None
        raw = key.removeprefix("Bearer ").strip()
        from danvan.accounts.models import ApiToken

        token = (
            ApiToken.objects.filter(key_hash=token_hash(raw), revoked_at__isnull=True)
            .select_related("user")
            .first()
        )
        if token is None or not token.user.is_active:
            return None
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        request.user = token.user
        return token.user


api = NinjaAPI(
    title="Dân Vận API",
    version="1",
    description=(
        "JSON API of Dân Vận. Browser clients use the session cookie with the CSRF token; "
        "machine clients send a per-user token as `Authorization: Bearer ...`."
    ),
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    urls_namespace="api",
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message, **extra}}, status=status
    )


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    fields = [{"field": exc.field, "message": exc.message}] if exc.field else []
    status = exc.status if exc.status != 400 else 422
    return _error(request, status, exc.code, exc.message, fields=fields)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload", "query", "path")]
        fields.append(
            {"field": ".".join(loc) or None, "message": err.get("msg", ""), "type": err.get("type")}
        )
    return _error(request, 422, "validation_error", "Dữ liệu gửi lên không hợp lệ.", fields=fields)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "Cần đăng nhập hoặc khóa API hợp lệ.")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "Không tìm thấy.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", "Bạn không có quyền thực hiện thao tác này.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "http_error", str(exc))


def _register_routers() -> None:
    from danvan.accounts.api import router as accounts_router
    from danvan.orgs.api import router as orgs_router
    from danvan.plans.api import router as plans_router

    api.add_router("/units", orgs_router)
    api.add_router("/plans", plans_router)
    api.add_router("/me", accounts_router)


_register_routers()

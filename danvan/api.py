"""The JSON API under /api/v1: authentication, error format, and the routers of every app."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import ninja
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.parser import Parser
from ninja.security import APIKeyHeader, SessionAuth
from ninja.utils import check_csrf

from danvan.core.errors import ApplicationError


class CsrfFailedError(ApplicationError):
    """A signed-in browser session sent a write without the CSRF token."""

    status = 403

    def __init__(self) -> None:
        super().__init__(
            "Thiếu hoặc sai mã chống giả mạo (CSRF). Hãy tải lại trang rồi thử lại.",
            code="csrf_failed",
        )


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
        request.danvan_api_token = token  # type: ignore[attr-defined]
        return token.user


class CsrfSessionAuth(SessionAuth):
    """The browser session cookie; writes must carry Django's CSRF token.

    An anonymous caller is simply not authenticated (401), rather than failing a CSRF check.
    """

    openapi_description = "Browser session cookie; writes need the `X-CSRFToken` header."

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailedError()
        return request.user


class MalformedBodyError(ValueError):
    """The request body is not valid JSON (or not UTF-8)."""


class StrictJsonParser(Parser):
    """Parse JSON bodies, marking parse failures so they become a 422 like other bad input."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            return json.loads(request.body)
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
            raise MalformedBodyError(str(exc)) from exc


# Swagger UI is served from django-ninja's bundled copies: the product runs on intranets with no
# internet access, so the docs page must not load anything from a CDN.
_DOCS_ASSET_DIR = Path(ninja.__file__).parent / "static" / "ninja"
_DOCS_ASSETS = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui-init.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
    "favicon.png": "image/png",
}
_DOCS_PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<link rel="stylesheet" href="{{ assets.css }}">
<link rel="icon" href="{{ assets.favicon }}" type="image/svg+xml">
</head>
<body data-csrf-token="{{ csrf }}" data-api-csrf="true">
{{ swagger_settings|json_script:"swagger-settings" }}
<div id="swagger-ui"></div>
<script src="{{ assets.bundle }}"></script>
<script src="{{ assets.init }}"></script>
</body>
</html>
"""


def _asset_url(name: str) -> str:
    return reverse("api:docs_asset", kwargs={"name": name})


class LocalSwagger(Swagger):
    """Swagger UI whose scripts, styles and icons come from this server, never from a CDN."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        template = engines["django"].from_string(_DOCS_PAGE)
        context = {
            "title": api.title,
            "csrf": get_token(request),
            "swagger_settings": settings,
            "assets": {
                "css": _asset_url("swagger-ui.css"),
                "favicon": _asset_url("favicon.svg"),
                "bundle": _asset_url("swagger-ui-bundle.js"),
                "init": _asset_url("swagger-ui-init.js"),
            },
        }
        return HttpResponse(template.render(context, request))


api = NinjaAPI(
    title="Dân Vận API",
    version="1",
    description=(
        "JSON API of Dân Vận. Browser clients use the session cookie with the CSRF token; "
        "machine clients send a per-user token as `Authorization: Bearer ...`."
    ),
    auth=[TokenAuth(), CsrfSessionAuth(csrf=True)],
    urls_namespace="api",
    parser=StrictJsonParser(),
    docs=LocalSwagger(),
)


@api.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs_asset")
def docs_asset(request: HttpRequest, name: str) -> HttpResponse:
    """Serve one of the Swagger UI files bundled with django-ninja."""
    content_type = _DOCS_ASSETS.get(name)
    if content_type is None:
        raise Http404
    response = FileResponse((_DOCS_ASSET_DIR / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _error(
    request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    extra.setdefault("fields", [])
    return api.create_response(
        request, {"error": {"code": code, "message": message, **extra}}, status=status
    )


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    fields = [{"field": exc.field, "message": exc.message}] if exc.field else []
    status = exc.status if exc.status != 400 else 422
    return _error(request, status, exc.code, exc.message, fields=fields)


# Where ninja found a parameter; the field name alone is what a client needs.
_LOCATION_PREFIXES = ("body", "payload", "query", "path", "form", "file", "header", "cookie")


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", [])]
        # Drop only the leading location markers ("body", "payload"), not a field called "body".
        while len(loc) > 1 and loc[0] in _LOCATION_PREFIXES:
            loc = loc[1:]
        if loc == ["payload"] or (loc and loc[0] in _LOCATION_PREFIXES and len(err["loc"]) == 1):
            loc = []
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
    if isinstance(exc.__cause__, MalformedBodyError):
        message = "Nội dung gửi lên không phải JSON hợp lệ."
        fields = [{"field": None, "message": str(exc.__cause__), "type": "json_invalid"}]
        return _error(request, 422, "malformed_json", message, fields=fields)
    return _error(request, exc.status_code, "http_error", str(exc))


def _register_routers() -> None:
    from danvan.accounts.api import router as accounts_router
    from danvan.consultations.api import router as consultations_router
    from danvan.emulation.api import router as emulation_router
    from danvan.front.api import router as front_router
    from danvan.imports.api import router as imports_router
    from danvan.indices.api import router as indices_router
    from danvan.orgs.api import router as orgs_router
    from danvan.petitions.api import router as petitions_router
    from danvan.plans.api import router as plans_router
    from danvan.reception.api import router as reception_router
    from danvan.registers.api import router as registers_router
    from danvan.reports.api import router as reports_router

    api.add_router("/units", orgs_router)
    api.add_router("/plans", plans_router)
    api.add_router("/reports", reports_router)
    api.add_router("/me", accounts_router)
    api.add_router("/petitions", petitions_router)
    api.add_router("/receptions", reception_router)
    api.add_router("/front-recommendations", front_router)
    api.add_router("/consultations", consultations_router)
    api.add_router("/emulation", emulation_router)
    api.add_router("/indices", indices_router)
    api.add_router("/registers", registers_router)
    api.add_router("/imports", imports_router)


_register_routers()

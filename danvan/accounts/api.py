"""JSON endpoints about the current user and their API tokens."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from danvan.core.errors import PermissionDeniedError
from danvan.core.schemas import ERRORS, InputSchema
from danvan.lib.vntext import person_name

from . import services
from .models import ApiToken

router = Router(tags=["me"])


class RoleOut(Schema):
    role: str
    unit_id: int
    unit_name: str


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[RoleOut]


class TokenIn(InputSchema):
    name: str = Field(min_length=1, max_length=100)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    key: str


@router.get("", response={200: MeOut, **ERRORS})
def me(request: HttpRequest) -> dict[str, object]:
    """Return the current user and the roles they hold."""
    user = request.user
    grants = user.role_assignments.filter(archived_at=None).select_related("unit")
    return {
        "username": user.get_username(),
        "full_name": person_name(user.last_name, user.first_name) or user.get_username(),
        "roles": [{"role": g.role, "unit_id": g.unit_id, "unit_name": g.unit.name} for g in grants],
    }


@router.get("/tokens", response={200: list[TokenOut], **ERRORS})
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    """List the current user's tokens (never their keys)."""
    return list(ApiToken.objects.filter(user=request.user))


@router.post("/tokens", response={201: TokenCreatedOut, **ERRORS})
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    """Create a token (signed-in session only); the key is in this response only, stored hashed.

    A token cannot create tokens: one that leaked could otherwise outlive its revocation.
    """
    if getattr(request, "danvan_api_token", None) is not None:
        raise PermissionDeniedError(
            _("Chỉ tạo được khóa API khi đăng nhập trên trang, không dùng khóa API khác.")
        )
    token, raw = services.token_create(name=payload.name, by=request.user)
    return Status(201, {**TokenOut.from_orm(token).dict(), "key": raw})


@router.delete("/tokens/{token_id}", response={200: TokenOut, **ERRORS})
def revoke_token(request: HttpRequest, token_id: int) -> ApiToken:
    """Revoke one of the current user's tokens."""
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    return services.token_revoke(token=token, by=request.user)

"""Writes on accounts: API tokens and notification preferences."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.api import token_hash
from danvan.core.audit import audit_record
from danvan.core.errors import ApplicationError, PermissionDeniedError
from danvan.lib.vntext import nfc

from .models import ApiToken, DigestChoice, Profile

MAX_ACTIVE_TOKENS = 10


@transaction.atomic
def token_create(*, name: str, by: Any) -> tuple[ApiToken, str]:
    """Create an API token for the user; return it with the raw key, which is shown only once."""
    name = nfc(name).strip()
    if not name:
        raise ApplicationError(_("Hãy đặt tên gợi nhớ cho khóa."), field="name")
    if len(name) > 100:
        raise ApplicationError(_("Tên gợi nhớ tối đa 100 ký tự."), field="name")
    if ApiToken.objects.filter(user=by, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ApplicationError(
            _("Mỗi người dùng có tối đa %(n)d khóa đang hoạt động.") % {"n": MAX_ACTIVE_TOKENS}
        )
    raw = "dv_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=by, name=name, prefix=raw[:10], key_hash=token_hash(raw))
    audit_record(
        action="token.create", obj=token, by=by, after={"name": name, "prefix": token.prefix}
    )
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, by: Any) -> ApiToken:
    """Revoke one of the user's own tokens."""
    if token.user_id != by.pk:
        raise PermissionDeniedError()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(action="token.revoke", obj=token, by=by, after={"prefix": token.prefix})
    return token


@transaction.atomic
def profile_update(*, by: Any, email_digest: str) -> Profile:
    """Change how the user receives notifications by e-mail."""
    if email_digest not in DigestChoice.values:
        raise ApplicationError(_("Lựa chọn không hợp lệ."), field="email_digest")
    profile, _created = Profile.objects.get_or_create(user=by)
    before = {"email_digest": profile.email_digest}
    profile.email_digest = email_digest
    profile.save()
    audit_record(action="profile.update", obj=profile, by=by, before=before)
    return profile

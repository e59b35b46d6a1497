"""Per-user API tokens (stored hashed, shown once) and personal preferences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStamped


class ApiToken(TimeStamped):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active(self) -> bool:
        """Return whether the token can still authenticate."""
        return self.revoked_at is None


class DigestChoice(models.TextChoices):
    IMMEDIATE = "immediate", _("Gửi ngay từng thông báo")
    DAILY = "daily", _("Gửi một thư tổng hợp mỗi ngày")
    NONE = "none", _("Không gửi thư điện tử")


class Profile(TimeStamped):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    email_digest = models.CharField(
        _("nhận thông báo qua thư"),
        max_length=10,
        choices=DigestChoice.choices,
        default=DigestChoice.DAILY,
    )

    class Meta:
        verbose_name = _("hồ sơ người dùng")
        verbose_name_plural = _("hồ sơ người dùng")

    def __str__(self) -> str:
        return self.full_name or self.user.get_username()

"""In-app notifications, mirrored by e-mail immediately or in a daily digest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    ASSIGNMENT = "assignment", _("Giao nhiệm vụ")
    RETURNED = "returned", _("Trả lại")
    ACCEPTED = "accepted", _("Chấp thuận")
    SUBMITTED = "submitted", _("Trình duyệt")
    ANSWER = "answer", _("Trả lời")
    DIFFICULTY = "difficulty", _("Khó khăn, vướng mắc")
    DEADLINE = "deadline", _("Thời hạn")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=NotificationKind.choices)
    text = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text

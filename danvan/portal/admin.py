"""Read-only admin of portal submissions, so staff can see and recover failed ones."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from .models import PortalSubmission, SubmissionStatus
from .services import submission_retry


@admin.register(PortalSubmission)
class PortalSubmissionAdmin(admin.ModelAdmin):
    list_display = ("pk", "received_at", "unit", "status", "tracking_code", "attempts")
    list_filter = ("status",)
    search_fields = ("tracking_code",)
    readonly_fields = ("status", "unit", "error", "attempts", "tracking_code", "received_at")
    # The payload holds the citizen's personal data (a denouncer's too) and the idempotency
    # key would let its reader replay the receipt: neither is shown here.
    exclude = ("secret_sealed", "secret_until", "payload", "idempotency_key")
    actions = ["retry"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Xử lý lại thành hồ sơ")
    def retry(self, request: HttpRequest, queryset: Any) -> None:
        for submission in queryset.exclude(status=SubmissionStatus.DONE):
            receipt = submission_retry(submission=submission, by=request.user)
            level = messages.SUCCESS if receipt.done else messages.WARNING
            self.message_user(request, f"#{submission.pk}: {receipt.submission}", level)

"""Turn failed (or abandoned) portal submissions into cases; idempotent, safe to run twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from danvan.portal.models import PortalSubmission, SubmissionStatus
from danvan.portal.services import STALE_PENDING, submission_retry


class Command(BaseCommand):
    help = "Xử lý lại các đơn gửi qua cổng chưa tạo được hồ sơ."

    def handle(self, *args: Any, **options: Any) -> None:
        stale = timezone.now() - STALE_PENDING
        rows = PortalSubmission.objects.filter(status=SubmissionStatus.FAILED) | (
            PortalSubmission.objects.filter(status=SubmissionStatus.PENDING, updated_at__lt=stale)
        )
        done = failed = 0
        for submission in rows.order_by("pk"):
            receipt = submission_retry(submission=submission)
            if receipt.done:
                done += 1
            else:
                failed += 1
        self.stdout.write(f"done={done} still_failed={failed}")

"""Delete spent challenges, old rate counters and expired receipt secrets (safe to run often)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danvan.portal.services import portal_cleanup


class Command(BaseCommand):
    help = "Xóa phiếu chống gửi tự động đã hết hạn, bộ đếm cũ và mã bí mật quá hạn hiển thị lại."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = portal_cleanup()
        self.stdout.write(
            f"challenges={counts['challenges']} counters={counts['counters']} "
            f"secrets={counts['secrets']}"
        )

"""Read the plan files waiting in the queue; safe to run twice or from cron (claims each job)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.imports.models import ImportJob, ImportStatus
from danvan.imports.services import import_job_process, import_jobs_requeue_stale


class Command(BaseCommand):
    help = "Đọc các tệp kế hoạch đang chờ (dùng khi DANVAN_IMPORT_RUN=command)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=20, help="số tệp tối đa mỗi lần chạy")
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=60,
            help="đọc lại tệp đang đọc dở quá số phút này (máy chủ bị dừng giữa chừng)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        requeued = import_jobs_requeue_stale(
            older_than=dt.timedelta(minutes=max(options["stale_minutes"], 1))
        )
        if requeued:
            self.stdout.write(f"Đưa lại {requeued} tệp đọc dở vào hàng chờ.")
        pending = ImportJob.objects.filter(
            status=ImportStatus.PENDING, archived_at__isnull=True
        ).order_by("created_at")
        done = 0
        for job_id in list(pending.values_list("pk", flat=True)[: options["limit"]]):
            job = import_job_process(job_id=job_id)
            if job is not None:
                done += 1
                self.stdout.write(f"{job.pk} {job.original_name}: {job.get_status_display()}")
        self.stdout.write(f"Đã xử lý {done} tệp.")

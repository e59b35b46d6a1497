"""Demo records of the imports app: the legal documents cited by plan 63/KH-UBND, and the
damaged OCR scan of that plan waiting for review on the import page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.plans.models import Plan

from . import services

PLAN_SYMBOL = "63/KH-UBND"
SAMPLE = Path(__file__).parent / "tests" / "data" / "kien-giang-63-KH-UBND-2024.ocr.txt"


def load_demo(add: Callable[[str, int], None]) -> None:
    """Fill the legal-document registry from the demo plan; safe to run again."""
    plan = Plan.objects.filter(symbol=PLAN_SYMBOL, archived_at__isnull=True).first()
    coordinator = get_user_model().objects.filter(username="dieuphoi").first()
    if plan is None or coordinator is None:
        return
    made = services.plan_citations_record(plan=plan, by=coordinator)
    if made:
        add("legal_citations", made)
    if SAMPLE.exists():
        upload = SimpleUploadedFile("kien-giang-63-KH-UBND-2024.ocr.txt", SAMPLE.read_bytes())
        job, created = services.import_job_create(upload=upload, by=coordinator)
        if created:
            # Read now, so the demo never depends on a background thread outliving the command.
            services.import_job_process(job_id=job.pk)
            add("import_jobs", 1)

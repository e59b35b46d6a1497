"""Reading outside the request: a background thread, or the queue command."""

from __future__ import annotations

import io
import time
from collections import namedtuple

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from danvan.imports import services
from danvan.imports.analysis import _uncertain_tokens
from danvan.imports.models import ImportJob, ImportStatus

from .conftest import AN_GIANG


@pytest.mark.django_db(transaction=True)
def test_thread_mode_reads_the_file_after_the_upload_commits(world, settings):
    settings.DANVAN_IMPORT_RUN = "thread"
    job, _created = services.import_job_create(
        upload=SimpleUploadedFile("ag.txt", AN_GIANG.read_bytes()), by=world.coordinator
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_done():
            break
        time.sleep(0.2)
    assert job.status == ImportStatus.READY
    assert job.parsed["header"]["full_ref"] == "15/KH-SNV"


@pytest.mark.django_db
def test_command_mode_leaves_jobs_to_the_queue_command(
    world, settings, django_capture_on_commit_callbacks
):
    settings.DANVAN_IMPORT_RUN = "command"
    with django_capture_on_commit_callbacks(execute=True):
        job, _created = services.import_job_create(
            upload=SimpleUploadedFile("ag.txt", AN_GIANG.read_bytes()), by=world.coordinator
        )
    job.refresh_from_db()
    assert job.status == ImportStatus.PENDING
    out = io.StringIO()
    call_command("import_jobs_run", stdout=out)
    call_command("import_jobs_run", stdout=out)  # a second run finds nothing to do
    assert ImportJob.objects.get().status == ImportStatus.READY
    assert out.getvalue().count("Chờ rà soát") == 1


def test_uncertain_repaired_words_are_located_in_the_restored_text():
    token = namedtuple("Token", "start end original restored confidence")
    restored = "Số: 63/KH-UBND của Đảng và Nhà nước"
    tokens = [
        token(0, 2, "S6", "Số", 0.99),
        token(15, 18, "cta", "của", 0.55),
        token(19, 23, "Pang", "Đảng", 0.95),
    ]
    marks = _uncertain_tokens(restored, tokens, below=0.8)
    assert marks == [
        {"start": 15, "end": 18, "original": "cta", "restored": "của", "confidence": 0.55}
    ]
    assert restored[15:18] == "của"

"""Reading outside the request: a background thread, or the queue command."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from danvan.imports import services
from danvan.imports.analysis import _uncertain_tokens
from danvan.imports.models import ImportJob, ImportStatus
from danvan.lib.vnrepair import UNCERTAIN_BELOW, Token, repair

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


def test_uncertain_repaired_words_keep_their_offsets_in_the_restored_text():
    result = repair("Thyc hién Chi thi s6 33/CT-TTg ngay 26/11/2021 cta Thu tuéng Chinh phu")
    assert result.text.startswith("Thực hiện Chỉ thị số 33/CT-TTg")
    everything = _uncertain_tokens(result.text, result.tokens, below=1.01)
    assert len(everything) == len(result.tokens)
    assert all(result.text[m["start"] : m["end"]] == m["restored"] for m in everything)
    marks = _uncertain_tokens(result.text, result.tokens, below=UNCERTAIN_BELOW)
    assert marks == [m for m in everything if m["confidence"] < UNCERTAIN_BELOW]
    wrong = Token(0, 4, "Thyc", "Thức", 0.5)
    with pytest.raises(ValueError):
        _uncertain_tokens(result.text, [wrong], below=UNCERTAIN_BELOW)


@pytest.mark.django_db(transaction=True)
def test_a_database_busy_for_longer_than_its_timeout_does_not_lose_the_reading(world, settings):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's busy timeout; PostgreSQL waits for row locks")
    settings.DANVAN_IMPORT_RUN = "command"
    job, _created = services.import_job_create(
        upload=SimpleUploadedFile("ag.txt", AN_GIANG.read_bytes()), by=world.coordinator
    )
    # Another process holds the write lock for longer than the 5-second busy timeout.
    other = sqlite3.connect(
        connection.settings_dict["NAME"], isolation_level=None, check_same_thread=False
    )
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(6.0, other.rollback)
    release.start()
    try:
        services.import_job_process(job_id=job.pk)
    finally:
        release.join()
        other.close()
    job.refresh_from_db()
    assert job.status == ImportStatus.READY
    assert job.parsed["header"]["full_ref"] == "15/KH-SNV"


@pytest.mark.django_db
def test_a_reading_left_half_done_by_a_stopped_server_is_read_again(world, settings):
    settings.DANVAN_IMPORT_RUN = "command"
    job, _created = services.import_job_create(
        upload=SimpleUploadedFile("ag.txt", AN_GIANG.read_bytes()), by=world.coordinator
    )
    recent, _created = services.import_job_create(
        upload=SimpleUploadedFile("ag2.txt", AN_GIANG.read_bytes() + b"\n"), by=world.coordinator
    )
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING,
        started_at=now - dt.timedelta(hours=3),
        heartbeat_at=now - dt.timedelta(hours=2),
    )
    # A long OCR reading: started hours ago, but its last page was read a minute ago.
    ImportJob.objects.filter(pk=recent.pk).update(
        status=ImportStatus.RUNNING,
        started_at=now - dt.timedelta(hours=3),
        heartbeat_at=now - dt.timedelta(minutes=1),
    )
    out = io.StringIO()
    call_command("import_jobs_run", stdout=out)
    assert "Đưa lại 1 tệp" in out.getvalue()
    job.refresh_from_db()
    recent.refresh_from_db()
    assert job.status == ImportStatus.READY
    assert recent.status == ImportStatus.RUNNING  # still reading: left alone
    assert job.events.filter(note__contains="gián đoạn").exists()


@pytest.mark.django_db
def test_a_reading_put_back_in_the_queue_cannot_overwrite_the_newer_result(world, settings):
    settings.DANVAN_IMPORT_RUN = "command"
    job, _created = services.import_job_create(
        upload=SimpleUploadedFile("ag.txt", AN_GIANG.read_bytes()), by=world.coordinator
    )
    first = services._claim(job.pk)  # a reader that will be thought dead
    assert first and services._claim(job.pk) is None  # nobody else may take it meanwhile
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=2))
    assert services.import_jobs_requeue_stale(older_than=dt.timedelta(hours=1)) == 1
    again = services.import_job_process(job_id=job.pk)
    assert again is not None and again.status == ImportStatus.READY
    # The first reader wakes up and reports a failure: dropped, the new result stays.
    late = services._fail(job, "Tệp bị hỏng", first)
    assert late.status == ImportStatus.READY and not late.error
    job.refresh_from_db()
    assert job.status == ImportStatus.READY and job.parsed["header"]["full_ref"] == "15/KH-SNV"

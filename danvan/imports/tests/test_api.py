"""The imports API: upload, dedupe, read result, draft plan, registry search and edit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .conftest import SAMPLE

pytestmark = pytest.mark.django_db


def test_upload_read_and_draft_through_the_api(
    client, world, sync_imports, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(
            "/api/v1/imports/jobs", {"file": SimpleUploadedFile("kg.txt", SAMPLE.read_bytes())}
        )
    assert first.status_code == 201
    job_id = first.json()["id"]
    again = client.post(
        "/api/v1/imports/jobs", {"file": SimpleUploadedFile("kg2.txt", SAMPLE.read_bytes())}
    )
    assert (again.status_code, again.json()["id"]) == (200, job_id)
    detail = client.get(f"/api/v1/imports/jobs/{job_id}").json()
    assert detail["status"] == "ready"
    assert detail["result"]["header"]["full_ref"] == "63/KH-UBND"
    drafted = client.post(f"/api/v1/imports/jobs/{job_id}/draft-plan").json()
    assert drafted["status"] == "drafted" and drafted["plan_id"]
    found = client.get("/api/v1/imports/legal-documents", {"q": "1847 THU TUONG"}).json()
    # The decision itself first; then the two documents whose repaired subjects implement
    # "Quyết định số 1847/QĐ-TTg ... của Thủ tướng Chính phủ".
    assert found[0]["full_ref"] == "1847/QĐ-TTg"
    assert {d["full_ref"] for d in found[1:]} == {"319/QĐ-BNV", "103/KH-UBND"}
    patched = client.patch(
        f"/api/v1/imports/legal-documents/{found[0]['id']}",
        {"version": found[0]["version"], "url": "https://vanban.chinhphu.vn/?docid=1"},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["url"].startswith("https://")
    stale = client.patch(
        f"/api/v1/imports/legal-documents/{found[0]['id']}",
        {"version": found[0]["version"], "title": "x"},
        content_type="application/json",
    )
    assert stale.status_code == 409


def test_bad_upload_is_a_structured_422(client, world):
    client.force_login(world.officer_a)
    response = client.post(
        "/api/v1/imports/jobs", {"file": SimpleUploadedFile("a.docx", b"%PDF-1.4 hello")}
    )
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "unreadable" and body["fields"][0]["field"] == "file"

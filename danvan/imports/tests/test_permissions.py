"""Who may do what in the imports app: every role against every action, as HTTP statuses."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from danvan.imports import services
from danvan.plans import services as plan_services

from .conftest import AN_GIANG, SAMPLE

pytestmark = pytest.mark.django_db
ROLES = ("admin", "coordinator", "officer_a", "head_a", "viewer", "liaison", "anonymous")


def _client(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


@pytest.fixture
def jobs(world, sync_imports, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mine, _c = services.import_job_create(
            upload=SimpleUploadedFile("kg.txt", SAMPLE.read_bytes()), by=world.coordinator
        )
        theirs, _c = services.import_job_create(
            upload=SimpleUploadedFile("ag.txt", AN_GIANG.read_bytes()), by=world.officer_a
        )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    return mine, theirs


def review_data(job, **overrides):
    """Return what the review form posts when the user changes nothing but `overrides`."""
    from danvan.imports.forms import ReviewForm

    form = ReviewForm(structure=job.structure, version=job.version)
    data = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    data.update(overrides)
    return data


def _status(client, method, url, data=None):
    response = getattr(client, method)(url, data or {})
    return response.status_code


# Statuses per action, one column per role in ROLES order:
#            admin coordinator officer_a head_a viewer liaison anonymous
TABLE = {
    "list": (200, 200, 200, 200, 200, 200, 302),
    "upload": (403, 302, 302, 403, 403, 403, 302),
    "detail": (200, 200, 404, 404, 404, 404, 302),
    "file": (200, 200, 404, 404, 404, 404, 302),
    "review": (403, 302, 404, 404, 404, 404, 302),
    "make_plan": (403, 302, 404, 404, 404, 404, 302),
    "own_review": (403, 302, 302, 404, 404, 404, 302),
    "own_make_plan": (403, 302, 403, 404, 404, 404, 302),
    "legal_list": (200, 200, 200, 200, 200, 200, 302),
    "legal_edit": (403, 200, 403, 403, 403, 403, 302),
    "draft_citations": (200, 200, 404, 404, 404, 404, 302),
    "issued_citations": (200, 200, 200, 200, 200, 200, 302),
}
EXPECTED = {action: dict(zip(ROLES, row, strict=True)) for action, row in TABLE.items()}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, jobs, role):
    mine, theirs = jobs
    document = services.legal_document_for(
        row={"type": "Chỉ thị", "full_ref": "33/CT-TTg", "number": "33", "symbol": "CT-TTg"},
        by=world.coordinator,
    )
    draft = plan_services.plan_create(
        issuer=world.province, title="Dự thảo", year=2026, by=world.coordinator
    )
    client = _client(world, role)
    review = lambda job: review_data(job, title="Trích yếu đã sửa")  # noqa: E731
    seen = {
        "list": _status(client, "get", reverse("imports:list")),
        "upload": _status(
            client,
            "post",
            reverse("imports:list"),
            {"file": SimpleUploadedFile(f"{role}.txt", f"Kế hoạch của {role} ".encode() * 5)},
        ),
        "detail": _status(client, "get", reverse("imports:detail", args=[mine.pk])),
        "file": _status(client, "get", reverse("imports:file", args=[mine.pk])),
        "review": _status(client, "post", reverse("imports:review", args=[mine.pk]), review(mine)),
        "own_review": _status(
            client, "post", reverse("imports:review", args=[theirs.pk]), review(theirs)
        ),
        "legal_list": _status(client, "get", reverse("imports:legal_list")),
        "legal_edit": _status(client, "get", reverse("imports:legal_edit", args=[document.pk])),
        "draft_citations": _status(
            client, "get", reverse("imports:legal_list") + f"?plan={draft.pk}"
        ),
        "issued_citations": _status(
            client, "get", reverse("imports:legal_list") + f"?plan={world.plan.pk}"
        ),
    }
    mine.refresh_from_db()
    theirs.refresh_from_db()
    seen["make_plan"] = _status(client, "post", reverse("imports:make_plan", args=[mine.pk]))
    seen["own_make_plan"] = _status(client, "post", reverse("imports:make_plan", args=[theirs.pk]))
    expected = {action: statuses[role] for action, statuses in EXPECTED.items()}
    assert seen == expected


def test_anonymous_api_calls_are_refused(world, jobs):
    client = Client()
    assert client.get("/api/v1/imports/jobs").status_code == 401
    assert client.get("/api/v1/imports/legal-documents").status_code == 401


def test_officer_sees_only_own_jobs_in_the_api(world, jobs):
    mine, theirs = jobs
    client = _client(world, "officer_a")
    ids = {j["id"] for j in client.get("/api/v1/imports/jobs").json()}
    assert ids == {theirs.pk}
    assert client.get(f"/api/v1/imports/jobs/{mine.pk}").status_code == 404

"""Who may do what with reform indices: every role × every action, pages and API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from danvan.indices import services
from danvan.indices.models import IndexKind, RemedialLink, SubIndex

from .conftest import PAPI_ROWS, xlsx_bytes

ROLES = ["admin", "coordinator", "officer_a", "head_a", "viewer", "liaison", None]
WRITERS = {"coordinator"}


def client_for(world, role):
    client = Client()
    if role is not None:
        client.force_login(getattr(world, role))
    return client


@pytest.fixture
def setup(world):
    papi = IndexKind.objects.get(code="PAPI")
    record = services.score_import_preview(
        unit=world.province,
        rows=[{"index": "PAPI", "year": 2024, "sub_index": "", "score": "43,5", "rank": 10}],
        by=world.coordinator,
    )
    sub = SubIndex.objects.get(code="PAPI8")
    link = services.remedial_link_add(
        sub_index=sub, unit=world.province, task=world.task, by=world.coordinator
    )
    return {"papi": papi, "record": record, "sub": sub, "link": link}


READ_PAGES = [
    ("indices:home", []),
    ("indices:kind", ["papi"]),
    ("indices:export", ["papi"]),
    ("indices:template", []),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args"), READ_PAGES)
def test_every_signed_in_user_reads_and_anonymous_is_sent_to_login(world, setup, role, name, args):
    response = client_for(world, role).get(reverse(name, args=args))
    if role is None:
        assert response.status_code == 302 and "dang-nhap" in response["Location"]
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordinator_opens_the_write_pages(world, setup, role):
    client = client_for(world, role)
    pages = [
        reverse("indices:import"),
        reverse("indices:import_detail", args=[setup["record"].pk]),
        reverse("indices:import_file", args=[setup["record"].pk]),
        reverse("indices:score_edit", args=["papi"]),
        reverse("indices:link_add", args=["papi"]),
    ]
    for url in pages:
        status = client.get(url).status_code
        if role is None:
            assert status == 302
        elif role in WRITERS:
            # the API-made import has no file to download
            assert status == (404 if url.endswith("/tep/") else 200), url
        else:
            assert status in (403, 404), (role, url, status)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordinator_writes(world, setup, role, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world, role)
    from django.core.files.uploadedfile import SimpleUploadedFile

    attempts = [
        (
            reverse("indices:import"),
            {
                "unit": world.province.pk,
                "file": SimpleUploadedFile("d.xlsx", xlsx_bytes(PAPI_ROWS)),
            },
        ),
        (reverse("indices:import_detail", args=[setup["record"].pk]), {"action": "apply"}),
        (
            reverse("indices:score_edit", args=["papi"]) + f"?tinh={world.province.pk}",
            {"year": 2023, "score": "40,00"},
        ),
        (
            reverse("indices:link_add", args=["papi"]) + f"?tinh={world.province.pk}",
            {"sub_index": setup["sub"].pk, "task": world.task.pk},
        ),
        (reverse("indices:link_remove", args=[setup["link"].pk]), {}),
    ]
    for url, data in attempts:
        status = client.post(url, data).status_code
        if role is None:
            assert status == 302
        elif role in WRITERS:
            assert status in (200, 302), (url, status)
        else:
            assert status in (403, 404), (role, url, status)
    if role not in WRITERS:
        assert RemedialLink.objects.filter(archived_at__isnull=True).count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_api_reads_for_signed_in_users_and_writes_for_the_coordinator(world, setup, role):
    client = client_for(world, role)
    papi = setup["papi"]
    reads = [
        "/api/v1/indices",
        f"/api/v1/indices/{papi.pk}",
        f"/api/v1/indices/{papi.pk}/scores?unit_id={world.province.pk}",
    ]
    for url in reads:
        status = client.get(url).status_code
        assert status == (401 if role is None else 200), (role, url)
    writes = [
        (
            f"/api/v1/indices/{papi.pk}/scores",
            {"unit_id": world.province.pk, "year": 2022, "score": "41,5"},
        ),
        (
            f"/api/v1/indices/{papi.pk}/targets",
            {"unit_id": world.province.pk, "year": 2025, "target_score": "45"},
        ),
        (
            "/api/v1/indices/imports",
            {
                "unit_id": world.province.pk,
                "rows": [{"index": "PAPI", "year": 2023, "score": "42"}],
            },
        ),
        (f"/api/v1/indices/imports/{setup['record'].pk}/confirm", None),
    ]
    for url, body in writes:
        response = client.post(url, body or {}, content_type="application/json")
        expected = {None: 401}.get(role, 200 if role in WRITERS else 403)
        if role in WRITERS and url.endswith("/imports"):
            expected = 201
        if role not in WRITERS and role is not None and "confirm" in url:
            expected = 404  # an import is invisible outside the coordinator
        assert response.status_code == expected, (role, url, response.content[:200])
    status = client.get(f"/api/v1/indices/imports/{setup['record'].pk}").status_code
    assert status == {None: 401, "coordinator": 200}.get(role, 404)

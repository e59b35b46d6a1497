"""The JSON API of the registry: the whole flow, conflicts and structured errors."""

from __future__ import annotations

import json

from .conftest import MODEL, image_upload

API = "/api/v1/emulation"


def _post(client, url, body):
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


def test_model_flow_through_the_api(world, login):
    officer = login(world.officer_a)
    created = _post(officer, f"{API}/models", {**MODEL, "unit_id": world.unit_a.pk})
    assert created.status_code == 201, created.content
    model = created.json()
    assert model["status"] == "draft" and model["unit_name"] == world.unit_a.name
    photo = officer.post(f"{API}/models/{model['id']}/photos", {"photo": image_upload()})
    assert photo.status_code == 201 and photo.json()["content_type"] == "image/jpeg"

    head = login(world.head_a)
    assert head.post(f"{API}/models/{model['id']}/submit").json()["status"] == "registered"

    coord = login(world.coordinator)
    bad = _post(
        coord,
        f"{API}/models/{model['id']}/evaluations",
        {"member_id": world.coordinator.pk, "score": 101},
    )
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "score"
    ok = _post(
        coord,
        f"{API}/models/{model['id']}/evaluations",
        {"member_id": world.coordinator.pk, "score": 84, "comment": "Cách làm hay"},
    )
    assert ok.status_code == 201
    missing = _post(coord, f"{API}/models/{model['id']}/decision", {"recognised": True})
    assert missing.status_code == 422
    assert missing.json()["error"]["fields"][0]["field"] == "level"
    decided = _post(
        coord,
        f"{API}/models/{model['id']}/decision",
        {
            "recognised": True,
            "level": "province",
            "decision_number": "15/QĐ-UBND",
            "decision_date": "2026-06-01",
        },
    )
    assert decided.status_code == 200 and decided.json()["status"] == "recognised"
    assert decided.json()["average_score"] == 84.0

    showcase = login(world.officer_b).get(f"{API}/showcase", {"q": "cho phien"}).json()
    assert [m["id"] for m in showcase] == [model["id"]]
    assert showcase[0]["photos"][0]["url"].startswith("/dan-van-kheo/anh/")

    rep = _post(
        login(world.officer_b),
        f"{API}/models/{model['id']}/replications",
        {"unit_id": world.unit_b.pk, "applied_on": "2026-05-01"},
    )
    assert rep.status_code == 201 and rep.json()["unit_name"] == world.unit_b.name
    detail = login(world.viewer).get(f"{API}/showcase/{model['id']}").json()
    assert detail["replication_units"] == [world.unit_b.name]


def test_stale_patch_is_a_409(world, login, draft):
    client = login(world.officer_a)
    url = f"{API}/models/{draft.pk}"
    first = client.patch(
        url, json.dumps({"version": draft.version, "title": "Một"}), "application/json"
    )
    assert first.status_code == 200
    second = client.patch(
        url, json.dumps({"version": draft.version, "title": "Hai"}), "application/json"
    )
    assert second.status_code == 409 and second.json()["error"]["code"] == "conflict"


def test_fake_image_upload_is_a_422_naming_the_photo(world, login, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00" * 50, "image/jpeg")
    response = login(world.officer_a).post(f"{API}/models/{draft.pk}/photos", {"photo": fake})
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "photo"


def test_statistics_api_counts(world, login, recognised):
    body = login(world.viewer).get(f"{API}/statistics", {"year": 2026}).json()
    assert (body["registered"], body["recognised"]) == (1, 1)
    assert {r["value"]: r["recognised"] for r in body["by_level"]}["province"] == 1


def test_unknown_unit_is_a_422(world, login):
    response = _post(login(world.officer_a), f"{API}/models", {**MODEL, "unit_id": 999999})
    assert response.status_code == 422 and response.json()["error"]["code"] == "unknown_unit"

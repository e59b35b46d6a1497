"""The indices API: reading results, entering scores, previewing and confirming imports."""

from __future__ import annotations

from django.test import Client

from danvan.indices.models import IndexKind, IndexScore


def api(world, user="coordinator"):
    client = Client()
    client.force_login(getattr(world, user))
    return client


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_preview_then_confirm_applies_rows_and_reports_statuses(world):
    client = api(world)
    rows = [
        {"index": "PAPI", "year": 2023, "score": "43,52", "rank": 20},
        {"index": "PAPI", "year": 2023, "sub_index": "Quản trị điện tử", "score": "3,49"},
        {"index": "PAPI", "year": 2023, "sub_index": "Không có", "score": "1"},
    ]
    preview = post(client, "/api/v1/indices/imports", {"unit_id": world.province.pk, "rows": rows})
    assert preview.status_code == 201
    body = preview.json()
    assert [r["status"] for r in body["rows"]] == ["new", "new", "error"]
    refused = post(client, f"/api/v1/indices/imports/{body['id']}/confirm", {})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "import_has_errors"
    assert not IndexScore.objects.exists()
    good = post(
        client, "/api/v1/indices/imports", {"unit_id": world.province.pk, "rows": rows[:2]}
    ).json()
    done = post(client, f"/api/v1/indices/imports/{good['id']}/confirm", {})
    assert done.status_code == 200 and done.json()["status"] == "applied"
    papi = IndexKind.objects.get(code="PAPI")
    scores = client.get(f"/api/v1/indices/{papi.pk}/scores?unit_id={world.province.pk}").json()
    [year] = scores["years"]
    assert year["score"] == "43.52" and year["national_rank"] == 20
    assert year["sub_scores"] == [
        {"code": "PAPI8", "name": "Quản trị điện tử", "score": "3.49", "national_rank": None}
    ]


def test_manual_score_and_target_through_the_api(world):
    client = api(world)
    papi = IndexKind.objects.get(code="PAPI")
    saved = post(
        client,
        f"/api/v1/indices/{papi.pk}/scores",
        {
            "unit_id": world.province.pk,
            "year": 2024,
            "score": "44,10",
            "national_rank": 15,
            "sub_scores": {"PAPI1": "5,2"},
        },
    )
    assert saved.status_code == 200, saved.content
    post(
        client,
        f"/api/v1/indices/{papi.pk}/targets",
        {"unit_id": world.province.pk, "year": 2024, "target_score": "45"},
    )
    year = client.get(f"/api/v1/indices/{papi.pk}/scores").json()["years"][0]
    assert (year["score"], year["target_score"], year["source"]) == ("44.10", "45.00", "manual")


def test_bad_scores_are_422_naming_the_field(world):
    client = api(world)
    papi = IndexKind.objects.get(code="PAPI")
    for body, field in [
        ({"unit_id": world.province.pk, "year": 2024, "score": "90"}, "score"),
        ({"unit_id": world.province.pk, "year": 2024, "score": "abc"}, "score"),
        ({"unit_id": world.province.pk, "year": 2024, "sub_scores": {"XX": "1"}}, "sub_scores"),
        ({"unit_id": world.unit_a.pk, "year": 2024, "score": "40"}, "unit_id"),
    ]:
        response = post(client, f"/api/v1/indices/{papi.pk}/scores", body)
        assert response.status_code == 422, body
        assert [f["field"] for f in response.json()["error"]["fields"]] == [field]


def test_remedial_links_through_the_api(world):
    client = api(world)
    papi = IndexKind.objects.get(code="PAPI")
    url = f"/api/v1/indices/{papi.pk}/remedial-links"
    body = {"unit_id": world.province.pk, "sub_index_code": "papi8", "task_id": world.task.pk}
    made = post(client, url, body)
    assert made.status_code == 201
    [link] = made.json()
    assert (link["sub_index_code"], link["task_code"], link["units"]) == ("PAPI8", "II.3.1", 2)
    assert post(client, url, body).status_code == 422  # already linked
    viewer = api(world, "viewer")
    assert viewer.get(url + f"?unit_id={world.province.pk}").json()[0]["id"] == link["id"]
    assert (
        post(viewer, f"/api/v1/indices/remedial-links/{link['id']}/remove", {}).status_code == 403
    )
    assert (
        post(client, f"/api/v1/indices/remedial-links/{link['id']}/remove", {}).status_code == 200
    )
    assert client.get(url).json() == []

"""The petitions API: intake, transitions with their deadlines, errors as JSON."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.petitions.models import Case

from .conftest import DENOUNCER

D = dt.date
pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_receive_then_walk_the_workflow(world, client, freeze):
    freeze(D(2026, 3, 2))
    client.force_login(world.officer_a)
    response = _post(
        client,
        "/api/v1/petitions",
        {
            "unit_id": world.unit_a.pk,
            "channel": "national",
            "content": "Tố cáo cán bộ thuế gây phiền hà.",
            "kind_hint": "denunciation",
            "submitter": {"name": DENOUNCER["name"], "id_number": DENOUNCER["id_number"]},
            "source_reference": "PAKN-2026-0001",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["secret"] and body["case"]["tracking_code"].startswith("DV-")
    assert DENOUNCER["name"] not in response.content.decode()
    case_id = body["case"]["id"]
    url = f"/api/v1/petitions/{case_id}/transitions"
    steps = [
        {"action": "classify", "kind": "denunciation", "competence": "own"},
        {"action": "accept", "number": "3/TB"},
        {"action": "assign_handler", "handler_id": world.officer_a.pk},
    ]
    for step in steps:
        response = _post(client, url, step)
        assert response.status_code == 200, response.content
    detail = response.json()
    assert detail["status"] == "verifying"
    resolve = [d for d in detail["deadlines"] if d["step"] == "resolve" and d["current"]]
    assert resolve[0]["rule_code"] == "denunciation-resolve"
    assert resolve[0]["basis"].startswith("Điều 30 Luật Tố cáo 2018")
    assert detail["current_due"] == min(
        d["due"] for d in detail["deadlines"] if d["current"] and not d["met_at"]
    )
    assert DENOUNCER["name"] not in response.content.decode()


def test_errors_are_structured(world, client):
    client.force_login(world.officer_a)
    response = _post(
        client,
        "/api/v1/petitions",
        {"unit_id": world.unit_a.pk, "channel": "desk", "content": "x", "submitter": {}},
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "name"
    assert not Case.objects.exists()
    response = _post(
        client,
        "/api/v1/petitions",
        {"unit_id": world.unit_a.pk, "channel": "portal", "content": "x", "submitter": {}},
    )
    assert response.status_code == 422  # the portal is not a staff channel


def test_illegal_transition_is_a_422_with_its_code(world, client, receive):
    case, _ = receive()
    client.force_login(world.officer_a)
    response = _post(client, f"/api/v1/petitions/{case.pk}/transitions", {"action": "close"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_transition"
    response = _post(
        client,
        f"/api/v1/petitions/{case.pk}/transitions",
        {"action": "classify", "kind": "complaint"},
    )
    assert response.json()["error"]["fields"][0]["field"] == "competence"


def test_stale_version_is_a_409(world, client, receive):
    case, _ = receive()
    client.force_login(world.officer_a)
    response = _post(
        client,
        f"/api/v1/petitions/{case.pk}/transitions",
        {"action": "withdraw", "version": case.version + 5},
    )
    assert response.status_code == 409

"""The consultation API: reads by role, comments, moderation, answers, errors."""

from __future__ import annotations

import pytest
from django.test import Client

from danvan.consultations import services

API = "/api/v1/consultations"


def _json(client, method, url, data=None):
    return getattr(client, method)(url, data, content_type="application/json")


@pytest.fixture
def commented(world, open_consultation):
    comment = services.comment_submit_user(
        consultation=open_consultation,
        section=open_consultation.sections.first(),
        body="Ý kiến qua API",
        by=world.head_b,
    )
    return open_consultation, comment


def test_anonymous_is_refused(world, open_consultation):
    assert Client().get(API).status_code == 401


def test_create_open_and_read_through_the_api(world, login, clock):
    client = login(world.officer_a)
    made = _json(
        client,
        "post",
        API,
        {
            "unit_id": world.unit_a.pk,
            "kind": "plan",
            "title": "Dự thảo kế hoạch qua API",
            "opens_on": "2026-04-02",
            "closes_on": "2026-04-15",
        },
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["closes_at"].startswith("2026-04-16T00:00:00")
    assert _json(client, "post", f"{API}/{pk}/open").json()["error"]["code"] == "no_sections"
    section = _json(client, "post", f"{API}/{pk}/sections", {"heading": "Điều 1"})
    assert section.status_code == 201
    assert _json(client, "post", f"{API}/{pk}/open").json()["status"] == "open"
    detail = login(world.officer_b).get(f"{API}/{pk}").json()
    assert detail["sections"][0]["heading"] == "Điều 1"


def test_other_unit_cannot_read_a_draft(world, draft, login):
    assert login(world.officer_b).get(f"{API}/{draft.pk}").status_code == 404
    assert login(world.coordinator).get(f"{API}/{draft.pk}").status_code == 200
    ids = [c["id"] for c in login(world.officer_b).get(API).json()]
    assert draft.pk not in ids


def test_contacts_only_for_the_owning_unit(world, commented, login):
    consultation, comment = commented
    mine = login(world.officer_a).get(f"{API}/{consultation.pk}/comments").json()
    assert mine[0]["email"] == world.head_b.email
    theirs = login(world.viewer).get(f"{API}/{consultation.pk}/comments").json()
    assert theirs[0]["email"] is None
    assert login(world.officer_b).get(f"{API}/{consultation.pk}/comments").json() == []


def test_moderate_and_answer(world, commented, login):
    consultation, comment = commented
    officer = login(world.officer_a)
    refused = _json(
        officer, "post", f"{API}/comments/{comment.pk}/moderation", {"decision": "reject"}
    )
    assert refused.status_code == 422 and refused.json()["error"]["fields"][0]["field"] == "reason"
    stranger = Client()
    stranger.force_login(world.officer_b)
    other = _json(
        stranger,
        "post",
        f"{API}/comments/{comment.pk}/moderation",
        {"decision": "approve"},
    )
    assert other.status_code == 404  # a pending comment of another unit stays invisible
    officer = login(world.officer_a)
    ok = _json(officer, "post", f"{API}/comments/{comment.pk}/moderation", {"decision": "approve"})
    assert ok.json()["status"] == "approved"
    closed = _json(officer, "post", f"{API}/{consultation.pk}/close", {})
    assert closed.status_code == 422 and closed.json()["error"]["fields"][0]["field"] == "reason"
    _json(officer, "post", f"{API}/{consultation.pk}/close", {"reason": "Đủ ý kiến"})
    incomplete = _json(officer, "post", f"{API}/{consultation.pk}/summarise")
    assert incomplete.json()["error"]["code"] == "summary_incomplete"
    assert comment.code in incomplete.json()["error"]["message"]
    answered = _json(
        officer,
        "put",
        f"{API}/comments/{comment.pk}/answer",
        {"answer_kind": "partial", "answer_text": "Tiếp thu một phần"},
    )
    assert answered.json()["answer_kind"] == "partial"
    assert (
        _json(officer, "post", f"{API}/{consultation.pk}/summarise").json()["status"]
        == "summarised"
    )
    assert _json(officer, "post", f"{API}/{consultation.pk}/publish").status_code == 403


def test_signed_in_comment_for_a_unit_they_do_not_belong_to(world, open_consultation, login):
    response = _json(
        login(world.officer_b),
        "post",
        f"{API}/{open_consultation.pk}/comments",
        {"body": "Ý kiến", "organisation_id": world.unit_a.pk},
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "organisation"

"""Who may do what on the Front's recommendations: every role against every action.

A 404 means the caller must not even learn that the recommendation exists; a 403 means they
may see it but not do that. Pages answer an anonymous visitor with the login redirect (302).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from conftest import make_user
from danvan.front import services
from danvan.front.models import Recommendation
from danvan.orgs import services as orgs

from .conftest import file_one, pdf

API = "/api/v1/front-recommendations"
ROLES = (
    "admin",
    "coordinator",
    "officer_a",
    "head_a",
    "officer_b",
    "head_b",
    "viewer",
    "liaison",
    "anonymous",
)

# fmt: off
# Rows: actions; columns: roles. The recommendation is assigned to unit A unless the action says
# "filed" (not assigned yet), "answered", "satisfied" or "published".
EXPECTED: dict[str, tuple[int, ...]] = {
    #                             admin coord  off_a head_a off_b head_b viewer liais  anon
    "api_list":                  (200,  200,   200,  200,   200,  200,   200,   200,   401),
    "api_stats":                 (200,  200,   200,  200,   200,  200,   200,   200,   401),
    "api_read_filed":            (200,  200,   404,  404,   404,  404,   200,   200,   401),
    "api_read_assigned":         (200,  200,   200,  200,   404,  404,   200,   200,   401),
    "api_file":                  (403,  403,   403,  403,   403,  403,   403,   201,   401),
    "api_assign_filed":          (403,  200,   404,  404,   404,  404,   403,   403,   401),
    "api_answer":                (403,  403,   201,  201,   404,  404,   403,   403,   401),
    "api_assess_answered":       (403,  403,   403,  403,   404,  404,   403,   200,   401),
    "api_consent_front":         (403,  403,   403,  403,   404,  404,   403,   200,   401),
    "api_consent_unit":          (403,  403,   403,  200,   404,  404,   403,   403,   401),
    "api_withdraw":              (403,  403,   403,  403,   404,  404,   403,   200,   401),
    "page_list":                 (200,  200,   200,  200,   200,  200,   200,   200,   302),
    "page_export":               (200,  200,   200,  200,   200,  200,   200,   200,   302),
    "page_detail":               (200,  200,   200,  200,   404,  404,   200,   200,   302),
    "page_create":               (403,  403,   403,  403,   403,  403,   403,   200,   302),
    "page_assign_filed":         (403,  200,   404,  404,   404,  404,   403,   403,   302),
    "page_answer":               (403,  403,   200,  200,   404,  404,   403,   403,   302),
    "page_assess_answered":      (403,  403,   403,  403,   404,  404,   403,   200,   302),
    "page_consent_unit":         (403,  403,   403,  302,   404,  404,   403,   403,   302),
    "page_withdraw":             (403,  403,   403,  403,   404,  404,   403,   200,   302),
    "download_answer_file":      (200,  200,   200,  200,   404,  404,   200,   200,   302),
    "public_published":          (200,  200,   200,  200,   200,  200,   200,   200,   200),
    "public_not_published":      (404,  404,   404,  404,   404,  404,   404,   404,   404),
}
# fmt: on


def _assigned(w: Any) -> Recommendation:
    rec = file_one(w)
    return services.recommendation_assign(
        recommendation=rec,
        unit=w.unit_a,
        due_on=dt.date(2026, 7, 15),
        expected_version=rec.version,
        by=w.coordinator,
    )


def _answered(w: Any) -> Recommendation:
    rec = _assigned(w)
    services.recommendation_answer(
        recommendation=rec,
        text="Trả lời",
        documents=[pdf()],
        expected_version=rec.version,
        by=w.officer_a,
    )
    return Recommendation.objects.get(pk=rec.pk)


def _satisfied(w: Any) -> Recommendation:
    rec = _answered(w)
    return services.recommendation_assess(
        recommendation=rec, satisfied=True, comment="", expected_version=rec.version, by=w.liaison
    )


def _published(w: Any) -> Recommendation:
    rec = _satisfied(w)
    for side, by in (("front", w.liaison), ("unit", w.head_a)):
        rec = services.recommendation_publish_consent(
            recommendation=rec, side=side, consent=True, expected_version=rec.version, by=by
        )
    return rec


def _json(client: Client, method: str, url: str, body: Any = None) -> HttpResponse:
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data, content_type="application/json")


def _file_body(w: Any) -> dict[str, Any]:
    return {
        "organisation_id": w.front.pk,
        "title": "Kiến nghị mới",
        "content": "Nội dung",
        "source_kind": "voter_meeting",
        "source_name": "Tiếp xúc cử tri",
        "source_date": "2026-06-01",
    }


Action = Callable[[Client, Any], HttpResponse]

ACTIONS: dict[str, Action] = {
    "api_list": lambda c, w: (_assigned(w), c.get(API))[1],
    "api_stats": lambda c, w: c.get(f"{API}/stats"),
    "api_read_filed": lambda c, w: c.get(f"{API}/{file_one(w).pk}"),
    "api_read_assigned": lambda c, w: c.get(f"{API}/{_assigned(w).pk}"),
    "api_file": lambda c, w: _json(c, "POST", API, _file_body(w)),
    "api_assign_filed": lambda c, w: (
        lambda r: _json(
            c,
            "POST",
            f"{API}/{r.pk}/assign",
            {"unit_id": w.unit_b.pk, "due_on": "2026-07-30", "version": r.version},
        )
    )(file_one(w)),
    "api_answer": lambda c, w: (
        lambda r: c.post(
            f"{API}/{r.pk}/answer",
            {"text": "Trả lời", "version": r.version, "documents": [pdf()]},
        )
    )(_assigned(w)),
    "api_assess_answered": lambda c, w: (
        lambda r: _json(
            c, "POST", f"{API}/{r.pk}/assess", {"satisfied": True, "version": r.version}
        )
    )(_answered(w)),
    "api_consent_front": lambda c, w: (
        lambda r: _json(c, "POST", f"{API}/{r.pk}/consent", {"side": "front", "version": r.version})
    )(_satisfied(w)),
    "api_consent_unit": lambda c, w: (
        lambda r: _json(c, "POST", f"{API}/{r.pk}/consent", {"side": "unit", "version": r.version})
    )(_satisfied(w)),
    "api_withdraw": lambda c, w: (
        lambda r: _json(
            c, "POST", f"{API}/{r.pk}/withdraw", {"reason": "Đã khắc phục", "version": r.version}
        )
    )(_assigned(w)),
    "page_list": lambda c, w: (_assigned(w), c.get(reverse("front:list")))[1],
    "page_export": lambda c, w: (_assigned(w), c.get(reverse("front:list") + "?xuat=csv"))[1],
    "page_detail": lambda c, w: c.get(reverse("front:detail", args=[_assigned(w).pk])),
    "page_create": lambda c, w: c.get(reverse("front:create")),
    "page_assign_filed": lambda c, w: c.get(reverse("front:assign", args=[file_one(w).pk])),
    "page_answer": lambda c, w: c.get(reverse("front:answer", args=[_assigned(w).pk])),
    "page_assess_answered": lambda c, w: c.get(reverse("front:assess", args=[_answered(w).pk])),
    "page_consent_unit": lambda c, w: (
        lambda r: c.post(
            reverse("front:consent", args=[r.pk]),
            {"side": "unit", "consent": "yes", "version": r.version},
        )
    )(_satisfied(w)),
    "page_withdraw": lambda c, w: c.get(reverse("front:withdraw", args=[_assigned(w).pk])),
    "download_answer_file": lambda c, w: c.get(
        reverse("front:file", args=[_answered(w).answers.get().files.get().pk])
    ),
    "public_published": lambda c, w: c.get(reverse("front:public_detail", args=[_published(w).pk])),
    "public_not_published": lambda c, w: c.get(
        reverse("front:public_detail", args=[_satisfied(w).pk])
    ),
}

CELLS = [
    (action, role, expected)
    for action, row in EXPECTED.items()
    for role, expected in zip(ROLES, row, strict=True)
]


def client_for(world: Any, role: str) -> Client:
    """Return a test client signed in as `role` (or not signed in for "anonymous")."""
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def test_the_matrix_covers_every_action_and_every_role():
    assert set(EXPECTED) == set(ACTIONS)
    assert all(len(row) == len(ROLES) for row in EXPECTED.values())


@pytest.mark.parametrize(("action", "role", "expected"), CELLS)
def test_permission_matrix(world, today, action, role, expected):
    response = ACTIONS[action](client_for(world, role), world)
    assert response.status_code == expected, response.content[:300]


@pytest.mark.parametrize("role", ["officer_b", "head_b"])
def test_other_unit_list_and_stats_show_nothing_of_unit_a(world, today, role):
    _assigned(world)
    client = client_for(world, role)
    assert client.get(API).json()["count"] == 0
    assert client.get(f"{API}/stats").json()["total"]["received"] == 0
    page = client.get(reverse("front:list"))
    assert page.context["page"].paginator.count == 0
    assert "Kiến nghị về giải quyết" not in page.content.decode()
    export = client.get(reverse("front:list") + "?xuat=csv").content.decode("utf-8-sig")
    assert "Kiến nghị về giải quyết" not in export


def test_liaison_of_another_front_organisation_sees_nothing(world, today):
    farmers = orgs.unit_create(code="T-HND", name="Hội Nông dân tỉnh", kind="front", by=world.admin)
    other = make_user("lienlac_hnd")
    orgs.role_grant(user=other, unit=farmers, role="front_liaison", by=world.admin)
    rec = _answered(world)
    client = Client()
    client.force_login(other)
    assert client.get(f"{API}/{rec.pk}").status_code == 404
    assert client.get(API).json()["count"] == 0
    assess = {"satisfied": True, "version": rec.version}
    assert _json(client, "POST", f"{API}/{rec.pk}/assess", assess).status_code == 404


def test_refused_writes_change_nothing(world, today):
    rec = _answered(world)
    before = (rec.status, rec.version)
    for role in ("admin", "coordinator", "officer_a", "officer_b", "viewer", "anonymous"):
        client = client_for(world, role)
        _json(client, "POST", f"{API}/{rec.pk}/assess", {"satisfied": True, "version": rec.version})
    rec.refresh_from_db()
    assert (rec.status, rec.version) == before
    assert rec.answers.get().assessment == ""


def test_public_list_shows_only_published_and_no_person_names(world, today):
    published = _published(world)
    world.officer_a.first_name, world.officer_a.last_name = "Khoa", "Lê Minh"
    world.officer_a.save()
    _assigned(world)
    response = Client().get(reverse("front:public_list"))
    assert [r.pk for r in response.context["page"].object_list] == [published.pk]
    detail = Client().get(reverse("front:public_detail", args=[published.pk])).content.decode()
    assert "Lê Minh Khoa" not in detail and "canbo_a" not in detail and "mattran" not in detail
    assert "/kien-nghi-mat-tran/tep/" not in detail

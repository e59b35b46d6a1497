"""Who may do what in the registry, cell by cell: every role against every action.

Through the JSON API and the pages. A 404 means the caller must not learn that the record
exists; a 403 that they may see it but not do that; 302 sends an anonymous visitor to sign in.
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

from danvan.emulation import services

from .conftest import EXEMPLAR, MODEL, image_upload

API = "/api/v1/emulation"
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
# The models and exemplars belong to unit A (officer_a, head_a); officer_b and head_b work in
# unit B. Drafts stay inside unit A; province-wide readers see a model once registered.
EXPECTED: dict[str, tuple[int, ...]] = {
    #                                 admin coord  off_a head_a off_b head_b viewer liais  anon
    "read_draft_model":             (404,  404,   200,  200,   404,  404,   404,   404,   401),
    "read_registered_model":        (200,  200,   200,  200,   404,  404,   200,   404,   401),
    "read_recognised_model":        (200,  200,   200,  200,   200,  200,   200,   200,   401),
    "list_models":                  (200,  200,   200,  200,   200,  200,   200,   200,   401),
    "create_model_for_unit_a":      (403,  403,   201,  201,   403,  403,   403,   403,   401),
    "patch_draft_model":            (404,  404,   200,  200,   404,  404,   404,   404,   401),
    "patch_registered_model":       (403,  403,   403,  403,   404,  404,   403,   404,   401),
    "upload_photo_to_draft":        (404,  404,   201,  201,   404,  404,   404,   404,   401),
    "submit_draft_model":           (404,  404,   403,  200,   404,  404,   404,   404,   401),
    "return_registered_model":      (403,  200,   403,  403,   404,  404,   403,   404,   401),
    "evaluate_registered_model":    (403,  201,   403,  403,   404,  404,   403,   404,   401),
    "decide_evaluated_model":       (403,  200,   403,  403,   404,  404,   403,   404,   401),
    "archive_draft_model":          (404,  404,   200,  200,   404,  404,   404,   404,   401),
    "archive_registered_model":     (403,  200,   403,  403,   404,  404,   403,   404,   401),
    "replicate_for_unit_b":         (403,  403,   403,  403,   201,  201,   403,   403,   401),
    "replicate_for_own_unit_a":     (403,  403,   422,  422,   403,  403,   403,   403,   401),
    "statistics":                   (200,  200,   200,  200,   200,  200,   200,   200,   401),
    "showcase_api":                 (200,  200,   200,  200,   200,  200,   200,   200,   401),
    "read_proposed_exemplar":       (200,  200,   200,  200,   404,  404,   200,   404,   401),
    "create_exemplar_for_unit_a":   (403,  403,   201,  201,   403,  403,   403,   403,   401),
    "submit_draft_exemplar":        (404,  404,   403,  200,   404,  404,   404,   404,   401),
    "evaluate_proposed_exemplar":   (403,  201,   403,  403,   404,  404,   403,   404,   401),
    "decide_evaluated_exemplar":    (403,  200,   403,  403,   404,  404,   403,   404,   401),
    # Pages.
    "page_list":                    (200,  200,   200,  200,   200,  200,   200,   200,   302),
    "page_create":                  (403,  403,   200,  200,   200,  200,   403,   403,   302),
    "page_draft_detail":            (404,  404,   200,  200,   404,  404,   404,   404,   302),
    "page_evaluate_registered":     (403,  200,   403,  403,   404,  404,   403,   404,   302),
    "page_replicate_recognised":    (403,  403,   403,  403,   200,  200,   403,   403,   302),
    "page_showcase":                (200,  200,   200,  200,   200,  200,   200,   200,   200),
    "page_showcase_recognised":     (200,  200,   200,  200,   200,  200,   200,   200,   200),
    "page_showcase_registered":     (404,  404,   404,  404,   404,  404,   404,   404,   404),
    "page_photo_of_recognised":     (200,  200,   200,  200,   200,  200,   200,   200,   200),
    "page_photo_of_draft":          (404,  404,   200,  200,   404,  404,   404,   404,   404),
    "page_exemplar_list":           (200,  200,   200,  200,   200,  200,   200,   200,   302),
}
# fmt: on


def draft(w: Any) -> Any:
    return services.model_create(unit=w.unit_a, by=w.officer_a, **MODEL)


def registered(w: Any) -> Any:
    return services.model_submit(model=draft(w), by=w.head_a)


def evaluated(w: Any) -> Any:
    model = registered(w)
    services.model_evaluate(model=model, member=w.coordinator, score=75, by=w.coordinator)
    model.refresh_from_db()
    return model


def recognised(w: Any) -> Any:
    return services.model_decide(
        model=evaluated(w),
        recognised=True,
        level="province",
        decision_number="7/QĐ-UBND",
        decision_date=dt.date(2026, 6, 1),
        by=w.coordinator,
    )


def exemplar(w: Any) -> Any:
    return services.exemplar_create(unit=w.unit_a, by=w.officer_a, **EXEMPLAR)


def proposed(w: Any) -> Any:
    return services.exemplar_submit(exemplar=exemplar(w), by=w.head_a)


def evaluated_exemplar(w: Any) -> Any:
    item = proposed(w)
    services.exemplar_evaluate(exemplar=item, member=w.coordinator, score=95, by=w.coordinator)
    item.refresh_from_db()
    return item


def photo_of(w: Any, model: Any) -> Any:
    if model.status != "draft":
        # Photos are added while drafting; give the model one through its history.
        raise AssertionError("photos are added to drafts")
    return services.photo_add(model=model, upload=image_upload(), by=w.officer_a)


def recognised_with_photo(w: Any) -> Any:
    model = draft(w)
    photo = photo_of(w, model)
    model = services.model_submit(model=model, by=w.head_a)
    services.model_evaluate(model=model, member=w.coordinator, score=75, by=w.coordinator)
    model.refresh_from_db()
    services.model_decide(
        model=model,
        recognised=True,
        level="province",
        decision_number="8/QĐ-UBND",
        decision_date=dt.date(2026, 6, 1),
        by=w.coordinator,
    )
    return photo


def _json(client: Client, method: str, url: str, body: Any = None) -> HttpResponse:
    data = json.dumps(body, default=str) if body is not None else ""
    return client.generic(method, url, data, content_type="application/json")


MODEL_BODY = {**MODEL, "started_on": "2026-02-01"}
EXEMPLAR_BODY = {**EXEMPLAR, "date_of_birth": "1980-05-02"}
DECISION = {
    "recognised": True,
    "level": "province",
    "decision_number": "9/QĐ-UBND",
    "decision_date": "2026-06-10",
}

Action = Callable[[Client, Any], HttpResponse]

ACTIONS: dict[str, Action] = {
    "read_draft_model": lambda c, w: c.get(f"{API}/models/{draft(w).pk}"),
    "read_registered_model": lambda c, w: c.get(f"{API}/models/{registered(w).pk}"),
    "read_recognised_model": lambda c, w: c.get(f"{API}/models/{recognised(w).pk}"),
    "list_models": lambda c, w: c.get(f"{API}/models"),
    "create_model_for_unit_a": lambda c, w: _json(
        c, "POST", f"{API}/models", {**MODEL_BODY, "unit_id": w.unit_a.pk}
    ),
    "patch_draft_model": lambda c, w: (
        lambda m: _json(c, "PATCH", f"{API}/models/{m.pk}", {"version": m.version, "title": "X"})
    )(draft(w)),
    "patch_registered_model": lambda c, w: (
        lambda m: _json(c, "PATCH", f"{API}/models/{m.pk}", {"version": m.version, "title": "X"})
    )(registered(w)),
    "upload_photo_to_draft": lambda c, w: c.post(
        f"{API}/models/{draft(w).pk}/photos", {"caption": "Ảnh", "photo": image_upload()}
    ),
    "submit_draft_model": lambda c, w: c.post(f"{API}/models/{draft(w).pk}/submit"),
    "return_registered_model": lambda c, w: _json(
        c, "POST", f"{API}/models/{registered(w).pk}/return", {"comment": "Bổ sung ảnh"}
    ),
    "evaluate_registered_model": lambda c, w: _json(
        c,
        "POST",
        f"{API}/models/{registered(w).pk}/evaluations",
        {"member_id": w.coordinator.pk, "score": 80},
    ),
    "decide_evaluated_model": lambda c, w: _json(
        c, "POST", f"{API}/models/{evaluated(w).pk}/decision", DECISION
    ),
    "archive_draft_model": lambda c, w: c.post(f"{API}/models/{draft(w).pk}/archive"),
    "archive_registered_model": lambda c, w: c.post(f"{API}/models/{registered(w).pk}/archive"),
    "replicate_for_unit_b": lambda c, w: _json(
        c,
        "POST",
        f"{API}/models/{recognised(w).pk}/replications",
        {"unit_id": w.unit_b.pk, "applied_on": "2026-05-01"},
    ),
    "replicate_for_own_unit_a": lambda c, w: _json(
        c,
        "POST",
        f"{API}/models/{recognised(w).pk}/replications",
        {"unit_id": w.unit_a.pk, "applied_on": "2026-05-01"},
    ),
    "statistics": lambda c, w: c.get(f"{API}/statistics", {"year": 2026}),
    "showcase_api": lambda c, w: c.get(f"{API}/showcase"),
    "read_proposed_exemplar": lambda c, w: c.get(f"{API}/exemplars/{proposed(w).pk}"),
    "create_exemplar_for_unit_a": lambda c, w: _json(
        c, "POST", f"{API}/exemplars", {**EXEMPLAR_BODY, "unit_id": w.unit_a.pk}
    ),
    "submit_draft_exemplar": lambda c, w: c.post(f"{API}/exemplars/{exemplar(w).pk}/submit"),
    "evaluate_proposed_exemplar": lambda c, w: _json(
        c,
        "POST",
        f"{API}/exemplars/{proposed(w).pk}/evaluations",
        {"member_id": w.coordinator.pk, "score": 90},
    ),
    "decide_evaluated_exemplar": lambda c, w: _json(
        c, "POST", f"{API}/exemplars/{evaluated_exemplar(w).pk}/decision", DECISION
    ),
    "page_list": lambda c, w: c.get(reverse("emulation:list")),
    "page_create": lambda c, w: c.get(reverse("emulation:create")),
    "page_draft_detail": lambda c, w: c.get(reverse("emulation:detail", args=[draft(w).pk])),
    "page_evaluate_registered": lambda c, w: c.get(
        reverse("emulation:evaluate", args=[registered(w).pk])
    ),
    "page_replicate_recognised": lambda c, w: c.get(
        reverse("emulation:replicate", args=[recognised(w).pk])
    ),
    "page_showcase": lambda c, w: c.get(reverse("emulation:showcase")),
    "page_showcase_recognised": lambda c, w: c.get(
        reverse("emulation:showcase_detail", args=[recognised(w).pk])
    ),
    "page_showcase_registered": lambda c, w: c.get(
        reverse("emulation:showcase_detail", args=[registered(w).pk])
    ),
    "page_photo_of_recognised": lambda c, w: c.get(
        reverse("emulation:photo", args=[recognised_with_photo(w).pk])
    ),
    "page_photo_of_draft": lambda c, w: c.get(
        reverse("emulation:photo", args=[photo_of(w, draft(w)).pk])
    ),
    "page_exemplar_list": lambda c, w: c.get(reverse("emulation:exemplars")),
}


def client_for(world: Any, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def test_the_matrix_covers_every_action_and_every_role():
    assert set(EXPECTED) == set(ACTIONS)
    assert all(len(row) == len(ROLES) for row in EXPECTED.values())


CELLS = [
    pytest.param(action, role, status, id=f"{action}-{role}")
    for action, row in EXPECTED.items()
    for role, status in zip(ROLES, row, strict=True)
]


@pytest.mark.parametrize(("action", "role", "expected"), CELLS)
def test_permission_matrix(world, action, role, expected):
    response = ACTIONS[action](client_for(world, role), world)
    assert response.status_code == expected, (
        f"{role} → {action}: expected {expected}, got {response.status_code}: "
        f"{getattr(response, 'content', b'')[:300]!r}"
    )
    if expected >= 400 and action.split("_")[0] != "page":
        assert response.json()["error"]["code"]


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("officer_a", True),
        ("head_a", True),
        ("coordinator", True),
        ("admin", False),
        ("viewer", False),
    ],
)
def test_exemplar_personal_data_in_the_api(world, role, sees):
    item = proposed(world)
    body = client_for(world, role).get(f"{API}/exemplars/{item.pk}").json()
    assert (body["id_number"] == EXEMPLAR["id_number"]) is sees
    assert (body["phone"] is not None) is sees
    listed = client_for(world, role).get(f"{API}/exemplars").json()
    assert (listed[0]["id_number"] is not None) is sees


def test_other_units_list_only_recognised_models_of_unit_a(world):
    registered(world)
    done = recognised(world)
    rows = client_for(world, "officer_b").get(f"{API}/models").json()
    assert [r["id"] for r in rows] == [done.pk]
    rows = client_for(world, "viewer").get(f"{API}/models").json()
    assert len(rows) == 2


def test_council_scores_are_hidden_from_other_units(world):
    done = recognised(world)
    body = client_for(world, "officer_b").get(f"{API}/models/{done.pk}").json()
    assert body["evaluations"] is None and body["average_score"] is None
    body = client_for(world, "officer_a").get(f"{API}/models/{done.pk}").json()
    assert [e["score"] for e in body["evaluations"]] == [75]

"""Who may do what, cell by cell: every role against every action, through the JSON API and pages.

The whole access policy is the `EXPECTED` table below; each cell is one test. A 404 means the
caller must not even learn that the record exists; a 403 means they may see it but not do that.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from danvan.plans import services
from danvan.plans.models import Difficulty, Evidence, Plan, ProgressUpdate, Task, UnitPlan

API = "/api/v1/plans"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

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
# Expected HTTP status per action (rows) and role (columns). "A" is unit_a (Sở Thông tin và
# Truyền thông): officer_a and head_a work there; officer_b and head_b work in unit_b.
EXPECTED: dict[str, tuple[int, ...]] = {
    #                                 admin coord  off_a head_a off_b head_b viewer liais  anon
    # Plans: issued plans are public to signed-in users; only the coordinator writes them.
    "read_issued_plan":             (200,  200,   200,  200,   200,  200,   200,   200,   401),
    "read_draft_plan":              (200,  200,   404,  404,   404,  404,   404,   404,   401),
    "create_plan":                  (403,  201,   403,  403,   403,  403,   403,   403,   401),
    "patch_plan":                   (403,  200,   403,  403,   403,  403,   403,   403,   401),
    "issue_draft_plan":             (403,  200,   404,  404,   404,  404,   404,   404,   401),
    # Tasks and assignments.
    "read_task":                    (200,  200,   200,  200,   200,  200,   200,   200,   401),
    "create_task":                  (403,  201,   403,  403,   403,  403,   403,   403,   401),
    "patch_task":                   (403,  200,   403,  403,   403,  403,   403,   403,   401),
    "assign_task":                  (403,  201,   403,  403,   403,  403,   403,   403,   401),
    "list_assignments":             (200,  200,   200,  200,   200,  200,   200,   200,   401),
    "list_assignments_of_unit_a":   (200,  200,   200,  200,   403,  403,   200,   403,   401),
    # Unit A's assignment: province-wide readers and unit A see it; others get 404.
    "read_assignment_a":            (200,  200,   200,  200,   404,  404,   200,   404,   401),
    "read_progress_history_a":      (200,  200,   200,  200,   404,  404,   200,   404,   401),
    "post_progress_a":              (403,  403,   201,  201,   404,  404,   403,   404,   401),
    "post_progress_with_files_a":   (403,  403,   201,  201,   404,  404,   403,   404,   401),
    "raise_difficulty_a":           (403,  403,   201,  201,   404,  404,   403,   404,   401),
    "answer_difficulty_a":          (403,  200,   403,  403,   404,  404,   403,   404,   401),
    # Unit A's implementation plan: drafts stay inside unit A (the coordinator sees it once
    # submitted); only A's officers and head write it, only A's head submits it, only the
    # coordinator reviews it once submitted.
    "create_unit_plan_a":           (403,  403,   201,  201,   403,  403,   403,   403,   401),
    "read_draft_unit_plan_a":       (404,  404,   200,  200,   404,  404,   404,   404,   401),
    "patch_draft_unit_plan_a":      (404,  404,   200,  200,   404,  404,   404,   404,   401),
    "add_activity_draft_a":         (404,  404,   201,  201,   404,  404,   404,   404,   401),
    "submit_draft_unit_plan_a":     (404,  404,   403,  200,   404,  404,   404,   404,   401),
    "review_draft_unit_plan_a":     (404,  404,   403,  403,   404,  404,   404,   404,   401),
    "read_submitted_unit_plan_a":   (200,  200,   200,  200,   404,  404,   200,   404,   401),
    "patch_submitted_unit_plan_a":  (403,  403,   403,  403,   404,  404,   403,   404,   401),
    "review_submitted_unit_plan_a": (403,  200,   403,  403,   404,  404,   403,   404,   401),
    # About oneself.
    "read_me":                      (200,  200,   200,  200,   200,  200,   200,   200,   401),
    "list_difficulties":            (200,  200,   200,  200,   200,  200,   200,   200,   401),
}
# fmt: on


# Scenario helpers: records some cells need, created through the services as the product does.


def make_draft_plan(w: Any) -> Plan:
    plan = services.plan_create(
        issuer=w.province, title="Dự thảo kế hoạch năm 2027", year=2027, by=w.coordinator
    )
    section = services.section_add(plan=plan, numeral="I", title="NHIỆM VỤ", by=w.coordinator)
    item = services.item_add(section=section, number="1", title="Tuyên truyền", by=w.coordinator)
    services.task_create(item=item, code="I.1.1", title="Tổ chức hội nghị", by=w.coordinator)
    return plan


def make_draft_unit_plan(w: Any) -> UnitPlan:
    unit_plan = services.unit_plan_create(
        plan=w.plan, unit=w.unit_a, title="Kế hoạch triển khai của Sở TT&TT", by=w.officer_a
    )
    services.activity_add(
        unit_plan=unit_plan, task=w.task, title="Hướng dẫn đăng ký mô hình", by=w.officer_a
    )
    return UnitPlan.objects.get(pk=unit_plan.pk)


def make_submitted_unit_plan(w: Any) -> UnitPlan:
    unit_plan = make_draft_unit_plan(w)
    return services.unit_plan_submit(unit_plan=unit_plan, by=w.head_a)


def make_difficulty(w: Any) -> Difficulty:
    return services.difficulty_raise(
        assignment=w.assignment_a, text="Chưa có kinh phí tổ chức", by=w.officer_a
    )


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_evidence(w: Any) -> Evidence:
    update = services.progress_add(
        assignment=w.assignment_a,
        status="in_progress",
        percent=50,
        narrative="Đã họp triển khai",
        files=[pdf()],
        by=w.officer_a,
    )
    return update.evidence.get()


# Actions: each sends one request and returns the response.


def _json(client: Client, method: str, url: str, body: Any = None) -> HttpResponse:
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data, content_type="application/json")


def _progress_body() -> dict[str, Any]:
    return {"status": "in_progress", "percent": 30, "narrative": "Đã phổ biến tới các phòng"}


def _unit_plan_patch(unit_plan: UnitPlan) -> dict[str, Any]:
    return {"version": unit_plan.version, "title": "Kế hoạch (sửa)", "summary": "Tóm tắt"}


Action = Callable[[Client, Any], HttpResponse]

ACTIONS: dict[str, Action] = {
    "read_issued_plan": lambda c, w: c.get(f"{API}/{w.plan.pk}"),
    "read_draft_plan": lambda c, w: c.get(f"{API}/{make_draft_plan(w).pk}"),
    "create_plan": lambda c, w: _json(c, "POST", API, {"title": "Kế hoạch mới", "year": 2027}),
    "patch_plan": lambda c, w: _json(
        c, "PATCH", f"{API}/{w.plan.pk}", {"version": w.plan.version, "place": "Hà Nội"}
    ),
    "issue_draft_plan": lambda c, w: c.post(f"{API}/{make_draft_plan(w).pk}/issue"),
    "read_task": lambda c, w: c.get(f"{API}/tasks/{w.task.pk}"),
    "create_task": lambda c, w: _json(
        c, "POST", f"{API}/items/{w.item.pk}/tasks", {"code": "II.3.9", "title": "Nhiệm vụ mới"}
    ),
    "patch_task": lambda c, w: _json(
        c,
        "PATCH",
        f"{API}/tasks/{w.task.pk}",
        {"version": Task.objects.get(pk=w.task.pk).version, "expected_outputs": "Báo cáo"},
    ),
    "assign_task": lambda c, w: _json(
        c, "POST", f"{API}/tasks/{w.task.pk}/assignments", {"unit_ids": [w.snv.pk]}
    ),
    "list_assignments": lambda c, w: c.get(f"{API}/assignments"),
    "list_assignments_of_unit_a": lambda c, w: c.get(f"{API}/assignments?unit_id={w.unit_a.pk}"),
    "read_assignment_a": lambda c, w: c.get(f"{API}/assignments/{w.assignment_a.pk}"),
    "read_progress_history_a": lambda c, w: c.get(
        f"{API}/assignments/{w.assignment_a.pk}/progress"
    ),
    "post_progress_a": lambda c, w: _json(
        c, "POST", f"{API}/assignments/{w.assignment_a.pk}/progress", _progress_body()
    ),
    "post_progress_with_files_a": lambda c, w: c.post(
        f"{API}/assignments/{w.assignment_a.pk}/progress-with-files",
        {**_progress_body(), "files": [pdf()]},
    ),
    "raise_difficulty_a": lambda c, w: _json(
        c,
        "POST",
        f"{API}/assignments/{w.assignment_a.pk}/difficulties",
        {"text": "Thiếu kinh phí"},
    ),
    "answer_difficulty_a": lambda c, w: (
        lambda d: _json(
            c,
            "POST",
            f"{API}/difficulties/{d.pk}/answer",
            {"answer": "Sử dụng kinh phí thường xuyên", "version": d.version},
        )
    )(make_difficulty(w)),
    "create_unit_plan_a": lambda c, w: _json(
        c,
        "POST",
        f"{API}/unit-plans",
        {"plan_id": w.plan.pk, "unit_id": w.unit_a.pk, "title": "Kế hoạch triển khai"},
    ),
    "read_draft_unit_plan_a": lambda c, w: c.get(f"{API}/unit-plans/{make_draft_unit_plan(w).pk}"),
    "patch_draft_unit_plan_a": lambda c, w: (
        lambda up: _json(c, "PATCH", f"{API}/unit-plans/{up.pk}", _unit_plan_patch(up))
    )(make_draft_unit_plan(w)),
    "add_activity_draft_a": lambda c, w: _json(
        c,
        "POST",
        f"{API}/unit-plans/{make_draft_unit_plan(w).pk}/activities",
        {"task_id": w.task.pk, "title": "Tập huấn cán bộ"},
    ),
    "submit_draft_unit_plan_a": lambda c, w: c.post(
        f"{API}/unit-plans/{make_draft_unit_plan(w).pk}/submit"
    ),
    "review_draft_unit_plan_a": lambda c, w: _json(
        c, "POST", f"{API}/unit-plans/{make_draft_unit_plan(w).pk}/review", {"decision": "accept"}
    ),
    "read_submitted_unit_plan_a": lambda c, w: c.get(
        f"{API}/unit-plans/{make_submitted_unit_plan(w).pk}"
    ),
    "patch_submitted_unit_plan_a": lambda c, w: (
        lambda up: _json(c, "PATCH", f"{API}/unit-plans/{up.pk}", _unit_plan_patch(up))
    )(make_submitted_unit_plan(w)),
    "review_submitted_unit_plan_a": lambda c, w: _json(
        c,
        "POST",
        f"{API}/unit-plans/{make_submitted_unit_plan(w).pk}/review",
        {"decision": "accept"},
    ),
    "read_me": lambda c, w: c.get("/api/v1/me"),
    "list_difficulties": lambda c, w: c.get(f"{API}/difficulties"),
}


def client_for(world: Any, role: str) -> Client:
    """Return a test client signed in as `role` (or not signed in for "anonymous")."""
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
    client = client_for(world, role)
    response = ACTIONS[action](client, world)
    assert response.status_code == expected, (
        f"{role} → {action}: expected {expected}, got {response.status_code}: "
        f"{response.content[:300]!r}"
    )
    if expected >= 400:
        body = response.json()
        assert {"code", "message"} <= set(body["error"]), body


# What the lists contain, per role ---------------------------------------------------------------

VISIBLE_ASSIGNMENT_UNITS = {
    "admin": {"unit_a", "unit_b"},
    "coordinator": {"unit_a", "unit_b"},
    "viewer": {"unit_a", "unit_b"},
    "officer_a": {"unit_a"},
    "head_a": {"unit_a"},
    "officer_b": {"unit_b"},
    "head_b": {"unit_b"},
    "liaison": set(),
}


@pytest.mark.parametrize(("role", "units"), VISIBLE_ASSIGNMENT_UNITS.items())
def test_assignment_list_shows_only_the_units_the_role_may_see(world, role, units):
    rows = client_for(world, role).get(f"{API}/assignments").json()
    assert {r["unit_id"] for r in rows} == {getattr(world, u).pk for u in units}


@pytest.mark.parametrize(("role", "units"), VISIBLE_ASSIGNMENT_UNITS.items())
def test_task_detail_lists_only_the_assignments_the_role_may_see(world, role, units):
    task = client_for(world, role).get(f"{API}/tasks/{world.task.pk}").json()
    assert {a["unit_id"] for a in task["assignments"]} == {getattr(world, u).pk for u in units}


def test_officer_of_other_unit_never_sees_unit_a_assignments_in_their_list(world):
    rows = client_for(world, "officer_b").get(f"{API}/assignments").json()
    assert rows, "officer_b should at least see unit B's own assignment"
    assert world.unit_a.pk not in {r["unit_id"] for r in rows}
    assert world.assignment_a.pk not in {r["id"] for r in rows}


def test_officer_of_other_unit_does_not_see_unit_a_difficulties(world):
    make_difficulty(world)
    rows = client_for(world, "officer_b").get(f"{API}/difficulties").json()
    assert rows == []
    rows = client_for(world, "officer_a").get(f"{API}/difficulties").json()
    assert [r["assignment_id"] for r in rows] == [world.assignment_a.pk]


def test_officer_of_other_unit_cannot_read_draft_unit_plan(world):
    draft = make_draft_unit_plan(world)
    client = client_for(world, "officer_b")
    response = client.get(f"{API}/unit-plans/{draft.pk}")
    missing = client.get(f"{API}/unit-plans/999999")
    assert response.status_code == 404
    # Indistinguishable from a record that does not exist: nothing about it leaks.
    assert response.json() == missing.json()
    assert draft.title.encode() not in response.content


def test_head_of_other_unit_cannot_read_draft_unit_plan(world):
    draft = make_draft_unit_plan(world)
    assert client_for(world, "head_b").get(f"{API}/unit-plans/{draft.pk}").status_code == 404


def test_coordinator_sees_unit_plan_only_once_submitted(world):
    draft = make_draft_unit_plan(world)
    client = client_for(world, "coordinator")
    assert client.get(f"{API}/unit-plans/{draft.pk}").status_code == 404
    assert draft.pk not in {u["id"] for u in client.get(f"{API}/unit-plans").json()}
    services.unit_plan_submit(unit_plan=draft, by=world.head_a)
    assert client.get(f"{API}/unit-plans/{draft.pk}").status_code == 200
    assert draft.pk in {u["id"] for u in client.get(f"{API}/unit-plans").json()}


def test_unit_plan_list_never_shows_another_units_plan(world):
    submitted = make_submitted_unit_plan(world)
    for role in ("officer_b", "head_b", "liaison"):
        rows = client_for(world, role).get(f"{API}/unit-plans").json()
        assert submitted.pk not in {u["id"] for u in rows}, role


def test_officer_cannot_submit_unit_plan_only_head_can(world):
    draft = make_draft_unit_plan(world)
    assert (
        client_for(world, "officer_a").post(f"{API}/unit-plans/{draft.pk}/submit").status_code
        == 403
    )
    assert UnitPlan.objects.get(pk=draft.pk).status == "draft"
    response = client_for(world, "head_a").post(f"{API}/unit-plans/{draft.pk}/submit")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"


def test_refused_writes_change_nothing(world):
    before = ProgressUpdate.objects.count()
    for role in ("officer_b", "head_b", "coordinator", "viewer", "liaison", "anonymous"):
        ACTIONS["post_progress_a"](client_for(world, role), world)
    assert ProgressUpdate.objects.count() == before
    assert Plan.objects.get(pk=world.plan.pk).place == world.plan.place


# Pages --------------------------------------------------------------------------------------------


def test_officer_of_other_unit_cannot_open_or_post_unit_a_progress_form(world):
    client = client_for(world, "officer_b")
    url = reverse("plans:progress", args=[world.assignment_a.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {**_progress_body(), "reported_on": dt.date.today().isoformat()})
    assert response.status_code == 404
    assert not ProgressUpdate.objects.filter(assignment=world.assignment_a).exists()


def test_officer_of_own_unit_can_open_the_progress_form(world):
    client = client_for(world, "officer_a")
    assert client.get(reverse("plans:progress", args=[world.assignment_a.pk])).status_code == 200


def test_officer_of_other_unit_cannot_view_draft_unit_plan_page(world):
    draft = make_draft_unit_plan(world)
    client = client_for(world, "officer_b")
    url = reverse("plans:unit_plan", args=[draft.pk])
    response = client.get(url)
    assert response.status_code == 404
    assert draft.title.encode() not in response.content
    assert client.post(url, {"action": "submit"}).status_code == 404
    assert UnitPlan.objects.get(pk=draft.pk).status == "draft"


def test_coordinator_cannot_view_draft_unit_plan_page(world):
    draft = make_draft_unit_plan(world)
    url = reverse("plans:unit_plan", args=[draft.pk])
    assert client_for(world, "coordinator").get(url).status_code == 404


def test_officer_of_own_unit_can_view_draft_unit_plan_page(world):
    draft = make_draft_unit_plan(world)
    response = client_for(world, "officer_a").get(reverse("plans:unit_plan", args=[draft.pk]))
    assert response.status_code == 200


def test_officer_of_other_unit_cannot_download_unit_a_evidence(world):
    evidence = make_evidence(world)
    url = reverse("plans:evidence", args=[evidence.pk])
    response = client_for(world, "officer_b").get(url)
    assert response.status_code == 404
    assert PDF not in response.content


def test_liaison_cannot_download_unit_a_evidence(world):
    evidence = make_evidence(world)
    url = reverse("plans:evidence", args=[evidence.pk])
    assert client_for(world, "liaison").get(url).status_code == 404


def test_unit_a_and_coordinator_can_download_unit_a_evidence(world):
    evidence = make_evidence(world)
    url = reverse("plans:evidence", args=[evidence.pk])
    for role in ("officer_a", "head_a", "coordinator", "viewer"):
        response = client_for(world, role).get(url)
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")


def test_anonymous_evidence_download_goes_to_login(world):
    evidence = make_evidence(world)
    response = Client().get(reverse("plans:evidence", args=[evidence.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    "role", ["officer_a", "head_a", "officer_b", "head_b", "viewer", "liaison"]
)
def test_only_the_coordinator_reaches_the_assignment_screen(world, role):
    url = reverse("plans:assign", args=[world.task.pk])
    client = client_for(world, role)
    assert client.get(url).status_code == 403
    assert client.post(url, {"units": [world.snv.pk], "role": "lead"}).status_code == 403
    assert not world.task.assignments.filter(unit=world.snv).exists()


def test_coordinator_reaches_the_assignment_screen(world):
    response = client_for(world, "coordinator").get(reverse("plans:assign", args=[world.task.pk]))
    assert response.status_code == 200


def test_officer_of_other_unit_task_page_hides_unit_a_row(world):
    services.progress_add(
        assignment=world.assignment_a,
        status="in_progress",
        percent=40,
        narrative="Nội dung riêng của đơn vị A",
        by=world.officer_a,
    )
    response = client_for(world, "officer_b").get(reverse("plans:task", args=[world.task.pk]))
    assert response.status_code == 200
    assert [r["assignment"].unit_id for r in response.context["rows"]] == [world.unit_b.pk]
    assert "Nội dung riêng của đơn vị A" not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", 200),
        ("officer_a", 403),
        ("head_a", 403),
        ("officer_b", 404),
        ("head_b", 404),
    ],
)
def test_difficulty_answer_page_is_for_the_coordinator(world, role, expected):
    difficulty = make_difficulty(world)
    url = reverse("plans:difficulty_answer", args=[difficulty.pk])
    assert client_for(world, role).get(url).status_code == expected

"""The JSON API's main journeys: plans, assignment, progress, difficulties, unit plans, tokens."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from danvan.accounts.models import ApiToken
from danvan.plans import services
from danvan.plans.models import Assignment, Evidence, Plan, ProgressUpdate, UnitPlan

API = "/api/v1"
PLANS = f"{API}/plans"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def send(client: Client, method: str, url: str, body: Any = None, **extra: Any) -> Any:
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data, content_type="application/json", **extra)


def as_user(user: Any, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content[:500]
    return response.json()


# Plans and tasks -------------------------------------------------------------------------------


def test_plan_list_and_detail_with_outline(world):
    client = as_user(world.officer_a)
    plans = ok(client.get(PLANS))
    assert [p["id"] for p in plans] == [world.plan.pk]
    assert plans[0]["status"] == "issued"
    assert ok(client.get(f"{PLANS}?year=2026")) == plans
    assert ok(client.get(f"{PLANS}?year=2025")) == []

    plan = ok(client.get(f"{PLANS}/{world.plan.pk}"))
    assert plan["symbol"] == "12/KH-UBND"
    [section] = plan["sections"]
    assert section["numeral"] == "II"
    [item] = section["items"]
    assert item["number"] == "3"
    [task] = item["tasks"]
    assert task["code"] == "II.3.1"
    assert task["due_date"] == "2026-11-30"


def test_plan_list_hides_drafts_from_units_but_not_from_the_coordinator(world):
    coordinator = as_user(world.coordinator)
    draft = ok(send(coordinator, "POST", PLANS, {"title": "Dự thảo", "year": 2027}), 201)
    assert draft["status"] == "draft"
    assert draft["issuer_id"] == world.province.pk
    assert draft["id"] in {p["id"] for p in ok(coordinator.get(PLANS))}
    assert draft["id"] not in {p["id"] for p in ok(as_user(world.officer_a).get(PLANS))}


def test_coordinator_creates_plan_adds_task_and_assigns_it_to_a_group(world):
    client = as_user(world.coordinator)
    plan = ok(
        send(
            client,
            "POST",
            PLANS,
            {
                "title": "Kế hoạch công tác dân vận năm 2027",
                "year": 2027,
                "symbol": "20/KH-UBND",
                "legal_bases": ["Chỉ thị 33/CT-TTg", "  "],
            },
        ),
        201,
    )
    assert plan["legal_bases"] == ["Chỉ thị 33/CT-TTg"]
    assert plan["version"] == 1

    task = ok(
        send(
            client,
            "POST",
            f"{PLANS}/items/{world.item.pk}/tasks",
            {"code": "II.3.2", "title": "Nhân rộng mô hình", "due_date": "2026-12-15"},
        ),
        201,
    )
    assert task["plan_id"] == world.plan.pk
    assert task["item_id"] == world.item.pk

    url = f"{PLANS}/tasks/{task['id']}/assignments"
    made = ok(send(client, "POST", url, {"group_ids": [world.group.pk]}), 201)
    assert {a["unit_id"] for a in made} == {world.snv.pk, world.unit_a.pk, world.unit_b.pk}
    assert {a["via_group_id"] for a in made} == {world.group.pk}
    assert {a["unit_name"] for a in made} >= {"Sở Nội vụ"}

    again = ok(
        send(client, "POST", url, {"group_ids": [world.group.pk], "unit_ids": [world.unit_a.pk]}),
        201,
    )
    assert again == []
    assert Assignment.objects.filter(task_id=task["id"]).count() == 3

    detail = ok(client.get(f"{PLANS}/tasks/{task['id']}"))
    assert len(detail["assignments"]) == 3


def test_assigning_to_an_unknown_unit_names_it(world):
    client = as_user(world.coordinator)
    response = send(
        client, "POST", f"{PLANS}/tasks/{world.task.pk}/assignments", {"unit_ids": [999999]}
    )
    body = ok(response, 422)
    assert "999999" in body["error"]["message"]
    assert body["error"]["fields"][0]["field"] == "unit_ids"


def test_coordinator_issues_a_draft_plan_once_it_has_a_task(world):
    client = as_user(world.coordinator)
    created = ok(send(client, "POST", PLANS, {"title": "Dự thảo", "year": 2027}), 201)
    empty = ok(client.post(f"{PLANS}/{created['id']}/issue"), 422)
    assert empty["error"]["message"]
    # Sections and items have no API yet; they are added through the services.
    plan = Plan.objects.get(pk=created["id"])
    section = services.section_add(plan=plan, numeral="I", title="NHIỆM VỤ", by=world.coordinator)
    item = services.item_add(
        section=section, number="1", title="Tuyên truyền", by=world.coordinator
    )
    ok(
        send(
            client, "POST", f"{PLANS}/items/{item.pk}/tasks", {"code": "I.1", "title": "Hội nghị"}
        ),
        201,
    )
    issued = ok(client.post(f"{PLANS}/{created['id']}/issue"))
    assert issued["status"] == "issued"
    assert created["id"] in {p["id"] for p in ok(as_user(world.officer_b).get(PLANS))}
    again = client.post(f"{PLANS}/{created['id']}/issue")
    assert again.status_code == 403


# Progress ------------------------------------------------------------------------------------


def test_officer_posts_progress_and_reads_the_history(world):
    client = as_user(world.officer_a)
    url = f"{PLANS}/assignments/{world.assignment_a.pk}/progress"
    first = ok(
        send(client, "POST", url, {"status": "in_progress", "percent": 30, "narrative": "Họp"}),
        201,
    )
    assert first["by"] == "canbo_a"
    assert first["evidence"] == []
    second = ok(
        send(
            client,
            "POST",
            url,
            {"status": "done", "percent": 100, "narrative": "Hoàn thành", "reported_on": None},
        ),
        201,
    )
    history = ok(client.get(url))
    assert [h["id"] for h in history] == [second["id"], first["id"]]
    assignment = ok(client.get(f"{PLANS}/assignments/{world.assignment_a.pk}"))
    assert (assignment["status"], assignment["percent"]) == ("done", 100)


def test_progress_rules_are_reported_as_field_errors(world):
    client = as_user(world.officer_a)
    url = f"{PLANS}/assignments/{world.assignment_a.pk}/progress"
    body = ok(
        send(client, "POST", url, {"status": "done", "percent": 50, "narrative": "Xong"}), 422
    )
    assert body["error"]["fields"] == [{"field": "percent", "message": body["error"]["message"]}]
    future = send(
        client,
        "POST",
        url,
        {"status": "in_progress", "percent": 5, "narrative": "x", "reported_on": "2999-01-01"},
    )
    assert ok(future, 422)["error"]["fields"][0]["field"] == "reported_on"


def test_officer_posts_progress_with_a_pdf(world):
    client = as_user(world.officer_a)
    url = f"{PLANS}/assignments/{world.assignment_a.pk}/progress-with-files"
    upload = SimpleUploadedFile("Biên bản họp.pdf", PDF, content_type="application/pdf")
    update = ok(
        client.post(
            url,
            {"status": "in_progress", "percent": "60", "narrative": "Đã họp", "files": [upload]},
        ),
        201,
    )
    [evidence] = update["evidence"]
    assert evidence["original_name"] == "Biên bản họp.pdf"
    assert evidence["content_type"] == "application/pdf"
    assert evidence["size"] == len(PDF)
    stored = Evidence.objects.get(pk=evidence["id"])
    assert stored.update_id == update["id"]
    assert stored.file.read() == PDF

    history = ok(client.get(f"{PLANS}/assignments/{world.assignment_a.pk}/progress"))
    assert history[0]["evidence"] == [evidence]


def test_progress_with_a_file_that_is_not_what_it_claims_is_refused(world):
    client = as_user(world.officer_a)
    url = f"{PLANS}/assignments/{world.assignment_a.pk}/progress-with-files"
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    body = ok(
        client.post(
            url, {"status": "in_progress", "percent": "10", "narrative": "x", "files": [fake]}
        ),
        422,
    )
    assert body["error"]["fields"][0]["field"] == "files"
    assert not ProgressUpdate.objects.filter(assignment=world.assignment_a).exists()


# Difficulties ---------------------------------------------------------------------------------


def test_difficulty_raised_by_unit_and_answered_by_coordinator(world):
    officer = as_user(world.officer_a)
    raised = ok(
        send(
            officer,
            "POST",
            f"{PLANS}/assignments/{world.assignment_a.pk}/difficulties",
            {"text": "Chưa có kinh phí"},
        ),
        201,
    )
    assert raised["status"] == "open"
    coordinator = as_user(world.coordinator)
    assert [d["id"] for d in ok(coordinator.get(f"{PLANS}/difficulties"))] == [raised["id"]]

    url = f"{PLANS}/difficulties/{raised['id']}/answer"
    answered = ok(
        send(
            coordinator,
            "POST",
            url,
            {"answer": "Dùng kinh phí thường xuyên", "version": raised["version"]},
        )
    )
    assert answered["status"] == "answered"
    assert answered["answer"] == "Dùng kinh phí thường xuyên"
    assert ok(coordinator.get(f"{PLANS}/difficulties")) == []

    stale = send(coordinator, "POST", url, {"answer": "Sửa lại", "version": raised["version"]})
    assert ok(stale, 409)["error"]["code"] == "conflict"


# Unit plans -------------------------------------------------------------------------------------


def test_unit_plan_from_draft_to_accepted_through_a_return(world):
    officer = as_user(world.officer_a)
    head = as_user(world.head_a)
    coordinator = as_user(world.coordinator)

    created = ok(
        send(
            officer,
            "POST",
            f"{PLANS}/unit-plans",
            {"plan_id": world.plan.pk, "unit_id": world.unit_a.pk, "title": "Kế hoạch triển khai"},
        ),
        201,
    )
    assert created["status"] == "draft"
    assert created["activities"] == []
    url = f"{PLANS}/unit-plans/{created['id']}"

    activity = ok(
        send(
            officer,
            "POST",
            f"{url}/activities",
            {
                "task_id": world.task.pk,
                "title": "Hướng dẫn các phòng đăng ký",
                "owner": "Văn phòng Sở",
                "starts_on": "2026-04-01",
                "ends_on": "2026-05-30",
            },
        ),
        201,
    )
    assert activity["task_id"] == world.task.pk

    submitted = ok(head.post(f"{url}/submit"))
    assert submitted["status"] == "submitted"
    assert [a["id"] for a in submitted["activities"]] == [activity["id"]]

    no_comment = send(coordinator, "POST", f"{url}/review", {"decision": "return"})
    assert ok(no_comment, 422)["error"]["fields"][0]["field"] == "comment"

    returned = ok(
        send(
            coordinator,
            "POST",
            f"{url}/review",
            {"decision": "return", "comment": "Bổ sung kinh phí"},
        )
    )
    assert returned["status"] == "returned"
    assert returned["review_comment"] == "Bổ sung kinh phí"

    patched = ok(
        send(
            officer,
            "PATCH",
            url,
            {
                "version": returned["version"],
                "title": "Kế hoạch triển khai",
                "summary": "Có kinh phí",
            },
        )
    )
    assert patched["summary"] == "Có kinh phí"
    assert patched["status"] == "returned"

    assert ok(head.post(f"{url}/submit"))["status"] == "submitted"
    accepted = ok(send(coordinator, "POST", f"{url}/review", {"decision": "accept"}))
    assert accepted["status"] == "accepted"
    assert UnitPlan.objects.get(pk=created["id"]).status == "accepted"
    assert [e.to_status for e in UnitPlan.objects.get(pk=created["id"]).events.order_by("pk")] == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]


def test_submitting_an_empty_unit_plan_is_refused(world):
    officer = as_user(world.officer_a)
    created = ok(
        send(
            officer,
            "POST",
            f"{PLANS}/unit-plans",
            {"plan_id": world.plan.pk, "unit_id": world.unit_a.pk, "title": "Kế hoạch"},
        ),
        201,
    )
    body = ok(as_user(world.head_a).post(f"{PLANS}/unit-plans/{created['id']}/submit"), 422)
    assert body["error"]["message"]


def test_second_unit_plan_for_the_same_plan_is_refused(world):
    officer = as_user(world.officer_a)
    payload = {"plan_id": world.plan.pk, "unit_id": world.unit_a.pk, "title": "Kế hoạch"}
    ok(send(officer, "POST", f"{PLANS}/unit-plans", payload), 201)
    assert ok(send(officer, "POST", f"{PLANS}/unit-plans", payload), 422)["error"]["message"]


# Optimistic locking -------------------------------------------------------------------------------


def test_two_plan_patches_with_the_same_version_second_is_a_conflict(world):
    alice = as_user(world.coordinator)
    bob = as_user(world.coordinator)
    url = f"{PLANS}/{world.plan.pk}"
    version = ok(alice.get(url))["version"]
    first = ok(send(alice, "PATCH", url, {"version": version, "place": "Thành phố Thử Nghiệm"}))
    assert first["version"] == version + 1
    second = send(bob, "PATCH", url, {"version": version, "title": "Tiêu đề khác"})
    body = ok(second, 409)
    assert body["error"]["code"] == "conflict"
    assert body["error"]["message"]
    plan = ok(alice.get(url))
    assert plan["place"] == "Thành phố Thử Nghiệm"
    assert plan["title"] == world.plan.title


def test_two_task_patches_with_the_same_version_second_is_a_conflict(world):
    client = as_user(world.coordinator)
    url = f"{PLANS}/tasks/{world.task.pk}"
    version = ok(client.get(url))["version"]
    ok(send(client, "PATCH", url, {"version": version, "title": "Tên mới"}))
    assert (
        ok(send(client, "PATCH", url, {"version": version, "ongoing": True}), 409)["error"]["code"]
        == "conflict"
    )


def test_two_unit_plan_patches_with_the_same_version_second_is_a_conflict(world):
    officer = as_user(world.officer_a)
    head = as_user(world.head_a)
    created = ok(
        send(
            officer,
            "POST",
            f"{PLANS}/unit-plans",
            {"plan_id": world.plan.pk, "unit_id": world.unit_a.pk, "title": "Kế hoạch"},
        ),
        201,
    )
    url = f"{PLANS}/unit-plans/{created['id']}"
    body = {"version": created["version"], "title": "Bản của cán bộ", "summary": ""}
    ok(send(officer, "PATCH", url, body))
    clash = send(head, "PATCH", url, {**body, "title": "Bản của trưởng phòng"})
    assert ok(clash, 409)["error"]["code"] == "conflict"
    assert ok(officer.get(url))["title"] == "Bản của cán bộ"


def test_patch_leaves_omitted_fields_unchanged_and_clears_dates_sent_as_null(world):
    client = as_user(world.coordinator)
    url = f"{PLANS}/tasks/{world.task.pk}"
    task = ok(client.get(url))
    patched = ok(send(client, "PATCH", url, {"version": task["version"], "due_date": None}))
    assert patched["due_date"] is None
    assert patched["title"] == task["title"]
    assert patched["code"] == task["code"]


# Tokens and authentication ----------------------------------------------------------------------


def test_token_key_is_shown_once_and_works_as_bearer(world):
    session = as_user(world.officer_a)
    created = ok(send(session, "POST", f"{API}/me/tokens", {"name": "Máy chủ báo cáo"}), 201)
    key = created["key"]
    assert key.startswith("dv_")
    assert created["prefix"] == key[:10]

    listed = session.get(f"{API}/me/tokens")
    assert key.encode() not in listed.content
    [row] = ok(listed)
    assert "key" not in row
    assert row["id"] == created["id"]

    machine = Client(enforce_csrf_checks=True)  # no session cookie, no CSRF token
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert ok(machine.get(f"{API}/me", **auth))["username"] == "canbo_a"
    update = send(
        machine,
        "POST",
        f"{PLANS}/assignments/{world.assignment_a.pk}/progress",
        {"status": "in_progress", "percent": 20, "narrative": "Gửi từ máy"},
        **auth,
    )
    assert ok(update, 201)["by"] == "canbo_a"
    assert ApiToken.objects.get(pk=created["id"]).last_used_at is not None
    # A token cannot mint more tokens (a leaked one would outlive its revocation).
    minted = send(machine, "POST", f"{API}/me/tokens", {"name": "Lén"}, **auth)
    assert minted.status_code == 403
    assert ApiToken.objects.filter(user=world.officer_a).count() == 1


def test_token_is_stored_only_as_a_hash(world):
    session = as_user(world.officer_a)
    key = ok(send(session, "POST", f"{API}/me/tokens", {"name": "CI"}), 201)["key"]
    secret = key[10:]  # everything after the displayed prefix
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                for value in row:
                    text = value.decode(errors="ignore") if isinstance(value, bytes) else str(value)
                    assert secret not in text, f"raw API key found in table {table}"


def test_revoked_token_gets_401(world):
    session = as_user(world.officer_a)
    created = ok(send(session, "POST", f"{API}/me/tokens", {"name": "Tạm"}), 201)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {created['key']}"}
    assert Client().get(f"{API}/me", **auth).status_code == 200

    revoked = ok(session.delete(f"{API}/me/tokens/{created['id']}"))
    assert revoked["revoked_at"] is not None
    response = Client().get(f"{API}/me", **auth)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_user_cannot_revoke_someone_elses_token(world):
    created = ok(send(as_user(world.officer_a), "POST", f"{API}/me/tokens", {"name": "A"}), 201)
    other = as_user(world.officer_b)
    assert other.delete(f"{API}/me/tokens/{created['id']}").status_code == 404
    assert ApiToken.objects.get(pk=created["id"]).revoked_at is None


@pytest.mark.parametrize(
    "header",
    ["Bearer dv_not-a-real-key", "dv_missing-bearer-word", "Bearer ", "Basic dXNlcjpwYXNz"],
)
def test_bad_authorization_header_gets_401(world, header):
    response = Client().get(f"{API}/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_token_of_a_deactivated_user_gets_401(world):
    key = ok(send(as_user(world.officer_a), "POST", f"{API}/me/tokens", {"name": "A"}), 201)["key"]
    world.officer_a.is_active = False
    world.officer_a.save(update_fields=["is_active"])
    assert Client().get(f"{API}/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_session_post_without_csrf_token_is_refused(world):
    client = as_user(world.coordinator, enforce_csrf_checks=True)
    response = send(client, "POST", PLANS, {"title": "Không có CSRF", "year": 2027})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert not Plan.objects.filter(title="Không có CSRF").exists()


def test_anonymous_post_is_unauthenticated_not_a_csrf_failure(world):
    response = send(Client(enforce_csrf_checks=True), "POST", PLANS, {"title": "x", "year": 2027})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_bearer_token_takes_no_csrf_even_alongside_a_session(world):
    session = as_user(world.coordinator, enforce_csrf_checks=True)
    key = ok(send(as_user(world.coordinator), "POST", f"{API}/me/tokens", {"name": "Máy"}), 201)[
        "key"
    ]
    response = send(
        session,
        "POST",
        PLANS,
        {"title": "Qua khóa", "year": 2027},
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201, response.content


def test_session_post_with_csrf_token_works(world):
    client = as_user(world.coordinator, enforce_csrf_checks=True)
    client.get(f"{API}/docs")  # any page that issues the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = send(
        client, "POST", PLANS, {"title": "Có CSRF", "year": 2027}, HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201, response.content


def test_session_get_needs_no_csrf_token(world):
    client = as_user(world.officer_a, enforce_csrf_checks=True)
    assert client.get(PLANS).status_code == 200


def test_me_lists_roles(world):
    me = ok(as_user(world.head_a).get(f"{API}/me"))
    assert me["username"] == "truong_a"
    assert me["roles"] == [
        {"role": "unit_head", "unit_id": world.unit_a.pk, "unit_name": world.unit_a.name}
    ]


# Units and search ---------------------------------------------------------------------------


def test_units_list_search_and_groups(world):
    client = as_user(world.viewer)
    found = ok(client.get(f"{API}/units?q=tu phap"))
    assert [u["id"] for u in found] == [world.unit_b.pk]
    detail = ok(client.get(f"{API}/units/{world.unit_a.pk}"))
    assert detail["code"] == "T-A"
    groups = ok(client.get(f"{API}/units/groups"))
    assert groups[0]["member_ids"] and set(groups[0]["member_ids"]) == {
        world.snv.pk,
        world.unit_a.pk,
        world.unit_b.pk,
    }


def test_search_ignores_diacritics_and_hides_drafts_from_units(world):
    coordinator = as_user(world.coordinator)
    ok(send(coordinator, "POST", PLANS, {"title": "Kế hoạch bí mật dự thảo", "year": 2027}), 201)
    hits = ok(as_user(world.officer_a).get(f"{PLANS}/search?q=dan van kheo"))
    assert {"kind": "task", "id": world.task.pk} in [
        {"kind": h["kind"], "id": h["id"]} for h in hits
    ]
    assert ok(as_user(world.officer_a).get(f"{PLANS}/search?q=bi mat")) == []
    assert [h["kind"] for h in ok(coordinator.get(f"{PLANS}/search?q=bi mat"))] == ["plan"]


def test_unit_plan_activity_must_belong_to_a_task_assigned_to_the_unit(world):
    # The page only offers the unit's own tasks; the API must refuse the others likewise.
    only_b = services.task_create(
        item=world.item, code="II.3.8", title="Việc riêng của Sở Tư pháp", by=world.coordinator
    )
    services.task_assign(task=only_b, units=[world.unit_b], by=world.coordinator)
    officer = as_user(world.officer_a)
    created = ok(
        send(
            officer,
            "POST",
            f"{PLANS}/unit-plans",
            {"plan_id": world.plan.pk, "unit_id": world.unit_a.pk, "title": "Kế hoạch"},
        ),
        201,
    )
    response = send(
        officer,
        "POST",
        f"{PLANS}/unit-plans/{created['id']}/activities",
        {"task_id": only_b.pk, "title": "Làm thay Sở Tư pháp"},
    )
    body = ok(response, 422)
    assert body["error"]["fields"][0]["field"] == "task"


def test_coordinator_builds_a_plan_outline_through_the_api_and_issues_it(world):
    c = as_user(world.coordinator)
    plan = ok(send(c, "post", f"{API}/plans", {"title": "Kế hoạch năm 2027", "year": 2027}), 201)
    section = ok(
        send(
            c, "post", f"{API}/plans/{plan['id']}/sections", {"numeral": "II", "title": "NHIỆM VỤ"}
        ),
        201,
    )
    item = ok(
        send(
            c,
            "post",
            f"{API}/plans/sections/{section['id']}/items",
            {"number": "1", "title": "Nhóm"},
        ),
        201,
    )
    ok(
        send(
            c, "post", f"{API}/plans/items/{item['id']}/tasks", {"code": "II.1.1", "title": "Việc"}
        ),
        201,
    )
    issued = ok(send(c, "post", f"{API}/plans/{plan['id']}/issue"))
    assert issued["status"] == "issued"
    detail = ok(send(c, "get", f"{API}/plans/{plan['id']}"))
    assert detail["sections"][0]["items"][0]["tasks"][0]["code"] == "II.1.1"


def test_unit_officer_cannot_add_sections(world):
    c = as_user(world.officer_a)
    response = send(
        c, "post", f"{API}/plans/{world.plan.pk}/sections", {"numeral": "IV", "title": "X"}
    )
    assert response.status_code == 403

"""The JSON API of recommendations: the whole workflow, filters, pagination, errors."""

from __future__ import annotations

import datetime as dt
import json

from django.test import Client

from danvan.front.models import Recommendation

from .conftest import file_one, pdf

API = "/api/v1/front-recommendations"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_whole_workflow_through_the_api(world, today):
    liaison, coordinator = _client(world.liaison), _client(world.coordinator)
    created = _post(
        liaison,
        API,
        {
            "organisation_id": world.front.pk,
            "title": "Kiến nghị về cấp nước sạch",
            "content": "Đề nghị mở rộng mạng lưới cấp nước.",
            "source_kind": "social_criticism",
            "source_name": "Phản biện dự thảo đề án cấp nước",
            "source_date": "2026-06-01",
            "filed_on": "2026-06-03",
        },
    )
    assert created.status_code == 201, created.content
    rec = created.json()
    assert rec["status"] == "filed" and rec["events"][0]["kind"] == "filed"

    assigned = _post(
        coordinator,
        f"{API}/{rec['id']}/assign",
        {"unit_id": world.unit_a.pk, "due_on": "2026-07-15", "version": rec["version"]},
    )
    assert assigned.status_code == 200, assigned.content
    rec = assigned.json()
    assert rec["assigned_unit_name"] == world.unit_a.name and rec["due_on"] == "2026-07-15"

    answered = _client(world.officer_a).post(
        f"{API}/{rec['id']}/answer",
        {"text": "Sở đã trình UBND tỉnh.", "version": rec["version"], "documents": [pdf()]},
    )
    assert answered.status_code == 201, answered.content
    rec = answered.json()
    assert rec["status"] == "answered"
    assert rec["answers"][0]["files"][0]["original_name"] == "tra-loi.pdf"

    assessed = _post(
        liaison,
        f"{API}/{rec['id']}/assess",
        {"satisfied": True, "comment": "Thống nhất", "version": rec["version"]},
    )
    assert assessed.json()["status"] == "satisfied"
    rec = assessed.json()
    rec = _post(
        liaison, f"{API}/{rec['id']}/consent", {"side": "front", "version": rec["version"]}
    ).json()
    assert rec["front_consent"] and rec["status"] == "satisfied"
    rec = _post(
        _client(world.head_a),
        f"{API}/{rec['id']}/consent",
        {"side": "unit", "version": rec["version"]},
    ).json()
    assert rec["status"] == "published" and rec["published_at"]
    kinds = [e["kind"] for e in rec["events"]]
    assert kinds == [
        "filed", "assigned", "answered", "assessed", "front_consent", "unit_consent", "published"
    ]  # fmt: skip


def test_errors_are_structured(world, today):
    liaison = _client(world.liaison)
    response = _post(
        liaison,
        API,
        {
            "organisation_id": world.front.pk,
            "title": "Kiến nghị",
            "content": "Nội dung",
            "source_kind": "supervision",
            "source_name": "Giám sát",
            "source_date": "2026-06-20",
            "filed_on": "2026-06-10",
        },
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["fields"][0]["field"] == "source_date" and error["message"]
    bad_kind = _post(liaison, API, {"organisation_id": world.front.pk, "source_kind": "x"})
    assert bad_kind.status_code == 422
    assert {f["field"] for f in bad_kind.json()["error"]["fields"]} >= {"source_kind", "title"}


def test_stale_version_is_409(world, filed):
    response = _post(
        _client(world.coordinator),
        f"{API}/{filed.pk}/assign",
        {"unit_id": world.unit_a.pk, "due_on": "2026-07-15", "version": filed.version + 5},
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


def test_answer_without_document_is_422(world, assigned):
    response = _client(world.officer_a).post(
        f"{API}/{assigned.pk}/answer", {"text": "Trả lời", "version": assigned.version}
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "documents"


def test_list_filters_and_pages(world, today):
    for n in range(3):
        file_one(world, title=f"Kiến nghị số {n} về đường giao thông")
    file_one(world, title="Kiến nghị về trường học")
    client = _client(world.viewer)
    page = client.get(API, {"page_size": 2, "page": 2, "q": "duong giao thong"}).json()
    assert (page["count"], page["pages"], page["page"], len(page["items"])) == (3, 2, 2, 1)
    assert client.get(API, {"status": "assigned"}).json()["count"] == 0
    assert client.get(API, {"year": 2026}).json()["count"] == 4
    assert client.get(API, {"year": 2025}).json()["count"] == 0
    assert client.get(API, {"status": "nope"}).status_code == 422


def test_stats_count_on_time_late_and_overdue(world, assigned, freeze):
    late = file_one(world, title="Kiến nghị khác")
    from danvan.front import services

    late = services.recommendation_assign(
        recommendation=late,
        unit=world.unit_a,
        due_on=dt.date(2026, 6, 10),
        expected_version=late.version,
        by=world.coordinator,
    )
    services.recommendation_answer(
        recommendation=late,
        text="Trả lời muộn",
        documents=[pdf()],
        expected_version=late.version,
        by=world.officer_a,
    )
    stats = _client(world.coordinator).get(f"{API}/stats").json()
    total = stats["total"]
    assert (total["received"], total["answered_on_time"], total["answered_late"]) == (2, 0, 1)
    assert (total["unanswered_overdue"], total["unanswered_not_due"]) == (0, 1)
    assert stats["by_unit"][0]["unit_id"] == world.unit_a.pk
    assert stats["by_year"][0]["year"] == 2026
    assert Recommendation.objects.count() == 2


def test_unit_errors_name_the_api_field(world, filed):
    client = _client(world.coordinator)
    missing = _post(
        client,
        f"{API}/{filed.pk}/assign",
        {"unit_id": 999999, "due_on": "2026-07-15", "version": filed.version},
    )
    assert missing.status_code == 422
    assert missing.json()["error"]["fields"][0]["field"] == "unit_id"
    front = _post(
        client,
        f"{API}/{filed.pk}/assign",
        {"unit_id": world.front.pk, "due_on": "2026-07-15", "version": filed.version},
    )
    assert front.status_code == 422
    assert front.json()["error"]["fields"][0]["field"] == "unit_id"
    wrong_org = _post(
        _client(world.liaison),
        API,
        {
            "organisation_id": world.unit_a.pk,
            "title": "Kiến nghị",
            "content": "Nội dung",
            "source_kind": "supervision",
            "source_name": "Giám sát",
            "source_date": "2026-06-01",
        },
    )
    assert wrong_org.json()["error"]["fields"][0]["field"] == "organisation_id"

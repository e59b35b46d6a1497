"""Who may do what on consultations, cell by cell: every role against every action.

A 404 means the caller must not learn that the record exists; 403 that they may see it but
not do that; 302 that a page sends an anonymous visitor to the login page; 401 that the API
wants a login.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from danvan.consultations import services

from .conftest import VN

API = "/api/v1/consultations"
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
# The consultation belongs to unit A (officer_a, head_a); unit B is another department.
EXPECTED: dict[str, tuple[int, ...]] = {
    #                             admin coord off_a head_a off_b head_b viewer liais anon
    "public_page_of_open":       (200,  200,  200,  200,   200,  200,   200,   200,  200),
    "public_page_of_draft":      (404,  404,  404,  404,   404,  404,   404,   404,  404),
    "staff_page_of_draft":       (404,  200,  200,  200,   404,  404,   404,   404,  302),
    "staff_page_of_open":        (200,  200,  200,  200,   404,  404,   200,   404,  302),
    "api_read_draft":            (404,  200,  200,  200,   404,  404,   404,   404,  401),
    "api_read_open":             (200,  200,  200,  200,   200,  200,   200,   200,  401),
    "create_for_unit_a":         (403,  201,  201,  201,   403,  403,   403,   403,  401),
    "edit_draft":                (404,  200,  200,  200,   404,  404,   404,   404,  401),
    "open_draft":                (404,  200,  200,  200,   404,  404,   404,   404,  401),
    "close_open":                (403,  200,  200,  200,   403,  403,   403,   403,  401),
    "comment_signed_in":         (201,  201,  201,  201,   201,  201,   201,   201,  401),
    "moderation_page":           (200,  200,  200,  200,   404,  404,   200,   404,  302),
    "moderate_pending":          (403,  200,  200,  200,   404,  404,   403,   404,  401),
    "answer_approved":           (403,  200,  200,  200,   403,  403,   403,   403,  401),
    "summary_docx":              (200,  200,  200,  200,   404,  404,   200,   404,  302),
    "comments_export":           (200,  200,  200,  200,   404,  404,   200,   404,  302),
    "publish_summarised":        (403,  200,  403,  200,   403,  403,   403,   403,  401),
}
# fmt: on


def _client(world: Any, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def _post(client: Client, url: str, data: Any = None) -> int:
    body = json.dumps(data or {})
    return client.post(url, body, content_type="application/json").status_code


def _pending(world: Any, consultation: Any) -> Any:
    return services.comment_submit_user(
        consultation=consultation, section=None, body="Ý kiến", by=world.head_b
    )


def _closed_with_approved(world: Any, consultation: Any) -> Any:
    comment = _pending(world, consultation)
    comment = services.comment_moderate(comment=comment, decision="approve", by=world.officer_a)
    services.consultation_close(consultation=consultation, reason="Đủ", by=world.officer_a)
    return comment


def _summarised(world: Any, consultation: Any) -> Any:
    comment = _closed_with_approved(world, consultation)
    services.comment_answer(
        comment=comment, kind="taken_up", text="Tiếp thu", expected_version=None, by=world.officer_a
    )
    consultation.refresh_from_db()
    services.final_text_attach(
        consultation=consultation, upload=SimpleUploadedFile("cuoi.pdf", PDF), by=world.officer_a
    )
    return services.consultation_summarise(consultation=consultation, by=world.officer_a)


def act(name: str, world: Any, draft: Any, consultation: Any, client: Client) -> int:
    if name == "public_page_of_draft":
        return client.get(reverse("consultations:public_detail", args=[draft.pk])).status_code
    if name == "staff_page_of_draft":
        return client.get(reverse("consultations:manage_detail", args=[draft.pk])).status_code
    if name == "api_read_draft":
        return client.get(f"{API}/{draft.pk}").status_code
    if name == "create_for_unit_a":
        return _post(
            client,
            API,
            {
                "unit_id": world.unit_a.pk,
                "title": "Dự thảo",
                "opens_on": "2026-04-02",
                "closes_on": "2026-04-20",
            },
        )
    if name == "edit_draft":
        return client.patch(
            f"{API}/{draft.pk}",
            json.dumps({"version": draft.version, "title": "Tên mới"}),
            content_type="application/json",
        ).status_code
    if name == "open_draft":
        return _post(client, f"{API}/{draft.pk}/open")
    if name == "public_page_of_open":
        return client.get(
            reverse("consultations:public_detail", args=[consultation.pk])
        ).status_code
    if name == "staff_page_of_open":
        return client.get(
            reverse("consultations:manage_detail", args=[consultation.pk])
        ).status_code
    if name == "api_read_open":
        return client.get(f"{API}/{consultation.pk}").status_code
    if name == "close_open":
        return _post(client, f"{API}/{consultation.pk}/close", {"reason": "Đủ ý kiến"})
    if name == "comment_signed_in":
        return _post(client, f"{API}/{consultation.pk}/comments", {"body": "Góp ý"})
    if name == "moderation_page":
        return client.get(reverse("consultations:moderation", args=[consultation.pk])).status_code
    if name == "moderate_pending":
        comment = _pending(world, consultation)
        return _post(client, f"{API}/comments/{comment.pk}/moderation", {"decision": "approve"})
    if name == "answer_approved":
        comment = _closed_with_approved(world, consultation)
        return client.put(
            f"{API}/comments/{comment.pk}/answer",
            json.dumps({"answer_kind": "taken_up", "answer_text": "Tiếp thu"}),
            content_type="application/json",
        ).status_code
    if name == "summary_docx":
        _closed_with_approved(world, consultation)
        return client.get(reverse("consultations:docx", args=[consultation.pk])).status_code
    if name == "comments_export":
        _pending(world, consultation)
        url = reverse("consultations:comments_export", args=[consultation.pk]) + "?xuat=csv"
        return client.get(url).status_code
    if name == "publish_summarised":
        summarised = _summarised(world, consultation)
        return _post(client, f"{API}/{summarised.pk}/publish")
    raise AssertionError(name)


CELLS = [
    pytest.param(action, role, status, id=f"{action}-{role}")
    for action, statuses in EXPECTED.items()
    for role, status in zip(ROLES, statuses, strict=True)
]


DRAFT_ACTIONS = {
    "public_page_of_draft",
    "staff_page_of_draft",
    "api_read_draft",
    "create_for_unit_a",
    "edit_draft",
    "open_draft",
}


@pytest.mark.parametrize(("action", "role", "expected"), CELLS)
def test_permission_cell(world, draft, clock, action, role, expected):
    consultation = None
    if action not in DRAFT_ACTIONS:
        consultation = services.consultation_open(consultation=draft, by=world.officer_a)
        clock.set(dt.datetime(2026, 4, 3, 9, tzinfo=VN))
    client = _client(world, role)  # after moving the clock, so that the session is fresh
    assert act(action, world, draft, consultation, client) == expected

"""Who may do what in the reception register, role by role, through pages and the API."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.reception import services

pytestmark = pytest.mark.django_db

ROLES = ("admin", "coordinator", "officer_a", "head_a", "officer_b", "head_b", "viewer",
         "liaison", "anonymous")  # fmt: skip

# fmt: off
EXPECTED = {
    #                            admin coord off_a head_a off_b head_b viewer liais anon
    "read_register_page":       (200,  200,  200,  200,   200,  200,   200,  200,  302),
    "read_entry_a":             (200,  200,  200,  200,   404,  404,   200,  404,  302),
    "record_page":              (403,  403,  200,  200,   200,  200,   403,  403,  302),
    "api_record_in_a":          (403,  403,  201,  201,   403,  403,   403,  403,  401),
    "api_read_entry_a":         (200,  200,  200,  200,   404,  404,   200,  404,  401),
    "api_schedule_in_a":        (403,  403,  201,  201,   403,  403,   403,  403,  401),
    "schedule_page":            (200,  200,  200,  200,   200,  200,   200,  200,  302),
    "public_schedule_page":     (200,  200,  200,  200,   200,  200,   200,  200,  200),
}
# fmt: on


def _entry(world):
    return services.reception_record(
        unit=world.unit_a,
        citizens=[{"full_name": "Trần Thị Dân"}],
        by=world.officer_a,
        received_at=timezone.now() - dt.timedelta(hours=1),
        receiver_name="Nguyễn Văn Tiếp",
        summary="Hỏi về chính sách",
        classification="other",
        handling="answered",
    )


def _do(action, client, world):
    if action == "read_register_page":
        return client.get(reverse("reception:register"))
    if action == "read_entry_a":
        return client.get(reverse("reception:detail", args=[_entry(world).pk]))
    if action == "record_page":
        return client.get(reverse("reception:new"))
    if action == "api_record_in_a":
        body = {
            "unit_id": world.unit_a.pk,
            "received_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
            "receiver_name": "Cán bộ",
            "summary": "Nội dung",
            "classification": "other",
            "handling": "answered",
            "citizens": [{"full_name": "Người dân"}],
        }
        return client.post("/api/v1/receptions/", json.dumps(body), content_type="application/json")
    if action == "api_read_entry_a":
        return client.get(f"/api/v1/receptions/{_entry(world).pk}")
    if action == "api_schedule_in_a":
        body = {
            "unit_id": world.unit_a.pk,
            "day": "2026-12-15",
            "starts_at": "08:00",
            "ends_at": "11:00",
            "place": "Phòng tiếp công dân",
            "host_name": "Giám đốc",
            "host_position": "Giám đốc Sở",
        }
        return client.post(
            "/api/v1/receptions/sessions", json.dumps(body), content_type="application/json"
        )
    if action == "schedule_page":
        return client.get(reverse("reception:schedule"))
    if action == "public_schedule_page":
        return client.get(reverse("reception:public_schedule"))
    raise AssertionError(action)


CELLS = [(a, r, s) for a, row in EXPECTED.items() for r, s in zip(ROLES, row, strict=True)]


@pytest.mark.parametrize(("action", "role", "status"), CELLS)
def test_permission_cell(world, action, role, status):
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    assert _do(action, client, world).status_code == status

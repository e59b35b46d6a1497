"""Who may do what in the registers: every role × every action, and who sees personal data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from danvan.registers.models import DisciplineCase, Inspection, PropagandaActivity

from .conftest import DECISION, OFFICIAL, POSITION

ROLES = [
    "admin",
    "coordinator",
    "officer_a",
    "head_a",
    "officer_b",
    "head_b",
    "viewer",
    "liaison",
    None,
]
# may read the unit A records
READERS_A = {"admin", "coordinator", "officer_a", "head_a", "viewer"}
# may record propaganda for unit A
WRITERS_A = {"coordinator", "officer_a", "head_a"}
# may see (and record) the personal data of unit A's disciplined officials
PERSONAL_A = {"coordinator", "head_a"}


def client_for(world, role):
    client = Client()
    if role is not None:
        client.force_login(getattr(world, role))
    return client


def expected(role, allowed):
    if role is None:
        return {302}
    return {200} if role in allowed else {403, 404}


@pytest.mark.parametrize("role", ROLES)
def test_reading_unit_a_records(world, records, role):
    client = client_for(world, role)
    for name, obj in [
        ("registers:propaganda", records["activity"]),
        ("registers:inspection", records["inspection"]),
        ("registers:case", records["case"]),
    ]:
        status = client.get(reverse(name, args=[obj.pk])).status_code
        assert status in expected(role, READERS_A), (role, name, status)
    for name in (
        "registers:home",
        "registers:propaganda_list",
        "registers:inspection_list",
        "registers:case_list",
    ):
        status = client.get(reverse(name)).status_code
        assert status == (302 if role is None else 200), (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_visible_records(world, records, role):
    if role is None:
        return
    client = client_for(world, role)
    html = client.get(reverse("registers:propaganda_list")).content.decode()
    assert (records["activity"].title in html) == (role in READERS_A)


@pytest.mark.parametrize("role", ROLES)
def test_recording_propaganda_for_unit_a(world, records, role):
    client = client_for(world, role)
    before = PropagandaActivity.objects.count()
    response = client.post(
        reverse("registers:propaganda_create"),
        {
            "unit": world.unit_a.pk,
            "held_on": "2026-06-01",
            "format": "social",
            "target_groups": ["remote"],
            "title": "Tuyên truyền trên trang Zalo",
            "participants": 300,
        },
    )
    made = PropagandaActivity.objects.count() - before
    if role in WRITERS_A:
        assert response.status_code == 302 and made == 1
    else:
        # refused (403), sent to login (302), or unit A is not among the form's choices (200)
        assert made == 0 and response.status_code in {200, 302, 403}
    edit = client.post(
        reverse("registers:propaganda_edit", args=[records["activity"].pk]),
        {
            "unit": world.unit_a.pk,
            "held_on": "2026-03-10",
            "format": "conference",
            "target_groups": ["officials"],
            "title": "Đã sửa",
            "participants": 1,
            "version": 1,
        },
    )
    records["activity"].refresh_from_db()
    assert (records["activity"].title == "Đã sửa") == (role in WRITERS_A), (role, edit.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_recording_inspections(world, records, role):
    client = client_for(world, role)
    before = Inspection.objects.count()
    client.post(
        reverse("registers:inspection_create"),
        {
            "held_on": "2026-06-01",
            "inspecting_unit": world.unit_a.pk,
            "inspected_unit": world.unit_b.pk,
            "scope": "Kiểm tra chéo",
        },
    )
    assert (Inspection.objects.count() - before == 1) == (role in WRITERS_A)


@pytest.mark.parametrize("role", ROLES)
def test_recording_discipline_cases(world, records, role):
    client = client_for(world, role)
    before = DisciplineCase.objects.count()
    client.post(
        reverse("registers:case_create"),
        {
            "unit": world.unit_a.pk,
            "official_name": "Lê Thị Khác",
            "violation_kind": "abuse",
            "description": "Lạm quyền",
            "decision_number": "30/QĐ",
            "decision_date": "2026-06-01",
            "discipline_form": "warning",
        },
    )
    assert (DisciplineCase.objects.count() - before == 1) == (role in PERSONAL_A)


@pytest.mark.parametrize("role", ROLES)
def test_personal_data_on_pages_exports_and_api(world, records, role):
    if role is None:
        return
    client = client_for(world, role)
    case = records["case"]
    sees = role in PERSONAL_A
    pages = [
        client.get(reverse("registers:case_list")).content.decode(),
        client.get(reverse("registers:case", args=[case.pk])).content.decode(),
        client.get(
            reverse("registers:inspection", args=[records["inspection"].pk])
        ).content.decode(),
    ]
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("registers:case_list") + f"?dinh_dang={fmt}")
        if fmt == "csv":
            pages.append(response.content.decode("utf-8-sig"))
        else:
            import io

            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(response.content))
            pages.append(
                " ".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row)
            )
    import json

    api_list = json.dumps(
        client.get("/api/v1/registers/discipline-cases").json(), ensure_ascii=False
    )
    one = client.get(f"/api/v1/registers/discipline-cases/{case.pk}")
    api_one = json.dumps(one.json(), ensure_ascii=False)
    pages += [api_list, api_one]
    for n, text in enumerate(pages):
        for secret in (OFFICIAL, POSITION, DECISION):
            assert (secret in text) == sees, (role, n, secret)
    if role in READERS_A:
        # the case is still counted and described for everyone who may read unit A
        assert "Hẹn lại hồ sơ nhiều lần" in pages[0]
        if not sees:
            assert "(ẩn – dữ liệu cá nhân)" in pages[0]


def test_searching_a_hidden_name_finds_nothing(world, records):
    client = client_for(world, "viewer")
    html = client.get(reverse("registers:case_list") + "?q=tran van bi mat").content.decode()
    assert "Chưa có trường hợp nào" in html
    html = client.get(reverse("registers:case_list") + "?q=hen lai ho so").content.decode()
    assert "(ẩn – dữ liệu cá nhân)" in html


def test_audit_trail_holds_no_personal_data(world, records):
    from danvan.core.audit import history_for

    [event] = history_for(records["case"])
    dumped = str(event.after) + event.object_repr
    assert OFFICIAL not in dumped and DECISION not in dumped and POSITION not in dumped


@pytest.mark.parametrize("role", ROLES)
def test_api_writes(world, records, role):
    client = client_for(world, role)
    body = {
        "unit_id": world.unit_a.pk,
        "held_on": "2026-06-02",
        "format": "media",
        "target_groups": ["public"],
        "title": "Bài viết trên Cổng thông tin",
        "participants": 0,
    }
    response = client.post("/api/v1/registers/propaganda", body, content_type="application/json")
    assert response.status_code == {None: 401}.get(role, 201 if role in WRITERS_A else 403)
    case_body = {
        "unit_id": world.unit_a.pk,
        "official_name": "Phạm Văn API",
        "violation_kind": "other",
        "description": "Đi muộn nhiều lần",
        "decision_number": f"API-{role}",
        "decision_date": "2026-06-03",
        "discipline_form": "reprimand",
    }
    response = client.post(
        "/api/v1/registers/discipline-cases", case_body, content_type="application/json"
    )
    assert response.status_code == {None: 401}.get(role, 201 if role in PERSONAL_A else 403)
    totals = client.get(
        f"/api/v1/registers/totals?unit_id={world.unit_a.pk}&date_from=2026-01-01&date_to=2026-12-31"
    )
    assert totals.status_code == {None: 401}.get(role, 200 if role in READERS_A else 403)
    if role in READERS_A:
        assert totals.json()["propaganda_events"] == 1 + (role in WRITERS_A)


def test_decision_date_in_the_future_is_refused(world, records):
    from danvan.core.errors import ApplicationError
    from danvan.registers import services

    with pytest.raises(ApplicationError, match="sau hôm nay"):
        services.discipline_case_create(
            unit=world.unit_a,
            official_name="A",
            violation_kind="abuse",
            description="B",
            decision_number="X",
            decision_date=dt.date.today() + dt.timedelta(days=3),
            discipline_form="warning",
            by=world.coordinator,
        )

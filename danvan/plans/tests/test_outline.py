"""Editing a plan's outline: sections and items, on the page and through the API."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from danvan.core.access import PermissionDeniedError
from danvan.core.audit import history_for
from danvan.core.errors import ApplicationError
from danvan.core.models import AuditEvent
from danvan.plans import services
from danvan.plans.models import Item, Plan, Section
from danvan.plans.outline import STANDARD_OUTLINE


def _draft(world) -> Plan:
    return services.plan_create(
        issuer=world.province, title="Kế hoạch thử khung đề mục", year=2027, by=world.coordinator
    )


def test_the_standard_outline_gives_the_seven_task_groups_and_is_refused_twice(world):
    plan = _draft(world)
    services.plan_outline_standard(plan=plan, by=world.coordinator)
    outline = [(s.numeral, [i.number for i in s.items.all()]) for s in plan.sections.all()]
    assert outline == [("I", ["1", "2"]), ("II", [str(n) for n in range(1, 8)]), ("III", [])]
    titles = list(Item.objects.filter(section__plan=plan).values_list("title", flat=True))
    assert (
        "Phong trào thi đua “Dân vận khéo” gắn với học tập và làm theo tư tưởng, "
        in (titles[4] + " ")[
            : len("Phong trào thi đua “Dân vận khéo” gắn với học tập và làm theo tư tưởng, ")
        ]
    )
    assert len(STANDARD_OUTLINE[1][2]) == 7
    with pytest.raises(ApplicationError):
        services.plan_outline_standard(plan=plan, by=world.coordinator)
    assert plan.sections.count() == 3


def test_sections_are_unique_renamed_and_removed_only_without_tasks(world):
    plan = _draft(world)
    first = services.section_add(plan=plan, numeral=" I ", title="Mục đích", by=world.coordinator)
    assert first.numeral == "I"
    with pytest.raises(ApplicationError) as taken:
        services.section_add(plan=plan, numeral="I", title="Trùng", by=world.coordinator)
    assert taken.value.field == "numeral"
    with pytest.raises(ApplicationError) as empty:
        services.section_add(plan=plan, numeral="II", title="  ", by=world.coordinator)
    assert empty.value.field == "title"
    second = services.section_add(plan=plan, numeral="II", title="Nhiệm vụ", by=world.coordinator)
    services.section_update(
        section=second, numeral="II", title="NHIỆM VỤ, GIẢI PHÁP", by=world.coordinator
    )
    second.refresh_from_db()
    assert second.title == "NHIỆM VỤ, GIẢI PHÁP"
    assert history_for(second).filter(action="section.update").exists()
    # The world's section holds a task: it stays.
    with pytest.raises(ApplicationError) as busy:
        services.section_remove(section=world.item.section, by=world.coordinator)
    assert busy.value.code == "has_tasks"
    first_id = first.pk
    services.section_remove(section=first, by=world.coordinator)
    assert list(plan.sections.values_list("numeral", "position")) == [("II", 0)]
    removed = AuditEvent.objects.get(action="section.remove", object_id=str(first_id))
    assert removed.before["title"] == "Mục đích" and removed.actor == world.coordinator


def test_items_are_edited_and_an_item_with_an_archived_task_is_kept(world):
    section = world.item.section
    item = services.item_add(
        section=section, number="4", title="Cải cách hành chính", by=world.coordinator
    )
    services.item_update(
        item=item, number="4", title="Công tác cải cách hành chính", body="", by=world.coordinator
    )
    item.refresh_from_db()
    assert item.title == "Công tác cải cách hành chính"
    task = services.task_create(
        item=item, code="II.4.1", title="Nâng PAR INDEX", by=world.coordinator
    )
    task.archived_at = task.created_at
    task.save(update_fields=["archived_at"])
    with pytest.raises(ApplicationError):
        services.item_remove(item=item, by=world.coordinator)
    empty = services.item_add(
        section=section, number="5", title="Đạo đức công vụ", by=world.coordinator
    )
    services.item_remove(item=empty, by=world.coordinator)
    assert not Item.objects.filter(pk=empty.pk).exists()


def test_only_the_coordinator_edits_the_outline(world):
    for user in (world.officer_a, world.head_a, world.viewer, world.admin):
        with pytest.raises(PermissionDeniedError):
            services.section_add(plan=world.plan, numeral="IV", title="X", by=user)
        with pytest.raises(PermissionDeniedError):
            services.item_update(item=world.item, number="3", title="X", by=user)
        with pytest.raises(PermissionDeniedError):
            services.item_remove(item=world.item, by=user)
    world.item.refresh_from_db()
    assert world.item.title == "Phong trào thi đua “Dân vận khéo”"


def test_a_new_plan_made_on_the_page_gets_the_standard_outline(world, login, client):
    login(world.coordinator)
    response = client.post(
        reverse("plans:create"),
        {"title": "Kế hoạch năm 2027", "year": "2027", "doc_type": "KH", "standard_outline": "on"},
    )
    plan = Plan.objects.get(title="Kế hoạch năm 2027")
    assert response.status_code == 302
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "II. NHIỆM VỤ, GIẢI PHÁP" in page
    assert page.count("Sửa mục") == 9
    without = client.post(
        reverse("plans:create"), {"title": "Kế hoạch trống", "year": "2027", "doc_type": "KH"}
    )
    assert without.status_code == 302
    assert not Plan.objects.get(title="Kế hoạch trống").sections.exists()


def test_outline_pages_keep_what_was_typed_when_refused(world, login, client):
    login(world.coordinator)
    plan = _draft(world)
    services.section_add(plan=plan, numeral="I", title="Mục đích, yêu cầu", by=world.coordinator)
    add = reverse("plans:section_add", args=[plan.pk])
    assert 'value="II"' in client.get(add).content.decode()  # the next numeral is proposed
    refused = client.post(add, {"numeral": "I", "title": "Tiêu đề gõ dở của người dùng"})
    body = refused.content.decode()
    assert refused.status_code == 200
    assert "Kế hoạch đã có phần I." in body and "Tiêu đề gõ dở của người dùng" in body
    assert plan.sections.count() == 1

    section = plan.sections.get()
    item_add = reverse("plans:item_add", args=[section.pk])
    assert 'value="1"' in client.get(item_add).content.decode()
    made = client.post(item_add, {"number": "1", "title": "Mục đích", "body": "Nội dung"})
    assert made.status_code == 302 and made["Location"].endswith(f"#muc-{section.items.get().pk}")
    edit = reverse("plans:item_edit", args=[section.items.get().pk])
    assert client.post(edit, {"number": "1", "title": "", "body": "x"}).status_code == 200
    assert client.post(edit, {"remove": "1"}).status_code == 302
    assert not section.items.exists()
    section_edit = reverse("plans:section_edit", args=[section.pk])
    assert client.post(section_edit, {"remove": "1", "confirm": "1"}).status_code == 302
    assert not plan.sections.exists()


def test_a_section_with_tasks_cannot_be_removed_on_the_page(world, login, client):
    login(world.coordinator)
    url = reverse("plans:section_edit", args=[world.item.section_id])
    page = client.get(url).content.decode()
    assert "Không xóa được vì đề mục còn nhiệm vụ" in page
    unconfirmed = client.post(url, {"remove": "1"})
    assert "Hãy đánh dấu ô xác nhận" in unconfirmed.content.decode()
    refused = client.post(url, {"remove": "1", "confirm": "1"})
    assert refused.status_code == 200
    assert "Còn nhiệm vụ thuộc đề mục này" in refused.content.decode()
    assert Section.objects.filter(pk=world.item.section_id).exists()


def test_an_empty_task_group_used_by_a_report_form_is_kept(world, login, client):
    from danvan.reports import services as reports

    empty = services.item_add(
        section=world.item.section, number="4", title="Cải cách hành chính", by=world.coordinator
    )
    reports.form_create_default(by=world.coordinator, plan=world.plan)
    assert not services.outline_removable(empty)
    with pytest.raises(ApplicationError) as refused:
        services.item_remove(item=empty, by=world.coordinator)
    assert refused.value.code == "in_use"
    login(world.coordinator)
    url = reverse("plans:item_edit", args=[empty.pk])
    assert "mẫu báo cáo" in client.get(url).content.decode()
    answer = client.post(url, {"remove": "1"})
    assert answer.status_code == 200 and "mẫu báo cáo" in answer.content.decode()
    api = Client()
    api.force_login(world.coordinator)
    response = api.delete(f"/api/v1/plans/items/{empty.pk}")
    assert response.status_code == 422 and response.json()["error"]["code"] == "in_use"
    assert Item.objects.filter(pk=empty.pk).exists()


def test_numerals_are_compared_without_case(world):
    plan = _draft(world)
    services.section_add(plan=plan, numeral="II", title="Nhiệm vụ", by=world.coordinator)
    with pytest.raises(ApplicationError):
        services.section_add(plan=plan, numeral="ii", title="Trùng", by=world.coordinator)
    made = services.section_add(plan=plan, numeral="iii", title="Tổ chức", by=world.coordinator)
    assert made.numeral == "III"


def test_other_roles_cannot_open_the_outline_pages(world, login, client):
    urls = [
        reverse("plans:section_add", args=[world.plan.pk]),
        reverse("plans:section_edit", args=[world.item.section_id]),
        reverse("plans:item_add", args=[world.item.section_id]),
        reverse("plans:item_edit", args=[world.item.pk]),
    ]
    for user in (world.officer_a, world.head_b, world.viewer):
        login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user.username, url)
            assert client.post(url, {"numeral": "IV", "title": "X"}).status_code == 403
        assert (
            client.post(reverse("plans:outline_standard", args=[world.plan.pk])).status_code == 403
        )
    assert world.plan.sections.count() == 1


def test_outline_through_the_api(world):
    api = Client()
    api.force_login(world.coordinator)

    def send(method: str, url: str, body: object = None):  # type: ignore[no-untyped-def]
        data = json.dumps(body) if body is not None else ""
        return api.generic(method, url, data, content_type="application/json")

    made = send(
        "POST", f"/api/v1/plans/{world.plan.pk}/sections", {"numeral": "III", "title": "Tổ chức"}
    )
    assert made.status_code == 201
    section_id = made.json()["id"]
    renamed = send("PATCH", f"/api/v1/plans/sections/{section_id}", {"title": "TỔ CHỨC THỰC HIỆN"})
    assert renamed.status_code == 200 and renamed.json()["numeral"] == "III"
    assert renamed.json()["title"] == "TỔ CHỨC THỰC HIỆN"
    clash = send("PATCH", f"/api/v1/plans/sections/{section_id}", {"numeral": "II"})
    assert clash.status_code == 422
    assert clash.json()["error"]["fields"][0]["field"] == "numeral"
    item = send(
        "POST", f"/api/v1/plans/sections/{section_id}/items", {"number": "1", "title": "Sở Nội vụ"}
    )
    item_id = item.json()["id"]
    patched = send("PATCH", f"/api/v1/plans/items/{item_id}", {"body": "Chủ trì, theo dõi"})
    assert patched.json() == {
        "id": item_id,
        "number": "1",
        "title": "Sở Nội vụ",
        "body": "Chủ trì, theo dõi",
    }
    busy = send("DELETE", f"/api/v1/plans/items/{world.item.pk}")
    assert busy.status_code == 422 and busy.json()["error"]["code"] == "has_tasks"
    assert send("DELETE", f"/api/v1/plans/items/{item_id}").status_code == 204
    assert send("DELETE", f"/api/v1/plans/sections/{section_id}").status_code == 204
    other = Client()
    other.force_login(world.officer_a)
    denied = other.generic(
        "DELETE", f"/api/v1/plans/items/{world.item.pk}", "", content_type="application/json"
    )
    assert denied.status_code == 403

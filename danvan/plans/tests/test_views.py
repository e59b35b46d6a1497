from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.plans import services
from danvan.plans.models import Assignment, UnitPlan

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_every_main_page_renders_for_each_role(world, login, client):
    up = services.unit_plan_create(
        plan=world.plan, unit=world.unit_a, title="Kế hoạch triển khai", by=world.officer_a
    )
    pages = [
        reverse("core:dashboard"),
        reverse("core:search") + "?q=dan+van+kheo",
        reverse("plans:list"),
        reverse("plans:detail", args=[world.plan.pk]),
        reverse("plans:task", args=[world.task.pk]),
        reverse("plans:unit_plans"),
        reverse("plans:difficulties"),
        reverse("orgs:list"),
        reverse("orgs:detail", args=[world.unit_a.pk]),
        reverse("notifications:list"),
        reverse("accounts:profile"),
        reverse("accounts:tokens"),
    ]
    for user in [world.coordinator, world.officer_a, world.head_b, world.viewer, world.liaison]:
        login(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, (user.username, url, response.status_code)
            assert '<html lang="vi"' in response.content.decode()
    login(world.officer_a)
    assert client.get(reverse("plans:unit_plan", args=[up.pk])).status_code == 200
    assert client.get(reverse("plans:progress", args=[world.assignment_a.pk])).status_code == 200
    login(world.coordinator)
    assert client.get(reverse("plans:assign", args=[world.task.pk])).status_code == 200


def test_anonymous_visitor_is_sent_to_login(client, world):
    response = client.get(reverse("plans:detail", args=[world.plan.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_refused_progress_keeps_what_the_user_typed(world, login, client):
    login(world.officer_a)
    narrative = "Đã tổ chức 5 hội nghị quán triệt với 420 lượt người tham dự"
    response = client.post(
        reverse("plans:progress", args=[world.assignment_a.pk]),
        {"status": "done", "percent": "40", "narrative": narrative},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "tỷ lệ phải là 100%" in body
    assert narrative in body
    assert world.assignment_a.updates.count() == 0


def test_progress_with_evidence_is_saved_and_downloadable_only_by_allowed_people(
    world, login, client
):
    login(world.officer_a)
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("plans:progress", args=[world.assignment_a.pk]),
        {"status": "in_progress", "percent": "50", "narrative": "Đã phát động", "files": [upload]},
    )
    assert response.status_code == 302
    evidence = Assignment.objects.get(pk=world.assignment_a.pk).evidence.get()
    url = reverse("plans:evidence", args=[evidence.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    login(world.coordinator)
    assert client.get(url).status_code == 200
    login(world.officer_b)
    assert client.get(url).status_code == 404


def test_officer_of_another_unit_cannot_open_the_progress_form(world, login, client):
    login(world.officer_b)
    url = reverse("plans:progress", args=[world.assignment_a.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"status": "in_progress", "percent": "10", "narrative": "x"})
    assert response.status_code == 404
    assert world.assignment_a.updates.count() == 0


def test_unit_officer_cannot_open_the_assignment_screen(world, login, client):
    login(world.officer_a)
    assert client.get(reverse("plans:assign", args=[world.task.pk])).status_code == 403


def test_coordinator_assigns_a_task_through_the_page(world, login, client):
    task = services.task_create(
        item=world.item, code="II.3.7", title="Nhiệm vụ mới", by=world.coordinator
    )
    login(world.coordinator)
    response = client.post(
        reverse("plans:assign", args=[task.pk]),
        {"role": "lead", "units": [world.unit_b.pk], "groups": []},
        follow=True,
    )
    assert response.status_code == 200
    assert "Đã giao nhiệm vụ cho 1 đơn vị" in response.content.decode()
    assert task.assignments.get().unit == world.unit_b


def test_conflicting_edit_of_a_unit_plan_is_refused_and_keeps_the_text(world, login, client):
    up = services.unit_plan_create(
        plan=world.plan, unit=world.unit_a, title="Kế hoạch triển khai", by=world.officer_a
    )
    stale = up.version
    services.unit_plan_update(
        unit_plan=up, expected_version=stale, title="Bản đã lưu", summary="", by=world.head_a
    )
    login(world.officer_a)
    mine = "Nội dung tôi vừa soạn rất dài, không được mất"
    response = client.post(
        reverse("plans:unit_plan", args=[up.pk]),
        {"action": "save", "version": stale, "title": "Bản của tôi", "summary": mine},
    )
    body = response.content.decode()
    assert "đã được người khác thay đổi" in body
    assert mine in body
    assert UnitPlan.objects.get(pk=up.pk).title == "Bản đã lưu"


def test_coordinator_returns_a_unit_plan_with_comments(world, login, client):
    up = services.unit_plan_create(
        plan=world.plan, unit=world.unit_a, title="Kế hoạch triển khai", by=world.officer_a
    )
    services.activity_add(unit_plan=up, task=world.task, title="Hội nghị", by=world.officer_a)
    services.unit_plan_submit(unit_plan=up, by=world.head_a)
    login(world.coordinator)
    response = client.post(
        reverse("plans:unit_plan_review", args=[up.pk]), {"decision": "return", "comment": ""}
    )
    assert response.status_code == 422
    assert "Hãy ghi rõ nội dung cần chỉnh sửa" in response.content.decode()
    response = client.post(
        reverse("plans:unit_plan_review", args=[up.pk]),
        {"decision": "return", "comment": "Bổ sung kinh phí"},
    )
    assert response.status_code == 302
    assert UnitPlan.objects.get(pk=up.pk).status == "returned"


def test_draft_unit_plan_is_invisible_outside_the_unit(world, login, client):
    up = services.unit_plan_create(
        plan=world.plan, unit=world.unit_a, title="Bản nháp nội bộ", by=world.officer_a
    )
    url = reverse("plans:unit_plan", args=[up.pk])
    for user in [world.officer_b, world.head_b, world.coordinator, world.viewer]:
        login(user)
        assert client.get(url).status_code == 404, user.username
        assert "Bản nháp nội bộ" not in client.get(reverse("plans:unit_plans")).content.decode()


def test_logout_requires_post(world, login, client):
    login(world.officer_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_api_token_is_shown_once_and_stored_hashed(world, login, client):
    from danvan.accounts.models import ApiToken

    login(world.officer_a)
    response = client.post(reverse("accounts:tokens"), {"name": "Máy chủ báo cáo"})
    body = response.content.decode()
    token = ApiToken.objects.get(user=world.officer_a)
    assert token.prefix in body
    again = client.get(reverse("accounts:tokens")).content.decode()
    start = body.index(token.prefix)
    raw = body[start : start + 46].split("<")[0]
    assert len(raw) > 30 and raw not in again
    assert token.key_hash != raw


def test_plan_progress_exports_as_xlsx_and_csv_limited_to_what_the_user_sees(world, login, client):
    import io

    from openpyxl import load_workbook

    login(world.coordinator)
    url = reverse("plans:export", args=[world.plan.pk])
    xlsx = client.get(url + "?xuat=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Mã nhiệm vụ"
    assert {r[3] for r in rows[1:]} == {"Sở Thông tin và Truyền thông", "Sở Tư pháp"}
    login(world.officer_b)
    csv_body = client.get(url + "?xuat=csv").content.decode("utf-8-sig")
    assert "Sở Tư pháp" in csv_body and "Sở Thông tin và Truyền thông" not in csv_body


def test_export_neutralises_spreadsheet_formulas(world, login, client):
    from danvan.orgs import services as orgs

    orgs.unit_create(code="T-EVIL", name='=HYPERLINK("x")', kind="other", by=world.admin)
    login(world.coordinator)
    body = client.get(reverse("orgs:list") + "?xuat=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_issuing_a_plan_without_tasks_shows_the_reason(world, login, client):
    plan = services.plan_create(
        issuer=world.province, title="Kế hoạch chưa có nhiệm vụ", year=2026, by=world.coordinator
    )
    login(world.coordinator)
    response = client.post(reverse("plans:issue", args=[plan.pk]), follow=True)
    assert response.status_code == 200
    assert "chưa có nhiệm vụ nào" in response.content.decode()

"""Recommendation pages: forms keep what was typed on errors, filters, export, never a 500."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from danvan.front import services
from danvan.front.models import Recommendation, RecommendationStatus

from .conftest import file_one, pdf


def _file_form(world, **extra):
    data = {
        "organisation": world.front.pk,
        "document_symbol": "20/BC-MTTQ",
        "filed_on": "2026-06-10",
        "title": "Kiến nghị về đèn chiếu sáng hẻm",
        "source_kind": "voter_meeting",
        "source_name": "Tiếp xúc cử tri phường 1",
        "source_date": "2026-06-05",
        "content": "Cử tri đề nghị lắp đèn chiếu sáng.",
    }
    data.update(extra)
    return data


def test_liaison_files_through_the_page(world, today, login):
    client = login(world.liaison)
    data = _file_form(world, files=[pdf("van-ban.pdf")])
    response = client.post(reverse("front:create"), data)
    rec = Recommendation.objects.get()
    assert response.status_code == 302 and response.url == reverse("front:detail", args=[rec.pk])
    assert rec.files.get().original_name == "van-ban.pdf"
    page = client.get(response.url).content.decode()
    assert "Kiến nghị về đèn chiếu sáng hẻm" in page and "van-ban.pdf" in page


def test_service_error_keeps_everything_typed(world, today, login):
    client = login(world.liaison)
    response = client.post(reverse("front:create"), _file_form(world, source_date="2026-06-12"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hoạt động phải diễn ra trước hoặc trong ngày kiến nghị." in page
    assert "Kiến nghị về đèn chiếu sáng hẻm" in page
    assert "Cử tri đề nghị lắp đèn chiếu sáng." in page
    assert "Tiếp xúc cử tri phường 1" in page
    assert not Recommendation.objects.exists()


def test_bad_file_is_refused_with_a_message_and_input_kept(world, today, login):
    client = login(world.liaison)
    fake = SimpleUploadedFile("van-ban.pdf", b"<html>not a pdf</html>")
    response = client.post(reverse("front:create"), _file_form(world, files=[fake]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "không khớp với phần mở rộng" in page
    assert "Kiến nghị về đèn chiếu sáng hẻm" in page


def test_garbage_input_never_fails(world, today, login):
    client = login(world.liaison)
    for data in (
        {},
        _file_form(world, organisation="abc", filed_on="31/12/2026", source_kind="x"),
        _file_form(world, organisation=world.unit_a.pk),
        _file_form(world, title="x" * 5000, content="a\x00b"),
    ):
        assert client.post(reverse("front:create"), data).status_code == 200
    assert not Recommendation.objects.exists()


def test_assign_page_suggests_working_days_and_keeps_input_on_error(world, filed, login):
    client = login(world.coordinator)
    url = reverse("front:assign", args=[filed.pk])
    page = client.get(url)
    assert page.context["form"].initial["due_on"] == services.default_due_on(dt.date(2026, 6, 15))
    assert "không phải thời hạn do pháp luật quy định" in page.content.decode()
    response = client.post(
        url,
        {
            "unit": world.unit_a.pk,
            "due_on": "2026-05-01",
            "comment": "Ghi chú riêng",
            "version": filed.version,
        },
    )
    assert response.status_code == 200
    assert "Hạn trả lời không được trước ngày kiến nghị" in response.content.decode()
    assert "Ghi chú riêng" in response.content.decode()
    response = client.post(
        url, {"unit": world.unit_a.pk, "due_on": "2026-07-20", "version": filed.version}
    )
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.status == RecommendationStatus.ASSIGNED


def test_stale_form_shows_conflict_and_keeps_text(world, assigned, login):
    client = login(world.officer_a)
    url = reverse("front:answer", args=[assigned.pk])
    response = client.post(
        url,
        {"text": "Nội dung trả lời dài", "version": assigned.version - 1, "documents": [pdf()]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "đã được người khác thay đổi" in page
    assert "Nội dung trả lời dài" in page


def test_answer_without_document_is_refused_on_the_page(world, assigned, login):
    client = login(world.officer_a)
    response = client.post(
        reverse("front:answer", args=[assigned.pk]),
        {"text": "Trả lời", "version": assigned.version},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["documents"]
    assert "Trả lời" in response.content.decode()


def test_unit_answers_and_liaison_assesses_through_pages(world, assigned, login):
    officer = login(world.officer_a)
    response = officer.post(
        reverse("front:answer", args=[assigned.pk]),
        {
            "text": "Sở đã xử lý.",
            "document_symbol": "12/STTTT",
            "version": assigned.version,
            "documents": [pdf("cong-van.pdf")],
        },
    )
    assert response.status_code == 302
    assigned.refresh_from_db()
    liaison = login(world.liaison)
    page = liaison.get(reverse("front:detail", args=[assigned.pk])).content.decode()
    assert "Sở đã xử lý." in page and "cong-van.pdf" in page
    no_comment = liaison.post(
        reverse("front:assess", args=[assigned.pk]),
        {"decision": "not_satisfied", "comment": "", "version": assigned.version},
    )
    assert "Hãy nêu rõ nội dung Mặt trận chưa thống nhất" in no_comment.content.decode()
    done = liaison.post(
        reverse("front:assess", args=[assigned.pk]),
        {"decision": "satisfied", "comment": "Thống nhất", "version": assigned.version},
    )
    assert done.status_code == 302
    assigned.refresh_from_db()
    assert assigned.status == RecommendationStatus.SATISFIED


def test_consent_with_stale_version_shows_message(world, satisfied, login):
    client = login(world.liaison)
    response = client.post(
        reverse("front:consent", args=[satisfied.pk]),
        {"side": "front", "consent": "yes", "version": satisfied.version - 1},
        follow=True,
    )
    assert "đã được người khác thay đổi" in response.content.decode()
    bad = client.post(reverse("front:consent", args=[satisfied.pk]), {"side": "x"}, follow=True)
    assert bad.status_code == 200


def test_list_filters_search_without_diacritics_and_overdue(world, assigned, login):
    other = file_one(world, title="Kiến nghị về môi trường", content="Rác thải")
    late_one = file_one(world, title="Kiến nghị về y tế", content="Trạm y tế")
    late_one = services.recommendation_assign(
        recommendation=late_one,
        unit=world.unit_b,
        due_on=dt.date(2026, 6, 10),
        expected_version=late_one.version,
        by=world.coordinator,
    )
    client = login(world.coordinator)
    url = reverse("front:list")
    found = client.get(url, {"q": "CAP PHEP xay dung"}).context["page"].object_list
    assert [r.pk for r in found] == [assigned.pk]
    by_status = client.get(url, {"trang_thai": "filed"}).context["page"].object_list
    assert [r.pk for r in by_status] == [other.pk]
    by_unit = client.get(url, {"don_vi": world.unit_a.pk}).context["page"].object_list
    assert [r.pk for r in by_unit] == [assigned.pk]
    late = client.get(url, {"qua_han": "on"}).context["page"].object_list
    assert [r.pk for r in late] == [late_one.pk]
    assert client.get(url, {"nam": "1999", "don_vi": "abc", "trang": "x"}).status_code == 200


def test_list_statistics(world, assigned, login, freeze):
    file_one(world, title="Chưa giao")
    freeze(dt.date(2026, 7, 16))
    stats = login(world.coordinator).get(reverse("front:list")).context["stats"]
    assert (stats.total.received, stats.total.overdue, stats.total.not_due) == (2, 1, 1)
    [unassigned, unit_a] = stats.by_unit
    assert unit_a.label == world.unit_a.name and unit_a.overdue == 1
    assert unassigned.unit_id is None and unassigned.not_due == 1
    assert [(r.year, r.received) for r in stats.by_year] == [(2026, 2)]


def test_list_exports_csv_and_xlsx_with_formulas_neutralised(world, today, login):
    file_one(world, title='=HYPERLINK("http://x")')
    client = login(world.coordinator)
    csv = client.get(reverse("front:list"), {"xuat": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" in csv
    xlsx = client.get(reverse("front:list"), {"xuat": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B2"].value.startswith("'=")
    assert client.get(reverse("front:list"), {"xuat": "pdf"}).status_code == 404


def test_public_pages_paginate_and_search(world, satisfied, login):
    for side, by in (("front", world.liaison), ("unit", world.head_a)):
        satisfied = services.recommendation_publish_consent(
            recommendation=satisfied,
            side=side,
            consent=True,
            expected_version=satisfied.version,
            by=by,
        )
    client = login(world.viewer)
    client.logout()
    url = reverse("front:public_list")
    assert client.get(url, {"q": "xay dung"}).context["page"].paginator.count == 1
    assert client.get(url, {"q": "không có"}).context["page"].paginator.count == 0
    assert client.get(url, {"q": "a\x00b", "trang": "99"}).status_code == 200
    detail = client.get(reverse("front:public_detail", args=[satisfied.pk])).content.decode()
    assert "Sở đã chỉ đạo rút ngắn thời gian giải quyết" in detail
    assert "Thống nhất" in detail


def test_statistics_export_per_unit_with_a_total(world, assigned, login):
    file_one(world, title="Chưa giao")
    client = login(world.coordinator)
    csv = client.get(reverse("front:list"), {"xuat": "csv", "bang": "don-vi"})
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Đơn vị giải quyết,Nhận được")
    assert lines[1:] == [
        "Chưa giao,1,0,0,0,1",
        f"{world.unit_a.name},1,0,0,0,1",
        "Tổng cộng,2,0,0,0,2",
    ]
    xlsx = client.get(reverse("front:list"), {"xuat": "xlsx", "bang": "nam", "q": "chua giao"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]] == ["2026", 1, 0, 0, 0, 1]


def test_each_role_sees_what_waits_for_it(world, assigned, login):
    filed = file_one(world, title="Kiến nghị chờ giao")

    def todo(user):
        return [
            (t.rec.pk, t.action) for t in login(user).get(reverse("front:list")).context["todo"]
        ]

    assert todo(world.coordinator) == [(filed.pk, "Cần giao đơn vị trả lời")]
    assert todo(world.officer_a) == [(assigned.pk, "Đơn vị cần trả lời")]
    assert todo(world.officer_b) == []
    assert todo(world.liaison) == []
    services.recommendation_answer(
        recommendation=assigned,
        text="Trả lời",
        documents=[pdf()],
        expected_version=assigned.version,
        by=world.officer_a,
    )
    assert todo(world.liaison) == [(assigned.pk, "Cần đánh giá trả lời")]
    assert todo(world.officer_a) == []
    assigned.refresh_from_db()
    services.recommendation_assess(
        recommendation=assigned,
        satisfied=True,
        comment="",
        expected_version=assigned.version,
        by=world.liaison,
    )
    assert todo(world.liaison) == [(assigned.pk, "Chờ Mặt trận đồng ý công khai")]
    assert todo(world.head_a) == [(assigned.pk, "Chờ lãnh đạo đơn vị đồng ý công khai")]
    assert todo(world.officer_a) == []

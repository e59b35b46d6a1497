"""Consultation pages: public flow, input kept on error, moderation, summary, exports, DOCX."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document

from danvan.consultations import services
from danvan.consultations.models import Comment

from .conftest import VN, last_code, stamp_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _post_public(client, consultation, clock, section=None, **extra):
    data = {
        "section": section.pk if section else "",
        "body": "Đề nghị làm rõ thời hạn công khai.",
        "author_name": "Lê Thị Cúc",
        "contact_kind": "email",
        "email": "cuc@example.invalid",
        "website": "",
        "stamp": stamp_for(clock),
    }
    data.update(extra)
    return client.post(reverse("consultations:comment_submit", args=[consultation.pk]), data)


@pytest.fixture
def approved(world, open_consultation, clock, django_capture_on_commit_callbacks):
    """A verified, approved public comment on section 2."""
    section = open_consultation.sections.all()[1]
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_submit_public(
            consultation=open_consultation,
            section=section,
            body="Đề nghị công khai cả trên loa truyền thanh.",
            author_name="Phạm Văn Dũng",
            contact_kind="email",
            email="dung@example.invalid",
            ip="203.0.113.9",
            stamp=stamp_for(clock),
        )
    services.comment_verify(comment=comment, code=last_code())
    return services.comment_moderate(comment=comment, decision="approve", by=world.officer_a)


def test_draft_is_not_public(world, draft):
    response = Client().get(reverse("consultations:public_detail", args=[draft.pk]))
    assert response.status_code == 404


def test_public_pages_show_open_consultation(world, open_consultation):
    client = Client()
    listing = client.get(reverse("consultations:public_list") + "?q=dan+chu")
    assert open_consultation.title in listing.content.decode()
    page = client.get(reverse("consultations:public_detail", args=[open_consultation.pk]))
    html = page.content.decode()
    assert "Chương II. Công khai thông tin" in html
    assert html.count('name="stamp"') == 4  # three sections and the whole draft


def test_public_comment_then_code_then_pending(
    world, open_consultation, clock, django_capture_on_commit_callbacks
):
    client = Client()
    section = open_consultation.sections.all()[1]
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_public(client, open_consultation, clock, section=section)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert response.url == reverse("consultations:comment_verify", args=[comment.token])
    page = client.get(response.url).content.decode()
    assert "c***@example.invalid" in page and "cuc@example.invalid" not in page
    wrong = client.post(response.url, {"code": "12"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    done = client.post(response.url, {"code": last_code()})
    assert done.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "pending" and comment.section == section


def test_errors_keep_what_was_typed(world, open_consultation, clock):
    response = _post_public(
        Client(), open_consultation, clock, email="khong-phai-email", body="Ý kiến rất dài của tôi"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ý kiến rất dài của tôi" in html and "Lê Thị Cúc" in html
    assert not Comment.objects.exists()


def test_too_fast_submission_keeps_input_and_gets_a_new_stamp(world, open_consultation, clock):
    from danvan.consultations import challenge

    response = _post_public(
        Client(), open_consultation, clock, stamp=challenge.issue_stamp(clock()), body="Nhanh quá"
    )
    html = response.content.decode()
    assert "Bạn gửi quá nhanh" in html and "Nhanh quá" in html
    assert not Comment.objects.exists()


def test_honeypot_is_refused_on_the_page(world, open_consultation, clock):
    response = _post_public(Client(), open_consultation, clock, website="http://spam.example")
    assert "không hợp lệ" in response.content.decode()
    assert not Comment.objects.exists()


def test_signed_in_user_comments_as_organisation(world, open_consultation, login):
    client = login(world.liaison)
    response = client.post(
        reverse("consultations:comment_submit", args=[open_consultation.pk]),
        {"section": "", "body": "Ý kiến của Mặt trận", "organisation": world.front.pk},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.as_organisation and comment.status == "pending"


def test_public_never_sees_contacts_or_unapproved(world, open_consultation, approved):
    html = (
        Client()
        .get(reverse("consultations:public_detail", args=[open_consultation.pk]))
        .content.decode()
    )
    assert "Phạm Văn Dũng" in html and "dung@example.invalid" not in html
    services.comment_moderate(
        comment=approved, decision="reject", reason="spam", by=world.officer_a
    )
    html = (
        Client()
        .get(reverse("consultations:public_detail", args=[open_consultation.pk]))
        .content.decode()
    )
    assert "Phạm Văn Dũng" not in html


def test_moderation_queue_is_for_the_owning_unit(world, open_consultation, approved, login):
    url = reverse("consultations:moderation", args=[open_consultation.pk]) + "?trang_thai=approved"
    assert login(world.officer_b).get(url).status_code == 404
    html = login(world.officer_a).get(url).content.decode()
    assert "dung@example.invalid" in html  # the unit sees contacts
    viewer = login(world.viewer).get(url).content.decode()
    assert approved.code in viewer and "dung@example.invalid" not in viewer


def test_rejecting_without_reason_shows_error_and_keeps_note(
    world, open_consultation, approved, login
):
    client = login(world.officer_a)
    prefix = f"c{approved.pk}"
    response = client.post(
        reverse("consultations:moderate", args=[approved.pk]),
        {
            f"{prefix}-decision": "reject",
            f"{prefix}-reason": "",
            f"{prefix}-note": "Ghi chú của tôi",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hãy chọn lý do không duyệt" in html and "Ghi chú của tôi" in html
    approved.refresh_from_db()
    assert approved.status == "approved"


def test_summary_answer_publish_and_public_summary(
    world, open_consultation, approved, clock, login
):
    officer = login(world.officer_a)
    officer.post(
        reverse("consultations:close", args=[open_consultation.pk]), {"reason": "Đã đủ ý kiến"}
    )
    summary_url = reverse("consultations:summary", args=[open_consultation.pk])
    refused = officer.post(
        reverse("consultations:summarise", args=[open_consultation.pk]), {"next": summary_url}
    )
    page = officer.get(refused.url).content.decode()
    assert approved.code in page and "chưa có nội dung tiếp thu" in page
    prefix = f"a{approved.pk}"
    bad = officer.post(
        reverse("consultations:answer", args=[approved.pk]),
        {
            f"{prefix}-answer_kind": "taken_up",
            f"{prefix}-answer_text": "",
            f"{prefix}-version": approved.version,
        },
    )
    assert bad.status_code == 200
    officer.post(
        reverse("consultations:answer", args=[approved.pk]),
        {
            f"{prefix}-answer_kind": "taken_up",
            f"{prefix}-answer_text": "Đã bổ sung khoản 3 Điều 5 về loa truyền thanh.",
            f"{prefix}-version": approved.version,
        },
    )
    officer.post(reverse("consultations:summarise", args=[open_consultation.pk]))
    head = login(world.head_a)
    head.post(
        reverse("consultations:publish", args=[open_consultation.pk]),
        {"final_text": SimpleUploadedFile("quy-che.pdf", PDF)},
    )
    open_consultation.refresh_from_db()
    assert open_consultation.status == "published"
    public = Client().get(reverse("consultations:public_summary", args=[open_consultation.pk]))
    html = public.content.decode()
    assert "Đã bổ sung khoản 3 Điều 5 về loa truyền thanh." in html
    assert "dung@example.invalid" not in html
    tracking = (
        Client()
        .get(reverse("consultations:comment_verify", args=[approved.token]))
        .content.decode()
    )
    assert "Đã bổ sung khoản 3 Điều 5" in tracking


def test_docx_lists_every_comment_with_its_answer(world, open_consultation, approved, login):
    services.consultation_close(consultation=open_consultation, reason="Đủ", by=world.officer_a)
    services.comment_answer(
        comment=approved,
        kind="explained",
        text="Loa truyền thanh đã có quy định riêng.",
        expected_version=None,
        by=world.officer_a,
    )
    response = login(world.officer_a).get(
        reverse("consultations:docx", args=[open_consultation.pk])
    )
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    assert "Tiếp thu, giải trình ý kiến góp ý đối với dự thảo" in text
    assert approved.code in text and "Phạm Văn Dũng" in text
    assert "Giải trình: Loa truyền thanh đã có quy định riêng." in text
    assert "Chương II. Công khai thông tin" in text
    assert "dung@example.invalid" not in text
    header = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header and "Số:" in header
    assert (
        login(world.officer_b)
        .get(reverse("consultations:docx", args=[open_consultation.pk]))
        .status_code
        == 404
    )
    # The public gets the DOCX only once published.
    assert (
        Client()
        .get(reverse("consultations:public_summary_docx", args=[open_consultation.pk]))
        .status_code
        == 404
    )


def test_list_and_comment_exports(world, open_consultation, approved, login):
    client = login(world.officer_a)
    csv = client.get(reverse("consultations:manage_list") + "?xuat=csv").content.decode("utf-8-sig")
    assert open_consultation.title in csv
    xlsx = client.get(reverse("consultations:manage_list") + "?xuat=xlsx&q=quy che")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    comments = client.get(
        reverse("consultations:comments_export", args=[open_consultation.pk]) + "?xuat=csv"
    ).content.decode("utf-8-sig")
    assert approved.code in comments and "dung@example.invalid" in comments
    viewer = (
        login(world.viewer)
        .get(reverse("consultations:comments_export", args=[open_consultation.pk]) + "?xuat=csv")
        .content.decode("utf-8-sig")
    )
    assert approved.code in viewer and "dung@example.invalid" not in viewer


def test_create_keeps_input_on_error(world, login, clock):
    client = login(world.officer_a)
    response = client.post(
        reverse("consultations:create"),
        {
            "unit": world.unit_a.pk,
            "kind": "plan",
            "title": "Dự thảo kế hoạch chuyển đổi số",
            "summary": "Tóm tắt",
            "opens_at": "2026-05-10T08:00",
            "closes_at": "2026-05-01T08:00",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thời điểm kết thúc phải sau" in html and "Dự thảo kế hoạch chuyển đổi số" in html
    other = client.post(
        reverse("consultations:create"),
        {
            "unit": world.unit_b.pk,
            "kind": "plan",
            "title": "x",
            "opens_at": "2026-05-01T08:00",
            "closes_at": "2026-05-10T08:00",
        },
    )
    assert other.status_code == 200 and 'id="id_unit_error"' in other.content.decode()
    from danvan.consultations.models import Consultation

    assert not Consultation.objects.exists()


def test_staff_can_build_and_open_a_draft(world, login, clock):
    client = login(world.officer_a)
    response = client.post(
        reverse("consultations:create"),
        {
            "unit": world.unit_a.pk,
            "kind": "programme",
            "title": "Dự thảo Chương trình cải cách hành chính",
            "opens_at": "2026-04-02T08:00",
            "closes_at": "2026-04-20T17:00",
            "draft_file": SimpleUploadedFile("du-thao.pdf", PDF),
        },
    )
    assert response.status_code == 302
    pk = int(re.search(r"/(\d+)/$", response.url).group(1))
    client.post(
        reverse("consultations:section_add", args=[pk]), {"heading": "Phần 1", "text": "Nội dung"}
    )
    client.post(reverse("consultations:open", args=[pk]))
    html = Client().get(reverse("consultations:public_detail", args=[pk])).content.decode()
    assert "Phần 1" in html and "du-thao.pdf" in html
    from danvan.consultations.models import Consultation

    opened = Consultation.objects.get(pk=pk)
    assert opened.status == "open"
    assert opened.closes_at == dt.datetime(2026, 4, 20, 17, tzinfo=VN)
    assert mail.outbox == []


def test_officer_records_a_comment_received_by_letter(world, open_consultation, login):
    client = login(world.officer_a)
    url = reverse("consultations:record", args=[open_consultation.pk])
    section = open_consultation.sections.all()[2]
    missing = client.post(url, {"ghi-body": "Ý kiến bằng văn bản", "ghi-channel": ""})
    assert missing.status_code == 200 and "Ý kiến bằng văn bản" in missing.content.decode()
    done = client.post(
        url,
        {
            "ghi-section": section.pk,
            "ghi-body": "Ý kiến bằng văn bản",
            "ghi-organisation_name": "Hội Nông dân thành phố",
            "ghi-channel": "Văn bản số 12/HND",
        },
    )
    assert done.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == "pending" and comment.display_name() == "Hội Nông dân thành phố"
    assert comment.section == section
    assert (
        login(world.officer_b).post(url, {"ghi-body": "x", "ghi-channel": "y"}).status_code == 404
    )


def test_lists_are_paginated(world, clock, login):
    for n in range(21):
        made = services.consultation_create(
            unit=world.unit_a,
            kind="plan",
            title=f"Dự thảo số {n:02d}",
            opens_at=dt.datetime(2026, 4, 2, tzinfo=VN) + dt.timedelta(hours=n),
            closes_at=dt.datetime(2026, 4, 30, tzinfo=VN),
            by=world.officer_a,
        )
        services.section_add(consultation=made, heading="Điều 1", by=world.officer_a)
        services.consultation_open(consultation=made, by=world.officer_a)
    first = Client().get(reverse("consultations:public_list") + "?loai=plan").content.decode()
    assert "Dự thảo số 20" in first and "Dự thảo số 00" not in first
    assert "Trang 1/2 (21 dự thảo)" in first and "loai=plan&amp;trang=2" in first
    second = Client().get(reverse("consultations:public_list") + "?loai=plan&trang=2")
    assert "Dự thảo số 00" in second.content.decode()
    staff = login(world.officer_a).get(reverse("consultations:manage_list") + "?trang=99")
    assert "Trang 2/2" in staff.content.decode()
    export = login(world.officer_a).get(reverse("consultations:manage_list") + "?xuat=csv")
    assert export.content.decode("utf-8-sig").count("Dự thảo số") == 21


def test_extending_needs_a_later_end_and_a_reason(world, open_consultation, login, clock):
    client = login(world.officer_a)
    url = reverse("consultations:extend", args=[open_consultation.pk])
    earlier = client.post(url, {"closes_at": "2026-04-20T17:00", "reason": "Thêm thời gian"})
    assert (
        earlier.status_code == 200 and "Thời điểm kết thúc mới phải sau" in earlier.content.decode()
    )
    assert "Thêm thời gian" in earlier.content.decode()
    done = client.post(
        url, {"closes_at": "2026-05-15T17:00", "reason": "Vùng sâu cần thêm thời gian"}
    )
    assert done.status_code == 302
    open_consultation.refresh_from_db()
    assert open_consultation.closes_at == dt.datetime(2026, 5, 15, 17, tzinfo=VN)
    assert open_consultation.events.filter(note="Vùng sâu cần thêm thời gian").exists()
    assert (
        login(world.officer_b)
        .post(url, {"closes_at": "2026-06-01T17:00", "reason": "x"})
        .status_code
        == 404
    )

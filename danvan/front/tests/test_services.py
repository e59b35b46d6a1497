"""The recommendation workflow through its services: rules, events, audit, notifications."""

from __future__ import annotations

import datetime as dt
import io

import docx as python_docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from danvan.core.audit import history_for
from danvan.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from danvan.front import services
from danvan.front.models import RecommendationFile, RecommendationStatus
from danvan.notifications.models import Notification
from danvan.orgs import services as orgs

from .conftest import file_one, jpeg_with_exif, pdf

S = RecommendationStatus


def test_filing_records_event_audit_and_folded_search_text(world, today):
    rec = file_one(world, files=[pdf("kien-nghi.pdf")])
    assert rec.status == S.FILED
    assert rec.filed_by == world.liaison
    assert "thu tuc cap phep xay dung" in rec.search_text
    assert "uy ban mat tran to quoc" in rec.search_text
    [event] = rec.events.all()
    assert (event.kind, event.from_status, event.to_status) == ("filed", "", "filed")
    assert [e.action for e in history_for(rec)] == ["front_recommendation.file"]
    [stored] = rec.files.all()
    assert stored.kind == "recommendation" and stored.original_name == "kien-nghi.pdf"


def test_filing_notifies_coordinators_after_commit(
    world, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rec = file_one(world)
    note = Notification.objects.get(user=world.coordinator)
    assert rec.title in note.text
    assert note.url == f"/kien-nghi-mat-tran/{rec.pk}/"


def test_filing_is_refused_for_a_future_date(world, today):
    with pytest.raises(ApplicationError) as exc:
        file_one(world, filed_on=today + dt.timedelta(days=1))
    assert exc.value.field == "filed_on"


def test_activity_after_filing_date_is_refused(world, today):
    with pytest.raises(ApplicationError) as exc:
        file_one(world, source_date=dt.date(2026, 6, 2))
    assert exc.value.field == "source_date"


@pytest.mark.parametrize("field", ["title", "content", "source_name"])
def test_blank_text_is_refused(world, today, field):
    with pytest.raises(ApplicationError) as exc:
        file_one(world, **{field: "   "})
    assert exc.value.field == field


def test_unknown_source_kind_is_refused(world, today):
    with pytest.raises(ApplicationError) as exc:
        file_one(world, source_kind="party")
    assert exc.value.field == "source_kind"


def test_only_front_organisations_file(world, today):
    with pytest.raises(ApplicationError) as exc:
        file_one(world, organisation=world.unit_a)
    assert exc.value.field == "organisation"


def test_liaison_files_for_a_socio_political_organisation_under_their_front(world, today):
    women = orgs.unit_create(
        code="T-HLHPN",
        name="Hội Liên hiệp Phụ nữ tỉnh",
        kind="front",
        parent=world.front,
        by=world.admin,
    )
    rec = file_one(world, organisation=women)
    assert rec.organisation == women


def test_liaison_cannot_file_for_an_unrelated_front_organisation(world, today):
    other = orgs.unit_create(code="T-HND", name="Hội Nông dân tỉnh", kind="front", by=world.admin)
    with pytest.raises(ApplicationError) as exc:
        file_one(world, organisation=other)
    assert exc.value.field == "organisation"


def test_non_liaison_cannot_file(world, today):
    with pytest.raises(PermissionDeniedError):
        file_one(world, by=world.coordinator)


def test_assignment_sets_unit_due_date_and_notifies_unit(
    world, filed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rec = services.recommendation_assign(
            recommendation=filed,
            unit=world.unit_a,
            due_on=dt.date(2026, 7, 15),
            comment="Đề nghị trả lời trực tiếp Mặt trận.",
            expected_version=filed.version,
            by=world.coordinator,
        )
    assert rec.status == S.ASSIGNED and rec.assigned_unit == world.unit_a
    assert rec.due_on == dt.date(2026, 7, 15)
    assert "so thong tin va truyen thong" in rec.search_text
    event = rec.events.last()
    assert event.kind == "assigned" and "15/07/2026" in event.comment
    notes = Notification.objects.filter(url=f"/kien-nghi-mat-tran/{rec.pk}/")
    assert set(notes.values_list("user__username", flat=True)) == {"canbo_a", "truong_a"}


def test_reassignment_to_another_unit_before_answer(world, assigned):
    rec = services.recommendation_assign(
        recommendation=assigned,
        unit=world.unit_b,
        due_on=dt.date(2026, 7, 20),
        expected_version=assigned.version,
        by=world.coordinator,
    )
    assert rec.assigned_unit == world.unit_b
    assert rec.events.last().kind == "reassigned"


def test_reassignment_without_change_is_refused(world, assigned):
    with pytest.raises(ApplicationError):
        services.recommendation_assign(
            recommendation=assigned,
            unit=world.unit_a,
            due_on=assigned.due_on,
            expected_version=assigned.version,
            by=world.coordinator,
        )


def test_due_date_before_filing_is_refused(world, filed):
    with pytest.raises(ApplicationError) as exc:
        services.recommendation_assign(
            recommendation=filed,
            unit=world.unit_a,
            due_on=dt.date(2026, 5, 1),
            expected_version=filed.version,
            by=world.coordinator,
        )
    assert exc.value.field == "due_on"


def test_cannot_assign_to_a_front_organisation(world, filed):
    with pytest.raises(ApplicationError) as exc:
        services.recommendation_assign(
            recommendation=filed,
            unit=world.front,
            due_on=dt.date(2026, 7, 1),
            expected_version=filed.version,
            by=world.coordinator,
        )
    assert exc.value.field == "unit"


def test_cannot_assign_to_a_unit_that_did_not_exist_on_the_filing_date(world, filed):
    later = orgs.unit_create(
        code="T-NEW",
        name="Sở mới",
        kind="department",
        valid_from=dt.date(2026, 6, 10),
        by=world.admin,
    )
    with pytest.raises(ApplicationError) as exc:
        services.recommendation_assign(
            recommendation=filed,
            unit=later,
            due_on=dt.date(2026, 7, 1),
            expected_version=filed.version,
            by=world.coordinator,
        )
    assert exc.value.field == "unit"


def test_stale_version_is_a_conflict(world, filed):
    with pytest.raises(ConflictError):
        services.recommendation_assign(
            recommendation=filed,
            unit=world.unit_a,
            due_on=dt.date(2026, 7, 1),
            expected_version=filed.version - 1,
            by=world.coordinator,
        )


def test_default_due_date_counts_working_days(db):
    # 30 working days from Monday 1/6/2026: six weeks of five days, no holiday in June-July.
    assert services.default_due_on(dt.date(2026, 6, 1)) == dt.date(2026, 7, 13)


def test_answer_needs_signed_document(world, assigned):
    with pytest.raises(ApplicationError) as exc:
        services.recommendation_answer(
            recommendation=assigned,
            text="Trả lời",
            documents=[],
            expected_version=assigned.version,
            by=world.officer_a,
        )
    assert exc.value.field == "documents"


def test_answer_refuses_a_file_whose_content_is_not_its_type(world, assigned):
    fake = SimpleUploadedFile(
        "tra-loi.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with pytest.raises(ApplicationError) as exc:
        services.recommendation_answer(
            recommendation=assigned,
            text="Trả lời",
            documents=[fake],
            expected_version=assigned.version,
            by=world.officer_a,
        )
    assert exc.value.field == "documents"
    assert not RecommendationFile.objects.exists()


def test_answer_refuses_spreadsheets(world, assigned):
    sheet = SimpleUploadedFile("bang.csv", b"a,b\n1,2\n", content_type="text/csv")
    with pytest.raises(ApplicationError):
        services.recommendation_answer(
            recommendation=assigned,
            text="Trả lời",
            documents=[sheet],
            expected_version=assigned.version,
            by=world.officer_a,
        )


def test_answer_images_are_reencoded_without_metadata(world, assigned):
    answer = services.recommendation_answer(
        recommendation=assigned,
        text="Trả lời kèm ảnh chụp văn bản",
        documents=[jpeg_with_exif("<b>anh</b>.jpg")],
        expected_version=assigned.version,
        by=world.officer_a,
    )
    [stored] = answer.files.all()
    assert "<" not in stored.original_name
    with stored.file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        assert image.format == "JPEG"
        assert not image.getexif()


def test_answer_refuses_a_huge_image(world, assigned, monkeypatch):
    from danvan.front import files

    monkeypatch.setattr(files, "MAX_PIXELS", 100)
    with pytest.raises(ApplicationError) as exc:
        services.recommendation_answer(
            recommendation=assigned,
            text="Trả lời",
            documents=[jpeg_with_exif()],
            expected_version=assigned.version,
            by=world.officer_a,
        )
    assert "quá lớn" in exc.value.message


def test_answer_photo_is_stored_upright_and_capped(world, assigned, monkeypatch):
    from danvan.front import files

    monkeypatch.setattr(files, "MAX_SIDE", 50)
    exif = Image.Exif()
    exif[0x0112] = 6  # taken sideways: rotate 90° clockwise to display
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), (200, 30, 30)).save(buffer, format="JPEG", exif=exif)
    answer = services.recommendation_answer(
        recommendation=assigned,
        text="Trả lời kèm ảnh chụp nghiêng",
        documents=[SimpleUploadedFile("chup-nghieng.jpg", buffer.getvalue())],
        expected_version=assigned.version,
        by=world.officer_a,
    )
    [stored] = answer.files.all()
    with stored.file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        assert image.size == (25, 50) and not image.getexif()


def test_answer_records_first_answer_date_and_notifies_liaison(
    world, assigned, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.recommendation_answer(
            recommendation=assigned,
            text="Sở đã chỉ đạo.",
            document_symbol="312/STTTT-VP",
            documents=[pdf()],
            expected_version=assigned.version,
            by=world.officer_a,
        )
    rec = answer.recommendation
    rec.refresh_from_db()
    assert rec.status == S.ANSWERED
    assert rec.first_answered_on == dt.date(2026, 6, 15)
    assert answer.number == 1 and answer.unit == world.unit_a
    [note] = Notification.objects.filter(user=world.liaison)
    assert "đã trả lời kiến nghị" in note.text
    assert rec.answered_late() is False
    assert "312/stttt-vp so da chi dao" in rec.search_text


def test_not_satisfied_needs_a_comment(world, answered):
    with pytest.raises(ApplicationError) as exc:
        services.recommendation_assess(
            recommendation=answered,
            satisfied=False,
            comment=" ",
            expected_version=answered.version,
            by=world.liaison,
        )
    assert exc.value.field == "comment"


def test_not_satisfied_lets_the_unit_answer_again_keeping_every_answer(world, answered, freeze):
    rec = services.recommendation_assess(
        recommendation=answered,
        satisfied=False,
        comment="Chưa nêu rõ thời gian thực hiện.",
        expected_version=answered.version,
        by=world.liaison,
    )
    assert rec.status == S.NOT_SATISFIED
    freeze(dt.date(2026, 7, 30))
    second = services.recommendation_answer(
        recommendation=rec,
        text="Bổ sung: áp dụng từ 01/8/2026.",
        documents=[pdf("bo-sung.pdf")],
        expected_version=rec.version,
        by=world.head_a,
    )
    rec.refresh_from_db()
    assert second.number == 2
    assert [a.number for a in rec.answers.all()] == [1, 2]
    assert rec.answers.first().assessment == "not_satisfied"
    # The first answer came on time: the re-answer does not make it late.
    assert rec.first_answered_on == dt.date(2026, 6, 15)
    assert rec.answered_late() is False


def test_publication_needs_both_consents(world, satisfied, django_capture_on_commit_callbacks):
    rec = services.recommendation_publish_consent(
        recommendation=satisfied,
        side="front",
        consent=True,
        expected_version=satisfied.version,
        by=world.liaison,
    )
    assert rec.status == S.SATISFIED and rec.front_consent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        rec = services.recommendation_publish_consent(
            recommendation=rec,
            side="unit",
            consent=True,
            expected_version=rec.version,
            by=world.head_a,
        )
    assert rec.status == S.PUBLISHED and rec.published_at is not None
    kinds = [e.kind for e in rec.events.all()]
    assert kinds[-3:] == ["front_consent", "unit_consent", "published"]


def test_consent_can_be_taken_back_before_publication(world, satisfied):
    rec = services.recommendation_publish_consent(
        recommendation=satisfied,
        side="unit",
        consent=True,
        expected_version=satisfied.version,
        by=world.head_a,
    )
    rec = services.recommendation_publish_consent(
        recommendation=rec,
        side="unit",
        consent=False,
        expected_version=rec.version,
        by=world.head_a,
    )
    assert rec.unit_consent_at is None
    with pytest.raises(ApplicationError):
        services.recommendation_publish_consent(
            recommendation=rec,
            side="unit",
            consent=False,
            expected_version=rec.version,
            by=world.head_a,
        )


def test_new_answer_clears_earlier_consents(world, answered):
    rec = services.recommendation_assess(
        recommendation=answered,
        satisfied=False,
        comment="Chưa rõ.",
        expected_version=answered.version,
        by=world.liaison,
    )
    rec = services.recommendation_publish_consent(
        recommendation=rec,
        side="front",
        consent=True,
        expected_version=rec.version,
        by=world.liaison,
    )
    services.recommendation_answer(
        recommendation=rec,
        text="Trả lời lại.",
        documents=[pdf()],
        expected_version=rec.version,
        by=world.officer_a,
    )
    rec.refresh_from_db()
    assert rec.front_consent_at is None


def test_consent_before_assessment_is_refused(world, answered):
    with pytest.raises(PermissionDeniedError):
        services.recommendation_publish_consent(
            recommendation=answered,
            side="front",
            consent=True,
            expected_version=answered.version,
            by=world.liaison,
        )


def test_withdrawal_needs_a_reason_and_stops_the_workflow(world, assigned):
    with pytest.raises(ApplicationError):
        services.recommendation_withdraw(
            recommendation=assigned, reason="", expected_version=assigned.version, by=world.liaison
        )
    rec = services.recommendation_withdraw(
        recommendation=assigned,
        reason="Đơn vị đã khắc phục trước khi có văn bản.",
        expected_version=assigned.version,
        by=world.liaison,
    )
    assert rec.status == S.WITHDRAWN
    with pytest.raises(PermissionDeniedError):
        services.recommendation_answer(
            recommendation=rec,
            text="Trả lời",
            documents=[pdf()],
            expected_version=rec.version,
            by=world.officer_a,
        )


def test_answered_recommendation_cannot_be_withdrawn(world, answered):
    with pytest.raises(PermissionDeniedError):
        services.recommendation_withdraw(
            recommendation=answered,
            reason="Lý do",
            expected_version=answered.version,
            by=world.liaison,
        )


def test_overdue_when_due_date_passed_without_answer(world, assigned):
    assert not assigned.is_overdue(dt.date(2026, 7, 15))
    assert assigned.is_overdue(dt.date(2026, 7, 16))


def test_late_answer_is_recorded_as_late(world, assigned, freeze):
    freeze(dt.date(2026, 7, 20))
    answer = services.recommendation_answer(
        recommendation=assigned,
        text="Trả lời muộn.",
        documents=[pdf()],
        expected_version=assigned.version,
        by=world.officer_a,
    )
    assert answer.recommendation.answered_late() is True


def test_broken_image_is_refused_with_a_message(world, assigned):
    broken = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(ApplicationError) as exc:
        services.recommendation_answer(
            recommendation=assigned,
            text="Trả lời",
            documents=[broken],
            expected_version=assigned.version,
            by=world.officer_a,
        )
    assert "Không đọc được ảnh scan.png" in exc.value.message
    assert exc.value.field == "documents"


def test_png_scan_is_stored_as_png_and_docx_is_accepted(world, assigned):
    buffer = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 255, 128)).save(buffer, format="PNG")
    docx = io.BytesIO()

    python_docx.Document().save(docx)
    answer = services.recommendation_answer(
        recommendation=assigned,
        text="Trả lời",
        documents=[
            SimpleUploadedFile("scan.png", buffer.getvalue()),
            SimpleUploadedFile("cong-van.docx", docx.getvalue()),
        ],
        expected_version=assigned.version,
        by=world.officer_a,
    )
    kinds = sorted(f.content_type for f in answer.files.all())
    assert kinds == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "image/png",
    ]

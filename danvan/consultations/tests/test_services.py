"""Consultation services: windows, verification, rate limits, moderation, summary completeness."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.consultations import challenge, services
from danvan.consultations.models import Comment, ConsultationEvent
from danvan.core.errors import ApplicationError, PermissionDeniedError
from danvan.core.models import AuditEvent

from .conftest import VN, stamp_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _approve_all(consultation, by):
    for comment in consultation.comments.filter(status="pending"):
        services.comment_moderate(comment=comment, decision="approve", by=by)


def test_opening_needs_a_section(world, clock):
    empty = services.consultation_create(
        unit=world.unit_a,
        kind="plan",
        title="Dự thảo kế hoạch",
        opens_at=dt.datetime(2026, 4, 2, tzinfo=VN),
        closes_at=dt.datetime(2026, 4, 9, tzinfo=VN),
        by=world.officer_a,
    )
    with pytest.raises(ApplicationError) as exc:
        services.consultation_open(consultation=empty, by=world.officer_a)
    assert exc.value.code == "no_sections"


def test_window_must_end_after_it_starts(world, clock):
    with pytest.raises(ApplicationError) as exc:
        services.consultation_create(
            unit=world.unit_a,
            kind="plan",
            title="Dự thảo",
            opens_at=dt.datetime(2026, 4, 9, tzinfo=VN),
            closes_at=dt.datetime(2026, 4, 2, tzinfo=VN),
            by=world.officer_a,
        )
    assert exc.value.field == "closes_at"


def test_officer_of_another_unit_cannot_create_for_unit_a(world, clock):
    with pytest.raises(PermissionDeniedError):
        services.consultation_create(
            unit=world.unit_a,
            kind="plan",
            title="Dự thảo",
            opens_at=dt.datetime(2026, 4, 2, tzinfo=VN),
            closes_at=dt.datetime(2026, 4, 9, tzinfo=VN),
            by=world.officer_b,
        )


def test_no_comment_before_the_window_opens(world, draft, clock, submit_public):
    draft = services.consultation_open(consultation=draft, by=world.officer_a)
    clock.set(dt.datetime(2026, 4, 2, 7, 59, tzinfo=VN))
    with pytest.raises(ApplicationError) as exc:
        submit_public(draft)
    assert exc.value.code == "not_yet_open"


def test_no_comment_after_the_window_closes(world, open_consultation, clock, submit_public):
    clock.set(dt.datetime(2026, 4, 30, 17, 0, tzinfo=VN))
    with pytest.raises(ApplicationError) as exc:
        submit_public(open_consultation)
    assert exc.value.code == "closed"


def test_no_comment_on_a_draft_not_yet_published(world, draft, clock, submit_public):
    clock.set(dt.datetime(2026, 4, 3, tzinfo=VN))
    with pytest.raises(ApplicationError):
        submit_public(draft)


def test_public_comment_waits_for_its_code_then_goes_to_moderation(
    world, open_consultation, submit_public
):
    section = open_consultation.sections.all()[1]
    comment, code = submit_public(open_consultation, section=section)
    assert comment.status == "unverified"
    assert mail.outbox[-1].to == ["an@example.invalid"]
    assert code not in comment.code_hash
    verified = services.comment_verify(comment=comment, code=code)
    assert verified.status == "pending"
    assert verified.section_id == section.pk
    assert ConsultationEvent.objects.filter(comment=comment, to_status="pending").exists()


def test_wrong_codes_are_counted_and_limited(world, open_consultation, submit_public):
    comment, code = submit_public(open_consultation)
    wrong = "000000" if code != "000000" else "111111"
    for left in range(4, -1, -1):
        with pytest.raises(ApplicationError, match=f"còn {left} lần"):
            services.comment_verify(comment=comment, code=wrong)
    with pytest.raises(ApplicationError) as exc:
        services.comment_verify(comment=comment, code=code)
    assert exc.value.code == "too_many_attempts"
    comment.refresh_from_db()
    assert comment.status == "unverified" and comment.code_attempts == 5


def test_expired_code_is_refused_and_a_new_one_works(
    world, open_consultation, clock, submit_public, django_capture_on_commit_callbacks
):
    comment, code = submit_public(open_consultation)
    clock.advance(minutes=31)
    with pytest.raises(ApplicationError) as exc:
        services.comment_verify(comment=comment, code=code)
    assert exc.value.code == "code_expired"
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_resend_code(comment=comment)
    from .conftest import last_code

    assert services.comment_verify(comment=comment, code=last_code()).status == "pending"


def test_phone_code_goes_through_the_configured_sender(
    world, open_consultation, clock, settings, django_capture_on_commit_callbacks
):
    from danvan.consultations.senders import MemorySmsSender

    settings.DANVAN_SMS_SENDER = "danvan.consultations.senders.MemorySmsSender"
    MemorySmsSender.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_submit_public(
            consultation=open_consultation,
            section=None,
            body="Góp ý qua điện thoại",
            author_name="Trần Thị Bình",
            contact_kind="phone",
            phone="+84 912 345 678",
            ip="198.51.100.2",
            stamp=stamp_for(clock),
        )
    assert comment.phone == "0912345678" and comment.email == ""
    [(phone, text)] = MemorySmsSender.outbox
    code = next(w for w in text.replace(".", " ").split() if w.isdigit() and len(w) == 6)
    assert phone == "0912345678"
    assert services.comment_verify(comment=comment, code=code).status == "pending"


def test_phone_is_refused_when_no_sender_works(world, open_consultation, clock, settings):
    settings.DEBUG = False  # the logging stand-in only works in development
    with pytest.raises(ApplicationError) as exc:
        services.comment_submit_public(
            consultation=open_consultation,
            section=None,
            body="Góp ý",
            author_name="Trần Thị Bình",
            contact_kind="phone",
            phone="0912345678",
            ip="198.51.100.2",
            stamp=stamp_for(clock),
        )
    assert exc.value.field == "contact_kind"


def test_honeypot_and_fast_submissions_are_refused(world, open_consultation, clock):
    base = {
        "consultation": open_consultation,
        "section": None,
        "body": "Góp ý",
        "author_name": "Máy",
        "contact_kind": "email",
        "email": "bot@example.invalid",
        "ip": "192.0.2.1",
    }
    with pytest.raises(ApplicationError) as exc:
        services.comment_submit_public(**base, stamp=stamp_for(clock), honeypot="http://spam")
    assert exc.value.code == "bot_suspected"
    with pytest.raises(ApplicationError) as exc:
        services.comment_submit_public(**base, stamp=challenge.issue_stamp(clock()))
    assert exc.value.code == "too_fast"
    with pytest.raises(ApplicationError) as exc:
        services.comment_submit_public(**base, stamp="forged:stamp")
    assert exc.value.code == "bad_stamp"
    assert not Comment.objects.exists()


def test_one_address_may_not_flood_comments(world, open_consultation, submit_public):
    for _ in range(5):
        submit_public(open_consultation)
    with pytest.raises(ApplicationError) as exc:
        submit_public(open_consultation)
    assert exc.value.code == "rate_limited"
    with pytest.raises(ApplicationError):  # nor from elsewhere to the same e-mail address
        submit_public(open_consultation, ip="203.0.113.8")
    submit_public(open_consultation, ip="203.0.113.8", email="binh@example.invalid")


def test_signed_in_user_comments_for_their_organisation(world, open_consultation):
    comment = services.comment_submit_user(
        consultation=open_consultation,
        section=None,
        body="Mặt trận đề nghị bổ sung cơ chế giám sát.",
        organisation=world.front,
        by=world.liaison,
    )
    assert comment.status == "pending"
    assert comment.display_name() == world.front.name
    with pytest.raises(ApplicationError):
        services.comment_submit_user(
            consultation=open_consultation,
            section=None,
            body="Thay mặt đơn vị khác",
            organisation=world.unit_b,
            by=world.liaison,
        )


def test_anonymous_display_name(world, open_consultation, submit_public):
    comment, _code = submit_public(open_consultation, show_name=False)
    assert comment.display_name() == "Người dân"


def test_section_of_another_consultation_is_refused(world, open_consultation, clock, submit_public):
    other = services.consultation_create(
        unit=world.unit_b,
        kind="plan",
        title="Dự thảo khác",
        opens_at=dt.datetime(2026, 4, 2, tzinfo=VN),
        closes_at=dt.datetime(2026, 4, 9, tzinfo=VN),
        by=world.officer_b,
    )
    stranger = services.section_add(consultation=other, heading="Phần lạ", by=world.officer_b)
    with pytest.raises(ApplicationError) as exc:
        submit_public(open_consultation, section=stranger)
    assert exc.value.field == "section"


def test_moderation_needs_a_reason_and_is_audited(world, open_consultation, submit_public):
    comment, code = submit_public(open_consultation)
    with pytest.raises(ApplicationError, match="chưa được người gửi xác thực"):
        services.comment_moderate(comment=comment, decision="approve", by=world.officer_a)
    services.comment_verify(comment=comment, code=code)
    with pytest.raises(ApplicationError) as exc:
        services.comment_moderate(comment=comment, decision="reject", by=world.officer_a)
    assert exc.value.field == "reason"
    with pytest.raises(ApplicationError) as exc:
        services.comment_moderate(
            comment=comment, decision="reject", reason="other", by=world.officer_a
        )
    assert exc.value.field == "note"
    rejected = services.comment_moderate(
        comment=comment,
        decision="reject",
        reason="off_topic",
        note="Nói về việc khác",
        by=world.officer_a,
    )
    assert rejected.status == "rejected" and Comment.objects.filter(pk=comment.pk).exists()
    event = AuditEvent.objects.filter(action="comment.reject", object_id=str(comment.pk)).get()
    assert event.actor == world.officer_a and event.after["reject_reason"] == "off_topic"
    assert "an@example.invalid" not in str(event.after)


def test_other_unit_cannot_moderate(world, open_consultation, submit_public):
    comment, code = submit_public(open_consultation)
    services.comment_verify(comment=comment, code=code)
    with pytest.raises(PermissionDeniedError):
        services.comment_moderate(comment=comment, decision="approve", by=world.officer_b)
    services.comment_moderate(comment=comment, decision="approve", by=world.coordinator)


def test_closing_early_needs_a_reason(world, open_consultation):
    with pytest.raises(ApplicationError) as exc:
        services.consultation_close(consultation=open_consultation, by=world.officer_a)
    assert exc.value.field == "reason"
    closed = services.consultation_close(
        consultation=open_consultation, reason="Đã đủ ý kiến", by=world.officer_a
    )
    assert closed.status == "closed" and closed.early_close_reason == "Đã đủ ý kiến"


def test_expired_consultations_close_by_command_once(world, open_consultation, clock):
    clock.set(dt.datetime(2026, 5, 1, tzinfo=VN))
    assert services.consultations_close_expired() == 1
    assert services.consultations_close_expired() == 0
    open_consultation.refresh_from_db()
    assert open_consultation.status == "closed" and open_consultation.early_close_reason == ""


def test_summary_lists_what_is_missing_and_publishes_when_complete(
    world, open_consultation, clock, submit_public
):
    first, code1 = submit_public(open_consultation)
    second, code2 = submit_public(open_consultation, body="Ý kiến thứ hai")
    third, code3 = submit_public(open_consultation, body="Ý kiến thứ ba")
    for comment, code in [(first, code1), (second, code2), (third, code3)]:
        services.comment_verify(comment=comment, code=code)
    services.comment_moderate(comment=first, decision="approve", by=world.officer_a)
    services.comment_moderate(comment=second, decision="approve", by=world.officer_a)
    clock.set(dt.datetime(2026, 5, 1, tzinfo=VN))
    services.consultations_close_expired()
    open_consultation.refresh_from_db()
    with pytest.raises(ApplicationError) as exc:
        services.consultation_summarise(consultation=open_consultation, by=world.officer_a)
    message = exc.value.message
    assert third.code in message and first.code in message and second.code in message
    services.comment_moderate(
        comment=third, decision="reject", reason="duplicate", by=world.officer_a
    )
    services.comment_answer(
        comment=first,
        kind="taken_up",
        text="Đã bổ sung Điều 5.",
        expected_version=None,
        by=world.officer_a,
    )
    with pytest.raises(ApplicationError) as exc:
        services.consultation_summarise(consultation=open_consultation, by=world.officer_a)
    assert second.code in exc.value.message and first.code not in exc.value.message
    services.comment_answer(
        comment=second,
        kind="explained",
        text="Đã có trong luật.",
        expected_version=None,
        by=world.officer_a,
    )
    summarised = services.consultation_summarise(consultation=open_consultation, by=world.officer_a)
    assert summarised.status == "summarised"
    with pytest.raises(PermissionDeniedError):  # publishing is for the head or the coordinator
        services.consultation_publish(consultation=summarised, by=world.officer_a)
    with pytest.raises(ApplicationError) as exc:
        services.consultation_publish(consultation=summarised, by=world.head_a)
    assert exc.value.code == "no_final_text"
    published = services.consultation_publish(
        consultation=summarised,
        final_text=SimpleUploadedFile("Quy chế (bản cuối).pdf", PDF),
        by=world.head_a,
    )
    assert published.status == "published"
    assert published.files.get(kind="final").original_name == "Quy chế (bản cuối).pdf"


def test_answer_only_for_approved_comments_after_closing(world, open_consultation, submit_public):
    comment, code = submit_public(open_consultation)
    services.comment_verify(comment=comment, code=code)
    services.comment_moderate(comment=comment, decision="approve", by=world.officer_a)
    with pytest.raises(PermissionDeniedError):  # still open
        services.comment_answer(
            comment=comment, kind="taken_up", text="x", expected_version=None, by=world.officer_a
        )


def test_answer_keeps_optimistic_lock(world, open_consultation, submit_public):
    from danvan.core.errors import ConflictError

    comment, code = submit_public(open_consultation)
    services.comment_verify(comment=comment, code=code)
    comment = services.comment_moderate(comment=comment, decision="approve", by=world.officer_a)
    services.consultation_close(consultation=open_consultation, reason="Đủ", by=world.officer_a)
    services.comment_answer(
        comment=comment,
        kind="taken_up",
        text="A",
        expected_version=comment.version,
        by=world.officer_a,
    )
    with pytest.raises(ConflictError):
        services.comment_answer(
            comment=comment,
            kind="explained",
            text="B",
            expected_version=comment.version,
            by=world.head_a,
        )


def test_draft_file_is_checked(world, draft):
    with pytest.raises(ApplicationError):
        services.draft_file_attach(
            consultation=draft,
            upload=SimpleUploadedFile("du-thao.pdf", b"MZ\x90\x00"),
            by=world.officer_a,
        )
    stored = services.draft_file_attach(
        consultation=draft,
        upload=SimpleUploadedFile("../<b>du thảo</b>.pdf", PDF),
        by=world.officer_a,
    )
    assert "<" not in stored.original_name and "/" not in stored.original_name


def test_search_text_ignores_diacritics(world, draft):
    from danvan.consultations.selectors import consultations_public

    services.consultation_open(consultation=draft, by=world.officer_a)
    assert list(consultations_public(q="quy che dan chu")) == [draft]
    assert not consultations_public(q="khong co")


def test_report_source_counts_approved_comments_of_closed_consultations(
    world, open_consultation, clock, submit_public
):
    from types import SimpleNamespace

    from danvan.reports.sources import compute

    comment, code = submit_public(open_consultation)
    services.comment_verify(comment=comment, code=code)
    services.comment_moderate(comment=comment, decision="approve", by=world.officer_a)
    submit_public(open_consultation, body="chưa xác thực")
    clock.set(dt.datetime(2026, 5, 1, tzinfo=VN))
    services.consultations_close_expired()
    period = SimpleNamespace(starts_on=dt.date(2025, 12, 15), ends_on=dt.date(2026, 12, 14))
    value, detail = compute(
        "consultation.comments_received", SimpleNamespace(unit_id=world.unit_a.pk, period=period)
    )
    assert value == 1 and "1 ý kiến" in detail
    value_b, _ = compute(
        "consultation.comments_received", SimpleNamespace(unit_id=world.unit_b.pk, period=period)
    )
    assert value_b == 0


def test_closing_tells_the_unit_and_the_command_is_idempotent(
    world, open_consultation, clock, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    from danvan.notifications.models import Notification

    clock.set(dt.datetime(2026, 5, 1, tzinfo=VN))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("close_consultations", stdout=out)
        call_command("close_consultations", stdout=out)
    assert "closed: 1" in out.getvalue() and "closed: 0" in out.getvalue()
    told = set(
        Notification.objects.filter(url__startswith="/lay-y-kien/").values_list(
            "user__username", flat=True
        )
    )
    assert told == {world.officer_a.username, world.head_a.username}


def test_events_read_in_words(world, open_consultation):
    services.consultation_close(consultation=open_consultation, reason="Đủ", by=world.officer_a)
    summaries = [e.summary() for e in open_consultation.events.filter(comment__isnull=True)]
    assert summaries == [
        "Đang soạn",
        "Đang soạn → Đang lấy ý kiến",
        "Đang lấy ý kiến → Đã kết thúc lấy ý kiến",
    ]

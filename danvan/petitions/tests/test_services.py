"""Services of the petitions app: every transition, its event, audit and stored deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection

from danvan.core.audit import history_for
from danvan.core.errors import ApplicationError, PermissionDeniedError
from danvan.lib import deadlines as engine
from danvan.petitions import selectors, services
from danvan.petitions.models import (
    Case,
    CaseDeadline,
    CaseEvent,
    Channel,
    DenouncerIdentity,
    DuplicateLink,
    Petitioner,
    Status,
    Step,
)
from danvan.workcal.selectors import calendar_for

from .conftest import COMPLAINANT, DENOUNCER

D = dt.date
pytestmark = pytest.mark.django_db


def _engine_due(code, start, **kw):
    return engine.compute_due(engine.rule_for(code, start), start, calendar_for(), **kw).due


def _current(case, step):
    return CaseDeadline.objects.get(case=case, step=step, superseded_by__isnull=True)


def test_receive_stores_classify_deadline_and_returns_secret(world, receive, freeze):
    freeze(D(2026, 2, 10))
    case, secret = receive()
    assert case.status == Status.RECEIVED
    assert case.tracking_code.startswith("DV-") and len(case.tracking_code) == 12
    assert secret and secret not in case.secret_hash
    row = _current(case, Step.CLASSIFY)
    assert row.rule_code == "petition-classify"
    # 10 working days from 10/02/2026 across Tết 2026 (14/02–22/02 off).
    assert row.due == _engine_due("petition-classify", D(2026, 2, 10))
    assert row.skipped and "Tết" in row.explanation
    assert case.current_due == row.due
    assert CaseEvent.objects.filter(case=case, to_status=Status.RECEIVED).count() == 1
    assert history_for(case).filter(action="case.receive").exists()


def test_receive_without_user_only_from_portal(world):
    with pytest.raises(PermissionDeniedError):
        services.case_receive(
            unit=world.unit_a, channel=Channel.DESK, content="x", submitter=dict(COMPLAINANT)
        )
    case, _ = services.case_receive(
        unit=world.unit_a,
        channel=Channel.PORTAL,
        content="Phản ánh đèn đường hỏng.",
        submitter=dict(COMPLAINANT),
    )
    assert case.channel == Channel.PORTAL and case.created_by is None


def test_receive_by_other_unit_is_refused(world, receive):
    with pytest.raises(PermissionDeniedError):
        receive(by=world.officer_b)


@pytest.mark.parametrize(
    ("field", "submitter", "content"),
    [
        ("name", {"name": ""}, "Nội dung"),
        ("id_number", {"name": "A", "id_number": "12ab"}, "Nội dung"),
        ("email", {"name": "A", "email": "not-an-email"}, "Nội dung"),
        ("content", {"name": "A"}, "   "),
    ],
)
def test_receive_rejects_bad_input_with_field(world, receive, field, submitter, content):
    with pytest.raises(ApplicationError) as err:
        receive(content, submitter=submitter)
    assert err.value.field == field
    assert not Case.objects.exists()


def test_denunciation_identity_encrypted_not_in_search_or_db_column(world, receive):
    case, _ = receive(
        "Tố cáo hành vi nhận hối lộ.", submitter=dict(DENOUNCER), kind_hint="denunciation"
    )
    assert not Petitioner.objects.filter(case=case).exists()
    row = DenouncerIdentity.objects.get(case=case)
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM petitions_denounceridentity WHERE id = %s", [row.pk])
        raw = cursor.fetchone()[0]
        cursor.execute("SELECT * FROM petitions_case WHERE id = %s", [case.pk])
        case_row = " ".join(str(v) for v in cursor.fetchone())
    for secret in (
        "Xuyến Quỳnh",
        "Xuyen Quynh",
        "xuyen quynh",
        DENOUNCER["id_number"],
        DENOUNCER["phone"],
    ):
        assert secret not in raw
        assert secret not in case_row
    assert "xuyen quynh" not in case.search_text
    # The audit trail of the case holds no identity either.
    for event in history_for(case):
        assert "Xuyến Quỳnh" not in str(event.after) and DENOUNCER["id_number"] not in str(
            event.after
        )


def test_complaint_search_text_has_name_folded(world, receive):
    case, _ = receive()
    assert "nguyen thi khieu" in case.search_text


def test_classify_as_denunciation_moves_plain_identity_into_encrypted_store(world, receive):
    case, _ = receive("Đơn phản ánh và tố cáo cán bộ thuế.")
    case = services.case_classify(
        case=case, kind="denunciation", competence="own", by=world.officer_a
    )
    assert not Petitioner.objects.filter(case=case).exists()
    assert DenouncerIdentity.objects.filter(case=case).exists()
    assert "nguyen thi khieu" not in case.search_text


def test_full_complaint_workflow_deadlines_match_engine(world, receive, freeze):
    freeze(D(2026, 3, 2))
    case, _ = receive()
    case = services.case_classify(
        case=case, kind="complaint", competence="own", remote=True, complex=True, by=world.officer_a
    )
    assert case.status == Status.CLASSIFIED
    assert _current(case, Step.CLASSIFY).met_at == D(2026, 3, 2)
    accept = _current(case, Step.ACCEPT)
    assert accept.due == _engine_due("complaint-accept", D(2026, 3, 2))
    freeze(D(2026, 3, 5))
    case = services.case_accept(case=case, number="05/TB-STTTT", by=world.officer_a)
    assert _current(case, Step.ACCEPT).met_at == D(2026, 3, 5)
    resolve = _current(case, Step.RESOLVE)
    assert resolve.rule_code == "complaint-first" and resolve.variant == "complex_remote"
    assert resolve.due == _engine_due("complaint-first", D(2026, 3, 5), complex=True, remote=True)
    assert case.current_due == resolve.due
    case = services.case_assign_handler(case=case, handler=world.officer_a, by=world.head_a)
    assert case.status == Status.VERIFYING
    freeze(D(2026, 4, 20))
    case = services.case_conclude(
        case=case,
        decision_number="15/QĐ-STTTT",
        decision_date=D(2026, 4, 20),
        conclusion="Giữ nguyên quyết định.",
        by=world.officer_a,
    )
    assert case.status == Status.CONCLUDED and case.current_due is None
    assert _current(case, Step.RESOLVE).on_time() is True
    case = services.case_publish(case=case, public_answer="Đã giải quyết.", by=world.officer_a)
    case = services.case_close(case=case, by=world.officer_a)
    assert case.status == Status.CLOSED
    statuses = list(case.events.values_list("to_status", flat=True))
    assert statuses == [
        "received",
        "classified",
        "accepted",
        "verifying",
        "concluded",
        "published",
        "closed",
    ]


def test_denunciation_extensions_limited_by_complexity(world, denunciation, freeze):
    start = _current(denunciation, Step.RESOLVE).start
    freeze(D(2026, 3, 10))
    with pytest.raises(ApplicationError) as err:
        services.case_extend(
            case=denunciation,
            decision_number="01/QĐ-GH",
            decision_date=D(2026, 3, 10),
            by=world.officer_a,
        )
    assert "phức tạp" in err.value.message
    case = services.case_extend(
        case=denunciation,
        decision_number="01/QĐ-GH",
        decision_date=D(2026, 3, 10),
        complexity="complex",
        by=world.officer_a,
    )
    row = _current(case, Step.RESOLVE)
    assert row.extensions == 1 and case.complex
    assert row.due == _engine_due("denunciation-resolve", start, complex=True, extensions=1)
    assert row.extension_decisions[0]["number"] == "01/QĐ-GH"
    with pytest.raises(ApplicationError):
        services.case_extend(
            case=case, decision_number="02/QĐ-GH", decision_date=D(2026, 3, 10), by=world.officer_a
        )
    case = services.case_extend(
        case=case,
        decision_number="02/QĐ-GH",
        decision_date=D(2026, 3, 10),
        complexity="especially_complex",
        by=world.officer_a,
    )
    row = _current(case, Step.RESOLVE)
    assert row.due == _engine_due(
        "denunciation-resolve", start, especially_complex=True, extensions=2
    )
    assert case.documents.filter(kind="extension").count() == 2
    # The superseded versions stay, with the reason of each change.
    assert CaseDeadline.objects.filter(case=case, step=Step.RESOLVE).count() == 3


@pytest.mark.parametrize(
    ("action", "kwargs"),
    [
        ("case_accept", {}),
        (
            "case_conclude",
            {"decision_number": "1", "decision_date": D(2026, 3, 2), "conclusion": "x"},
        ),
        ("case_publish", {"public_answer": "x"}),
        ("case_close", {}),
        ("case_resume", {}),
        ("case_reject", {"grounds": ["unsigned"]}),
    ],
)
def test_illegal_transitions_from_received_are_refused(world, receive, freeze, action, kwargs):
    freeze(D(2026, 3, 2))
    case, _ = receive()
    with pytest.raises(ApplicationError) as err:
        getattr(services, action)(case=case, by=world.officer_a, **kwargs)
    assert err.value.code == "invalid_transition"
    case.refresh_from_db()
    assert case.status == Status.RECEIVED and case.version == 1


def test_reject_needs_article_11_grounds(world, receive):
    case, _ = receive()
    case = services.case_classify(case=case, kind="complaint", competence="own", by=world.officer_a)
    with pytest.raises(ApplicationError):
        services.case_reject(case=case, grounds=[], by=world.officer_a)
    with pytest.raises(ApplicationError):
        services.case_reject(case=case, grounds=["made-up"], by=world.officer_a)
    case = services.case_reject(case=case, grounds=["unsigned", "time_barred"], by=world.officer_a)
    assert case.status == Status.NOT_ACCEPTED
    assert len(case.grounds_labels()) == 2
    assert case.documents.get().kind == "non_acceptance"


def test_transfer_and_guide(world, receive):
    case, _ = receive()
    with pytest.raises(ApplicationError):
        services.case_transfer(case=case, to_body="", by=world.officer_a)
    case = services.case_transfer(case=case, to_body="UBND xã Hòa Thuận", by=world.officer_a)
    assert case.status == Status.TRANSFERRED and case.documents.get().kind == "transfer"
    other, _ = receive("Phản ánh khác hẳn về chợ.")
    other = services.case_guide(case=other, guidance="Gửi đơn đến UBND xã.", by=world.officer_a)
    assert other.status == Status.GUIDED
    assert CaseDeadline.objects.get(case=other).met_at is not None


def test_suspend_and_resume_moves_deadline_by_days_suspended(world, denunciation, freeze):
    case = denunciation
    before = _current(case, Step.RESOLVE).due
    freeze(D(2026, 3, 10))
    case = services.case_suspend(case=case, reason="Chờ kết quả giám định.", by=world.officer_a)
    assert case.status == Status.SUSPENDED and case.current_due is None
    freeze(D(2026, 3, 20))
    case = services.case_resume(case=case, by=world.officer_a)
    assert case.status == Status.VERIFYING
    after = _current(case, Step.RESOLVE)
    assert after.paused_days == 10 and after.due >= before + dt.timedelta(days=10)


def test_withdraw_cancels_deadlines(world, receive):
    case, _ = receive()
    case = services.case_withdraw(case=case, by=world.officer_a)
    assert case.status == Status.WITHDRAWN and case.current_due is None
    assert CaseDeadline.objects.get(case=case).cancelled


def test_duplicate_proposed_never_merged_silently(world, receive):
    first, _ = receive("Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND của UBND xã.")
    second, _ = receive(
        "KHIEU NAI quyet dinh thu hoi dat so 12/QD-UBND cua UBND xa", channel=Channel.POST
    )
    link = DuplicateLink.objects.get(case=second, other=first)
    assert link.status == "proposed"
    second.refresh_from_db()
    assert second.status == Status.RECEIVED
    with pytest.raises(ApplicationError):
        services.case_merge(case=second, into=first, confirm=False, by=world.officer_a)
    merged = services.case_merge(case=second, into=first, confirm=True, by=world.officer_a)
    assert merged.status == Status.MERGED and merged.merged_into == first
    link.refresh_from_db()
    assert link.status == "confirmed"


def test_different_person_is_not_a_duplicate(world, receive):
    receive("Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND.")
    other = dict(COMPLAINANT, name="Trần Văn Khác", id_number="091000000001")
    case, _ = receive("Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND.", submitter=other)
    assert not DuplicateLink.objects.filter(case=case).exists()


def test_second_complaint_linked_and_gets_second_rule(world, receive, freeze):
    freeze(D(2026, 3, 2))
    first, _ = receive()
    first = services.case_classify(
        case=first, kind="complaint", competence="own", by=world.officer_a
    )
    with pytest.raises(ApplicationError):
        services.case_second_complaint(
            first=first, unit=world.unit_a, content="x", by=world.officer_a
        )
    first = services.case_accept(case=first, by=world.officer_a)
    first = services.case_conclude(
        case=first,
        decision_number="1/QĐ",
        decision_date=D(2026, 3, 2),
        conclusion="Bác đơn.",
        by=world.officer_a,
    )
    second, _ = services.case_second_complaint(
        first=first,
        unit=world.unit_a,
        content="Không đồng ý quyết định lần đầu.",
        by=world.officer_a,
    )
    assert second.parent == first and second.is_second()
    second = services.case_classify(
        case=second, kind="complaint", competence="own", by=world.officer_a
    )
    second = services.case_accept(case=second, by=world.officer_a)
    assert _current(second, Step.RESOLVE).rule_code == "complaint-second"
    assert _current(second, Step.RESOLVE).due == _engine_due("complaint-second", D(2026, 3, 2))


def test_anonymous_denunciation_needs_article_25_handling(world, receive):
    case, _ = receive("Tố cáo nặc danh có kèm chứng từ.", submitter={"anonymous": True})
    with pytest.raises(ApplicationError) as err:
        services.case_classify(case=case, kind="denunciation", competence="own", by=world.officer_a)
    assert err.value.field == "anonymous_handling"
    case = services.case_classify(
        case=case,
        kind="denunciation",
        competence="own",
        anonymous_handling="inspect",
        by=world.officer_a,
    )
    with pytest.raises(ApplicationError):
        services.case_accept(case=case, by=world.officer_a)


def test_status_mail_only_when_opted_in_and_without_content(
    world, receive, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case, _ = receive(notify_email="dan@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_classify(case=case, kind="complaint", competence="own", by=world.officer_a)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert case.tracking_code in message.subject
        assert "thu hồi đất" not in message.body and "Khiếu" not in message.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        other, _ = receive("Khác hẳn.")
        services.case_classify(case=other, kind="complaint", competence="own", by=world.officer_a)
    assert mail.outbox == []


def test_public_status_needs_both_codes_and_has_no_personal_data(world, receive):
    case, secret = receive(notify_email="dan@example.invalid")
    assert selectors.case_public_status(tracking_code=case.tracking_code, secret="WRONG") is None
    assert selectors.case_public_status(tracking_code="DV-XXXX-XXXX", secret=secret) is None
    status = selectors.case_public_status(
        tracking_code=case.tracking_code.lower(), secret=secret.lower()
    )
    assert status["status"] == "received" and status["steps"][0]["label"] == "Đã tiếp nhận"
    text = str(status)
    for personal in ("Khiếu", COMPLAINANT["id_number"], COMPLAINANT["phone"], "dan@example"):
        assert personal not in text
    assert status["answers"] == []


def test_published_answer_visible_in_public_status(world, receive, freeze):
    freeze(D(2026, 3, 2))
    case, secret = receive()
    case = services.case_classify(case=case, kind="complaint", competence="own", by=world.officer_a)
    case = services.case_accept(case=case, by=world.officer_a)
    case = services.case_conclude(
        case=case,
        decision_number="1/QĐ",
        decision_date=D(2026, 3, 2),
        conclusion="Nội bộ.",
        by=world.officer_a,
    )
    assert (
        selectors.case_public_status(tracking_code=case.tracking_code, secret=secret)["answers"]
        == []
    )
    services.case_publish(case=case, public_answer="Công khai: giữ nguyên.", by=world.officer_a)
    answers = selectors.case_public_status(tracking_code=case.tracking_code, secret=secret)[
        "answers"
    ]
    assert answers[0]["text"] == "Công khai: giữ nguyên."


def test_portal_submission_with_attachment_is_stored_and_downloadable(
    world, login, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile(
        "đơn khiếu nại.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        content_type="application/pdf",
    )
    case, secret = services.case_receive(
        unit=world.unit_a,
        channel=Channel.PORTAL,
        content="Phản ánh kèm tài liệu.",
        submitter=dict(COMPLAINANT),
        attachments=[pdf],
    )
    row = case.attachments.get()
    assert row.original_name == "đơn khiếu nại.pdf" and row.by is None
    response = login(world.officer_a).get(f"/don-thu/tep/{row.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert login(world.officer_b).get(f"/don-thu/tep/{row.pk}/").status_code == 404
    assert selectors.case_public_status(tracking_code=case.tracking_code, secret=secret)

"""The portal pages end to end through Django's test client: submit, replay, refuse, look up."""

from __future__ import annotations

import json
import re
import threading
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from danvan.petitions.models import Case, CaseAttachment
from danvan.portal import challenge, services
from danvan.portal.models import (
    ChallengeUse,
    PortalAttachment,
    PortalSubmission,
    SubmissionStatus,
)

from .conftest import form_data, jpeg_with_exif, solved

SUBMIT = reverse("portal:submit")
LOOKUP = reverse("portal:lookup")


def _codes(response: Any) -> tuple[str, str]:
    html = response.content.decode()
    code = re.search(r'id="receipt-code"[^>]*>([^<]+)<', html).group(1)
    secret = re.search(r'id="receipt-secret"[^>]*>([^<]+)<', html).group(1)
    return code, secret


def test_form_page_renders_with_a_key_and_a_challenge(client, world):
    response = client.get(SUBMIT)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'name="idempotency_key" value="[0-9a-f]{32}"', html)
    assert 'data-pow-token="' in html and "cộng" in html
    assert world.unit_a.name in html
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )


def test_unit_search_without_javascript_filters_the_list(client, world):
    html = client.get(SUBMIT, {"co_quan": world.unit_a.name.split()[-1]}).content.decode()
    assert world.unit_a.name in html


def test_submission_creates_a_case_and_shows_code_and_secret_once(client, world):
    response = client.post(SUBMIT, form_data(world.unit_a))
    assert response.status_code == 200, response.content.decode()[:2000]
    code, secret = _codes(response)
    case = Case.objects.get(tracking_code=code)
    assert case.unit == world.unit_a and case.channel == "portal"
    assert case.kind_hint == "feedback" and case.notify_email == "binh@example.invalid"
    submission = PortalSubmission.objects.get()
    assert submission.status == SubmissionStatus.DONE and submission.case == case
    assert submission.payload == {}  # the personal data lives in the case only
    assert secret not in str(case.secret_hash)
    assert ChallengeUse.objects.count() == 1


def test_double_submit_returns_the_same_case_and_codes(client, world):
    data = form_data(world.unit_a)
    first = client.post(SUBMIT, data)
    second = client.post(SUBMIT, data)  # same key, same (already spent) challenge
    assert second.status_code == 200
    assert _codes(first) == _codes(second)
    assert Case.objects.count() == 1 and PortalSubmission.objects.count() == 1
    assert "không có hồ sơ mới" in second.content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_click_creates_one_case(world):
    data = form_data(world.unit_a)
    results: list[Any] = []

    def post() -> None:
        try:
            results.append(Client().post(SUBMIT, data))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in results] == [200, 200]
    assert _codes(results[0]) == _codes(results[1])
    assert Case.objects.count() == 1


def test_reused_challenge_with_a_new_key_is_refused(client, world):
    data = form_data(world.unit_a)
    client.post(SUBMIT, data)
    again = client.post(SUBMIT, {**data, "idempotency_key": "b" * 32})
    assert again.status_code == 400
    assert "đã được dùng" in again.content.decode()
    assert Case.objects.count() == 1


def test_wrong_answer_without_javascript_keeps_what_was_typed(client, world):
    fresh = challenge.issue()
    data = form_data(
        world.unit_a,
        challenge_token=fresh.token,
        challenge_counter="",
        challenge_answer=str(fresh.a + fresh.b + 1),
    )
    response = client.post(SUBMIT, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "không đúng" in html
    assert "Đề nghị sửa chữa đoạn đường bị sụt lún" in html
    assert 'value="Nguyễn Văn Bình"' in html
    assert f'value="{"a" * 32}"' in html  # same idempotency key
    assert not Case.objects.exists() and not PortalSubmission.objects.exists()


def test_right_answer_without_javascript_is_accepted(client, world):
    fresh = challenge.issue()
    data = form_data(
        world.unit_a,
        challenge_token=fresh.token,
        challenge_counter="",
        challenge_answer=str(fresh.a + fresh.b),
    )
    assert client.post(SUBMIT, data).status_code == 200
    assert Case.objects.count() == 1


def test_expired_challenge_is_refused_and_input_kept(client, world):
    from django.utils import timezone

    old = timezone.now() - challenge.TTL - challenge.dt.timedelta(minutes=1)
    response = client.post(SUBMIT, form_data(world.unit_a, **solved(now=old)))
    assert response.status_code == 400
    assert "hết hạn" in response.content.decode()
    assert "Nguyễn Văn Bình" in response.content.decode()
    assert not Case.objects.exists()


def test_honeypot_filled_creates_nothing(client, world):
    response = client.post(SUBMIT, form_data(world.unit_a, website="http://spam.example"))
    assert response.status_code == 400
    assert not Case.objects.exists() and not PortalSubmission.objects.exists()


def test_submissions_are_rate_limited_per_address(client, world, settings):
    settings.DANVAN_PORTAL_RATE_LIMITS = {"submit": (2, 3600)}
    for n in range(2):
        ok = client.post(SUBMIT, form_data(world.unit_a, idempotency_key=f"{n}" * 32))
        assert ok.status_code == 200
    blocked = client.post(SUBMIT, form_data(world.unit_a, idempotency_key="9" * 32))
    assert blocked.status_code == 429
    assert "quá nhiều lần" in blocked.content.decode()
    assert "Nguyễn Văn Bình" in blocked.content.decode()
    other = Client(REMOTE_ADDR="198.51.100.77")
    assert other.post(SUBMIT, form_data(world.unit_a, idempotency_key="8" * 32)).status_code == 200
    assert Case.objects.count() == 3


def test_rate_limit_honours_the_trusted_proxy(world, settings):
    settings.DANVAN_PORTAL_RATE_LIMITS = {"submit": (1, 3600)}
    settings.DANVAN_TRUSTED_PROXY_COUNT = 1
    a = Client(HTTP_X_FORWARDED_FOR="203.0.113.1")
    b = Client(HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert a.post(SUBMIT, form_data(world.unit_a, idempotency_key="1" * 32)).status_code == 200
    assert b.post(SUBMIT, form_data(world.unit_a, idempotency_key="2" * 32)).status_code == 200
    assert a.post(SUBMIT, form_data(world.unit_a, idempotency_key="3" * 32)).status_code == 429


def test_field_errors_keep_values_and_ask_for_files_again(client, world):
    data = form_data(world.unit_a, content="ngắn", attachments=SimpleUploadedFile("a.txt", b"x"))
    response = client.post(SUBMIT, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nguyễn Văn Bình" in html and "binh@example.invalid" in html
    assert "các tệp đính kèm cần được chọn lại" in html
    assert not PortalSubmission.objects.exists()


def test_consent_is_required(client, world):
    data = form_data(world.unit_a)
    del data["consent"]
    response = client.post(SUBMIT, data)
    assert response.status_code == 400
    assert "Bạn cần đồng ý" in response.content.decode()


def test_attached_photo_reaches_the_case_without_exif(client, world):
    photo = SimpleUploadedFile("anh.jpg", jpeg_with_exif(), content_type="image/jpeg")
    response = client.post(SUBMIT, {**form_data(world.unit_a), "attachments": photo})
    assert response.status_code == 200
    stored = CaseAttachment.objects.get()
    data = stored.file.read()
    assert data[:2] == b"\xff\xd8" and b"Phone Model X" not in data
    assert not PortalAttachment.objects.exists()  # the portal's copy is gone


def test_bomb_attachment_is_refused_with_input_kept(client, world):
    from .conftest import png_bomb

    bomb = SimpleUploadedFile("bom.png", png_bomb(), content_type="image/png")
    response = client.post(SUBMIT, {**form_data(world.unit_a), "attachments": bomb})
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode()
    assert not PortalSubmission.objects.exists() and not Case.objects.exists()


def test_server_failure_keeps_the_submission_for_staff(client, world, monkeypatch):
    from danvan.petitions import services as petition_services

    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("database went away")

    # A failure outside our control (the petitions app, the disk) is simulated at the boundary.
    monkeypatch.setattr(petition_services, "case_receive", broken)
    photo = SimpleUploadedFile("anh.jpg", jpeg_with_exif(), content_type="image/jpeg")
    data = form_data(world.unit_a)
    response = client.post(SUBMIT, {**data, "attachments": photo})
    assert response.status_code == 200
    assert "đã được lưu" in response.content.decode()
    submission = PortalSubmission.objects.get()
    assert submission.status == SubmissionStatus.FAILED
    assert submission.payload["content"].startswith("Đề nghị sửa chữa")
    assert submission.payload["name"] == "Nguyễn Văn Bình"
    assert submission.attachments.count() == 1
    assert "database went away" in submission.error
    monkeypatch.undo()
    # The citizen retries (same key): the case is created now, once, with the photo.
    retried = client.post(SUBMIT, data)
    code, _secret = _codes(retried)
    case = Case.objects.get()
    assert case.tracking_code == code and case.attachments.count() == 1
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DONE and submission.payload == {}


def test_staff_retry_command_recovers_a_failed_submission(client, world, monkeypatch):
    from django.core.management import call_command

    from danvan.petitions import services as petition_services

    monkeypatch.setattr(
        petition_services, "case_receive", lambda **kw: (_ for _ in ()).throw(OSError("disk"))
    )
    client.post(SUBMIT, form_data(world.unit_a))
    monkeypatch.undo()
    call_command("portal_retry", stdout=__import__("io").StringIO())
    call_command("portal_retry", stdout=__import__("io").StringIO())  # safe to run twice
    assert Case.objects.count() == 1
    assert PortalSubmission.objects.get().status == SubmissionStatus.DONE


def test_secret_is_shown_again_only_within_the_window(client, world):
    data = form_data(world.unit_a)
    client.post(SUBMIT, data)
    PortalSubmission.objects.update(
        secret_until=services.timezone.now() - services.dt.timedelta(seconds=1)
    )
    services.portal_cleanup()
    later = client.post(SUBMIT, data)
    html = later.content.decode()
    assert 'id="receipt-secret"' not in html and "không thể hiển thị lại" in html
    assert PortalSubmission.objects.get().secret_sealed == ""


def _lookup(client: Any, code: str, secret: str) -> Any:
    return client.post(LOOKUP, {"tracking_code": code, "secret": secret})


def test_lookup_shows_status_and_public_steps(client, world):
    code, secret = _codes(client.post(SUBMIT, form_data(world.unit_a)))
    response = _lookup(client, code, secret.lower())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã tiếp nhận" in html and world.unit_a.name in html
    assert "Nguyễn Văn Bình" not in html and "091234567890" not in html


def _without_csrf(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def test_wrong_secret_is_indistinguishable_from_unknown_code(client, world):
    code, secret = _codes(client.post(SUBMIT, form_data(world.unit_a)))
    wrong = _lookup(client, code, "AAAA-BBBB-CCCC")
    unknown = _lookup(client, "XX-0000-0000", "AAAA-BBBB-CCCC")
    assert wrong.status_code == unknown.status_code == 404
    a = _without_csrf(wrong.content.decode()).replace(code, "CODE")
    b = _without_csrf(unknown.content.decode()).replace("XX-0000-0000", "CODE")
    assert a == b
    assert "Không tìm thấy hồ sơ" in a


def test_lookup_is_rate_limited(client, world, settings):
    settings.DANVAN_PORTAL_RATE_LIMITS = {"lookup": (3, 600)}
    for _ in range(3):
        assert _lookup(client, "XX-1", "x").status_code == 404
    assert _lookup(client, "XX-1", "x").status_code == 429


def test_lookup_needs_post_for_the_secret(client, world):
    response = client.get(LOOKUP, {"ma": "ABC", "secret": "x"})
    assert response.status_code == 200 and 'value="ABC"' in response.content.decode()


def test_privacy_notice_names_the_law_and_the_rights(client, db):
    html = client.get(reverse("portal:privacy")).content.decode()
    for needle in (
        "91/2025/QH15",
        "Dữ liệu được thu thập",
        "Mục đích xử lý",
        "Ai được xem dữ liệu",
        "Thời gian lưu trữ",
        "Quyền của bạn",
        "Liên hệ",
        "Điều 47 Luật Tố cáo",
    ):
        assert needle in html


def test_index_links_every_public_page(client, db):
    html = client.get(reverse("portal:index")).content.decode()
    for name in ("portal:submit", "portal:lookup", "portal:privacy"):
        assert reverse(name) in html


def test_right_codes_are_never_refused_by_the_lookup_limit(client, world, settings):
    settings.DANVAN_PORTAL_RATE_LIMITS = {"lookup": (2, 600)}
    code, secret = _codes(client.post(SUBMIT, form_data(world.unit_a)))
    for _ in range(5):  # reading one's own case again and again is not guessing
        assert _lookup(client, code, secret).status_code == 200
    for _ in range(2):
        assert _lookup(client, code, "AAAA-BBBB-CCCC").status_code == 404
    assert _lookup(client, code, secret).status_code == 429  # misses used up the window


def test_old_name_of_a_dissolved_unit_finds_its_successor(client, world):
    import datetime as dt

    from danvan.orgs import services as orgs

    old = orgs.unit_create(
        code="OLD-TP", name="Ủy ban nhân dân thành phố Cũ", kind="district", by=world.admin
    )
    orgs.unit_dissolve(
        unit=old, successors=[world.unit_b], on=dt.date(2025, 7, 1), kind="split", by=world.admin
    )
    html = client.get(SUBMIT, {"co_quan": "thanh pho cu"}).content.decode()
    options = re.findall(r'<option value="(\d+)"', html)
    assert options == [str(world.unit_b.pk)]  # the successor, not the dissolved unit
    assert "thanh pho cu" in html  # its former name reaches the in-page filter


def test_json_lookup_answers_status_without_personal_data(client, world):
    code, secret = _codes(client.post(SUBMIT, form_data(world.unit_a)))
    url = reverse("portal:lookup_json")
    body = json.dumps({"tracking_code": code.lower(), "secret": secret})
    response = Client(enforce_csrf_checks=True).post(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["tracking_code"] == code and data["unit"] == world.unit_a.name
    assert data["steps"] and data["steps"][0]["date"]
    text = response.content.decode()
    assert "Nguyễn Văn Bình" not in text and "091234567890" not in text


def test_json_lookup_wrong_secret_unknown_code_and_bad_input(client, world, settings):
    code, _secret = _codes(client.post(SUBMIT, form_data(world.unit_a)))
    url = reverse("portal:lookup_json")
    wrong = client.post(url, {"tracking_code": code, "secret": "AAAA-BBBB-CCCC"})
    unknown = client.post(url, {"tracking_code": "XX-0000-0000", "secret": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.content == unknown.content
    assert client.post(url, "{oops", content_type="application/json").status_code == 422
    assert client.post(url, "[1]", content_type="application/json").status_code == 422
    missing = client.post(url, {"tracking_code": code})
    assert missing.status_code == 422 and missing.json()["error"]["fields"][0]["field"] == "secret"
    assert client.get(url).status_code == 405
    # Two misses so far (wrong secret, unknown code); the third is the last one allowed.
    settings.DANVAN_PORTAL_RATE_LIMITS = {"lookup": (3, 600)}
    assert client.post(url, {"tracking_code": "XX-1", "secret": "x"}).status_code == 404
    limited = client.post(url, {"tracking_code": "XX-1", "secret": "x"})
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "rate_limited"


def _noscript(unit: Any, **extra: Any) -> dict[str, Any]:
    fresh = challenge.issue()
    return form_data(
        unit,
        challenge_token=fresh.token,
        challenge_counter="",
        challenge_answer=str(fresh.a + fresh.b),
        **extra,
    )


def test_a_key_sent_again_with_other_content_shows_nothing_and_becomes_a_new_petition(
    client, world
):
    first = client.post(SUBMIT, form_data(world.unit_a))
    code, secret = _codes(first)
    other = form_data(world.unit_a, content="Phản ánh khác hẳn: đèn đường ấp 3 không sáng.")
    refused = client.post(SUBMIT, other)
    html = refused.content.decode()
    assert refused.status_code == 400 and "đã được dùng để gửi một đơn khác" in html
    assert code not in html and secret not in html
    assert "đèn đường ấp 3" in html  # what was typed survives
    new_key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', html)
    assert new_key and new_key.group(1) != "a" * 32
    again = client.post(SUBMIT, {**other, **solved(), "idempotency_key": new_key.group(1)})
    assert again.status_code == 200 and _codes(again)[0] != code
    assert Case.objects.count() == 2


def test_the_no_script_question_has_a_tighter_allowance(client, world, settings):
    for n in range(2):
        ok = client.post(SUBMIT, _noscript(world.unit_a, idempotency_key=f"{n}" * 32))
        assert ok.status_code == 200
    third = client.post(SUBMIT, _noscript(world.unit_a, idempotency_key="c" * 32))
    assert third.status_code == 429
    # With the proof of work the same address still has its ordinary allowance.
    worked = client.post(SUBMIT, form_data(world.unit_a, idempotency_key="d" * 32))
    assert worked.status_code == 200
    # And all addresses together share a ceiling on no-script submissions.
    settings.DANVAN_PORTAL_RATE_LIMITS = {"submit_noscript_all": (2, 3600)}
    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    refused = elsewhere.post(SUBMIT, _noscript(world.unit_a, idempotency_key="e" * 32))
    assert refused.status_code == 429
    assert Case.objects.count() == 3


def test_odd_unit_numbers_in_the_link_are_ignored(client, world):
    for odd in ("²", "٣", "9" * 30, "-1"):
        assert client.get(SUBMIT, {"don_vi": odd}).status_code == 200

"""Tracking secrets: a SECRET_KEY rotation keeps them working; a lost one is issued again."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.http import Http404
from django.test import Client
from django.urls import reverse

from danvan.core.access import PermissionDeniedError
from danvan.core.errors import ApplicationError
from danvan.core.models import AuditEvent
from danvan.petitions import selectors, services
from danvan.petitions.models import Case, Channel, DuplicateLink

from .conftest import DENOUNCER

OLD_KEY = "old-" + "k" * 60
NEW_KEY = "new-" + "n" * 60


def test_a_secret_hashed_under_the_old_key_still_opens_the_case_and_is_rehashed(
    settings, world, receive
):
    settings.SECRET_KEY = OLD_KEY
    case, secret = receive()
    old_hash = Case.objects.get(pk=case.pk).secret_hash

    settings.SECRET_KEY, settings.DANVAN_OLD_SECRET_KEYS = NEW_KEY, []
    # Without the old key among the fallbacks the citizen would be locked out.
    assert selectors.case_public_status(tracking_code=case.tracking_code, secret=secret) is None

    settings.DANVAN_OLD_SECRET_KEYS = [OLD_KEY]
    found = selectors.case_public_status(tracking_code=case.tracking_code, secret=secret)
    assert found is not None and found["tracking_code"] == case.tracking_code
    new_hash = Case.objects.get(pk=case.pk).secret_hash
    assert new_hash != old_hash  # stored again under the current key

    settings.DANVAN_OLD_SECRET_KEYS = []
    assert selectors.case_public_status(tracking_code=case.tracking_code, secret=secret)
    assert (
        selectors.case_public_status(tracking_code=case.tracking_code, secret="ABCD-EFGH-JKMN")
        is None
    )


def test_a_case_from_before_the_rotation_is_still_proposed_as_a_duplicate(settings, world, receive):
    settings.SECRET_KEY = OLD_KEY
    first, _ = receive("Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND của UBND xã.")
    settings.SECRET_KEY, settings.DANVAN_OLD_SECRET_KEYS = NEW_KEY, [OLD_KEY]
    second, _ = receive(
        "KHIEU NAI quyet dinh thu hoi dat so 12/QD-UBND cua UBND xa", channel=Channel.POST
    )
    assert first.person_key != second.person_key
    assert DuplicateLink.objects.filter(case=second, other=first).exists()


def test_a_lost_secret_is_issued_again_and_the_old_one_stops_working(
    world, receive, client, mailoutbox, django_capture_on_commit_callbacks
):
    case, old = receive(notify_email="khieu@example.invalid")
    mailoutbox.clear()
    client.force_login(world.officer_a)
    url = reverse("petitions:secret_reissue", args=[case.pk])
    refused = client.post(url, {"reissue-reason": "  "})
    assert refused.status_code == 400
    assert selectors.case_public_status(tracking_code=case.tracking_code, secret=old)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"reissue-reason": "Bà Khiếu xuất trình CCCD tại bộ phận một cửa"}
        )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    new = re.search(r"Mã bí mật</dt><dd><strong>([A-Z0-9-]+)</strong>", response.content.decode())
    assert new, response.content.decode()[:2000]
    secret = new.group(1)
    assert secret != old
    assert selectors.case_public_status(tracking_code=case.tracking_code, secret=secret)
    assert selectors.case_public_status(tracking_code=case.tracking_code, secret=old) is None
    event = AuditEvent.objects.get(action="case.secret_reissue", object_id=str(case.pk))
    assert event.actor == world.officer_a and "CCCD" in event.after["reason"]
    assert secret not in json.dumps([event.before, event.after])
    (mail,) = mailoutbox
    assert mail.to == ["khieu@example.invalid"] and "cấp lại" in mail.subject
    assert secret not in mail.body and "Sở Thông tin và Truyền thông" in mail.body


def test_who_may_issue_a_secret_again(world, receive, denunciation):
    case, _old = receive()
    for user in (world.officer_b, world.head_b, world.viewer, world.coordinator):
        with pytest.raises((PermissionDeniedError, Http404)):  # 404: may not even see it
            services.case_secret_reissue(case=case, reason="x", by=user)
    anonymous, _ = receive("Phản ánh ẩn danh về lấn chiếm vỉa hè.", submitter={"anonymous": True})
    with pytest.raises(ApplicationError) as refused:
        services.case_secret_reissue(case=anonymous, reason="x", by=world.officer_a)
    assert refused.value.code == "anonymous"
    # A denunciation: only those who may see the denouncer (handler, unit head).
    assert services.case_secret_reissue(case=denunciation, reason="x", by=world.head_a)


def test_the_api_issues_a_secret_again_only_for_the_unit(world, receive):
    case, old = receive()
    url = f"/api/v1/petitions/{case.pk}/secret"
    other = Client()
    other.force_login(world.officer_b)
    hidden = other.post(url, {"reason": "x"}, content_type="application/json")
    assert hidden.status_code == 404
    own = Client()
    own.force_login(world.officer_a)
    empty = own.post(url, {"reason": ""}, content_type="application/json")
    assert empty.status_code == 422
    made = own.post(url, {"reason": "Xác minh CCCD"}, content_type="application/json")
    assert made.status_code == 201 and made["Cache-Control"] == "no-store"
    body = made.json()
    assert body["tracking_code"] == case.tracking_code and body["secret"] != old
    assert selectors.case_public_status(tracking_code=case.tracking_code, secret=body["secret"])


def test_person_keys_are_rehashed_so_old_cases_match_once_the_old_key_is_dropped(
    settings, world, receive, denunciation
):
    settings.SECRET_KEY = OLD_KEY
    complaint, _ = receive("Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND của UBND xã.")
    denounced, _ = receive(
        "Tố cáo cán bộ địa chính xã nhận tiền khi làm hồ sơ.",
        submitter=dict(DENOUNCER),
        kind_hint="denunciation",
    )
    old_keys = dict(Case.objects.values_list("pk", "person_key"))
    settings.SECRET_KEY, settings.DANVAN_OLD_SECRET_KEYS = NEW_KEY, [OLD_KEY]
    out = StringIO()
    call_command("rehash_person_keys", stdout=out)
    # The fixture's denunciation was hashed under the test key, which is neither: untouched.
    assert out.getvalue().startswith("2 hồ sơ")
    call_command("rehash_person_keys", stdout=out)
    assert "0 hồ sơ" in out.getvalue()
    for case in (complaint, denounced):
        case.refresh_from_db()
        assert case.person_key != old_keys[case.pk]
    settings.DANVAN_OLD_SECRET_KEYS = []
    again, _ = receive(
        "KHIEU NAI quyet dinh thu hoi dat so 12/QD-UBND cua UBND xa", channel=Channel.POST
    )
    assert DuplicateLink.objects.filter(case=again, other=complaint).exists()


def test_a_denunciation_secret_is_reissued_only_by_who_may_see_the_denouncer(
    world, denunciation, client
):
    from django.contrib.auth import get_user_model

    from danvan.orgs import services as orgs
    from danvan.petitions.models import IdentityAccessLog

    colleague = get_user_model().objects.create_user("canbo_a2", password="x")
    orgs.role_grant(user=colleague, unit=world.unit_a, role="unit_officer", by=world.admin)
    with pytest.raises(PermissionDeniedError):  # sees the case, not the denouncer
        services.case_secret_reissue(case=denunciation, reason="x", by=colleague)
    client.force_login(colleague)
    url = reverse("petitions:secret_reissue", args=[denunciation.pk])
    assert client.post(url, {"reissue-reason": "x"}).status_code == 403
    page = client.get(reverse("petitions:detail", args=[denunciation.pk])).content.decode()
    assert "Cấp lại mã bí mật" not in page

    reason = "Người tố cáo đến trụ sở, đã đối chiếu giấy tờ"
    assert services.case_secret_reissue(case=denunciation, reason=reason, by=world.officer_a)
    entry = AuditEvent.objects.get(action="case.secret_reissue", object_id=str(denunciation.pk))
    assert reason not in json.dumps(entry.after)  # the history other officers read
    log = IdentityAccessLog.objects.get(pk=entry.after["identity_access_log"])
    assert reason in log.purpose and log.user == world.officer_a

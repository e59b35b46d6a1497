"""Tracking secrets: a SECRET_KEY rotation keeps them working; a lost one is issued again."""

from __future__ import annotations

import json
import re

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from danvan.core.access import PermissionDeniedError
from danvan.core.errors import ApplicationError
from danvan.core.models import AuditEvent
from danvan.petitions import selectors, services
from danvan.petitions.models import Case, Channel, DuplicateLink

OLD_KEY = "old-" + "k" * 60
NEW_KEY = "new-" + "n" * 60


def test_a_secret_hashed_under_the_old_key_still_opens_the_case_and_is_rehashed(
    settings, world, receive
):
    settings.SECRET_KEY = OLD_KEY
    case, secret = receive()
    old_hash = Case.objects.get(pk=case.pk).secret_hash

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, []
    # Without the old key among the fallbacks the citizen would be locked out.
    assert selectors.case_public_status(tracking_code=case.tracking_code, secret=secret) is None

    settings.SECRET_KEY_FALLBACKS = [OLD_KEY]
    found = selectors.case_public_status(tracking_code=case.tracking_code, secret=secret)
    assert found is not None and found["tracking_code"] == case.tracking_code
    new_hash = Case.objects.get(pk=case.pk).secret_hash
    assert new_hash != old_hash  # stored again under the current key

    settings.SECRET_KEY_FALLBACKS = []
    assert selectors.case_public_status(tracking_code=case.tracking_code, secret=secret)
    assert (
        selectors.case_public_status(tracking_code=case.tracking_code, secret="ABCD-EFGH-JKMN")
        is None
    )


def test_a_case_from_before_the_rotation_is_still_proposed_as_a_duplicate(settings, world, receive):
    settings.SECRET_KEY = OLD_KEY
    first, _ = receive("Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND của UBND xã.")
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, [OLD_KEY]
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
    assert made.status_code == 201
    body = made.json()
    assert body["tracking_code"] == case.tracking_code and body["secret"] != old
    assert selectors.case_public_status(tracking_code=case.tracking_code, secret=body["secret"])

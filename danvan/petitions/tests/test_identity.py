"""Denouncer identities: encrypted at rest, key rotation, views only by handler and head."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from danvan.core.audit import history_for
from danvan.core.errors import PermissionDeniedError
from danvan.petitions import crypto, services
from danvan.petitions.models import DenouncerIdentity, IdentityAccessLog

from .conftest import DENOUNCER

pytestmark = pytest.mark.django_db


def test_handler_and_head_see_identity_and_each_view_is_logged(world, denunciation):
    shown = services.identity_reveal(
        case=denunciation, by=world.officer_a, purpose="Xác minh", page="/don-thu/1/"
    )
    assert shown["name"] == DENOUNCER["name"]
    assert services.identity_reveal(case=denunciation, by=world.head_a, purpose="Duyệt")
    logs = IdentityAccessLog.objects.filter(case=denunciation)
    assert {log.user_id for log in logs} == {world.officer_a.pk, world.head_a.pk}
    assert history_for(denunciation).filter(action="case.identity_view").count() == 2
    for entry in history_for(denunciation):
        assert DENOUNCER["name"] not in str(entry.after)


@pytest.mark.parametrize("who", ["coordinator", "viewer", "admin", "officer_b", "head_b"])
def test_nobody_else_gets_the_identity(world, denunciation, who):
    with pytest.raises(Exception) as err:
        services.identity_reveal(case=denunciation, by=getattr(world, who), purpose="x")
    assert err.type.__name__ in ("PermissionDeniedError", "Http404")
    assert not IdentityAccessLog.objects.exists()


def test_other_officer_of_the_unit_is_refused(world, denunciation):
    from django.contrib.auth import get_user_model

    from danvan.orgs import services as orgs

    # Not conftest.make_user: imported at run time, "conftest" may be the browser tests' one.
    other = get_user_model().objects.create_user("canbo_a2", password="Mat-khau-thu-2026")
    orgs.role_grant(user=other, unit=world.unit_a, role="unit_officer", by=world.admin)
    with pytest.raises(PermissionDeniedError):
        services.identity_reveal(case=denunciation, by=other, purpose="x")


def test_key_rotation(world, denunciation, settings):
    old_key = settings.DANVAN_IDENTITY_KEYS[0]
    row = DenouncerIdentity.objects.get(case=denunciation)
    assert row.key_id == crypto.key_id(old_key.encode())
    new_key = Fernet.generate_key().decode()
    settings.DANVAN_IDENTITY_KEYS = [new_key, old_key]
    # Old tokens still open with the old key listed second.
    assert crypto.decrypt_identity(row.token)["name"] == DENOUNCER["name"]
    call_command("rotate_identity_keys", stdout=StringIO())
    assert services.identities_rotate() == 0  # idempotent
    row.refresh_from_db()
    assert row.key_id == crypto.key_id(new_key.encode())
    settings.DANVAN_IDENTITY_KEYS = [new_key]
    assert crypto.decrypt_identity(row.token)["name"] == DENOUNCER["name"]
    settings.DANVAN_IDENTITY_KEYS = [old_key]
    with pytest.raises(ImproperlyConfigured):
        crypto.decrypt_identity(row.token)


def test_the_key_is_never_in_the_database(world, denunciation, settings):
    row = DenouncerIdentity.objects.get(case=denunciation)
    key = settings.DANVAN_IDENTITY_KEYS[0]
    assert key not in row.token and key not in row.key_id

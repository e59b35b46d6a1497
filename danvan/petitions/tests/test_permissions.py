"""Permission matrix of the petitions app: every role × every action, through the real paths."""

from __future__ import annotations

import pytest
from django.http import Http404

from danvan.core.access import actor_for
from danvan.core.errors import PermissionDeniedError
from danvan.petitions import policies, services

pytestmark = pytest.mark.django_db

ROLES = ["admin", "coordinator", "officer_a", "head_a", "officer_b", "head_b", "viewer", "liaison"]

# role -> (list, view case of A, receive at A, work case of A, assign self, see identity)
MATRIX = {
    "admin": (True, True, False, False, False, False),
    "coordinator": (True, True, False, False, False, False),
    "officer_a": (True, True, True, True, True, True),  # as the assigned handler
    "head_a": (True, True, True, True, True, True),
    "officer_b": (True, False, False, False, False, False),
    "head_b": (True, False, False, False, False, False),
    "viewer": (True, True, False, False, False, False),
    "liaison": (False, False, False, False, False, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_policy_matrix(world, denunciation, role):
    user = getattr(world, role)
    actor = actor_for(user)
    expected = MATRIX[role]
    got = (
        policies.can_list_cases(actor),
        policies.can_view_case(actor, denunciation),
        policies.can_receive(actor, world.unit_a.pk),
        policies.can_work_case(actor, denunciation),
        policies.can_assign_handler(actor, denunciation, user),
        policies.can_view_identity(actor, denunciation),
    )
    assert got == expected


@pytest.mark.parametrize("role", ROLES)
def test_pages_follow_the_matrix(world, denunciation, login, role):
    client = login(getattr(world, role))
    can_list, can_view, can_receive, can_work, _assign, can_identity = MATRIX[role]
    assert client.get("/don-thu/").status_code == (200 if can_list else 403)
    detail = client.get(f"/don-thu/{denunciation.pk}/").status_code
    assert detail == (200 if can_view else 404)
    assert client.get("/don-thu/tiep-nhan/").status_code == (
        200 if role in ("officer_a", "head_a", "officer_b", "head_b") else 403
    )
    response = client.post(f"/don-thu/{denunciation.pk}/ket-luan/", {})
    assert response.status_code == (400 if can_work else 403 if can_view else 404)
    response = client.post(f"/don-thu/{denunciation.pk}/danh-tinh/", {"identity-purpose": "x"})
    assert response.status_code == (200 if can_identity else 403 if can_view else 404)


@pytest.mark.parametrize("role", ROLES)
def test_api_follows_the_matrix(world, denunciation, client, role):
    client.force_login(getattr(world, role))
    can_list, can_view, _receive, can_work, _assign, _identity = MATRIX[role]
    assert client.get("/api/v1/petitions").status_code == (200 if can_list else 403)
    assert client.get(f"/api/v1/petitions/{denunciation.pk}").status_code == (
        200 if can_view else 404
    )
    response = client.post(
        f"/api/v1/petitions/{denunciation.pk}/transitions",
        {"action": "suspend", "reason": "Chờ giám định."},
        content_type="application/json",
    )
    assert response.status_code == (200 if can_work else 403 if can_view else 404)


@pytest.mark.parametrize("role", ["coordinator", "viewer", "officer_b", "head_b", "admin"])
def test_services_refuse_outsiders(world, denunciation, role):
    user = getattr(world, role)
    with pytest.raises((PermissionDeniedError, Http404)):
        services.case_suspend(case=denunciation, reason="x", by=user)
    with pytest.raises((PermissionDeniedError, Http404)):
        services.case_receive(
            unit=world.unit_a,
            channel="desk",
            content="x",
            submitter={"name": "A"},
            by=user,
        )
    with pytest.raises((PermissionDeniedError, Http404)):
        services.case_assign_handler(case=denunciation, handler=user, by=user)


def test_officer_cannot_assign_a_colleague_but_the_head_can(world, receive, other_officer_a):
    colleague = other_officer_a
    case, _ = receive()
    with pytest.raises(PermissionDeniedError):
        services.case_assign_handler(case=case, handler=colleague, by=world.officer_a)
    case = services.case_assign_handler(case=case, handler=colleague, by=world.head_a)
    assert case.handler == colleague


def test_handler_must_belong_to_the_unit(world, receive):
    case, _ = receive()
    with pytest.raises(Exception) as err:
        services.case_assign_handler(case=case, handler=world.officer_b, by=world.head_a)
    assert "cán bộ hoặc lãnh đạo" in str(err.value)


def test_officer_not_assigned_cannot_see_identity(world, receive):
    case, _ = receive("Tố cáo sai phạm.", kind_hint="denunciation")
    assert not policies.can_view_identity(actor_for(world.officer_a), case)
    case = services.case_assign_handler(case=case, handler=world.officer_a, by=world.head_a)
    assert policies.can_view_identity(actor_for(world.officer_a), case)

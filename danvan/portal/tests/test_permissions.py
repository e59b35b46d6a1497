"""Who may do what in the portal: every page is public; recovering submissions is for staff."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from danvan.portal.models import PortalSubmission

PAGES = ["portal:index", "portal:submit", "portal:lookup", "portal:privacy"]
PERSONAS = [None, "admin", "coordinator", "officer_a", "head_a", "viewer", "liaison"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", PAGES)
def test_every_portal_page_is_open_to_everyone(client, world, login, persona, page):
    if persona:
        login(getattr(world, persona))
    assert client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize(
    "persona", ["admin", "coordinator", "officer_a", "head_a", "viewer", "liaison"]
)
def test_submission_admin_is_closed_to_non_staff(client, world, login, persona):
    login(getattr(world, persona))
    url = reverse("admin:portal_portalsubmission_changelist")
    response = client.get(url)
    assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]


def test_staff_read_submissions_but_never_edit_or_delete_them(client, world, login):
    PortalSubmission.objects.create(
        idempotency_key="k" * 32,
        unit=world.unit_a,
        payload={"content": "x"},
        received_at="2026-11-30T10:00:00+07:00",
    )
    login(get_user_model().objects.get(username="root"))  # Django staff (superuser)
    sub = PortalSubmission.objects.get()
    assert client.get(reverse("admin:portal_portalsubmission_changelist")).status_code == 200
    assert client.get(reverse("admin:portal_portalsubmission_add")).status_code == 403
    delete = reverse("admin:portal_portalsubmission_delete", args=[sub.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert PortalSubmission.objects.filter(pk=sub.pk).exists()
    # The sealed receipt secret never appears on the page.
    change = client.get(reverse("admin:portal_portalsubmission_change", args=[sub.pk]))
    assert change.status_code == 200 and "secret_sealed" not in change.content.decode()

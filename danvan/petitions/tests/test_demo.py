"""The demo cases: every kind and status, one protected denouncer, due dates that show up."""

from __future__ import annotations

import pytest

from danvan.core.access import actor_for
from danvan.demo.loader import load_demo
from danvan.petitions import demo, policies, selectors
from danvan.petitions.models import Case, DenouncerIdentity, DuplicateLink

pytestmark = pytest.mark.django_db


def test_demo_cases_cover_kinds_statuses_and_deadlines(freeze):
    load_demo()
    cases = Case.objects.filter(source_reference__startswith="DEMO-")
    assert cases.count() == 17
    statuses = set(cases.values_list("status", flat=True))
    assert {
        "received",
        "classified",
        "verifying",
        "not_accepted",
        "transferred",
        "guided",
        "withdrawn",
        "suspended",
        "closed",
        "concluded",
    } <= statuses
    kinds = set(cases.values_list("kind", flat=True))
    assert {"complaint", "denunciation", "feedback", "unclassified"} <= kinds
    assert set(cases.values_list("unit__code", flat=True)) == {
        "KG-TTT",
        "KG-TP-RACHGIA",
        "KG-STTTT",
    }
    denounced = cases.get(source_reference="DEMO-01")
    assert DenouncerIdentity.objects.filter(case=denounced).exists()
    assert "Nguyễn Văn Tố".lower() not in denounced.search_text
    second = cases.get(source_reference="DEMO-12")
    assert second.parent.source_reference == "DEMO-11"
    assert DuplicateLink.objects.filter(
        case__source_reference="DEMO-13", other__source_reference="DEMO-08"
    ).exists()
    handler = denounced.handler
    assert handler.username == "canbo.thanhtra"
    assert policies.can_view_identity(actor_for(handler), denounced)
    freeze(demo.REFERENCE)
    board = selectors.dashboard(actor=actor_for(handler), today=demo.REFERENCE)
    assert board["totals"]["soon"] >= 1 and board["totals"]["overdue"] >= 1
    assert board["totals"]["prolonged"] >= 1


def test_demo_loads_once():
    load_demo()
    n = Case.objects.count()
    load_demo()
    assert Case.objects.count() == n

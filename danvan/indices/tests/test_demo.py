"""The demo loads Kiên Giang's 2021–2024 index results once, through the services."""

from __future__ import annotations

import pytest

from danvan.indices.models import IndexScore, IndexTarget, RemedialLink


@pytest.mark.django_db(transaction=False)
def test_demo_loads_results_targets_and_remedies_and_is_idempotent():
    from danvan.demo.loader import load_demo

    load_demo()
    assert IndexScore.objects.filter(unit__code="KG-UBND").count() == 16
    assert IndexTarget.objects.filter(unit__code="KG-UBND").count() == 14
    assert RemedialLink.objects.count() == 3
    papi_2024 = IndexScore.objects.get(kind__code="PAPI", year=2024)
    assert papi_2024.sub_scores.count() == 8 and papi_2024.entered_by.username == "dieuphoi"
    load_demo()
    assert IndexScore.objects.count() == 16 and RemedialLink.objects.count() == 3

"""The Kiên Giang demo loads recommendations at every step, once."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.demo.loader import load_demo
from danvan.front.models import Recommendation


@pytest.mark.django_db
def test_demo_has_every_step_and_loads_once():
    load_demo()
    statuses = dict(Recommendation.objects.values_list("document_symbol", "status"))
    assert statuses == {
        "86/BC-MTTQ-BTT": "published",
        "42/CV-HLHPN": "answered",
        "118/BC-MTTQ-BTT": "assigned",
        "35/CV-HND": "satisfied",
        "210/CV-TĐTN": "filed",
        "19/CV-CCB": "withdrawn",
    }
    published = Recommendation.objects.get(document_symbol="86/BC-MTTQ-BTT")
    assert published.published_at.date() == dt.date(2024, 7, 10)
    assert published.first_answered_on == dt.date(2024, 6, 25)
    assert published.answered_late() is False
    rach_gia = Recommendation.objects.get(document_symbol="42/CV-HLHPN")
    assert [a.number for a in rach_gia.answers.all()] == [1, 2]
    assert rach_gia.answered_late() is True
    assert Recommendation.objects.get(document_symbol="118/BC-MTTQ-BTT").is_overdue(
        dt.date(2024, 12, 1)
    )
    assert all(r.files.exists() for r in Recommendation.objects.all())

    report = load_demo()
    assert "front_recommendations" not in report.created
    assert Recommendation.objects.count() == 6

"""The demo loader creates one open and one published consultation, once."""

from __future__ import annotations

import pytest

from danvan.consultations.models import Comment, Consultation
from danvan.demo.loader import load_demo


@pytest.mark.django_db
def test_demo_consultations_are_loaded_once():
    load_demo()
    load_demo()
    assert Consultation.objects.count() == 2
    opened = Consultation.objects.get(status="open")
    assert opened.unit.code == "KG-TP-RACHGIA"
    assert opened.sections.count() == 3
    published = Consultation.objects.get(status="published")
    approved = Comment.objects.filter(consultation=published, status="approved")
    assert approved.count() == 3 and all(c.is_answered() for c in approved)
    assert published.files.filter(kind="final").exists()
    assert published.published_at.year == 2024

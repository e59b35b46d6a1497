"""The demo registry: models in every state with photos, a replication, two exemplars; once."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from danvan.demo.loader import load_demo
from danvan.emulation import selectors
from danvan.emulation.models import EmulationModel, Exemplar, Photo, Replication

pytestmark = pytest.mark.django_db


def test_demo_registry_is_loaded_once_with_clean_photos(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    report = load_demo()
    assert report.created.get("emulation_models") == 7
    states = sorted(EmulationModel.objects.values_list("status", flat=True))
    assert states == sorted(
        [
            "recognised",
            "recognised",
            "recognised",
            "under_evaluation",
            "registered",
            "not_recognised",
            "draft",
        ]
    )
    assert {m.field for m in EmulationModel.objects.all()} == {
        "economy",
        "culture_society",
        "defence_security",
        "political_system",
    }
    assert len(selectors.showcase()) == 3
    rep = Replication.objects.get()
    assert rep.unit.code == "KG-TP-RACHGIA" and rep.emulation_model.unit.code == "KG-STTTT"
    assert Exemplar.objects.count() == 2
    photo = Photo.objects.first()
    with photo.file.open("rb") as handle:
        data = handle.read()
    assert len(data) < 40_000 and Image.open(io.BytesIO(data)).format == "JPEG"

    again = load_demo()
    assert "emulation_models" not in again.created and "exemplars" not in again.created
    assert EmulationModel.objects.count() == 7 and Replication.objects.count() == 1

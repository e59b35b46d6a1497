"""Real ids for the API robustness probe: an index and a previewed import."""

from __future__ import annotations

from typing import Any


def real_ids(world: Any) -> dict[str, int]:
    from danvan.indices import services
    from danvan.indices.catalog import ensure_catalog
    from danvan.indices.models import IndexKind

    ensure_catalog()  # a flushed (transactional) test database has lost the seeded rows
    kind = IndexKind.objects.get(code="PAPI")
    record = services.score_import_preview(
        unit=world.province,
        rows=[{"index": "PAPI", "year": 2024, "sub_index": "", "score": "43,5", "rank": 10}],
        by=world.coordinator,
    )
    from danvan.indices.models import SubIndex

    link = services.remedial_link_add(
        sub_index=SubIndex.objects.get(code="PAPI8"),
        unit=world.province,
        task=world.task,
        by=world.coordinator,
    )
    return {
        "index_kind_id": kind.pk,
        "score_import_id": record.pk,
        "remedial_link_id": link.pk,
    }

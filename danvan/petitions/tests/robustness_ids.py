"""Real ids for the API robustness probe (tests/test_api_robustness.py)."""

from __future__ import annotations

from typing import Any

from danvan.petitions import services
from danvan.petitions.models import Channel


def real_ids(world: Any) -> dict[str, int]:
    """Return a case of unit A that the probing users may read."""
    case, _secret = services.case_receive(
        unit=world.unit_a,
        channel=Channel.DESK,
        content="Phản ánh về chất lượng nước sinh hoạt.",
        submitter={"name": "Người Thử", "id_number": "", "address": "", "phone": "", "email": ""},
        by=world.officer_a,
    )
    return {"petition_case_id": case.pk}

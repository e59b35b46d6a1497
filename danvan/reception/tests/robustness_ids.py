import datetime as dt

from django.utils import timezone

from danvan.reception import services


def real_ids(world) -> dict[str, int]:
    reception = services.reception_record(
        unit=world.unit_a,
        citizens=[{"full_name": "Trần Thị Dân"}],
        by=world.officer_a,
        received_at=timezone.now() - dt.timedelta(hours=1),
        receiver_name="Nguyễn Văn Tiếp",
        summary="Hỏi về chính sách",
        classification="other",
        handling="answered",
    )
    return {"reception_id": reception.pk}

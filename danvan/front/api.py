"""JSON endpoints of the front app."""

from ninja import Router

router = Router(tags=["Kiến nghị Mặt trận"])

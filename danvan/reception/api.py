"""JSON endpoints of the reception app."""

from ninja import Router

router = Router(tags=["Tiếp công dân"])

"""JSON endpoints of the petitions app."""

from ninja import Router

router = Router(tags=["Đơn thư"])

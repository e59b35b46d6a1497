"""JSON endpoints of the consultations app."""

from ninja import Router

router = Router(tags=["Lấy ý kiến"])

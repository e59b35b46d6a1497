"""JSON endpoints of the indices app."""

from ninja import Router

router = Router(tags=["Chỉ số cải cách"])

"""JSON endpoints of the registers app."""

from ninja import Router

router = Router(tags=["Sổ theo dõi"])

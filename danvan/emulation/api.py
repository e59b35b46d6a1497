"""JSON endpoints of the emulation app."""

from ninja import Router

router = Router(tags=["Dân vận khéo"])

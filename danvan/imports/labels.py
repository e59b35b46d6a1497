"""Vietnamese labels of the audit actions of the imports app."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

ACTION_LABELS: dict[str, object] = {}

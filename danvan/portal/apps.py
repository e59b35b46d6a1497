from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "danvan.portal"
    label = "portal"
    verbose_name = "Cổng tiếp nhận của người dân"

    def ready(self) -> None:
        from danvan.core.models import register_action_labels

        from .labels import ACTION_LABELS

        register_action_labels(ACTION_LABELS)

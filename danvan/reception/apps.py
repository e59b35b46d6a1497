from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "danvan.reception"
    label = "reception"
    verbose_name = "Tiếp công dân"

    def ready(self) -> None:
        from danvan.core.models import register_action_labels

        from .labels import ACTION_LABELS

        register_action_labels(ACTION_LABELS)

from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "danvan.reception"
    label = "reception"
    verbose_name = "Tiếp công dân"

    def ready(self) -> None:
        from danvan.core.models import register_action_labels
        from danvan.reports.sources import register_source

        from .labels import ACTION_LABELS
        from .sources import head_sessions

        register_action_labels(ACTION_LABELS)
        register_source("reception.head_sessions", head_sessions)

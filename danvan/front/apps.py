from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "danvan.front"
    label = "front"
    verbose_name = "Kiến nghị của Mặt trận Tổ quốc"

    def ready(self) -> None:
        from danvan.core.models import register_action_labels
        from danvan.reports.sources import register_source

        from .labels import ACTION_LABELS
        from .sources import recommendations_answered, recommendations_received

        register_action_labels(ACTION_LABELS)
        register_source("front.recommendations_received", recommendations_received)
        register_source("front.recommendations_answered", recommendations_answered)

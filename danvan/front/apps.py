from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "danvan.front"
    label = "front"
    verbose_name = "Kiến nghị của Mặt trận Tổ quốc"

    def ready(self) -> None:
        from danvan.core.models import register_action_labels

        from .labels import ACTION_LABELS

        register_action_labels(ACTION_LABELS)

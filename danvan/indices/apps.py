from django.apps import AppConfig


class IndicesConfig(AppConfig):
    name = "danvan.indices"
    label = "indices"
    verbose_name = "Chỉ số cải cách hành chính"

    def ready(self) -> None:
        from danvan.core.models import register_action_labels

        from .labels import ACTION_LABELS

        register_action_labels(ACTION_LABELS)

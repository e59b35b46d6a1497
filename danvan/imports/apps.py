from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "danvan.imports"
    label = "imports"
    verbose_name = "Nhập văn bản kế hoạch"

    def ready(self) -> None:
        from danvan.core.models import register_action_labels

        from .labels import ACTION_LABELS

        register_action_labels(ACTION_LABELS)

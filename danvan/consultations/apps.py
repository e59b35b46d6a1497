from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "danvan.consultations"
    label = "consultations"
    verbose_name = "Lấy ý kiến Nhân dân"

    def ready(self) -> None:
        from danvan.core.models import register_action_labels
        from danvan.reports.sources import register_source

        from .labels import ACTION_LABELS
        from .selectors import comments_received_source

        register_action_labels(ACTION_LABELS)
        register_source("consultation.comments_received", comments_received_source)

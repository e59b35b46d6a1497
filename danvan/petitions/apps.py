from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "danvan.petitions"
    label = "petitions"
    verbose_name = "Đơn thư, khiếu nại, tố cáo"

    def ready(self) -> None:
        from danvan.core.models import register_action_labels
        from danvan.reports.sources import register_source

        from . import sources
        from .labels import ACTION_LABELS

        register_action_labels(ACTION_LABELS)
        register_source("petitions.received", sources.received)
        register_source("petitions.resolved_on_time_percent", sources.resolved_on_time_percent)

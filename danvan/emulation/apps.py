from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "danvan.emulation"
    label = "emulation"
    verbose_name = "Phong trào “Dân vận khéo”"

    def ready(self) -> None:
        from danvan.core.models import register_action_labels
        from danvan.reports.sources import register_source

        from . import sources
        from .labels import ACTION_LABELS

        register_action_labels(ACTION_LABELS)
        register_source("emulation.models_registered", sources.models_registered)
        register_source("emulation.models_recognised", sources.models_recognised)

from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "danvan.registers"
    label = "registers"
    verbose_name = "Sổ theo dõi tuyên truyền, kiểm tra công vụ"

    def ready(self) -> None:
        from danvan.core.models import register_action_labels
        from danvan.reports.sources import register_source

        from .labels import ACTION_LABELS
        from .sources import SOURCES

        register_action_labels(ACTION_LABELS)
        for key, source in SOURCES.items():
            register_source(key, source)

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

        from danvan.workcal.services import calendar_change_subscribe

        calendar_change_subscribe(_recompute_after_calendar_change)


def _recompute_after_calendar_change(
    *, reason: str, by: object, dates: object = None, rule_codes: object = None
) -> None:
    """Recompute the stored due dates of open cases after a day off or a rule changed."""
    from .services import deadlines_recompute

    deadlines_recompute(reason=reason, by=by, dates=dates, rule_codes=rule_codes)  # type: ignore[arg-type]

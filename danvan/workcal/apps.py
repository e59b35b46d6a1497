from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "danvan.workcal"
    label = "workcal"
    verbose_name = "Lịch làm việc và thời hạn"

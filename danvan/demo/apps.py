from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "danvan.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"

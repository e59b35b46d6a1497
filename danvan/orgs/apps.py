from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "danvan.orgs"
    label = "orgs"
    verbose_name = "Cơ quan, đơn vị"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "danvan.core"
    label = "core"
    verbose_name = "Dùng chung"

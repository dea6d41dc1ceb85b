from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: periods, exact numbers, downloads, request helpers, health."""

    name = "danvan.core"
    label = "core"
    verbose_name = "Dùng chung"

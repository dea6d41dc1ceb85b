from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """Pages that read across the domain apps: the overview of the field work."""

    name = "danvan.dashboard"
    verbose_name = "Tổng quan"
    default_auto_field = "django.db.models.BigAutoField"

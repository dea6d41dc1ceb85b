from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "danvan.documents"
    verbose_name = "Văn bản"
    default_auto_field = "django.db.models.BigAutoField"

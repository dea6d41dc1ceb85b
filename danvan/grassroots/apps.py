from django.apps import AppConfig


class GrassrootsConfig(AppConfig):
    """Only the migrations of the tables that `outreach`, `situation`, `directives` (and the
    notices in `orgs`) now own, kept so that a database from before the split migrates: those
    apps took the tables over without copying a row. Nothing else lives here."""

    name = "danvan.grassroots"
    verbose_name = "Công tác cơ sở (lịch sử di chuyển dữ liệu)"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "danvan.directives"
    verbose_name = "Theo dõi chỉ đạo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danvan.core.registry import add_daily_notices, add_worklist_source
        from danvan.directives.notices import send_task_notices
        from danvan.directives.worklist import task_work

        add_daily_notices(send_task_notices)
        add_worklist_source(task_work)

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "danvan.reporting"
    verbose_name = "Báo cáo định kỳ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danvan.core.registry import add_queue_source, add_worklist_source
        from danvan.reporting import rollups, structure
        from danvan.reporting.worklist import decisions, report_work

        rollups.connect()
        structure.connect()

        add_worklist_source(report_work)
        add_queue_source(decisions)

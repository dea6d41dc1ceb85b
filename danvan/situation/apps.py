from django.apps import AppConfig


class SituationConfig(AppConfig):
    name = "danvan.situation"
    verbose_name = "Tình hình cơ sở"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danvan.core.registry import (
            FigureSource,
            add_daily_notices,
            add_figure_source,
            add_worklist_source,
        )
        from danvan.situation.figures import report_suggestions, scope_figures
        from danvan.situation.notices import send_incident_notices
        from danvan.situation.worklist import situation_work

        add_figure_source(FigureSource("Sổ vụ việc, kiến nghị", report_suggestions, scope_figures))
        add_daily_notices(send_incident_notices)
        add_worklist_source(situation_work)

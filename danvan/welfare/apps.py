from django.apps import AppConfig


class WelfareConfig(AppConfig):
    name = "danvan.welfare"
    verbose_name = "Chăm lo đời sống"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danvan.core.registry import FigureSource, add_figure_source
        from danvan.welfare.public import report_suggestions, scope_figures

        add_figure_source(FigureSource("Sổ chăm lo", report_suggestions, scope_figures))

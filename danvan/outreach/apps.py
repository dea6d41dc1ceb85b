from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "danvan.outreach"
    verbose_name = "Tuyên truyền, vận động"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danvan.core.registry import FigureSource, add_figure_source
        from danvan.outreach.figures import drive_figures, report_suggestions, scope_figures

        add_figure_source(FigureSource("Sổ tuyên truyền", report_suggestions, scope_figures))
        add_figure_source(FigureSource("Các mốc tiến độ đã ghi", in_scope=drive_figures))

from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "danvan.outreach"
    verbose_name = "Tuyên truyền, vận động"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danvan.core.registry import FigureSource, add_figure_source
        from danvan.outreach.figures import report_suggestions

        add_figure_source(FigureSource("Ghi nhận ở cơ sở", report_suggestions))

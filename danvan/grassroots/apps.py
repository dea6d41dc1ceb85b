from typing import TextIO

from django.apps import AppConfig


class GrassrootsConfig(AppConfig):
    name = "danvan.grassroots"
    verbose_name = "Công tác cơ sở"
    default_auto_field = "django.db.models.BigAutoField"

    def load_demo(self, out: TextIO) -> None:
        from danvan.grassroots.demo import load_demo_grassroots

        load_demo_grassroots(out)

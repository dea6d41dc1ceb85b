from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: periods, exact numbers, downloads, request helpers, health."""

    name = "danvan.core"
    label = "core"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from danvan.core import pagecache

        # Every write on every connection gives the data a new version (core.pagecache).
        connection_created.connect(pagecache.watch_connection)
        pre_migrate.connect(pagecache.migration_started)
        post_migrate.connect(pagecache.migration_ended)

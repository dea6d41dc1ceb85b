from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "danvan.geo"
    verbose_name = "Đơn vị hành chính"

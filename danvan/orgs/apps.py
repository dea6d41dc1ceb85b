from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "danvan.orgs"
    verbose_name = "Tổ chức và người dùng"

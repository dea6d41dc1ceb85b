"""Incident categories (national configuration) and key areas (each province's own)."""

from django.contrib import admin

from danvan.orgs.admin import FormManagerAdmin, admin_site
from danvan.situation.models import IncidentCategory, KeyArea


@admin.register(IncidentCategory, site=admin_site)
class IncidentCategoryAdmin(FormManagerAdmin):
    list_display = ["name", "code", "order"]


@admin.register(KeyArea, site=admin_site)
class KeyAreaAdmin(FormManagerAdmin):
    scope_field = "unit"
    list_display = ["unit", "valid_from", "valid_to"]
    raw_id_fields = ["unit"]

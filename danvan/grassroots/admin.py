from django.contrib import admin

from danvan.grassroots.models import Drive, IncidentCategory, KeyArea, Milestone, Topic
from danvan.orgs.admin import admin_site
from danvan.reporting.admin import FormManagerAdmin, FormManagerInline


@admin.register(Topic, site=admin_site)
class TopicAdmin(FormManagerAdmin):
    list_display = ["name", "code", "active", "order"]


@admin.register(IncidentCategory, site=admin_site)
class IncidentCategoryAdmin(FormManagerAdmin):
    list_display = ["name", "code", "order"]


@admin.register(KeyArea, site=admin_site)
class KeyAreaAdmin(FormManagerAdmin):
    list_display = ["unit", "valid_from", "valid_to"]
    raw_id_fields = ["unit"]


class MilestoneInline(FormManagerInline):
    model = Milestone
    extra = 1


@admin.register(Drive, site=admin_site)
class DriveAdmin(FormManagerAdmin):
    list_display = ["name", "starts_on", "ends_on"]
    raw_id_fields = ["unit"]
    inlines = [MilestoneInline]

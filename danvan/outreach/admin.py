"""Propaganda topics (national configuration) and drives (each province's own)."""

from django.contrib import admin

from danvan.orgs.admin import FormManagerAdmin, FormManagerInline, admin_site
from danvan.outreach.models import Drive, Milestone, Topic


@admin.register(Topic, site=admin_site)
class TopicAdmin(FormManagerAdmin):
    list_display = ["name", "code", "active", "order"]


class MilestoneInline(FormManagerInline):
    model = Milestone
    extra = 1


@admin.register(Drive, site=admin_site)
class DriveAdmin(FormManagerAdmin):
    scope_field = "unit"
    list_display = ["name", "starts_on", "ends_on"]
    raw_id_fields = ["unit"]
    inlines = [MilestoneInline]

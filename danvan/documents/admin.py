from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from danvan.documents.models import DocumentTemplate
from danvan.geo.models import AdminUnit, under_paths
from danvan.orgs import access
from danvan.orgs.admin import FormManagerAdmin, admin_site


@admin.register(DocumentTemplate, site=admin_site)
class DocumentTemplateAdmin(FormManagerAdmin):
    """A province's administrators write the wording of their province's documents; the
    general template (no unit) is the superuser's."""

    list_display = ["__str__", "issuer", "signer_capacity"]
    list_filter = ["kind"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DocumentTemplate]:
        templates = super().get_queryset(request).select_related("unit")
        if request.user.is_superuser:
            return templates
        paths = access.scope_paths(request.user) or []
        return templates.filter(under_paths(paths, "unit"))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "unit" and not request.user.is_superuser:
            paths = access.scope_paths(request.user) or []
            kwargs["queryset"] = AdminUnit.objects.filter(under_paths(paths)).exclude(
                level="commune"
            )
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

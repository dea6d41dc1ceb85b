from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from danvan.documents.models import DocumentTemplate
from danvan.orgs import access
from danvan.orgs.admin import FormManagerAdmin, admin_site


@admin.register(DocumentTemplate, site=admin_site)
class DocumentTemplateAdmin(FormManagerAdmin):
    """A province's administrators write the wording of their province's documents; the
    general template (no unit) is national configuration: they read it, the national
    administrator writes it."""

    scope_field = "unit"
    unitless_is_national = True
    list_display = ["__str__", "issuer", "signer_capacity"]
    list_filter = ["kind"]
    list_select_related = ["unit"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "unit" and not access.is_national_administrator(request.user):
            # Templates are written for a province (or a 2021 district), not for a commune,
            # and only the national administrator leaves the unit empty.
            field.queryset = field.queryset.exclude(level="commune")
            field.required = True
        return field

"""Report forms and indicators in the admin: province-level administrators edit them.

Forms are shared by the whole province, so a commune's administrator may not change them.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from danvan.geo.models import Level
from danvan.orgs import access
from danvan.orgs.admin import admin_site
from danvan.orgs.models import OrgKind, RoleKind
from danvan.reporting.models import (
    Category,
    CategoryOption,
    FormItem,
    FormSection,
    Indicator,
    NarrativeSection,
    ReportForm,
    ValidationRule,
)


def is_form_manager(user: Any) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(
        r.role == RoleKind.ADMINISTRATOR and r.organization.admin_unit.level == Level.PROVINCE
        for r in access.roles_of(user)
    )


class FormManagerPermissions:
    """Every admin permission given to form managers, and to nobody else."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_form_manager(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_form_manager(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_form_manager(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_form_manager(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_form_manager(request.user)


class FormManagerAdmin(FormManagerPermissions, admin.ModelAdmin):
    pass


class FormManagerInline(FormManagerPermissions, admin.TabularInline):
    extra = 0


class OptionInline(FormManagerInline):
    model = CategoryOption


@admin.register(Category, site=admin_site)
class CategoryAdmin(FormManagerAdmin):
    list_display = ["name", "code"]
    inlines = [OptionInline]


@admin.register(Indicator, site=admin_site)
class IndicatorAdmin(FormManagerAdmin):
    list_display = ["code", "name", "unit", "value_type", "aggregation", "category"]
    list_filter = ["value_type", "aggregation"]
    search_fields = ["code", "name"]


class ReportFormForm(forms.ModelForm):
    org_kinds = forms.MultipleChoiceField(
        label="Loại tổ chức phải báo cáo",
        choices=OrgKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    levels = forms.MultipleChoiceField(
        label="Cấp phải báo cáo", choices=Level.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ReportForm
        fields = [
            "code",
            "name",
            "period_type",
            "org_kinds",
            "levels",
            "due_days",
            "lock_days",
            "outlier_factor",
            "active",
        ]


class SectionInline(FormManagerInline):
    model = FormSection


class ItemInline(FormManagerInline):
    model = FormItem
    autocomplete_fields = ["indicator"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Only this form's own sections are offered.
        if db_field.name == "section":
            form_id = (
                request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            )
            kwargs["queryset"] = FormSection.objects.filter(form_id=form_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NarrativeInline(FormManagerInline):
    model = NarrativeSection


class RuleInline(FormManagerInline):
    model = ValidationRule
    fk_name = "form"
    autocomplete_fields = ["left", "right"]


@admin.register(ReportForm, site=admin_site)
class ReportFormAdmin(FormManagerAdmin):
    form = ReportFormForm
    list_display = ["name", "code", "period_type", "due_days", "lock_days", "active"]
    inlines = [SectionInline, ItemInline, NarrativeInline, RuleInline]

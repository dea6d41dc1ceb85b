"""Report forms and indicators in the admin: province-level administrators edit them.

Forms are shared by the whole province, so a commune's administrator may not change them.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from danvan.geo.models import Level
from danvan.orgs.admin import FormManagerAdmin, FormManagerInline, admin_site
from danvan.orgs.models import OrgKind
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

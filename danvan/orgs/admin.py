"""Admin pages in Vietnamese for administrators to manage organizations, users and roles.

An administrator role manages its own unit's subtree only: every list, every object page and
every choice in a form goes through the access gate, so an administrator can neither see nor
assign anything outside it. Only superusers grant superuser status.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from danvan.geo.models import AdminUnit, Level
from danvan.orgs import access
from danvan.orgs.forms import AdminLoginForm
from danvan.orgs.models import Organization, Role, RoleKind, User
from danvan.vi import fold


class DanvanAdminSite(admin.AdminSite):
    site_header = "Quản trị danvan"
    site_title = "Quản trị danvan"
    index_title = "Tổ chức, người dùng và vai trò"
    # The same throttle as the main login page, and open to administrator roles (not is_staff).
    login_form = AdminLoginForm

    def has_permission(self, request: HttpRequest) -> bool:
        return access.is_administrator(request.user)


admin_site = DanvanAdminSite(name="admin")


class ScopedAdmin(admin.ModelAdmin):
    """Limits rows and foreign-key choices to what the administrator manages."""

    scope_field = "admin_unit"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .filter(access.managed_filter(request.user, self.scope_field))
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs["queryset"] = scoped_choices(db_field.related_model, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.is_administrator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.is_administrator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.is_administrator(request.user)

    has_delete_permission = has_change_permission


def scoped_choices(model: type[models.Model], request: HttpRequest) -> QuerySet[Any]:
    if model is AdminUnit:
        return AdminUnit.objects.filter(access.managed_filter(request.user, "")).order_by("path")
    if model is Organization:
        return access.organizations_managed_by(request.user).order_by("name")
    if model is User:
        return access.users_managed_by(request.user)
    return model._default_manager.all()


@admin.register(AdminUnit, site=admin_site)
class AdminUnitAdmin(ScopedAdmin):
    scope_field = ""
    list_display = ["name", "code", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level"]
    search_fields = ["name", "name_folded", "code"]
    fields = readonly_fields = ("code", "name", "kind", "level", "parent", "valid_from", "valid_to")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return AdminUnit.objects.filter(access.managed_filter(request.user, "")).select_related(
            "parent"
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # Folded, so that "dak lak" finds "Đắk Lắk" through name_folded.
        return super().get_search_results(request, queryset, fold(search_term) or search_term)

    # Units come from the official lists: administrators look, they do not edit.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organization, site=admin_site)
class OrganizationAdmin(ScopedAdmin):
    list_display = ["name", "kind", "admin_unit", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["admin_unit", "parent"]
    list_select_related = ["admin_unit"]


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    autocomplete_fields = ["organization"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .filter(access.managed_filter(request.user, "organization__admin_unit"))
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs["queryset"] = scoped_choices(db_field.related_model, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.is_administrator(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.is_administrator(request.user)

    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission


@admin.register(User, site=admin_site)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    scope_field = "organization__admin_unit"
    list_display = ["username", "full_name", "organization", "is_active", "last_login"]
    list_filter = ["is_active"]
    search_fields = ["username", "full_name", "email"]
    autocomplete_fields = ["organization"]
    inlines = [RoleInline]
    list_select_related = ["organization"]
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "organization", "password1", "password2")}),
    )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return self.add_fieldsets
        fieldsets: list[Any] = [
            (None, {"fields": ("username", "password")}),
            ("Thông tin", {"fields": ("full_name", "organization", "email", "phone")}),
            ("Trạng thái", {"fields": ("is_active", "last_login", "date_joined")}),
        ]
        if request.user.is_superuser:
            fieldsets.append(("Quyền hệ thống", {"fields": ("is_superuser", "is_staff")}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["last_login", "date_joined"]


@admin.register(Role, site=admin_site)
class RoleAdmin(ScopedAdmin):
    scope_field = "organization__admin_unit"
    list_display = ["user", "role", "organization", "active"]
    list_filter = ["role", "active"]
    search_fields = ["user__username", "user__full_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


# --- configuration edited by province-level administrators ---------------------------------


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


class FormManagerAdmin(FormManagerPermissions, SimpleHistoryAdmin):
    """Configuration shared by a province (forms, topics…): its changes keep their history."""


class FormManagerInline(FormManagerPermissions, admin.TabularInline):
    extra = 0

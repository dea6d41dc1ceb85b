"""Admin pages in Vietnamese for administrators to manage organizations, users and roles, and
the one gate every admin page of the site is built on (`ScopeGate`).

An administrator role manages its own unit's subtree only (and the older units reorganized into
it): every list, every object page, every history page, every choice in a form and every save goes
through the gate, so an administrator can neither see nor assign anything outside it. What the
whole country shares (forms, indicators, topics, incident categories, the general document
templates) is read by administrators and changed by the national administrator only. Only
superusers grant superuser status.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
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

    # Open to visitors and never cached, as Django's own login view.
    @method_decorator(never_cache)
    @login_not_required
    def login(self, request: HttpRequest, extra_context: Any = None) -> Any:
        return quiet_error_note(super().login(request, extra_context))


class FormWithoutErrorNote:
    """A bound form as a template sees it, but with no `errors`: Django's admin templates print
    "Please correct the error(s) below." in English (its Vietnamese catalogue lacks the plural
    form) whenever `form.errors` is set. Each field still shows its own errors, read off the
    real form, and the project's templates print the note in Vietnamese from `error_count`."""

    errors: dict[str, Any] = {}

    def __init__(self, form: Any):
        self._form = form

    def __getattr__(self, name: str) -> Any:
        return getattr(self._form, name)

    def __getitem__(self, name: str) -> Any:
        return self._form[name]

    def __iter__(self) -> Any:
        return iter(self._form)

    def __str__(self) -> str:
        return str(self._form)


def quiet_error_note(response: Any) -> Any:
    """Hands the number of errors of a page's `form` to its template as `error_count`."""
    context: dict[str, Any] | None = getattr(response, "context_data", None)
    form = context.get("form") if context else None
    if context is not None and form is not None and form.is_bound and form.errors:
        context["error_count"] = len(form.errors)
        context["form"] = FormWithoutErrorNote(form)
    return response


admin_site = DanvanAdminSite(name="admin")


def _unit_of(obj: Any, field: str) -> AdminUnit | None:
    """The unit an object belongs to, following `field` ("organization__admin_unit")."""
    for name in field.split("__") if field else []:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj if isinstance(obj, AdminUnit) else None


def may_administer(user: Any) -> bool:
    return access.is_administrator(user)


def is_form_manager(user: Any) -> bool:
    """Administrators at a province (of either era) and superusers."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(
        r.role == RoleKind.ADMINISTRATOR and r.organization.admin_unit.level == Level.PROVINCE
        for r in access.roles_of(user)
    )


class ScopeGate:
    """The one gate every admin page of the site goes through.

    A model is either scoped data, whose rows belong to a unit reached through `scope_field`
    ("admin_unit", "unit", "organization__admin_unit"…), or national configuration
    (`scope_field = None`: forms, indicators, topics…), which every administrator allowed on the
    page reads and only the national administrator changes. With `unitless_is_national`, a row
    without a unit (the general document template) is national configuration too.

    Scoped rows outside the administrator's units do not exist for them: lists and choices leave
    them out, their pages answer 404, and neither a history page nor a save can reach them.
    """

    scope_field: str | None = "admin_unit"
    unitless_is_national = False

    def may_open(self, request: HttpRequest) -> bool:
        """Who sees this page at all (before any scope)."""
        return may_administer(request.user)

    # --- scope --------------------------------------------------------------------------------

    def scope_q(self, request: HttpRequest) -> Q:
        if self.scope_field is None:
            return Q()
        scoped = access.managed_filter(request.user, self.scope_field)
        if self.unitless_is_national:
            return scoped | Q(**{f"{self.scope_field}__isnull": True})
        return scoped

    def in_scope(self, request: HttpRequest, obj: Any) -> bool:
        """Whether `obj` (a row, or an old version of one) lies in the administrator's scope."""
        if obj is None or self.scope_field is None:
            return True
        unit = _unit_of(obj, self.scope_field)
        if unit is None and self.unitless_is_national:
            return True
        return access.manages_unit(request.user, unit)

    def is_national(self, obj: Any) -> bool:
        """Whether `obj` (None: the model in general) is national configuration."""
        if self.scope_field is None:
            return True
        return (
            obj is not None
            and self.unitless_is_national
            and _unit_of(obj, self.scope_field) is None
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request).filter(self.scope_q(request))  # type: ignore[misc]
        # The autocomplete pages these rows as they come: unordered, Django warns of pages
        # that may repeat or skip rows (an error under the tests' warning filter).
        return rows if rows.ordered else rows.order_by("pk")

    # --- permissions --------------------------------------------------------------------------

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.may_open(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_open(request) and self.in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.scope_field is None:
            return access.is_national_administrator(request.user)
        return self.may_open(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self.has_view_permission(request, obj):
            return False
        if self.is_national(obj):
            return access.is_national_administrator(request.user)
        return True

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    # --- choices and saves --------------------------------------------------------------------

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs.setdefault("queryset", scoped_choices(db_field.related_model, request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs.setdefault("queryset", scoped_choices(db_field.related_model, request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class DanvanAdmin(ScopeGate, admin.ModelAdmin):
    """A model page of the admin: the gate, Vietnamese error notes, 404 outside the scope."""

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        # Django sends a missing object to the index with a message naming it; an object of
        # another scope is simply not found.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("Không tìm thấy đối tượng trong phạm vi quản trị của bạn.")
        return obj

    def check_save(self, request: HttpRequest, obj: Any) -> None:
        """Refuses to save `obj` outside the scope. The choices already keep other scopes out;
        this holds whatever a form or a history page lets through."""
        if not self.in_scope(request, obj) or not self.has_change_permission(request, obj):
            raise PermissionDenied

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        self.check_save(request, obj)
        super().save_model(request, obj, form, change)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> Any:
        vietnamese_error_note(context)
        return super().render_change_form(request, context, add, change, form_url, obj)


def vietnamese_error_note(context: dict[str, Any]) -> None:
    """Django's Vietnamese catalogue has no plural "Please correct the error(s) below.", so the
    change form would say it in English: hand the count to the project's change_form.html,
    which says it in Vietnamese, and leave Django's English note nothing to show."""
    errors = context.get("errors") or []
    context["error_count"] = len(errors)
    context["errors"] = []


class DanvanHistoryAdmin(DanvanAdmin, SimpleHistoryAdmin):
    """A page whose changes keep their history; the history pages pass through the gate too
    (their permissions are asked with the old version, which must lie in scope)."""

    def render_history_view(
        self, request: HttpRequest, template: Any, context: dict[str, Any], **kwargs: Any
    ) -> Any:
        vietnamese_error_note(context)
        return super().render_history_view(request, template, context, **kwargs)


class DanvanInline(ScopeGate, admin.TabularInline):
    """Rows edited inside their parent's page: readable where the parent is, changed where the
    parent may be changed; national configuration's rows only by the national administrator."""

    extra = 0
    scope_field: str | None = None

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_open(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        parent = admin_site._registry.get(self.parent_model)
        if parent is None or not self.may_open(request):
            return False
        return bool(parent.has_change_permission(request, obj))


def scoped_choices(model: type[models.Model], request: HttpRequest) -> QuerySet[Any]:
    """The rows a form of the admin offers: units, organizations and users the administrator
    manages; rows of a page of the admin as that page lists them; anything else in full."""
    if model is AdminUnit:
        return AdminUnit.objects.filter(access.managed_filter(request.user, "")).order_by("path")
    if model is Organization:
        return access.organizations_managed_by(request.user).order_by("name")
    if model is User:
        return access.users_managed_by(request.user)
    page = admin_site._registry.get(model)
    if isinstance(page, ScopeGate):
        return page.get_queryset(request)
    return model._default_manager.all()


@admin.register(AdminUnit, site=admin_site)
class AdminUnitAdmin(DanvanAdmin):
    scope_field = ""
    list_display = ["name", "code", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level"]
    search_fields = ["name", "name_folded", "code"]
    list_select_related = ["parent"]
    fields = readonly_fields = ("code", "name", "kind", "level", "parent", "valid_from", "valid_to")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # Folded, so that "dak lak" finds "Đắk Lắk" through name_folded.
        return super().get_search_results(request, queryset, fold(search_term) or search_term)

    # Units come from the official lists: administrators look, they do not edit.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organization, site=admin_site)
class OrganizationAdmin(DanvanAdmin):
    list_display = ["name", "kind", "admin_unit", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name"]
    ordering = ["name"]
    autocomplete_fields = ["admin_unit", "parent"]
    list_select_related = ["admin_unit"]


class RoleInline(DanvanInline):
    model = Role
    extra = 1
    scope_field = "organization__admin_unit"
    autocomplete_fields = ["organization"]


@admin.register(User, site=admin_site)
class UserAdmin(DanvanAdmin, DjangoUserAdmin):
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

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        return quiet_error_note(super().user_change_password(request, id, form_url))


@admin.register(Role, site=admin_site)
class RoleAdmin(DanvanAdmin):
    scope_field = "organization__admin_unit"
    list_display = ["user", "role", "organization", "active"]
    list_filter = ["role", "active"]
    search_fields = ["user__username", "user__full_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


# --- pages of province-level administrators ------------------------------------------------


class FormManagerAdmin(DanvanHistoryAdmin):
    """A page open to province-level administrators (and superusers): national configuration
    by default (forms, topics…, read by them, changed by the national administrator), or data
    of their province when `scope_field` names its unit. Its changes keep their history."""

    scope_field: str | None = None

    def may_open(self, request: HttpRequest) -> bool:
        return is_form_manager(request.user)


class FormManagerInline(DanvanInline):
    def may_open(self, request: HttpRequest) -> bool:
        return is_form_manager(request.user)

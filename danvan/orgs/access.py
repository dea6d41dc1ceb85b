"""The access gate: what a user may see, by administrative unit.

A role sees its organization's unit and everything below it, nothing else. Units that were
reorganized into the role's unit count as below it too (the province of today sees the 2021
communes it took over), so a question about 2021 asked today still answers.

Every view and command that serves a user fetches units, organizations and users through the
functions here and nowhere else.
"""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from danvan.geo.models import AdminUnit, AdminUnitQuerySet, Succession, outermost, under_paths
from danvan.orgs.models import Organization, Role, RoleKind, User

AnyUser = User | AnonymousUser


def signed_in_user(request: HttpRequest) -> User:
    """The user of a view behind the login (LoginRequiredMiddleware lets no one else in)."""
    user = request.user
    assert isinstance(user, User)
    return user


def _roles(user: AnyUser) -> list[Role]:
    if not isinstance(user, User):
        return []
    cached: list[Role] | None = getattr(user, "_danvan_roles", None)
    if cached is None:
        cached = list(
            Role.objects.filter(user=user, active=True).select_related("organization__admin_unit")
        )
        user._danvan_roles = cached  # type: ignore[attr-defined]
    return cached


def roles_of(user: AnyUser) -> list[Role]:
    """The user's active roles, with their organizations and units (one query per request)."""
    return _roles(user) if user.is_authenticated else []


def default_date(user: AnyUser, today: dt.date) -> dt.date:
    """The date lists open on: today, unless every organization of the user had ended by then
    (a 2021 commune's officer), in which case the last day they were active."""
    ends = [r.organization.valid_to for r in roles_of(user)]
    if not ends or any(end is None or end >= today for end in ends):
        return today
    return max(end for end in ends if end is not None)


def _paths_for(roles: list[Role]) -> list[str]:
    """Path prefixes of the roles' units and of every unit reorganized into them."""
    roots = {role.organization.admin_unit_id: role.organization.admin_unit.path for role in roles}
    frontier = set(roots)
    while frontier:
        older = Succession.objects.filter(new_id__in=frontier).values_list("old_id", "old__path")
        frontier = set()
        for old_id, path in older:
            if old_id not in roots:
                roots[old_id] = path
                frontier.add(old_id)
    # A root already under another root adds nothing to the filter.
    return outermost(roots.values())


def role_paths(role: Role) -> list[str]:
    """Path prefixes one role sees: its unit's and those of the units reorganized into it.
    Kept on the role, which lives for one request."""
    cached: list[str] | None = getattr(role, "_danvan_paths", None)
    if cached is None:
        cached = _paths_for([role])
        role._danvan_paths = cached  # type: ignore[attr-defined]
    return cached


def _q(paths: list[str] | None, field: str) -> Q:
    return Q() if paths is None else under_paths(paths, field)


def scope_paths(user: AnyUser) -> list[str] | None:
    """Path prefixes of the units the user sees; None means everything (a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    return _paths_for(_roles(user))


def unit_filter(user: AnyUser, field: str = "") -> Q:
    """A Q limiting rows to the user's scope; `field` is the path to an AdminUnit ("" for units)."""
    return _q(scope_paths(user), field)


def units_for_user(user: AnyUser) -> AdminUnitQuerySet:
    return AdminUnit.objects.filter(unit_filter(user))


def get_unit_for_user(user: AnyUser, pk: int) -> AdminUnit:
    """The unit if the user may see it; Http404 otherwise (outsiders learn nothing)."""
    try:
        return units_for_user(user).get(pk=pk)
    except AdminUnit.DoesNotExist:
        raise Http404("Không tìm thấy đơn vị trong phạm vi của bạn.") from None


def organizations_for_user(user: AnyUser) -> QuerySet[Organization]:
    return Organization.objects.filter(unit_filter(user, "admin_unit"))


def is_administrator(user: AnyUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(r.role == RoleKind.ADMINISTRATOR for r in _roles(user))


def is_national_administrator(user: AnyUser) -> bool:
    """Whether the user administers what the whole country shares (report forms, indicators,
    topics, incident categories, the general document templates).

    The unit hierarchy stops at the province: no unit stands above the provinces, so no role can
    sit at a national unit and the national administrator is the superuser."""
    return user.is_authenticated and user.is_active and user.is_superuser


def managed_paths(user: AnyUser) -> list[str] | None:
    """Path prefixes of the units the user administers; None means everything (a superuser)."""
    if not is_administrator(user):
        return []
    if user.is_superuser:
        return None
    return _paths_for([r for r in _roles(user) if r.role == RoleKind.ADMINISTRATOR])


def manages_unit(user: AnyUser, unit: AdminUnit | None) -> bool:
    """Whether `unit` lies in the user's administered scope (no unit: only a superuser)."""
    paths = managed_paths(user)
    if paths is None:
        return True
    return unit is not None and any(unit.path.startswith(prefix) for prefix in paths)


def managed_filter(user: AnyUser, field: str) -> Q:
    """Like unit_filter, but over the units of the user's administrator roles only."""
    return _q(managed_paths(user), field)


def organizations_managed_by(user: AnyUser) -> QuerySet[Organization]:
    return Organization.objects.filter(managed_filter(user, "admin_unit"))


def users_managed_by(user: AnyUser) -> QuerySet[User]:
    """Users whose home organization lies in the administrator's scope."""
    return User.objects.filter(managed_filter(user, "organization__admin_unit"))


# Roles that record work for their organization: reports are entered by data-entry staff only;
# field work (sessions, incidents, meetings…) also by the approvers and administrators.
ENTRY_ROLES = frozenset({RoleKind.DATA_ENTRY})
RECORDING_ROLES = frozenset({RoleKind.DATA_ENTRY, RoleKind.APPROVER, RoleKind.ADMINISTRATOR})


def writer_organizations(
    user: AnyUser, roles: frozenset[str] = RECORDING_ROLES
) -> list[Organization]:
    """Organizations on whose behalf the user writes, through a role of `roles` (each once)."""
    seen: dict[int, Organization] = {}
    for role in roles_of(user):
        if role.role in roles:
            seen.setdefault(role.organization.pk, role.organization)
    return list(seen.values())


def can_write_at(user: AnyUser, unit: AdminUnit, roles: frozenset[str] = RECORDING_ROLES) -> bool:
    """Whether the user writes for some organization whose scope covers `unit`."""
    return any(
        unit.path.startswith(prefix)
        for role in roles_of(user)
        if role.role in roles
        for prefix in role_paths(role)
    )


def writer_paths(user: AnyUser, roles: frozenset[str] = RECORDING_ROLES) -> list[str]:
    """Path prefixes of the units the user writes for."""
    return [prefix for role in roles_of(user) if role.role in roles for prefix in role_paths(role)]


def own_level_paths(user: AnyUser) -> set[str]:
    """The paths of the user's own units and of the older units merged into them: an item
    escalated to one of these sits on the user's list."""
    return {path for role in roles_of(user) for path in role_paths(role)}

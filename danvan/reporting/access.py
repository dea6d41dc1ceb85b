"""The access gate for reports: who sees, enters, reviews and approves which report.

Seeing follows the units (orgs.access): a report is visible to every role whose scope holds the
report's unit. Entering is for the data-entry role of the reporting organization itself, and of
its successors however many steps on: an organization ended by the reorganization has no people
left, and its report left as a draft, returned or let in late is finished by those who took over
its work (the report stays the old organization's; its events name who did it).
Returning and approving are for the level above: a reviewer (return only) or approver of an
organization of the same kind, or of the mass-mobilization commission, whose scope strictly holds
the report's unit. The province is the top of the bloc: its reports are decided at its own level.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from danvan.geo.models import Succession
from danvan.orgs import access
from danvan.orgs.access import AnyUser
from danvan.orgs.models import Organization, OrgKind, Role, RoleKind, User
from danvan.orgs.succession import lineage
from danvan.reporting.models import Report, ReportStatus


def reports_for_user(user: AnyUser) -> QuerySet[Report]:
    return Report.objects.filter(access.unit_filter(user, "unit"))


def get_report_for_user(user: AnyUser, pk: int) -> Report:
    """The report if the user may see it; Http404 otherwise (outsiders learn nothing).

    A report the user may enter is one they see, even when the successor organization's unit
    is not the successor of the old one's (organizations linked by hand across units)."""
    entry = [org.pk for org in entry_organizations(user)]
    seen = Report.objects.filter(access.unit_filter(user, "unit") | Q(organization_id__in=entry))
    try:
        return seen.select_related("form", "organization", "unit").get(pk=pk)
    except Report.DoesNotExist:
        raise Http404("Không tìm thấy báo cáo trong phạm vi của bạn.") from None


def own_entry_organizations(user: AnyUser) -> list[Organization]:
    """The organizations of the user's data-entry roles, without those they succeeded."""
    return access.writer_organizations(user, access.ENTRY_ROLES)


def entry_organizations(user: AnyUser) -> list[Organization]:
    """Organizations the user enters reports for: those of their data-entry roles first, then
    every organization these succeeded, however many steps back (the 2021 commune's front whose
    ward front of today took over). Asked once per request: kept on the user, like the roles."""
    if not isinstance(user, User):
        return []
    cached: list[Organization] | None = getattr(user, "_danvan_entry_orgs", None)
    if cached is None:
        cached = own_entry_organizations(user)
        older = lineage(cached) - {org.pk for org in cached} if cached else set()
        if older:
            cached = cached + list(
                Organization.objects.filter(pk__in=older)
                .select_related("admin_unit")
                .order_by("admin_unit__sort_name", "kind", "pk")
            )
        user._danvan_entry_orgs = cached  # type: ignore[attr-defined]
    return cached


def can_enter(user: AnyUser, organization: Organization) -> bool:
    """Whether the user enters, imports into, sends and corrects the organization's reports."""
    return any(org.pk == organization.pk for org in entry_organizations(user))


def _is_above(role: Role, report: Report) -> bool:
    if role.organization.kind not in {report.organization.kind, OrgKind.COMMISSION}:
        return False
    path = report.unit.path
    for prefix in access.role_paths(role):
        if path.startswith(prefix) and (path != prefix or report.unit.level == "province"):
            return True
    return False


DECIDING = {RoleKind.REVIEWER, RoleKind.APPROVER}


def can_return(user: AnyUser, report: Report) -> bool:
    return any(r.role in DECIDING and _is_above(r, report) for r in access.roles_of(user))


def can_approve(user: AnyUser, report: Report) -> bool:
    return any(r.role == RoleKind.APPROVER and _is_above(r, report) for r in access.roles_of(user))


def decides_any(user: AnyUser) -> bool:
    """Whether the user holds a role that returns or approves reports of some level below."""
    return any(r.role in DECIDING for r in access.roles_of(user))


def _decidable(user: AnyUser) -> Q:
    """`can_return` as a filter on reports: those of the user's kind (any kind for the
    commission) strictly below one of their reviewer or approver roles' units, or at the
    role's own unit when it is a province."""
    found = Q(pk__in=[])
    for role in access.roles_of(user):
        if role.role not in DECIDING:
            continue
        kind = role.organization.kind
        of_kind = Q() if kind == OrgKind.COMMISSION else Q(org_kind=kind)
        for prefix in access.role_paths(role):
            below = ~Q(unit__path=prefix) | Q(unit__level="province")
            found |= of_kind & Q(unit__path__startswith=prefix) & below
    return found


def waiting_for(user: AnyUser) -> QuerySet[Report]:
    """The sent reports waiting for the user's decision: those they may return or approve."""
    return reports_for_user(user).filter(_decidable(user), status=ReportStatus.SUBMITTED)


def _units_above(report: Report) -> set[int]:
    """The ids of the units whose roles `_is_above` may accept for the report: its unit and its
    unit's ancestors (the ids in its path), and every unit these were reorganized into, however
    many steps on (the province of today approves what a 2021 commune under it sent)."""
    found = {int(part) for part in report.unit.path.strip("/").split("/") if part}
    frontier = set(found)
    while frontier:
        newer = set(Succession.objects.filter(old_id__in=frontier).values_list("new_id", flat=True))
        frontier = newer - found
        found |= frontier
    return found


def approvers(report: Report) -> list[User]:
    """The people `can_approve` lets approve the report (the same test, role by role).

    Only the roles at the units above the report are asked, so that sending a report costs the
    same few queries however many approvers of its kind the other units have."""
    roles = Role.objects.filter(
        role=RoleKind.APPROVER,
        active=True,
        user__is_active=True,
        organization__kind__in=[report.organization.kind, OrgKind.COMMISSION],
        organization__admin_unit_id__in=_units_above(report),
    ).select_related("user", "organization__admin_unit")
    found: dict[int, User] = {}
    for role in roles:
        if role.user_id not in found and _is_above(role, report):
            found[role.user_id] = role.user
    return list(found.values())

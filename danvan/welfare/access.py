"""The access gate for the welfare ledger.

Households and distributions are seen by the roles whose scope holds their commune. A campaign
is seen by the roles under its unit (who record into it) and by those above it. Full CCCD
numbers are for roles that work with the lists (not viewers), and every full view is logged.
Distributions are recorded by the data-entry staff of the giving organization.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from danvan.orgs import access
from danvan.orgs.access import AnyUser
from danvan.orgs.models import Organization, RoleKind
from danvan.welfare.models import Campaign, Distribution, DuplicatePair, Household


def households_for_user(user: AnyUser) -> QuerySet[Household]:
    return Household.objects.filter(access.unit_filter(user, "commune"))


def get_household_for_user(user: AnyUser, pk: int) -> Household:
    try:
        return households_for_user(user).select_related("commune").get(pk=pk)
    except Household.DoesNotExist:
        raise Http404("Không tìm thấy hộ trong phạm vi của bạn.") from None


def distributions_for_user(user: AnyUser) -> QuerySet[Distribution]:
    return Distribution.objects.filter(access.unit_filter(user, "commune"))


def campaigns_for_user(user: AnyUser) -> QuerySet[Campaign]:
    paths = access.scope_paths(user)
    if paths is None:
        return Campaign.objects.all()
    # The units above each scope root, read off its path: "/1/64/760/" → 1, 64, 760.
    above = {int(part) for path in paths for part in path.strip("/").split("/") if part}
    return Campaign.objects.filter(access.unit_filter(user, "unit") | Q(unit_id__in=above))


def get_campaign_for_user(user: AnyUser, pk: int) -> Campaign:
    try:
        return campaigns_for_user(user).select_related("organizer", "unit").get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404("Không tìm thấy đợt chăm lo trong phạm vi của bạn.") from None


def pairs_for_user(user: AnyUser) -> QuerySet[DuplicatePair]:
    return DuplicatePair.objects.filter(
        access.unit_filter(user, "first__commune"), access.unit_filter(user, "second__commune")
    )


def giver_organizations(user: AnyUser) -> list[Organization]:
    """Organizations the user records distributions for (their data-entry staff)."""
    return access.writer_organizations(user, access.ENTRY_ROLES)


def can_see_national_id(user: AnyUser) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return any(r.role != RoleKind.VIEWER for r in access.roles_of(user))


def can_resolve_pairs(user: AnyUser) -> bool:
    return can_see_national_id(user)

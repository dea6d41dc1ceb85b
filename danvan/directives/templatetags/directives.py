"""Template filters of the meetings and tasks pages."""

from django import template

from danvan.directives.forms import owner_label
from danvan.orgs.models import Organization

register = template.Library()


@register.filter
def with_unit(org: Organization) -> str:
    """The organization named with its unit (and district, and era), as the task form offers
    it: "Hội Nông dân" alone is that of any of 180 communes. Wants `admin_unit__parent`
    loaded (`OWNERS`), or it asks the database twice per organization."""
    return owner_label(org)

"""Forms whose choices are limited to what the user may record for."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from danvan.core.forms import date_field
from danvan.geo.models import AdminUnit, in_force, under_paths
from danvan.orgs import access
from danvan.orgs.models import Organization, User


def units_for(user: User, on: dt.date, levels: tuple[str, ...] = ("commune",)) -> Any:
    """Units the user may record for on a day (of the given levels), by name."""
    paths = access.writer_paths(user)
    if user.is_superuser:
        units = AdminUnit.objects.all()
    else:
        units = AdminUnit.objects.filter(under_paths(paths))
    return units.filter(in_force(on), level__in=levels).order_by("sort_name")


def choices(field: forms.Field) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, field)


class Scoped(forms.ModelForm):
    """A form whose organization and unit choices are the user's."""

    levels: tuple[str, ...] = ("commune",)

    def __init__(self, *args: Any, user: User, on: dt.date | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        on = on or timezone.localdate()
        if "organization" in self.fields:
            writers = [o.pk for o in access.writer_organizations(user)]
            choices(self.fields["organization"]).queryset = Organization.objects.filter(
                pk__in=writers
            )
            if len(writers) == 1:
                self.fields["organization"].initial = writers[0]
        if "unit" in self.fields:
            choices(self.fields["unit"]).queryset = units_for(user, on, self.levels)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                self.fields[name] = date_field(str(field.label), field.required)

"""Forms for meetings and tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from danvan.core.forms import date_field
from danvan.core.periods import Period
from danvan.directives.models import Meeting, Task
from danvan.orgs import access as org_access
from danvan.orgs.forms import Scoped, choices
from danvan.orgs.models import Organization


class MeetingForm(Scoped):
    dated_by = "held_on"
    levels = ("commune", "district", "province")

    class Meta:
        model = Meeting
        fields = ["title", "organization", "unit", "held_on", "chair", "attending", "period"]
        widgets = {"attending": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices(self.fields["attending"]).queryset = (
            org_access.organizations_for_user(self.user)
            .filter(admin_unit__level__in=["province", "district"])
            .order_by("name")
        )

    def clean_period(self) -> str:
        try:
            return Period.parse(self.cleaned_data["period"]).code
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "owners", "deadline"]
        widgets = {"owners": forms.CheckboxSelectMultiple, "title": forms.Textarea({"rows": 2})}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices(self.fields["owners"]).queryset = (
            (meeting.attending.all() | Organization.objects.filter(pk=meeting.organization_id))
            .distinct()
            .order_by("name")
        )
        self.fields["deadline"] = date_field("Hạn")
        self.meeting = meeting

    def clean_deadline(self) -> dt.date:
        deadline: dt.date = self.cleaned_data["deadline"]
        if deadline < self.meeting.held_on:
            raise forms.ValidationError("Hạn không thể trước ngày họp.")
        return deadline

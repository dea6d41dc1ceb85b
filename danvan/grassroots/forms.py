"""Forms for grassroots records: choices limited to what the user may record for."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from danvan.geo.models import AdminUnit, in_force, under_paths
from danvan.grassroots import access
from danvan.grassroots.models import (
    Incident,
    Meeting,
    PropagandaSession,
    Recommendation,
    SituationNote,
    Task,
    Topic,
)
from danvan.orgs import access as org_access
from danvan.orgs.models import Organization, RoleKind, User
from danvan.reporting.periods import Period

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self) -> None:
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


def date_field(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": "Ngày viết theo dạng dd/mm/yyyy, ví dụ 31/03/2021."},
    )


def units_for(user: User, on: dt.date, levels: tuple[str, ...] = ("commune",)) -> Any:
    """Units the user may record for on a day (of the given levels), by name."""
    paths = [
        prefix
        for role in org_access.roles_of(user)
        if role.role in access.WRITER_ROLES
        for prefix in org_access.role_paths(role)
    ]
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


class SessionForm(Scoped):
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.filter(active=True), widget=forms.CheckboxSelectMultiple, label="Chủ đề"
    )

    class Meta:
        model = PropagandaSession
        fields = [
            "held_on",
            "organization",
            "unit",
            "village",
            "topics",
            "format",
            "audience",
            "language",
            "in_key_area",
            "note",
        ]


class IncidentForm(Scoped):
    organization = forms.ModelChoiceField(Organization.objects.none(), label="Tổ chức ghi nhận")
    visible_roles = forms.MultipleChoiceField(
        choices=RoleKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Vai trò được xem (khi mật)",
    )

    class Meta:
        model = Incident
        fields = [
            "title",
            "category",
            "unit",
            "place",
            "occurred_on",
            "reported_on",
            "severity",
            "deadline",
            "summary",
            "confidential",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        occurred, reported = data.get("occurred_on"), data.get("reported_on")
        if occurred and reported and occurred > reported:
            self.add_error("reported_on", "Ngày nắm được không thể trước ngày xảy ra.")
        if reported and reported > timezone.localdate():
            self.add_error("reported_on", "Ngày nắm được không thể sau hôm nay.")
        deadline = data.get("deadline")
        if deadline and reported and deadline < reported:
            self.add_error("deadline", "Hạn giải quyết không thể trước ngày nắm được.")
        if data.get("confidential") and not data.get("visible_roles"):
            self.add_error("visible_roles", "Vụ việc mật: chọn vai trò được xem.")
        return data


class SituationNoteForm(Scoped):
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.filter(active=True), widget=forms.CheckboxSelectMultiple, label="Chủ đề"
    )
    levels = ("commune", "district", "province")

    class Meta:
        model = SituationNote
        fields = ["organization", "unit", "period", "topics", "text"]

    def clean_period(self) -> str:
        try:
            return Period.parse(self.cleaned_data["period"]).code
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class RecommendationForm(Scoped):
    levels = ("commune", "district", "province")

    class Meta:
        model = Recommendation
        fields = ["organization", "unit", "addressee", "addressee_name", "sent_on", "text"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["incidents"] = forms.ModelMultipleChoiceField(
            access.incidents_for_user(self.user).order_by("-reported_on"),
            required=False,
            label="Vụ việc liên quan",
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["notes"] = forms.ModelMultipleChoiceField(
            access.notes_for_user(self.user).select_related("unit").order_by("-period", "pk"),
            required=False,
            label="Tình hình tư tưởng liên quan",
            widget=forms.CheckboxSelectMultiple,
        )


class MeetingForm(Scoped):
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

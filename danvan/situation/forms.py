"""Forms for incidents, situation notes and recommendations: choices limited to what the
user may record for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from danvan.core.periods import Period
from danvan.orgs.forms import Scoped
from danvan.orgs.models import Organization, RoleKind
from danvan.situation import access
from danvan.situation.models import Incident, Recommendation, SituationNote


class IncidentForm(Scoped):
    dated_by = "reported_on"
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
    """A note is dated by its period: the unit must be valid at the period's end."""

    levels = ("commune", "district", "province")

    class Meta:
        model = SituationNote
        fields = ["organization", "unit", "period", "topics", "text"]
        widgets = {"topics": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        topics = self.fields["topics"]
        assert isinstance(topics, forms.ModelMultipleChoiceField)
        # The topics are outreach's: reached through the field, not imported.
        topics.queryset = topics.queryset.filter(active=True)  # type: ignore[union-attr]

    def clean_period(self) -> str:
        try:
            return Period.parse(self.cleaned_data["period"]).code
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def record_date(self, data: dict[str, Any]) -> dt.date | None:
        code = data.get("period")
        return Period.parse(code).end if code else None


class RecommendationForm(Scoped):
    dated_by = "sent_on"
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

"""Forms for propaganda sessions: choices limited to what the user may record for."""

from __future__ import annotations

from django import forms

from danvan.core.forms import CountField
from danvan.orgs.forms import Scoped
from danvan.outreach.models import PropagandaSession, Topic


class SessionForm(Scoped):
    dated_by = "held_on"
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
        field_classes = {"audience": CountField}  # "1.200" người

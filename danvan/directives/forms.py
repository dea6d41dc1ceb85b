"""Forms for meetings and tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Case, Q, QuerySet, When
from django.http import QueryDict

from danvan.core.forms import date_field
from danvan.core.periods import Period
from danvan.directives.access import assignable_organizations
from danvan.directives.models import Meeting, Task
from danvan.geo.models import AdminUnit
from danvan.orgs import access as org_access
from danvan.orgs.forms import Scoped, choices
from danvan.orgs.models import Organization, OrgKind
from danvan.vi import fold


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


# How many organizations the task form lists at once: a province holds hundreds; past this the
# officer narrows the list by unit, kind or name.
CHOOSER_LIMIT = 60


def owner_label(org: Organization) -> str:
    """The organization with its unit, the district of a commune that had one, and the end of
    a unit that has ended: names repeat across districts and across the 2025 reform."""
    unit = org.admin_unit
    place = unit.name
    if unit.parent is not None and unit.parent.level == "district":
        place += f", {unit.parent.name}"
    era = f" (đến {unit.valid_to:%d/%m/%Y})" if unit.valid_to else ""
    return f"{org.name} — {place}{era}"


@dataclass
class Choice:
    pk: int
    label: str


@dataclass
class OwnerChooser:
    """The organizations the task form offers, from `data` (the GET of a narrowing, or the
    POST being corrected): those already ticked, then the meeting's host and attendees, then
    those matching the unit, kind and name typed, at most CHOOSER_LIMIT at a time. Once
    narrowed, all `total` of them can be given the task at once (`all_matching`)."""

    units: list[Choice]
    kinds: list[tuple[str, str]]
    unit: int | None
    kind: str
    q: str
    chosen: list[Choice]
    at_meeting: list[Choice]
    found: list[Choice]
    total: int  # organizations matching the unit, kind and name
    listed: int  # of which listed (found leaves out those listed above it)
    narrowed: bool
    all_matching: bool  # the officer asked for every one of the `total`

    @classmethod
    def build(cls, meeting: Meeting, data: QueryDict) -> OwnerChooser:
        scope = assignable_organizations(meeting).select_related("admin_unit__parent")
        scope = scope.annotate(rank=UNIT_RANK).order_by(
            "rank", "admin_unit__sort_name", "admin_unit_id", "kind", "name"
        )
        units = _unit_choices(meeting)
        unit, kind, q = _filter(data, units)
        ticked = {pk for pk in map(_int, data.getlist("owners")) if pk is not None}
        chosen = (
            [Choice(o.pk, owner_label(o)) for o in scope.filter(pk__in=ticked)] if ticked else []
        )
        shown = {c.pk for c in chosen}
        host = [meeting.organization_id, *meeting.attending.values_list("pk", flat=True)]
        at_meeting = [
            Choice(o.pk, owner_label(o)) for o in scope.filter(pk__in=host) if o.pk not in shown
        ]
        shown |= {c.pk for c in at_meeting}
        matching = _narrowed(scope, units, unit, kind, q)
        narrowed = unit is not None or bool(kind or q)
        total = matching.count()
        # Hundreds at once help no one on a phone: the officer first says where to look.
        rows = list(matching[:CHOOSER_LIMIT]) if narrowed or total <= CHOOSER_LIMIT else []
        found = [Choice(o.pk, owner_label(o)) for o in rows if o.pk not in shown]
        return cls(
            units=[Choice(u.pk, u.label) for u in units],
            kinds=list(OrgKind.choices),
            unit=unit,
            kind=kind,
            q=q,
            chosen=chosen,
            at_meeting=at_meeting,
            found=found,
            total=total,
            listed=len(rows),
            narrowed=narrowed,
            all_matching=narrowed and bool(data.get("all_matching")),
        )


def _filter(data: Mapping[str, Any], units: list[_Unit]) -> tuple[int | None, str, str]:
    """The unit, kind and name of a narrowing. The filter's own form sends them as `unit`,
    `kind`, `q`; the task form carries the ones its list was drawn with as `match_…`, so that
    a POST sent back for correction and "all that match" mean the list the officer saw."""
    unit = _int(data.get("unit", data.get("match_unit")))
    if unit not in {u.pk for u in units}:
        unit = None
    kind = data.get("kind", data.get("match_kind", ""))
    if kind not in OrgKind.values:
        kind = ""
    q = data.get("q", data.get("match_q", "")).strip()[:100]
    return unit, kind, q


def _narrowed(
    scope: QuerySet[Organization], units: list[_Unit], unit: int | None, kind: str, q: str
) -> QuerySet[Organization]:
    if unit is not None:
        path = next(u for u in units if u.pk == unit).path
        scope = scope.filter(admin_unit__path__startswith=path)
    if kind:
        scope = scope.filter(kind=kind)
    if q:
        folded = fold(q)
        scope = scope.filter(
            Q(admin_unit__name_folded__contains=folded)
            | Q(admin_unit__parent__name_folded__contains=folded)
            | Q(name__icontains=q)
        )
    return scope


def all_matching(meeting: Meeting, data: Mapping[str, Any]) -> QuerySet[Organization] | None:
    """Every organization of the narrowing the task form's list was drawn with, when the officer
    ticked "all that match" (None otherwise, and for a list not narrowed: giving a task to the
    whole province at once takes a filter, so that it is never one stray tick)."""
    if not data.get("all_matching"):
        return None
    units = _unit_choices(meeting)
    unit, kind, q = _filter(data, units)
    if unit is None and not (kind or q):
        return None
    return _narrowed(assignable_organizations(meeting), units, unit, kind, q)


UNIT_RANK = Case(
    When(admin_unit__level="province", then=0),
    When(admin_unit__level="district", then=1),
    default=2,
)


@dataclass
class _Unit:
    pk: int
    path: str
    label: str


def _unit_choices(meeting: Meeting) -> list[_Unit]:
    """The meeting's unit and those below it on its day, each district followed by its
    communes (indented), so a native select on a phone reads as the tree it is."""
    units = list(
        AdminUnit.objects.under(meeting.unit)
        .at(meeting.held_on)
        .only("pk", "path", "name", "level", "parent_id", "valid_to")
        .order_by("sort_name", "pk")
    )
    era = f" (đến {meeting.unit.valid_to:%d/%m/%Y})" if meeting.unit.valid_to else ""
    below: dict[int | None, list[AdminUnit]] = {}
    for u in units:
        below.setdefault(u.parent_id, []).append(u)
    ordered: list[_Unit] = [_Unit(meeting.unit.pk, meeting.unit.path, f"{meeting.unit.name}{era}")]

    def walk(parent: int, depth: int) -> None:
        for u in below.get(parent, []):
            ordered.append(_Unit(u.pk, u.path, f"{'— ' * depth}{u.name}"))
            walk(u.pk, depth + 1)

    walk(meeting.unit.pk, 1)
    return ordered


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


class TaskForm(forms.ModelForm):
    """A task of the meeting for organizations of its scope (`assignable_organizations`): the
    choice is checked here, on the server, whatever the page offered."""

    class Meta:
        model = Task
        fields = ["title", "owners", "deadline"]
        widgets = {"title": forms.Textarea({"rows": 2})}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any):
        super().__init__(*args, **kwargs)
        owners = choices(self.fields["owners"])
        owners.queryset = assignable_organizations(meeting)
        era = f" (đến {meeting.unit.valid_to:%d/%m/%Y})" if meeting.unit.valid_to else ""
        owners.error_messages["invalid_choice"] = (
            f"Tổ chức đã chọn không thuộc {meeting.unit.name}{era} và các đơn vị trực thuộc, "
            f"hoặc không hoạt động vào ngày họp {meeting.held_on:%d/%m/%Y}: hội nghị này không "
            "giao nhiệm vụ cho tổ chức đó."
        )
        owners.error_messages["invalid_pk_value"] = owners.error_messages["invalid_choice"]
        owners.error_messages["required"] = "Cần chọn ít nhất một cơ quan thực hiện."
        owners.required = False  # "all that match" may stand for the ticks (clean)
        self.fields["deadline"] = date_field("Hạn")
        self.meeting = meeting

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        everyone = all_matching(self.meeting, self.data) if self.data else None
        if everyone is not None and "owners" not in self.errors:
            data["owners"] = everyone | (data.get("owners") or Organization.objects.none())
        if "owners" not in self.errors and not data.get("owners"):
            self.add_error("owners", self.fields["owners"].error_messages["required"])
        return data

    def clean_deadline(self) -> dt.date:
        deadline: dt.date = self.cleaned_data["deadline"]
        if deadline < self.meeting.held_on:
            raise forms.ValidationError("Hạn không thể trước ngày họp.")
        return deadline

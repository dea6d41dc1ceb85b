"""Grassroots personas on the shared world: an entry officer in each commune, a province
approver and reviewer, and a helper to file incidents."""

import datetime as dt
from dataclasses import dataclass

import pytest

from danvan.conftest import World, make_user
from danvan.geo.models import AdminUnit
from danvan.grassroots.models import Incident, IncidentCategory, IncidentUpdate, Severity
from danvan.orgs.models import RoleKind, User


@dataclass
class People:
    world: World
    writer_a: User
    writer_b: User
    approver: User
    reviewer: User


@pytest.fixture
def people(world: World) -> People:
    return People(
        world=world,
        writer_a=make_user("ghi_a", world.commune_a_org, RoleKind.DATA_ENTRY),
        writer_b=make_user("ghi_b", world.commune_b_org, RoleKind.DATA_ENTRY),
        approver=make_user("duyet_tinh", world.province_org, RoleKind.APPROVER),
        reviewer=make_user("kiemtra_tinh", world.province_org, RoleKind.REVIEWER),
    )


def incident(
    unit: AdminUnit,
    *,
    title: str = "Tranh chấp đất rẫy",
    severity: str = Severity.HOT,
    reported: dt.date = dt.date(2021, 3, 1),
    last: dt.date | None = None,
    deadline: dt.date | None = None,
    category: str = "dat-dai",
    confidential: bool = False,
    visible_to: str = "",
    status: str = "handling",
) -> Incident:
    made = Incident.objects.create(
        title=title,
        category=IncidentCategory.objects.get(code=category),
        unit=unit,
        occurred_on=reported,
        reported_on=reported,
        severity=severity,
        status=status,
        deadline=deadline,
        confidential=confidential,
        visible_to=visible_to,
        last_update_on=last or reported,
    )
    IncidentUpdate.objects.create(incident=made, on=reported, text="Tiếp nhận.", status_to="new")
    return made

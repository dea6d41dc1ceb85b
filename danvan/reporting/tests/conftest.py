"""Reporting personas on top of the shared world: two communes' Women's Union entry officers,
the province's approver and reviewer, and the bloc's quarterly form."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from danvan.conftest import PASSWORD, World, make_org, make_user
from danvan.orgs.models import Organization, OrgKind, RoleKind, User
from danvan.reporting.models import ReportForm

# Three days into April 2021: Q1 is due on 5 April and locked after 30 April.
EARLY_APRIL = dt.datetime(2021, 4, 3, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@dataclass
class Bloc:
    world: World
    form: ReportForm
    women_a: Organization
    women_b: Organization
    entry_a: User
    entry_b: User
    approver: User
    reviewer: User


@pytest.fixture
def bloc(world: World) -> Bloc:
    women_a = make_org(OrgKind.WOMEN, world.commune_a_unit)
    women_b = make_org(OrgKind.WOMEN, world.commune_b_unit)
    return Bloc(
        world=world,
        form=ReportForm.objects.get(code="bc-quy"),
        women_a=women_a,
        women_b=women_b,
        entry_a=make_user("nhaplieu_a", women_a, RoleKind.DATA_ENTRY),
        entry_b=make_user("nhaplieu_b", women_b, RoleKind.DATA_ENTRY),
        approver=make_user("pheduyet", world.province_org, RoleKind.APPROVER),
        reviewer=make_user("kiemtra", world.province_org, RoleKind.REVIEWER),
    )


@pytest.fixture
def april_2021():
    with time_machine.travel(EARLY_APRIL, tick=False):
        yield


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture(autouse=True)
def rollups_checked(rollups_verified: None) -> None:
    """Every reporting test ends with the roll-ups equal to the raw values."""

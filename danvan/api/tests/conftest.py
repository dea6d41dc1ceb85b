"""API personas: tokens for the shared world's people, and one record of every kind in commune
A (and a few in B), so that each route can be asked by everyone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from danvan.api.actions import create_token
from danvan.api.models import ApiToken, digest
from danvan.conftest import People, make_org, make_user
from danvan.core.periods import Period
from danvan.directives.models import Task
from danvan.orgs.models import Organization, OrgKind, RoleKind, User
from danvan.reporting.models import DataValue, Indicator, Report, ReportForm
from danvan.situation.models import Incident
from danvan.welfare.models import Campaign, CampaignKind, Household

PERSONAS = ["province", "commune_a", "commune_b", "outsider", "anonymous", "expired", "read_only"]


class Api:
    """A test client that speaks to /api/v1/ with a bearer token (or none)."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.token = token

    def call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        headers = dict(extra.pop("headers", {}))
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        kwargs: dict[str, Any] = {"headers": headers, **extra}
        if body is not None and "content_type" not in kwargs:
            kwargs["content_type"] = "application/json"
        send = getattr(self.client, method.lower())
        return (
            send(f"/api/v1{path}", body, **kwargs)
            if body is not None
            else send(f"/api/v1{path}", **kwargs)
        )

    def get(self, path: str, **extra: Any) -> Any:
        return self.call("GET", path, **extra)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self.call("POST", path, body if body is not None else {}, **extra)


def token_for(user: User, *, read_only: bool = False, days: int = 30) -> str:
    return create_token(user, "thử", days=days, read_only=read_only, acting_user=user)[1]


@dataclass
class Fixture:
    people: People
    apis: dict[str, Api]
    form: ReportForm
    women_a: Organization
    entry_a: User
    approver: User
    report_a: Report
    report_b: Report
    household_a: Household
    campaign: Campaign
    incident_a: Incident
    task_a: Task

    def api(self, persona: str) -> Api:
        return self.apis[persona]


@pytest.fixture
def api_world(recorded: People) -> Fixture:
    w = recorded.world
    form = ReportForm.objects.get(code="bc-quy")
    women_a = make_org(OrgKind.WOMEN, w.commune_a_unit)
    women_b = make_org(OrgKind.WOMEN, w.commune_b_unit)
    entry_a = make_user("nhaplieu_a", women_a, RoleKind.DATA_ENTRY)
    approver = make_user("pheduyet", w.province_org, RoleKind.APPROVER)
    q1 = Period.parse("2021Q1")
    sessions = Indicator.objects.get(code="tt-buoi")
    report_a = Report.new(form, women_a, q1)
    report_a.save()
    DataValue.objects.create(report=report_a, indicator=sessions, value=Decimal(5))
    report_b = Report.new(form, women_b, q1)
    report_b.save()
    DataValue.objects.create(report=report_b, indicator=sessions, value=Decimal(7))
    household_a = Household.objects.create(
        head_name="Nguyễn Thị Hoa", birth_year=1960, national_id="066160000121",
        commune=w.commune_a_unit, village="Tổ 1",
    )  # fmt: skip
    campaign = Campaign.objects.create(
        name="Chăm lo Tết 2021", kind=CampaignKind.TET, starts=dt.date(2021, 1, 15),
        ends=dt.date(2021, 2, 11), organizer=w.commune_a_org, unit=w.commune_a_unit,
    )  # fmt: skip
    expired_secret = token_for(w.province)
    expired = ApiToken.objects.get(digest=digest(expired_secret))
    expired.expires_at = timezone.now() - dt.timedelta(minutes=1)
    expired.save()
    apis = {
        "province": Api(token_for(w.province)),
        "commune_a": Api(token_for(w.commune_a)),
        "commune_b": Api(token_for(w.commune_b)),
        "outsider": Api(token_for(w.outsider)),
        "anonymous": Api(None),
        "expired": Api(expired_secret),
        "read_only": Api(token_for(w.province, read_only=True)),
    }
    return Fixture(
        people=recorded,
        apis=apis,
        form=form,
        women_a=women_a,
        entry_a=entry_a,
        approver=approver,
        report_a=report_a,
        report_b=report_b,
        household_a=household_a,
        campaign=campaign,
        incident_a=Incident.objects.get(title="Vụ ở Thành Công"),
        task_a=Task.objects.get(title="Nhiệm vụ Thành Công"),
    )


@pytest.fixture(autouse=True)
def rollups_checked(rollups_verified: None) -> None:
    """Every API test ends with the roll-ups equal to the raw values."""

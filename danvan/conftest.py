"""Personas shared by every app's tests.

They sit on the real national unit list (loaded by the geo data migration): a province officer of
today's Đắk Lắk, officers of two 2021 communes of Buôn Ma Thuột (A: Phường Thành Công, B: Xã Hòa
Phú), an officer of another province (Lâm Đồng) and a user with no role at all.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from danvan.geo.loader import LAST_PRE_REFORM_DAY, REFORM_DATE, load_units
from danvan.geo.models import AdminUnit, Succession
from danvan.orgs.models import Organization, OrgKind, Role, RoleKind, User

Q1_2021 = dt.date(2021, 3, 31)
PASSWORD = "mật-khẩu-thử-2021"


def make_org(
    kind: str, unit: AdminUnit, name: str | None = None, *, parent: Organization | None = None
) -> Organization:
    ended = unit.valid_to is not None
    return Organization.objects.create(
        kind=kind,
        name=name or f"{OrgKind(kind).label} {unit.name}",
        admin_unit=unit,
        parent=parent,
        valid_from=None if ended else unit.valid_from,
        valid_to=unit.valid_to if ended else None,
    )


def make_user(username: str, org: Organization | None, role: str = RoleKind.VIEWER) -> User:
    user = User.objects.create_user(
        username, password=PASSWORD, full_name=username, organization=org
    )
    if org is not None:
        Role.objects.create(user=user, organization=org, role=role)
    return user


@dataclass
class World:
    province_unit: AdminUnit
    commune_a_unit: AdminUnit
    commune_b_unit: AdminUnit
    outside_unit: AdminUnit
    province_org: Organization
    commune_a_org: Organization
    commune_b_org: Organization
    outside_org: Organization
    province: User
    commune_a: User
    commune_b: User
    outsider: User
    no_role: User


@pytest.fixture
def world(db: None) -> World:
    province_unit = AdminUnit.objects.by_code("66", REFORM_DATE)
    commune_a_unit = AdminUnit.objects.by_code("24133", Q1_2021)
    commune_b_unit = AdminUnit.objects.by_code("24172", Q1_2021)
    outside_unit = AdminUnit.objects.by_code("68", REFORM_DATE)
    province_org = make_org(OrgKind.COMMISSION, province_unit, "Ban Dân vận Tỉnh ủy Đắk Lắk")
    commune_a_org = make_org(OrgKind.FRONT, commune_a_unit, "Ủy ban MTTQ phường Thành Công")
    commune_b_org = make_org(OrgKind.FRONT, commune_b_unit, "Ủy ban MTTQ xã Hòa Phú")
    outside_org = make_org(OrgKind.COMMISSION, outside_unit, "Ban Dân vận Tỉnh ủy Lâm Đồng")
    return World(
        province_unit=province_unit,
        commune_a_unit=commune_a_unit,
        commune_b_unit=commune_b_unit,
        outside_unit=outside_unit,
        province_org=province_org,
        commune_a_org=commune_a_org,
        commune_b_org=commune_b_org,
        outside_org=outside_org,
        province=make_user("tinh", province_org),
        commune_a=make_user("xa_a", commune_a_org),
        commune_b=make_user("xa_b", commune_b_org),
        outsider=make_user("ngoai", outside_org),
        no_role=make_user("khong_vai_tro", None),
    )


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Uploaded and generated files of a test go to a folder of its own, not to ./var."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def national_units(transactional_db: None) -> None:
    """For tests that really commit (a worker process beside the test): the national unit
    list, which the data migration loaded but an earlier such test's flush may have emptied."""
    if not AdminUnit.objects.exists():
        load_units(AdminUnit, Succession)


@pytest.fixture
def immediate_jobs(settings: Any) -> None:
    """Jobs run as soon as they are queued, inside the request that queues them: for tests
    about a page in a browser, where no worker process runs beside the live server."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


__all__ = ["LAST_PRE_REFORM_DAY", "PASSWORD", "Q1_2021", "World", "make_org", "make_user"]

"""Personas shared by every app's tests.

They sit on the real national unit list (loaded by the geo data migration): a province officer of
today's Đắk Lắk, officers of two 2021 communes of Buôn Ma Thuột (A: Phường Thành Công, B: Xã Hòa
Phú), an officer of another province (Lâm Đồng) and a user with no role at all.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models import Model

from danvan.directives.models import Meeting, Task
from danvan.geo.loader import LAST_PRE_REFORM_DAY, REFORM_DATE, load_units
from danvan.geo.models import AdminUnit, Succession
from danvan.orgs.models import Organization, OrgKind, Role, RoleKind, User
from danvan.outreach.models import PropagandaSession, Topic
from danvan.situation.models import (
    Incident,
    IncidentCategory,
    IncidentUpdate,
    Recommendation,
    Severity,
    SituationNote,
)

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


# The national unit list as the data migration left it, once read (per test process): the
# tests that really commit find it emptied by the flush after an earlier such test, and
# writing these rows back is several times faster than building them again (`load_units`).
_units_as_migrated: list[tuple[type[Model], list[tuple[Any, ...]]]] = []


def restore_national_units() -> None:
    """Make sure the national unit list of both eras is in the (committing) test database."""
    if AdminUnit.objects.exists():
        if not _units_as_migrated:
            _read_units()
        return
    if not _units_as_migrated:
        load_units(AdminUnit, Succession)
        _read_units()
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for model, rows in _units_as_migrated:
            columns = [f.column for f in model._meta.concrete_fields]
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
                f"({', '.join(connection.ops.quote_name(c) for c in columns)}) "
                f"VALUES ({', '.join(['%s'] * len(columns))})",
                rows,
            )


def _read_units() -> None:
    for model in (AdminUnit, Succession):  # parents before children: in the order of their ids
        fields = [f.attname for f in model._meta.concrete_fields]
        rows = list(model._base_manager.order_by("pk").values_list(*fields))
        _units_as_migrated.append((model, rows))


@pytest.fixture
def national_units(transactional_db: None) -> None:
    """For tests that really commit (a worker process beside the test): the national unit
    list, which the data migration loaded but an earlier such test's flush may have emptied."""
    restore_national_units()


@pytest.fixture
def immediate_jobs(settings: Any) -> None:
    """Jobs run as soon as they are queued, inside the request that queues them: for tests
    about a page in a browser, where no worker process runs beside the live server."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# --- field work (outreach, situation, directives): personas and recorded work -------------


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


D = dt.date
NOW = dt.datetime(2021, 3, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def march_2021() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def session(people: People, unit: AdminUnit, org: Any, audience: int, topic: str) -> None:
    made = PropagandaSession.objects.create(
        held_on=D(2021, 3, 2), organization=org, unit=unit, format="meeting", audience=audience
    )
    made.topics.add(Topic.objects.get(code=topic))


LISTS = [
    "/co-so/tuyen-truyen/?period=2021Q1",
    "/co-so/vu-viec/",
    "/co-so/tu-tuong/?period=2021Q1",
    "/co-so/de-xuat/",
    "/co-so/hoi-nghi/",
    "/co-so/nhiem-vu/?state=all",
]


@pytest.fixture
def recorded(people: People) -> People:
    w = people.world
    session(people, w.commune_a_unit, w.commune_a_org, 120, "bau-cu")
    session(people, w.commune_b_unit, w.commune_b_org, 45, "covid-19")
    incident(w.commune_a_unit, title="Vụ ở Thành Công")
    incident(w.commune_b_unit, title="Vụ ở Hòa Phú")
    for unit, org, text in [
        (w.commune_a_unit, w.commune_a_org, "Dư luận ở Thành Công"),
        (w.commune_b_unit, w.commune_b_org, "Dư luận ở Hòa Phú"),
    ]:
        note = SituationNote.objects.create(organization=org, unit=unit, period="2021Q1", text=text)
        note.topics.add(Topic.objects.get(code="bau-cu"))
    for unit, org, text in [
        (w.commune_a_unit, w.commune_a_org, "Đề xuất của Thành Công"),
        (w.commune_b_unit, w.commune_b_org, "Đề xuất của Hòa Phú"),
    ]:
        Recommendation.objects.create(
            organization=org, unit=unit, addressee="government", sent_on=D(2021, 3, 1), text=text
        )
    for unit, org, name in [
        (w.commune_a_unit, w.commune_a_org, "Thành Công"),
        (w.commune_b_unit, w.commune_b_org, "Hòa Phú"),
    ]:
        meeting = Meeting.objects.create(
            title=f"Giao ban {name}", unit=unit, organization=org, held_on=D(2021, 3, 5),
            chair="Chủ tịch", period="2021Q1",
        )  # fmt: skip
        task = Task.objects.create(
            meeting=meeting, title=f"Nhiệm vụ {name}", deadline=D(2021, 3, 30)
        )
        task.owners.add(org)
    return people


def recorded_more(people: People, copies: int) -> None:
    """More of everything in commune A: sessions, incidents, notes, recommendations, tasks."""
    w = people.world
    meeting = Meeting.objects.get(title="Giao ban Thành Công")
    for i in range(copies):
        session(people, w.commune_a_unit, w.commune_a_org, 30 + i, "phap-luat")
        incident(w.commune_a_unit, title=f"Vụ thêm {i}", category="moi-truong")
        note = SituationNote.objects.create(
            organization=w.commune_a_org, unit=w.commune_a_unit, period="2021Q1", text=f"Thêm {i}"
        )
        note.topics.add(Topic.objects.get(code="covid-19"))
        Recommendation.objects.create(
            organization=w.commune_a_org, unit=w.commune_a_unit, addressee="party",
            sent_on=D(2021, 3, 2), text=f"Thêm {i}",
        )  # fmt: skip
        task = Task.objects.create(meeting=meeting, title=f"Thêm {i}", deadline=D(2021, 3, 25))
        task.owners.add(w.commune_a_org)
        Meeting.objects.create(
            title=f"Họp thêm {i}", unit=w.commune_a_unit, organization=w.commune_a_org,
            held_on=D(2021, 3, 6), chair="Chủ tịch", period="2021Q1",
        )  # fmt: skip


__all__ = [
    "LAST_PRE_REFORM_DAY",
    "LISTS",
    "PASSWORD",
    "Q1_2021",
    "People",
    "World",
    "incident",
    "make_org",
    "make_user",
    "recorded_more",
    "restore_national_units",
    "session",
]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On SQLite the test database is a file, as in production, not Django's in-memory one: so
    the concurrency tests' threads each open their own connection and meet SQLite's real
    write lock (WAL, IMMEDIATE, the busy timeout) instead of being skipped."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")
    # A `replica` alias reading the test database through a connection of its own, for the
    # tests of the read replica's routing (danvan/core/tests/test_replica.py), which turn it on
    # with DANVAN_REPLICA_ALIAS; every other test reads and writes `default` only, whether or
    # not DANVAN_DATABASE_REPLICA_URL is set.
    settings.DATABASES["replica"] = {
        **database,
        "TEST": {
            "CHARSET": None,
            "COLLATION": None,
            "MIGRATE": True,
            "MIRROR": "default",
            "NAME": None,
        },
    }
    settings.DANVAN_REPLICA_ALIAS = ""


@pytest.fixture
def rollups_verified(request: pytest.FixtureRequest) -> Any:
    """After a test that touched the database, the roll-up rows must equal what the raw values
    give (`danvan rollups verify`). Enabled with autouse in the apps whose tests run the
    report workflow."""
    from danvan.reporting import rollups

    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        yield
        return
    yield
    problems = rollups.verify()
    assert not problems, "\n".join(problems)

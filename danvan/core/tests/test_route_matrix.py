"""Every page route of the site, asked by every persona, for objects of every scope.

The routes come from the URL resolver itself (the admin, the API, static files and the favicon
aside: the admin's own tests and the API's matrix cover those), so a new route without a row in
ROUTES fails `test_every_route_is_in_the_table`, naming it.

Personas: the province (an approver of Đắk Lắk, who also sees the confidential incident), a
viewer of the province (who does not), an officer of commune A, one of commune B, one of
another province (Lâm Đồng) and an anonymous visitor. Objects: one of each kind in commune A,
in commune B and in the other province, each named with a marker of its scope.

- GET: whoever sees the object's scope gets the page (200, or the page's own redirect) and no
  marker of a scope they do not see; anybody else gets 403/404; a visitor is sent to the login.
- POST: every persona who may not write there posts; no table changes (row counts and a
  checksum of every row of every table but the national unit list and the sessions).

The counts of a full run (printed by the test, `-s`): 65 page routes × 6 personas; 1.251
requests (each route's objects of three scopes, the lists also narrowed to each scope's unit,
the confidential incident, and the refused POSTs), 1.096 checks that a marker of an unseen
scope is absent, 375 refused POSTs, each route's POSTs followed by a check of every table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from danvan.api.actions import create_token
from danvan.conftest import World, incident, make_org, make_user
from danvan.core.periods import Period
from danvan.dashboard.models import SavedView
from danvan.directives.models import Meeting, Task
from danvan.geo.models import AdminUnit
from danvan.jobs.models import Job, JobKind
from danvan.orgs.models import Organization, OrgKind, RoleKind, User
from danvan.outreach.models import Drive, Milestone, PropagandaSession, Topic
from danvan.reporting.models import DataValue, Indicator, Report, ReportForm
from danvan.situation.models import KeyArea, Recommendation, SituationNote
from danvan.welfare.models import Campaign, CampaignKind, DuplicatePair, Household

pytestmark = pytest.mark.django_db

SCOPES = ("A", "B", "X")
MARK = {"A": "DẤU-A-3571", "B": "DẤU-B-2468", "X": "DẤU-X-9753", "C": "DẤU-MẬT-1739"}
PERSONAS = ("province", "province_viewer", "commune_a", "commune_b", "outsider", "anonymous")
# Who sees an object of each scope ("C": the confidential incident of commune A, shown to
# approvers only).
SEES = {
    "A": {"province", "province_viewer", "commune_a"},
    "B": {"province", "province_viewer", "commune_b"},
    "X": {"outsider"},
    "C": {"province"},
}
# Who may write for a unit of each scope (the province's viewer writes for nobody).
WRITES = {"A": {"province", "commune_a"}, "B": {"province", "commune_b"}, "X": {"outsider"}}
SKIP_PREFIXES = ("quan-tri/", "api/", "static/", "media/", "favicon.ico")


@dataclass
class Scope:
    unit: AdminUnit
    org: Organization
    women: Organization
    report: Report
    campaign: Campaign
    household: Household
    pair: DuplicatePair
    incident: Any
    recommendation: Recommendation
    meeting: Meeting
    task: Task
    drive: Drive
    job: Job


@dataclass
class Matrix:
    world: World
    users: dict[str, User]
    clients: dict[str, Client]
    scopes: dict[str, Scope]
    confidential: Any
    token_a: int

    def markers_hidden_from(self, persona: str) -> list[str]:
        return [MARK[s] for s in MARK if persona not in SEES[s]]


def build_scope(key: str, unit: AdminUnit, org: Organization, owner: User) -> Scope:
    mark = MARK[key]
    day = dt.date(2021, 3, 2)
    women = make_org(OrgKind.WOMEN, unit, f"Hội Phụ nữ {mark}")
    report = Report.new(ReportForm.objects.get(code="bc-quy"), women, Period.parse("2021Q1"))
    report.save()
    DataValue.objects.create(
        report=report, indicator=Indicator.objects.get(code="tt-buoi"), value=Decimal(5)
    )
    campaign = Campaign.objects.create(
        name=f"Chăm lo {mark}", kind=CampaignKind.TET, starts=dt.date(2021, 1, 15),
        ends=dt.date(2021, 2, 11), organizer=org, unit=unit,
    )  # fmt: skip
    households = [
        Household.objects.create(head_name=f"Nguyễn Văn {mark}", birth_year=1960, commune=unit)
        for _ in range(2)
    ]
    pair = DuplicatePair.objects.create(
        first=households[0], second=households[1], score=Decimal(90), reasons=["tên"]
    )
    session = PropagandaSession.objects.create(
        held_on=day, organization=org, unit=unit, format="meeting", audience=40,
        village=f"Buôn {mark}",
    )  # fmt: skip
    session.topics.add(Topic.objects.get(code="bau-cu"))
    note = SituationNote.objects.create(
        organization=org, unit=unit, period="2021Q1", text=f"Dư luận {mark}"
    )
    note.topics.add(Topic.objects.get(code="bau-cu"))
    KeyArea.objects.create(unit=unit, reason=f"Trọng điểm {mark}", valid_from=dt.date(2021, 1, 1))
    meeting = Meeting.objects.create(
        title=f"Giao ban {mark}", unit=unit, organization=org, held_on=day, chair="Chủ tịch",
        period="2021Q1",
    )  # fmt: skip
    task = Task.objects.create(meeting=meeting, title=f"Nhiệm vụ {mark}", deadline=day)
    task.owners.add(org)
    drive = Drive.objects.create(
        name=f"Vận động {mark}", unit=unit, starts_on=dt.date(2021, 1, 1), ends_on=day
    )
    Milestone.objects.create(drive=drive, title=f"Mốc {mark}", due_on=day)
    job = Job.objects.create(
        kind=JobKind.choices[0][0], title=f"Việc {mark}", user=owner, organization=org,
        scope_path=unit.path, state="done",
    )  # fmt: skip
    SavedView.objects.create(user=owner, name=f"Khung nhìn {mark}", query="period=2021Q1")
    job.file.save(f"ket-qua-{key}.txt", ContentFile(mark.encode()), save=False)
    job.file_name = f"ket-qua-{key}.txt"
    job.content_type = "text/plain"
    job.save()
    return Scope(
        unit=unit, org=org, women=women, report=report, campaign=campaign,
        household=households[0], pair=pair, incident=incident(unit, title=f"Vụ việc {mark}"),
        recommendation=Recommendation.objects.create(
            organization=org, unit=unit, addressee="government", sent_on=day,
            text=f"Đề xuất {mark}",
        ),
        meeting=meeting, task=task, drive=drive, job=job,
    )  # fmt: skip


@pytest.fixture
def matrix(world: World) -> Matrix:
    w = world
    outside_commune = (
        AdminUnit.objects.filter(path__startswith=w.outside_unit.path, level="commune")
        .exclude(valid_to__isnull=False)
        .order_by("code")
        .first()
    )
    assert outside_commune is not None
    outside_org = make_org(OrgKind.FRONT, outside_commune, f"Ủy ban MTTQ {MARK['X']}")
    users = {
        "province": make_user("mt_tinh", w.province_org, RoleKind.APPROVER),
        "province_viewer": make_user("mt_tinh_xem", w.province_org, RoleKind.VIEWER),
        "commune_a": make_user("mt_xa_a", w.commune_a_org, RoleKind.DATA_ENTRY),
        "commune_b": make_user("mt_xa_b", w.commune_b_org, RoleKind.DATA_ENTRY),
        "outsider": make_user("mt_ngoai", outside_org, RoleKind.DATA_ENTRY),
    }
    scopes = {
        "A": build_scope("A", w.commune_a_unit, w.commune_a_org, users["commune_a"]),
        "B": build_scope("B", w.commune_b_unit, w.commune_b_org, users["commune_b"]),
        "X": build_scope("X", outside_commune, outside_org, users["outsider"]),
    }
    confidential = incident(
        w.commune_a_unit, title=f"Vụ mật {MARK['C']}", confidential=True, visible_to=",approver,"
    )
    token_a = create_token(
        users["commune_a"], "thử", days=30, read_only=True, acting_user=users["commune_a"]
    )[0]
    clients = {}
    for persona in PERSONAS:
        client = Client()
        if persona in users:
            client.force_login(users[persona])
        clients[persona] = client
    return Matrix(w, users, clients, scopes, confidential, token_a.pk)


# --- the table -------------------------------------------------------------------------------

Args = Callable[[Matrix, str], dict[str, Any]]
Data = Callable[[Matrix, str], dict[str, Any]]


def no_args(m: Matrix, s: str) -> dict[str, Any]:
    return {}


def pk_of(attr: str) -> Args:
    def args(m: Matrix, s: str) -> dict[str, Any]:
        return {"pk": getattr(m.scopes[s], attr).pk}

    return args


def writing_for(m: Matrix, s: str) -> dict[str, Any]:
    """A plausible form for a record of scope `s` (each view reads the fields it knows)."""
    sc = m.scopes[s]
    return {
        "organization": sc.org.pk, "org": sc.women.pk, "unit": sc.unit.pk, "form": "bc-quy",
        "period": "2021Q1", "held_on": "02/03/2021", "occurred_on": "02/03/2021",
        "reported_on": "02/03/2021", "sent_on": "02/03/2021", "title": "Ghi đè",
        "text": "Ghi đè", "place": "Ghi đè", "format": "meeting", "audience": "10",
        "language": "vi", "topics": [Topic.objects.get(code="bau-cu").pk], "category":
        "dat-dai", "severity": "hot", "addressee": "party", "chair": "Ghi đè", "percent": "90",
        "status": "done", "action": "approve", "comment": "Ghi đè", "reason": "Ghi đè",
        "report": [sc.report.pk], "decision": "merge", "keep": sc.pair.first_id,
        "milestone": sc.drive.milestones.get().pk, "name": "Ghi đè", "kind": "tet",
        "starts": "01/01/2021", "ends": "31/01/2021", "quantity": "1", "value_vnd": "1000",
        "household": sc.household.pk, "head_name": "Ghi đè", "given_on": "02/03/2021",
        "answer": "Ghi đè", "deadline": "30/03/2021", "deadline_on": "30/03/2021",
        "owners": [sc.org.pk], "n-ket-qua": "Ghi đè", "show_id": "1",
    }  # fmt: skip


@dataclass
class Route:
    """How to ask one route.

    get: "scoped" (the object of each scope is seen by SEES[scope]), "page" (every signed-in
    persona gets it; markers of unseen scopes stay off it), "public", "post" (POST only),
    "owner" (the object of each scope is its owner's only: jobs).
    post: whether the route takes a POST; the personas who may not write there post
    `data` for the object of each scope, and nothing may change.
    """

    get: str
    args: Args = no_args
    post: bool = False
    data: Data = writing_for
    query: str = ""
    ok: tuple[int, ...] = (200,)
    # The personas allowed to POST (besides WRITES of the scope), when not those.
    writers: Callable[[str], set[str]] | None = None
    scopes: tuple[str, ...] = SCOPES
    note: str = ""
    # For a page: also asked with ?unit= of each scope's unit (lists narrow to it; an unseen
    # unit is refused, or the page falls back to the persona's own unit).
    by_unit: bool = False


def owner_of(s: str) -> set[str]:
    return {"A": {"commune_a"}, "B": {"commune_b"}, "X": {"outsider"}}[s]


def everyone_signed_in(s: str) -> set[str]:
    return set(PERSONAS) - {"anonymous"}


ROUTES: dict[str, Route] = {
    "home": Route("page"),
    "healthz": Route("public"),
    "login": Route("public"),
    "logout": Route("post", note="ends the visitor's own session only; not posted"),
    "password_change": Route(
        "page", post=True, writers=everyone_signed_in, note="one's own password"
    ),
    "password_change_done": Route("page"),
    "unit-list": Route("page"),
    "unit-detail": Route("scoped", pk_of("unit")),
    "organization-list": Route("page"),
    "report-list": Route("page", query="?status=all&period=2021Q1"),
    "report-open": Route("post", post=True),
    "report-approve-many": Route("post", post=True),
    "report-detail": Route("scoped", pk_of("report"), post=True),
    "report-decide": Route("post", pk_of("report"), post=True),
    "report-late-entry": Route("post", pk_of("report"), post=True),
    "report-ingest": Route("scoped", pk_of("report"), post=True, ok=(200, 403)),
    "report-workbook": Route("scoped", pk_of("report"), post=True),
    "form-workbook": Route("page", lambda m, s: {"code": "bc-quy"}),
    "consolidated": Route("page", by_unit=True, query="?period=2021Q1"),
    "dashboard": Route("page", by_unit=True, query="?period=2021Q1"),
    "explorer": Route("page", by_unit=True, query="?period=2021Q1&by=commune"),
    "map": Route("page", by_unit=True, query="?period=2021Q1&level=commune"),
    "map-data": Route("page", by_unit=True, query="?period=2021Q1&level=commune"),
    "explorer-save": Route(
        "post", post=True, writers=everyone_signed_in, note="into one's own saved views"
    ),
    "explorer-delete": Route(
        "post",
        lambda m, s: {"pk": SavedView.objects.get(name=f"Khung nhìn {MARK[s]}").pk},
        post=True,
        writers=owner_of,
    ),
    "completeness": Route("page", by_unit=True, query="?period=2021Q1"),
    "narratives": Route(
        "page",
        query="?period=2021Q1",
        post=True,
        by_unit=True,
        writers=lambda s: {"commune_a", "commune_b", "outsider"},
        note="each data-entry officer saves into their own organization's report",
    ),
    "report-document": Route("page", by_unit=True, query="?period=2021Q1"),
    "data-exchange": Route("page", by_unit=True, post=True),
    "campaign-list": Route("page", post=True),
    "list-template": Route("page"),
    "campaign-detail": Route("scoped", pk_of("campaign")),
    "campaign-coverage": Route("scoped", pk_of("campaign")),
    "campaign-import": Route("scoped", pk_of("campaign"), post=True, ok=(200, 403)),
    "campaign-add": Route("scoped", pk_of("campaign"), post=True, ok=(200, 403)),
    "campaign-dedup": Route("post", pk_of("campaign"), post=True),
    "household-list": Route("page"),
    "household-detail": Route("scoped", pk_of("household"), post=True),
    "duplicate-list": Route("page"),
    "duplicate-decide": Route("post", pk_of("pair"), post=True),
    "grassroots": Route("page", query="?period=2021Q1"),
    "session-list": Route("page", by_unit=True, query="?period=2021Q1"),
    "session-add": Route("page", post=True, ok=(200, 403)),
    "drive-detail": Route("scoped", pk_of("drive"), post=True),
    "key-areas": Route("page", by_unit=True, query="?period=2021Q1"),
    "incident-list": Route("page", by_unit=True),
    "incident-add": Route("page", post=True, ok=(200, 403)),
    "incident-detail": Route("scoped", pk_of("incident"), post=True),
    "note-list": Route("page", by_unit=True, query="?period=2021Q1"),
    "note-add": Route("page", post=True, ok=(200, 403)),
    "recommendation-list": Route("page", by_unit=True),
    "recommendation-add": Route("page", post=True, ok=(200, 403)),
    "recommendation-detail": Route("scoped", pk_of("recommendation"), post=True),
    "meeting-list": Route("page", by_unit=True),
    "meeting-add": Route("page", post=True, ok=(200, 403)),
    "meeting-detail": Route("scoped", pk_of("meeting"), post=True),
    "meeting-briefing": Route("post", pk_of("meeting"), post=True),
    "task-list": Route("page", by_unit=True, query="?state=all"),
    "task-detail": Route("scoped", pk_of("task"), post=True),
    "notifications": Route("page"),
    "job-list": Route("page"),
    "job-detail": Route("owner", pk_of("job")),
    "job-rerun": Route("post", pk_of("job"), post=True, writers=owner_of),
    "job-file": Route("scoped", pk_of("job")),
    "api-tokens": Route(
        "page",
        post=True,
        data=lambda m, s: {"action": "revoke", "token": m.token_a},
        writers=lambda s: {"commune_a"},
        scopes=("A",),
        note="a user revokes their own tokens only",
    ),
}


# --- the resolver ----------------------------------------------------------------------------


def page_routes() -> dict[str, str]:
    """Every named route of the site but the admin, the API, static files and the favicon:
    name → pattern."""
    found: dict[str, str] = {}

    def walk(patterns: list[Any], prefix: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern).removeprefix("^")
            if route.startswith(SKIP_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                assert entry.name, f"the route {route!r} has no name: name it and add it to ROUTES"
                found[entry.name] = route

    walk(get_resolver().url_patterns, "")
    return found


def test_every_route_is_in_the_table(db: None) -> None:
    routes = page_routes()
    missing = sorted(set(routes) - set(ROUTES))
    assert not missing, f"routes without a row in ROUTES (add them): {missing}"
    stale = sorted(set(ROUTES) - set(routes))
    assert not stale, f"rows of ROUTES without a route: {stale}"


# --- the run ---------------------------------------------------------------------------------

# The national unit list is loaded once and never written by a page; the sessions table
# changes with every request.
UNTRACKED = {"geo_adminunit", "geo_succession", "django_session"}


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every row, per table."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in UNTRACKED or model._meta.proxy:
            continue
        rows = model._default_manager.order_by("pk").values_list()
        digest = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
        state[table] = (len(rows), digest)
    return state


def url_for(name: str, route: Route, m: Matrix, scope: str, unit: AdminUnit | None = None) -> str:
    url = reverse(name, kwargs=route.args(m, scope)) + route.query
    if unit is not None:
        url += f"{'&' if route.query else '?'}unit={unit.pk}"
    return url


@dataclass
class Tally:
    requests: int = 0
    marker_checks: int = 0
    post_checks: int = 0
    failures: list[str] = field(default_factory=list)


def expect_get(name: str, route: Route, scope: str, persona: str) -> str:
    """'ok', 'denied', 'login' or 'not-allowed' (405) for this persona."""
    if route.get == "public":
        return "ok"
    if persona == "anonymous":
        return "login"
    if route.get == "post":
        return "not-allowed"
    if route.get == "page":
        return "ok"
    if route.get == "owner":
        return "ok" if persona in owner_of(scope) else "denied"
    key = "C" if name == "incident-detail" and scope == "C" else scope
    return "ok" if persona in SEES[key] else "denied"


def check_get(
    m: Matrix, name: str, route: Route, scope: str, tally: Tally, by_unit: bool = False
) -> None:
    url = url_for(name, route, m, scope, m.scopes[scope].unit if by_unit else None)
    for persona in PERSONAS:
        response = m.clients[persona].get(url)
        tally.requests += 1
        where = f"GET {name} ({url}) scope {scope} as {persona}"
        expected = expect_get(name, route, scope, persona)
        if by_unit and expected == "ok" and persona not in SEES[scope]:
            expected = "ok-or-denied"
        status = response.status_code
        if status >= 500:
            tally.failures.append(f"{where}: server error {status}")
            continue
        if expected == "login":
            if status != 302 or "/dang-nhap/" not in response["Location"]:
                tally.failures.append(f"{where}: {status}, not sent to the login")
            continue
        if expected == "not-allowed":
            if status != 405:
                tally.failures.append(f"{where}: {status}, expected 405")
            continue
        if expected == "ok-or-denied" and status in (403, 404):
            continue
        if expected == "denied":
            if status not in (403, 404):
                tally.failures.append(f"{where}: {status}, expected 403/404")
            continue
        if status not in (*route.ok, 302):
            tally.failures.append(f"{where}: {status}")
            continue
        if route.get == "public":
            continue
        text = response.content.decode(errors="replace") if not response.streaming else ""
        if response.streaming:
            text = b"".join(response.streaming_content).decode(errors="replace")  # type: ignore[attr-defined]
        for marker in m.markers_hidden_from(persona):
            tally.marker_checks += 1
            if marker in text:
                tally.failures.append(f"{where}: shows {marker}")


def check_post(m: Matrix, name: str, route: Route, tally: Tally) -> None:
    before = snapshot()
    for scope in route.scopes:
        allowed = route.writers(scope) if route.writers else WRITES[scope]
        url = url_for(name, route, m, scope)
        data = route.data(m, scope)
        for persona in PERSONAS:
            if persona in allowed:
                continue
            response = m.clients[persona].post(url, data)
            tally.requests += 1
            tally.post_checks += 1
            if response.status_code >= 500:
                tally.failures.append(f"POST {name} ({url}) as {persona}: server error")
    after = snapshot()
    changed = sorted(t for t in before if before[t] != after.get(t))
    if changed:
        tally.failures.append(f"POST {name} by a denied persona changed {changed}")


def test_every_route_by_every_persona(matrix: Matrix, capsys: Any) -> None:
    """One world for all routes (building it is the slow part); every failure is listed."""
    tally = Tally()
    for name, route in sorted(ROUTES.items()):
        if route.get != "post" or name == "logout":
            scopes = route.scopes if route.get in ("scoped", "owner") else ("A",)
            for scope in scopes:
                check_get(matrix, name, route, scope, tally)
            if route.get == "page" and route.by_unit:
                for scope in SCOPES:
                    check_get(matrix, name, route, scope, tally, by_unit=True)
        elif name != "logout":
            check_get(matrix, name, route, "A", tally)
    # The confidential incident: the province's approver only.
    confidential = Route("scoped", lambda m, s: {"pk": m.confidential.pk})
    check_get(matrix, "incident-detail", confidential, "C", tally)
    for name, route in sorted(ROUTES.items()):
        if route.post:
            check_post(matrix, name, route, tally)
    with capsys.disabled():
        print(
            f"\nroute matrix: {len(ROUTES)} routes × {len(PERSONAS)} personas; "
            f"{tally.requests} requests, {tally.marker_checks} marker checks, "
            f"{tally.post_checks} denied POSTs; {len(tally.failures)} failures"
        )
    assert tally.failures == [], "\n".join(tally.failures)

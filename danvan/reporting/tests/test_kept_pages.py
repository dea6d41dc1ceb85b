"""The leaders' pages kept in memory (core.pagecache), through HTTP, committed for real: a
page served again from memory is the page the data would give now, whatever changed it, and
it is never another user's page."""

import re

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danvan.conftest import PASSWORD, incident
from danvan.core.pagecache import written_table
from danvan.orgs.models import Notification
from danvan.reporting.loader import load_forms
from danvan.reporting.models import Report, ReportStatus
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.helpers import VALID, post_data
from danvan.situation.models import IncidentCategory

pytestmark = pytest.mark.usefixtures("april_2021")

QUERY = "?form=bc-quy&period=2021Q1"
DASHBOARD = f"/bang-dieu-khien/{QUERY}"
CONSOLIDATION = f"/tong-hop/{QUERY}"
APPROVED_ONLY = f"/tong-hop/{QUERY}&approved=1"


@pytest.fixture
def committed(national_units: None) -> None:
    """The forms and incident categories, which an earlier flush may have emptied."""
    load_forms(apps)
    IncidentCategory.objects.get_or_create(code="dat-dai", defaults={"name": "Đất đai"})


def _district_row(client: Client, url: str, table: str, bloc: Bloc) -> list[str]:
    district = bloc.world.commune_a_unit.parent
    assert district is not None
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td, th")]
        for row in soup.select(f"{table} tbody tr")
    ]
    return next(row for row in rows if row[0].startswith(district.name))


def _without_tokens(html: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html.decode())


def _submit(bloc: Bloc, report: Report, values: dict[str, str]) -> None:
    report.refresh_from_db()
    response = client_for(bloc.entry_a).post(
        f"/bao-cao/{report.pk}/", post_data(report, values, action="submit")
    )
    assert response.status_code == 302


def _decide(bloc: Bloc, report: Report, action: str, comment: str = "") -> None:
    client = client_for(bloc.approver)
    client.post(f"/bao-cao/{report.pk}/xu-ly/", {"action": action, "comment": comment})


@pytest.mark.django_db(transaction=True)
def test_a_kept_page_follows_every_step_of_the_workflow_on_the_next_request(
    committed: None, bloc: Bloc
) -> None:
    leader = client_for(bloc.approver)
    with CaptureQueriesContext(connection) as first:
        before = leader.get(DASHBOARD).content
    with CaptureQueriesContext(connection) as again:
        kept = leader.get(DASHBOARD).content
    # The same page, from memory: the session, the user and the data version only.
    assert _without_tokens(kept) == _without_tokens(before)
    assert len(again) <= 4 < len(first)
    assert "100" not in _district_row(leader, DASHBOARD, "#units-below", bloc)
    assert "100" not in _district_row(leader, CONSOLIDATION, "#by-unit", bloc)

    opened = client_for(bloc.entry_a).post(
        "/bao-cao/lap/", {"form": "bc-quy", "org": bloc.women_a.pk, "period": "2021Q1"}
    )
    assert opened.status_code == 302
    report = Report.objects.get(organization=bloc.women_a, period="2021Q1")
    _submit(bloc, report, VALID)  # 60 + 40 packages
    assert "100" in _district_row(leader, DASHBOARD, "#units-below", bloc)
    assert "100" in _district_row(leader, CONSOLIDATION, "#by-unit", bloc)
    assert "100" not in _district_row(leader, APPROVED_ONLY, "#by-unit", bloc)

    _decide(bloc, report, "return", "Tách theo nhóm.")
    assert "100" not in _district_row(leader, DASHBOARD, "#units-below", bloc)
    assert "100" not in _district_row(leader, CONSOLIDATION, "#by-unit", bloc)

    _submit(bloc, report, dict(VALID, **{"qua-suat/ho-ngheo": "70"}))
    assert "110" in _district_row(leader, CONSOLIDATION, "#by-unit", bloc)
    _decide(bloc, report, "approve")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert "110" in _district_row(leader, APPROVED_ONLY, "#by-unit", bloc)

    _decide(bloc, report, "reopen", "Sửa số quà.")
    assert "110" not in _district_row(leader, APPROVED_ONLY, "#by-unit", bloc)
    assert "110" not in _district_row(leader, DASHBOARD, "#units-below", bloc)


@pytest.mark.django_db(transaction=True)
def test_a_kept_dashboard_shows_new_field_work_and_read_notices(
    committed: None, bloc: Bloc
) -> None:
    leader = client_for(bloc.approver)

    def open_incidents() -> str:
        soup = BeautifulSoup(leader.get(DASHBOARD).content, "html.parser")
        found = soup.select_one("#open-incidents")
        assert found is not None
        return found.get_text(strip=True)

    assert open_incidents() == open_incidents() == "0"
    incident(bloc.world.commune_a_unit)
    assert open_incidents() == "1"

    # The officer's header counts unread notices; reading them shows on the kept page too.
    officer = client_for(bloc.entry_a)
    Notification.objects.create(
        user=bloc.entry_a, text="Báo cáo bị trả lại", url="/bao-cao/", key="tra-lai-1"
    )
    assert 'id="notices">Thông báo <span class="badge">1</span>' in officer.get(DASHBOARD).text
    assert 'class="badge">1<' in officer.get(DASHBOARD).text
    officer.post("/thong-bao/")
    assert 'class="badge"' not in officer.get(DASHBOARD).text.split('id="notices"')[1][:80]


@pytest.mark.django_db(transaction=True)
def test_a_kept_page_is_never_another_users_and_its_form_tokens_are_the_readers(
    committed: None, bloc: Bloc
) -> None:
    world = bloc.world
    province = client_for(world.province)
    province_page = province.get(DASHBOARD).text
    assert province.get(DASHBOARD).text.count(world.province_unit.name) == province_page.count(
        world.province_unit.name
    )
    # Another user asking for the very same address gets their own scope, not the kept page.
    commune = client_for(world.commune_a)
    commune_page = commune.get(DASHBOARD).text
    assert commune.get(DASHBOARD).text == commune_page or _without_tokens(
        commune.get(DASHBOARD).content
    ) == _without_tokens(commune_page.encode())
    source = BeautifulSoup(commune_page, "html.parser").select_one("#figures-source")
    assert source is not None and source.get_text().startswith(world.commune_a_unit.name)
    outsider = client_for(world.outsider).get(DASHBOARD).text
    assert world.commune_a_unit.name not in outsider
    assert "/dang-nhap/" in Client().get(DASHBOARD)["Location"]

    # The sign-out form of a page served from memory carries a token that this browser's
    # cookie accepts.
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(username=world.province.username, password=PASSWORD)
    browser.get(DASHBOARD)
    kept = browser.get(DASHBOARD).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept)
    assert token is not None
    assert browser.post("/dang-xuat/", {"csrfmiddlewaretoken": token.group(1)}).status_code == 302
    assert "/dang-nhap/" in browser.get(DASHBOARD)["Location"]


@pytest.mark.django_db(transaction=True)
def test_a_message_waiting_for_the_next_page_is_shown_on_a_kept_page(
    committed: None, bloc: Bloc
) -> None:
    leader = client_for(bloc.approver)
    explorer = f"/kham-pha/{QUERY}"
    leader.get(explorer)
    saved = leader.post(
        "/kham-pha/luu/", {"name": "Quà quý 1", "query": QUERY[1:]}, follow=True
    ).text
    assert "Đã lưu khung nhìn «Quà quý 1»" in saved
    assert "Quà quý 1" in leader.get(explorer).text  # the saved view is listed at once


def test_writes_are_told_from_reads_by_the_table_they_write() -> None:
    assert written_table('INSERT INTO "reporting_report" ("a") VALUES (%s)') == "reporting_report"
    assert written_table('INSERT OR IGNORE INTO "welfare_gift" ("a") VALUES (1)') == "welfare_gift"
    assert written_table('  UPDATE "orgs_notification" SET "read_at" = %s') == "orgs_notification"
    assert written_table("DELETE FROM reporting_rollup WHERE grain = %s") == "reporting_rollup"
    assert written_table("WITH x AS (SELECT 1) INSERT INTO reporting_rollup (a) SELECT 1") == (
        "reporting_rollup"
    )
    assert written_table('SELECT "id" FROM "reporting_report" FOR UPDATE') is None
    assert written_table('SELECT "updated_at" FROM "x" WHERE "y" = \'UPDATE z\'') is None
    assert written_table("WITH x AS (SELECT 1) SELECT * FROM x") is None

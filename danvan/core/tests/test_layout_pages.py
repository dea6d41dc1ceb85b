"""What the layout puts in the page, through HTTP: a job's bar shows the job's real count
(written so a browser reads it) and never moves when nothing is counted; the phone menu's toggle
needs no script; a commune officer's breadcrumbs link only to pages they may open."""

import datetime as dt
import re

from django.utils import timezone

from danvan.conftest import World
from danvan.jobs.models import Job, JobKind, JobState
from danvan.reporting.tests.conftest import client_for

LINK = re.compile(r'href="(/don-vi/\d+/)"')


def job_of(world: World, **state: object) -> Job:
    return Job.objects.create(
        kind=JobKind.REPORT_DOCUMENT,
        title="Lập văn bản báo cáo tổng hợp",
        user=world.commune_a,
        scope_path=world.commune_a_unit.path,
        **state,
    )


def test_a_job_bar_shows_its_real_count_and_never_moves_when_nothing_is_counted(
    world: World,
) -> None:
    client = client_for(world.commune_a)
    now = timezone.now()
    counting = job_of(
        world, state=JobState.RUNNING, step="Cộng số liệu", done=1500, total=3000, started_at=now
    )
    page = client.get(f"/viec/{counting.pk}/").content.decode()
    # 1500 written the Vietnamese way ("1.500") would be read by the browser as 1,5.
    assert '<progress id="job-progress" value="1500" max="3000">50%</progress>' in page
    assert "Cộng số liệu: 1.500/3.000" in page  # the text for people stays Vietnamese
    fragment = client.get(f"/viec/{counting.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'value="1500" max="3000"' in fragment

    # A bar with no value is drawn as endless motion: none before the job counts anything,
    # none once it has stalled, none while it waits or after it is over.
    stalled = {"started_at": now - dt.timedelta(hours=2), "done": 10, "total": 3000}
    for state in (
        {"state": JobState.RUNNING, "step": "Đang chuẩn bị", "started_at": now},
        {"state": JobState.RUNNING, **stalled},
        {"state": JobState.QUEUED},
        {"state": JobState.DONE, "done": 3000, "total": 3000, "message": "Đã lập xong."},
        {"state": JobState.FAILED, "error": "Không đọc được mẫu văn bản."},
    ):
        page = client.get(f"/viec/{job_of(world, **state).pk}/").content.decode()
        assert "<progress" not in page, state
        if state.get("started_at") == stalled["started_at"]:
            assert "Việc đứng yên quá lâu" in page and "Chạy lại" in page


def test_a_commune_officers_breadcrumbs_link_only_to_pages_they_may_open(world: World) -> None:
    commune = world.commune_a_unit
    district = commune.parent
    assert district is not None and district.parent is not None
    province = district.parent
    officer = client_for(world.commune_a)
    page = officer.get(f"/don-vi/{commune.pk}/").content.decode()
    crumbs = page.split('<nav class="crumbs"', 1)[1].split("</nav>", 1)[0]
    assert district.name in crumbs and province.name in crumbs  # named, for orientation
    assert f'href="/don-vi/{district.pk}/"' not in crumbs
    assert f'href="/don-vi/{province.pk}/"' not in crumbs
    assert officer.get(f"/don-vi/{district.pk}/").status_code == 404
    for link in LINK.findall(page):
        assert officer.get(link).status_code == 200, link

    # The province officer may open the district: there it is a link.
    page = client_for(world.province).get(f"/don-vi/{commune.pk}/").content.decode()
    crumbs = page.split('<nav class="crumbs"', 1)[1].split("</nav>", 1)[0]
    assert f'href="/don-vi/{district.pk}/"' in crumbs


def test_the_phone_menu_opens_without_a_script(world: World) -> None:
    page = client_for(world.province).get("/").content.decode()
    assert '<input type="checkbox" id="menu-toggle"' in page
    assert (
        '<label for="menu-toggle" class="menu-button" id="menu-button">☰ Chức năng</label>' in page
    )
    assert '<nav class="main-nav" id="main-menu"' in page
    # The page's policy allows no inline script or style: none is written.
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "<style" not in page and " style=" not in page and " onclick=" not in page

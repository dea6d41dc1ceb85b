"""The report page's index of parts and its action bar, by persona: each sees the buttons their
role allows, tied to the form they submit, and the buttons work from the bar."""

import re

import pytest

from danvan.reporting.models import Report, ReportStatus
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.helpers import VALID, post_data, stored
from danvan.reporting.tests.test_entry_workflow import open_report

pytestmark = pytest.mark.usefixtures("april_2021")
BUTTON = re.compile(r'<button type="submit" form="([\w-]+)" name="action" value="(\w+)"')


def bar(page: str) -> list[tuple[str, str]]:
    """The (form, action) of each button in the action bar; [] when there is no bar."""
    if 'id="report-actions"' not in page:
        return []
    return BUTTON.findall(page.split('id="report-actions"', 1)[1].split("</div>", 1)[0])


def test_each_role_finds_its_own_buttons_in_the_bar(bloc: Bloc) -> None:
    report = open_report(bloc)
    url = f"/bao-cao/{report.pk}/"
    page = client_for(bloc.entry_a).get(url).content.decode()
    assert bar(page) == [("entry-form", "save"), ("entry-form", "submit")]
    # The index names the six sections and the narrative parts, each an anchor on the page.
    index = page.split('id="section-index"', 1)[1].split("</nav>", 1)[0]
    anchors = re.findall(r'href="#([\w-]+)"', index)
    assert anchors[:6] == [f"section-{n}" for n in range(1, 7)]
    assert "II. Tuyên truyền" in index and "Lịch sử" in index
    for anchor in anchors:
        assert f'id="{anchor}"' in page, anchor
    # Nothing to decide yet: the approver has no bar on a draft.
    assert bar(client_for(bloc.approver).get(url).content.decode()) == []

    client_for(bloc.entry_a).post(url, post_data(report, VALID, action="submit"))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert bar(client_for(bloc.entry_a).get(url).content.decode()) == []  # sent: read only
    assert bar(client_for(bloc.reviewer).get(url).content.decode()) == [("decide-form", "return")]
    approver_page = client_for(bloc.approver).get(url).content.decode()
    assert bar(approver_page) == [("decide-form", "return"), ("decide-form", "approve")]
    assert (
        '<form method="post" action="/bao-cao/' in approver_page
        and 'id="decide-form"' in approver_page
    )
    # Others see no bar: a viewer of the province, and no one outside reaches the page.
    assert bar(client_for(bloc.world.province).get(url).content.decode()) == []
    assert client_for(bloc.entry_b).get(url).status_code == 404

    client_for(bloc.approver).post(f"{url}xu-ly/", {"action": "approve"})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert bar(client_for(bloc.approver).get(url).content.decode()) == [("decide-form", "reopen")]
    assert bar(client_for(bloc.reviewer).get(url).content.decode()) == []


def test_a_section_with_an_error_is_marked_in_the_index(bloc: Bloc) -> None:
    report = open_report(bloc)
    values = dict(VALID, **{"tt-buoi": "74,000"})  # ambiguous: refused at the field
    page = (
        client_for(bloc.entry_a)
        .post(f"/bao-cao/{report.pk}/", post_data(report, values, action="save"))
        .content.decode()
    )
    index = page.split('id="section-index"', 1)[1].split("</nav>", 1)[0]
    marked = re.findall(r'href="#(section-\d)">[^<]*</a> <span class="req">\(có lỗi\)', index)
    assert marked == ["section-2"]  # II. Tuyên truyền
    assert stored(Report.objects.get(pk=report.pk), "tt-buoi") is None


def test_a_required_figure_with_groups_is_marked_once_and_says_one_group_is_enough(
    bloc: Bloc,
) -> None:
    """Sending asks one group of a required broken-down figure (0 for none), so the form
    marks it once with that rule, not every box as if each had to be filled."""
    report = open_report(bloc)
    page = client_for(bloc.entry_a).get(f"/bao-cao/{report.pk}/").content.decode()
    fields = page.split('<div class="field')[1:]
    groups: dict[str, list[str]] = {}
    for field in fields:
        name = re.search(r'<label for="(v-\d+)(?:-\d+)?">', field)
        if name:
            groups.setdefault(name.group(1), []).append(field.split("</label>", 1)[0])
    broken_down = [labels for labels in groups.values() if len(labels) > 1]
    required = [labels for labels in broken_down if any('class="req"' in x for x in labels)]
    assert required, "the form has a required figure with groups"
    for labels in required:
        assert 'class="req"' in labels[0] and "ít nhất một nhóm" in labels[0]
        assert not any('class="req"' in x for x in labels[1:])

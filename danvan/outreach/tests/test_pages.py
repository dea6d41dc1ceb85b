"""Grassroots pages through HTTP, per persona: scoping of every list and export, the
confidential incident, each status change, sessions, notes, recommendations, meetings, tasks
and notifications."""

import datetime as dt
import io
import re

import time_machine
from openpyxl import load_workbook

from danvan.conftest import People
from danvan.geo.models import AdminUnit
from danvan.outreach.models import Drive, Milestone, Progress, PropagandaSession, Topic
from danvan.reporting.tests.conftest import client_for
from danvan.situation.models import Incident, KeyArea

D = dt.date


def test_session_totals_by_topic_and_key_area_flag(recorded: People, march_2021: None) -> None:
    w = recorded.world
    KeyArea.objects.create(unit=w.commune_a_unit, reason="Vùng đồng bào", valid_from=D(2020, 1, 1))
    client = client_for(recorded.writer_a)
    response = client.post(
        "/co-so/tuyen-truyen/them/",
        {
            "held_on": "15/03/2021", "organization": w.commune_a_org.pk,
            "unit": w.commune_a_unit.pk, "village": "Buôn Ea Bông",
            "topics": [Topic.objects.get(code="bau-cu").pk], "format": "home_visit",
            "audience": "35", "language": "ede",
        },
    )  # fmt: skip
    assert response.status_code == 302
    made = PropagandaSession.objects.latest("pk")
    assert made.in_key_area and made.language == "ede" and made.created_by == recorded.writer_a
    page = client_for(w.province).get("/co-so/tuyen-truyen/?period=2021Q1").content.decode()
    assert 'id="total-sessions">3<' in page and 'id="total-people">200<' in page
    coverage = client_for(w.province).get("/co-so/trong-diem/?period=2021Q1").content.decode()
    assert "Địa bàn trọng điểm" in coverage and ">155<" in coverage  # 120 + 35 in the key area


def test_session_form_explains_a_wrong_date_and_number(recorded: People, march_2021: None) -> None:
    w = recorded.world
    response = client_for(recorded.writer_a).post(
        "/co-so/tuyen-truyen/them/",
        {
            "held_on": "2021/15/03", "organization": w.commune_a_org.pk,
            "unit": w.commune_a_unit.pk, "topics": [Topic.objects.get(code="bau-cu").pk],
            "format": "meeting", "audience": "ba mươi", "language": "vi",
        },
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "Ngày không hợp lệ: chọn trên lịch" in page
    assert PropagandaSession.objects.count() == 2


def test_drive_progress_table_shows_key_areas_and_who_is_behind(
    recorded: People, march_2021: None
) -> None:
    w = recorded.world
    province = AdminUnit.objects.by_code("66", D(2021, 3, 31))
    drive = Drive.objects.create(
        name="Bầu cử 2021", unit=province, starts_on=D(2021, 1, 1), ends_on=D(2021, 5, 23)
    )
    first = Milestone.objects.create(
        drive=drive, title="Hiệp thương lần hai", due_on=D(2021, 3, 17)
    )
    Milestone.objects.create(drive=drive, title="Niêm yết", due_on=D(2021, 4, 13), order=1)
    KeyArea.objects.create(unit=w.commune_b_unit, reason="Vùng sâu", valid_from=D(2020, 1, 1))
    writer = client_for(recorded.writer_a)
    url = f"/co-so/van-dong/{drive.pk}/"
    response = writer.post(
        url, {"milestone": first.pk, "unit": w.commune_a_unit.pk, "percent": "100"}
    )
    assert response.status_code == 302
    assert Progress.objects.get(unit=w.commune_a_unit).percent == 100
    bad = writer.post(
        url, {"milestone": first.pk, "unit": w.commune_a_unit.pk, "percent": "120"}, follow=True
    )
    assert "từ 0 đến 100" in bad.content.decode()
    assert (
        client_for(recorded.writer_b)
        .post(url, {"milestone": first.pk, "unit": w.commune_a_unit.pk, "percent": "0"})
        .status_code
        == 404
    )
    page = client_for(w.province).get(f"{url}?unit={w.commune_a_unit.parent_id}").content.decode()
    rows = page.split('data-unit="')[1:]
    assert rows[0].startswith(w.commune_b_unit.code)  # the key area comes first, and is behind
    assert "(trọng điểm)" in rows[0] and "chậm" in rows[0]
    row_a = next(r for r in rows if r.startswith(w.commune_a_unit.code))
    assert "chậm" not in row_a
    export = client_for(w.province).get(f"{url}?unit={w.commune_a_unit.parent_id}&format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[2]][:3] == [w.commune_b_unit.name, "Có", "Có"]
    assert [c.value for c in sheet[1]][3:] == ["Hiệp thương lần hai", "Niêm yết"]


def test_recorded_work_is_suggested_on_the_periodic_report(recorded: People) -> None:
    from danvan.core.periods import Period
    from danvan.reporting.models import Report, ReportForm
    from danvan.reporting.tests.helpers import field

    w = recorded.world
    made = Incident.objects.get(title="Vụ ở Thành Công")
    with time_machine.travel(dt.datetime(2021, 3, 25, 9, tzinfo=dt.UTC), tick=False):
        client_for(recorded.writer_a).post(
            f"/co-so/vu-viec/{made.pk}/",
            {"text": "Hòa giải thành.", "status": "resolved", "organization": w.commune_a_org.pk},
        )
    report = Report.new(
        ReportForm.objects.get(code="bc-quy"), w.commune_a_org, Period.parse("2021Q1")
    )
    report.save()
    with time_machine.travel(dt.datetime(2021, 4, 2, 9, tzinfo=dt.UTC), tick=False):
        page = client_for(recorded.writer_a).get(f"/bao-cao/{report.pk}/").content.decode()
        assert "Sổ tuyên truyền: 1" in page  # one session
        assert "Sổ vụ việc, kiến nghị: 1" in page  # one incident worked on and resolved
        assert "Sổ tuyên truyền: 120" in page  # its audience
        filled = (
            client_for(recorded.writer_a)
            .post(f"/bao-cao/{report.pk}/", {"action": "suggest", "version": str(report.version)})
            .content.decode()
        )
    assert f'name="{field("tt-luot-nguoi")}"' in filled and 'value="120"' in filled
    assert f'name="{field("vv-giai-quyet")}"' in filled
    report.refresh_from_db()
    assert not report.values.exists()  # nothing saved until the officer presses save


def test_session_form_counts_people_the_vietnamese_way_and_groups_its_choices(
    recorded: People, march_2021: None
) -> None:
    w = recorded.world
    client = client_for(recorded.writer_a)
    page = client.get("/co-so/tuyen-truyen/them/").content.decode()
    # The count is a text box with the keypad that has "." (1.200 people), not a number box.
    box = re.search(r'<input [^>]*name="audience"[^>]*>', page)
    assert box and 'type="text"' in box[0] and 'inputmode="decimal"' in box[0]
    assert 'type="number"' not in page
    # The topics are one question: a group with its title, not a label pointing at no box; the
    # lone checkbox sits inside its own label.
    assert re.search(r'<fieldset class="choices"><legend>Chủ đề <span class="req">\*</span>', page)
    assert '<label for="">' not in page and '<label for="id_topics">' not in page
    assert re.search(r'<label class="check" for="id_in_key_area"><input type="checkbox"', page)
    data = {
        "held_on": "15/03/2021", "organization": w.commune_a_org.pk,
        "unit": w.commune_a_unit.pk, "topics": [Topic.objects.get(code="bau-cu").pk],
        "format": "meeting", "audience": "1,5", "language": "vi",
    }  # fmt: skip
    page = client.post("/co-so/tuyen-truyen/them/", data).content.decode()
    assert "Số này phải là số nguyên" in page and PropagandaSession.objects.count() == 2
    assert client.post("/co-so/tuyen-truyen/them/", data | {"audience": "1.200"}).status_code == 302
    assert PropagandaSession.objects.latest("pk").audience == 1200

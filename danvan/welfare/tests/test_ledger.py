"""The welfare ledger through HTTP, by persona: upload, preview, confirm; the same file twice;
bad rows; a crash halfway; scope; CCCD masking; duplicates across organizations; coverage."""

import contextlib
import datetime as dt
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from openpyxl import Workbook

from danvan.conftest import World, make_org, make_user
from danvan.geo.models import AdminUnit
from danvan.jobs.actions import rerun_job
from danvan.jobs.models import Job, JobState
from danvan.jobs.testing import work_off
from danvan.orgs.models import Organization, OrgKind, RoleKind, User
from danvan.reporting.tests.conftest import client_for
from danvan.welfare import actions
from danvan.welfare.dedup import percent_text
from danvan.welfare.fastinsert import Columns
from danvan.welfare.importer import TEMPLATE_HEADERS
from danvan.welfare.models import (
    Campaign,
    CampaignKind,
    Distribution,
    DuplicatePair,
    Household,
    NationalIdView,
    PairStatus,
)


@dataclass
class Ledger:
    world: World
    campaign: Campaign
    women_a: Organization
    entry_a: User
    entry_front_a: User
    entry_b: User
    viewer_a: User


@pytest.fixture
def ledger(world: World) -> Ledger:
    district = world.commune_a_unit.parent
    assert isinstance(district, AdminUnit)
    organizer = make_org(OrgKind.FRONT, district)
    women_a = make_org(OrgKind.WOMEN, world.commune_a_unit)
    campaign = Campaign.objects.create(
        name="Chăm lo Tết Tân Sửu 2021",
        kind=CampaignKind.TET,
        starts=dt.date(2021, 1, 15),
        ends=dt.date(2021, 2, 11),
        organizer=organizer,
        unit=district,
        target_groups=["ho-ngheo", "can-ngheo", "nguoi-co-cong"],
    )
    return Ledger(
        world=world,
        campaign=campaign,
        women_a=women_a,
        entry_a=make_user("phunu_a", women_a, RoleKind.DATA_ENTRY),
        entry_front_a=make_user("mttq_a", world.commune_a_org, RoleKind.DATA_ENTRY),
        entry_b=make_user("mttq_b", world.commune_b_org, RoleKind.DATA_ENTRY),
        viewer_a=make_user("xem_a", world.commune_a_org, RoleKind.VIEWER),
    )


ROWS = [
    ["Nguyễn Văn Hùng", 1960, "Nam", "066060012345", "0905123456", "Thôn 3", "", "Hộ nghèo",
     "05/02/2021", "Quà", 1, "suất", "500.000", "Quỹ Vì người nghèo", ""],
    ["Trần Thị Lan", 1975, "Nữ", "", "", "Thôn 1", "", "Cận nghèo", "06/02/2021", "Quà", 1,
     "suất", "400.000", "Ngân sách", ""],
    ["", "", "", "", "", "", "", "Hộ nghèo", "07/02/2021", "Quà", 30, "suất", "12.000.000",
     "Doanh nghiệp", 30],
]  # fmt: skip


def workbook(rows: list[list[object]], title: str = "DANH SÁCH HỘ NHẬN QUÀ TẾT") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([title])
    sheet.append(TEMPLATE_HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(user: User, ledger: Ledger, content: bytes, giver: Organization) -> str:
    response = client_for(user).post(
        f"/cham-lo/{ledger.campaign.pk}/nhap/",
        {"giver": giver.pk, "file": SimpleUploadedFile("ds.xlsx", content)},
    )
    assert response.status_code == 200
    return response.content.decode()


def confirm(user: User, ledger: Ledger) -> str:
    """Confirm the user's preview, let the worker run the job, and read the job's page."""
    batch = ledger.campaign.batches.filter(uploaded_by=user, confirmed_at=None).get()
    client = client_for(user)
    response = client.post(f"/cham-lo/{ledger.campaign.pk}/nhap/", {"batch": batch.pk})
    if not response["Location"].startswith("/viec/"):
        return client.get(response["Location"]).content.decode()
    work_off()
    return client.get(response["Location"]).content.decode()


def test_preview_then_confirm_records_the_list(ledger: Ledger) -> None:
    page = upload(ledger.entry_a, ledger, workbook(ROWS), ledger.women_a)
    assert 'id="preview"' in page and "Xác nhận nhập 3 dòng" in page
    assert not Distribution.objects.exists()  # a preview saves nothing
    page = confirm(ledger.entry_a, ledger)
    assert "Đã nhập 3 lượt trao (2 hộ mới)" in page
    totals = Distribution.objects.aggregate(q=Sum("quantity"), v=Sum("value_vnd"))
    assert totals == {"q": 32, "v": 12_900_000}
    hung = Household.objects.get(head_name="Nguyễn Văn Hùng")
    assert hung.commune == ledger.world.commune_a_unit  # the officer's own commune
    assert list(hung.groups.values_list("group", flat=True)) == ["ho-ngheo"]
    bulk = Distribution.objects.get(household=None)
    assert (bulk.households, bulk.target_group) == (30, "ho-ngheo")
    detail = client_for(ledger.entry_a).get(f"/cham-lo/{ledger.campaign.pk}/").content.decode()
    assert "12.900.000" in detail


def test_the_same_file_twice_is_refused_and_nothing_doubles(ledger: Ledger) -> None:
    content = workbook(ROWS)
    upload(ledger.entry_a, ledger, content, ledger.women_a)
    confirm(ledger.entry_a, ledger)
    page = upload(ledger.entry_a, ledger, content, ledger.women_a)
    assert "Tệp này đã được nhập lúc" in page and "Không nhập lại" in page
    # The same lines in another file are recognised and skipped.
    page = upload(ledger.entry_a, ledger, workbook(ROWS, title="DANH SÁCH (BẢN SỬA)"),
                  ledger.women_a)  # fmt: skip
    assert "3 dòng đã có trong sổ, sẽ bỏ qua" in page
    confirm(ledger.entry_a, ledger)
    assert Distribution.objects.count() == 3


def test_a_list_with_errors_saves_nothing_and_names_each_row(ledger: Ledger) -> None:
    bad = [
        *ROWS[:1],
        ["Lê Văn Tám", "19x0", "Nam", "", "", "Thôn 2", "", "Hộ giàu", "05/02/2021", "Quà", 1,
         "suất", "74,000", "", ""],
        ROWS[0],  # the same line twice
    ]  # fmt: skip
    page = upload(ledger.entry_a, ledger, workbook(bad), ledger.women_a)
    assert "2 dòng có lỗi; chưa nhập gì" in page
    assert "Dòng 4</a> (Lê Văn Tám)" in page and "Năm sinh “19x0” không hợp lệ" in page
    assert "Dòng 5</a> (Nguyễn Văn Hùng): Trùng hệt dòng 3" in page
    assert "Xác nhận nhập" not in page
    # The table under the list holds the two bad rows, each flagged and reached from its error
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "Chỉ hiện 2 dòng có lỗi" in page
    assert table.count("<tr") == 2 and table.count('<span class="row-flag">Lỗi</span>') == 2
    assert '<a href="#dong-4">Dòng 4</a>' in page and 'class="has-error" id="dong-4"' in table
    assert "Lê Văn Tám" in table and "Nguyễn Văn Hùng" in table
    # a cell that could not be read says so, rather than showing a value of 0 or nothing
    bad_row = table.split('id="dong-4"', 1)[1].split("</tr>", 1)[0]
    assert bad_row.count('cell-error">sai</td>') == 3  # year, group and value; not the village
    assert '<td class="num">0</td>' not in bad_row
    page = confirm(ledger.entry_a, ledger)
    assert "còn 2 dòng lỗi" in page
    assert not Distribution.objects.exists() and not Household.objects.exists()


def test_a_crash_halfway_leaves_nothing(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    upload(ledger.entry_a, ledger, workbook(ROWS), ledger.women_a)

    write = actions.insert_rows

    def power_cut(columns: Columns, *args: Any, **kwargs: Any) -> int:
        if columns.model is Distribution:
            raise RuntimeError("mất điện giữa chừng")
        return write(columns, *args, **kwargs)

    monkeypatch.setattr(actions, "insert_rows", power_cut)
    page = confirm(ledger.entry_a, ledger)
    assert "Không thành công" in page and "chưa ghi gì" in page  # the job says so, in Vietnamese
    assert not Household.objects.exists()  # created before the crash, rolled back with it
    assert ledger.campaign.batches.get().confirmed_at is None


def test_an_unreadable_file_is_refused_in_vietnamese(ledger: Ledger) -> None:
    page = upload(ledger.entry_a, ledger, b"this is not excel", ledger.women_a)
    assert "không phải tệp Excel .xlsx hợp lệ" in page


def test_scope_insider_neighbour_outsider_anonymous(ledger: Ledger) -> None:
    upload(ledger.entry_a, ledger, workbook(ROWS), ledger.women_a)
    confirm(ledger.entry_a, ledger)
    hung = Household.objects.get(head_name="Nguyễn Văn Hùng")
    campaign = ledger.campaign.pk
    inside = client_for(ledger.entry_a)
    found = inside.get("/ho/?q=nguyen van hung").content.decode()
    assert "Nguyễn Văn Hùng" in found and "<td>1960</td>" in found  # a year, not "1.960"
    assert inside.get(f"/ho/{hung.pk}/").status_code == 200
    neighbour = client_for(ledger.entry_b)  # commune B, same campaign
    assert neighbour.get(f"/cham-lo/{campaign}/").status_code == 200
    assert "Nguyễn Văn Hùng" not in neighbour.get("/ho/?q=nguyen").content.decode()
    assert "Nguyễn Văn Hùng" not in neighbour.get("/ho/?format=csv").content.decode()
    export = inside.get("/ho/?format=csv").content.decode("utf-8-sig")
    assert "Nguyễn Văn Hùng,1960,Nam,0660******45,Thôn 3" in export
    assert neighbour.get(f"/ho/{hung.pk}/").status_code == 404
    coverage = neighbour.get(f"/cham-lo/{campaign}/bao-phu/").content.decode()
    assert "Nguyễn Văn Hùng" not in coverage and "12.900.000" not in coverage
    province = client_for(ledger.world.province)  # today's province sees the 2021 communes
    assert "Nguyễn Văn Hùng" in province.get("/ho/").content.decode()
    outsider = client_for(ledger.world.outsider)
    assert outsider.get(f"/cham-lo/{campaign}/").status_code == 404
    assert outsider.get(f"/ho/{hung.pk}/").status_code == 404
    assert "Nguyễn Văn Hùng" not in outsider.get("/ho/").content.decode()
    assert client_for(None).get("/ho/").status_code == 302
    # Uploading for another organization is refused.
    response = client_for(ledger.entry_b).post(
        f"/cham-lo/{campaign}/nhap/",
        {"giver": ledger.women_a.pk, "file": SimpleUploadedFile("x.xlsx", workbook(ROWS))},
    )
    assert response.status_code == 403


def test_cccd_is_masked_and_every_full_view_is_logged(ledger: Ledger) -> None:
    upload(ledger.entry_a, ledger, workbook(ROWS), ledger.women_a)
    confirm(ledger.entry_a, ledger)
    hung = Household.objects.get(head_name="Nguyễn Văn Hùng")
    viewer = client_for(ledger.viewer_a)
    page = viewer.get(f"/ho/{hung.pk}/").content.decode()
    assert "0660******45" in page and "066060012345" not in page
    assert "Xem số CCCD đầy đủ" not in page
    assert viewer.post(f"/ho/{hung.pk}/").status_code == 403
    assert "066060012345" not in viewer.get("/ho/").content.decode()
    page = client_for(ledger.entry_a).post(f"/ho/{hung.pk}/").content.decode()
    assert '<dd id="national-id">066060012345</dd>' in page
    view = NationalIdView.objects.get()
    assert (view.household, view.user) == (hung, ledger.entry_a)


def test_duplicates_across_organizations_are_reviewed_merged_and_unmerged(
    ledger: Ledger,
) -> None:
    upload(ledger.entry_a, ledger, workbook(ROWS[:1]), ledger.women_a)
    confirm(ledger.entry_a, ledger)
    # The Front gave to the same man and typed his name without diacritics, without CCCD.
    same = [["Nguyen Van Hung", 1960, "Nam", "", "0905 123 456", "Thôn 3", "", "Hộ nghèo",
             "08/02/2021", "Quà", 1, "suất", "300.000", "", ""]]  # fmt: skip
    upload(ledger.entry_front_a, ledger, workbook(same), ledger.world.commune_a_org)
    page = confirm(ledger.entry_front_a, ledger)
    assert "1 cặp hộ nghi trùng" in page
    assert Household.objects.count() == 2  # nothing merged without a person
    pair = DuplicatePair.objects.get()
    assert "trùng số điện thoại" in pair.reasons
    listing = client_for(ledger.entry_a).get("/ho/trung/").content.decode()
    assert "Nguyen Van Hung" in listing and "Nguyễn Văn Hùng" in listing
    # The score is read as a chance, 0–100 %, beside the threshold.
    shown = percent_text(float(pair.score))
    assert f'<strong class="percent">{shown}</strong> (từ ngưỡng 98,5%)' in listing
    assert "từ 98,5% trở lên" in listing and "cặp từ 88,9%" in listing
    assert "Nguyen Van Hung" not in client_for(ledger.entry_b).get("/ho/trung/").content.decode()

    coverage = f"/cham-lo/{ledger.campaign.pk}/bao-phu/"
    client_for(ledger.entry_a).post(f"/ho/trung/{pair.pk}/", {"action": "merge"})
    pair.refresh_from_db()
    assert pair.status == PairStatus.MERGED
    assert Household.objects.get(head_name="Nguyen Van Hung").merged_into is not None
    page = client_for(ledger.entry_a).get(coverage).content.decode()
    assert '<dd id="repeated">1</dd>' in page  # gifts from two organizations, now seen

    client_for(ledger.entry_a).post(f"/ho/trung/{pair.pk}/", {"action": "unmerge"})
    assert Household.objects.filter(merged_into__isnull=False).count() == 0
    assert list(pair.events.values_list("action", flat=True)) == ["merge", "unmerge"]
    page = client_for(ledger.entry_a).get(coverage).content.decode()
    assert '<dd id="repeated">0</dd>' in page
    assert (
        client_for(ledger.viewer_a).post(f"/ho/trung/{pair.pk}/", {"action": "merge"}).status_code
        == 403
    )


def test_coverage_lists_eligible_households_that_got_nothing(ledger: Ledger) -> None:
    upload(ledger.entry_a, ledger, workbook(ROWS), ledger.women_a)
    confirm(ledger.entry_a, ledger)
    # Known poor household that no list mentions this time.
    other = Campaign.objects.create(
        name="Giáp hạt", kind=CampaignKind.LEAN_SEASON, starts=dt.date(2021, 3, 1),
        ends=dt.date(2021, 3, 31), organizer=ledger.campaign.organizer,
        unit=ledger.campaign.unit, target_groups=["ho-ngheo"],
    )  # fmt: skip
    page = client_for(ledger.entry_a).get(f"/cham-lo/{other.pk}/bao-phu/").content.decode()
    assert '<dd id="eligible">1</dd>' in page and '<dd id="uncovered">1</dd>' in page
    assert "Nguyễn Văn Hùng" in page
    page = (
        client_for(ledger.entry_a).get(f"/cham-lo/{ledger.campaign.pk}/bao-phu/").content.decode()
    )
    assert '<dd id="eligible">2</dd>' in page and '<dd id="uncovered">0</dd>' in page
    # One commune of the campaign's area, chosen by the province.
    province = client_for(ledger.world.province)
    url = f"/cham-lo/{other.pk}/bao-phu/"
    assert '<dd id="uncovered">1</dd>' in province.get(url).content.decode()
    b = ledger.world.commune_b_unit.pk
    page = province.get(f"{url}?unit={b}").content.decode()
    assert '<dd id="uncovered">0</dd>' in page and "Nguyễn Văn Hùng" not in page


def test_one_line_typed_by_hand(ledger: Ledger) -> None:
    url = f"/cham-lo/{ledger.campaign.pk}/them/"
    data = {"giver": ledger.women_a.pk, "name": "Võ Thị Sen", "birth_year": "1950",
            "groups": "Người có công", "date": "03/02/2021", "kind": "Quà", "quantity": "1",
            "value": "1.000.000"}  # fmt: skip
    client_for(ledger.entry_a).post(url, data)
    line = Distribution.objects.get()
    assert (line.value_vnd, line.target_group) == (1_000_000, "nguoi-co-cong")
    page = client_for(ledger.entry_a).post(url, data).content.decode()
    assert "Lượt trao này đã được ghi" in page
    page = client_for(ledger.entry_a).post(url, data | {"value": "1,000,000"}).content.decode()
    assert "Trị giá: Số “1,000,000” viết theo kiểu tiếng Anh" in page
    assert Distribution.objects.count() == 1


def test_households_dedup_command_on_a_list(tmp_path: object) -> None:
    path = f"{tmp_path}/ds.csv"
    lines = [
        ",".join(TEMPLATE_HEADERS),
        "Nguyễn Văn Hùng,1960,Nam,066060012345,,Thôn 3,Hòa Phú,Hộ nghèo,,,,,,,",
        "Trần Thị Lan,1975,Nữ,,,Thôn 1,Hòa Phú,,,,,,,,",
        "NGUYEN VAN HUNG,1960,Nam,,,Thôn 3,Hòa Phú,,,,,,,,",
        "Lan Trần Thị,1975,Nữ,,,Thôn 1,Hòa Phú,,,,,,,,",
    ]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))
    out = io.StringIO()
    call_command("households", "dedup", path, "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"clusters": [[1, 3], [2, 4]]}


def test_ledger_totals_are_offered_to_the_periodic_report(ledger: Ledger) -> None:
    import time_machine

    from danvan.core.periods import Period
    from danvan.reporting.models import Report, ReportForm
    from danvan.reporting.tests.helpers import field, stored

    upload(ledger.entry_a, ledger, workbook(ROWS), ledger.women_a)
    confirm(ledger.entry_a, ledger)
    report = Report.new(
        ReportForm.objects.get(code="bc-quy"), ledger.women_a, Period.parse("2021Q1")
    )
    report.save()
    url = f"/bao-cao/{report.pk}/"
    with time_machine.travel("2021-04-02 09:00 +0700", tick=False):
        client = client_for(ledger.entry_a)
        page = client.get(url).content.decode()
        assert "Sổ chăm lo: 31" in page  # packages to poor households: 1 named + 30 in bulk
        page = client.post(url, {"version": report.version, "action": "suggest",
                                 field("tt-buoi"): "4"}).content.decode()  # fmt: skip
        assert f'name="{field("qua-suat/ho-ngheo")}" value="31"' in page
        assert f'name="{field("qua-tri-gia/can-ngheo")}" value="400.000"' in page
        assert f'name="{field("tt-buoi")}" value="4"' in page  # what was typed stays
        assert stored(report, "qua-suat/ho-ngheo") is None  # nothing saved until confirmed


def test_list_pages_query_counts_do_not_grow_with_the_rows(ledger: Ledger) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts() -> list[int]:
        client = client_for(ledger.entry_a)
        found = []
        for url in ["/ho/", "/cham-lo/", f"/cham-lo/{ledger.campaign.pk}/",
                    f"/cham-lo/{ledger.campaign.pk}/bao-phu/", "/ho/trung/"]:  # fmt: skip
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    upload(ledger.entry_a, ledger, workbook(ROWS[:1]), ledger.women_a)
    confirm(ledger.entry_a, ledger)
    few = counts()
    many = [[f"Hộ thử {i}", 1950 + i, "Nam", "", "", f"Thôn {i % 5}", "", "Hộ nghèo",
             "05/02/2021", "Quà", 1, "suất", "300.000", "", ""] for i in range(30)]  # fmt: skip
    upload(ledger.entry_a, ledger, workbook(many), ledger.women_a)
    confirm(ledger.entry_a, ledger)
    assert counts() == few
    assert max(few) <= 20


def test_an_organization_launches_a_campaign(ledger: Ledger) -> None:
    client = client_for(ledger.entry_a)
    data = {"organizer": ledger.women_a.pk, "name": "Cứu đói giáp hạt 2021", "kind": "giap-hat",
            "starts": "01/03/2021", "ends": "31/02/2021", "groups": ["ho-ngheo"]}  # fmt: skip
    page = client.post("/cham-lo/", data).content.decode()
    assert "Ngày “31/02/2021” không hợp lệ" in page
    assert not Campaign.objects.filter(name="Cứu đói giáp hạt 2021").exists()
    client.post("/cham-lo/", data | {"ends": "31/03/2021"})
    made = Campaign.objects.get(name="Cứu đói giáp hạt 2021")
    assert (made.unit, made.target_groups) == (ledger.world.commune_a_unit, ["ho-ngheo"])
    history = [(h.history_type, h.history_user) for h in made.history.all()]
    assert history == [("+", ledger.entry_a)]  # who launched it
    # Only for one's own organization.
    response = client_for(ledger.entry_b).post("/cham-lo/", data | {"ends": "31/03/2021"})
    assert response.status_code == 403


def test_campaign_counts_receipts_and_households_apart_and_writes_kg_plainly(
    ledger: Ledger,
) -> None:
    rows = [
        *ROWS,
        ["Nguyễn Văn Hùng", 1960, "Nam", "066060012345", "0905123456", "Thôn 3", "", "Hộ nghèo",
         "08/02/2021", "Gạo", "12,5", "kg", "", "Ngân sách", ""],
        ["Nguyễn Văn Hùng", 1960, "Nam", "066060012345", "0905123456", "Thôn 3", "", "Hộ nghèo",
         "09/02/2021", "Quà", 1, "suất", "300.000", "Ngân sách", ""],
    ]  # fmt: skip
    upload(ledger.entry_a, ledger, workbook(rows), ledger.women_a)
    confirm(ledger.entry_a, ledger)
    page = client_for(ledger.entry_a).get(f"/cham-lo/{ledger.campaign.pk}/").content.decode()
    assert "12,5 kg" in page and "12,5000" not in page
    assert "Lượt hộ nhận" in page and "Số hộ (mỗi hộ tính một lần)" in page
    # Poor households' gifts: Hùng twice (2 receipts, 1 household) and 30 in bulk.
    row = next(r for r in page.split("<tr>") if "Hộ nghèo" in r and "suất" in r)
    cells = [c.split("<")[0] for c in row.split('<td class="num">')[1:]]
    assert cells[1:3] == ["32", "31"]


@contextlib.contextmanager
def worker_database(folder: Path) -> Iterator[dict[str, str]]:
    """The environment for a worker process that sees this test's database. SQLite's test
    database lives in memory, so it goes to a file for the worker and comes back after."""
    env = {**os.environ, "DANVAN_MEDIA_ROOT": str(settings.MEDIA_ROOT)}  # the uploaded list
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        path = folder / "worker.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        env["DANVAN_DATABASE_URL"] = f"sqlite:///{path}"
        yield env
        source = sqlite3.connect(path)  # rolls back what a killed worker left unfinished
        source.backup(connection.connection)
        source.close()
    else:
        user, password = settings_dict["USER"], settings_dict["PASSWORD"]
        login = f"{user}:{password}@" if password else f"{user}@"
        env["DANVAN_DATABASE_URL"] = (
            f"postgres://{login}{settings_dict['HOST']}:{settings_dict['PORT']}"
            f"/{settings_dict['NAME']}"
        )
        yield env


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_nothing_half_written_and_a_rerun_records_the_list_once(
    national_units: None, ledger: Ledger, tmp_path: Path
) -> None:
    rows = [
        [f"Nguyễn Văn Hộ {i}", 1950 + i, "Nam", "", "", f"Thôn {i % 5 + 1}", "", "Hộ nghèo",
         "05/02/2021", "Quà", 1, "suất", "500.000", "Ngân sách", ""]
        for i in range(40)
    ]  # fmt: skip
    upload(ledger.entry_a, ledger, workbook(rows), ledger.women_a)
    client = client_for(ledger.entry_a)
    batch = ledger.campaign.batches.get()
    job_page = client.post(f"/cham-lo/{ledger.campaign.pk}/nhap/", {"batch": batch.pk})["Location"]
    marker = tmp_path / "half-written"
    with worker_database(tmp_path) as env:
        worker = subprocess.Popen(
            [sys.executable, "-m", "danvan.jobs.tests.stall_worker", str(marker)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(1200):
            if marker.exists() or worker.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), worker.stderr.read() if worker.stderr else ""
        worker.send_signal(signal.SIGKILL)  # the power goes, mid-list
        worker.wait()
    assert not Distribution.objects.exists() and not Household.objects.exists()
    assert ledger.campaign.batches.get().confirmed_at is None
    page = client.get(job_page).content.decode()
    assert "Đang chạy" in page and "Chạy lại" not in page  # it might still be running
    client.post(f"{job_page}chay-lai/")
    assert Job.objects.get().attempts == 1  # so it is not run a second time beside itself
    # Half an hour later, still "running": its worker has died; now it may run again.
    Job.objects.update(started_at=timezone.now() - dt.timedelta(minutes=31))
    page = client.get(job_page).content.decode()
    assert "Việc đứng yên quá lâu" in page and "Chạy lại" in page
    client.post(f"{job_page}chay-lai/")
    with worker_database(tmp_path) as env:
        subprocess.run(
            [sys.executable, "-m", "danvan", "db_worker", "--batch", "--no-reload",
             "--no-startup-delay", "--interval", "0"],
            env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    assert Distribution.objects.count() == 40 and Household.objects.count() == 40
    assert "Đã nhập 40 lượt trao (40 hộ mới)" in client.get(job_page).content.decode()

    # Delivered once more (a queue may deliver twice): nothing is recorded twice.
    job = Job.objects.get()
    rerun_job(job)
    work_off()
    assert Distribution.objects.count() == 40 and Household.objects.count() == 40
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.result["distributions"] == 40


def test_a_campaign_is_searched_again_for_duplicates_as_a_job(ledger: Ledger) -> None:
    upload(ledger.entry_a, ledger, workbook(ROWS), ledger.women_a)
    confirm(ledger.entry_a, ledger)
    same = [["Nguyen Van Hung", 1960, "Nam", "", "0905 123 456", "Thôn 3", "", "Hộ nghèo",
             "08/02/2021", "Quà", 1, "suất", "300.000", "", ""]]  # fmt: skip
    upload(ledger.entry_front_a, ledger, workbook(same), ledger.world.commune_a_org)
    confirm(ledger.entry_front_a, ledger)
    DuplicatePair.objects.all().delete()  # as if found before the matching improved
    url = f"/cham-lo/{ledger.campaign.pk}/tim-trung/"
    client = client_for(ledger.entry_a)
    assert "Tìm lại hộ nghi trùng" in client.get(f"/cham-lo/{ledger.campaign.pk}/").content.decode()
    job_page = client.post(url)["Location"]
    assert client.post(url)["Location"] == job_page  # a second click: the same job
    work_off()
    page = client.get(job_page).content.decode()
    assert "Đã xét 1 xã, phường: 1 cặp hộ nghi trùng mới cần xem." in page
    assert DuplicatePair.objects.count() == 1
    client.post(f"{job_page}chay-lai/")  # done: not run again
    assert client_for(ledger.viewer_a).post(url).status_code == 403  # may not resolve pairs
    assert client_for(ledger.world.outsider).post(url).status_code == 404
    assert client_for(None).post(url).status_code == 302


def test_a_list_is_made_ready_before_the_write_lock_is_taken(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On SQLite a write transaction locks the whole database and every other officer's save
    # waits for it, so the rows are turned into columns before it begins: the write under the
    # lock (record_planned, which looks up the households) only takes rows already prepared.
    upload(ledger.entry_a, ledger, workbook(ROWS), ledger.women_a)
    events: list[str] = []
    plan_rows, record_planned = actions.plan_rows, actions.record_planned

    def watched_plan(*args: Any) -> actions.Plan:
        events.append("plan")
        return plan_rows(*args)

    def watched_record(plan: actions.Plan, *args: Any) -> actions.Recorded:
        events.append("write")
        # Each line is its stored columns already, not an object still to be turned into them.
        assert plan.rows and all(type(p.line) is list for p in plan.rows)
        return record_planned(plan, *args)

    monkeypatch.setattr(actions, "plan_rows", watched_plan)
    monkeypatch.setattr(actions, "record_planned", watched_record)
    confirm(ledger.entry_a, ledger)
    assert Distribution.objects.filter(campaign=ledger.campaign).count() == len(ROWS)
    assert events == ["plan", "write"], events


def test_a_line_typed_by_hand_shows_each_error_beside_its_box_and_keeps_every_choice(
    ledger: Ledger,
) -> None:
    url = f"/cham-lo/{ledger.campaign.pk}/them/"
    data = {"giver": ledger.women_a.pk, "name": "Y Thử Niê", "birth_year": "một chín năm mươi",
            "sex": "Nữ", "groups": "Hộ nghèo", "date": "03/02/2021", "kind": "Gạo",
            "quantity": "10", "unit": "kg", "value": "74,000"}  # fmt: skip
    page = client_for(ledger.entry_a).post(url, data).content.decode()
    assert not Distribution.objects.exists()
    top = page.split('class="error" role="alert">', 1)[1].split("</p>", 1)[0]
    assert top == "Có ô viết chưa đúng; chưa ghi gì. Sửa các ô được đánh dấu."
    # Each message right under its own box, which points at it; the other boxes are clean.
    for name, message in [("birth_year", "Năm sinh “một chín năm mươi” không hợp lệ"),
                          ("value", "Trị giá: Số “74,000” không rõ nghĩa")]:  # fmt: skip
        box = re.search(rf'<input type="text" id="f-{name}" name="{name}" [^>]*>', page)
        assert box and 'aria-invalid="true"' in box[0], name
        assert f'aria-describedby="f-{name}-error"' in box[0]
        after = page[box.end() :].lstrip()
        assert after.startswith(f'<p class="field-error" id="f-{name}-error">{message}'), name
    assert page.count('class="field-error"') == 2
    # What was typed and chosen is all still there.
    assert 'value="Y Thử Niê"' in page and 'value="74,000"' in page
    assert '<option value="Nữ" selected>' in page and '<option value="Gạo" selected>' in page
    assert f'<option value="{ledger.women_a.pk}" selected>' in page
    # Money and households are figures: a keypad with "." for 74.000.
    for name in ("quantity", "value", "households"):
        assert re.search(rf'id="f-{name}" name="{name}" value="[^"]*" inputmode="decimal"', page)
    # Every box has its label.
    for name in re.findall(r'<(?:input|select) [^>]*id="(f-[\w]+)"', page):
        assert f'<label for="{name}">' in page, name
    data |= {"birth_year": "1950", "value": "74.000"}
    assert client_for(ledger.entry_a).post(url, data).status_code == 302
    line = Distribution.objects.get()
    assert (line.value_vnd, line.kind, line.quantity) == (74_000, "gao", 10)

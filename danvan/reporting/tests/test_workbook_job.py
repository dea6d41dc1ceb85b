"""A report's Excel workbook, filled in and uploaded, is read and saved by a job: the officer is
sent to the job's page, the report holds the values once it ran (all of them or none), a broken
file fails with a reason in Vietnamese, and nobody else sees or feeds the job."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from danvan.conftest import make_org, make_user
from danvan.geo.models import AdminUnit, in_force
from danvan.jobs.models import Job, JobState
from danvan.jobs.testing import work_off
from danvan.orgs.models import OrgKind, RoleKind, User
from danvan.reporting import actions
from danvan.reporting.models import Report
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.helpers import stored

TODAY = dt.datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def open_report(client: Client, org_pk: int, period: str) -> Report:
    response = client.post("/bao-cao/lap/", {"form": "bc-quy", "org": org_pk, "period": period})
    assert response.status_code == 302
    return Report.objects.get(organization_id=org_pk, period=period)


def filled(client: Client, report: Report, sessions: object, text: str = "") -> bytes:
    """The report's workbook as its page offers it, with the sessions' cell (and the results
    section) typed in."""
    book = load_workbook(io.BytesIO(client.get(f"/bao-cao/{report.pk}/excel/").content))
    for row in book["Số liệu"].iter_rows():
        if row[0].value == "tt-buoi":
            row[5].value = sessions
        if row[0].value == "qua-suat" and row[3].value == "ho-ngheo":
            row[5].value = "1.200"  # Vietnamese thousands, as text
    if text:
        book["Nội dung"]["C2"] = text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: Client, report: Report, content: bytes) -> str:
    """Posts the file; returns the job page it is sent to."""
    response = client.post(
        f"/bao-cao/{report.pk}/excel/", {"file": SimpleUploadedFile("bc.xlsx", content)}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/viec/")
    return str(response["Location"])


def uploaded_and_recorded(officer: User, org_pk: int, period: str) -> None:
    client = client_for(officer)
    report = open_report(client, org_pk, period)
    job_page = upload(client, report, filled(client, report, 12, "Kết quả từ tệp Excel."))
    assert "Đang chờ" in client.get(job_page).content.decode()  # answered at once
    assert stored(report, "tt-buoi") is None  # nothing saved inside the request
    work_off()
    page = client.get(job_page).content.decode()
    assert "Đã nhập số liệu từ tệp Excel vào bản nháp" in page
    assert f'href="/bao-cao/{report.pk}/"' in page  # back to the report
    report.refresh_from_db()
    assert stored(report, "tt-buoi") == 12
    assert stored(report, "qua-suat/ho-ngheo") == 1200
    assert report.narrative["ket-qua"] == "Kết quả từ tệp Excel."
    report_page = client.get(f"/bao-cao/{report.pk}/").content.decode()
    assert 'value="12"' in report_page
    job = Job.objects.get(kind="report-workbook")
    assert len(job.params["sha256"]) == 64 and "uploads/report-workbooks/" in job.params["file"]

    # The same file a second time: the job says so and writes nothing, not even history.
    events = report.events.count()
    again = upload(client, report, filled(client, report, 12, "Kết quả từ tệp Excel."))
    work_off()
    assert "giống hệt báo cáo; không có gì thay đổi" in client.get(again).content.decode()
    assert report.events.count() == events


def test_a_2021_commune_officer_uploads_and_the_job_fills_the_report(
    bloc: Bloc, april_2021: None
) -> None:
    uploaded_and_recorded(bloc.entry_a, bloc.women_a.pk, "2021Q1")


@time_machine.travel(TODAY, tick=False)
def test_a_commune_of_today_uploads_and_the_job_fills_the_report(bloc: Bloc) -> None:
    commune = (
        AdminUnit.objects.filter(
            in_force(TODAY.date()),
            level="commune",
            path__startswith=bloc.world.province_unit.path,
        )
        .order_by("path")
        .first()
    )
    assert commune is not None and commune.parent_id == bloc.world.province_unit.pk  # 2-tier
    women = make_org(OrgKind.WOMEN, commune, f"Hội LHPN {commune.name}")
    officer = make_user("phunu_xa_moi", women, RoleKind.DATA_ENTRY)
    uploaded_and_recorded(officer, women.pk, "2026Q4")


def test_a_broken_workbook_fails_with_a_reason_and_the_report_is_unchanged(
    bloc: Bloc, april_2021: None
) -> None:
    client = client_for(bloc.entry_a)
    report = open_report(client, bloc.women_a.pk, "2021Q1")
    first = upload(client, report, filled(client, report, 5))
    work_off()
    assert stored(report, "tt-buoi") == 5

    not_excel = upload(client, report, b"not a zip")
    work_off()
    page = client.get(not_excel).content.decode()
    assert "Không thành công" in page and "cần tệp Excel .xlsx" in page

    # One wrong cell beside a right one: neither is saved.
    wrong = upload(client, report, filled(client, report, "mười hai", "Không được lưu."))
    work_off()
    page = client.get(wrong).content.decode()
    assert "Tệp có lỗi nên chưa nhập gì" in page and "Ô F26 (Buổi tuyên truyền)" in page
    report.refresh_from_db()
    assert stored(report, "tt-buoi") == 5
    assert report.narrative.get("ket-qua", "") != "Không được lưu."
    assert Job.objects.get(pk=first.split("/")[2]).state == JobState.DONE


def test_a_file_downloaded_before_another_save_is_told_as_a_conflict(
    bloc: Bloc, april_2021: None
) -> None:
    client = client_for(bloc.entry_a)
    report = open_report(client, bloc.women_a.pk, "2021Q1")
    stale = filled(client, report, 12)
    sessions = next(i for i in actions.items_of(report.form) if i.indicator.code == "tt-buoi")
    actions.save_report(
        report,
        values={(sessions.indicator_id, None): 5},  # type: ignore[dict-item]
        narrative=None,
        version=report.version,
        acting_user=bloc.entry_a,
    )
    job_page = upload(client, report, stale)
    work_off()
    page = client.get(job_page).content.decode()
    assert "Tệp của bạn chưa được nhập" in page
    assert "trong tệp 12, đã lưu 5" in page
    assert stored(report, "tt-buoi") == 5  # the other session's save stands


def test_a_double_click_sends_the_officer_to_the_job_already_queued(
    bloc: Bloc, april_2021: None
) -> None:
    client = client_for(bloc.entry_a)
    report = open_report(client, bloc.women_a.pk, "2021Q1")
    content = filled(client, report, 7)
    assert upload(client, report, content) == upload(client, report, content)
    assert Job.objects.filter(kind="report-workbook").count() == 1
    work_off()
    assert stored(report, "tt-buoi") == 7


def test_another_communes_officer_can_neither_upload_nor_see_the_job(
    bloc: Bloc, april_2021: None
) -> None:
    owner = client_for(bloc.entry_a)
    report = open_report(owner, bloc.women_a.pk, "2021Q1")
    content = filled(owner, report, 9)
    other = client_for(bloc.entry_b)
    refused = other.post(
        f"/bao-cao/{report.pk}/excel/", {"file": SimpleUploadedFile("bc.xlsx", content)}
    )
    assert refused.status_code == 404
    anonymous = Client().post(
        f"/bao-cao/{report.pk}/excel/", {"file": SimpleUploadedFile("bc.xlsx", content)}
    )
    assert anonymous.status_code in {302, 403, 404} and not Job.objects.exists()

    job_page = upload(owner, report, content)
    assert other.get(job_page).status_code == 404
    assert other.get(job_page, headers={"HX-Request": "true"}).status_code == 404
    assert "Nhập tệp Excel bc.xlsx" not in other.get("/viec/").content.decode()
    assert "Nhập tệp Excel bc.xlsx" in owner.get("/viec/").content.decode()
    work_off()
    assert stored(report, "tt-buoi") == 9

"""An Excel upload whose version cell is blank never overwrites another session's save."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from danvan.jobs.testing import work_off
from danvan.reporting import actions
from danvan.reporting.models import Report
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.helpers import stored
from danvan.vi import fold


def open_report(client: Client, bloc: Bloc) -> Report:
    client.post("/bao-cao/lap/", {"form": "bc-quy", "org": bloc.women_a.pk, "period": "2021Q1"})
    return Report.objects.get(organization=bloc.women_a)


def filled_without_version(content: bytes, sessions: str) -> bytes:
    book = load_workbook(io.BytesIO(content))
    sheet = book["Số liệu"]
    for row in sheet.iter_rows():
        if row[0].value and fold(str(row[0].value)) == fold("Phiên bản"):
            row[1].value = None  # cleared by hand, or a template that never had one
        if row[0].value == "tt-buoi":
            row[5].value = sessions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_blank_version_upload_after_another_save_is_a_conflict(
    bloc: Bloc, april_2021: None
) -> None:
    client = client_for(bloc.entry_a)
    report = open_report(client, bloc)
    downloaded = client.get(f"/bao-cao/{report.pk}/excel/").content

    # Another session saves 5 sessions meanwhile.
    sessions = next(i for i in actions.items_of(report.form) if i.indicator.code == "tt-buoi")
    actions.save_report(
        report,
        values={(sessions.indicator_id, None): Decimal(5)},
        narrative=None,
        version=report.version,
        acting_user=bloc.entry_a,
    )

    response = client.post(
        f"/bao-cao/{report.pk}/excel/",
        {"file": SimpleUploadedFile("bc.xlsx", filled_without_version(downloaded, "12"))},
    )
    work_off()
    assert "Tệp của bạn chưa được nhập" in client.get(response["Location"]).content.decode()
    assert stored(report, "tt-buoi") == 5  # the other session's save stands


def test_a_blank_version_file_still_fills_a_report_nobody_has_saved(
    bloc: Bloc, april_2021: None
) -> None:
    client = client_for(bloc.entry_a)
    report = open_report(client, bloc)
    template = client.get("/bao-cao/mau/bc-quy/excel/").content
    response = client.post(
        f"/bao-cao/{report.pk}/excel/",
        {"file": SimpleUploadedFile("bc.xlsx", filled_without_version(template, "12"))},
    )
    work_off()
    assert "Đã nhập số liệu" in client.get(response["Location"]).content.decode()
    assert stored(report, "tt-buoi") == 12

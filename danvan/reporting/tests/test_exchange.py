"""Exchange of values: CSV/JSON export and import (command and page), Excel per report."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from danvan.conftest import World, make_org, make_user
from danvan.jobs.models import Job
from danvan.jobs.testing import work_off
from danvan.orgs.models import OrgKind, RoleKind
from danvan.reporting import actions
from danvan.reporting.models import DataValue, Report, ReportStatus
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.helpers import stored
from danvan.reporting.tests.test_consolidation import Q1, file_report

HEADER = "indicator,period,unit,organization,breakdown,value,status\n"


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("datavalues", "export", "--period", "2021Q1", *args, stdout=out)
    return out.getvalue()


def test_export_then_import_round_trips_and_updates(world: World, tmp_path: Path) -> None:
    women = make_org(OrgKind.WOMEN, world.commune_a_unit)
    file_report(
        women, Q1, {"gao-cuu-doi/ho-ngheo": Decimal("1.5"), "tt-buoi": 4}, status=ReportStatus.DRAFT
    )
    text = export("--under", "24133")
    assert text.startswith(HEADER)
    assert (
        "gao-cuu-doi,2021Q1,24133,Hội Liên hiệp Phụ nữ Phường Thành Công,ho-ngheo,1.5,draft" in text
    )
    rows = json.loads(export("--under", "24133", "--format", "json"))
    assert {r["indicator"] for r in rows} == {"gao-cuu-doi", "tt-buoi"}

    source = tmp_path / "q1.csv"
    source.write_text(
        text.replace(",tt-buoi,", ",tt-buoi,").replace(",4,draft", ",9,draft"), encoding="utf-8"
    )
    out = io.StringIO()
    call_command("datavalues", "import", str(source), "--user", "tinh", "--dry-run", stdout=out)
    assert "1 sửa" in out.getvalue() and "chạy thử" in out.getvalue()
    report = Report.objects.get(organization=women)
    assert stored(report, "tt-buoi") == 4  # a dry run writes nothing
    call_command("datavalues", "import", str(source), "--user", "tinh", stdout=io.StringIO())
    assert stored(report, "tt-buoi") == 9
    # The same file again changes nothing and says so.
    out = io.StringIO()
    call_command("datavalues", "import", str(source), "--user", "tinh", stdout=out)
    assert "0 mới, 0 sửa, 2 không đổi, vào 0 báo cáo" in out.getvalue()
    assert report.changes.count() == 0 and stored(report, "tt-buoi") == 9
    assert stored(report, "gao-cuu-doi/ho-ngheo") == Decimal("1.5")


def test_import_names_every_bad_row_and_writes_nothing(world: World, tmp_path: Path) -> None:
    org = "Ủy ban MTTQ phường Thành Công"
    source = tmp_path / "bad.csv"
    source.write_text(
        HEADER
        + f"tt-buoi,2021Q1,24133,{org},,5,\n"
        + f"tt-khong-co,2021Q1,24133,{org},,5,\n"
        + f'qua-suat,2021Q1,24133,{org},ho-ngheo,"74,000",\n'
        + "tt-buoi,2021Q1,24133,Hội không có,,5,\n"
        + f"qua-suat,2021Q1,24133,{org},,5,\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="Không nhập gì: 4 dòng lỗi trên 5 dòng"):
        call_command("datavalues", "import", str(source), "--user", "tinh", stderr=err)
    message = err.getvalue()
    assert "Dòng 3: không có chỉ tiêu mã “tt-khong-co”" in message
    assert "Dòng 4: giá trị “74,000” phải viết dạng máy" in message
    assert "Dòng 5: không tìm thấy tổ chức “Hội không có”" in message
    assert "Dòng 6: chỉ tiêu qua-suat cần mã phân tổ" in message
    assert not Report.objects.exists() and not DataValue.objects.exists()


def test_a_crash_halfway_through_an_import_leaves_nothing(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "two.csv"
    source.write_text(
        HEADER
        + "tt-buoi,2021Q1,24133,Ủy ban MTTQ phường Thành Công,,5,\n"
        + "tt-buoi,2021Q1,24172,Ủy ban MTTQ xã Hòa Phú,,6,\n",
        encoding="utf-8",
    )
    calls = []
    real = actions.save_report

    def crash_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("mất điện giữa chừng")
        return real(*args, **kwargs)

    monkeypatch.setattr("danvan.reporting.exchange.save_report", crash_on_second)
    with pytest.raises(RuntimeError):
        call_command("datavalues", "import", str(source), "--user", "tinh", stdout=io.StringIO())
    assert len(calls) == 2
    assert not Report.objects.exists() and not DataValue.objects.exists()


def test_import_refuses_changes_to_an_approved_report(world: World, tmp_path: Path) -> None:
    file_report(world.commune_a_org, Q1, {"tt-buoi": 5})
    source = tmp_path / "q1.csv"
    source.write_text(
        export("--under", "24133").replace(",5,approved", ",8,approved"), encoding="utf-8"
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("datavalues", "import", str(source), "--user", "tinh", stderr=err)
    assert "đã phê duyệt; cần trả lại hoặc mở lại" in err.getvalue()
    assert "đã đã" not in err.getvalue()
    assert stored(Report.objects.get(), "tt-buoi") == 5


def test_exchange_page_is_scoped(world: World) -> None:
    file_report(world.commune_a_org, Q1, {"tt-buoi": 5})
    url = "/tong-hop/du-lieu/?export=1&period=2021Q1&format=csv"
    inside = client_for(world.province).get(url)
    assert inside.status_code == 200 and "24133" in inside.content.decode("utf-8-sig")
    neighbour = client_for(world.commune_b).get(url).content.decode("utf-8-sig")
    assert "24133" not in neighbour
    assert client_for(world.outsider).get(url).content.decode("utf-8-sig").strip().count("\n") == 0
    assert client_for(None).get(url).status_code == 302
    # Importing for an organization one may not enter for is refused, row by row.
    upload = SimpleUploadedFile(
        "x.csv", (HEADER + "tt-buoi,2021Q1,24172,Ủy ban MTTQ xã Hòa Phú,,6,\n").encode()
    )
    client = client_for(world.commune_a)
    job_page = client.post("/tong-hop/du-lieu/", {"file": upload})["Location"]
    work_off()
    page = client.get(job_page).content.decode()
    assert "Không thành công" in page and "bạn không có quyền nhập số liệu" in page
    assert not Report.objects.filter(unit=world.commune_b_unit).exists()


def test_the_page_imports_csv_json_and_xlsx_as_a_job(world: World) -> None:
    women = make_org(OrgKind.WOMEN, world.commune_a_unit)
    name = women.name
    client = client_for(make_user("phunu_a_nhap", women, RoleKind.DATA_ENTRY))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(","))
    sheet.append(["tt-buoi", "2021Q1", "24133", name, "", 7, ""])
    sheet.append(["gao-cuu-doi", "2021Q1", "24133", name, "ho-ngheo", 1.5, ""])
    out = io.BytesIO()
    book.save(out)
    files = {
        "so-lieu.csv": (HEADER + f"tt-buoi,2021Q1,24133,{name},,5,\n").encode(),
        "so-lieu.json": json.dumps(
            [
                {
                    "indicator": "tt-buoi",
                    "period": "2021Q1",
                    "unit": "24133",
                    "organization": name,
                    "breakdown": "",
                    "value": "6",
                }
            ]
        ).encode(),
        "so-lieu.xlsx": out.getvalue(),
    }
    for file_name, content, value in zip(files, files.values(), [5, 6, 7], strict=True):
        upload = SimpleUploadedFile(file_name, content)
        response = client.post("/tong-hop/du-lieu/", {"file": upload, "dry_run": "1"})
        work_off()
        assert "Kiểm tra xong, chưa ghi gì" in client.get(response["Location"]).content.decode()
        upload = SimpleUploadedFile(file_name, content)
        response = client.post("/tong-hop/du-lieu/", {"file": upload})
        page = client.get(response["Location"]).content.decode()
        assert "Đang chờ" in page  # the page answers at once; the job does the work
        work_off()
        assert "Đã nhập" in client.get(response["Location"]).content.decode()
        assert stored(Report.objects.get(organization=women), "tt-buoi") == value
    report = Report.objects.get(organization=women)
    assert stored(report, "gao-cuu-doi/ho-ngheo") == Decimal("1.5")  # exact, from the workbook
    job = Job.objects.filter(kind="datavalues-import").first()
    assert job is not None and len(job.params["sha256"]) == 64


def test_excel_round_trip_and_stale_upload(bloc: Bloc, april_2021: None) -> None:
    client = client_for(bloc.entry_a)
    client.post("/bao-cao/lap/", {"form": "bc-quy", "org": bloc.women_a.pk, "period": "2021Q1"})
    report = Report.objects.get(organization=bloc.women_a)
    actions.save_report(
        report, values={}, narrative=None, version=report.version, acting_user=bloc.entry_a
    )
    blank = load_workbook(io.BytesIO(client.get("/bao-cao/mau/bc-quy/excel/").content))
    assert "Số liệu" in blank.sheetnames and "Nội dung" in blank.sheetnames

    content = client.get(f"/bao-cao/{report.pk}/excel/").content
    book = load_workbook(io.BytesIO(content))
    sheet = book["Số liệu"]
    header = next(r for r in sheet.iter_rows() if r[0].value == "Mã chỉ tiêu")
    assert [c.value for c in header] == [
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Nhóm",
        "Mã nhóm",
        "Đơn vị tính",
        "Giá trị",
    ]
    for row in sheet.iter_rows(min_row=header[0].row + 1):
        if row[0].value == "tt-buoi":
            row[5].value = "12"
        if row[0].value == "qua-suat" and row[3].value == "ho-ngheo":
            row[5].value = "1.200"  # Vietnamese thousands, as text
        if row[0].value == "gao-cuu-doi" and row[3].value == "ho-ngheo":
            row[5].value = 2.5  # an Excel number
    book["Nội dung"]["C2"] = "Kết quả từ tệp Excel."
    filled = io.BytesIO()
    book.save(filled)
    response = client.post(
        f"/bao-cao/{report.pk}/excel/",
        {"file": SimpleUploadedFile("bc.xlsx", filled.getvalue())},
    )
    work_off()  # read and saved by a job
    assert "Đã nhập số liệu" in client.get(response["Location"]).content.decode()
    report.refresh_from_db()
    assert stored(report, "tt-buoi") == 12
    assert stored(report, "qua-suat/ho-ngheo") == 1200
    assert stored(report, "gao-cuu-doi/ho-ngheo") == Decimal("2.5")
    assert report.narrative["ket-qua"] == "Kết quả từ tệp Excel."

    # The same file a second time: said so, nothing written, no new history row.
    events = report.events.count()
    again = client.post(
        f"/bao-cao/{report.pk}/excel/",
        {"file": SimpleUploadedFile("bc.xlsx", filled.getvalue())},
    )
    work_off()
    page = client.get(again["Location"]).content.decode()
    assert "giống hệt báo cáo; không có gì thay đổi" in page
    assert report.events.count() == events

    # The same file again, now stale: told, shown the difference, nothing written.
    actions.save_report(
        report, values={}, narrative=None, version=report.version, acting_user=bloc.entry_a
    )
    response = client.post(
        f"/bao-cao/{report.pk}/excel/",
        {"file": SimpleUploadedFile("bc.xlsx", filled.getvalue())},
    )
    work_off()
    page = client.get(response["Location"]).content.decode()
    assert "Tệp của bạn chưa được nhập" in page
    assert stored(report, "tt-buoi") is None

    broken = client.post(
        f"/bao-cao/{report.pk}/excel/",
        {"file": SimpleUploadedFile("x.xlsx", b"not a zip")},
    )
    work_off()
    assert "cần tệp Excel .xlsx" in client.get(broken["Location"]).content.decode()

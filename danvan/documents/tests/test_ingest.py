"""Reading a commune's Word report into its danvan report, with the officer's confirmation."""

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from docx import Document as new_docx

from danvan.core.periods import Period
from danvan.jobs.models import Job, JobState
from danvan.jobs.testing import work_off
from danvan.reporting.models import Report, ReportStatus
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.helpers import field, stored

WORD_REPORT = [
    "ĐẢNG BỘ PHƯỜNG THÀNH CÔNG",
    "BÁO CÁO kết quả công tác quý I năm 2021",
    "I. KẾT QUẢ ĐẠT ĐƯỢC",
    "Hội đã trao tặng 320 suất quà cho hộ nghèo trị giá 96 triệu đồng, 2,5 tấn gạo hỗ trợ "
    "cứu đói cho hộ nghèo.",
    "Tổ chức 24 buổi tuyên truyền với 1.850 lượt người tham dự, trong đó 9 buổi tại các địa "
    "bàn trọng điểm; 12 buổi tuyên truyền về bầu cử.",
    "Tham gia giải quyết 3 vụ việc nóng, trong đó 2 vụ đã giải quyết xong.",
    "II. Tồn tại, hạn chế",
    "Việc nắm tình hình ở tổ dân phố 3 chưa kịp thời.",
    "III. Phương hướng, nhiệm vụ",
    "Tập trung tuyên truyền bầu cử.",
]


def docx_bytes(lines: list[str]) -> bytes:
    document = new_docx()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def report(bloc: Bloc, april_2021: None) -> Report:
    report = Report.new(bloc.form, bloc.women_a, Period.parse("2021Q1"))
    report.save()
    return report


def upload(client: Client, report: Report, content: bytes, name: str = "bao-cao.docx") -> Any:
    """Upload as the page does; a job reads the file, and its page links back to the review
    (or says why the file could not be read)."""
    response = client.post(
        f"/bao-cao/{report.pk}/doc-van-ban/",
        {"file": SimpleUploadedFile(name, content), "action": "read"},
    )
    if response.status_code != 302 or not response["Location"].startswith("/viec/"):
        return response
    work_off()
    job = Job.objects.get(pk=response["Location"].split("/")[2])
    if job.state != JobState.DONE:
        return client.get(response["Location"])
    assert job.link in client.get(response["Location"]).content.decode()
    return client.get(job.link)


def test_figures_are_proposed_beside_the_fields_and_nothing_is_saved(
    bloc: Bloc, report: Report
) -> None:
    response = upload(client_for(bloc.entry_a), report, docx_bytes(WORD_REPORT))
    page = response.content.decode()
    assert response.status_code == 200
    proposed = {
        "qua-suat/ho-ngheo": "320",
        "qua-tri-gia/ho-ngheo": "96.000.000",
        "gao-cuu-doi/ho-ngheo": "2.500",  # 2,5 tấn in the form's kilograms
        "tt-buoi": "24",
        "tt-luot-nguoi": "1.850",
        "tt-trong-diem": "9",
        "tt-bau-cu": "12",
        "vv-tham-gia": "3",
        "vv-giai-quyet": "2",
    }
    for code, value in proposed.items():
        assert f'name="v-{field(code)}" value="{value}"' in page, code
    assert "trong đó 9 buổi tại các địa bàn trọng điểm" in page  # the sentence, for checking
    assert "Việc nắm tình hình ở tổ dân phố 3 chưa kịp thời." in page
    report.refresh_from_db()
    assert report.version == 1 and not report.values.exists() and not report.narrative


def test_officer_takes_some_figures_edits_one_and_the_sections(bloc: Bloc, report: Report) -> None:
    client = client_for(bloc.entry_a)
    text = "\n".join(WORD_REPORT)
    data = {
        "text": text,
        "action": "apply",
        "version": str(report.version),
        f"use-{field('tt-buoi')}": "1",
        f"v-{field('tt-buoi')}": "25",  # corrected by the officer
        f"use-{field('qua-suat/ho-ngheo')}": "1",
        f"v-{field('qua-suat/ho-ngheo')}": "320",
        f"v-{field('tt-bau-cu')}": "12",  # not ticked: not taken
        "use-t-ton-tai": "1",
        "t-ton-tai": "Việc nắm tình hình ở tổ dân phố 3 chưa kịp thời.",
    }
    response = client.post(f"/bao-cao/{report.pk}/doc-van-ban/", data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert stored(report, "tt-buoi") == Decimal(25)
    assert stored(report, "qua-suat/ho-ngheo") == Decimal(320)
    assert stored(report, "tt-bau-cu") is None
    assert report.narrative == {"ton-tai": "Việc nắm tình hình ở tổ dân phố 3 chưa kịp thời."}
    assert report.status == ReportStatus.DRAFT


def test_a_wrong_number_is_explained_and_nothing_is_saved(bloc: Bloc, report: Report) -> None:
    data = {
        "text": "\n".join(WORD_REPORT),
        "action": "apply",
        "version": str(report.version),
        f"use-{field('tt-luot-nguoi')}": "1",
        f"v-{field('tt-luot-nguoi')}": "1,850",
        f"use-{field('tt-buoi')}": "1",
        f"v-{field('tt-buoi')}": "24",
    }
    response = client_for(bloc.entry_a).post(f"/bao-cao/{report.pk}/doc-van-ban/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "chưa lưu gì" in page and "1.850" in page
    assert 'value="1,850"' in page  # what the officer typed is kept
    assert not Report.objects.get(pk=report.pk).values.exists()


def test_someone_else_saved_meanwhile_nothing_is_lost(bloc: Bloc, report: Report) -> None:
    stale = report.version
    client_for(bloc.entry_a).post(
        f"/bao-cao/{report.pk}/",
        {field("tt-buoi"): "7", "version": str(stale), "action": "save", "n-ket-qua": "x"},
    )
    data = {
        "text": "\n".join(WORD_REPORT),
        "action": "apply",
        "version": str(stale),
        f"use-{field('tt-buoi')}": "1",
        f"v-{field('tt-buoi')}": "24",
    }
    response = client_for(bloc.entry_a).post(f"/bao-cao/{report.pk}/doc-van-ban/", data)
    page = response.content.decode()
    assert "vừa được người khác lưu; chưa lưu gì" in page
    assert f'name="v-{field("tt-buoi")}" value="24"' in page
    assert stored(Report.objects.get(pk=report.pk), "tt-buoi") == Decimal(7)


def test_broken_and_old_word_files_get_a_vietnamese_error(bloc: Bloc, report: Report) -> None:
    client = client_for(bloc.entry_a)
    broken = upload(client, report, b"PK\x03\x04 not really a zip").content.decode()
    assert "Tệp Word bị hỏng" in broken
    old = upload(client, report, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "bc.doc")
    assert "Word 97-2003" in old.content.decode()


def test_pasted_text_in_tcvn3_is_read(bloc: Bloc, report: Report) -> None:
    legacy = "Trong quý, ®· tæ chøc 24 buæi tuyªn truyÒn, ®¹t kÕ ho¹ch.".encode("cp1252")
    response = upload(client_for(bloc.entry_a), report, legacy, "bc.txt")
    assert f'name="v-{field("tt-buoi")}" value="24"' in response.content.decode()


@pytest.mark.parametrize("persona", ["entry_b", "reviewer", "anonymous"])
def test_only_the_reports_own_entry_officers_may_read_into_it(
    bloc: Bloc, report: Report, persona: str
) -> None:
    user = None if persona == "anonymous" else getattr(bloc, persona)
    client = client_for(user)
    response = upload(client, report, docx_bytes(WORD_REPORT))
    status = response.status_code
    if persona == "anonymous":
        assert status == 302 and "/dang-nhap/" in response["Location"]
    elif persona == "entry_b":
        assert status == 404  # another commune's report does not exist for them
    else:
        assert status == 403  # the province sees it but does not enter it
    assert not Report.objects.get(pk=report.pk).values.exists()


def test_extract_command_prints_figures_of_a_docx_and_of_lines(tmp_path: object) -> None:
    path = f"{tmp_path}/bc.docx"
    with open(path, "wb") as out:
        out.write(docx_bytes(WORD_REPORT))
    printed = io.StringIO()
    call_command("extract", path, "--json", stdout=printed)
    import json

    figures = json.loads(printed.getvalue())
    assert figures[0] == {
        "surface": "320 suất quà", "value": 320, "unit": "suất", "item": "quà",
        "qualifier": "exact", "per": None,
    }  # fmt: skip
    assert [f["value"] for f in figures][:3] == [320, 96_000_000, 2.5]
    lines = f"{tmp_path}/lines.txt"
    with open(lines, "w", encoding="utf-8") as out:
        out.write("\ngần 74.000 suất quà\r\nnăm 2021\nhơn 33 tỉ đồng\n")
    printed = io.StringIO()
    call_command("extract", "--lines", lines, "--json", stdout=printed)
    rows = [json.loads(line) for line in printed.getvalue().splitlines()]
    assert [len(r) for r in rows] == [0, 1, 0, 1]  # line N of the file is line N of the output
    assert rows[3][0]["value"] == 33_000_000_000


def test_extract_command_reports_precision_and_recall() -> None:
    printed = io.StringIO()
    call_command("extract", "--evaluate", "--json", stdout=printed)
    import json

    report = json.loads(printed.getvalue())
    assert set(report) == {
        "labelled",
        "labelled_held_out",
        "development",
        "development_2",
        "development_3",
        "development_4",
        "development_5",
        "development_6",
        "development_7",
        "development_8",
        "development_8_check",
        "development_9",
        "development_9_check",
        "development_10",
        "development_10_check",
        "held_back",
        "held_back_2",
        "held_back_3",
        "held_back_4",
        "held_back_5",
        "held_back_6",
        "held_back_7",
        "held_back_8",
        "held_back_9",
        "held_back_10",
        "held_back_11",
        "held_back_12",
    }
    assert report["labelled"]["sentences"] >= 40
    assert report["labelled"]["fields"]["value"]["precision"] >= 0.95
    held_back = report["held_back"]
    assert held_back["sentences"] >= 150 and "mistakes" not in held_back
    assert held_back["summary"]["value+max"]["f1"] >= 0.9
    assert report["held_back_2"]["sentences"] >= 150 and "mistakes" not in report["held_back_2"]
    assert report["development_2"]["sentences"] >= 150
    unseen_sets = [f"held_back_{n}" for n in range(5, 13)]
    for unseen in unseen_sets:
        assert report[unseen]["sentences"] >= 150 and "mistakes" not in report[unseen]
    assert report["development_3"]["sentences"] >= 120
    assert report["development_4"]["sentences"] >= 140
    assert report["development_5"]["sentences"] >= 190
    assert report["development_6"]["sentences"] >= 160
    assert report["development_7"]["sentences"] >= 240
    assert report["development_8"]["sentences"] >= 550
    assert report["development_8_check"]["sentences"] >= 280
    assert report["development_9"]["sentences"] >= 950
    assert report["development_9_check"]["sentences"] >= 480
    assert report["development_10"]["sentences"] >= 600
    assert report["development_10_check"]["sentences"] >= 300
    assert report["held_back_3"]["sentences"] >= 250 and "mistakes" not in report["held_back_3"]
    assert report["held_back_4"]["sentences"] >= 300 and "mistakes" not in report["held_back_4"]


def test_extract_command_scores_a_second_labeller_against_the_first(tmp_path: object) -> None:
    import json

    text = "Hội trao 12 con bê giống và 40 thùng nước uống cho 30 hộ."
    figures = [
        {"surface": "12 con bê", "value": 12, "unit": "con", "item": "bê"},
        {"surface": "40 thùng nước uống", "value": 40, "unit": "thùng", "item": "nước uống"},
        {"surface": "30 hộ", "value": 30, "unit": "hộ", "item": None},
    ]
    other = [dict(figures[0], item="bê giống"), figures[1]]  # one item read longer, one missed
    first, second = f"{tmp_path}/a.jsonl", f"{tmp_path}/b.jsonl"
    for path, labels in ((first, figures), (second, other)):
        with open(path, "w", encoding="utf-8") as out:
            out.write(json.dumps({"text": text, "figures": labels}, ensure_ascii=False) + "\n")
    printed = io.StringIO()
    call_command("extract", "--evaluate", first, "--against", second, "--mistakes", stdout=printed)
    output = printed.getvalue()
    # 1 of the 2 figures the second labeller wrote has unit and item right; 1 of the 3 found
    assert "unit/item  precision 0.500  recall 0.333" in output
    assert "item: 'bê giống' ≠ 'bê'" in output and "sót: '30 hộ'" in output
    with open(second, "w", encoding="utf-8") as out:
        out.write(json.dumps({"text": "Một câu khác.", "figures": []}) + "\n")
    with pytest.raises(CommandError, match="không cùng câu"):
        call_command("extract", "--evaluate", first, "--against", second, stdout=io.StringIO())

"""The demo quarter reads like the seed article; the benchmark runs and agrees with SQL."""

import io
import json

from django.core.management import call_command

from danvan.reporting.models import Report, ReportStatus


def test_demo_q1_2021_totals_read_like_the_seed_article(db: None) -> None:
    call_command("demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("consolidate", "--under", "66", "--period", "2021Q1", "--json", stdout=out)
    totals = json.loads(out.getvalue())
    assert totals["qua-suat"]["total"] == 73_850  # "gần 74.000 suất quà"
    assert totals["qua-tri-gia"]["total"] == 33_214_000_000  # "hơn 33 tỉ đồng"
    assert totals["gao-cuu-doi"]["total"] == 497_300  # "gần 500 tấn gạo" (kg)
    reports = Report.objects.filter(period="2021Q1")
    returned = reports.get(status=ReportStatus.RETURNED)
    assert returned.unit.code == "24133" and returned.org_kind == "women"
    assert returned.events.filter(kind="returned").exclude(comment="").exists()
    assert reports.filter(status=ReportStatus.DRAFT).exists()
    # The welfare ledger of the same quarter holds the same figures, household by household.
    from django.db.models import Sum

    from danvan.welfare.models import Distribution, DuplicatePair, Household

    ledger = Distribution.objects.filter(date__year=2021)  # beside it, the current quarter's
    gifts = ledger.filter(kind="qua").aggregate(q=Sum("quantity"), v=Sum("value_vnd"))
    assert gifts == {"q": 73_850, "v": 33_214_000_000}
    assert ledger.filter(kind="gao").aggregate(q=Sum("quantity"))["q"] == 497_300
    assert Distribution.objects.count() > 50_000 and Household.objects.count() > 40_000
    assert DuplicatePair.objects.count() >= 300  # planted across organizations, found
    out = io.StringIO()
    call_command("demo", stdout=out)  # a second run keeps what is there
    assert "Báo cáo quý I/2021 mẫu đã có, giữ nguyên" in out.getvalue()
    assert "Sổ chăm lo mẫu đã có, giữ nguyên" in out.getvalue()
    assert Report.objects.filter(period="2021Q1").count() == reports.count()
    # The province's report writes the seed's sentence, opened by the commission's summary.
    from danvan.core.periods import Period
    from danvan.documents.build import build_report
    from danvan.documents.tests.test_report_documents import docx_text
    from danvan.geo.models import AdminUnit
    from danvan.reporting.consolidation import default_form

    q1 = Period.parse("2021Q1")
    unit = AdminUnit.objects.by_code("66", q1.end)
    text = docx_text(build_report(default_form(q1), q1, unit, "docx").content)
    assert "gần 74.000 suất quà trị giá hơn 33 tỉ đồng, gần 500 tấn gạo hỗ trợ cứu đói" in text
    assert text.index("Việc lãnh đạo, tổ chức thực hiện") < text.index("1. Công tác chăm lo")
    _demo_briefing_reads_like_the_seed()
    out = io.StringIO()
    call_command("bench", "report", "--repeat", "1", "--json", stdout=out, stderr=io.StringIO())
    timings = json.loads(out.getvalue())
    assert {"docx", "pdf", "xlsx"} <= timings.keys()
    assert all(timings[f]["bytes"] > 5000 and timings[f]["target_ms"] for f in ("docx", "pdf"))


def test_bench_consolidate_small_scale_agrees_with_sql(db: None) -> None:
    out = io.StringIO()
    call_command(
        "bench",
        "consolidate",
        "--communes",
        "3",
        "--repeat",
        "1",
        "--json",
        stdout=out,
        stderr=io.StringIO(),
    )
    result = json.loads(out.getvalue())
    for key in ("province_quarter", "national_quarter"):
        row = result[key]
        assert row["values"] == 3 * 7 * 40  # one quarter of 3 communes × 7 kinds × 40 indicators
        assert row["ms_app"] > 0 and row["ms_sql"] > 0 and row["ratio"] > 0
    year = result["national_year"]
    assert year["values"] == 4 * 3 * 7 * 40 and year["target_ms"] == 100
    assert result["province_quarter"]["target_ms"] == 10


def test_bench_dedup_and_import_small_scale(db: None) -> None:
    out = io.StringIO()
    call_command("bench", "dedup", "--records", "2000", "--json", stdout=out, stderr=io.StringIO())
    result = json.loads(out.getvalue())
    assert result["records"] == 2000
    for tool in ("danvan", "splink"):
        assert set(result[tool]) == {"precision", "recall", "f1", "seconds", "peak_mb"}
    assert result["danvan"]["f1"] >= result["splink"]["f1"]
    assert result["profile"] == "hard" and result["danvan"]["peak_mb"] > 0
    out = io.StringIO()
    call_command("bench", "import", "--rows", "300", "--repeat", "1", "--json", stdout=out,
                 stderr=io.StringIO())  # fmt: skip
    result = json.loads(out.getvalue())
    assert result["rows"] == 300 and result["peak_memory_mb"] > 0
    for case, communes in (("province", 180), ("commune", 1)):
        figures = result[case]
        assert figures["communes"] == communes and figures["recorded_rows"] == 900
        assert figures["ms_read_and_check"] > 0 and figures["ms_find_pairs"] >= 0
        bare = "copy" if result["database"] == "postgresql" else "executemany"
        assert figures[f"record_vs_bare_{bare}"] > 0
        assert figures["other_officer_while_recording"].keys() >= {"ms_save_max", "ms_page_max"}
    from danvan.welfare.models import Distribution

    assert not Distribution.objects.exists()  # the benchmark leaves nothing behind


def _demo_briefing_reads_like_the_seed() -> None:
    """The demo's Q1 2021 briefing: every section, written from what the demo recorded."""
    import tempfile

    from danvan.documents.tests.test_report_documents import docx_text

    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/giao-ban.docx"
        call_command(
            "briefing", "--under", "66", "--period", "2021Q1", "-o", path, stdout=io.StringIO()
        )
        with open(path, "rb") as written:
            text = docx_text(written.read())
    for expected in [
        "ĐẢNG BỘ TỈNH ĐẮK LẮK",
        "kết quả hội nghị giao ban khối dân vận quý I năm 2021",
        "Đồng chí Lưu Văn Trung, Phó Bí thư Thường trực Tỉnh ủy",
        "I. KẾT QUẢ CÔNG TÁC DÂN VẬN QUÝ I NĂM 2021",
        "gần 74.000 suất quà trị giá hơn 33 tỉ đồng, gần 500 tấn gạo hỗ trợ cứu đói",
        "buổi tại các địa bàn trọng điểm",
        "bằng tiếng dân tộc",
        "Bầu cử đại biểu Quốc hội khóa XV",
        "Các đơn vị chậm tiến độ",
        "đã chuyển lên Tỉnh Đắk Lắk",
        "đã chuyển cơ quan chức năng",
        "đã giải quyết xong",
        "ngày chưa trả lời",
        "II. BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ TRONG KHỐI",
        "Ủy ban MTTQ Việt Nam tỉnh Đắk Lắk:",
        "III. KẾT LUẬN CỦA HỘI NGHỊ",
        "để ngày bầu cử thực sự là ngày hội của toàn dân",
        "Đẩy mạnh tuyên truyền bầu cử, nhất là ở địa bàn trọng điểm, khó khăn.",
        "20/05/2021",
    ]:
        assert expected in text, expected
    assert "tuyên truyền đạo trái pháp luật" not in text  # the confidential incident stays out
    out = io.StringIO()
    call_command(
        "incidents", "overdue", "--under", "66", "--at", "2021-03-31", "--json", stdout=out
    )
    rows = json.loads(out.getvalue())
    assert [r["level"] for r in rows if r["escalated"]] == ["66"]
    out = io.StringIO()
    call_command("tasks", "overdue", "--under", "66", "--at", "2021-05-02", "--json", stdout=out)
    assert [r["deadline"] for r in json.loads(out.getvalue())] == ["2021-04-30"]

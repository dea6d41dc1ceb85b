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
    out = io.StringIO()
    call_command("demo", stdout=out)  # a second run keeps what is there
    assert "giữ nguyên" in out.getvalue()
    assert Report.objects.filter(period="2021Q1").count() == reports.count()


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

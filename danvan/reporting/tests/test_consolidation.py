"""Live consolidation, completeness, and the consolidate/indicators commands."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.conftest import Q1_2021, World, make_org, make_user
from danvan.core.periods import Period
from danvan.geo.models import AdminUnit, current_paths
from danvan.orgs.models import Organization, OrgKind, RoleKind
from danvan.reporting import actions, rollups
from danvan.reporting.consolidation import (
    completeness,
    consolidate,
    memo,
    tally,
)
from danvan.reporting.exchange import export_rows
from danvan.reporting.loader import load_forms
from danvan.reporting.models import (
    Aggregation,
    DataValue,
    Indicator,
    Report,
    ReportForm,
    ReportStatus,
)
from danvan.reporting.tests.conftest import client_for

Q1 = Period.parse("2021Q1")


def file_report(
    org: Organization,
    period: Period,
    values: dict[str, int | Decimal],
    *,
    form: str = "bc-quy",
    status: str = ReportStatus.APPROVED,
    sent: dt.datetime | None = None,
) -> Report:
    report = Report.new(
        ReportForm.objects.get(code=form),
        org,
        period,
        status=status,
        first_submitted_at=sent
        or (
            dt.datetime(2021, 4, 2, tzinfo=dt.UTC)
            if status in {ReportStatus.SUBMITTED, ReportStatus.APPROVED}
            else None
        ),
    )
    report.save()
    for code, value in values.items():
        indicator_code, _, option = code.partition("/")
        indicator = Indicator.objects.get(code=indicator_code)
        option_obj = (
            next(o for o in indicator.breakdown() if o and o.code == option) if option else None
        )
        DataValue.objects.create(
            report=report, indicator=indicator, option=option_obj, value=Decimal(value)
        )
    return report


def test_totals_by_aggregation_status_and_kind(world: World) -> None:
    women = make_org(OrgKind.WOMEN, world.commune_a_unit)
    front_b = world.commune_b_org
    file_report(
        women,
        Q1,
        {"qua-suat/ho-ngheo": 40, "qua-suat/can-ngheo": 10, "bc-tien-do": 80, "tt-dong-nhat": 120},
    )
    file_report(
        world.commune_a_org,
        Q1,
        {"qua-suat/ho-ngheo": 5, "bc-tien-do": 61, "tt-dong-nhat": 300},
        status=ReportStatus.SUBMITTED,
    )
    file_report(front_b, Q1, {"qua-suat/ho-ngheo": 1000}, status=ReportStatus.DRAFT)
    form = ReportForm.objects.get(code="bc-quy")
    district = world.commune_a_unit.parent
    assert district is not None
    result = consolidate(form, Q1, [district.path])
    assert result.as_json()["qua-suat"] == {"total": 55, "ho-ngheo": 45, "can-ngheo": 10}
    assert result.as_json()["bc-tien-do"] == "70.5"  # average
    assert result.as_json()["tt-dong-nhat"] == 300  # max
    approved = consolidate(form, Q1, [district.path], approved_only=True).as_json()
    assert approved["qua-suat"]["total"] == 50
    by_kind = consolidate(form, Q1, [district.path], org_kind=OrgKind.FRONT).as_json()
    assert by_kind["qua-suat"]["total"] == 5
    table = consolidate(form, Q1, [district.path], by_kind=True)
    indicator = Indicator.objects.get(code="qua-suat")
    assert table.value(indicator, kind=OrgKind.WOMEN) == 50
    assert table.value(indicator, kind=OrgKind.FRONT) == 5


def test_quarter_from_monthly_reports_sums_and_takes_the_last_value(world: World) -> None:
    form = ReportForm.objects.get(code="bc-thang")
    org = world.commune_a_org
    for month, (qua, members) in zip(
        ["202101", "202102", "202103"], [(10, 400), (20, 410), (5, 415)], strict=True
    ):
        file_report(
            org,
            Period.parse(month),
            {"qua-suat/ho-ngheo": qua, "hv-tong-so": members},
            form="bc-thang",
        )
    result = consolidate(form, Q1, [world.commune_a_unit.path]).as_json()
    assert result["qua-suat"]["total"] == 35
    assert result["hv-tong-so"] == 415  # members at the end of the quarter, not 1.225


def test_2021_figures_in_todays_units(world: World) -> None:
    form = ReportForm.objects.get(code="bc-quy")
    file_report(world.commune_a_org, Q1, {"tt-buoi": 7})  # Phường Thành Công, 2021
    today_unit = AdminUnit.objects.by_code("24133", dt.date(2025, 7, 1))  # Phường Buôn Ma Thuột
    assert world.commune_a_unit.path in current_paths(today_unit)
    assert consolidate(form, Q1, current_paths(today_unit)).as_json() == {"tt-buoi": 7}
    assert consolidate(form, Q1, [today_unit.path]).as_json() == {}  # same code, 2025 unit
    province_today = AdminUnit.objects.by_code("66", dt.date(2025, 7, 1))
    assert consolidate(form, Q1, current_paths(province_today)).as_json() == {"tt-buoi": 7}


STATUSES = st.sampled_from([ReportStatus.APPROVED, ReportStatus.SUBMITTED, ReportStatus.DRAFT])
CODES = ["qua-suat/ho-ngheo", "qua-tri-gia/can-ngheo", "gao-cuu-doi/ho-ngheo", "tt-buoi"]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(STATUSES, min_size=6, max_size=6),
    st.lists(
        st.tuples(
            st.integers(0, 5),  # which commune
            st.sampled_from(CODES),
            st.decimals(min_value=0, max_value=10**9, places=1, allow_nan=False),
        ),
        max_size=25,
    ),
    st.integers(0, 6),
)
def test_consolidation_equals_the_sum_of_exported_values(
    db: None, statuses: list[str], entries: list[tuple[int, str, Decimal]], pick: int
) -> None:
    """For a random subtree, the live total of each indicator is the sum of the values that
    `datavalues export` lists for it among sent and approved reports."""
    district = AdminUnit.objects.by_code("643", Q1_2021)  # Thành phố Buôn Ma Thuột, 2021
    communes = list(district.children.order_by("path")[:6])
    subtree = [district, *communes][pick]
    with transaction.atomic():
        reports = [
            file_report(make_org(OrgKind.FARMERS, unit), Q1, {}, status=status)
            for unit, status in zip(communes, statuses, strict=True)
        ]
        for index, code, value in entries:
            ind_code, _, opt = code.partition("/")
            indicator = Indicator.objects.get(code=ind_code)
            option = next(o for o in indicator.breakdown() if o and o.code == opt) if opt else None
            DataValue.objects.update_or_create(
                report=reports[index],
                indicator=indicator,
                option=option,
                defaults={"value": value.to_integral_value() if indicator.is_whole else value},
            )
        form = ReportForm.objects.get(code="bc-quy")
        totals = consolidate(form, Q1, [subtree.path]).as_json()
        expected: dict[str, Decimal] = {}
        for row in export_rows(Q1, [subtree.path]):
            if row["status"] in {ReportStatus.APPROVED, ReportStatus.SUBMITTED}:
                total = expected.get(row["indicator"], Decimal(0))
                expected[row["indicator"]] = total + Decimal(row["value"])
        got = {
            code: Decimal(str(v["total"] if isinstance(v, dict) else v))
            for code, v in totals.items()
        }
        assert got == expected
        transaction.set_rollback(True)


def test_completeness_counts_on_time_late_returned_missing(world: World) -> None:
    unit = world.commune_a_unit
    kinds = [OrgKind.FARMERS, OrgKind.WOMEN, OrgKind.YOUTH, OrgKind.VETERANS]
    farmers, women, youth, veterans = (make_org(k, unit) for k in kinds)
    file_report(world.commune_a_org, Q1, {}, sent=dt.datetime(2021, 4, 5, 9, tzinfo=dt.UTC))
    file_report(farmers, Q1, {}, sent=dt.datetime(2021, 4, 9, 9, tzinfo=dt.UTC))
    file_report(
        women, Q1, {}, status=ReportStatus.RETURNED, sent=dt.datetime(2021, 4, 1, 9, tzinfo=dt.UTC)
    )
    file_report(youth, Q1, {}, status=ReportStatus.DRAFT)
    form = ReportForm.objects.get(code="bc-quy")
    result = completeness(form, Q1, [unit.path])
    assert result.as_json() == {
        "expected": 5,
        "received": 2,
        "on_time": 1,
        "late": 1,
        "returned": 1,
        "missing": 2,
    }
    assert {row.organization for row in result.missing_rows} == {women, youth, veterans}
    # The counts of the pages, grouped in the database, are the list's counts.
    counted = tally(form, Q1, [unit.path])
    assert counted.as_json() == result.as_json() and counted.unfiled == 3
    district = unit.parent
    assert district is not None
    below = list(AdminUnit.objects.filter(parent=district.parent).at(Q1.end))
    assert counted.by_unit(below) == result.by_unit(below) == {district.pk: (5, 2)}
    year = tally(form, Period.parse("2021"), [unit.path])
    assert (
        year.expected == 20
        and year.as_json() == completeness(form, Period.parse("2021"), [unit.path]).as_json()
    )


def test_a_changed_form_is_read_again(world: World) -> None:
    """The form's items are kept between calls; a change to them is seen at once."""
    file_report(world.commune_a_org, Q1, {"tt-buoi": 4, "tt-dong-nhat": 300})
    form = ReportForm.objects.get(code="bc-quy")
    assert consolidate(form, Q1, ["/"]).as_json()["tt-buoi"] == 4
    tt_buoi = Indicator.objects.get(code="tt-buoi")
    item = form.items.get(indicator=tt_buoi)
    item.delete()
    assert "tt-buoi" not in consolidate(form, Q1, ["/"]).as_json()
    form.items.create(indicator=tt_buoi, section=item.section, order=item.order)
    assert consolidate(form, Q1, ["/"]).as_json()["tt-buoi"] == 4
    # The way an indicator adds up, changed in the admin, changes the figure.
    file_report(world.commune_b_org, Q1, {"tt-buoi": 10})
    assert consolidate(form, Q1, ["/"]).as_json()["tt-buoi"] == 14
    tt_buoi.aggregation = Aggregation.MAX
    tt_buoi.save()
    assert consolidate(form, Q1, ["/"]).as_json()["tt-buoi"] == 10
    # A new option of a breakdown is a new row of the figures.
    qua = Indicator.objects.get(code="qua-suat")
    assert qua.category is not None
    assert "moi" not in [o.code for o in consolidate(form, Q1, ["/"]).options[qua.pk]]
    qua.category.options.create(code="moi", name="Nhóm mới", order=99)
    assert "moi" in [o.code for o in consolidate(form, Q1, ["/"]).options[qua.pk]]


def test_consolidation_pages_are_scoped_and_query_counts_pinned(world: World) -> None:
    women = make_org(OrgKind.WOMEN, world.commune_a_unit)
    file_report(women, Q1, {"qua-suat/ho-ngheo": 73_850, "qua-tri-gia/ho-ngheo": 33_214_000_000})
    province = client_for(world.province)
    query = "?form=bc-quy&period=2021Q1"
    province.get(f"/tong-hop/{query}")  # the form's items are read once per process
    with CaptureQueriesContext(connection) as first:
        page = province.get(f"/tong-hop/{query}").content.decode()
    assert "73.850" in page and "33.214.000.000" in page
    # Ten times the reports, same number of queries.
    parent = world.commune_a_unit.parent
    assert parent is not None
    for unit in AdminUnit.objects.filter(parent=parent)[:10]:
        file_report(make_org(OrgKind.YOUTH, unit), Q1, {"tt-buoi": 3})
    with CaptureQueriesContext(connection) as second:
        assert province.get(f"/tong-hop/{query}").status_code == 200
    # The registers set beside the reports (ledger, sessions, drives, incidents) are a few
    # grouped queries whatever the volume.
    assert len(second) == len(first) <= 27
    with CaptureQueriesContext(connection) as listing:
        assert province.get(f"/tong-hop/tien-do/{query}").status_code == 200
    assert len(listing) <= 20

    # Another province's officer sees none of Đắk Lắk's figures; anonymous goes to login.
    outside = client_for(world.outsider).get(f"/tong-hop/{query}").content.decode()
    assert "73.850" not in outside
    assert client_for(None).get(f"/tong-hop/{query}").status_code == 302
    assert client_for(world.no_role).get(f"/tong-hop/{query}").status_code == 404
    # A commune's officer sees its own commune, not its neighbour's.
    b_page = client_for(world.commune_b).get(f"/tong-hop/{query}").content.decode()
    assert "73.850" not in b_page
    # Asking for the neighbour's unit by its number shows one's own, and says so.
    foreign = client_for(world.commune_b).get(f"/tong-hop/{query}&unit={world.commune_a_unit.pk}")
    text = foreign.content.decode()
    assert "73.850" not in text and "không thuộc phạm vi của bạn" in text


def test_consolidate_and_indicators_commands(world: World) -> None:
    file_report(world.commune_a_org, Q1, {"gao-cuu-doi/ho-ngheo": Decimal("497300.5")})
    out = io.StringIO()
    call_command("consolidate", "--under", "66", "--period", "2021Q1", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "gao-cuu-doi": {"total": "497300.5", "ho-ngheo": "497300.5"}
    }
    out = io.StringIO()
    call_command(
        "consolidate",
        "--under",
        "66",
        "--period",
        "2021Q1",
        "--in-current-units",
        "--json",
        "--approved-only",
        "--org-kind",
        "front",
        stdout=out,
    )
    assert json.loads(out.getvalue())["gao-cuu-doi"]["total"] == "497300.5"
    out = io.StringIO()
    call_command("indicators", "--json", stdout=out)
    rows = {row["code"]: row for row in json.loads(out.getvalue())}
    assert rows["qua-tri-gia"] == {
        "code": "qua-tri-gia",
        "name": "Trị giá quà trao tặng",
        "unit": "đồng",
        "value_type": "money",
        "aggregation": "sum",
        "breakdown": "doi-tuong",
    }
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("consolidate", "--period", "2021Q5", "--json")
    with pytest.raises(CommandError, match="Không có đơn vị hành chính mã “99999”"):
        call_command("consolidate", "--under", "99999", "--period", "2021Q1", "--json")


@pytest.fixture
def committed_forms(national_units: None) -> None:
    """The forms, which an earlier flush of a committing test may have emptied."""
    load_forms(apps)


def _by_unit_cells(html: bytes, table: str) -> list[list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td, th")]
        for row in soup.select(f"{table} tbody tr")
    ]


@pytest.mark.django_db(transaction=True)
def test_kept_figures_follow_every_submit_and_return_at_once(
    committed_forms: None, world: World
) -> None:
    """Committed for real, so that the pages keep what they read from the roll-ups between
    requests: a submit and a return show on the next request, never a kept older figure."""
    memo.clear()
    approver = make_user("pheduyet-memo", world.province_org, RoleKind.APPROVER)
    file_report(world.commune_a_org, Q1, {"qua-suat/ho-ngheo": 600})
    province = client_for(approver)
    query = "?form=bc-quy&period=2021Q1"
    district = world.commune_a_unit.parent
    assert district is not None

    def district_row(url: str, table: str) -> list[str]:
        rows = _by_unit_cells(province.get(url).content, table)
        return next(r for r in rows if r[0].startswith(district.name))

    with CaptureQueriesContext(connection) as first:
        assert "600" in district_row(f"/tong-hop/{query}", "#by-unit")
    with CaptureQueriesContext(connection) as second:
        assert "600" in district_row(f"/tong-hop/{query}", "#by-unit")
    assert len(second) < len(first)  # the units' figures were kept, not read again
    sent = file_report(world.commune_b_org, Q1, {"qua-suat/ho-ngheo": 300}, status="submitted")
    assert "900" in district_row(f"/tong-hop/{query}", "#by-unit")
    assert "900" in district_row(f"/bang-dieu-khien/{query}", "#units-below")
    actions.return_report(sent, "Thiếu số liệu tháng 3", acting_user=approver)
    assert "600" in district_row(f"/tong-hop/{query}", "#by-unit")
    assert "600" in district_row(f"/bang-dieu-khien/{query}", "#units-below")
    assert rollups.verify() == []


def test_a_unit_of_today_asked_for_2021_is_named_not_called_outside_the_scope(
    world: World,
) -> None:
    """The province's officer, on today's province, types 2021Q1 into the period: the unit is
    theirs, it just did not exist then. The page says so and how to read 2021 in it."""
    file_report(world.commune_a_org, Q1, {"tt-buoi": 7})
    query = f"form=bc-quy&period=2021Q1&unit={world.province_unit.pk}"
    for url in (f"/tong-hop/?{query}&current=0", f"/tong-hop/tien-do/?{query}&current=0"):
        page = client_for(world.province).get(url).content.decode()
        alert = BeautifulSoup(page, "html.parser").select_one("p.error[role=alert]")
        assert alert is not None, url
        text = " ".join(alert.get_text().split())
        assert "không thuộc phạm vi" not in text
        assert "Tỉnh Đắk Lắk (đơn vị hiện nay) chưa có trong kỳ quý I/2021" in text
        assert "Quy về đơn vị hành chính hiện nay" in text
    ticked = client_for(world.province).get(f"/tong-hop/?{query}&current=1").content.decode()
    assert 'role="alert"' not in ticked

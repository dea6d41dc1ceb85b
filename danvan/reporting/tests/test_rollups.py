"""Roll-up rows: every write that changes what counts keeps them equal to the raw values, and
consolidation read through them answers what the raw values answer, for every scope, period,
status and era."""

import datetime as dt
import io
import threading
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connections
from django.db.models import Count, Max, Sum

from danvan.conftest import Q1_2021, World, make_org, make_user
from danvan.core.periods import Period
from danvan.geo.models import AdminUnit, current_paths
from danvan.orgs.models import OrgKind, RoleKind
from danvan.reporting import actions, exchange, rollups
from danvan.reporting.consolidation import (
    Cell,
    aggregate,
    by_unit,
    consolidate,
    report_filter,
    unit_finder,
)
from danvan.reporting.loader import load_forms
from danvan.reporting.models import (
    Aggregation,
    DataValue,
    Grain,
    Indicator,
    Report,
    ReportForm,
    ReportStatus,
    Rollup,
)
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.helpers import VALID, post_data
from danvan.reporting.tests.test_consolidation import file_report

TODAY = dt.date(2025, 7, 1)
Q1 = Period.parse("2021Q1")


def raw_cells(
    form: ReportForm, period: Period, paths: list[str], **flags: Any
) -> dict[tuple[int, int | None, str], Cell]:
    """What consolidation gave before roll-ups: one grouped query over the raw values (without
    the "last value" replacement, which reads the raw values either way)."""
    by_kind = flags.pop("by_kind", False)
    where = report_filter(form, period, paths, prefix="report__", **flags)
    keys = ["indicator_id", "option_id"] + (["report__org_kind"] if by_kind else [])
    rows = (
        DataValue.objects.filter(where)
        .values(*keys)
        .annotate(total=Sum("value"), count=Count("id"), largest=Max("value"))
        .order_by()
    )
    return {
        (r["indicator_id"], r["option_id"], r.get("report__org_kind", "")): Cell(
            r["total"], r["count"], r["largest"]
        )
        for r in rows
    }


def assert_same_as_raw(form: ReportForm, period: Period, paths: list[str], **flags: Any) -> None:
    answer = consolidate(form, period, paths, **flags)
    raw = raw_cells(form, period, paths, **flags)
    last = {i.pk for i in answer.indicators if i.aggregation == Aggregation.LAST}
    multi = len(period.parts(form.type)) > 1
    assert {k for k in answer.cells if not (multi and k[0] in last)} == {
        k for k in raw if not (multi and k[0] in last)
    }
    for key, cell in answer.cells.items():
        if multi and key[0] in last:
            continue
        indicator = next(i for i in answer.indicators if i.pk == key[0])
        assert cell.total == raw[key].total
        if indicator.aggregation == Aggregation.AVERAGE:
            assert cell.count == raw[key].count
        if indicator.aggregation == Aggregation.MAX:
            assert cell.largest == raw[key].largest


def rollup_rows() -> list[tuple[Any, ...]]:
    return sorted(
        Rollup.objects.values_list(
            "form_id",
            "period_start",
            "grain",
            "path",
            "org_kind",
            "status",
            "indicator_id",
            "option_id",
            "total",
            "count",
            "largest",
        ),
        key=str,
    )


def scopes(world: World) -> list[list[str]]:
    district = AdminUnit.objects.by_code("643", Q1_2021)
    province_today = AdminUnit.objects.by_code("66", TODAY)
    commune_today = AdminUnit.objects.by_code("24133", TODAY)
    return [
        ["/"],
        [world.commune_a_unit.path.rsplit("/", 3)[0] + "/"],  # Đắk Lắk of 2021
        [district.path],
        [world.commune_a_unit.path],
        current_paths(province_today),
        current_paths(commune_today),
        [province_today.path],
        [world.province_unit.path, world.outside_unit.path],
    ]


def test_consolidation_through_rollups_equals_raw_for_every_scope_period_status_era(
    world: World,
) -> None:
    commune_today = AdminUnit.objects.by_code("24133", TODAY)
    women_a = make_org(OrgKind.WOMEN, world.commune_a_unit)
    farmers_today = make_org(OrgKind.FARMERS, commune_today)
    filed: list[tuple[Period, Any, str, dict[str, int | Decimal]]] = [
        (Q1, women_a, ReportStatus.APPROVED, {"qua-suat/ho-ngheo": 40, "tt-dong-nhat": 120}),
        (Q1, world.commune_b_org, ReportStatus.SUBMITTED, {"qua-suat/ho-ngheo": 7, "tt-buoi": 2}),
        (Q1, world.province_org, ReportStatus.APPROVED, {"tt-buoi": 3, "bc-tien-do": 60}),
        (Period.parse("2021Q2"), women_a, ReportStatus.SUBMITTED, {"bc-tien-do": 90}),
        (Period.parse("2021Q3"), women_a, ReportStatus.RETURNED, {"tt-buoi": 1000}),
        (Period.parse("2025Q3"), farmers_today, ReportStatus.APPROVED, {"tt-buoi": 11}),
        (Period.parse("2025Q3"), world.province_org, ReportStatus.SUBMITTED, {"tt-buoi": 5}),
    ]
    for period, org, status, values in filed:
        file_report(org, period, dict(values), status=status)
    for month, members in [("202101", Decimal(30)), ("202103", Decimal(34))]:
        file_report(women_a, Period.parse(month), {"hv-tong-so": members}, form="bc-thang")
    assert rollups.verify() == []
    for code in ["bc-quy", "bc-thang"]:
        form = ReportForm.objects.get(code=code)
        for code_of_period in ["2021Q1", "2021", "2025Q3", "2025"]:
            asked = Period.parse(code_of_period)
            for paths in scopes(world):
                for flags in [{}, {"approved_only": True}, {"by_kind": True}]:
                    assert_same_as_raw(form, asked, paths, **flags)
                assert_same_as_raw(form, asked, paths, org_kind=OrgKind.WOMEN)
    quarterly = ReportForm.objects.get(code="bc-quy")
    national = consolidate(quarterly, Q1, ["/"]).as_json()
    assert national["qua-suat"] == {"total": 47, "ho-ngheo": 47}
    assert national["tt-buoi"] == 5 and national["tt-dong-nhat"] == 120
    assert consolidate(quarterly, Q1, ["/"], approved_only=True).as_json()["tt-buoi"] == 3
    # "Latest version wins" for a last-value indicator still holds: March's count, not the sum.
    monthly = ReportForm.objects.get(code="bc-thang")
    assert consolidate(monthly, Q1, ["/"]).as_json()["hv-tong-so"] == 34
    # A 2021 figure re-expressed in today's units.
    province_today = AdminUnit.objects.by_code("66", TODAY)
    assert consolidate(quarterly, Q1, current_paths(province_today)).as_json()["tt-buoi"] == 5


def test_by_unit_through_rollups_equals_raw(world: World) -> None:
    file_report(world.commune_a_org, Q1, {"tt-buoi": 4, "tt-dong-nhat": 50})
    file_report(world.commune_b_org, Q1, {"tt-buoi": 6, "tt-dong-nhat": 80})
    file_report(world.province_org, Q1, {"tt-buoi": 1})
    form = ReportForm.objects.get(code="bc-quy")
    district = AdminUnit.objects.by_code("643", Q1_2021)
    assert district.parent is not None
    for units in [
        list(AdminUnit.objects.at(Q1_2021).filter(level="province")),
        list(district.parent.children.all()),
        list(district.children.all()),
    ]:
        parent = units[0].path.rsplit("/", 2)[0] + "/"
        cells: dict[int, dict[int, Cell]] = defaultdict(lambda: defaultdict(Cell))
        rows = (
            DataValue.objects.filter(report_filter(form, Q1, [parent], prefix="report__"))
            .values_list("report__unit__path", "indicator")
            .annotate(total=Sum("value"), count=Count("id"), largest=Max("value"))
        )
        for path, indicator, total, count, largest in rows:
            unit_id = units[0].parent_id if path == parent else None
            unit_id = unit_id or unit_finder(units)(path)
            if unit_id is not None:
                cells[unit_id][indicator].add(Cell(total, count, largest))
        indicators = {i.pk: i for i in Indicator.objects.all()}
        expected = {
            unit: {i: aggregate(indicators[i], cell) for i, cell in row.items()}
            for unit, row in cells.items()
        }
        assert expected and by_unit(form, Q1, units) == expected


def test_every_workflow_step_keeps_rollups_equal_to_raw(bloc: Bloc, april_2021: None) -> None:
    """Submit, return, resubmit with other figures, approve, reopen, save a new version,
    resubmit: after each, the roll-ups agree with the values, and the province's
    consolidation page shows the figure of the step."""
    officer, reviewer = client_for(bloc.entry_a), client_for(bloc.approver)
    officer.post("/bao-cao/lap/", {"form": "bc-quy", "org": bloc.women_a.pk, "period": "2021Q1"})
    report = Report.objects.get(organization=bloc.women_a, period="2021Q1")
    form = bloc.form
    province = [bloc.world.commune_a_unit.path.rsplit("/", 3)[0] + "/"]

    def sessions() -> Decimal | None:
        assert rollups.verify() == []
        return consolidate(form, Q1, province).as_json().get("tt-buoi")

    def send(values: dict[str, str]) -> None:
        report.refresh_from_db()
        response = officer.post(
            f"/bao-cao/{report.pk}/",
            post_data(report, values, action="submit", warning_note="Tăng do chiến dịch."),
        )
        assert response.status_code == 302

    def decide(action: str, comment: str = "") -> None:
        response = reviewer.post(
            f"/bao-cao/{report.pk}/xu-ly/", {"action": action, "comment": comment}
        )
        assert response.status_code == 302

    report.refresh_from_db()
    officer.post(f"/bao-cao/{report.pk}/", post_data(report, VALID, action="save"))
    assert sessions() is None  # a draft does not count
    send(VALID)
    assert sessions() == 5
    assert Rollup.objects.filter(grain=Grain.PROVINCE, status=ReportStatus.SUBMITTED).exists()
    decide("return", "Bổ sung số buổi.")
    assert sessions() is None
    send({**VALID, "tt-buoi": "8"})
    assert sessions() == 8
    decide("approve")
    assert sessions() == 8
    assert consolidate(form, Q1, province, approved_only=True).as_json()["tt-buoi"] == 8
    assert not Rollup.objects.filter(status=ReportStatus.SUBMITTED).exists()
    page = client_for(bloc.approver).get("/tong-hop/", {"period": "2021Q1", "approved": "1"})
    assert page.status_code == 200
    decide("reopen", "Sửa số lượt người.")
    assert sessions() is None
    report.refresh_from_db()
    officer.post(
        f"/bao-cao/{report.pk}/", post_data(report, {**VALID, "tt-buoi": "9"}, action="save")
    )
    assert sessions() is None
    send({**VALID, "tt-buoi": "9"})
    assert sessions() == 9


def test_an_import_then_submit_keeps_rollups_equal_to_raw(bloc: Bloc, april_2021: None) -> None:
    rows = [
        {
            "indicator": "tt-buoi",
            "period": "2021Q1",
            "unit": bloc.women_a.admin_unit.code,
            "organization": bloc.women_a.name,
            "breakdown": "",
            "value": "12",
        }
    ]
    result = exchange.import_rows(rows)
    assert result.ok, result.errors
    assert rollups.verify() == [] and not Rollup.objects.exists()
    report = Report.objects.get(organization=bloc.women_a)
    client_for(bloc.entry_a).post(
        f"/bao-cao/{report.pk}/",
        post_data(report, {**VALID, "tt-buoi": "12"}, action="submit", warning_note="Có lý do."),
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert rollups.verify() == []
    assert consolidate(bloc.form, Q1, ["/"]).as_json()["tt-buoi"] == 12


def test_the_order_of_writes_does_not_change_the_rollups(world: World) -> None:
    women_a = make_org(OrgKind.WOMEN, world.commune_a_unit)
    women_b = make_org(OrgKind.WOMEN, world.commune_b_unit)
    first = file_report(women_a, Q1, {"tt-buoi": 4, "tt-dong-nhat": 300})
    second = file_report(women_b, Q1, {"tt-buoi": 6, "tt-dong-nhat": 200})
    one_way = rollup_rows()
    Report.objects.all().delete()
    assert not Rollup.objects.exists()
    second = file_report(women_b, Q1, {"tt-buoi": 6, "tt-dong-nhat": 200})
    first = file_report(women_a, Q1, {"tt-buoi": 4, "tt-dong-nhat": 300})
    assert rollup_rows() == one_way
    # Taking out the report that held the maximum lowers the province's maximum.
    first.status = ReportStatus.RETURNED
    first.save()
    form = ReportForm.objects.get(code="bc-quy")
    assert consolidate(form, Q1, ["/"]).as_json()["tt-dong-nhat"] == 200
    second.delete()
    assert consolidate(form, Q1, ["/"]).as_json() == {}
    assert not Rollup.objects.exists()


def test_verify_reports_a_corrupted_rollup_and_rebuild_repairs_it(world: World) -> None:
    file_report(world.commune_a_org, Q1, {"tt-buoi": 4})
    row = Rollup.objects.get(grain=Grain.UNIT)
    Rollup.objects.filter(pk=row.pk).update(total=Decimal(5))
    Rollup.objects.create(
        form=row.form, period_start=row.period_start, period_end=row.period_end,
        grain=Grain.UNIT, path=world.commune_b_unit.path, org_kind=row.org_kind,
        status=row.status, indicator=row.indicator, total=Decimal(1), count=1,
        largest=Decimal(1),
    )  # fmt: skip
    problems = rollups.verify()
    assert len(problems) == 2
    assert "đang lưu tổng 5" in problems[0] + problems[1]
    assert "tính lại từ số liệu gốc được không có" in problems[0] + problems[1]
    errors = io.StringIO()
    with pytest.raises(CommandError, match="2 sai lệch"):
        call_command("rollups", "verify", stderr=errors)
    assert "Sai lệch số tổng hợp sẵn" in errors.getvalue()
    output = io.StringIO()
    call_command("rollups", "rebuild", stdout=output)
    # the unit's, the province's and the country's
    assert "Đã dựng lại 3 dòng" in output.getvalue()
    call_command("rollups", "verify", stdout=output)
    assert "khớp" in output.getvalue()
    form = ReportForm.objects.get(code="bc-quy")
    assert consolidate(form, Q1, ["/"]).as_json() == {"tt-buoi": 4}


@pytest.fixture
def forms(national_units: None) -> None:
    """Committed data for threads: the forms too, which an earlier flush may have emptied."""
    load_forms(apps)


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_in_one_province_all_count(forms: None, world: World) -> None:
    """Six reports of one province approved at the same moment, each in its own transaction
    and connection: every approval is in the province's roll-up, whichever commits first."""
    approver = make_user("pheduyet", world.province_org, RoleKind.APPROVER)
    units = [world.commune_a_unit, world.commune_b_unit]
    reports = [
        file_report(make_org(kind, unit), Q1, {"tt-buoi": 10 * n + 1, "tt-dong-nhat": n})
        for n, (kind, unit) in enumerate(
            (kind, unit)
            for kind in (OrgKind.WOMEN, OrgKind.FARMERS, OrgKind.YOUTH)
            for unit in units
        )
    ]
    Report.objects.update(status=ReportStatus.SUBMITTED)
    rollups.rebuild()
    start = threading.Barrier(len(reports))
    errors: list[Exception] = []

    def approve(report: Report) -> None:
        try:
            start.wait()
            actions.approve_report(report, acting_user=approver)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(r,)) for r in reports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert rollups.verify() == []
    form = ReportForm.objects.get(code="bc-quy")
    approved = consolidate(form, Q1, ["/"], approved_only=True).as_json()
    assert approved == {"tt-buoi": sum(10 * n + 1 for n in range(6)), "tt-dong-nhat": 5}
    assert not Rollup.objects.filter(status=ReportStatus.SUBMITTED).exists()


def test_a_value_deleted_or_changed_directly_is_followed(world: World) -> None:
    report = file_report(world.commune_a_org, Q1, {"tt-buoi": 4, "tt-luot-nguoi": 90})
    form = ReportForm.objects.get(code="bc-quy")
    value = report.values.get(indicator__code="tt-buoi")
    value.value = Decimal(6)
    value.save()
    assert consolidate(form, Q1, ["/"]).as_json() == {"tt-buoi": 6, "tt-luot-nguoi": 90}
    value.delete()
    assert consolidate(form, Q1, ["/"]).as_json() == {"tt-luot-nguoi": 90}
    report.delete()
    assert consolidate(form, Q1, ["/"]).as_json() == {}
    assert not Rollup.objects.exists()

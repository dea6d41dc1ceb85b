"""Exchange between servers, in one database: the centre's endpoint as an entry officer of the
province, both eras of units, re-sending, a changed value, and the signed file's checks."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from danvan.api.tests.conftest import Api, token_for
from danvan.conftest import World, make_org, make_user
from danvan.core.periods import Period
from danvan.geo.loader import LAST_PRE_REFORM_DAY
from danvan.geo.models import AdminUnit
from danvan.orgs.models import OrgKind, RoleKind, User
from danvan.reporting import actions, interchange
from danvan.reporting.models import (
    DataValue,
    Indicator,
    NarrativeChange,
    Report,
    ReportEvent,
    ReportForm,
    ReportStatus,
    ValueChange,
)

Q1 = Period.parse("2021Q1")


def approved(
    org: Any, period: Period, value: int, narrative: dict[str, str] | None = None
) -> Report:
    """A report the sender's province has approved (its own workflow is tested elsewhere)."""
    report = Report.new(ReportForm.objects.get(code="bc-quy"), org, period)
    report.status = ReportStatus.APPROVED
    report.narrative = narrative or {}
    report.save()
    indicator = Indicator.objects.get(code="tt-buoi")
    DataValue.objects.create(report=report, indicator=indicator, value=Decimal(value))
    for item in report.form.items.filter(required=True).exclude(indicator=indicator):
        options: list[Any] = [o for o in item.indicator.breakdown() if o] or [None]
        for option in options:
            DataValue.objects.create(
                report=report, indicator=item.indicator, option=option, value=Decimal(0)
            )
    return report


def set_value(report: Report, value: int) -> None:
    # Saved one by one (not QuerySet.update) so that the province's roll-ups follow, as every
    # write of the app's own does.
    for stored in report.values.filter(indicator__code="tt-buoi"):
        stored.value = Decimal(value)
        stored.save(update_fields=["value"])


def sessions(report: Report) -> Decimal:
    return report.values.get(indicator__code="tt-buoi").value


@pytest.fixture
def centre(world: World) -> User:
    """The centre's officer who enters the province's report (today's Đắk Lắk)."""
    return make_user("nhan_dak_lak", world.province_org, RoleKind.DATA_ENTRY)


@pytest.fixture
def sent_2021(world: World) -> dict[str, Report]:
    """The 2021 province (Đắk Lắk before the merger): two communes and its own report."""
    old_province = AdminUnit.objects.by_code("66", LAST_PRE_REFORM_DAY)
    commission = make_org(OrgKind.COMMISSION, old_province, "Ban Dân vận Tỉnh ủy Đắk Lắk (2021)")
    return {
        "a": approved(world.commune_a_org, Q1, 5),
        "b": approved(world.commune_b_org, Q1, 7),
        "own": approved(commission, Q1, 0, {"ket-qua": "Toàn tỉnh tổ chức 12 buổi."}),
    }


def the_report(world: World, period: Period = Q1) -> Report:
    return Report.objects.get(organization=world.province_org, period=period.code)


def test_a_2021_province_lands_in_todays_province_once(
    world: World, centre: User, sent_2021: dict[str, Report]
) -> None:
    api = Api(token_for(centre))
    payload = interchange.build_payload("66", Q1)
    assert payload["province"] == {
        "code": "66",
        "name": payload["province"]["name"],
        "at": "2021-03-31",
    }

    first = api.post("/exchange", payload)
    assert first.status_code == 200, first.content
    assert first.json()["changed"] is True
    assert first.json()["submitted"] is True, first.json()
    report = the_report(world)
    assert report.unit == world.province_unit  # today's Đắk Lắk, through the succession
    assert report.status == ReportStatus.SUBMITTED
    assert sessions(report) == Decimal(12)
    assert report.narrative == {"ket-qua": "Toàn tỉnh tổ chức 12 buổi."}
    version, events = report.version, report.events.count()

    again = api.post("/exchange", payload)
    assert again.status_code == 200
    assert again.json()["changed"] is False
    report.refresh_from_db()
    assert (report.version, report.events.count()) == (version, events)
    assert not ValueChange.objects.exists()

    # A change while the centre holds the report as sent: refused, nothing written.
    set_value(sent_2021["a"], 6)
    refused = api.post("/exchange", interchange.build_payload("66", Q1))
    assert refused.status_code == 400
    assert "trả lại hoặc mở lại" in refused.json()["message"]
    report.refresh_from_db()
    assert (report.version, sessions(report)) == (version, Decimal(12))

    # Once the centre sends it back, the new figure is a new version with its history.
    approver = make_user("duyet_tw", world.province_org, RoleKind.APPROVER)
    actions.return_report(report, "Tỉnh gửi lại số liệu", acting_user=approver)
    changed = api.post("/exchange", interchange.build_payload("66", Q1))
    assert changed.status_code == 200, changed.content
    report.refresh_from_db()
    assert report.version > version
    assert report.status == ReportStatus.SUBMITTED
    assert sessions(report) == Decimal(13)
    change = ValueChange.objects.get(report=report)
    assert (change.old_value, change.new_value, change.user) == (Decimal(12), Decimal(13), centre)
    assert change.source == "exchange"
    assert not NarrativeChange.objects.exists()


def test_a_province_in_todays_units(world: World, centre: User) -> None:
    period = Period.parse("2025Q4")
    today = timezone.localdate()
    commune = (
        AdminUnit.objects.at(today)
        .filter(level="commune", path__startswith=world.province_unit.path)
        .first()
    )
    assert commune is not None
    approved(make_org(OrgKind.FRONT, commune), period, 9)
    response = Api(token_for(centre)).post("/exchange", interchange.build_payload("66", period))
    assert response.status_code == 200, response.content
    assert sessions(the_report(world, period)) == Decimal(9)


def test_only_the_provinces_entry_officer_may_record(world: World, sent_2021: Any) -> None:
    payload = interchange.build_payload("66", Q1)
    other = make_org(OrgKind.COMMISSION, world.outside_unit, "Ban Dân vận khác")
    for user in (
        make_user("nhap_xa", world.commune_a_org, RoleKind.DATA_ENTRY),
        make_user("nhap_tinh_khac", other, RoleKind.DATA_ENTRY),
        world.province,  # views only
    ):
        response = Api(token_for(user)).post("/exchange", payload)
        assert response.status_code == 403, user
        assert response.json()["code"] == "forbidden"
    assert not Report.objects.filter(organization=world.province_org).exists()


def test_an_unknown_province_is_a_clear_error(centre: User) -> None:
    payload = {
        "format": interchange.FORMAT,
        "province": {"code": "99", "at": "2021-03-31"},
        "form": "bc-quy",
        "period": "2021Q1",
        "values": [],
    }
    response = Api(token_for(centre)).post("/exchange", payload)
    assert response.status_code == 422
    assert "tỉnh mã “99”" in response.json()["message"]


# --- signed files --------------------------------------------------------------------------


@pytest.fixture
def keys(tmp_path: Path, settings: Any) -> Path:
    call_command("exchange", "keygen", "-o", str(tmp_path / "tinh.pem"))
    settings.EXCHANGE_PRIVATE_KEY = str(tmp_path / "tinh.pem")
    settings.EXCHANGE_TRUSTED_KEYS = str(tmp_path / "tinh.pem.pub")
    return tmp_path


def export(path: Path, *extra: str) -> bytes:
    call_command(
        "exchange", "export", "--period", "2021Q1", "--province", "66", "-o", str(path), *extra
    )
    return path.read_bytes()


def test_a_signed_file_round_trip(world: World, centre: User, sent_2021: Any, keys: Path) -> None:
    export(keys / "q1.json")
    call_command("exchange", "import", str(keys / "q1.json"), "--user", centre.username)
    report = the_report(world)
    assert sessions(report) == Decimal(12)
    version = report.version
    call_command("exchange", "import", str(keys / "q1.json"), "--user", centre.username)
    report.refresh_from_db()
    assert report.version == version


def refused(path: Path, centre: User, words: str) -> None:
    with pytest.raises(CommandError, match=words):
        call_command("exchange", "import", str(path), "--user", centre.username)
    assert not ReportEvent.objects.filter(user=centre).exists()


def test_a_tampered_file_is_refused(world: World, centre: User, sent_2021: Any, keys: Path) -> None:
    content = export(keys / "q1.json")
    assert b'"12"' in content
    (keys / "bad.json").write_bytes(content.replace(b'"12"', b'"13"', 1))
    refused(keys / "bad.json", centre, "Chữ ký của tệp trao đổi không đúng")
    (keys / "cut.json").write_bytes(content[:-10])
    refused(keys / "cut.json", centre, "Tệp trao đổi hỏng")
    unsigned = json.loads(content)
    del unsigned["signature"]
    (keys / "unsigned.json").write_text(json.dumps(unsigned), encoding="utf-8")
    refused(keys / "unsigned.json", centre, "không có chữ ký")
    assert not Report.objects.filter(organization=world.province_org).exists()


def test_a_file_from_an_unknown_sender_is_refused(
    world: World, centre: User, sent_2021: Any, keys: Path
) -> None:
    call_command("exchange", "keygen", "-o", str(keys / "la.pem"))
    export(keys / "q1.json", "--key", str(keys / "la.pem"))
    refused(keys / "q1.json", centre, "không được tin cậy")
    assert not Report.objects.filter(organization=world.province_org).exists()

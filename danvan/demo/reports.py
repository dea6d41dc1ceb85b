"""Demo reports: Q1 2021 for Đắk Lắk, as the bloc's units filed them.

The province totals of the counted reports are exactly the figures behind the seed article
("gần 74.000 suất quà trị giá hơn 33 tỉ đồng, gần 500 tấn gạo"): 73.850 packages worth
33.214.000.000 đồng and 497.300 kg of rice. Most units reported on time; some late, some not at all,
some still drafting; Phường Thành Công's Women's Union had its report returned.
"""

import datetime as dt
import logging
import random
from decimal import Decimal
from typing import TextIO
from zoneinfo import ZoneInfo

from django.db import transaction

from danvan.core.periods import Period
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Notification, OrgKind, User
from danvan.reporting import rollups
from danvan.reporting.actions import approve_report, return_report
from danvan.reporting.consolidation import expected_organizations
from danvan.reporting.models import (
    CategoryOption,
    DataValue,
    EventKind,
    Indicator,
    Report,
    ReportEvent,
    ReportForm,
    ReportStatus,
)

PERIOD = Period.parse("2021Q1")
PROVINCE = "66"
PACKAGES = 73_850
GIFT_VALUE = 33_214_000_000
RICE_HALF_KG = 994_600  # 497.300 kg, shared out in half kilograms
TARGET_SHARES = {
    "ho-ngheo": 45,
    "can-ngheo": 20,
    "gia-dinh-chinh-sach": 15,
    "nguoi-co-cong": 12,
    "kho-khan-dot-xuat": 8,
}
RETURNED = ("24133", OrgKind.WOMEN)  # Phường Thành Công's Women's Union
DRAFTING = ("24172", OrgKind.WOMEN)  # Xã Hòa Phú's Women's Union, still drafting
DECIDED = (ReportStatus.APPROVED, ReportStatus.RETURNED)
RETURN_REASON = (
    "Đề nghị tách số suất quà theo từng nhóm đối tượng cho đúng thực tế và bổ sung phần tồn "
    "tại, hạn chế."
)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

RESULTS = [
    "Phối hợp trao {qua} suất quà cho hộ nghèo, gia đình chính sách dịp Tết Tân Sửu; tổ chức "
    "{buoi} buổi tuyên truyền Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XII, Nghị quyết Đại hội "
    "XIII của Đảng và phòng, chống dịch Covid-19 với {luot} lượt người tham dự.",
    "Vận động hội viên, nhân dân hỗ trợ {qua} suất quà và gạo cứu đói giáp hạt; tuyên truyền về "
    "bầu cử đại biểu Quốc hội và HĐND các cấp được {buoi} buổi, chú trọng các buôn đồng bào.",
]
SHORTCOMINGS = [
    "Việc nắm bắt tư tưởng hội viên, quần chúng ở một số thôn, buôn chưa kịp thời.",
    "Tuyên truyền giáo dục pháp luật ở địa bàn xa còn hạn chế; kinh phí hoạt động còn khó khăn.",
    "Sự phối hợp giữa các đoàn thể trong chăm lo hộ nghèo có nơi còn trùng lặp.",
]
DIRECTIONS = [
    "Đẩy mạnh tuyên truyền bầu cử, nhất là ở địa bàn trọng điểm; bám nắm tình hình cơ sở.",
    "Tiếp tục chăm lo hộ nghèo, gia đình chính sách; phát triển hội viên mới.",
]


# What the provincial commission's consolidator wrote on the "Nội dung" page: the province's
# own narrative, which the consolidated report (danvan report) prints under the figures.
PROVINCE_NARRATIVE = {
    "ket-qua": (
        "Việc lãnh đạo, tổ chức thực hiện công tác dân vận từ tỉnh đến cơ sở đạt được nhiều "
        "kết quả thiết thực. Cơ quan dân vận, mặt trận và các đoàn thể đã đẩy mạnh tuyên truyền "
        "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XII, Nghị quyết Đại hội Đảng toàn quốc lần thứ "
        "XIII; phòng, chống dịch Covid-19; thực hiện tốt phương châm hướng về cơ sở, chú trọng "
        "các địa bàn trọng điểm.\n"
        "Các cơ quan, đơn vị trong khối dân vận tích cực triển khai công tác bầu cử, tuyên "
        "truyền bầu cử đại biểu Quốc hội khóa XV và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ "
        "2021 - 2026; tham gia giải quyết các vụ việc nóng, phát sinh, phối hợp bảo đảm an ninh "
        "chính trị, trật tự an toàn xã hội tại cơ sở."
    ),
    "ton-tai": (
        "Thực tế cơ sở vẫn còn những tồn tại, bất cập; việc tuyên truyền, giáo dục pháp luật, "
        "nắm bắt tư tưởng quần chúng có nơi chưa tốt. Công tác tập hợp hội viên, quần chúng ở "
        "một số địa bàn chưa linh hoạt, vai trò người đứng đầu chưa được phát huy đầy đủ."
    ),
    "phuong-huong": (
        "Chủ động, sáng tạo trong tập hợp quần chúng, hội viên; bám và nắm chắc tình hình diễn "
        "biến ở cơ sở, kịp thời tham mưu cấp ủy, chính quyền biện pháp tháo gỡ.\n"
        "Đẩy mạnh tuyên truyền bầu cử, nhất là ở địa bàn trọng điểm, khó khăn, giúp người dân "
        "hiểu được quyền, nghĩa vụ công dân, để ngày bầu cử thực sự là ngày hội của toàn dân."
    ),
}


def _share(total: int, weights: list[int]) -> list[int]:
    """`total` split in proportion to `weights`, in whole parts that add up exactly."""
    whole = sum(weights)
    parts = [total * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: -(total * weights[i] % whole))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


@transaction.atomic
def load_demo_reports(out: TextIO) -> None:
    form = ReportForm.objects.get(code="bc-quy")
    province = AdminUnit.objects.by_code(PROVINCE, PERIOD.end)
    if Report.objects.filter(form=form, period=PERIOD.code, unit__path__startswith=province.path):
        out.write("Báo cáo quý I/2021 mẫu đã có, giữ nguyên.\n")
        return
    rng = random.Random(2021)
    organizations = list(expected_organizations(form, PERIOD.end, [province.path]))
    due = PERIOD.end + dt.timedelta(days=form.due_days)

    states: dict[int, str] = {}
    for org in organizations:
        key = (org.admin_unit.code, org.kind)
        if key == RETURNED:
            states[org.pk] = "returned"
        elif key == DRAFTING:
            states[org.pk] = "draft"
        else:
            roll = rng.random()
            states[org.pk] = (
                "missing"
                if roll < 0.04
                else "draft"
                if roll < 0.06
                else "late"
                if roll < 0.16
                else "on_time"
            )
    filed = [org for org in organizations if states[org.pk] != "missing"]
    counted = [org for org in filed if states[org.pk] in {"late", "on_time"}]

    # Communes give most; the province and district bodies give the larger packages.
    weights = [
        rng.randint(20, 120) * (3 if org.admin_unit.level != "commune" else 1) for org in counted
    ]
    packages = dict(zip([o.pk for o in counted], _share(PACKAGES, weights), strict=True))
    price_weights = [packages[o.pk] * rng.randint(60, 150) for o in counted]
    values = dict(
        zip(
            [o.pk for o in counted],
            [v * 1000 for v in _share(GIFT_VALUE // 1000, price_weights)],
            strict=True,
        )
    )
    rice = dict(zip([o.pk for o in counted], _share(RICE_HALF_KG, weights), strict=True))

    indicators = {i.code: i for i in Indicator.objects.filter(form_items__form=form)}
    options = {o.code: o for o in indicators["qua-suat"].breakdown() if o is not None}
    shares = list(TARGET_SHARES.values())

    reports: list[Report] = []
    decisions: dict[int, str] = {}
    for org in filed:
        state = states[org.pk]
        submitted = None
        if state in {"late", "on_time", "returned"}:
            late = state == "late"
            day = (
                due + dt.timedelta(days=rng.randint(2, 15))
                if late
                else due - dt.timedelta(days=rng.randint(0, 4))
            )
            submitted = _at(day, rng.randint(8, 16))
        status = {
            "draft": ReportStatus.DRAFT,
            "returned": ReportStatus.RETURNED,
        }.get(state, ReportStatus.APPROVED if rng.random() < 0.6 else ReportStatus.SUBMITTED)
        if status in DECIDED:
            decisions[org.pk] = status
        reports.append(
            Report.new(
                form,
                org,
                PERIOD,
                # Sent and waiting: the province's decision is taken below, by the action
                # the report page calls, so that it tells the unit as it would in real use.
                status=ReportStatus.SUBMITTED if status in DECIDED else status,
                first_submitted_at=submitted,
                submitted_at=submitted,
                version=3 if submitted else 1,
            )
        )
    Report.objects.bulk_create(reports)

    data: list[DataValue] = []
    events: list[ReportEvent] = []
    for report in reports:
        org_id = report.organization_id
        if org_id in packages:
            qua, money, half_kg = packages[org_id], values[org_id], rice[org_id]
        else:  # a draft or a returned report: figures of its own, not counted
            qua = rng.randint(10, 60)
            money, half_kg = qua * 400_000, qua * 20
        for option, part in zip(options.values(), _share(qua, shares), strict=True):
            if part:
                data.append(_value(report, indicators["qua-suat"], part, option))
        for option, part in zip(options.values(), _share(money // 1000, shares), strict=True):
            if part:
                data.append(_value(report, indicators["qua-tri-gia"], part * 1000, option))
        for option, part in zip(options.values(), _share(half_kg, shares), strict=True):
            if part:
                data.append(_value(report, indicators["gao-cuu-doi"], Decimal(part) / 2, option))
        buoi = rng.randint(3, 14)
        figures = {
            "tt-buoi": buoi,
            "tt-luot-nguoi": buoi * rng.randint(25, 90),
            "tt-trong-diem": rng.randint(0, buoi // 2),
            "tt-bau-cu": rng.randint(1, buoi),
            "tt-dong-nhat": rng.randint(60, 250),
            "bc-tien-do": rng.randint(55, 100),
            "hv-ket-nap": rng.randint(0, 25),
            "hv-tong-so": rng.randint(120, 950),
            "nha-dai-doan-ket": rng.choice([0, 0, 0, 0, 0, 1]),
            "quy-vi-nguoi-ngheo": rng.randint(2, 30) * 500_000,
            "tm-de-xuat": rng.randint(0, 3),
            "giao-ban": 1 if rng.random() < 0.85 else 0,
        }
        vv = rng.choice([0, 0, 0, 1, 1, 2])
        figures |= {"vv-tham-gia": vv, "vv-giai-quyet": min(vv, rng.randint(0, 2))}
        figures["hoa-giai-thanh"] = rng.randint(0, 4)
        for code, figure in figures.items():
            data.append(_value(report, indicators[code], figure))
        report.narrative = {
            "ket-qua": rng.choice(RESULTS).format(
                qua=f"{qua:,}".replace(",", "."),
                buoi=buoi,
                luot=f"{figures['tt-luot-nguoi']:,}".replace(",", "."),
            ),
            "ton-tai": rng.choice(SHORTCOMINGS),
            "phuong-huong": rng.choice(DIRECTIONS),
        }
        if report.organization.kind == "commission" and report.unit_id == province.pk:
            report.narrative = dict(PROVINCE_NARRATIVE)
        if report.submitted_at is not None:
            events.append(
                ReportEvent(report=report, kind=EventKind.SUBMITTED, at=report.submitted_at)
            )
    DataValue.objects.bulk_create(data, batch_size=2000)
    Report.objects.bulk_update(reports, ["narrative"], batch_size=500)
    ReportEvent.objects.bulk_create(events, batch_size=2000)
    decided = _decide(reports, decisions)
    rollups.rebuild()  # bulk writes send no signal
    out.write(
        f"Báo cáo quý I/2021: {len(organizations)} tổ chức phải báo cáo, {len(counted)} đã gửi, "
        f"{len(organizations) - len(filed)} chưa lập, {len(data)} số liệu, "
        f"{decided} báo cáo được tỉnh xử lý.\n"
    )


def _decide(reports: list[Report], decisions: dict[int, str]) -> int:
    """The province approves or returns the sent reports `decisions` names (organization id →
    the status to reach), two days after each was sent, through the actions the report page
    calls: the report's history, and the notices to the unit's officers, are those of a real
    decision. Returns how many were decided."""
    approver = User.objects.get(username="tinh.pheduyet")
    reviewer = User.objects.get(username="tinh.kiemtra")
    decided = 0
    # Each notice logs a line: hundreds that say nothing on a load.
    notices = logging.getLogger("danvan.orgs.notices")
    level = notices.level
    notices.setLevel(logging.WARNING)
    # One roll-up rebuild after the load instead of a refresh per decision.
    try:
        with rollups.suspended():
            for report in reports:
                status = decisions.get(report.organization_id)
                if status is None or report.submitted_at is None:
                    continue
                if status == ReportStatus.APPROVED:
                    approve_report(report, acting_user=approver)
                else:
                    return_report(report, RETURN_REASON, acting_user=reviewer)
                _dated(report, report.submitted_at + dt.timedelta(days=2))
                decided += 1
    finally:
        notices.setLevel(level)
    return decided


def _dated(report: Report, decided: dt.datetime) -> None:
    """The decision and its notices on the day it was taken (the actions stamp them with the
    moment the demo is loaded)."""
    ReportEvent.objects.filter(report=report).exclude(kind=EventKind.SUBMITTED).update(at=decided)
    Notification.objects.filter(key__startswith=f"report-{report.pk}-").update(created_at=decided)


def _value(
    report: Report,
    indicator: Indicator,
    value: int | Decimal,
    option: CategoryOption | None = None,
) -> DataValue:
    return DataValue(report=report, indicator=indicator, option=option, value=Decimal(value))

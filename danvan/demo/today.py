"""Demo work of the current quarter in today's Đắk Lắk (the 2-tier province since 07/2025).

The quarter is the one holding the day the demo is loaded, so a newcomer always finds work in
progress in today's communes: reports sent, approved, returned or still drafted; a welfare
campaign with its ledger; propaganda sessions; open incidents (one hot, escalated to the
province); a briefing whose tasks fall due (one overdue); recommendations awaiting an answer.
Every date lies between the quarter's first day (never before 01/07/2025) and today, except
the deadlines still ahead. The work is written through the apps' own actions, by officers of
the organizations that did it, so history rows, report events and notices are what they would
be had the officers typed it in.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from decimal import Decimal
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from danvan.core.periods import Period, PeriodType
from danvan.demo.management.commands.demo import DEMO_PASSWORD
from danvan.demo.synth import person
from danvan.directives.actions import add_task, post_task_progress, record_meeting
from danvan.directives.models import Meeting, Task
from danvan.geo.loader import REFORM_DATE
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Notification, Organization, OrgKind, Role, RoleKind, User
from danvan.outreach.actions import record_session
from danvan.outreach.models import Language, PropagandaSession, SessionFormat, Topic
from danvan.reporting.actions import (
    approve_report,
    open_report,
    return_report,
    save_report,
    submit_report,
)
from danvan.reporting.consolidation import expected_organizations
from danvan.reporting.models import Indicator, Report, ReportEvent, ReportForm
from danvan.reporting.validation import Values
from danvan.situation.actions import (
    answer_recommendation,
    file_incident,
    record_note,
    record_recommendation,
    update_incident,
)
from danvan.situation.models import (
    Addressee,
    Incident,
    IncidentCategory,
    IncidentStatus,
    KeyArea,
    Recommendation,
    RecommendationStatus,
    Severity,
    SituationNote,
)
from danvan.vi import fold
from danvan.welfare.actions import find_pairs, launch_campaign, record_rows
from danvan.welfare.importer import Row
from danvan.welfare.models import Campaign, CampaignKind, DistributionKind, TargetGroup

PROVINCE = "66"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Today's communes where the quarter's work goes on: the old Đắk Lắk's and the old Phú Yên's.
ACTIVE = [
    "24133", "24121", "24169", "24175", "24184", "24211", "24235", "24280", "24305", "24373",
    "24412", "24448", "24490", "24580", "22015", "22051", "22165", "22207",
]  # fmt: skip
HOME = "24133"  # Phường Buôn Ma Thuột, whose officers are demo accounts
KEY_AREAS = ["24211", "24448", "22207"]  # Ea Súp, Krông Bông, Sông Hinh
LABELS = {
    OrgKind.FRONT: "mttq",
    OrgKind.FARMERS: "nongdan",
    OrgKind.WOMEN: "phunu",
    OrgKind.YOUTH: "doan",
    OrgKind.VETERANS: "ccb",
    OrgKind.LABOUR: "congdoan",
}
# The campaign each quarter of the year brings: name, kind, what is given.
CAMPAIGNS = {
    1: ("Chăm lo Tết Nguyên đán năm {year}", CampaignKind.TET),
    2: ("Hỗ trợ hộ nghèo, hộ thiếu đói giáp hạt năm {year}", CampaignKind.LEAN_SEASON),
    3: ("Tri ân người có công nhân kỷ niệm Ngày Thương binh - Liệt sĩ năm {year}",
        CampaignKind.OTHER),
    4: ("Tháng cao điểm “Vì người nghèo” năm {year}", CampaignKind.OTHER),
}  # fmt: skip
RESULTS = [
    "Phối hợp trao {qua} suất quà cho hộ nghèo, gia đình chính sách, người có công; tổ chức "
    "{buoi} buổi tuyên truyền các nghị quyết của Đảng, chính sách, pháp luật của Nhà nước và "
    "việc vận hành chính quyền địa phương hai cấp, với {luot} lượt người tham dự.",
    "Vận động hội viên, nhân dân hỗ trợ {qua} suất quà cho hộ khó khăn; tuyên truyền được "
    "{buoi} buổi, chú trọng các thôn, buôn đồng bào dân tộc thiểu số; bám nắm tình hình cơ sở "
    "sau sắp xếp đơn vị hành chính.",
]
SHORTCOMINGS = [
    "Sau sắp xếp, địa bàn xã rộng, cán bộ chuyên trách còn mỏng; việc nắm bắt tư tưởng hội "
    "viên, quần chúng ở một số thôn, buôn xa chưa kịp thời.",
    "Tuyên truyền giáo dục pháp luật ở địa bàn xa còn hạn chế; kinh phí hoạt động còn khó khăn.",
    "Sự phối hợp giữa các đoàn thể trong chăm lo hộ nghèo có nơi còn trùng lặp.",
]
DIRECTIONS = [
    "Tiếp tục bám và nắm chắc tình hình cơ sở; chăm lo hộ nghèo, gia đình chính sách.",
    "Đẩy mạnh tuyên truyền ở địa bàn trọng điểm; phát triển hội viên mới.",
]
RETURN_REASON = (
    "Đề nghị tách số suất quà theo từng nhóm đối tượng cho khớp với sổ chăm lo và bổ sung phần "
    "tồn tại, hạn chế."
)
NOTES = {
    "phap-luat": "Nhân dân đồng tình với việc vận hành chính quyền địa phương hai cấp; một số "
    "người cao tuổi còn lúng túng khi làm thủ tục hành chính trực tuyến.",
    "giam-ngheo": "Giá cà phê, hồ tiêu biến động; một số hộ vay vốn lo chậm trả nợ.",
    "dat-dai": "Bà con bức xúc về việc chậm cấp giấy chứng nhận quyền sử dụng đất rẫy.",
    "an-ninh": "Xuất hiện tin nhắn lừa đảo giả danh cán bộ xã hướng dẫn cập nhật định danh "
    "điện tử.",
}


class _Filled:
    """A record as a valid form would hand it to a `record_…` action: the row unsaved and its
    many-to-many choices, so the demo writes through the actions the pages use."""

    def __init__(self, row: models.Model, **many: Any):
        self.instance, self.many, self.cleaned_data = row, many, many

    def save(self, commit: bool = True) -> models.Model:
        return self.instance

    def save_m2m(self) -> None:
        for name, values in self.many.items():
            if name not in {"incidents", "notes"}:
                getattr(self.instance, name).set(values)


class _Quarter:
    """The current quarter's days that may hold a recorded event: from its first day (never
    before the reorganization) up to today."""

    def __init__(self, today: dt.date):
        self.period = Period.containing(PeriodType.QUARTER, today)
        self.start = max(self.period.start, REFORM_DATE)
        self.today = today
        self.span = (today - self.start).days

    def day(self, share: float) -> dt.date:
        """The day `share` of the way from the quarter's start to today."""
        return self.start + dt.timedelta(days=round(self.span * share))

    def back(self, days: int) -> dt.date:
        """`days` before today, not before the quarter's start."""
        return max(self.start, self.today - dt.timedelta(days=days))

    def stamp(self, day: dt.date, hour: int) -> dt.datetime:
        return min(dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ), timezone.now())


def _slug(unit: AdminUnit) -> str:
    short = unit.name.removeprefix(unit.kind).strip()
    return "".join(ch for ch in fold(short) if ch.isalnum())


def load_demo_today(out: TextIO) -> None:
    # Each action logs a line and each notice another: hundreds that say nothing on a load.
    quiet = [logging.getLogger(name) for name in ("danvan.actions", "danvan.orgs.notices")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.WARNING)
    try:
        _analyze()
        _load(out)
    finally:
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)


@transaction.atomic
def _analyze() -> None:
    """On PostgreSQL, refresh the planner's statistics of the tables the 2021 load has just
    filled: until autovacuum comes by (never, inside a test's transaction) the planner takes
    them for empty, and each roll-up refresh of a report submitted below is planned as a loop
    over every value, seconds instead of milliseconds."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in ANALYZED:
            cursor.execute(f"ANALYZE {table}")


ANALYZED = (
    "geo_adminunit",
    "orgs_organization",
    "reporting_report",
    "reporting_datavalue",
    "reporting_rollup",
)


def _load(out: TextIO) -> None:
    quarter = _Quarter(timezone.localdate())
    period = quarter.period
    label = period.label[0].lower() + period.label[1:]  # "quý IV/2026"
    if quarter.today < REFORM_DATE:
        return
    province = AdminUnit.objects.by_code(PROVINCE, quarter.today)
    if Meeting.objects.filter(unit=province, period=period.code, held_on__gte=REFORM_DATE):
        out.write(f"Công tác {label} mẫu đã có, giữ nguyên.\n")
        return
    rng = random.Random(f"danvan-{period.code}")
    communes = {
        u.code: u
        for u in AdminUnit.objects.filter(code__in=ACTIVE, level="commune").at(quarter.today)
    }
    active = [communes[code] for code in ACTIVE]
    orgs = Organization.objects.filter(
        admin_unit__in=[province, *active], valid_to__isnull=True
    ).select_related("admin_unit")
    by_unit: dict[int, dict[str, Organization]] = {}
    for org in orgs:
        by_unit.setdefault(org.admin_unit_id, {})[org.kind] = org
    top = by_unit[province.pk]
    officers = _officers(province, active, by_unit)
    users = {u.username: u for u in User.objects.filter(username__startswith="tinh.")}

    for code in KEY_AREAS:
        KeyArea.objects.get_or_create(
            unit=communes[code],
            defaults={
                "reason": "Vùng đồng bào dân tộc thiểu số, tranh chấp đất đai kéo dài, có hoạt "
                "động tôn giáo trái pháp luật.",
                "valid_from": REFORM_DATE,
            },
        )
    campaign, lines = _welfare(quarter, province, active, by_unit, officers, rng)
    sessions = _sessions(quarter, active, by_unit, officers, rng)
    incidents = _incidents(quarter, communes, by_unit, officers)
    notes = _notes(quarter, active, by_unit, officers, rng)
    _recommendations(quarter, province, communes, top, by_unit, users, officers, incidents)
    meeting = _meeting(quarter, province, communes, top, by_unit, users, officers)
    states = _reports(quarter, province, officers, users, rng)
    out.write(
        f"Công tác {label} (đơn vị hiện nay): đợt «{campaign.name}» "
        f"{lines} lượt trao, {sessions} buổi tuyên truyền, {len(incidents)} vụ việc, "
        f"{notes} ghi nhận tình hình, {meeting.tasks.count()} nhiệm vụ sau giao ban, "
        f"báo cáo: {states}.\n"
    )


def _officers(
    province: AdminUnit, active: list[AdminUnit], by_unit: dict[int, dict[str, Organization]]
) -> dict[int, User]:
    """A data-entry officer for each organization at work this quarter, by organization: the
    demo accounts where there is one, otherwise an account made here (the demo password)."""
    password = make_password(DEMO_PASSWORD)
    found: dict[int, User] = {}
    wanted: list[tuple[str, Organization]] = []
    for unit in [province, *active]:
        prefix = "tinh" if unit == province else _slug(unit)
        for kind, org in by_unit[unit.pk].items():
            if kind == OrgKind.COMMISSION:
                wanted.append(("tinh.nhaplieu", org))
            elif unit.code == HOME and kind == OrgKind.WOMEN:
                wanted.append((f"{prefix}.nhaplieu", org))
            else:
                wanted.append((f"{prefix}.{LABELS[OrgKind(kind)]}", org))
    for username, org in wanted:
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": f"Cán bộ {org.name}",
                "organization": org,
                "password": password,
            },
        )
        Role.objects.get_or_create(user=user, organization=org, role=RoleKind.DATA_ENTRY)
        found[org.pk] = user
    return found


def _welfare(
    quarter: _Quarter,
    province: AdminUnit,
    active: list[AdminUnit],
    by_unit: dict[int, dict[str, Organization]],
    officers: dict[int, User],
    rng: random.Random,
) -> tuple[Campaign, int]:
    """The quarter's campaign, launched by the province's Front, and what the communes' bodies
    gave in it (named households, as their lists are uploaded) and the labour federation's
    bulk lines."""
    period = quarter.period
    name, kind = CAMPAIGNS[period.index]
    front = by_unit[province.pk][OrgKind.FRONT]
    campaign = launch_campaign(
        front,
        name.format(year=period.year),
        kind,
        quarter.start,
        period.end,
        [g.value for g in TargetGroup],
        acting_user=officers[front.pk],
    )
    groups = [TargetGroup.POOR, TargetGroup.NEAR_POOR, TargetGroup.POLICY, TargetGroup.MERIT]
    # One household list per commune, the same every quarter: the poor households of a commune
    # are helped again, so the ledger finds them rather than recording them anew.
    people = random.Random(2025_7)
    total = 0
    with transaction.atomic():
        for index, commune in enumerate(active):
            rows: dict[int, list[tuple[Row, AdminUnit]]] = {}
            kinds = [OrgKind.FRONT, OrgKind.WOMEN, OrgKind.FARMERS]
            for entity in range(rng.randint(18, 30)):
                record = person(people, index * 1000 + entity, commune.name)
                giver = by_unit[commune.pk][rng.choice(kinds)]
                rice = period.index == 2 and rng.random() < 0.5
                row = Row(
                    line=entity + 1,
                    name=record.name,
                    birth_year=record.birth_year,
                    sex=record.sex,
                    national_id=record.national_id,
                    phone=record.phone,
                    village=record.village,
                    groups=[rng.choice(groups).value],
                    date=quarter.day(rng.random()),
                    kind=DistributionKind.RICE if rice else DistributionKind.GIFT,
                    quantity=Decimal(rng.choice([10, 15, 20])) if rice else Decimal(1),
                    unit="kg" if rice else "suất",
                    value=0 if rice else rng.randint(6, 20) * 50_000,
                    source=rng.choice(["Quỹ Vì người nghèo", "Ngân sách", "Doanh nghiệp ủng hộ"]),
                )
                rows.setdefault(giver.pk, []).append((row, commune))
            for giver_id, given in rows.items():
                giver = Organization.objects.get(pk=giver_id)
                total += record_rows(campaign, giver, given, None).distributions
        labour = by_unit[province.pk][OrgKind.LABOUR]
        for line, commune in enumerate(active[::4], start=1):
            count = rng.randint(15, 40)
            row = Row(
                line=line,
                groups=[TargetGroup.POOR.value],
                date=quarter.day(rng.random()),
                kind=DistributionKind.GIFT,
                quantity=Decimal(count),
                unit="suất",
                value=count * 500_000,
                source="Quỹ Xã hội Công đoàn",
                households=count,
            )
            total += record_rows(campaign, labour, [(row, commune)], None).distributions
        find_pairs({c.pk for c in active})
    return campaign, total


def _sessions(
    quarter: _Quarter,
    active: list[AdminUnit],
    by_unit: dict[int, dict[str, Organization]],
    officers: dict[int, User],
    rng: random.Random,
) -> int:
    topics = {t.code: t for t in Topic.objects.filter(active=True)}
    count = 0
    for commune in active:
        ethnic = commune.code in KEY_AREAS or rng.random() < 0.3
        for _ in range(rng.randint(2, 6)):
            org = rng.choice(list(by_unit[commune.pk].values()))
            language = (
                rng.choice([Language.EDE, Language.EDE, Language.MNONG, Language.JRAI])
                if ethnic and rng.random() < 0.5
                else Language.VIETNAMESE
            )
            ward = commune.kind == "Phường"
            session = PropagandaSession(
                held_on=quarter.day(rng.random()),
                organization=org,
                unit=commune,
                village=rng.choice(["Buôn Ea Bông", "Buôn Kô Siêr", "Buôn Trấp", "Buôn Ja Wầm"])
                if language != Language.VIETNAMESE
                else f"{'Tổ dân phố' if ward else 'Thôn'} {rng.randint(1, 12)}",
                format=rng.choice(list(SessionFormat.values)[:6]),
                audience=rng.randint(25, 260),
                language=language,
            )
            codes = rng.sample(["nghi-quyet", "phap-luat", "giam-ngheo", "dat-dai", "an-ninh"], 2)
            record_session(
                _Filled(session, topics=[topics[c] for c in codes]),
                acting_user=officers[org.pk],
            )
            count += 1
    return count


def _incidents(
    quarter: _Quarter,
    communes: dict[str, AdminUnit],
    by_unit: dict[int, dict[str, Organization]],
    officers: dict[int, User],
) -> list[Incident]:
    """Open incidents in today's communes: a hot land dispute that has gone unreported for
    longer than a hot case may (so it sits at the province), a complaint being handled, a new
    complaint in Buôn Ma Thuột, one resolved by mediation."""
    categories = {c.code: c for c in IncidentCategory.objects.all()}
    stale = quarter.back(5)  # more than the 3 days a hot case may go without an update
    specs: list[tuple[str, str, str, str, dt.date, list[tuple[dt.date, str, str]], Any]] = [
        # title, category, commune, severity, reported, [(day, status, text)], deadline
        (
            "Tranh chấp đất rẫy giữa người dân buôn với công ty nông nghiệp sau sắp xếp",
            "dat-dai", "24211", Severity.HOT, quarter.back(12),
            [(stale, IncidentStatus.HANDLING,
              "Phối hợp chính quyền xã đối thoại với các hộ dân; chưa thống nhất phương án.")],
            None,
        ),
        (
            "Khiếu nại đông người về bồi thường, hỗ trợ giải phóng mặt bằng đường cao tốc "
            "Khánh Hòa - Buôn Ma Thuột",
            "khieu-kien", "24169", Severity.COMPLICATED, quarter.day(0.2),
            [(quarter.day(0.4), IncidentStatus.HANDLING,
              "Tổ công tác của phường tiếp dân, giải thích chính sách bồi thường, hỗ trợ."),
             (quarter.back(6), "",
              "Phối hợp đo đạc lại diện tích đất của 14 hộ; các hộ đồng ý chờ kết quả.")],
            None,
        ),
        (
            "Người dân tổ dân phố phản ánh khói bụi, tiếng ồn từ xưởng chế biến gỗ",
            "moi-truong", HOME, Severity.ORDINARY, quarter.back(2), [], None,
        ),
        (
            "Ngư dân phản ánh khai thác cát trái phép gây sạt lở bờ sông Đà Rằng",
            "moi-truong", "22015", Severity.COMPLICATED, quarter.day(0.1),
            [(quarter.day(0.3), IncidentStatus.HANDLING,
              "Đề nghị lực lượng chức năng kiểm tra, xử lý; vận động ngư dân cùng giám sát."),
             (quarter.back(8), "",
              "Đã lập biên bản hai phương tiện; chưa xử lý xong, quá hạn giải quyết.")],
            quarter.day(0.5),
        ),
        (
            "Mâu thuẫn giữa hai gia đình về lối đi chung trong buôn",
            "dan-toc", "24280", Severity.ORDINARY, quarter.day(0.3),
            [(quarter.day(0.7), IncidentStatus.RESOLVED,
              "Người có uy tín trong buôn cùng tổ hòa giải hòa giải thành; hai bên thống nhất.")],
            None,
        ),
    ]  # fmt: skip
    made = []
    for title, category, code, severity, reported, steps, deadline in specs:
        unit = communes[code]
        front = by_unit[unit.pk][OrgKind.FRONT]
        officer = officers[front.pk]
        incident = file_incident(
            Incident(
                title=title,
                category=categories[category],
                unit=unit,
                place=unit.name,
                occurred_on=max(quarter.start, reported - dt.timedelta(days=2)),
                reported_on=reported,
                severity=severity,
                status=IncidentStatus.NEW,
                deadline=deadline,
                summary="Nắm tình hình ban đầu, báo cáo Đảng ủy, Ủy ban nhân dân xã.",
            ),
            organization=front,
            visible_roles=[],
            acting_user=officer,
        )
        for day, status, text in steps:
            update_incident(
                incident, text, status=status, on=max(day, reported), organization=front,
                acting_user=officer,
            )  # fmt: skip
        made.append(incident)
    return made


def _notes(
    quarter: _Quarter,
    active: list[AdminUnit],
    by_unit: dict[int, dict[str, Organization]],
    officers: dict[int, User],
    rng: random.Random,
) -> int:
    topics = {t.code: t for t in Topic.objects.all()}
    chosen = [c for c in active if c.code == HOME] + rng.sample(active[1:], 7)
    for commune in chosen:
        code = rng.choice(list(NOTES))
        front = by_unit[commune.pk][OrgKind.FRONT]
        note = SituationNote(
            organization=front, unit=commune, period=quarter.period.code, text=NOTES[code]
        )
        record_note(_Filled(note, topics=[topics[code]]), acting_user=officers[front.pk])
    return len(chosen)


def _recommendations(
    quarter: _Quarter,
    province: AdminUnit,
    communes: dict[str, AdminUnit],
    top: dict[str, Organization],
    by_unit: dict[int, dict[str, Organization]],
    users: dict[str, User],
    officers: dict[int, User],
    incidents: list[Incident],
) -> None:
    """Two recommendations awaiting an answer (the province's on the hot dispute, Buôn Ma
    Thuột's Front's to its ward) and one answered."""
    commission = top[OrgKind.COMMISSION]
    land = Recommendation(
        organization=commission,
        unit=province,
        addressee=Addressee.GOVERNMENT,
        addressee_name="Ủy ban nhân dân tỉnh",
        sent_on=quarter.back(3),
        text="Đề nghị chỉ đạo các sở, ngành phối hợp xã Ea Súp giải quyết dứt điểm tranh chấp "
        "đất rẫy giữa người dân buôn với công ty nông nghiệp, không để phát sinh điểm nóng.",
    )
    record_recommendation(
        _Filled(land, incidents=[incidents[0]]), acting_user=users["tinh.quantri"]
    )
    home = communes[HOME]
    front = by_unit[home.pk][OrgKind.FRONT]
    ward = Recommendation(
        organization=front,
        unit=home,
        addressee=Addressee.PARTY,
        addressee_name="Đảng ủy phường Buôn Ma Thuột",
        sent_on=quarter.back(1),
        text="Đề nghị chỉ đạo kiểm tra xưởng chế biến gỗ gây khói bụi, tiếng ồn ở tổ dân phố, "
        "trả lời cho Nhân dân biết.",
    )
    record_recommendation(_Filled(ward, incidents=[incidents[2]]), acting_user=officers[front.pk])
    help_poor = Recommendation(
        organization=commission,
        unit=province,
        addressee=Addressee.GOVERNMENT,
        addressee_name="Ủy ban nhân dân tỉnh",
        sent_on=quarter.day(0.1),
        text="Đề nghị bố trí kinh phí hỗ trợ cán bộ Mặt trận, đoàn thể ở các xã có địa bàn "
        "rộng sau sắp xếp đi cơ sở.",
    )
    record_recommendation(_Filled(help_poor), acting_user=users["tinh.quantri"])
    answer_recommendation(
        help_poor,
        "Giao Sở Tài chính chủ trì, tham mưu bố trí trong dự toán ngân sách.",
        quarter.day(0.4),
        RecommendationStatus.ANSWERED,
        acting_user=users["tinh.quantri"],
    )


def _meeting(
    quarter: _Quarter,
    province: AdminUnit,
    communes: dict[str, AdminUnit],
    top: dict[str, Organization],
    by_unit: dict[int, dict[str, Organization]],
    users: dict[str, User],
    officers: dict[int, User],
) -> Meeting:
    """The bloc's monthly briefing early in the quarter and the chair's conclusions as tasks:
    one overdue, some due soon, one done, with the owners' progress."""
    commission = top[OrgKind.COMMISSION]
    admin = users["tinh.quantri"]
    held = quarter.start + dt.timedelta(days=min(6, quarter.span // 3))
    meeting = Meeting(
        title=f"Hội nghị giao ban khối dân vận tỉnh tháng {held.month}/{held.year}",
        unit=province,
        organization=commission,
        held_on=held,
        chair="Trưởng ban Dân vận Tỉnh ủy",
        period=quarter.period.code,
        conclusions=(
            "Sau sắp xếp đơn vị hành chính, các cơ quan, đơn vị trong khối cần bám và nắm chắc "
            "tình hình diễn biến ở các xã, phường mới, nhất là địa bàn trọng điểm; kịp thời "
            "tham mưu cấp ủy, chính quyền biện pháp tháo gỡ.\n"
            "Đẩy mạnh chăm lo hộ nghèo, gia đình chính sách; tuyên truyền để Nhân dân hiểu và "
            "đồng thuận với việc vận hành chính quyền địa phương hai cấp."
        ),
    )
    members = [o for kind, o in top.items() if kind != OrgKind.COMMISSION]
    record_meeting(_Filled(meeting, attending=members), acting_user=admin)
    home = by_unit[communes[HOME].pk]
    front, women, youth = top[OrgKind.FRONT], top[OrgKind.WOMEN], top[OrgKind.YOUTH]
    late = held + dt.timedelta(days=max(1, (quarter.today - held).days // 2))
    if late >= quarter.today:
        late = quarter.today - dt.timedelta(days=1)
    specs = [
        # title, owners, deadline, progress by the first owner (percent, text)
        (
            "Rà soát, báo cáo các vụ việc tranh chấp đất đai kéo dài ở các xã vùng đồng bào dân "
            "tộc thiểu số.",
            [commission, front], late,
            (40, "Đã rà soát 6/11 xã có vụ việc; đang tổng hợp báo cáo."),
        ),
        (
            "Hướng dẫn Ủy ban MTTQ và các đoàn thể xã, phường lập, gửi báo cáo quý đúng hạn.",
            [commission], quarter.period.end + dt.timedelta(days=5), None,
        ),
        (
            "Tổ chức đối thoại với Nhân dân ở các phường, xã có dự án giải phóng mặt bằng.",
            [front, home[OrgKind.FRONT], home[OrgKind.WOMEN]],
            quarter.today + dt.timedelta(days=7),
            (30, "Đã đối thoại ở phường Ea Kao; đang chuẩn bị ở phường Buôn Ma Thuột."),
        ),
        (
            "Vận động hội viên tham gia đợt chăm lo hộ nghèo, gia đình chính sách của quý.",
            [women, top[OrgKind.FARMERS]], quarter.period.end, None,
        ),
        (
            "Tổ chức hội nghị tuyên truyền về chính quyền địa phương hai cấp cho đoàn viên "
            "thanh niên.",
            [youth], quarter.today + dt.timedelta(days=3),
            (100, "Đã tổ chức ở 18/18 xã, phường được chọn làm điểm."),
        ),
    ]  # fmt: skip
    for title, owners, deadline, progress in specs:
        task = Task(meeting=meeting, title=title, deadline=deadline)
        add_task(task, owners, acting_user=admin)
        if progress is not None:
            post_task_progress(
                task, owners[0], progress[0], progress[1], acting_user=officers[owners[0].pk]
            )
    return meeting


def _reports(
    quarter: _Quarter,
    province: AdminUnit,
    officers: dict[int, User],
    users: dict[str, User],
    rng: random.Random,
) -> str:
    """The quarter's reports as they stand: of the organizations at work, most sent (many
    approved already), some drafting, some not started; Buôn Ma Thuột's Women's Union's report
    returned with the reason. The other communes' bodies have not started."""
    period = quarter.period
    form = ReportForm.objects.get(code="bc-quy")
    indicators = {i.code: i for i in Indicator.objects.filter(form_items__form=form)}
    expected = [
        o for o in expected_organizations(form, quarter.today, [province.path]) if o.pk in officers
    ]
    counts = {"đã duyệt": 0, "chờ duyệt": 0, "trả lại": 0, "đang soạn": 0, "chưa lập": 0}
    for index, org in enumerate(sorted(expected, key=lambda o: (o.admin_unit.path, o.kind))):
        home = org.admin_unit.code == HOME
        if home:
            state = {OrgKind.WOMEN: "trả lại", OrgKind.FRONT: "đã duyệt"}.get(
                OrgKind(org.kind), "chờ duyệt" if org.kind == OrgKind.FARMERS else "đang soạn"
            )
        elif org.kind == OrgKind.COMMISSION:
            state = "đang soạn"  # the consolidator's own report waits for the others
        else:
            state = rng.choices(list(counts), [30, 30, 0, 20, 20])[0]
        counts[state] += 1
        if state == "chưa lập":
            continue
        officer = officers[org.pk]
        report = open_report(form, org, period, acting_user=officer)
        values, narrative = _figures(report, indicators, rng)
        if state == "đang soạn":
            save_report(
                report, values=values, narrative={"ket-qua": narrative["ket-qua"]},
                version=report.version, acting_user=officer,
            )  # fmt: skip
            continue
        sent = submit_report(
            report,
            acting_user=officer,
            values=values,
            narrative=narrative,
            version=report.version,
            warning_note="Số liệu đã rà soát, đúng thực tế ở cơ sở.",
        )
        if not sent.submitted:
            raise RuntimeError(f"{org}: {[i.message for i in sent.issues]}")
        decision = {
            "đã duyệt": lambda r: approve_report(r, acting_user=users["tinh.pheduyet"]),
            "trả lại": lambda r: return_report(r, RETURN_REASON, acting_user=users["tinh.kiemtra"]),
        }.get(state)
        if decision is not None:
            decision(sent.report)
        _date(report, quarter, quarter.day(0.5 + 0.5 * (index % 10) / 10))
    return ", ".join(f"{n} {state}" for state, n in counts.items())


def _figures(
    report: Report, indicators: dict[str, Indicator], rng: random.Random
) -> tuple[Values, dict[str, str]]:
    """Figures and narrative of one report: what its organization gave, as the ledger holds it,
    and the work it did."""
    from danvan.welfare.public import report_suggestions

    ledger = report_suggestions(report.organization_id, report.period_start, report.period_end)
    options = {o.code: o.pk for o in indicators["qua-suat"].breakdown() if o is not None}
    values: Values = {}
    for (code, group), figure in ledger.items():
        if code in indicators and group in options:
            values[(indicators[code].pk, options[group])] = figure
    if not any(indicators["qua-suat"].pk == key[0] for key in values):
        some = rng.randint(5, 30)
        values[(indicators["qua-suat"].pk, options["ho-ngheo"])] = Decimal(some)
        values[(indicators["qua-tri-gia"].pk, options["ho-ngheo"])] = Decimal(some * 400_000)
    qua = sum((v for (i, _), v in values.items() if i == indicators["qua-suat"].pk), Decimal(0))
    buoi = rng.randint(2, 9)
    luot = buoi * rng.randint(30, 90)
    counted: dict[str, int] = {
        "tt-buoi": buoi,
        "tt-luot-nguoi": luot,
        "tt-trong-diem": rng.randint(0, buoi // 2),
        "hv-ket-nap": rng.randint(0, 20),
        "hv-tong-so": rng.randint(150, 1200),
        "tm-de-xuat": rng.randint(0, 2),
    }
    for code, count in counted.items():
        values[(indicators[code].pk, None)] = Decimal(count)
    narrative = {
        "ket-qua": rng.choice(RESULTS).format(
            qua=f"{int(qua):,}".replace(",", "."), buoi=buoi, luot=f"{luot:,}".replace(",", ".")
        ),
        "ton-tai": rng.choice(SHORTCOMINGS),
        "phuong-huong": rng.choice(DIRECTIONS),
    }
    return values, narrative


def _date(report: Report, quarter: _Quarter, day: dt.date) -> None:
    """Put the report's sending and the decision on it on days of the quarter (the actions
    stamp them with the moment the demo is loaded): sent on `day`, decided the day after."""
    sent = quarter.stamp(day, 9)
    decided = quarter.stamp(min(day + dt.timedelta(days=1), quarter.today), 15)
    Report.objects.filter(pk=report.pk).update(first_submitted_at=sent, submitted_at=sent)
    events = ReportEvent.objects.filter(report=report)
    events.filter(kind="submitted").update(at=sent)
    events.filter(kind__in=["approved", "returned"]).update(at=decided)
    events.filter(kind__in=["saved", "imported"]).update(at=sent - dt.timedelta(hours=1))
    # The notices follow: the approvers told of the sending on that day, the unit of the
    # decision the day after; a report already decided is no longer waiting for the approvers,
    # who would have opened its notice then (only the reports still waiting stay unread).
    notices = Notification.objects.filter(key__startswith=f"report-{report.pk}-")
    told = notices.filter(key__contains="-submitted-")
    told.update(created_at=sent)
    notices.exclude(key__contains="-submitted-").update(created_at=decided)
    if events.filter(kind__in=["approved", "returned"]).exists():
        told.update(read_at=decided)

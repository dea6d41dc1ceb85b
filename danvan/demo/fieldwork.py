"""Demo grassroots work for Q1 2021 in Đắk Lắk (the units of 2021): propaganda on the Congress
resolutions, Covid-19 and the election (some in Êđê, M'nông, Jrai, some in key areas), the
election drive's progress, a handful of incidents (one escalated, one referred, one resolved,
one confidential), situation notes, recommendations (one unanswered) and the seed article's
briefing meeting with its conclusions as tasks."""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO

from django.db import transaction

from danvan.directives.models import Meeting, Task, TaskUpdate
from danvan.geo.models import AdminUnit
from danvan.orgs.models import Organization, OrgKind
from danvan.outreach.models import (
    Drive,
    Language,
    Milestone,
    Progress,
    PropagandaSession,
    SessionFormat,
    Topic,
)
from danvan.situation.models import (
    Addressee,
    Incident,
    IncidentCategory,
    IncidentStatus,
    IncidentUpdate,
    KeyArea,
    Recommendation,
    RecommendationStatus,
    Severity,
    SituationNote,
)

PROVINCE = "66"
Q_END = dt.date(2021, 3, 31)
Q_START = dt.date(2021, 1, 1)
DRIVE = "Bầu cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp nhiệm kỳ 2021 - 2026"
MILESTONES = [
    ("Thành lập Ủy ban bầu cử, Ban bầu cử ở xã", dt.date(2021, 2, 7)),
    ("Hội nghị hiệp thương lần thứ nhất", dt.date(2021, 2, 4)),
    ("Hội nghị hiệp thương lần thứ hai", dt.date(2021, 3, 17)),
    ("Lấy ý kiến cử tri nơi cư trú về người ứng cử", dt.date(2021, 4, 7)),
    ("Niêm yết danh sách cử tri", dt.date(2021, 4, 13)),
    ("Tổ chức ngày bầu cử", dt.date(2021, 5, 23)),
]
# Communes of 2021 named key areas (districts with many ethnic-minority villages).
KEY_AREA_DISTRICTS = ["Krông Bông", "Ea Súp", "M'Đrắk", "Buôn Đôn", "Lắk"]
CONCLUSIONS = (
    "Để công tác dân vận đạt hiệu quả cao, các cơ quan, đơn vị trong khối cần chủ động sáng tạo "
    "trong tập hợp quần chúng, hội viên, bám và nắm chắc tình hình diễn biến cơ sở.\n"
    "Thực tế cơ sở hiện vẫn còn những tồn tại, bất cập; việc tuyên truyền giáo dục pháp luật, "
    "nắm bắt tư tưởng quần chúng có nơi chưa tốt. Công tác tập hợp hội viên, quần chúng cần "
    "linh hoạt, sáng tạo, phát huy vai trò người đứng đầu; bám chắc cơ sở, nắm rõ vấn đề tồn "
    "tại phát sinh để dân vận đúng, trúng, hiệu quả, kịp thời tham mưu cấp ủy, chính quyền "
    "biện pháp tháo gỡ.\n"
    "Đối với nhiệm vụ chuẩn bị bầu cử, đẩy mạnh tuyên truyền, nhất là ở địa bàn trọng điểm, "
    "khó khăn, giúp người dân hiểu được quyền, nghĩa vụ công dân, để ngày bầu cử thực sự là "
    "ngày hội của toàn dân."
)
NOTES = {
    "bau-cu": "Nhân dân phấn khởi, quan tâm theo dõi công tác chuẩn bị bầu cử; một số cử tri "
    "lớn tuổi ở buôn chưa rõ cách thức bỏ phiếu.",
    "covid-19": "Người dân chấp hành tốt các biện pháp phòng, chống dịch; lo ngại giá nông sản "
    "giảm do ảnh hưởng của dịch.",
    "giam-ngheo": "Một số hộ thiếu đói giáp hạt mong được hỗ trợ gạo và giống cây trồng.",
    "dat-dai": "Bà con bức xúc về việc chậm cấp giấy chứng nhận quyền sử dụng đất rẫy.",
}


@transaction.atomic
def load_demo_fieldwork(out: TextIO) -> None:
    province = AdminUnit.objects.by_code(PROVINCE, Q_END)
    if Meeting.objects.filter(unit=province, period="2021Q1").exists():
        out.write("Công tác cơ sở quý I/2021 mẫu đã có, giữ nguyên.\n")
        return
    rng = random.Random(2021_1)
    communes = list(
        AdminUnit.objects.filter(path__startswith=province.path, level="commune")
        .at(Q_END)
        .select_related("parent")
        .order_by("path")
    )
    top = {o.kind: o for o in Organization.objects.filter(admin_unit=province)}
    key_areas = [
        c for c in communes if c.parent and any(d in c.parent.name for d in KEY_AREA_DISTRICTS)
    ][::3][:12]
    KeyArea.objects.bulk_create(
        KeyArea(
            unit=c,
            reason="Vùng đồng bào dân tộc thiểu số, có hoạt động tôn giáo trái pháp luật, "
            "tranh chấp đất đai kéo dài.",
            valid_from=dt.date(2020, 10, 1),
        )
        for c in key_areas
    )
    key_ids = {c.pk for c in key_areas}
    topics = {t.code: t for t in Topic.objects.all()}
    commune_orgs: dict[int, list[Organization]] = {}
    for org in Organization.objects.filter(admin_unit__in=communes):
        commune_orgs.setdefault(org.admin_unit_id, []).append(org)

    sessions = []
    chosen_topics = []
    for commune in communes:
        count = rng.randint(1, 5) + (3 if commune.pk in key_ids else 0)
        for _ in range(count):
            key = commune.pk in key_ids
            language = (
                rng.choice([Language.EDE, Language.EDE, Language.MNONG, Language.JRAI])
                if rng.random() < (0.6 if key else 0.15)
                else Language.VIETNAMESE
            )
            sessions.append(
                PropagandaSession(
                    held_on=Q_START + dt.timedelta(days=rng.randint(4, 88)),
                    organization=rng.choice(commune_orgs.get(commune.pk) or [top[OrgKind.FRONT]]),
                    unit=commune,
                    village=f"Thôn {rng.randint(1, 12)}"
                    if language == Language.VIETNAMESE
                    else rng.choice(["Buôn Tơng Jú", "Buôn Ea Bông", "Buôn Cuê", "Buôn Drai"]),
                    format=rng.choice(list(SessionFormat.values)[:6]),
                    audience=rng.randint(25, 260),
                    language=language,
                    in_key_area=key,
                )
            )
            chosen_topics.append(
                rng.sample(["nghi-quyet", "covid-19", "bau-cu", "bau-cu", "phap-luat"], 2)
            )
    PropagandaSession.objects.bulk_create(sessions, batch_size=1000)
    through = PropagandaSession.topics.through
    through.objects.bulk_create(
        [
            through(propagandasession_id=s.pk, topic_id=topics[code].pk)
            for s, codes in zip(sessions, chosen_topics, strict=True)
            for code in set(codes)
        ],
        batch_size=2000,
    )

    drive = Drive.objects.create(
        name=DRIVE, unit=province, starts_on=dt.date(2021, 1, 1), ends_on=dt.date(2021, 5, 31)
    )
    milestones = [
        Milestone.objects.create(drive=drive, title=title, due_on=due, order=i)
        for i, (title, due) in enumerate(MILESTONES)
    ]
    progress = []
    for commune in communes:
        slow = commune.pk in key_ids or rng.random() < 0.08
        for milestone in milestones:
            if milestone.due_on <= dt.date(2021, 2, 28):
                percent = 100
            elif milestone.due_on <= Q_END:
                percent = rng.choice([60, 75, 90]) if slow else 100
            elif milestone.due_on <= dt.date(2021, 4, 10):
                percent = rng.choice([0, 20, 40]) if slow else rng.choice([40, 60, 80])
            else:
                percent = 0
            if percent:
                progress.append(
                    Progress(
                        milestone=milestone,
                        unit=commune,
                        percent=percent,
                        note="Đang hoàn thiện hồ sơ." if percent < 100 else "",
                    )
                )
    Progress.objects.bulk_create(progress, batch_size=2000)

    incidents = _incidents(communes, key_areas, top)
    notes = []
    for commune in rng.sample(communes, 30):
        code = rng.choice(list(NOTES))
        note = SituationNote.objects.create(
            organization=(commune_orgs.get(commune.pk) or [top[OrgKind.FRONT]])[0],
            unit=commune,
            period="2021Q1",
            text=NOTES[code],
        )
        note.topics.add(topics[code])
        notes.append(note)
    _recommendations(province, top, incidents, notes)
    meeting = _meeting(province, top)
    out.write(
        f"Công tác cơ sở quý I/2021: {len(sessions)} buổi tuyên truyền, {len(key_areas)} địa bàn "
        f"trọng điểm, {len(incidents)} vụ việc, {len(notes)} ghi nhận tình hình, "
        f"{meeting.tasks.count()} nhiệm vụ sau giao ban.\n"
    )


def _incidents(
    communes: list[AdminUnit], key_areas: list[AdminUnit], top: dict[str, Organization]
) -> list[Incident]:
    categories = {c.code: c for c in IncidentCategory.objects.all()}
    front = top[OrgKind.FRONT]
    specs = [
        # title, category, unit, severity, status, reported, last update, deadline, confidential
        (
            "Tranh chấp đất rẫy giữa các hộ dân buôn với công ty lâm nghiệp",
            "dat-dai", key_areas[0], Severity.HOT, IncidentStatus.HANDLING,
            dt.date(2021, 1, 12), dt.date(2021, 2, 20), dt.date(2021, 3, 15), False,
        ),
        (
            "Khiếu kiện đông người về bồi thường giải phóng mặt bằng đường tránh",
            "khieu-kien", communes[5], Severity.COMPLICATED, IncidentStatus.REFERRED,
            dt.date(2021, 1, 25), dt.date(2021, 3, 5), None, False,
        ),
        (
            "Mâu thuẫn giữa hai dòng họ về ranh giới đất nương",
            "dan-toc", key_areas[1], Severity.ORDINARY, IncidentStatus.RESOLVED,
            dt.date(2021, 2, 2), dt.date(2021, 2, 25), dt.date(2021, 3, 1), False,
        ),
        (
            "Hoạt động tuyên truyền đạo trái pháp luật tại buôn",
            "ton-giao", key_areas[2], Severity.COMPLICATED, IncidentStatus.HANDLING,
            dt.date(2021, 2, 10), dt.date(2021, 3, 25), None, True,
        ),
        (
            "Người dân phản ánh mùi hôi từ trại chăn nuôi heo",
            "moi-truong", communes[40], Severity.ORDINARY, IncidentStatus.NEW,
            dt.date(2021, 3, 8), dt.date(2021, 3, 8), dt.date(2021, 3, 25), False,
        ),
    ]  # fmt: skip
    made = []
    for title, category, unit, severity, status, reported, last, deadline, secret in specs:
        incident = Incident.objects.create(
            title=title,
            category=categories[category],
            unit=unit,
            place=f"{unit.name}",
            occurred_on=reported - dt.timedelta(days=3),
            reported_on=reported,
            severity=severity,
            status=status,
            deadline=deadline,
            confidential=secret,
            visible_to=",approver,administrator," if secret else "",
            last_update_on=last,
            summary="Nắm tình hình ban đầu, báo cáo cấp ủy.",
        )
        incident.organizations.add(front)
        IncidentUpdate.objects.create(
            incident=incident,
            on=reported,
            organization=front,
            text="Tiếp nhận, nắm tình hình ban đầu; báo cáo cấp ủy.",
            status_to=IncidentStatus.NEW,
        )
        if last != reported:
            IncidentUpdate.objects.create(
                incident=incident,
                on=last,
                organization=front,
                text={
                    IncidentStatus.HANDLING: "Phối hợp chính quyền đối thoại với các hộ dân.",
                    IncidentStatus.REFERRED: "Chuyển hồ sơ đến Thanh tra tỉnh giải quyết theo "
                    "thẩm quyền.",
                    IncidentStatus.RESOLVED: "Hòa giải thành; hai bên ký biên bản thống nhất.",
                }.get(IncidentStatus(status), "Tiếp tục theo dõi."),
                status_from=IncidentStatus.NEW,
                status_to=status,
            )
        made.append(incident)
    return made


def _recommendations(
    province: AdminUnit,
    top: dict[str, Organization],
    incidents: list[Incident],
    notes: list[SituationNote],
) -> None:
    commission = top[OrgKind.COMMISSION]
    land = Recommendation.objects.create(
        organization=commission,
        unit=province,
        addressee=Addressee.GOVERNMENT,
        addressee_name="Ủy ban nhân dân tỉnh",
        sent_on=dt.date(2021, 2, 1),
        text="Đề nghị chỉ đạo giải quyết dứt điểm tranh chấp đất rẫy giữa hộ dân với công ty "
        "lâm nghiệp, tránh phát sinh điểm nóng.",
        answer="Giao Sở Tài nguyên và Môi trường chủ trì, phối hợp kiểm tra, đề xuất phương án.",
        answered_on=dt.date(2021, 2, 24),
        status=RecommendationStatus.ANSWERED,
    )
    land.incidents.add(incidents[0])
    election = Recommendation.objects.create(
        organization=commission,
        unit=province,
        addressee=Addressee.PARTY,
        addressee_name="Ban Thường vụ Tỉnh ủy",
        sent_on=dt.date(2021, 2, 15),
        text="Tăng cường tuyên truyền bầu cử bằng tiếng Êđê, M'nông, Jrai ở các buôn vùng sâu.",
        answer="Đồng ý; giao Ban Tuyên giáo phối hợp Ban Dân vận triển khai.",
        answered_on=dt.date(2021, 3, 2),
        status=RecommendationStatus.DONE,
    )
    election.notes.add(*[n for n in notes if n.topics.filter(code="bau-cu").exists()][:3])
    Recommendation.objects.create(
        organization=commission,
        unit=province,
        addressee=Addressee.GOVERNMENT,
        addressee_name="Ủy ban nhân dân tỉnh",
        sent_on=dt.date(2021, 3, 10),
        text="Đề nghị hỗ trợ gạo cứu đói giáp hạt cho các hộ thiếu đói ở các huyện vùng "
        "sâu, vùng xa.",
    )


def _meeting(province: AdminUnit, top: dict[str, Organization]) -> Meeting:
    commission = top[OrgKind.COMMISSION]
    meeting = Meeting.objects.create(
        title="Hội nghị giao ban khối dân vận quý I năm 2021",
        unit=province,
        organization=commission,
        held_on=dt.date(2021, 4, 8),
        chair="Lưu Văn Trung, Phó Bí thư Thường trực Tỉnh ủy, Trưởng ban Nội chính Tỉnh ủy",
        period="2021Q1",
        conclusions=CONCLUSIONS,
    )
    members = [o for kind, o in top.items() if kind != OrgKind.COMMISSION]
    meeting.attending.set(members)
    front, women, youth = top[OrgKind.FRONT], top[OrgKind.WOMEN], top[OrgKind.YOUTH]
    specs = [
        (
            "Chủ động, sáng tạo trong tập hợp quần chúng, hội viên; bám và nắm chắc tình hình "
            "diễn biến ở cơ sở.",
            [commission, *members],
            dt.date(2021, 6, 30),
        ),
        (
            "Đẩy mạnh tuyên truyền bầu cử, nhất là ở địa bàn trọng điểm, khó khăn.",
            [commission, front],
            dt.date(2021, 5, 20),
        ),
        (
            "Tăng cường tuyên truyền, giáo dục pháp luật; nắm bắt tư tưởng quần chúng ở những "
            "nơi còn chưa tốt.",
            [front, women, youth],
            dt.date(2021, 4, 30),
        ),
        (
            "Kịp thời tham mưu cấp ủy, chính quyền biện pháp tháo gỡ các vấn đề phát sinh ở cơ sở.",
            [commission],
            dt.date(2021, 6, 30),
        ),
    ]
    for title, owners, deadline in specs:
        task = Task.objects.create(meeting=meeting, title=title, deadline=deadline)
        task.owners.set(owners)
        if owners[0] == front:
            TaskUpdate.objects.create(
                task=task,
                organization=front,
                percent=60,
                text="Đã tổ chức hội nghị tuyên truyền pháp luật ở 9/15 huyện.",
            )
    return meeting

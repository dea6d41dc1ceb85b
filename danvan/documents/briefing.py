"""The briefing document of a meeting: what the bloc did in the period, each organization's
report, the incidents and recommendations, and the chair's conclusions as tasks.

It is written from what was recorded — reports' figures, propaganda sessions, drive progress,
incidents, situation notes, recommendations, the meeting and its tasks — in the same Party
document layout as the periodic report (`danvan.documents`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, Q, Sum

from danvan.core.periods import Period
from danvan.directives.models import Meeting
from danvan.documents.layout import Block, Document, Table
from danvan.documents.models import DocumentKind, render_text
from danvan.documents.report import (
    WELFARE_SENTENCE,
    Phrased,
    figures_context,
    letterhead,
    prose_label,
    source_blocks,
    template_for,
    template_words,
)
from danvan.geo.models import AdminUnit, under_paths
from danvan.outreach.figures import drives_covering
from danvan.outreach.models import Language, PropagandaSession
from danvan.outreach.progress import progress_table
from danvan.reporting import consolidation
from danvan.reporting.figures import BlocFigures, bloc_figures
from danvan.reporting.models import Report
from danvan.situation.escalation import standings
from danvan.situation.models import (
    Incident,
    IncidentStatus,
    Recommendation,
    RecommendationStatus,
    SituationNote,
)
from danvan.vi.numbers import format_number
from danvan.vi.phrasing import approx_phrase


def n(value: int) -> str:
    return format_number(value)


def briefing_document(meeting: Meeting, today: dt.date | None = None) -> Document:
    period = Period.parse(meeting.period)
    unit = meeting.unit
    paths = [unit.path]
    template = template_for(DocumentKind.BRIEFING, unit)
    words = template_words(period, unit, template)
    body: list[Block | Table] = []
    attending = ", ".join(o.name for o in meeting.attending.all())
    body.append(
        Block(
            f"Ngày {meeting.held_on:%d/%m/%Y}, {meeting.organization.name} tổ chức "
            f"{meeting.title[0].lower() + meeting.title[1:]}. Đồng chí {meeting.chair} chủ trì "
            f"hội nghị.{f' Dự hội nghị có đại diện lãnh đạo {attending}.' if attending else ''}"
        )
    )
    body.append(Block(f"I. KẾT QUẢ CÔNG TÁC DÂN VẬN {prose_label(period).upper()}", "heading"))
    try:
        bloc: BlocFigures | None = bloc_figures(consolidation.default_form(period), period, paths)
    except ValueError:
        bloc = None
    sections = [
        ("Công tác chăm lo đời sống nhân dân", _welfare(bloc, words)),
        ("Công tác tuyên truyền", _propaganda(period, paths, bloc)),
        ("Công tác chuẩn bị bầu cử", _drives(period, unit, bloc)),
        ("Tham gia giải quyết vụ việc nóng, phát sinh", _incidents(period, paths, bloc)),
        ("Tình hình tư tưởng, dư luận xã hội", _notes(period, paths)),
        ("Công tác tham mưu, đề xuất", _recommendations(period, paths, meeting.held_on, bloc)),
        ("Đối chiếu nguồn số liệu", source_blocks(bloc) if bloc else []),
    ]
    number = 0
    for title, blocks in sections:
        if blocks:
            number += 1
            body.append(Block(f"{number}. {title}", "subheading"))
            body.extend(blocks)
    body.append(Block("II. BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ TRONG KHỐI", "heading"))
    body.extend(_organization_reports(meeting, period))
    body.append(Block("III. KẾT LUẬN CỦA HỘI NGHỊ", "heading"))
    for line in meeting.conclusions.splitlines():
        if line.strip():
            body.append(Block(line.strip()))
    tasks = list(meeting.tasks.prefetch_related("owners"))
    if tasks:
        body.append(
            Table(
                "Nhiệm vụ giao sau hội nghị",
                ["TT", "Nhiệm vụ", "Cơ quan thực hiện", "Hạn"],
                [
                    [
                        str(i),
                        task.title,
                        ", ".join(o.name for o in task.owners.all()),
                        f"{task.deadline:%d/%m/%Y}",
                    ]
                    for i, task in enumerate(tasks, start=1)
                ],
                numeric={0},
                widths=[6, 52, 28, 14],
            )
        )
    open_before = _open_earlier_tasks(meeting)
    if open_before:
        body.append(Block("Nhiệm vụ từ các hội nghị trước chưa hoàn thành", "subheading"))
        body.extend(Block(line, "bullet") for line in open_before)
    return letterhead(
        template,
        date=today or meeting.held_on,
        subtitle=f"kết quả {meeting.title[0].lower() + meeting.title[1:]}",
        body=body,
        file_stem=f"giao-ban-{unit.code}-{period.code}",
    )


def _welfare(bloc: BlocFigures | None, words: dict[str, object]) -> list[Block]:
    if bloc is None:
        return []
    text = render_text(WELFARE_SENTENCE, {**words, "f": figures_context(bloc.consolidation)})
    return [Block(text)] if text else []


def _reported(bloc: BlocFigures | None, code: str) -> Phrased | None:
    """The reports' figure for an indicator, phrased as the report writes it; None if none."""
    value = bloc.value(code) if bloc else None
    if bloc is None or not value:
        return None
    return Phrased(value, bloc[code].indicator.unit)


def sessions_in(period: Period, paths: list[str]) -> Q:
    return under_paths(paths, "unit") & Q(held_on__gte=period.start, held_on__lte=period.end)


def _propaganda(period: Period, paths: list[str], bloc: BlocFigures | None) -> list[Block]:
    """The reports' figures first; then what the recorded sessions show in detail."""
    blocks: list[Block] = []
    reported = _reported(bloc, "tt-buoi")
    if reported:
        text = (
            f"Theo báo cáo của các đơn vị, cơ quan dân vận, mặt trận và các đoàn thể đã tổ chức "
            f"{reported.approx} tuyên truyền"
        )
        people = _reported(bloc, "tt-luot-nguoi")
        key_sessions = _reported(bloc, "tt-trong-diem")
        if people:
            text += f" với {people.approx} tham dự"
        if key_sessions:
            text += f", trong đó {key_sessions.approx} tại các địa bàn trọng điểm"
        blocks.append(Block(text + "."))
    sessions = PropagandaSession.objects.filter(sessions_in(period, paths))
    totals = sessions.aggregate(count=Count("id"), people=Sum("audience"))
    if not totals["count"]:
        return blocks
    key = sessions.filter(in_key_area=True).count()
    ethnic = sessions.exclude(language=Language.VIETNAMESE)
    languages = sorted(
        {
            Language(code).label.removeprefix("Tiếng ")
            for code in ethnic.values_list("language", flat=True)
        }
    )
    by_topic = (
        sessions.values("topics__name")
        .annotate(count=Count("id", distinct=True))
        .order_by("-count", "topics__name")
    )
    lead = (
        "Trong đó, trên hệ thống đã ghi chi tiết"
        if reported
        else "Cơ quan dân vận, mặt trận và các đoàn thể đã tổ chức"
    )
    text = (
        f"{lead} {approx_phrase(totals['count'], 'buổi')} tuyên truyền với "
        f"{approx_phrase(totals['people'] or 0, 'lượt người')} tham dự"
    )
    if key:
        text += f"; {n(key)} buổi tại các địa bàn trọng điểm"
    count_ethnic = ethnic.count()
    if count_ethnic:
        text += f"; {n(count_ethnic)} buổi bằng tiếng dân tộc ({', '.join(languages)})"
    topics = "; ".join(
        f"{row['topics__name']} ({n(row['count'])} buổi)" for row in by_topic if row["topics__name"]
    )
    blocks.append(Block(text + "."))
    if topics:
        blocks.append(Block(f"Nội dung các buổi đã ghi: {topics}."))
    return blocks


def _drives(period: Period, unit: AdminUnit, bloc: BlocFigures | None) -> list[Block]:
    """The reports' average progress; then each drive's milestones as recorded, at the
    period's end."""
    blocks: list[Block] = []
    reported = _reported(bloc, "bc-tien-do")
    if reported:
        blocks.append(
            Block(
                "Theo báo cáo của các đơn vị, tiến độ chuẩn bị bầu cử bình quân đạt "
                f"{reported.exact}."
            )
        )
    for drive in drives_covering(unit, period.start, period.end).prefetch_related(
        "milestones__progress__unit"
    ):
        table = progress_table(drive, unit, period.end)
        if not table.rows:
            continue
        blocks.append(
            Block(
                f"{drive.name}: theo các mốc tiến độ đã ghi trên hệ thống đến ngày "
                f"{period.end:%d/%m/%Y}, {n(table.units_done)}/{n(len(table.rows))} đơn vị đã "
                f"hoàn thành các mốc đến hạn; tiến độ bình quân {table.average}%."
            )
        )
        behind = [row for row in table.rows if row.behind]
        if behind:
            names = ", ".join(
                f"{row.unit.name}{' (địa bàn trọng điểm)' if row.key_area else ''}"
                for row in behind[:8]
            )
            more = f" và {n(len(behind) - 8)} đơn vị khác" if len(behind) > 8 else ""
            blocks.append(Block(f"Các đơn vị chậm tiến độ: {names}{more}."))
    return blocks


def _incidents(period: Period, paths: list[str], bloc: BlocFigures | None) -> list[Block]:
    """The reports' figures; then the incidents followed on the system at the period's end."""
    blocks: list[Block] = []
    reported = _reported(bloc, "vv-tham-gia")
    if reported:
        resolved = _reported(bloc, "vv-giai-quyet")
        blocks.append(
            Block(
                f"Theo báo cáo của các đơn vị, khối dân vận đã tham gia giải quyết "
                f"{reported.exact} việc nóng, phát sinh"
                + (f", trong đó {resolved.exact} đã giải quyết xong" if resolved else "")
                + "."
            )
        )
    blocks.extend(_incidents_followed(period, paths))
    return blocks


def _incidents_followed(period: Period, paths: list[str]) -> list[Block]:
    incidents = (
        Incident.objects.filter(under_paths(paths, "unit"), confidential=False)
        .filter(reported_on__lte=period.end)
        .filter(
            Q(last_update_on__gte=period.start) | Q(status__in=["new", "handling", "recurring"])
        )
    )
    found = standings(incidents, period.end)
    if not found:
        return []
    counts = Counter(s.incident.status for s in found)
    parts = [
        f"{n(counts[status])} {label.lower()}"
        for status, label in IncidentStatus.choices
        if counts[status]
    ]
    blocks = [
        Block(
            f"Trên hệ thống đang theo dõi {n(len(found))} vụ việc nóng, phát sinh "
            f"(đến ngày {period.end:%d/%m/%Y}): " + ", ".join(parts) + "."
        )
    ]
    for s in found:
        line = (
            f"{s.incident.title} ({s.incident.unit.name}; {s.incident.category.name.lower()}): "
            f"{IncidentStatus(s.incident.status).label.lower()}"
        )
        if s.escalated:
            line += f"; đã chuyển lên {s.level.name} vì {'; '.join(s.reasons)}"
        blocks.append(Block(line + ".", "bullet"))
    return blocks


def _notes(period: Period, paths: list[str]) -> list[Block]:
    notes = SituationNote.objects.filter(under_paths(paths, "unit"), period=period.code)
    by_topic: dict[str, list[str]] = defaultdict(list)
    for note in notes.prefetch_related("topics").select_related("unit"):
        for topic in note.topics.all():
            by_topic[topic.name].append(note.unit.name)
    return [
        Block(
            f"{topic}: ghi nhận ở {n(len(set(units)))} địa bàn ({_names(units)}).",
            "bullet",
        )
        for topic, units in sorted(by_topic.items(), key=lambda kv: -len(kv[1]))
    ]


def _names(units: list[str], most: int = 6) -> str:
    distinct = sorted(set(units))
    more = f" và {n(len(distinct) - most)} nơi khác" if len(distinct) > most else ""
    return ", ".join(distinct[:most]) + more


def _recommendations(
    period: Period, paths: list[str], on: dt.date, bloc: BlocFigures | None
) -> list[Block]:
    blocks: list[Block] = []
    reported = _reported(bloc, "tm-de-xuat")
    if reported:
        blocks.append(
            Block(
                "Theo báo cáo của các đơn vị, đã tham mưu, đề xuất cấp ủy, chính quyền "
                f"{reported.exact}."
            )
        )
    recommendations = Recommendation.objects.filter(
        under_paths(paths, "unit"), sent_on__gte=period.start, sent_on__lte=period.end
    )
    total = recommendations.count()
    if not total:
        return blocks
    pending = list(recommendations.filter(status=RecommendationStatus.SENT))
    blocks += [
        Block(
            f"Trên hệ thống đã ghi {n(total)} nội dung tham mưu cấp ủy, chính quyền; "
            f"{n(total - len(pending))} nội dung đã được trả lời, "
            f"{n(len(pending))} chưa được trả lời."
        )
    ]
    for rec in pending:
        blocks.append(
            Block(
                f"{rec.text.rstrip('.')} (gửi {rec.sent_on:%d/%m/%Y}, "
                f"{n((on - rec.sent_on).days)} ngày chưa trả lời).",
                "bullet",
            )
        )
    return blocks


def _organization_reports(meeting: Meeting, period: Period) -> list[Block]:
    blocks: list[Block] = []
    reports = {
        r.organization_id: r
        for r in Report.objects.filter(
            organization__in=meeting.attending.all(),
            period_start__gte=period.start,
            period_end__lte=period.end,
        )
    }
    for organization in meeting.attending.all():
        report = reports.get(organization.pk)
        text = (report.narrative.get("ket-qua") or "").strip() if report else ""
        if not text:
            sessions = PropagandaSession.objects.filter(
                organization=organization, held_on__gte=period.start, held_on__lte=period.end
            ).count()
            text = (
                f"Tổ chức {n(sessions)} buổi tuyên truyền trong kỳ."
                if sessions
                else "Chưa gửi báo cáo."
            )
        first, *rest = [line.strip() for line in text.splitlines() if line.strip()]
        blocks.append(Block(f"{organization.name}: {first}", "bullet"))
        blocks.extend(Block(line) for line in rest)
    return blocks


def _open_earlier_tasks(meeting: Meeting) -> list[str]:
    return [
        f"{task.title} ({', '.join(o.name for o in task.owners.all())}; "
        f"hạn {task.deadline:%d/%m/%Y})"
        for task in meeting.open_earlier_tasks()
    ]

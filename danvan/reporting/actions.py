"""Writes to reports: open, save, submit, return, approve, reopen, allow late entry.

Each runs in a transaction, takes the report's row lock, checks the version the user started from
and writes the history row. Permission is checked here too, not only in the views.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from danvan.core.periods import Period
from danvan.orgs.models import Organization, User
from danvan.orgs.notices import notify, users_of
from danvan.reporting import access, rollups
from danvan.reporting.models import (
    RECEIVED,
    DataValue,
    EventKind,
    FormItem,
    LateEntry,
    NarrativeChange,
    Report,
    ReportEvent,
    ReportForm,
    ReportStatus,
    ValueChange,
    source_label,
)
from danvan.reporting.validation import Issue, Key, Values, check

# Saves a person made on the report itself (a page or a program acting for them); the others
# (files, another server) are recorded as imports.
TYPED_SOURCES = frozenset({"form", "api"})


class ReportError(Exception):
    """A write refused for a reason the user must be told (in Vietnamese)."""


class Conflict(Exception):
    """Someone saved the report after the user opened it: nothing of the user's was written."""

    def __init__(self, report: Report):
        super().__init__("Báo cáo vừa được người khác lưu.")
        self.report = report


def items_of(form: ReportForm) -> list[FormItem]:
    return list(
        form.items.select_related("indicator__category", "section").prefetch_related(
            "indicator__category__options"
        )
    )


def stored_values(report: Report) -> Values:
    return {
        (indicator_id, option_id): value
        for indicator_id, option_id, value in report.values.values_list(
            "indicator_id", "option_id", "value"
        )
    }


def lock_date(report: Report) -> dt.date:
    return report.period_end + dt.timedelta(days=report.form.lock_days)


def due_date(report: Report) -> dt.date:
    return report.period_end + dt.timedelta(days=report.form.due_days)


def late_entry_open(report: Report, today: dt.date) -> bool:
    """Whether the draft is past its lock date but the level above lets it in until today."""
    return (
        report.status == ReportStatus.DRAFT
        and today > lock_date(report)
        and report.late_entry_until is not None
        and today <= report.late_entry_until
    )


def entry_closed(report: Report, today: dt.date) -> str:
    """Why the unit can no longer change this report, "" if it can."""
    if report.status == ReportStatus.SUBMITTED:
        return "Báo cáo đã gửi, đang chờ cấp trên xem xét; không sửa được."
    if report.status == ReportStatus.APPROVED:
        return "Báo cáo đã được phê duyệt và đã khóa; cấp trên mở lại thì mới sửa được."
    if report.status == ReportStatus.DRAFT and today > lock_date(report):
        if late_entry_open(report, today):
            return ""
        locked = f"Kỳ báo cáo đã khóa từ ngày {lock_date(report):%d/%m/%Y}"
        if report.late_entry_until is not None:
            return (
                f"{locked}; hạn cấp trên cho nộp bổ sung đã hết ngày "
                f"{report.late_entry_until:%d/%m/%Y}; liên hệ cấp trên nếu cần thêm thời gian."
            )
        return f"{locked}; liên hệ cấp trên nếu cần nộp bổ sung."
    return ""


def late_entry_note(report: Report, today: dt.date) -> str:
    """What the unit is told while the level above lets its locked draft in, "" otherwise."""
    if not late_entry_open(report, today):
        return ""
    assert report.late_entry_until is not None
    return (
        f"Kỳ báo cáo đã khóa từ ngày {lock_date(report):%d/%m/%Y}; cấp trên cho phép nộp bổ sung "
        f"đến hết ngày {report.late_entry_until:%d/%m/%Y}. Sau ngày đó báo cáo lại bị khóa."
    )


def open_report(
    form: ReportForm,
    organization: Organization,
    period: Period,
    *,
    acting_user: User | None,
    trusted: bool = False,
) -> Report:
    """The organization's report for the period, created as a draft if there is none yet."""
    if period.type != form.type:
        raise ReportError(f"Mẫu «{form.name}» báo cáo theo {form.type.label.lower()}.")
    if not form.applies_to(organization):
        raise ReportError(f"{organization} không thuộc diện báo cáo theo mẫu «{form.name}».")
    existing = Report.objects.filter(form=form, organization=organization, period=period.code)
    report = existing.first()
    if report is not None:
        return report
    if not trusted and (acting_user is None or not access.can_enter(acting_user, organization)):
        raise PermissionDenied("Bạn không có quyền nhập báo cáo cho tổ chức này.")
    try:
        with transaction.atomic():
            report = Report.new(form, organization, period, updated_by=acting_user)
            report.save()
    except IntegrityError:  # opened by a colleague a moment ago
        report = existing.get()
    return report


def _lock(report: Report, version: int | None) -> Report:
    fresh = Report.objects.select_for_update().select_related("form").get(pk=report.pk)
    if version is not None and fresh.version != version:
        raise Conflict(fresh)
    return fresh


def _write_values(report: Report, values: Values, user: User | None, source: str) -> int:
    """Make the report's values exactly `values`; returns how many changed."""
    existing = {(v.indicator_id, v.option_id): v for v in report.values.all()}
    changes: list[tuple[Key, Decimal | None, Decimal | None]] = []
    to_create, to_update = [], []
    for key, value in values.items():
        row = existing.get(key)
        if row is None:
            to_create.append(
                DataValue(report=report, indicator_id=key[0], option_id=key[1], value=value)
            )
            changes.append((key, None, value))
        elif row.value != value:
            changes.append((key, row.value, value))
            row.value = value
            to_update.append(row)
    gone = [row for key, row in existing.items() if key not in values]
    for row in gone:
        changes.append(((row.indicator_id, row.option_id), row.value, None))
    DataValue.objects.bulk_create(to_create)
    DataValue.objects.bulk_update(to_update, ["value"])
    DataValue.objects.filter(pk__in=[row.pk for row in gone]).delete()
    if changes and report.status in RECEIVED:
        # Bulk writes send no signal; a counted report's roll-ups are refreshed here.
        rollups.refresh([rollups.key_of(report)])
    if report.first_submitted_at is not None:
        ValueChange.objects.bulk_create(
            ValueChange(
                report=report,
                indicator_id=key[0],
                option_id=key[1],
                old_value=old,
                new_value=new,
                user=user,
                source=source,
            )
            for key, old, new in changes
        )
    return len(changes)


def _record_narrative_changes(
    report: Report, new_text: Mapping[str, str], user: User | None, source: str
) -> None:
    """Keeps each changed section of a report once sent, with its whole old and new text."""
    old_text = _texts(report.narrative)
    NarrativeChange.objects.bulk_create(
        NarrativeChange(
            report=report,
            section=code,
            old_text=old_text.get(code, ""),
            new_text=new_text.get(code, ""),
            user=user,
            source=source,
        )
        for code in _changed_sections(old_text, new_text)
    )


def _texts(narrative: Mapping[str, str | None] | None) -> dict[str, str]:
    """The sections that hold some text: an empty or missing section is no text at all, so
    that saving a form whose empty box is sent back as "" changes nothing."""
    return {code: text.strip() for code, text in (narrative or {}).items() if text and text.strip()}


def _changed_sections(old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    return [code for code in sorted(set(old) | set(new)) if old.get(code, "") != new.get(code, "")]


def save_report(
    report: Report,
    *,
    acting_user: User | None,
    values: Values | None,
    narrative: Mapping[str, str] | None,
    version: int | None,
    source: str = "form",
    today: dt.date | None = None,
    trusted: bool = False,
) -> Report:
    """Replace the report's values and/or narrative (None keeps them) as a draft.

    Raises Conflict when the report changed since `version` (None: the caller holds no version,
    as an import), ReportError when the report is closed for entry, PermissionDenied.
    `trusted` (imports by an administrator or the command line) skips the entry role and the
    lock date, never the lock of a sent or approved report.
    """
    if not trusted and (
        acting_user is None or not access.can_enter(acting_user, report.organization)
    ):
        raise PermissionDenied("Bạn không có quyền nhập báo cáo cho tổ chức này.")
    with transaction.atomic():
        fresh = _lock(report, version)
        reason = entry_closed(fresh, today or timezone.localdate())
        if trusted and fresh.status not in RECEIVED:
            reason = ""
        if reason:
            raise ReportError(reason)
        changed = 0
        if values is not None:
            changed = _write_values(fresh, values, acting_user, source)
        if narrative is not None:
            codes = {s.code for s in fresh.form.narratives.all()}
            new_text = {code: text for code, text in _texts(narrative).items() if code in codes}
            sections = _changed_sections(_texts(fresh.narrative), new_text)
            if sections:
                if fresh.first_submitted_at is not None:
                    _record_narrative_changes(fresh, new_text, acting_user, source)
                changed += len(sections)
            if new_text != fresh.narrative:
                fresh.narrative = new_text  # also drops the empty sections an older save kept
        fresh.version += 1
        fresh.updated_by = acting_user
        fresh.save()
        kind = EventKind.SAVED if source in TYPED_SOURCES else EventKind.IMPORTED
        ReportEvent.objects.create(
            report=fresh,
            kind=kind,
            user=acting_user,
            comment=f"{changed} thay đổi ({source_label(source)})",
        )
    return fresh


@dataclass
class SubmitResult:
    report: Report
    submitted: bool
    issues: list[Issue] = field(default_factory=list)


def submit_report(
    report: Report,
    *,
    acting_user: User,
    values: Values,
    narrative: Mapping[str, str],
    version: int,
    warning_note: str = "",
    today: dt.date | None = None,
    source: str = "form",
    trusted: bool = False,
) -> SubmitResult:
    """Save, then send to the level above unless the checks find errors, or warnings that were
    not explained. What was typed is saved as a draft either way: nothing is lost.
    `trusted` and `source` as for save_report (figures another server sends for a past period)."""
    saved = save_report(
        report,
        values=values,
        narrative=narrative,
        version=version,
        today=today,
        acting_user=acting_user,
        source=source,
        trusted=trusted,
    )
    issues = check(saved, items_of(saved.form), values, narrative, submitting=True)
    warnings = [i for i in issues if not i.is_error]
    if any(i.is_error for i in issues) or (warnings and not warning_note.strip()):
        return SubmitResult(saved, False, issues)
    with transaction.atomic():
        fresh = _lock(saved, saved.version)
        now = timezone.now()
        fresh.status = ReportStatus.SUBMITTED
        fresh.submitted_at = now
        fresh.first_submitted_at = fresh.first_submitted_at or now
        fresh.warning_note = warning_note.strip() if warnings else ""
        fresh.reopened = False
        fresh.version += 1
        fresh.updated_by = acting_user
        fresh.save()
        ReportEvent.objects.create(
            report=fresh, kind=EventKind.SUBMITTED, user=acting_user, comment=fresh.warning_note
        )
        _tell_the_approvers(fresh, acting_user)
    return SubmitResult(fresh, True, issues)


def _tell_the_approvers(report: Report, sender: User) -> None:
    """The people who may approve the report learn that it waits for them, once per sending
    (not the sender, should they be one); e-mailed after the commit."""
    note = f" (có giải trình: {report.warning_note})" if report.warning_note else ""
    notify(
        [user for user in access.approvers(report) if user.pk != sender.pk],
        f"{report.period_obj.titled(report.form.name)} của {report.organization.name} "
        f"đã gửi, chờ phê duyệt{note}"[:500],
        reverse("report-detail", args=[report.pk]),
        f"report-{report.pk}-submitted-v{report.version}",
    )


def _decide(
    report: Report,
    user: User,
    *,
    allowed: bool,
    from_status: tuple[str, ...],
    to_status: str,
    kind: str,
    comment: str,
    version: int | None,
) -> Report:
    if not allowed:
        raise PermissionDenied("Bạn không có quyền xử lý báo cáo này.")
    with transaction.atomic():
        fresh = _lock(report, version)
        if fresh.status not in from_status:
            raise ReportError(
                f"Báo cáo đang ở trạng thái «{fresh.status_label}», "
                "không thực hiện được thao tác này."
            )
        fresh.status = to_status
        fresh.reopened = kind == EventKind.REOPENED
        fresh.version += 1
        fresh.updated_by = user
        fresh.save()
        ReportEvent.objects.create(report=fresh, kind=kind, user=user, comment=comment.strip())
        _tell_the_unit(fresh, kind, comment.strip())
    return fresh


DECISION_WORDS: dict[str, str] = {
    EventKind.RETURNED: "bị trả lại",
    EventKind.APPROVED: "đã được phê duyệt",
    EventKind.REOPENED: "được mở lại để sửa",
}


def _tell_the_unit(report: Report, kind: str, comment: str) -> None:
    """The people of the reporting organization (and whoever sent it) learn of the decision,
    once per decision; e-mailed after the commit."""
    people = users_of([report.organization])
    people += [e.user for e in report.events.filter(kind=EventKind.SUBMITTED) if e.user]
    reason = f": {comment}" if comment else ""
    notify(
        people,
        f"{report.period_obj.titled(report.form.name)} của {report.organization.name} "
        f"{DECISION_WORDS[kind]}{reason}"[:500],
        reverse("report-detail", args=[report.pk]),
        f"report-{report.pk}-{kind}-v{report.version}",
    )


def return_report(
    report: Report, comment: str, version: int | None = None, *, acting_user: User
) -> Report:
    """Send a submitted report back to its unit, saying what to fix."""
    if not comment.strip():
        raise ReportError("Ghi rõ lý do trả lại để đơn vị biết cần sửa gì.")
    return _decide(
        report,
        acting_user,
        allowed=access.can_return(acting_user, report),
        from_status=(ReportStatus.SUBMITTED,),
        to_status=ReportStatus.RETURNED,
        kind=EventKind.RETURNED,
        comment=comment,
        version=version,
    )


def approve_report(
    report: Report, comment: str = "", version: int | None = None, *, acting_user: User
) -> Report:
    return _decide(
        report,
        acting_user,
        allowed=access.can_approve(acting_user, report),
        from_status=(ReportStatus.SUBMITTED,),
        to_status=ReportStatus.APPROVED,
        kind=EventKind.APPROVED,
        comment=comment,
        version=version,
    )


def reopen_report(
    report: Report, comment: str, version: int | None = None, *, acting_user: User
) -> Report:
    """Unlock an approved report for changes: returned to the unit, shown as reopened
    (Report.reopened), with the reason."""
    if not comment.strip():
        raise ReportError("Ghi rõ lý do mở lại báo cáo đã phê duyệt.")
    return _decide(
        report,
        acting_user,
        allowed=access.can_approve(acting_user, report),
        from_status=(ReportStatus.APPROVED,),
        to_status=ReportStatus.RETURNED,
        kind=EventKind.REOPENED,
        comment=comment,
        version=version,
    )


# How long the level above lets a locked draft in when it does not say, and at most: long
# enough to gather the figures again, short enough that the period's consolidation can close.
LATE_ENTRY_DAYS = 7
LATE_ENTRY_MAX_DAYS = 30


def can_allow_late_entry(report: Report, today: dt.date) -> bool:
    """Whether the report is one a late entry can be allowed for: a draft past its lock date
    (a returned report can be fixed and sent whatever the date)."""
    return report.status == ReportStatus.DRAFT and today > lock_date(report)


def allow_late_entry(
    report: Report,
    until: dt.date,
    reason: str,
    *,
    acting_user: User,
    today: dt.date | None = None,
) -> Report:
    """Let the unit enter and send its locked draft until the end of `until`, saying why: by
    whoever may approve the report, recorded (LateEntry, the report's history) and told to the
    unit. A new decision replaces the last one (to lengthen or shorten the time)."""
    if not access.can_approve(acting_user, report):
        raise PermissionDenied("Bạn không có quyền cho đơn vị này nộp bổ sung báo cáo.")
    today = today or timezone.localdate()
    if not reason.strip():
        raise ReportError("Ghi rõ lý do cho nộp bổ sung.")
    if until < today:
        raise ReportError(f"Ngày hết hạn nộp bổ sung không được trước hôm nay ({today:%d/%m/%Y}).")
    latest = today + dt.timedelta(days=LATE_ENTRY_MAX_DAYS)
    if until > latest:
        raise ReportError(
            f"Chỉ cho nộp bổ sung tối đa {LATE_ENTRY_MAX_DAYS} ngày, "
            f"đến hết ngày {latest:%d/%m/%Y}."
        )
    with transaction.atomic():
        fresh = _lock(report, None)
        if not can_allow_late_entry(fresh, today):
            if fresh.status != ReportStatus.DRAFT:
                raise ReportError(
                    f"Báo cáo đang ở trạng thái «{fresh.status_label}»: "
                    "chỉ báo cáo đang soạn đã quá hạn khóa mới cần cho nộp bổ sung."
                )
            raise ReportError(
                f"Kỳ báo cáo chưa khóa: đơn vị vẫn nhập và gửi được đến hết ngày "
                f"{lock_date(fresh):%d/%m/%Y}."
            )
        previous = fresh.late_entry_until
        fresh.late_entry_until = until
        # Not a change of the report's content: its version and last editor stay, so that a
        # unit's page open meanwhile still saves.
        fresh.save(update_fields=["late_entry_until"])
        entry = LateEntry.objects.create(
            report=fresh,
            until=until,
            previous_until=previous,
            reason=reason.strip(),
            user=acting_user,
        )
        comment = f"đến hết ngày {until:%d/%m/%Y}: {reason.strip()}"
        ReportEvent.objects.create(
            report=fresh, kind=EventKind.LATE_ENTRY, user=acting_user, comment=comment
        )
        notify(
            users_of([fresh.organization]),
            f"{fresh.period_obj.titled(fresh.form.name)} của {fresh.organization.name} "
            f"được cấp trên cho nộp bổ sung {comment}"[:500],
            reverse("report-detail", args=[fresh.pk]),
            f"report-{fresh.pk}-late-entry-{entry.pk}",
        )
    return fresh

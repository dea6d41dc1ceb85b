"""Which function does each kind of job. Named by dotted path so that this app imports none of
the apps whose work it runs (they import it)."""

from danvan.jobs.models import JobKind

HANDLERS: dict[str, str] = {
    JobKind.WELFARE_CONFIRM: "danvan.welfare.jobs.confirm_list",
    JobKind.WELFARE_DEDUP: "danvan.welfare.jobs.dedup_area",
    JobKind.DATAVALUES_IMPORT: "danvan.reporting.jobs.import_values",
    JobKind.REPORT_DOCUMENT: "danvan.documents.jobs.report_document",
    JobKind.REPORT_INGEST: "danvan.documents.jobs.read_word_report",
    JobKind.REPORT_WORKBOOK: "danvan.reporting.jobs.import_workbook",
    JobKind.BRIEFING: "danvan.documents.jobs.briefing",
    JobKind.NOTIFY: "danvan.jobs.notices.daily_notices",
}

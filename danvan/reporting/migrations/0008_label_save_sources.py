# The history's summary of a save named its source by its code ("2 thay đổi (form)").

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace

# The sources' labels as of this migration (models.SOURCE_LABELS may change later).
SOURCE_LABELS = {
    "form": "nhập trên trang",
    "api": "qua API",
    "excel": "từ tệp Excel của báo cáo",
    "import": "từ tệp số liệu nhập chung",
    "document": "đọc từ văn bản Word",
    "exchange": "nhận từ máy chủ khác",
}
SAVES = ["saved", "imported"]


def _relabel(apps, pairs):
    ReportEvent = apps.get_model("reporting", "ReportEvent")
    for old, new in pairs:
        ReportEvent.objects.filter(
            kind__in=SAVES, comment__regex=rf"^[0-9]+ thay đổi \({old}\)$"
        ).update(comment=Replace("comment", Value(f"({old})"), Value(f"({new})")))


def label_sources(apps, schema_editor):
    """The saves' summaries "2 thay đổi (form)" name their source in Vietnamese."""
    _relabel(apps, SOURCE_LABELS.items())


def unlabel_sources(apps, schema_editor):
    _relabel(apps, [(new, old) for old, new in SOURCE_LABELS.items()])


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0007_report_reopened'),
    ]

    operations = [
        migrations.RunPython(label_sources, unlabel_sources),
    ]

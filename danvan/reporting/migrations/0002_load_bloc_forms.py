from django.db import migrations

from danvan.reporting.loader import load_forms


def load(apps, schema_editor):
    load_forms(apps)


def unload(apps, schema_editor):
    # Only the shipped forms and indicators, and only while nothing has been reported on them.
    apps.get_model("reporting", "ReportForm").objects.filter(
        code__in=["bc-quy", "bc-thang"], reports__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

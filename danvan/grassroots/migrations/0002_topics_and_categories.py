from django.db import migrations

from danvan.grassroots.loader import CATEGORIES, TOPICS, load_topics


def load(apps, schema_editor):
    load_topics(apps, "grassroots", "grassroots")


def unload(apps, schema_editor):
    apps.get_model("grassroots", "Topic").objects.filter(code__in=[c for c, _ in TOPICS]).delete()
    apps.get_model("grassroots", "IncidentCategory").objects.filter(
        code__in=[c for c, _ in CATEGORIES]
    ).delete()



class Migration(migrations.Migration):
    dependencies = [("grassroots", "0001_grassroots_work")]
    operations = [migrations.RunPython(load, unload)]

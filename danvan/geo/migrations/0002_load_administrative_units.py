"""Load both eras of Vietnam's administrative units and the succession links between them."""

from django.db import migrations


def load(apps, schema_editor):
    from danvan.geo.loader import load_units

    load_units(apps.get_model("geo", "AdminUnit"), apps.get_model("geo", "Succession"))


def unload(apps, schema_editor):
    apps.get_model("geo", "Succession").objects.all().delete()
    apps.get_model("geo", "AdminUnit").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]

"""Uploaded lists move out of the database onto disk (the media root). Every stored blob is
written to a file first, checked against its SHA-256, and only then is the column dropped; going
back reads the files into the column again."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models


def blobs_to_files(apps, schema_editor):
    ImportBatch = apps.get_model("welfare", "ImportBatch")
    for batch in ImportBatch.objects.exclude(content=b"").iterator(chunk_size=50):
        content = bytes(batch.content)
        digest = hashlib.sha256(content).hexdigest()
        if batch.sha256 and digest != batch.sha256:
            raise RuntimeError(f"ImportBatch {batch.pk}: stored bytes do not match its SHA-256")
        name = default_storage.save(
            f"uploads/welfare/{digest[:2]}/{digest}-{batch.pk}.bin", ContentFile(content)
        )
        with default_storage.open(name, "rb") as written:
            if hashlib.sha256(written.read()).hexdigest() != digest:
                raise RuntimeError(f"ImportBatch {batch.pk}: the file on disk is not the blob")
        ImportBatch.objects.filter(pk=batch.pk).update(file=name, sha256=digest)


def files_to_blobs(apps, schema_editor):
    ImportBatch = apps.get_model("welfare", "ImportBatch")
    for batch in ImportBatch.objects.exclude(file="").iterator(chunk_size=50):
        with default_storage.open(batch.file.name, "rb") as stored:
            ImportBatch.objects.filter(pk=batch.pk).update(content=stored.read())


class Migration(migrations.Migration):
    dependencies = [
        ("welfare", "0002_campaign_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="file",
            field=models.FileField(blank=True, max_length=300, upload_to="uploads/welfare/"),
        ),
        migrations.RunPython(blobs_to_files, files_to_blobs),
        migrations.RemoveField(
            model_name="importbatch",
            name="content",
        ),
    ]

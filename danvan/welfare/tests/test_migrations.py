"""The move of uploaded lists out of the database: no blob is lost on the way to disk."""

import datetime as dt
import hashlib

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from danvan.conftest import World, make_org, make_user
from danvan.orgs.models import OrgKind


@pytest.mark.django_db(transaction=True)
def test_stored_lists_move_to_disk_with_their_sha256(national_units: None, world: World) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("welfare", "0001_initial")])
    old = executor.loader.project_state([("welfare", "0001_initial")]).apps
    Campaign, ImportBatch = (
        old.get_model("welfare", "Campaign"),
        old.get_model("welfare", "ImportBatch"),
    )
    giver = make_org(OrgKind.WOMEN, world.commune_a_unit)
    campaign = Campaign.objects.create(
        name="Tết 2021", kind="tet", starts=dt.date(2021, 1, 15), ends=dt.date(2021, 2, 11),
        organizer_id=giver.pk, unit_id=world.commune_a_unit.pk,
    )  # fmt: skip
    blobs = [b"PK\x03\x04 danh sach 1", b"Ho va ten,Nam sinh\nLan,1975\n"]
    user = make_user("nhap", giver)
    for i, blob in enumerate(blobs):
        ImportBatch.objects.create(
            campaign_id=campaign.pk, giver_id=giver.pk, file_name=f"ds{i}.xlsx",
            sha256=hashlib.sha256(blob).hexdigest(), content=blob, uploaded_by_id=user.pk,
        )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    from danvan.welfare.models import ImportBatch as Moved

    moved = list(Moved.objects.order_by("file_name"))
    assert len(moved) == 2
    for batch, blob in zip(moved, blobs, strict=True):
        with default_storage.open(batch.file.name, "rb") as stored:
            assert stored.read() == blob
        assert batch.sha256 == hashlib.sha256(blob).hexdigest()

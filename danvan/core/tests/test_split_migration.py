"""A database of the layout before the split (one `grassroots` app) migrates to outreach,
situation and directives with every row kept and read through the new models."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("geo", "0002_load_administrative_units"),
    ("orgs", "0001_initial"),
    ("reporting", "0002_load_bloc_forms"),
    ("welfare", "0001_initial"),
    ("documents", "0001_document_templates"),
    ("grassroots", "0002_topics_and_categories"),
]


@pytest.mark.django_db(transaction=True)
def test_rows_recorded_before_the_split_are_read_after_it() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    units = old.get_model("geo", "AdminUnit").objects
    # An earlier transactional test may have emptied the tables, national units included.
    unit = units.filter(level="commune").first() or units.create(
        code="99999", name="Xã Thử", name_folded="xa thu", kind="Xã", level="commune", path="/1/"
    )
    org = old.get_model("orgs", "Organization").objects.create(
        kind="front", name="MTTQ xã thử", admin_unit=unit, valid_from=dt.date(2020, 1, 1)
    )
    user = old.get_model("orgs", "User").objects.create(username="cu")
    g = "grassroots"
    topic = old.get_model(g, "Topic").objects.get_or_create(
        code="bau-cu", defaults={"name": "Bầu cử"}
    )[0]
    session = old.get_model(g, "PropagandaSession").objects.create(
        held_on=dt.date(2021, 3, 2), organization=org, unit=unit, format="meeting", audience=80
    )
    session.topics.add(topic)
    category = old.get_model(g, "IncidentCategory").objects.get_or_create(
        code="dat-dai", defaults={"name": "Tranh chấp đất đai"}
    )[0]
    incident = old.get_model(g, "Incident").objects.create(
        title="Tranh chấp đất",
        category=category,
        unit=unit,
        occurred_on=dt.date(2021, 3, 1),
        reported_on=dt.date(2021, 3, 1),
        severity="hot",
        status="new",
        last_update_on=dt.date(2021, 3, 1),
        created_by=user,
    )
    incident.organizations.add(org)
    rec = old.get_model(g, "Recommendation").objects.create(
        organization=org,
        unit=unit,
        addressee="government",
        sent_on=dt.date(2021, 3, 3),
        text="Đề xuất",
    )
    rec.incidents.add(incident)
    meeting = old.get_model(g, "Meeting").objects.create(
        title="Giao ban",
        unit=unit,
        organization=org,
        held_on=dt.date(2021, 3, 5),
        chair="Chủ tịch",
        period="2021Q1",
    )
    task = old.get_model(g, "Task").objects.create(
        meeting=meeting, title="Rà soát", deadline=dt.date(2021, 3, 30)
    )
    task.owners.add(org)
    old.get_model(g, "Notification").objects.create(user=user, text="Thông báo cũ", key="k1")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from danvan.directives.models import Task
    from danvan.orgs.models import Notification
    from danvan.outreach.models import PropagandaSession
    from danvan.situation.models import Incident, Recommendation

    moved = PropagandaSession.objects.get(pk=session.pk)
    assert moved.audience == 80 and [t.code for t in moved.topics.all()] == ["bau-cu"]
    incident_now = Incident.objects.get(pk=incident.pk)
    assert incident_now.created_by_id == user.pk
    assert list(incident_now.organizations.values_list("pk", flat=True)) == [org.pk]
    assert list(Recommendation.objects.get(pk=rec.pk).incidents.all()) == [incident_now]
    assert list(Task.objects.get(pk=task.pk).owners.values_list("pk", flat=True)) == [org.pk]
    assert Notification.objects.get(key="k1").text == "Thông báo cũ"
    # New writes go to the same tables and get their history.
    incident_now.title = "Tranh chấp đất rẫy"
    incident_now.save()
    assert incident_now.history.count() == 1

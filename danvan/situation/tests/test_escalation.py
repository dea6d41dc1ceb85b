"""Escalation and deadlines on given days, and the two `overdue` commands."""

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import call_command

from danvan.conftest import People, incident
from danvan.directives.models import Meeting, Task
from danvan.geo.models import AdminUnit
from danvan.situation import actions
from danvan.situation.escalation import needing_attention, standings
from danvan.situation.models import Incident, Severity

D = dt.date


def level_on(made: Incident, day: dt.date) -> str:
    (found,) = standings(Incident.objects.filter(pk=made.pk), day)
    return found.level.code


def test_a_hot_incident_rises_a_level_every_three_days_without_update(people: People) -> None:
    commune = people.world.commune_a_unit
    made = incident(commune, severity=Severity.HOT, reported=D(2021, 3, 1))
    assert level_on(made, D(2021, 3, 3)) == commune.code  # 2 days: still the commune's
    assert level_on(made, D(2021, 3, 4)) == "643"  # 3 days: Buôn Ma Thuột (2021)
    assert level_on(made, D(2021, 3, 7)) == "66"  # 6 days: the province
    assert level_on(made, D(2021, 6, 1)) == "66"  # never above the top


def test_ordinary_and_complicated_incidents_wait_longer(people: People) -> None:
    commune = people.world.commune_b_unit
    ordinary = incident(commune, severity=Severity.ORDINARY, reported=D(2021, 1, 1))
    complicated = incident(commune, severity=Severity.COMPLICATED, reported=D(2021, 1, 1))
    assert level_on(ordinary, D(2021, 1, 30)) == commune.code
    assert level_on(ordinary, D(2021, 1, 31)) != commune.code
    assert level_on(complicated, D(2021, 1, 14)) == commune.code
    assert level_on(complicated, D(2021, 1, 15)) != commune.code


def test_an_update_brings_it_back_and_a_closed_one_stays_put(people: People) -> None:
    commune = people.world.commune_a_unit
    made = incident(commune, reported=D(2021, 3, 1))
    with time_machine.travel(dt.datetime(2021, 3, 10, 9, tzinfo=dt.UTC), tick=False):
        actions.update_incident(made, "Đối thoại với các hộ dân.", acting_user=people.writer_a)
    assert level_on(made, D(2021, 3, 11)) == commune.code
    closed = incident(commune, reported=D(2021, 1, 1), status="resolved")
    assert level_on(closed, D(2021, 6, 1)) == commune.code
    assert needing_attention(Incident.objects.filter(pk=closed.pk), D(2021, 6, 1)) == []


def test_deadline_passed_is_reported_with_the_reason(people: People) -> None:
    made = incident(
        people.world.commune_b_unit,
        severity=Severity.ORDINARY,
        reported=D(2021, 3, 1),
        deadline=D(2021, 3, 10),
    )
    (found,) = needing_attention(Incident.objects.all(), D(2021, 3, 11))
    assert found.incident == made and found.overdue and not found.escalated
    assert found.reasons == ["quá hạn giải quyết 10/03/2021"]


def test_incidents_overdue_command_prints_json(people: People) -> None:
    hot = incident(people.world.commune_a_unit, reported=D(2021, 3, 1), deadline=D(2021, 3, 5))
    incident(people.world.commune_b_unit, severity=Severity.ORDINARY, reported=D(2021, 3, 1))
    out = io.StringIO()
    call_command(
        "incidents", "overdue", "--under", "66", "--at", "2021-03-08", "--json", stdout=out
    )
    rows = json.loads(out.getvalue())
    assert len(rows) == 1
    row = rows[0]
    assert {k: row[k] for k in ("id", "title", "unit", "deadline", "level")} == {
        "id": hot.pk,
        "title": "Tranh chấp đất rẫy",
        "unit": "24133",
        "deadline": "2021-03-05",
        "level": "66",
    }
    assert row["escalated"] and row["overdue"] and "7 ngày không có cập nhật" in row["reason"]
    out = io.StringIO()
    call_command(
        "incidents", "overdue", "--under", "24172", "--at", "2021-03-08", "--json", stdout=out
    )
    assert json.loads(out.getvalue()) == []  # the other commune has nothing past due


def test_tasks_overdue_command_prints_json(people: People) -> None:
    world = people.world
    province = AdminUnit.objects.by_code("66", D(2021, 3, 31))
    meeting = Meeting.objects.create(
        title="Giao ban quý I", unit=province, organization=world.province_org,
        held_on=D(2021, 4, 8), chair="Đồng chí A", period="2021Q1",
    )  # fmt: skip
    late = Task.objects.create(
        meeting=meeting, title="Tuyên truyền pháp luật", deadline=D(2021, 4, 30)
    )
    late.owners.add(world.commune_a_org)
    done = Task.objects.create(
        meeting=meeting, title="Xong rồi", deadline=D(2021, 4, 20), done_on=D(2021, 4, 19)
    )
    done.owners.add(world.commune_a_org)
    out = io.StringIO()
    call_command("tasks", "overdue", "--under", "66", "--at", "2021-05-02", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [(r["id"], r["unit"], r["deadline"], r["level"], r["days_overdue"]) for r in rows] == [
        (late.pk, "66", "2021-04-30", "66", 2)
    ]
    out = io.StringIO()
    call_command("tasks", "overdue", "--under", "66", "--at", "2021-04-30", "--json", stdout=out)
    assert json.loads(out.getvalue()) == []  # due today is not overdue


def test_commands_explain_bad_arguments(people: People) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ngày “31/02/2021” không hợp lệ"):
        call_command("incidents", "overdue", "--under", "66", "--at", "31/02/2021")
    with pytest.raises(CommandError, match="Không có đơn vị hành chính mã “999”"):
        call_command("tasks", "overdue", "--under", "999")

"""The audit trail leaves nobody out: command-line imports name who, narratives keep both texts."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.conftest import World
from danvan.reporting import actions
from danvan.reporting.models import NarrativeChange, Report, ReportStatus, ValueChange
from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.test_consolidation import Q1, file_report

HEADER = "indicator,period,unit,organization,breakdown,value,status\n"
SENT = dt.datetime(2021, 4, 2, tzinfo=dt.UTC)


def returned_report(world: World) -> Report:
    """A report that was sent once and came back: it takes changes, and they are audited."""
    return file_report(
        world.commune_a_org, Q1, {"tt-buoi": 5}, status=ReportStatus.RETURNED, sent=SENT
    )


def test_a_command_line_import_records_who_ran_it(world: World, tmp_path: Path) -> None:
    report = returned_report(world)
    source = tmp_path / "q1.csv"
    source.write_text(
        HEADER + "tt-buoi,2021Q1,24133,Ủy ban MTTQ phường Thành Công,,9,\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="Cần --user"):
        call_command("datavalues", "import", str(source), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Không có người dùng đang hoạt động tên “ai_do”"):
        call_command("datavalues", "import", str(source), "--user", "ai_do")
    assert not ValueChange.objects.exists()

    call_command("datavalues", "import", str(source), "--user", "TINH", stdout=io.StringIO())
    change = ValueChange.objects.get(report=report)
    assert (change.old_value, change.new_value) == (5, 9)
    assert change.user == world.province


def test_narrative_changes_after_sending_keep_the_old_and_new_text(
    bloc: Bloc, april_2021: None
) -> None:
    report = file_report(bloc.women_a, Q1, {"tt-buoi": 5}, status=ReportStatus.RETURNED, sent=SENT)
    Report.objects.filter(pk=report.pk).update(narrative={"ket-qua": "Trao 60 suất quà."})
    report.refresh_from_db()
    actions.save_report(
        report,
        values=None,
        narrative={"ket-qua": "Trao 74 suất quà.", "ton-tai": "Còn chậm."},
        version=report.version,
        acting_user=bloc.entry_a,
    )
    changes = {c.section: (c.old_text, c.new_text, c.user) for c in NarrativeChange.objects.all()}
    assert changes == {
        "ket-qua": ("Trao 60 suất quà.", "Trao 74 suất quà.", bloc.entry_a),
        "ton-tai": ("", "Còn chậm.", bloc.entry_a),
    }
    page = client_for(bloc.entry_a).get(f"/bao-cao/{report.pk}/").content.decode()
    assert 'id="narrative-changes"' in page
    assert "Trao 60 suất quà." in page and "Trao 74 suất quà." in page


def test_a_draft_never_sent_keeps_no_narrative_history(bloc: Bloc, april_2021: None) -> None:
    report = file_report(bloc.women_a, Q1, {}, status=ReportStatus.DRAFT)
    actions.save_report(
        report,
        values=None,
        narrative={"ket-qua": "Nháp"},
        version=report.version,
        acting_user=bloc.entry_a,
    )
    assert not NarrativeChange.objects.exists()

"""`danvan bench load` against a live server: a few officers for a few seconds lose nothing and
meet no error, and a lost update is caught and fails the run. The bench makes (and drops) a
database of its own beside the configured one, on SQLite and PostgreSQL alike."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

USERS = 3


def bench(*extra: str) -> tuple[dict[str, Any], str]:
    """What the bench printed, and the reason it failed ("" when it passed)."""
    out = io.StringIO()
    failure = ""
    try:
        call_command(
            "bench", "load", "--users", str(USERS), "--seconds", "3", "--workers", "2",
            "--threads", "2", "--import-rows", "20", "--json", *extra,
            stdout=out, stderr=io.StringIO(),
        )  # fmt: skip
    except CommandError as error:
        failure = str(error)
    return json.loads(out.getvalue()), failure


def scratch_is_gone(result: dict[str, Any]) -> bool:
    name = result["scratch_database"]
    if connection.vendor == "sqlite":
        return not Path(name).exists()
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"],
        password=settings["PASSWORD"], dbname="postgres",
    ) as conn:  # fmt: skip
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None
        )


def test_officers_at_work_together_lose_no_save_and_meet_no_error() -> None:
    result, failure = bench()
    assert failure == ""
    assert result["database"] == connection.vendor
    assert result["requests"] > 0 and result["errors"] == 0 and result["error_samples"] == []
    assert result["lost_updates"] == 0 and result["reports_checked"] == USERS
    assert result["saves"] >= USERS  # each officer saved at least once
    kinds = result["by_kind"]
    for kind in ["login", "entry_open", "entry_save", "consolidation", "incidents", "sessions",
                 "households", "import_upload", "import_confirm", "job_status"]:  # fmt: skip
        assert kinds[kind]["requests"] > 0 and kinds[kind]["errors"] == 0, kind
        assert kinds[kind]["p50_ms"] <= kinds[kind]["p95_ms"] <= kinds[kind]["max_ms"]
    assert result["events"].get("import_done", 0) >= 1  # the list was recorded by the worker
    assert "save_conflict" not in result["events"]  # nobody else writes an officer's report
    assert scratch_is_gone(result)


def test_a_lost_update_is_reported_and_fails_the_run() -> None:
    result, failure = bench("--simulate-lost-update")
    assert "1 báo cáo không giữ lần lưu cuối" in failure
    assert result["errors"] == 0 and result["lost_updates"] == 1
    (lost,) = result["lost"]
    assert lost["officer"].startswith("load.") and lost["saves"] >= 1
    ((_field, values),) = lost["fields"].items()
    assert values["saved"] != values["stored"]
    assert result["failed"] == ["1 báo cáo không giữ lần lưu cuối"]
    assert scratch_is_gone(result)


@pytest.mark.parametrize("users", ["0", "-1"])
def test_a_run_without_officers_is_refused(users: str) -> None:
    with pytest.raises(CommandError, match="--users"):
        call_command("bench", "load", "--users", users, stdout=io.StringIO())

"""Production mode: refuses to start unconfigured, and passes Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

KEY = "k" * 20 + "Z9-x" * 10  # 60 characters, varied enough for Django's check


def danvan(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("DANVAN_")}
    return subprocess.run(
        [sys.executable, "-m", "danvan", *args],
        env={**keep, "DANVAN_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"DANVAN_ALLOWED_HOSTS": "danvan.tinh.vn"}, "DANVAN_SECRET_KEY"),
        ({"DANVAN_SECRET_KEY": KEY}, "DANVAN_ALLOWED_HOSTS"),
        # A 5-character key (the probe's) and a long but uniform one are refused.
        ({"DANVAN_SECRET_KEY": "abcde", "DANVAN_ALLOWED_HOSTS": "x.vn"}, "ít nhất 50 ký tự"),
        ({"DANVAN_SECRET_KEY": "k" * 49, "DANVAN_ALLOWED_HOSTS": "x.vn"}, "(hiện có 49)"),
        ({"DANVAN_SECRET_KEY": "a" * 60, "DANVAN_ALLOWED_HOSTS": "x.vn"}, "ít nhất 50 ký tự"),
    ],
)
def test_production_refuses_to_start_without_its_settings(
    tmp_path: Path, env: dict[str, str], missing: str
) -> None:
    result = danvan("check", tmp_path=tmp_path, DANVAN_MODE="production", **env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_passes_the_deploy_checks(tmp_path: Path) -> None:
    result = danvan(
        "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path,
        DANVAN_MODE="production", DANVAN_SECRET_KEY=KEY, DANVAN_ALLOWED_HOSTS="danvan.tinh.vn",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_secret_key_can_come_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text(KEY)
    result = danvan(
        "check", tmp_path=tmp_path, DANVAN_MODE="production",
        DANVAN_SECRET_KEY_FILE=str(secret), DANVAN_ALLOWED_HOSTS="danvan.tinh.vn",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_development_sets_vietnamese_number_and_date_formats() -> None:
    from django.conf import settings
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import formats, translation

    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    with translation.override("vi"):
        assert intcomma(74000) == "74.000"
        assert formats.number_format(1234567.5, decimal_pos=1, use_l10n=True) == "1.234.567,5"
        import datetime as dt

        assert formats.date_format(dt.date(2021, 3, 31), "SHORT_DATE_FORMAT") == "31/03/2021"

"""`danvan bench api` on a small set: it builds its data, checks the API and the ORM return the
same rows, and prints both timings with their ratio."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from danvan.reporting.models import DataValue


def test_bench_api_prints_each_figure_against_the_orm(db: None) -> None:
    out = io.StringIO()
    call_command("bench", "api", "--values", "100", "--repeat", "1", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["values"] == 100
    for part in ("list", "import"):
        assert result[part]["api_ms"] > 0 and result[part]["orm_ms"] > 0
        ratio = result[part]["api_ms"] / result[part]["orm_ms"]
        assert result[part]["ratio"] == pytest.approx(ratio, rel=0.05)
    # Each import run starts from the same values, and the benchmark puts them back.
    assert sorted(DataValue.objects.values_list("value", flat=True))[:3] == [1, 1, 2]

"""Text typed by a user never becomes a live formula in an exported spreadsheet: an incident
titled =HYPERLINK(…) reaches Excel as that text, not as a link that runs."""

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from danvan.conftest import People
from danvan.core.downloads import csv_text
from danvan.directives.models import Meeting, Task
from danvan.outreach.models import PropagandaSession
from danvan.reporting.tests.conftest import client_for
from danvan.situation.models import Incident, Recommendation, SituationNote

LINK = '=HYPERLINK("http://ke-xau.example/","Bấm vào đây")'
TYPED: dict[str, tuple[Any, str, str]] = {
    "/co-so/vu-viec/": (Incident, "title", LINK),
    "/co-so/tu-tuong/": (SituationNote, "text", "+1+cmd|' /C calc'!A0"),
    "/co-so/de-xuat/": (Recommendation, "text", "@SUM(1+1)*cmd|' /C calc'!A0"),
    "/co-so/hoi-nghi/": (Meeting, "title", "-2+3+cmd|' /C calc'!A0"),
    "/co-so/nhiem-vu/": (Task, "title", "=1+1"),
    "/co-so/tuyen-truyen/": (PropagandaSession, "village", "=2*3"),
}


@pytest.mark.parametrize("path", list(TYPED))
def test_a_formula_typed_in_a_record_is_exported_as_text(recorded: People, path: str) -> None:
    model, field, text = TYPED[path]
    assert model.objects.exists(), model
    model.objects.update(**{field: text})
    response = client_for(recorded.approver).get(path, {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no live formula
    assert text in [c.value for c in cells]  # the text itself, as typed


def test_a_csv_cell_that_would_run_gets_an_apostrophe() -> None:
    written = csv_text(["Họ tên", "Ghi chú"], [["=HYPERLINK(1)", "-5+3"], ["An", 7]])
    assert "'=HYPERLINK(1)" in written and "'-5+3" in written
    assert "An" in written and "'An" not in written and ",7" in written

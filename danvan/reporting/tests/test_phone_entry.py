"""The report form's boxes as a phone meets them: every figure is a text box with a keypad that
has "." and "," (74.000, 1,5), whole or not, and what is typed with either keeps its meaning."""

import re

import pytest

from danvan.reporting.tests.conftest import Bloc, client_for
from danvan.reporting.tests.helpers import VALID, field, post_data, stored
from danvan.reporting.tests.test_entry_workflow import open_report

pytestmark = pytest.mark.usefixtures("april_2021")
BOX = re.compile(r'<input type="(\w+)" id="(v-[\d-]+)" name="v-[\d-]+" [^>]*>')


def test_every_figure_box_brings_up_a_keypad_with_the_thousands_dot(bloc: Bloc) -> None:
    report = open_report(bloc)
    url = f"/bao-cao/{report.pk}/"
    page = client_for(bloc.entry_a).get(url).content.decode()
    boxes = BOX.findall(page)
    assert len(boxes) > 20 and {kind for kind, _ in boxes} == {"text"}
    assert 'type="number"' not in page
    for found in BOX.finditer(page):
        assert 'inputmode="decimal"' in found[0], found[0]
    # Whole figures (packages) say so for the tools that fill the form; tonnes do not.
    packages = re.search(rf'<input [^>]*id="{field("qua-suat/ho-ngheo")}"[^>]*>', page)
    assert packages and " data-whole " in packages[0]
    # "74.000" typed into a whole figure is seventy-four thousand; "1,5" is refused beside it.
    values = VALID | {"qua-suat/ho-ngheo": "74.000", "qua-suat/can-ngheo": "1,5"}
    response = client_for(bloc.entry_a).post(url, post_data(report, values, action="save"))
    text = response.content.decode()
    name = field("qua-suat/can-ngheo")
    box = re.search(rf'<input type="text" id="{name}" [^>]*>\s*<p class="field-error" [^>]*>', text)
    assert box and "số nguyên" in text[box.end() : box.end() + 200]
    assert stored(report, "qua-suat/ho-ngheo") is None  # nothing saved while one box is wrong
    values["qua-suat/can-ngheo"] = "40"
    client_for(bloc.entry_a).post(url, post_data(report, values, action="save"))
    assert stored(report, "qua-suat/ho-ngheo") == 74_000
